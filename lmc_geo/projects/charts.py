"""The water-cooperation projects: filters, key figures, charts and exports (no Streamlit).

Works on the typed registry of :func:`lmc_geo.projects.registry.read_registry` (``countries`` a
tuple of ISO codes, ``year_approved`` an ``Int64`` that is ``<NA>`` when unpublished).

Two rules hold everywhere:

* a project in several countries counts in **each** of its countries (country filter,
  counts by country) but **once** in totals (key figures, themes, years);
* illustrative records stay visibly apart: a hatched series of the same hue in every
  chart, and a ``provenance`` column in every export.

Charts use one colour per theme (:data:`lmc_geo.schema.THEME_COLOURS`) and per country
(:data:`lmc_geo.schema.COUNTRY_COLOURS`), the same as on the map, and are finished with
:func:`lmc_geo.plotting.style.style_figure`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from lmc_geo.i18n import t
from lmc_geo.plotting.style import Draft, style_figure, trace
from lmc_geo.projects.selection import (
    YEAR_UNKNOWN,
    country_order,
    counts_by_country,
    counts_by_country_theme,
    counts_by_theme,
    counts_by_year,
)
from lmc_geo.schema import (
    COUNTRY_COLOURS,
    PROVENANCES,
    THEME_COLOURS,
    THEMES,
)

#: Hatch of illustrative records: same hue as the documented bar, white ground.
ILLUSTRATIVE_PATTERN = {"shape": "/", "solidity": 0.35, "size": 7}



# --------------------------------------------------------------------------- filters


# --------------------------------------------------------------------------- figures


def _bar(x, y, colour, *, name: str, illustrative: bool, horizontal: bool = False, **extra) -> dict:
    """One bar series (``x`` categories, ``y`` counts): solid for documented records,
    hatched with the same hue on white for illustrative ones."""
    if illustrative:
        marker = {"color": "#ffffff", "line": {"color": colour, "width": 1.5},
                  "pattern": {**ILLUSTRATIVE_PATTERN, "fgcolor": colour, "fillmode": "overlay"}}
    else:
        marker = {"color": colour, "line": {"color": colour, "width": 1.5}}
    kwargs = {"y": x, "x": y, "orientation": "h"} if horizontal else {"x": x, "y": y}
    return trace("bar", name=name, marker=marker, **kwargs, **extra)


def _legend_keys(fig: Draft, first_category: str, lang: str, horizontal: bool = False) -> None:
    """Grey legend entries explaining solid vs hatched (the bars themselves carry the hue).

    Each is a zero-length bar on the first category: plotly leaves empty series out of
    the legend, and a zero adds nothing to a stack.
    """
    for prov in PROVENANCES:
        fig.add_trace(_bar([first_category], [0], "#8c8c8c", name=t(f"projects.chart.{prov}", lang),
                           illustrative=prov == "illustrative", horizontal=horizontal,
                           legendgroup=f"key-{prov}", hoverinfo="skip", showlegend=True))


def _hover(lang: str, prov: str, horizontal: bool = False) -> str:
    label, value = ("y", "x") if horizontal else ("x", "y")
    return (f"<b>%{{{label}}}</b><br>%{{{value}}} {t('projects.chart.unit', lang)} "
            f"({t('provenance.' + prov, lang)})<br>{t('projects.chart.hover_source', lang)}<extra></extra>")


def _finish(fig: Draft, title: str, lang: str, height: int) -> Draft:
    return style_figure(fig, title=title, source=t("projects.chart.source", lang), height=height, source_at={"y": -0.1},
                        layout={"barmode": "stack", "bargap": 0.3, "title": {"y": 0.97, "yanchor": "top"},
                                "legend": {"font": {"size": 12}, "y": 1.0, "x": 0, "xanchor": "left",
                                           "yanchor": "bottom", "traceorder": "normal"},
                                "margin": {"t": 84, "b": 64}})


def _category_figure(table: pd.DataFrame, names: list[str], colours: list[str], title: str, lang: str,
                     height: int) -> go.Figure:
    """Horizontal bars, one per category (top to bottom in ``names`` order), documented + illustrative."""
    fig = Draft()
    for prov in PROVENANCES:
        fig.add_trace(_bar(names, table[prov].tolist(), colours, name=t(f"projects.chart.{prov}", lang),
                           illustrative=prov == "illustrative", horizontal=True, showlegend=False,
                           hovertemplate=_hover(lang, prov, horizontal=True), customdata=list(table.index)))
    if names:
        _legend_keys(fig, names[0], lang, horizontal=True)
    fig.update_yaxes({"categoryorder": "array", "categoryarray": names, "autorange": "reversed", "showgrid": False,
                      "ticks": ""})
    fig.update_xaxes({"rangemode": "tozero", "dtick": 2})
    _finish(fig, title, lang, height)
    fig.update_layout({"margin": {"l": 8}})
    fig.update_yaxes({"automargin": True})
    return fig.figure()


def country_figure(df: pd.DataFrame, lang: str = "en", countries: Iterable[str] | None = None,
                   height: int = 380) -> go.Figure:
    """Projects per country, upstream to downstream, each bar in its country colour.

    A project in several countries counts in each; illustrative records are hatched.

    Examples
    --------
    >>> df = pd.DataFrame({"countries": [("LA", "KH")], "provenance": ["illustrative"]})
    >>> fig = country_figure(df, countries=["LA", "KH"])
    >>> fig.data[1].marker.pattern.shape, list(fig.data[1].marker.line.color)
    ('/', ['#009E73', '#E69F00'])
    """
    table = counts_by_country(df, countries)
    names = [t(f"country.{c}", lang) for c in table.index]
    colours = [COUNTRY_COLOURS[c] for c in table.index]
    return _category_figure(table, names, colours, t("projects.chart.by_country", lang), lang, height)


def country_theme_figure(df: pd.DataFrame, lang: str = "en", countries: Iterable[str] | None = None,
                         height: int = 380) -> go.Figure:
    """Projects per country (upstream to downstream) stacked by theme, in theme colours.

    A project in several countries counts in each; illustrative records are the hatched
    bars of the same hue (:func:`_bar`), explained by the grey solid/hatched legend keys.
    Countries without a project are left out.

    Examples
    --------
    >>> df = pd.DataFrame({"countries": [("LA",), ("LA", "KH")], "theme": ["dam_safety"] * 2,
    ...     "provenance": ["documented", "illustrative"]})
    >>> fig = country_theme_figure(df)
    >>> [(tr.name, list(tr.y), list(tr.x), tr.marker.pattern.shape) for tr in fig.data if sum(tr.x)]
    [('Dam safety', ['Laos', 'Cambodia'], [1, 0], None), ('Dam safety', ['Laos', 'Cambodia'], [1, 1], '/')]
    """
    tables = counts_by_country_theme(df, countries)
    present = [c for c in country_order(countries) if any(tab.loc[c, "total"] for tab in tables.values())]
    names = [t(f"country.{c}", lang) for c in present]
    fig = Draft()
    for prov in PROVENANCES:
        for theme in THEMES:
            counts = tables[theme].loc[present, prov]
            if not counts.any():
                continue
            label = t(f"theme.{theme}", lang)
            fig.add_trace(_bar(names, counts.tolist(), THEME_COLOURS[theme], name=label,
                               illustrative=prov == "illustrative", horizontal=True, legendgroup=theme,
                               showlegend=prov == "documented" or not tables[theme].loc[present, "documented"].any(),
                               hovertemplate=f"<b>%{{y}}</b> · {label}<br>%{{x}} {t('projects.chart.unit', lang)} "
                               f"({t('provenance.' + prov, lang)})<br>{t('projects.chart.hover_source', lang)}"
                               "<extra></extra>"))
    if names:
        _legend_keys(fig, names[0], lang, horizontal=True)
    fig.update_yaxes({"categoryorder": "array", "categoryarray": names, "autorange": "reversed", "showgrid": False,
                      "ticks": ""})
    fig.update_xaxes({"rangemode": "tozero", "dtick": 2, "title": {"text": t("overview.chart.projects_axis", lang)}})
    _finish(fig, t("overview.chart.projects_title", lang), lang, height)
    fig.layout["annotations"][-1].update(y=0, yanchor="top", yshift=-50)  # the source, below the axis title
    fig.update_layout({"legend": {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"},
                       "margin": {"l": 8, "r": 200, "t": 56, "b": 84}})
    fig.update_yaxes({"automargin": True})
    return fig.figure()


def theme_figure(df: pd.DataFrame, lang: str = "en", height: int = 380) -> go.Figure:
    """Projects per theme, each bar in its theme colour; illustrative records hatched."""
    table = counts_by_theme(df)
    names = [_wrap(t(f"theme.{th}", lang)) for th in table.index]
    colours = [THEME_COLOURS[th] for th in table.index]
    return _category_figure(table, names, colours, t("projects.chart.by_theme", lang), lang, height)


def _wrap(label: str, width: int = 18) -> str:
    """Break a long axis label onto lines of about ``width`` characters.

    >>> _wrap("Flood and drought management")
    'Flood and drought<br>management'
    """
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def year_figure(df: pd.DataFrame, lang: str = "en", height: int = 380) -> go.Figure:
    """Projects per year approved, stacked by theme (theme colours); illustrative hatched.

    Records whose year is not published form their own bar, "Year unknown", at the end.
    """
    table = counts_by_year(df)
    years = list(dict.fromkeys(table.index.get_level_values("year")))
    labels = [_wrap(t("projects.year_unknown", lang), 8) if y == YEAR_UNKNOWN else str(y) for y in years]
    fig = Draft()
    for prov in PROVENANCES:
        cells = table[prov].to_dict()  # (year, theme) -> count: a .loc per cell costs ~0.1 ms
        for theme in THEMES:
            values = [int(cells[(y, theme)]) for y in years]
            fig.add_trace(_bar(labels, values, THEME_COLOURS[theme], name=t(f"theme.{theme}", lang),
                               illustrative=prov == "illustrative", legendgroup=theme, showlegend=False,
                               hovertemplate=f"<b>%{{x}}</b> · {t(f'theme.{theme}', lang)}<br>%{{y}} "
                               f"{t('projects.chart.unit', lang)} ({t('provenance.' + prov, lang)})"
                               f"<br>{t('projects.chart.hover_source', lang)}<extra></extra>"))
    if labels:
        _legend_keys(fig, labels[0], lang)
    fig.update_yaxes({"rangemode": "tozero", "dtick": 2})
    fig.update_xaxes({"type": "category", "categoryorder": "array", "categoryarray": labels, "showgrid": False,
                      "tickangle": 0})
    _finish(fig, t("projects.chart.by_year", lang), lang, height)
    fig.layout["annotations"][-1].update(y=-0.17)  # below the two-line "Year unknown" label
    fig.update_layout({"margin": {"b": 84}})
    return fig.figure()


# --------------------------------------------------------------------------- exports


