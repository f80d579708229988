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

from lmc_geo.dams.registry import (
    DATABASE_YEAR,
    MAINSTREAM_LENGTH_KM,
    Accumulation,
    accumulate_by_year,
    cascade,
    format_value,
    is_expected_year,
)
from lmc_geo.i18n import country_name, t
from lmc_geo.plotting import svg as sc
from lmc_geo.plotting.style import (
    country_axis,
    country_colour_map,
    finish_with_source,
)
from lmc_geo.schema import COUNTRIES, DAM_STATUS_COLOURS, DAM_STATUSES, PALETTE
from lmc_geo.text import svg_text

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
        attrs = f' data-dam="{svg_text(r["dam_id"])}"' if "dam_id" in data.columns else ""
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
    lines = [f"{r['name']} ({country_name(r['iso2'], lang)})",
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
        names = " / ".join(country_name(c, lang) for c in codes)
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
            x=part["year"], y=part["cumulative"], name=country_name(code, lang), mode="lines", stackgroup="one",
            line={"color": colours[code], "width": 0.8}, fillcolor=colours[code],
            customdata=[expected if e else "" for e in is_expected_year(part["year"])],
            hovertemplate=f"{country_name(code, lang)}, %{{x}}%{{customdata}}: %{{y:,.0f}} {unit}<extra></extra>",
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
    finish_with_source(fig, title=t(f"dams.chart.{key}_title", lang), source=t("dams.chart.source_short", lang),
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
            y=[country_name(c, lang) for c in codes], x=[int(counts[(status, c)]) for c in codes], orientation="h",
            name=t("status." + status, lang), marker=marker,
            hovertemplate=f"%{{y}} · {t('status.' + status, lang)}: %{{x:,}}<extra></extra>",
        ))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(**country_axis(present, lang))
    fig.update_xaxes(title_text=t("dams.chart.count_axis", lang))
    finish_with_source(fig, title=t("overview.chart.dams_title", lang), source=t("dams.chart.source_short", lang),
            height=height)
    fig.update_layout(legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top",
                              "traceorder": "normal"}, margin={"r": 150})
    return fig


def cascade_view(chosen: pd.DataFrame, reaches: pd.DataFrame | None, lang: str = "en"):
    """(SVG or None, capacities of the placed dams, dams left out) of the mainstream dams in ``chosen``."""
    placed = cascade(chosen)
    svg = cascade_svg(placed.dams, reaches, lang) if len(placed.dams) else None
    return svg, placed.dams[["capacity_mw"]], placed.left_out


def accumulation_view(chosen: pd.DataFrame, value: str, lang: str = "en"):
    """(figure dict or None, dams without a completion year, reason -> number not counted)."""
    acc = accumulate_by_year(chosen, value)
    fig = None if acc.table.empty else capacity_by_year(acc, lang).to_dict()
    return fig, acc.unknown_year.drop(columns="geometry", errors="ignore"), acc.left_out
