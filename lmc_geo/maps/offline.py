"""Keep the folium map fully offline.

folium points ``default_js``/``default_css`` at CDNs, and streamlit-folium's frontend loads
those links one by one and stops at the first failure, so on a closed network a single CDN link
leaves the whole map blank. This module points folium at the Leaflet copy vendored under
``static/`` (served by Streamlit at ``/app/static/...`` when ``server.enableStaticServing`` is
on) and offers checks that no remote script or stylesheet is left.

The map uses Leaflet alone: folium's jQuery, Bootstrap, awesome-markers and Font Awesome are
only needed by ``folium.Icon`` markers and some plugins, which the atlas does not use.

streamlit-folium adds two d3 CDN links whenever a branca colormap (e.g. a Choropleth legend)
is on the map; they cannot be redirected without patching it, so the rule is: no branca
colormap on the map (legends are drawn by the app). :func:`remote_assets_of` reports them.

This module imports folium and branca only, never Streamlit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

import branca.colormap
import folium
import folium.elements
from branca.element import Element, MacroElement
from folium.template import Template

STATIC_URL = "/app/static"
LEAFLET_VERSION = "1.9.3"
LEAFLET_BASE = f"{STATIC_URL}/vendor/leaflet/{LEAFLET_VERSION}"
LEAFLET_JS = f"{LEAFLET_BASE}/leaflet.js"
LEAFLET_CSS = f"{LEAFLET_BASE}/leaflet.css"
#: Folder of Leaflet's default marker images; must end with "/" (Leaflet appends file names).
LEAFLET_IMAGES = f"{LEAFLET_BASE}/images/"
FAVICON = "static/favicon.png"

#: The folium classes the atlas puts on a map. In folium 0.20 only ``Map`` carries links;
#: the others are listed so a folium upgrade that adds links to them is caught and cleared.
USED_CLASSES: tuple[type, ...] = (
    folium.Map,
    folium.GeoJson,
    folium.GeoJsonTooltip,
    folium.GeoJsonPopup,
    folium.FeatureGroup,
    folium.LayerControl,
    folium.CircleMarker,
    folium.Marker,
    folium.Popup,
    folium.Tooltip,
)

# streamlit-folium hard-codes these when a branca colormap is on the map.
_COLORMAP_D3_LINKS = (
    "https://d3js.org/d3.v4.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js",
)

_REMOTE = r"(?:https?:)?//[^\s\"'<>)\\]+"
_Q = r"\\?[\"']?"  # an optional quote, possibly JSON-escaped
_ASSET_PATTERNS = (
    # <script src="...">
    re.compile(r"<script\b[^>]*?\bsrc\s*=\s*" + _Q + "(" + _REMOTE + ")", re.I),
    # <link href="..."> (stylesheets, icons, preloads: all fetched by the browser)
    re.compile(r"<link\b[^>]*?\bhref\s*=\s*" + _Q + "(" + _REMOTE + ")", re.I),
    # CSS @import "..." / @import url(...)
    re.compile(r"@import\s+(?:url\(\s*)?" + _Q + "(" + _REMOTE + ")", re.I),
    # CSS url(...) inside a stylesheet (fonts, images)
    re.compile(r"(?<![\w-])url\(\s*" + _Q + "(" + _REMOTE + ")", re.I),
    # Leaflet tile layers fetch their tiles from the URL template
    re.compile(r"L\.tileLayer(?:\.wms)?\(\s*" + _Q + "(" + _REMOTE + ")"),
)
_LINK_KEYS = {"js_links", "css_links"}


def use_local_assets() -> None:
    """Point folium at the vendored Leaflet and drop every other default asset.

    Sets the class attributes ``default_js``/``default_css`` of :class:`folium.Map` to the
    local Leaflet only, and clears any links on the other classes in :data:`USED_CLASSES`.
    Call it once before building maps; calling it again is harmless.

    Examples
    --------
    >>> use_local_assets()
    >>> folium.Map.default_js
    [('leaflet', '/app/static/vendor/leaflet/1.9.3/leaflet.js')]
    >>> folium.Map.default_css
    [('leaflet_css', '/app/static/vendor/leaflet/1.9.3/leaflet.css')]
    """
    # New lists each time: JSCSSMixin.add_js_link mutates these in place.
    folium.Map.default_js = [("leaflet", LEAFLET_JS)]
    folium.Map.default_css = [("leaflet_css", LEAFLET_CSS)]
    for cls in USED_CLASSES:
        if cls is folium.Map:
            continue
        for attr in ("default_js", "default_css"):
            if getattr(cls, attr, None):
                setattr(cls, attr, [])


class LocalIconPath(MacroElement):
    """Set ``L.Icon.Default.imagePath`` to the vendored Leaflet images.

    Leaflet guesses the path of its default marker images from ``leaflet.css``; when the
    stylesheet has not been applied yet (streamlit-folium loads it asynchronously) the guess
    is empty and the images 404. GeoJson point features without ``marker=`` use the default
    icon. Add this element to the map before any marker or point layer.

    Examples
    --------
    >>> m = folium.Map(tiles=None)
    >>> _ = LocalIconPath().add_to(m)
    >>> 'L.Icon.Default.imagePath = "/app/static/vendor/leaflet/1.9.3/images/"' in (
    ...     m.get_root().render())
    True
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.Icon.Default.imagePath = {{ this.image_path|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, image_path: str = LEAFLET_IMAGES):
        super().__init__()
        self._name = "LocalIconPath"
        self.image_path = image_path


def find_remote_assets(html_or_json: str) -> list[str]:
    """Return remote URLs that a browser would load as a script, stylesheet or tile.

    Accepts rendered HTML, map JavaScript, or JSON (e.g. the arguments streamlit-folium
    sends to its frontend, whose ``js_links``/``css_links`` are checked directly). Links
    that are only text or data (an attribution's ``<a href>``, a URL in GeoJSON
    properties) are ignored. Protocol-relative ``//host/...`` URLs count as remote.

    Examples
    --------
    >>> find_remote_assets('<script src="https://cdn.example.org/leaflet.js"></script>')
    ['https://cdn.example.org/leaflet.js']
    >>> find_remote_assets('<script src="/app/static/vendor/leaflet/1.9.3/leaflet.js"></script>')
    []
    >>> find_remote_assets('{"attribution": "<a href=\\\\"https://osm.org\\\\">OSM</a>"}')
    []
    >>> find_remote_assets('{"js_links": ["https://d3js.org/d3.v4.min.js"]}')
    ['https://d3js.org/d3.v4.min.js']
    """
    try:
        data = json.loads(html_or_json)
    except (ValueError, TypeError):
        return _dedupe(_scan_text(html_or_json))
    if isinstance(data, str):
        return _dedupe(_scan_text(data))
    return _dedupe(_scan_json(data))


def remote_assets_of(m: folium.Map) -> list[str]:
    """Return every remote asset ``st_folium`` would load for ``m``.

    Checks the rendered page and, like streamlit-folium, each element's ``default_js`` /
    ``default_css`` plus the d3 CDN links it adds for a branca colormap.

    Examples
    --------
    >>> use_local_assets()
    >>> remote_assets_of(folium.Map(tiles=None))
    []
    """
    urls = list(find_remote_assets(m.get_root().render()))
    for elem in _walk(m):
        if isinstance(elem, branca.colormap.ColorMap):
            urls.extend(_COLORMAP_D3_LINKS)
        for _, url in list(getattr(elem, "default_js", [])) + list(
            getattr(elem, "default_css", [])
        ):
            if re.match(_REMOTE, url):
                urls.append(url)
    return _dedupe(urls)


def colormaps_on(m: folium.Map) -> list[branca.colormap.ColorMap]:
    """Return the branca colormaps on ``m`` (each makes streamlit-folium load d3 from a CDN).

    Examples
    --------
    >>> colormaps_on(folium.Map(tiles=None))
    []
    """
    return [e for e in _walk(m) if isinstance(e, branca.colormap.ColorMap)]


def _walk(elem: Element) -> Iterator[Element]:
    yield elem
    for child in getattr(elem, "_children", {}).values():
        yield from _walk(child)


def _scan_text(text: str) -> Iterator[str]:
    for pattern in _ASSET_PATTERNS:
        for match in pattern.finditer(text):
            yield match.group(1)


def _scan_json(data: object, key: str | None = None) -> Iterator[str]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _scan_json(v, k)
    elif isinstance(data, list):
        for v in data:
            yield from _scan_json(v, key)
    elif isinstance(data, str):
        if key in _LINK_KEYS and re.match(_REMOTE, data):
            yield data
        else:
            yield from _scan_text(data)


def _dedupe(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(urls))
