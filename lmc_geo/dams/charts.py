"""Dam and overview charts in the atlas style: the mainstream cascade as a server-drawn SVG
(:mod:`lmc_geo.plotting.svg`, the Dams page's first view), the others as plotly figures
(:func:`lmc_geo.plotting.style.style_figure`).

Colours are the atlas' own: countries from :data:`lmc_geo.schema.COUNTRY_COLOURS` (always
upstream to downstream), dam status from :data:`lmc_geo.schema.DAM_STATUS_COLOURS` (hollow
for cancelled or closed). Every chart carries its source on the chart.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lmc_geo.plotting import svg as sc
from lmc_geo.plotting.style import country_colour_map, style_figure
from lmc_geo.dams.registry import DATABASE_YEAR, MAINSTREAM_LENGTH_KM, Accumulation, format_value, is_expected_year
from lmc_geo.i18n import t
from lmc_geo.schema import COUNTRIES, DAM_STATUS_COLOURS, DAM_STATUSES, PALETTE

HOLLOW_LINE = "#555555"
#: A dam whose status is not in :data:`lmc_geo.schema.DAM_STATUSES` (grey, labelled as in the data).
UNKNOWN_STATUS = "#969696"
UNKNOWN_CAPACITY_SIZE = 7.0
#: Capacities shown in the size legend (MW).
SIZE_LEGEND_MW = (100, 1000, 5000)
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def marker_size(capacity_mw: float | None) -> float:
    """Marker diameter (px) on a square-root scale of installed capacity.

    >>> marker_size(None), marker_size(100), round(marker_size(5850), 1)
    (7.0, 10.0, 36.6)
    """
    if capacity_mw is None or not math.isfinite(capacity_mw) or capacity_mw <= 0:
        return UNKNOWN_CAPACITY_SIZE
    return round(6.0 + 0.4 * math.sqrt(capacity_mw), 1)


def _country(code: str, lang: str) -> str:
    return t(f"country.{code}", lang)


def _finish(fig: go.Figure, *, title: str, source: str, height: int, below_px: int = 64,
            margin_b: int | None = None) -> go.Figure:
    """Style the figure and put the source ``below_px`` pixels under the plot area (clear of the axis title)."""
    style_figure(fig, title=title, source=source, height=height)
    for ann in fig.layout.annotations:
        if ann.text == source:
            ann.update(y=0, yanchor="top", yshift=-below_px)
    fig.update_layout(margin={"b": margin_b or below_px + 28})
    return fig


def _country_axis(codes: list[str], lang: str) -> dict:
    """A categorical axis in upstream-to-downstream order (top to bottom)."""
    return {"categoryorder": "array", "categoryarray": [_country(c, lang) for c in codes], "autorange": "reversed",
            "showgrid": False}


# ---------------------------------------------------------------- the mainstream cascade
def cascade_svg(dams: pd.DataFrame, reaches: pd.DataFrame | None = None, lang: str = "en",
                label_min_mw: float = 1000.0, width: int = 1100, height: int = 600) -> str:
    """The mainstream cascade as a static SVG: distance from source (km) against site elevation (m).

    Dams are circles sized by :func:`marker_size` (diameter) and coloured by status (hollow when
    cancelled or closed), joined by the profile line; dams of at least ``label_min_mw`` are
    named on the chart and every dam has a tooltip (name, country, status, capacity, elevation,
    distance, completion year, source). Under the axis, a band per country along the river
    (split in two where the river is a border), a status legend on top and a size legend in
    the empty upper right. Drawn by the server: it shows with the page, no chart library to
    load. Names are escaped.

    Parameters
    ----------
    dams : DataFrame
        :attr:`lmc_geo.dams.registry.Cascade.dams` (``distance_from_source_km``, ``elevation_m``,
        ``capacity_mw``, ``status``, ``name``, ``iso2``; ``dam_id`` and ``completion_year`` if any).
        Rows without a finite distance or elevation cannot be drawn and are skipped
        (:func:`lmc_geo.dams.registry.cascade` lists them as left out).
    reaches : DataFrame, optional
        :func:`lmc_geo.dams.registry.country_reaches`.

    >>> d = pd.DataFrame({"name": ["Xiaowan", "Sambor <x>"], "iso2": ["CN", "KH"], "status": ["Operational", "Planned"],
    ...     "capacity_mw": [4200.0, None], "elevation_m": [1049, 17], "distance_from_source_km": [1486.0, 4231.2]})
    >>> svg = cascade_svg(d)
    >>> ">Xiaowan</text>" in svg, "Sambor &lt;x&gt; (Cambodia)" in svg, "<x>" in svg
    (True, True, False)
    """
    data = dams.assign(elevation_m=pd.to_numeric(dams["elevation_m"], errors="coerce"),
                       distance_from_source_km=pd.to_numeric(dams["distance_from_source_km"], errors="coerce"))
    data = data[np.isfinite(data["elevation_m"]) & np.isfinite(data["distance_from_source_km"])]  # placeable only
    data = data.sort_values("distance_from_source_km")
    source = sc.wrap(t("dams.chart.cascade_source", lang), 150)
    elevation = data["elevation_m"]
    top = float(elevation.max()) if len(elevation) else 0.0
    ymax = max(500.0, top * 1.22)
    chart = sc.Chart(width, height, x_domain=(0.0, MAINSTREAM_LENGTH_KM), y_domain=(-80.0, ymax),
                     margin=(84, 64, 24, 104 + 15 * len(source)))
    chart.y_axis(sc.nice_ticks(0.0, ymax, 6), lambda v: f"{v:,.0f}", title=t("dams.chart.elevation_axis", lang))
    xticks = sc.nice_ticks(0.0, MAINSTREAM_LENGTH_KM, 8)
    chart.x_axis(xticks, [f"{v:,.0f}" for v in xticks], title=t("dams.chart.from_source_axis", lang),
                 title_offset=78)
    _country_bands_svg(chart, reaches, lang)
    chart.line(data["distance_from_source_km"], elevation, stroke=PALETTE["mainstream"], width=2, opacity=0.45,
               tip=t("dams.chart.mainstream_line", lang))
    caps = pd.to_numeric(data["capacity_mw"], errors="coerce")
    order = np.argsort(-caps.fillna(0.0).to_numpy(), kind="stable")  # big first, small on top
    labels = []
    for k in order:
        r = data.iloc[k]
        cap = None if pd.isna(caps.iloc[k]) else float(caps.iloc[k])
        radius = marker_size(cap) / 2
        if r["status"] in DAM_STATUSES:
            colour = DAM_STATUS_COLOURS.get(r["status"])
            fill, stroke, stroke_w = (colour, "#ffffff", 1.0) if colour else ("#ffffff", HOLLOW_LINE, 2.0)
        else:  # a status outside the catalogue: grey, named as in the data (tooltip and legend)
            fill, stroke, stroke_w = UNKNOWN_STATUS, "#ffffff", 1.0
        attrs = f' data-dam="{sc.esc(r["dam_id"])}"' if "dam_id" in data.columns else ""
        chart.circle(r["distance_from_source_km"], r["elevation_m"], radius, fill=fill, stroke=stroke,
                     stroke_width=stroke_w, tip=_dam_tip(r, cap, lang), attrs=attrs)
        if cap is not None and cap >= label_min_mw:
            labels.append((r, radius))
    for r, radius in labels:  # names over every symbol
        px, py = chart.sx(r["distance_from_source_km"]), chart.sy(r["elevation_m"])
        chart.text(px + radius * 0.7, py - radius * 0.7, str(r["name"]), size=12, colour=PALETTE["label"],
                   rotate=-40, halo=True)
    _size_legend_svg(chart, ymax, lang)
    present = set(data["status"])
    items = [{"label": t("status." + s, lang), "colour": DAM_STATUS_COLOURS.get(s) or HOLLOW_LINE,
              "kind": "dot" if DAM_STATUS_COLOURS.get(s) else "ring"} for s in DAM_STATUSES if s in present]
    items += [{"label": str(s), "colour": UNKNOWN_STATUS, "kind": "dot"}
              for s in sorted(map(str, present - set(DAM_STATUSES)))]
    chart.legend(items, x=8, y=48)
    chart.source(source)
    title = t("dams.chart.cascade_title", lang)
    return chart.render(title=title, heading=title)


def _status_label(status, lang: str) -> str:
    """A catalogued status in the UI language, any other as written in the data."""
    return t("status." + status, lang) if status in DAM_STATUSES else str(status)


def _dam_tip(r: pd.Series, cap: float | None, lang: str) -> str:
    """Tooltip of one dam on the cascade: one fact per line."""
    lines = [f"{r['name']} ({_country(r['iso2'], lang)})",
             f"{_status_label(r['status'], lang)} · "
             + (format_value(cap, "capacity_mw") if cap is not None else t("dams.unknown_capacity", lang)),
             f"{t('dams.chart.elevation', lang)}: {float(r['elevation_m']):,.0f} m",
             f"{t('dams.chart.from_source', lang)}: {float(r['distance_from_source_km']):,.0f} km"]
    year = _year_line(r.get("completion_year"), lang)
    if year:
        lines.append(year)
    lines.append(t("dams.chart.hover_source", lang))
    return "\n".join(lines)


def _size_legend_svg(chart, ymax: float, lang: str) -> None:
    """Three reference circles in the empty upper right of the profile."""
    y = ymax * 0.80
    xs = (3700.0, 4040.0, 4430.0)
    for x, mw in zip(xs, SIZE_LEGEND_MW):
        radius = marker_size(mw) / 2
        chart.circle(x, y, radius, fill="#c9c9c9", stroke="#8c8c8c", tip=f"{mw:,} MW")
        chart.text(chart.sx(x), chart.sy(y) + radius + 15, f"{mw:,} MW", size=12, anchor="middle",
                   colour=PALETTE["label"])
    chart.text(chart.sx(xs[1]), chart.sy(y) - 30, t("dams.chart.size_legend", lang), size=12, anchor="middle",
               colour=PALETTE["label"])


def _country_bands_svg(chart, reaches: pd.DataFrame | None, lang: str) -> None:
    """A coloured band per country reach under the x-axis labels, named where wide enough."""
    if reaches is None or reaches.empty:
        return
    colours = country_colour_map()
    top, band = chart.bottom + 28, 10.0
    for r in reaches.itertuples(index=False):
        codes = list(r.countries) or ["?"]
        names = " / ".join(_country(c, lang) for c in codes)
        x0, x1 = chart.sx(r.start_km), chart.sx(r.end_km)
        part = band / len(codes)
        for k, code in enumerate(codes):
            chart.rect_px(x0, top + k * part, x1, top + (k + 1) * part, fill=colours.get(code, "#bbbbbb"),
                          tip=f"{names}: km {r.start_km:,.0f}-{r.end_km:,.0f}")
        if r.end_km - r.start_km >= 150:
            chart.text((x0 + x1) / 2, top + band + 15, names, size=12, anchor="middle", colour=PALETTE["label"])


def _year_line(year, lang: str) -> str:
    """Tooltip line of the completion year; a year after the database year is said to be expected.

    >>> _year_line(2030, "en"), _year_line(2009.0, "en"), _year_line(None, "en")
    ('Completion year: 2030 (expected)', 'Completion year: 2009', '')
    """
    if year is None or pd.isna(year):
        return ""
    text = f"{t('dams.chart.year_axis', lang)}: {int(year)}"
    return text + (f" ({t('dams.year_expected', lang)})" if is_expected_year(year) else "")


# ---------------------------------------------------------------- over time
def capacity_by_year(acc: Accumulation, lang: str = "en", height: int = 440) -> go.Figure:
    """Cumulative installed capacity (or storage) by completion year, stacked by country.

    Countries stack upstream (bottom) to downstream (top) in their atlas colours. Years after
    :data:`lmc_geo.dams.registry.DATABASE_YEAR` are expected completions: shaded, and "(expected)" in the hover.

    >>> from lmc_geo.dams.registry import accumulate_by_year
    >>> df = pd.DataFrame({"iso2": ["LA", "CN"], "status": ["Operational"] * 2, "completion_year": [2000, 1995],
    ...     "closure_year": [None, None], "capacity_mw": [200.0, 1500.0]})
    >>> [tr.name for tr in capacity_by_year(accumulate_by_year(df)).data]
    ['China', 'Laos']
    """
    fig = go.Figure()
    unit = "MW" if acc.value == "capacity_mw" else t("dams.unit_mcm", lang)
    table = acc.table
    colours = country_colour_map()
    expected = f" ({t('dams.year_expected', lang)})"
    for code in COUNTRIES:
        part = table[table["iso2"] == code]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=part["year"], y=part["cumulative"], name=_country(code, lang), mode="lines", stackgroup="one",
            line={"color": colours[code], "width": 0.8}, fillcolor=colours[code],
            customdata=[expected if e else "" for e in is_expected_year(part["year"])],
            hovertemplate=f"{_country(code, lang)}, %{{x}}%{{customdata}}: %{{y:,.0f}} {unit}<extra></extra>",
        ))
    if len(table):
        first, last = int(table["year"].min()), int(table["year"].max())
        fig.update_xaxes(range=[first - 1, last + 1])
        if last > DATABASE_YEAR:
            fig.add_vrect(x0=DATABASE_YEAR + 0.5, x1=last + 1, fillcolor="#eeeeee", line_width=0, layer="below")
            fig.add_annotation(x=DATABASE_YEAR + 0.5, y=1, yref="paper", xanchor="right", yanchor="top",
                               text=t("dams.chart.expected", lang), showarrow=False, align="right",
                               font={"size": 12, "color": "#666666"})
    key = "capacity" if acc.value == "capacity_mw" else "storage"
    fig.update_xaxes(title_text=t("dams.chart.year_axis", lang))
    fig.update_yaxes(title_text=t(f"dams.chart.{key}_axis", lang), tickformat=",d")
    _finish(fig, title=t(f"dams.chart.{key}_title", lang), source=t("dams.chart.source_short", lang),
            height=height)
    fig.update_layout(legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top",
                              "traceorder": "normal"}, margin={"r": 110})
    return fig


# ---------------------------------------------------------------- overview
def dams_by_status(dams: pd.DataFrame, lang: str = "en", height: int = 380) -> go.Figure:
    """Number of dams per country, stacked by status (status colours; hollow = cancelled or closed).

    >>> d = pd.DataFrame({"iso2": ["CN", "LA", "LA"], "status": ["Operational", "Planned", "Cancelled"]})
    >>> fig = dams_by_status(d)
    >>> [tr.name for tr in fig.data], list(fig.data[0].y)
    (['Operational', 'Planned', 'Cancelled'], ['China'])
    >>> list(fig.layout.yaxis.categoryarray)
    ['China', 'Laos']
    """
    fig = go.Figure()
    present = [c for c in COUNTRIES if c in set(dams["iso2"])]
    counts = dams.groupby(["status", "iso2"]).size()
    for status in DAM_STATUSES:
        if status not in counts.index.get_level_values(0):
            continue
        codes = [c for c in present if counts.get((status, c), 0)]
        colour = DAM_STATUS_COLOURS.get(status)
        marker = ({"color": colour} if colour else
                  {"color": "#ffffff", "line": {"color": HOLLOW_LINE, "width": 1.5}})
        fig.add_trace(go.Bar(
            y=[_country(c, lang) for c in codes], x=[int(counts[(status, c)]) for c in codes], orientation="h",
            name=t("status." + status, lang), marker=marker,
            hovertemplate=f"%{{y}} · {t('status.' + status, lang)}: %{{x:,}}<extra></extra>",
        ))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(**_country_axis(present, lang))
    fig.update_xaxes(title_text=t("dams.chart.count_axis", lang))
    _finish(fig, title=t("overview.chart.dams_title", lang), source=t("dams.chart.source_short", lang),
            height=height)
    fig.update_layout(legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top",
                              "traceorder": "normal"}, margin={"r": 150})
    return fig


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
        y=[_country(c, lang) for c in codes], x=data["share_pct"].tolist(), orientation="h",
        marker={"color": [colours.get(c, "#999999") for c in codes]},
        text=[f"{s:.1f} %" for s in data["share_pct"]], textposition="outside", cliponaxis=False,
        customdata=data["area_km2"].tolist(),
        hovertemplate="%{y}: %{x:.1f} % · %{customdata:,.0f} km²<extra></extra>", showlegend=False,
    ))
    fig.update_yaxes(**_country_axis(codes, lang))
    fig.update_xaxes(range=[0, max(30.0, float(data["share_pct"].max()) * 1.2)], ticksuffix=" %")
    return _finish(fig, title=t("overview.chart.share_title", lang), source=t("overview.chart.share_source", lang),
                   height=height, below_px=30)


def _rings(geoms) -> tuple[list, list]:
    """Exterior rings of polygons (and lines) as x/y lists separated by ``None`` (one plotly trace)."""
    import shapely

    xs: list = []
    ys: list = []
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        parts = getattr(geom, "geoms", [geom])
        for part in parts:
            line = part.exterior if part.geom_type == "Polygon" else part
            coords = shapely.get_coordinates(line)
            xs.extend(np.round(coords[:, 0], 3).tolist() + [None])
            ys.extend(np.round(coords[:, 1], 3).tolist() + [None])
    return xs, ys


#: The overview map's axes (lon, lat) and what its basemap is cut to: plotly widens one axis to keep
#: the aspect, so a wide column shows more longitude (about 80 deg on a 1,800 px column) and a
#: narrow one more latitude.
OVERVIEW_RANGE = {"lon": (92.0, 110.0), "lat": (8.0, 34.0)}
OVERVIEW_BASEMAP_BOX = (58.0, -2.0, 144.0, 44.0)


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
    from lmc_geo.maps.basin_map import LABEL_POINTS

    fig = go.Figure()
    colours = country_colour_map()
    world = layers.get("countries")
    if world is not None:
        import shapely

        for lmc, fill in ((False, PALETTE["land_other"]), (True, PALETTE["land_lmc"])):
            part = world[world["lmc"] == lmc]
            xs, ys = _rings(shapely.clip_by_rect(part.geometry.simplify(tolerance).values, *OVERVIEW_BASEMAP_BOX))
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill,
                                     line={"color": PALETTE["border"], "width": 0.7}, hoverinfo="skip",
                                     showlegend=False))
    parts = layers.get("basin_countries")
    if parts is not None:
        order = {c: i for i, c in enumerate(COUNTRIES)}
        for r in parts.assign(_o=parts["iso2"].map(order)).sort_values("_o").itertuples(index=False):
            xs, ys = _rings([r.geometry.simplify(tolerance)])
            chosen = r.iso2 in countries
            fig.add_trace(go.Scatter(
                x=xs, y=ys, mode="lines", fill="toself", name=_country(r.iso2, lang),
                fillcolor=_rgba(colours.get(r.iso2, "#999999"), 0.42 if chosen else 0.12),
                line={"color": "#ffffff", "width": 0.6}, hoveron="fills",
                hovertemplate=f"{_country(r.iso2, lang)}: {r.share_pct:.1f} % {t('overview.map.of_basin', lang)}<extra></extra>",
                showlegend=False,
            ))
    basin = layers.get("basin")
    if basin is not None:
        xs, ys = _rings(basin.geometry.simplify(tolerance / 3))
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": PALETTE["basin"], "width": 2},
                                 hoverinfo="skip", showlegend=False))
    lakes = layers.get("lakes")
    if lakes is not None:
        xs, ys = _rings(lakes.geometry.simplify(tolerance / 6))
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=PALETTE["lake"],
                                 line={"color": PALETTE["mainstream"], "width": 0.6}, hoverinfo="skip",
                                 showlegend=False))
    rivers = layers.get("rivers")
    if rivers is not None:
        for kind, width in (("tributary", 0.9), ("tonle_sap_river", 1.6), ("mainstream", 2.8)):
            part = rivers[rivers["kind"] == kind]
            xs, ys = _rings(part.geometry.simplify(tolerance / 3))
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
        fig.add_annotation(x=lon, y=lat, text=_country(code, lang).upper(), showarrow=False,
                           font={"size": 13, "color": PALETTE["label"]})
    fig.update_xaxes(range=list(OVERVIEW_RANGE["lon"]), visible=False, fixedrange=True)
    fig.update_yaxes(range=list(OVERVIEW_RANGE["lat"]), visible=False, fixedrange=True, scaleanchor="x",
                     scaleratio=1 / math.cos(math.radians(20.0)))
    fig.update_layout(
        template="none", height=height, margin={"l": 0, "r": 0, "t": 0, "b": 26}, paper_bgcolor="#ffffff",
        plot_bgcolor=PALETTE["sea"], showlegend=False, dragmode=False, hoverlabel={"font": {"family": "Noto Sans, Arial, sans-serif"}},
    )
    fig.add_annotation(text=t("overview.map.attribution", lang), xref="paper", yref="paper", x=0, y=0,
                       yshift=-6, xanchor="left", yanchor="top", showarrow=False,
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
