"""The basin map: a registry of layers (data) and ``build_basin_map`` -> ``folium.Map``.

The map is built from plain GeoDataFrames, so it can be tested as an object.
Design choices that keep it lean and offline:

* no tiles by default: a vector basemap (sea rectangle, countries, borders) that reaches past
  the map frame to ``BASEMAP_EXTENT``, and a lowest zoom that never shows more than that;
* Leaflet only, from the app's own static folder (no CDN, no jQuery/Bootstrap);
* one GeoJson layer per point set with compact properties; styling and
  tooltips are applied by a small ``onEachFeature`` function, and tooltip text
  is set with ``textContent`` so names holding HTML stay text.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from folium.utilities import JsCode
from jinja2 import Template

from lmc_geo.filters import by_countries
from lmc_geo.hydrology.status import status_legend
from lmc_geo.i18n import country_name, native_country_name, t
from lmc_geo.maps.offline import LEAFLET_CSS, LEAFLET_JS
from lmc_geo.schema import BASEMAP_EXTENT, COUNTRIES, DAM_STATUS_COLOURS, PALETTE, STATUS_COLOURS, THEME_COLOURS, THEMES

#: Outer frame of the map ((south, west), (north, east)): the pan limit (Leaflet's maxBounds).
FRAME = ((5.0, 88.0), (36.0, 114.0))
#: What the basemap covers, ((south, west), (north, east)): the sea rectangle. Zoomed out, the map
#: shows no more than this (see ``_MapChrome``); ``make data`` builds the countries to it.
EXTENT = ((BASEMAP_EXTENT[1], BASEMAP_EXTENT[0]), (BASEMAP_EXTENT[3], BASEMAP_EXTENT[2]))
#: Lowest zoom; a map too large to stay inside EXTENT at this zoom gets a higher one.
MIN_ZOOM = 4

#: Point layers, their feature kind, and the message key of their name.
POINT_LAYERS = {"stations": "station", "dams": "dam", "projects": "project"}


@dataclass(frozen=True)
class LayerSpec:
    """One map layer: where its data comes from, its label key and whether it starts visible."""

    name: str
    label_key: str


#: The registry: every overlay the map draws, in drawing order (bottom to top).
LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec("basin", "layer.basin"),
    LayerSpec("rivers", "layer.rivers"),
    LayerSpec("lakes", "layer.lakes"),
    LayerSpec("dams", "layer.dams"),
    LayerSpec("projects", "layer.projects"),
    LayerSpec("stations", "layer.stations"),
)


@dataclass
class MapOptions:
    """What the user chose: countries, language, online tiles, map height."""

    countries: tuple[str, ...]
    lang: str = "en"
    online_tiles: bool = False
    as_of: str | None = None  # date of the station status colours
    station_status: pd.DataFrame | None = None  # lmc_geo.hydrology.status.station_status_on(...) on as_of


class _Verbatim(Element):
    """Text put into the page as it is. branca wraps each element's rendered script in an
    ``Element(template=...)``, compiling it as a Jinja template again: data text holding ``{{`` or
    ``{%`` (a name in an imported file) would then be evaluated on the server, and compiling the
    large GeoJSON scripts was half of each map draw. This one is never compiled."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "Verbatim"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class VerbatimMacro(MacroElement):
    """A MacroElement whose rendered header, html and script go into the page verbatim (:class:`_Verbatim`)."""

    def render(self, **kwargs):
        figure = self.get_root()
        module = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = module.get(part)
            if macro is not None:
                getattr(figure, part).add_child(_Verbatim(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


def dam_radius(capacity_mw: float | None) -> float:
    """Marker radius (px) on a square-root scale of installed capacity; 2.5 px when unknown.

    >>> dam_radius(None), dam_radius(0), round(dam_radius(100), 1), round(dam_radius(5850), 1)
    (2.5, 2.5, 4.5, 17.5)
    """
    if capacity_mw is None or not math.isfinite(capacity_mw) or capacity_mw <= 0:
        return 2.5
    return round(min(18.0, 2.5 + 0.196 * math.sqrt(capacity_mw)), 1)


def _points_geojson(frame: pd.DataFrame, kind: str, props) -> dict:
    """A compact FeatureCollection from lat/lon columns; ``props(row)`` gives each feature's properties."""
    features = []
    for row in frame.itertuples(index=False):
        lat, lon = float(row.lat), float(row.lon)
        if not (math.isfinite(lat) and math.isfinite(lon)):
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]},
                "properties": {"k": kind, **props(row)},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def station_features(stations: pd.DataFrame, lang: str = "en", status: pd.DataFrame | None = None,
                     as_of: str | None = None) -> dict:
    """Stations as GeoJSON: id, tooltip text and, given ``status`` on ``as_of``, its colour.

    ``status`` is :func:`lmc_geo.hydrology.status.station_status_on`'s frame; without it stations are
    drawn as plain gauge symbols (``c`` empty).
    """
    by_id = status.set_index("station_id") if status is not None else None

    def props(r):
        levels = ""
        if pd.notna(r.alarm_m):
            levels = "\n" + t("map.tip.levels", lang, alarm=f"{r.alarm_m:g}", flood=f"{r.flood_m:g}", datum=r.datum)
        colour, state = "", ""
        if by_id is not None and r.station_id in by_id.index:
            row = by_id.loc[r.station_id]
            colour = STATUS_COLOURS.get(row.status) or "none"
            if pd.isna(row.value):
                suspect = f" ({t('hydro.quality.suspect', lang)})" if row.get("quality") == "suspect" else ""
                state = f"\n{as_of}: {t('hydro.status.no_data', lang)}{suspect}"
            else:
                quality = str(row.get("quality") or "")
                shown = f" ({t(f'hydro.quality.{quality}', lang)})" if quality and quality != "measured" else ""
                rule = (t(f"hydro.rule.{row.status}", lang) if row.status in ("high", "low")
                        else t(f"hydro.rule_name.{row.rule}", lang))  # the percentile rules say themselves
                said = t("map.tip.status", lang, status=t(f"hydro.status.{row.status}", lang), rule=rule)
                state = f"\n{as_of}: {row.value:.2f} m{shown} · {said}"
        river = r.river if isinstance(r.river, str) and r.river else t("card.unknown", lang)
        return {"fid": r.station_id, "tip": f"{r.name} ({r.iso2}) · {river}{levels}{state}", "c": colour}

    return _points_geojson(stations, "station", props)


def dam_features(dams: pd.DataFrame, lang: str = "en") -> dict:
    """Dams as GeoJSON: id, tooltip, radius by capacity, status colour code.

    Built column-wise: this runs on every map draw for up to ~1,000 dams.
    """
    # Largest first so small dams are drawn on top and stay clickable.
    d = dams.sort_values("capacity_mw", ascending=False, na_position="last")
    d = d[np.isfinite(d["lat"].to_numpy(float)) & np.isfinite(d["lon"].to_numpy(float))]
    cap = d["capacity_mw"].to_numpy(float)
    known = np.isfinite(cap) & (cap > 0)
    radius = [dam_radius(c) for c in cap]  # one size rule, shared with the legend
    status_label = {s_: t("status." + s_, lang) for s_ in d["status"].unique()}
    features = []
    columns = (d[c].tolist() for c in ("dam_id", "name", "iso2", "status"))  # lists: a text column walked
    for fid, name, iso2, status, c, known_c, r, lon, lat in zip(  # item by item costs ~3x as much
        *columns, cap, known, radius, d["lon"].tolist(), d["lat"].tolist()
    ):
        tip = f"{name} ({iso2}) · {status_label[status]}" + (f" · {c:,.0f} MW" if known_c else "")
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(float(lon), 4), round(float(lat), 4)]},
                "properties": {
                    "k": "dam",
                    "fid": fid,
                    "tip": tip,
                    "r": float(r),
                    "c": DAM_STATUS_COLOURS.get(status) or "",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def project_features(projects: pd.DataFrame, lang: str = "en") -> dict:
    """Projects as GeoJSON: id, tooltip (says 'illustrative' where so), theme colour, hollow flag."""

    def props(r):
        illustrative = r.provenance == "illustrative"
        tip = f"{r.name_en} · {'/'.join(r.countries)} · {t('theme.' + r.theme, lang)}"
        if illustrative:
            tip += f" · {t('provenance.illustrative', lang).upper()}"
        return {"fid": r.id, "tip": tip, "c": THEME_COLOURS.get(r.theme, "#777777"), "h": int(illustrative)}

    return _points_geojson(projects, "project", props)


# One function styles every point; the palette stays in Python.
_POINT_STYLE = """
function (p) {
    if (p.n > 1) {  // a group of nearby points (a layer too large to draw point by point)
        return {radius: Math.min(6 + 2.2 * Math.log2(p.n), 22), color: "#ffffff", weight: 1.5, fill: true,
                fillColor: "#525252", fillOpacity: 0.8, opacity: 1};
    }
    if (p.k === "station") {
        if (p.c === "none") {  // no data that day: hollow grey ring
            return {radius: 5, color: "#969696", weight: 2, fill: true, fillColor: "#ffffff", fillOpacity: 0.2, opacity: 1};
        }
        return {radius: p.c ? 6 : 5, color: p.c ? "#ffffff" : "%(station)s", weight: p.c ? 1.5 : 2, fill: true,
                fillColor: p.c || "#ffffff", fillOpacity: 1, opacity: 1};
    }
    if (p.k === "dam") {
        var hollow = !p.c;
        return {radius: p.r, color: hollow ? "#555555" : "#ffffff", weight: hollow ? 1.2 : 0.6, fill: true,
                fillColor: hollow ? "#ffffff" : p.c, fillOpacity: hollow ? 0 : 0.85, opacity: 0.9};
    }
    return {radius: 7, color: p.h ? p.c : "#ffffff", weight: p.h ? 2.5 : 1.5, fill: true,
            fillColor: p.h ? "#ffffff" : p.c, fillOpacity: p.h ? 0.35 : 0.95, opacity: 1, dashArray: p.h ? "3 2" : null};
}
""" % {"station": "#08306b"}


class PointLayer(VerbatimMacro):
    """A point layer in a compact form: one array of values per feature, no GeoJSON wrapping.

    Each point becomes an ``L.circleMarker`` carrying ``feature.properties`` (so a click
    reports ``k`` and ``fid`` to the app), a tooltip filled with ``textContent`` (names
    holding HTML stay text) and ``data-kind``/``data-fid`` attributes on its SVG path.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        /*lmc-layer:{{ this.kind }}:{{ this.rows|length }}*/
        (function () {
            var group = {{ this._parent.get_name() }};
            var keys = {{ this.keys|tojson }}, kind = {{ this.kind|tojson }}, style = {{ this.style_js }};
            {{ this.rows|tojson }}.forEach(function (r) {
                var p = {k: kind};
                for (var i = 0; i < keys.length; i++) { p[keys[i]] = r[i + 2]; }
                var m = L.circleMarker([r[1], r[0]], style(p));
                m.feature = {type: "Feature", properties: p, geometry: null};
                m.once("add", function () {
                    var el = m._path;
                    if (el) { el.setAttribute("data-fid", p.fid); el.setAttribute("data-kind", kind); }
                });
                m.bindTooltip(function () {
                    var d = document.createElement("div");
                    d.style.whiteSpace = "pre";
                    d.textContent = p.tip;
                    return d;
                }, {sticky: true, direction: "top"});
                group.addLayer(m);
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, geojson: dict):
        super().__init__()
        self._name = "PointLayer"
        features = geojson["features"]
        self.kind = features[0]["properties"]["k"] if features else "none"
        self.keys = [k for k in (features[0]["properties"] if features else {}) if k != "k"]
        self.rows = [
            [*f["geometry"]["coordinates"], *(f["properties"][k] for k in self.keys)] for f in features
        ]
        self.style_js = _POINT_STYLE

    def features(self) -> list[dict]:
        """The features back as GeoJSON-like dicts (for tests and exports)."""
        return [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": r[:2]},
             "properties": {"k": self.kind, **dict(zip(self.keys, r[2:]))}}
            for r in self.rows
        ]


#: A point layer with more features than this is drawn as groups of nearby points (one circle per
#: grid cell holding several, with the count), so the map's payload and drawing stay small at any
#: data size. The shipped data is far below it (about 1,100 dams), so it is drawn point by point.
CLUSTER_ABOVE = 3000
#: At most this many grid cells: the cell grows (0.1, 0.2, 0.4... degrees) until the points fit.
CLUSTER_CELLS = 1500


def grid_cells(lon, lat, max_cells: int = CLUSTER_CELLS) -> tuple[np.ndarray, np.ndarray]:
    """(cell of each point, points per cell) on the coarsest-needed grid: 0.1 degree, doubled until
    at most ``max_cells`` cells hold a point. Cells are numbered 0.. in order of a 1-D key.

    >>> inverse, counts = grid_cells(np.array([100.01, 100.02, 105.0]), np.array([15.0, 15.01, 12.0]))
    >>> inverse.tolist(), counts.tolist()
    ([0, 0, 1], [2, 1])
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    cell = 0.1
    while True:
        kx = np.floor((lon + 180.0) / cell).astype(np.int64)
        ky = np.floor((lat + 90.0) / cell).astype(np.int64)
        _, inverse, counts = np.unique(kx * 4_000_000 + ky, return_inverse=True, return_counts=True)
        if len(counts) <= max_cells:
            return inverse.ravel(), counts
        cell *= 2


def grouped_points(frame: pd.DataFrame, limit: int = CLUSTER_ABOVE) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """A point layer too large to draw point by point, split before any feature is built: (the points
    alone in their grid cell, ``lon, lat, n`` of each cell holding several), or (frame, None) when small.

    Building a feature (tooltip text, colour) for each of 100,000 dams cost more than drawing the map;
    grouped first, only the lone points get one.
    """
    lon, lat = frame["lon"].to_numpy(float), frame["lat"].to_numpy(float)
    ok = np.isfinite(lat) & np.isfinite(lon)
    frame, lon, lat = frame[ok], lon[ok], lat[ok]
    if len(frame) <= limit:
        return frame, None
    inverse, counts = grid_cells(lon, lat)
    alone = counts[inverse] == 1
    many = ~alone
    groups = pd.DataFrame({"cell": inverse[many], "lon": lon[many], "lat": lat[many]}).groupby("cell").agg(
        lon=("lon", "mean"), lat=("lat", "mean"), n=("lon", "size")).reset_index(drop=True)
    return frame[alone], groups


def group_features(groups: pd.DataFrame, kind: str, keys, label: str, lang: str, limit: int = CLUSTER_ABOVE) -> list:
    """One feature per cell of :func:`grouped_points` (count ``n``, no ``fid``, a tooltip saying how to
    see each point), with the same property keys as the layer's other features."""
    out = []
    for lon, lat, n in zip(groups["lon"], groups["lat"], groups["n"]):
        props = dict.fromkeys(keys, None)
        props.update(k=kind, fid=None, n=int(n),
                     tip=t("map.cluster", lang, layer=label, n=f"{int(n):,}", limit=f"{limit:,}"))
        out.append({"type": "Feature", "properties": props,
                    "geometry": {"type": "Point", "coordinates": [round(float(lon), 4), round(float(lat), 4)]}})
    return out


def _point_layer(geojson: dict, label: str) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=label)
    PointLayer(geojson).add_to(group)
    return group


#: Columns of each base layer that the map's styles read.
#: The layers drawn under the points, bottom first (every page's map loads these).
BASE_LAYERS = ("countries", "borders", "basin", "basin_countries", "rivers", "river_labels", "lakes")

BASE_COLUMNS: dict[str, list[str]] = {
    "countries": ["iso2", "lmc"],
    "borders": [],
    "basin": [],
    "basin_countries": ["iso2"],
    "rivers": ["kind", "strahler"],
    "lakes": [],
}


def geojson_text(frame: gpd.GeoDataFrame, columns: Iterable[str]) -> str:
    """Compact GeoJSON text of the given columns only (keeps the payload small).

    >>> import shapely
    >>> g = gpd.GeoDataFrame({"iso2": ["LA"], "x": [1]}, geometry=[shapely.Point(102.5, 18.0)])
    >>> geojson_text(g, ["iso2"])
    '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"iso2":"LA"},"geometry":{"type":"Point","coordinates":[102.5,18.0]}}]}'
    """
    data = json.loads(frame[list(columns) + ["geometry"]].to_json(drop_id=True))
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


class _TextCache:
    """Base-layer text from ``texts`` when given (and columns match), else serialised now."""

    def __init__(self, layers: dict, texts: dict[str, str]):
        self.layers, self.texts = layers, texts

    def __call__(self, name: str, columns: list[str]) -> str:
        if name in self.texts and columns == BASE_COLUMNS.get(name):
            return self.texts[name]
        return geojson_text(self.layers[name], columns)


class VectorLayer(VerbatimMacro):
    """Non-interactive polygons or lines from pre-serialised GeoJSON, styled by a small JS function.

    ``style_js`` is a JS object literal, or ``function (properties, selected) {...}``
    returning one; ``selected`` is the list of selected country codes.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var sel = {{ this.selected|tojson }}, style = {{ this.style_js }};
            L.geoJSON({{ this.text }}, {
                interactive: false,
                style: function (f) { return typeof style === "function" ? style(f.properties || {}, sel) : style; }
            }).addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, text: str, style_js: str, selected: list[str] | None = None):
        super().__init__()
        self._name = "VectorLayer"
        # JSON has <, > and & only inside strings, where \u escapes are equivalent: no "</script>".
        self.text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        self.style_js = style_js
        self.selected = selected or []



#: On a map narrower than this (px) the legend and the layer list start folded (one click or tap
#: opens each): a phone, or a laptop with the sidebar open.
LEGEND_FOLDED_BELOW_PX = 760


class _MapChrome(VerbatimMacro):
    """Legend control, pan limit and the attribution line, added in the map's own script."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            map.setMaxBounds({{ this.frame|tojson }});
            // The lowest zoom: the smallest (in zoom steps, from MIN_ZOOM up) at which the view, which
            // Leaflet centres on the frame once it is larger, stays inside the basemap's extent.
            var frame = L.latLngBounds({{ this.frame|tojson }}), extent = L.latLngBounds({{ this.extent|tojson }});
            function lowestZoom() {
                var size = map.getSize(), step = map.options.zoomSnap || 0.25, z = {{ this.min_zoom }};
                if (!size.x || !size.y) { return z; }
                for (; z < map.getMaxZoom(); z += step) {
                    var c = map.project(frame.getSouthWest(), z).add(map.project(frame.getNorthEast(), z)).divideBy(2);
                    var half = size.divideBy(2);
                    if (extent.contains(L.latLngBounds(map.unproject(c.subtract(half), z), map.unproject(c.add(half), z)))) {
                        break;
                    }
                }
                return z;
            }
            map.setMinZoom(lowestZoom());
            map.on("resize", function () { map.setMinZoom(lowestZoom()); });
            // The container itself is sea-coloured too (it shows while a zoom redraws the layers).
            map.getContainer().style.background = {{ this.sea|tojson }};
            map.attributionControl.setPrefix(false);
            map.attributionControl.addAttribution({{ this.attribution|tojson }});
            // Leaflet focuses the map on mousedown (for keyboard panning) without preventScroll,
            // which scrolls the Streamlit page to show the whole iframe: the press and the release
            // then land on different spots and the click on a marker is lost. Focus without scrolling.
            if (map.keyboard) {
                map.keyboard.disable();
                map.keyboard._onMouseDown = function () {
                    if (!this._focused) { this._map._container.focus({preventScroll: true}); }
                };
                map.keyboard.enable();
            }
            // folium sets the map's font to 1rem; Leaflet's own 12 px keeps the layer list compact.
            map.getContainer().style.fontSize = "12px";
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "lmc-legend");
                div.style.cssText = "background:rgba(255,255,255,0.92);padding:8px 10px;border-radius:4px;"
                    + "font:12px/1.45 'Noto Sans',Arial,sans-serif;color:#222;box-shadow:0 1px 4px rgba(0,0,0,.3);"
                    + "max-width:230px";
                div.innerHTML = {{ this.legend_html|tojson }};
                if (map.getSize().x < {{ this.narrow }}) { div.querySelector("details").open = false; }
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo(map);
            window.lmcMapDrawnAt = performance.now();  // every layer is added by now (benchmarks read it)
        })();
        {% endmacro %}
        """
    )

    def __init__(self, legend_html: str, attribution: str):
        super().__init__()
        self._name = "MapChrome"
        self.legend_html = legend_html
        self.attribution = attribution
        self.frame = [list(FRAME[0]), list(FRAME[1])]
        self.extent = [list(EXTENT[0]), list(EXTENT[1])]
        self.min_zoom = MIN_ZOOM
        self.sea = PALETTE["sea"]
        self.narrow = LEGEND_FOLDED_BELOW_PX


def _swatch(fill: str, stroke: str, *, size: int = 10, dashed: bool = False, round_: bool = True) -> str:
    border = f"2px {'dashed' if dashed else 'solid'} {stroke}"
    radius = "50%" if round_ else "0"
    return (
        f'<span style="display:inline-block;width:{size}px;height:{size}px;background:{fill};'
        f'border:{border};border-radius:{radius};vertical-align:middle;margin-right:6px"></span>'
    )


def legend_html(lang: str = "en", as_of: str | None = None,
                present: frozenset[str] = frozenset(POINT_LAYERS)) -> str:
    """The legend as static HTML (only our own, escaped strings), for the point layers ``present``.

    With ``as_of``, gauges are explained by status on that day, each with the rule behind it.
    """
    e = html.escape
    line = lambda colour, w: (  # noqa: E731
        f'<span style="display:inline-block;width:18px;height:0;border-top:{w}px solid {colour};'
        f'vertical-align:middle;margin-right:6px"></span>'
    )
    rows = [f"<b>{e(t('legend.title', lang))}</b>"]
    rows.append(line(PALETTE["mainstream"], 3) + e(t("legend.mainstream", lang)))
    rows.append(line(PALETTE["basin"], 2) + e(t("legend.basin", lang)))
    if "stations" in present and as_of:

        rows.append(f"<b>{e(t('legend.station_status', lang, date=as_of))}</b>")
        for item in status_legend(lang):
            sw = _swatch(item["colour"] or "#ffffff", "#ffffff" if item["colour"] else "#969696")
            rows.append(f'<span title="{e(item["rule"])}">{sw}{e(item["label"])}</span>')
        rows.append(f'<span style="color:#555">{e(t("legend.station_rule", lang))}</span>')
    elif "stations" in present:
        rows.append(_swatch("#ffffff", "#08306b") + e(t("legend.station", lang)))
    if "dams" in present:
        rows.append(f"<b>{e(t('legend.dams', lang))}</b>")
        for status, colour in DAM_STATUS_COLOURS.items():
            sw = _swatch(colour or "#ffffff", "#ffffff" if colour else "#555555")
            rows.append(sw + e(t("status." + status, lang)))
        sizes = " ".join(
            f'<span style="display:inline-block;width:{2 * dam_radius(mw):.0f}px;height:{2 * dam_radius(mw):.0f}px;'
            f'border:1px solid #555;border-radius:50%;vertical-align:middle"></span> {mw:,}'
            for mw in (10, 500, 5000)
        )
        rows.append(f'<span style="white-space:nowrap">{sizes} MW</span>')
    if "projects" in present:
        rows.append(f"<b>{e(t('legend.projects', lang))}</b>")
        for theme in THEMES:
            rows.append(_swatch(THEME_COLOURS[theme], THEME_COLOURS[theme]) + e(t("theme." + theme, lang)))
        rows.append(_swatch("#ffffff", "#777777", dashed=True) + e(t("legend.illustrative", lang)))
    # A disclosure: the map's script closes it on a narrow map, where it would cover most of it.
    return (f'<details open><summary style="cursor:pointer">{rows[0]}</summary>'
            + "<br>".join(rows[1:]) + "</details>")


class _Labels(VerbatimMacro):
    """Text labels (no icon images, text set with textContent) added to the parent layer or map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var parent = {{ this._parent.get_name() }};
            {{ this.labels|tojson }}.forEach(function (l) {
                var d = document.createElement("div");
                d.style.cssText = {{ this.css|tojson }};
                d.textContent = l[2];
                L.marker([l[0], l[1]], {icon: L.divIcon({html: d, className: "lmc-label", iconSize: [0, 0]}),
                                        interactive: false, keyboard: false}).addTo(parent);
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, labels: list[tuple[float, float, str]], *, size: int, colour: str, italic: bool = False):
        super().__init__()
        self._name = "Labels"
        self.labels = [[round(lat, 4), round(lon, 4), str(text)] for lat, lon, text in labels]
        self.css = (
            f"font:{'italic ' if italic else ''}600 {size}px 'Noto Sans',Arial,sans-serif;color:{colour};"
            "white-space:pre;text-align:center;transform:translate(-50%,-50%);display:inline-block;"
            "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;pointer-events:none"
        )


def build_basin_map(layers: dict[str, gpd.GeoDataFrame | pd.DataFrame | None], options: MapOptions,
                    texts: dict[str, str] | None = None) -> folium.Map:
    """Build the basin map from already filtered layers.

    Parameters
    ----------
    layers : dict
        Layer name -> frame, for ``countries``, ``borders``, ``basin``,
        ``basin_countries``, ``rivers``, ``river_labels``, ``lakes``, ``stations``,
        ``dams``, ``projects``. A missing (``None``) layer is skipped; the caller
        reports why.
    options : MapOptions
        Selected countries, language and online-tile switch.
    texts : dict, optional
        Base layers already serialised by :func:`geojson_text` (name -> text), e.g. from a
        cache: the polygons and lines are the same on every draw, so the app converts them once.

    Returns
    -------
    folium.Map
        Fitted to the selected countries' part of the basin.
    """
    lang = options.lang
    m = folium.Map(
        location=[21.0, 102.0],
        zoom_start=5,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        zoom_snap=0.25,
        minZoom=MIN_ZOOM,  # folium's min_zoom only reaches tile layers
        maxZoom=12,
        max_bounds=True,
        attribution_control=True,
    )
    # Leaflet alone, served locally: the map needs no CDN.
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]

    base = folium.FeatureGroup(name=t("map.base_vector", lang), overlay=False, control=options.online_tiles)
    (s, w), (n, e) = EXTENT
    sea = {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}
    VectorLayer(json.dumps(sea), "{fillColor: %s, fillOpacity: 1, stroke: false}" % json.dumps(PALETTE["sea"])).add_to(base)
    countries = layers.get("countries")
    selected = set(options.countries)
    text = _TextCache(layers, texts or {})
    if countries is not None:
        VectorLayer(
            text("countries", ["iso2", "lmc"]),
            "function (p, sel) { return {fillColor: (p.lmc && sel.indexOf(p.iso2) >= 0) ? %s : p.lmc ? %s : %s,"
            " fillOpacity: 1, color: %s, weight: 0.6}; }"
            % tuple(json.dumps(PALETTE[k]) for k in ("land_selected", "land_lmc", "land_other", "border")),
            selected=sorted(selected),
        ).add_to(base)
    if layers.get("borders") is not None:
        VectorLayer(text("borders", []), '{color: "#6f6f6f", weight: 1.1, dashArray: "5 3"}').add_to(base)
    base.add_to(m)
    if options.online_tiles:
        folium.TileLayer("OpenStreetMap", name=t("map.base_osm", lang), overlay=False, show=False).add_to(m)
        folium.TileLayer(
            tiles="https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
            attr="Esri, Maxar, Earthstar Geographics",
            name=t("map.base_satellite", lang),
            overlay=False,
            show=False,
        ).add_to(m)

    def group(spec: LayerSpec) -> folium.FeatureGroup:
        return folium.FeatureGroup(name=t(spec.label_key, lang))

    for spec in LAYERS:
        frame = layers.get(spec.name)
        if frame is None:
            continue
        if spec.name == "basin":
            g = group(spec)
            if layers.get("basin_countries") is not None and len(selected) < len(COUNTRIES):
                VectorLayer(
                    text("basin_countries", ["iso2"]),
                    "function (p, sel) { return sel.indexOf(p.iso2) >= 0 ? {fillColor: %s, fillOpacity: 0.10, stroke: false}"
                    " : {fillOpacity: 0, stroke: false}; }" % json.dumps(PALETTE["basin"]),
                    selected=sorted(selected),
                ).add_to(g)
            VectorLayer(
                text("basin", []),
                "{color: %s, weight: 2, fillColor: %s, fillOpacity: 0.04}"
                % (json.dumps(PALETTE["basin"]), json.dumps(PALETTE["basin"])),
            ).add_to(g)
            g.add_to(m)
        elif spec.name == "rivers":
            g = group(spec)
            VectorLayer(
                text("rivers", ["kind", "strahler"]),
                "function (p) { return {color: %s, opacity: p.kind === 'tributary' ? 0.7 : 0.95,"
                " weight: p.kind === 'mainstream' ? 3 : p.kind === 'tonle_sap_river' ? 2 : ((p.strahler || 0) >= 6 ? 1.4 : 0.8)}; }"
                % json.dumps(PALETTE["mainstream"]),
            ).add_to(g)
            labels = layers.get("river_labels")
            if labels is not None:
                points = [(r.geometry.y, r.geometry.x, getattr(r, "name", r.name_en)) for r in labels.itertuples()]
                _Labels(points, size=11, colour="#1f5f99", italic=True).add_to(g)
            g.add_to(m)
        elif spec.name == "lakes":
            g = group(spec)
            VectorLayer(
                text("lakes", []),
                "{color: %s, weight: 0.8, fillColor: %s, fillOpacity: 1}"
                % (json.dumps(PALETTE["mainstream"]), json.dumps(PALETTE["lake"])),
            ).add_to(g)
            g.add_to(m)
        elif spec.name in POINT_LAYERS:
            label = t(spec.label_key, lang)
            alone, groups = grouped_points(frame)  # a layer too large is grouped before features are built
            if spec.name == "stations":
                geojson = station_features(alone, lang, options.station_status, options.as_of)
            else:
                geojson = {"dams": dam_features, "projects": project_features}[spec.name](alone, lang)
            if groups is not None:
                kind = POINT_LAYERS[spec.name]
                keys = list(geojson["features"][0]["properties"]) if geojson["features"] else ["k", "fid", "tip"]
                for feature in geojson["features"]:
                    feature["properties"]["n"] = 1
                geojson["features"] += group_features(groups, kind, [*keys, "n"], label, lang)
            _point_layer(geojson, label).add_to(m)

    if countries is not None:
        points = []
        for r in countries[countries.lmc].itertuples():
            point = r.geometry.representative_point()
            lon, lat = LABEL_POINTS.get(r.iso2, (point.x, point.y))
            # The reader's name, and under it the country's own in its own script (CLDR).
            name, own = country_name(r.iso2, lang).upper(), native_country_name(r.iso2)
            points.append((lat, lon, name if own.upper() == name else f"{name}\n{own}"))
        _Labels(points, size=13, colour=PALETTE["label"]).add_to(m)

    # The browser knows the map's width: folded there to Leaflet's layers icon on a narrow map.
    folded = JsCode(f"{m.get_name()}.getSize().x < {LEGEND_FOLDED_BELOW_PX}")
    folium.LayerControl(collapsed=folded, position="topright").add_to(m)
    present = frozenset(name for name in POINT_LAYERS if layers.get(name) is not None)
    as_of = options.as_of if options.station_status is not None else None
    _MapChrome(legend_html(lang, as_of, present), t("map.attribution", lang)).add_to(m)
    bounds = fit_bounds(layers.get("basin_countries"), options.countries)
    if bounds:
        m.fit_bounds(bounds)
    return m


#: Hand-placed country label points (lon, lat), clear of the main stem.
LABEL_POINTS = {
    "CN": (101.3, 25.6),
    "MM": (97.6, 21.5),
    "LA": (102.6, 20.1),
    "TH": (102.0, 16.0),
    "KH": (104.2, 12.9),
    "VN": (108.3, 14.6),
}


def fit_bounds(parts: gpd.GeoDataFrame | None, countries: Iterable[str]) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the selected countries' part of the basin.

    >>> import shapely
    >>> g = gpd.GeoDataFrame({"iso2": ["LA", "KH"]}, geometry=[shapely.box(100, 14, 107, 22), shapely.box(102, 10, 108, 15)])
    >>> fit_bounds(g, ["KH"])
    [[10.0, 102.0], [15.0, 108.0]]
    """
    if parts is None or parts.empty:
        return None
    sel = by_countries(parts, countries)
    if sel.empty:
        sel = parts
    w, s, e, n = sel.total_bounds
    return [[float(s), float(w)], [float(n), float(e)]]
