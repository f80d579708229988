"""The Overview's small basin map and the basin's area by country, as plotly figures (no tiles, no map library)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from lmc_geo import memo
from lmc_geo.i18n import country_name, t
from lmc_geo.maps.basin_map import LABEL_POINTS
from lmc_geo.plotting.style import (
    SOURCE_LINE_PX,
    country_axis,
    country_colour_map,
    finish_with_source,
    source_lines,
)
from lmc_geo.schema import COUNTRIES, PALETTE


def basin_share_chart(parts: pd.DataFrame, lang: str = "en", height: int = 360) -> go.Figure:
    """Share of the basin area per country (%), one bar per country upstream to downstream.

    ``parts`` is the ``basin_countries`` layer (``iso2, area_km2, share_pct``).

    >>> p = pd.DataFrame({"iso2": ["LA", "CN"], "area_km2": [205000, 165000], "share_pct": [55.4, 44.6]})
    >>> fig = basin_share_chart(p)
    >>> list(fig.data[0].y), list(fig.data[0].x)
    (['China', 'Laos'], [44.6, 55.4])
    """
    order = {c: i for i, c in enumerate(COUNTRIES)}
    data = parts.assign(_o=parts["iso2"].map(order)).sort_values("_o")
    colours = country_colour_map()
    codes = list(data["iso2"])
    fig = go.Figure(go.Bar(
        y=[country_name(c, lang) for c in codes], x=data["share_pct"].tolist(), orientation="h",
        marker={"color": [colours.get(c, "#999999") for c in codes]},
        text=[f"{s:.1f} %" for s in data["share_pct"]], textposition="outside", cliponaxis=False,
        customdata=data["area_km2"].tolist(),
        hovertemplate="%{y}: %{x:.1f} % · %{customdata:,.0f} km²<extra></extra>", showlegend=False,
    ))
    fig.update_yaxes(**country_axis(codes, lang))
    fig.update_xaxes(range=[0, max(30.0, float(data["share_pct"].max()) * 1.2)], ticksuffix=" %")
    # The country names take the left of a phone-wide chart: the source starts under the bars.
    source = source_lines(t("overview.chart.share_source", lang), 44)
    return finish_with_source(fig, title=t("overview.chart.share_title", lang), source=source,
                              height=height, below_px=30)


def _rings(geoms) -> tuple[np.ndarray, np.ndarray]:
    """Exterior rings of polygons (and lines) as x/y arrays separated by NaN (a gap: one plotly trace).

    Arrays, not lists: plotly checks and sends them whole (as typed arrays), not value by value.
    ``gap`` keeps NaN between parts; values are rounded to 0.001 degree as before.

    >>> xs, ys = _rings([shapely.box(0, 0, 1, 1), shapely.LineString([(2, 2), (3, 3)])])
    >>> len(xs), int(np.isnan(xs).sum())
    (9, 2)
    """

    xs: list = []
    ys: list = []
    gap = np.array([np.nan])
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        parts = getattr(geom, "geoms", [geom])
        for part in parts:
            line = part.exterior if part.geom_type == "Polygon" else part
            coords = shapely.get_coordinates(line)
            xs += [np.round(coords[:, 0], 3), gap]
            ys += [np.round(coords[:, 1], 3), gap]
    if not xs:
        return np.empty(0, dtype=np.float32), np.empty(0, dtype=np.float32)
    # float32: about 1 m at these longitudes, and half the bytes of float64 on the wire
    return np.concatenate(xs).astype(np.float32), np.concatenate(ys).astype(np.float32)


#: The overview map's axes (lon, lat) and what its basemap is cut to: plotly widens one axis to keep
#: the aspect, so a wide column shows more longitude (about 80 deg on a 1,800 px column) and a
#: narrow one more latitude.
OVERVIEW_RANGE = {"lon": (92.0, 110.0), "lat": (8.0, 34.0)}
OVERVIEW_BASEMAP_BOX = (58.0, -2.0, 144.0, 44.0)


def _simplified(frame, tolerance: float):
    """The frame's geometries simplified, as a shapely array (no GeoSeries: its CRS checks cost more
    than the simplification)."""
    return shapely.simplify(np.asarray(frame.geometry.values, dtype=object), tolerance)


def basin_overview_map(layers: dict, countries: tuple[str, ...] = COUNTRIES, lang: str = "en",
                       height: int = 600, tolerance: float = 0.03) -> go.Figure:
    """A light, static overview map: the basin coloured by country (as the share chart), the
    mainstream, Tonle Sap and the gauging stations, on the atlas' vector basemap. No tiles, no
    network, no map library: a plotly figure on lon/lat axes.

    ``layers`` maps layer names (``countries, basin_countries, basin, rivers, lakes, stations``)
    to frames; missing layers are skipped. Unselected countries' parts of the basin are pale.

    >>> import geopandas as gpd, shapely
    >>> parts = gpd.GeoDataFrame({"iso2": ["LA"], "share_pct": [100.0]}, geometry=[shapely.box(100, 14, 107, 22)])
    >>> fig = basin_overview_map({"basin_countries": parts})
    >>> fig.data[0].name, fig.data[0].fill
    ('Laos', 'toself')
    """

    fig = go.Figure()
    colours = country_colour_map()
    world = layers.get("countries")
    if world is not None:
        for lmc, fill in ((False, PALETTE["land_other"]), (True, PALETTE["land_lmc"])):
            xs, ys = memo.per_frame(world, ("rings", lmc, tolerance), lambda lmc=lmc: _rings(shapely.clip_by_rect(
                _simplified(world[world["lmc"] == lmc], tolerance), *OVERVIEW_BASEMAP_BOX)))
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill,
                                     line={"color": PALETTE["border"], "width": 0.7}, hoverinfo="skip",
                                     showlegend=False))
    parts = layers.get("basin_countries")
    if parts is not None:
        order = {c: i for i, c in enumerate(COUNTRIES)}
        outlines = memo.per_frame(parts, ("rings", tolerance), lambda: [
            (r, _rings([r.geometry.simplify(tolerance)]))
            for r in parts.assign(_o=parts["iso2"].map(order)).sort_values("_o").itertuples(index=False)])
        for r, (xs, ys) in outlines:
            chosen = r.iso2 in countries
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    fill="toself",
                    name=country_name(r.iso2, lang),
                    fillcolor=_rgba(colours.get(r.iso2, "#999999"), 0.42 if chosen else 0.12),
                    line={"color": "#ffffff", "width": 0.6},
                    hoveron="fills",
                    hovertemplate=(f"{country_name(r.iso2, lang)}: {r.share_pct:.1f} % "
                                   f"{t('overview.map.of_basin', lang)}<extra></extra>"),
                    showlegend=False,
                )
            )
    basin = layers.get("basin")
    if basin is not None:
        xs, ys = memo.per_frame(basin, ("rings", tolerance / 3), lambda: _rings(_simplified(basin, tolerance / 3)))
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": PALETTE["basin"], "width": 2},
                                 hoverinfo="skip", showlegend=False))
    lakes = layers.get("lakes")
    if lakes is not None:
        xs, ys = memo.per_frame(lakes, ("rings", tolerance / 6), lambda: _rings(_simplified(lakes, tolerance / 6)))
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=PALETTE["lake"],
                                 line={"color": PALETTE["mainstream"], "width": 0.6}, hoverinfo="skip",
                                 showlegend=False))
    rivers = layers.get("rivers")
    if rivers is not None:
        for kind, width in (("tributary", 0.9), ("tonle_sap_river", 1.6), ("mainstream", 2.8)):
            xs, ys = memo.per_frame(rivers, ("rings", kind, tolerance / 3), lambda kind=kind: _rings(
                _simplified(rivers[rivers["kind"] == kind], tolerance / 3)))
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": PALETTE["mainstream"], "width": width},
                                     opacity=0.75 if kind == "tributary" else 1.0, hoverinfo="skip",
                                     showlegend=False))
    stations = layers.get("stations")
    if stations is not None and len(stations):
        fig.add_trace(go.Scatter(
            x=stations["lon"], y=stations["lat"], mode="markers", name=t("layer.stations", lang),
            marker={"size": 7, "color": "#ffffff", "line": {"color": "#08306b", "width": 1.6}},
            text=stations["name"], hovertemplate="%{text}<extra></extra>", showlegend=False,
        ))
    for code in COUNTRIES:
        lon, lat = LABEL_POINTS[code]
        fig.add_annotation(x=lon, y=lat, text=country_name(code, lang).upper(), showarrow=False,
                           font={"size": 13, "color": PALETTE["label"]})
    fig.update_xaxes(range=list(OVERVIEW_RANGE["lon"]), visible=False, fixedrange=True)
    fig.update_yaxes(range=list(OVERVIEW_RANGE["lat"]), visible=False, fixedrange=True, scaleanchor="x",
                     scaleratio=1 / math.cos(math.radians(20.0)))
    attribution = source_lines(t("overview.map.attribution", lang), 64)
    fig.update_layout(
        template="none",
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 26 + SOURCE_LINE_PX * attribution.count("<br>")},
        paper_bgcolor="#ffffff",
        plot_bgcolor=PALETTE["sea"],
        showlegend=False,
        dragmode=False,
        hoverlabel={"font": {"family": "Noto Sans, Arial, sans-serif"}},
    )
    fig.add_annotation(text=attribution, xref="paper", yref="paper", x=0, y=0,
                       yshift=-6, xanchor="left", yanchor="top", align="left", showarrow=False,
                       font={"size": 11, "color": "#666666"})
    return fig


def _rgba(hex_colour: str, alpha: float) -> str:
    """``#rrggbb`` with an opacity.

    >>> _rgba("#D55E00", 0.5)
    'rgba(213,94,0,0.5)'
    """
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"
