"""What the interactive map component is given, made once from a folium map.

``streamlit_folium.st_folium`` renders the whole folium map on every script run: the page's HTML
through Jinja, every layer's script again, then a hash of the result (0.1-0.4 MB of script). The map
a view shows depends only on the view (countries, date, language, tiles, the chosen projects) and the
data's version, so :func:`component_args` makes those arguments once; the cache keeps them per view
for every session (:func:`lmc_geo.ui.cache.shared_map`) and :func:`show` hands them to the component
on each run. The arguments are the ones ``st_folium`` itself would pass
(``tests/unit/test_map_component.py`` compares them); only the map's generated element id differs
between two renders, and the component keys its state by a hash that leaves the ids out.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable

import branca
import folium
import folium.elements
import streamlit as st
import streamlit_folium as sf

#: streamlit-folium's declared component (the one ``st_folium`` calls).
COMPONENT = sf._component_func


@dataclasses.dataclass(frozen=True)
class MapArgs:
    """The component's arguments for one map, all plain text and numbers (nothing to keep alive)."""

    script: str
    header: str
    html: str
    map_id: str
    hash_key: str
    defaults: tuple[tuple[str, object], ...]
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    returned_objects: tuple[str, ...] | None


def _linked_assets(fmap: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The stylesheets and scripts the map's elements declare, in ``st_folium``'s order."""

    def walk(element):
        if isinstance(element, branca.colormap.ColorMap | folium.elements.JSCSSMixin):
            yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    css, js = [], []
    for element in walk(fmap):
        if isinstance(element, branca.colormap.ColorMap):  # as st_folium does (the map draws none)
            js[:0] = ["https://d3js.org/d3.v4.min.js", "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js"]
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def _bounds(fmap: folium.Map) -> dict:
    (south, west), (north, east) = fmap.get_bounds()
    return {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}


def component_args(fmap: folium.Map, key: str, returned_objects: Iterable[str] | None) -> MapArgs:
    """Render ``fmap`` once, as ``st_folium(fmap, key=key, returned_objects=...)`` does."""
    fmap.get_root().render()  # st_folium renders the map a second time here: the same text again
    html = sf._get_html(fmap)
    header = sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    returned = tuple(returned_objects) if returned_objects is not None else None
    defaults = {
        "last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None, "last_object_clicked_popup": None, "all_drawings": None,
        "last_active_drawing": None, "bounds": _bounds(fmap), "zoom": fmap.options.get("zoom"),
        "last_circle_radius": None, "last_circle_polygon": None, "selected_layers": None, "selected_tags": None,
        "last_geocoder_result": None,
    }
    kept = tuple((k, v) for k, v in defaults.items() if returned is None or k in returned)
    css, js = _linked_assets(fmap)
    return MapArgs(script=script, header=header, html=html, map_id=sf.get_full_id(fmap),
                   hash_key=sf.generate_js_hash(script, key, False), defaults=kept, css_links=css, js_links=js,
                   returned_objects=returned)


def show(args: MapArgs, key: str, height: int):
    """Draw the map the width of its column; returns what the component returns (the last click...)."""

    def on_change() -> None:
        st.session_state[key] = st.session_state.get(args.hash_key, {})

    return COMPONENT(
        script=args.script, header=args.header, html=args.html, id=args.map_id, key=args.hash_key, height=height,
        width=None, returned_objects=list(args.returned_objects) if args.returned_objects is not None else None,
        default=copy.deepcopy(dict(args.defaults)), zoom=None, center=None,
        feature_group=None, return_on_hover=False, layer_control=None, pixelated=False,
        css_links=list(args.css_links), js_links=list(args.js_links), on_change=on_change, wrap_longitude=False,
    )
