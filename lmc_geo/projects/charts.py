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

import csv
import datetime as _dt
import io
import math
from collections.abc import Iterable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from lmc_geo.plotting.style import style_figure
from lmc_geo.i18n import t
from lmc_geo.projects.registry import FORMULA_PREFIXES, REQUIRED_COLUMNS, guard_formula  # noqa: F401 (re-exported)
from lmc_geo.schema import COUNTRIES, COUNTRY_COLOURS, PROVENANCES, THEME_COLOURS, THEMES

#: Filter value standing for "year approved not published" (two documented records).
YEAR_UNKNOWN = "unknown"

#: Hatch of illustrative records: same hue as the documented bar, white ground.
ILLUSTRATIVE_PATTERN = {"shape": "/", "solidity": 0.35, "size": 7}

#: Columns of the export that hold free text (numbers are never prefixed).
_NUMERIC_EXPORT = {"year_approved", "budget", "lat", "lon"}


# --------------------------------------------------------------------------- filters


def _chosen(values: Iterable[Any] | None) -> set | None:
    """The chosen values as a set, or ``None`` (no restriction) when nothing is chosen."""
    if values is None:
        return None
    chosen = set(values)
    return chosen or None


def filter_projects(
    df: pd.DataFrame,
    countries: Iterable[str] | None = None,
    themes: Iterable[str] | None = None,
    years: Iterable[int | str | None] | None = None,
    statuses: Iterable[str] | None = None,
    provenances: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The projects matching every filter; ``None`` or an empty choice means "all".

    A project in several countries is kept when any of its countries is chosen.
    ``years`` holds whole years and, for records whose year is not published,
    :data:`YEAR_UNKNOWN` (or ``None``).

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["a", "b", "c"], "countries": [("LA", "KH"), ("TH",), ("CN",)],
    ...     "theme": ["dam_safety", "dam_safety", "water_infrastructure"],
    ...     "year_approved": pd.array([2020, None, 2018], dtype="Int64"),
    ...     "status": ["approved", "unknown", "completed"],
    ...     "provenance": ["documented", "documented", "illustrative"]})
    >>> filter_projects(df, countries=["KH"]).id.tolist()
    ['a']
    >>> filter_projects(df, themes=["dam_safety"], years=[YEAR_UNKNOWN]).id.tolist()
    ['b']
    >>> filter_projects(df, provenances=[], statuses=None).id.tolist()
    ['a', 'b', 'c']
    """
    mask = pd.Series(True, index=df.index)
    chosen = _chosen(countries)
    if chosen is not None:
        mask &= df["countries"].map(lambda cs: bool(chosen.intersection(cs))).astype(bool)
    for column, values in (("theme", themes), ("status", statuses), ("provenance", provenances)):
        chosen = _chosen(values)
        if chosen is not None:
            mask &= df[column].isin(chosen)
    chosen = _chosen(years)
    if chosen is not None:
        whole = {int(y) for y in chosen if y is not None and y != YEAR_UNKNOWN}
        year = df["year_approved"]
        hit = year.isin(whole).fillna(False).astype(bool)
        if YEAR_UNKNOWN in chosen or None in chosen:
            hit |= year.isna()
        mask &= hit
    return df[mask]


def year_options(df: pd.DataFrame) -> list[int | str]:
    """Years present, oldest first, then :data:`YEAR_UNKNOWN` if any record has no year.

    >>> year_options(pd.DataFrame({"year_approved": pd.array([2020, None, 2017], dtype="Int64")}))
    [2017, 2020, 'unknown']
    """
    years = df["year_approved"]
    options: list[int | str] = sorted(int(y) for y in years.dropna().unique())
    if years.isna().any():
        options.append(YEAR_UNKNOWN)
    return options


# --------------------------------------------------------------------------- figures


def key_figures(df: pd.DataFrame) -> dict:
    """Headline numbers of a selection of projects (each project counted once).

    Returns
    -------
    dict
        ``count``; ``countries`` (how many of the six have at least one project);
        ``budget`` (currency -> total of the published budgets, largest first);
        ``budget_known`` (projects with a published budget); ``documented``,
        ``illustrative`` and ``share_illustrative`` (0 to 1; 0 when empty).

    Examples
    --------
    >>> df = pd.DataFrame({"countries": [("LA", "KH"), ("LA",), ("TH",)],
    ...     "budget": [100.0, float("nan"), 50.0], "currency": ["CNY", None, "USD"],
    ...     "provenance": ["documented", "illustrative", "illustrative"]})
    >>> f = key_figures(df)
    >>> f["count"], f["countries"], f["budget"], f["budget_known"], round(f["share_illustrative"], 3)
    (3, 3, {'CNY': 100.0, 'USD': 50.0}, 2, 0.667)
    """
    count = len(df)
    present = {c for cs in df["countries"] for c in cs}
    known = df[df["budget"].notna() & df["currency"].notna()]
    budget = known.groupby("currency")["budget"].sum().sort_values(ascending=False)
    illustrative = int((df["provenance"] == "illustrative").sum())
    return {
        "count": count,
        "countries": sum(c in present for c in COUNTRIES),
        "budget": {str(k): float(v) for k, v in budget.items()},
        "budget_known": len(known),
        "documented": count - illustrative,
        "illustrative": illustrative,
        "share_illustrative": illustrative / count if count else 0.0,
    }


def _by_provenance(frame: pd.DataFrame, column: str, order: list) -> pd.DataFrame:
    """Counts per value of ``column`` (rows in ``order``), split by provenance, with a total."""
    table = pd.crosstab(frame[column], frame["provenance"]) if len(frame) else pd.DataFrame()
    table = table.reindex(index=order, columns=list(PROVENANCES), fill_value=0).fillna(0).astype(int)
    table["total"] = table[list(PROVENANCES)].sum(axis=1)
    table.index.name = column
    table.columns.name = None
    return table


def counts_by_country(df: pd.DataFrame, countries: Iterable[str] | None = None) -> pd.DataFrame:
    """Projects per country (upstream to downstream), split into documented and illustrative.

    A project in several countries counts once in each of them, so the column sums can
    exceed the number of projects; ``countries`` limits the rows (default: all six).

    Examples
    --------
    >>> df = pd.DataFrame({"countries": [("LA", "KH"), ("LA",)], "provenance": ["documented", "illustrative"]})
    >>> counts_by_country(df, ["LA", "KH"]).to_dict("index")
    {'LA': {'documented': 1, 'illustrative': 1, 'total': 2}, 'KH': {'documented': 1, 'illustrative': 0, 'total': 1}}
    """
    order = _country_order(countries)
    return _by_provenance(_per_country(df), "country", order)


def _country_order(countries: Iterable[str] | None) -> list[str]:
    wanted = set(countries) if countries is not None else set(COUNTRIES)
    return [c for c in COUNTRIES if c in wanted]


def _per_country(df: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """One row per project and country (a project in several countries once in each)."""
    return df[["countries", "provenance", *columns]].explode("countries").rename(columns={"countries": "country"})


def counts_by_country_theme(df: pd.DataFrame, countries: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
    """Projects per country (rows, upstream to downstream) for each theme, as :func:`counts_by_country`.

    Returns theme -> table (documented, illustrative, total), every theme of the schema.

    Examples
    --------
    >>> df = pd.DataFrame({"countries": [("LA", "KH"), ("LA",)], "theme": ["dam_safety"] * 2,
    ...     "provenance": ["documented", "illustrative"]})
    >>> counts_by_country_theme(df, ["LA", "KH"])["dam_safety"].to_dict("index")["LA"]
    {'documented': 1, 'illustrative': 1, 'total': 2}
    """
    order = _country_order(countries)
    exploded = _per_country(df, "theme")
    return {theme: _by_provenance(exploded[exploded["theme"] == theme], "country", order) for theme in THEMES}


def counts_by_theme(df: pd.DataFrame) -> pd.DataFrame:
    """Projects per theme (the five themes in schema order), documented/illustrative/total."""
    return _by_provenance(df, "theme", list(THEMES))


def counts_by_year(df: pd.DataFrame) -> pd.DataFrame:
    """Projects per year approved and theme: index (year or :data:`YEAR_UNKNOWN`, theme).

    Columns documented, illustrative and total; only years present, oldest first.
    """
    years = year_options(df)
    frame = df.assign(year=df["year_approved"].astype(object).where(df["year_approved"].notna(), YEAR_UNKNOWN))
    frame["year"] = frame["year"].map(lambda y: y if y == YEAR_UNKNOWN else int(y))
    index = pd.MultiIndex.from_product([years, list(THEMES)], names=["year", "theme"])
    if frame.empty:
        table = pd.DataFrame(0, index=index, columns=list(PROVENANCES))
    else:
        table = frame.groupby(["year", "theme", "provenance"]).size().unstack("provenance")
        table = table.reindex(index=index, columns=list(PROVENANCES)).fillna(0).astype(int)
    table["total"] = table[list(PROVENANCES)].sum(axis=1)
    table.columns.name = None
    return table


def _bar(x, y, colour, *, name: str, illustrative: bool, horizontal: bool = False, **extra) -> go.Bar:
    """One bar series (``x`` categories, ``y`` counts): solid for documented records,
    hatched with the same hue on white for illustrative ones."""
    if illustrative:
        marker = {"color": "#ffffff", "line": {"color": colour, "width": 1.5},
                  "pattern": {**ILLUSTRATIVE_PATTERN, "fgcolor": colour, "fillmode": "overlay"}}
    else:
        marker = {"color": colour, "line": {"color": colour, "width": 1.5}}
    kwargs = {"y": x, "x": y, "orientation": "h"} if horizontal else {"x": x, "y": y}
    return go.Bar(name=name, marker=marker, **kwargs, **extra)


def _legend_keys(fig: go.Figure, first_category: str, lang: str, horizontal: bool = False) -> None:
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


def _finish(fig: go.Figure, title: str, lang: str, height: int) -> go.Figure:
    fig.update_layout(barmode="stack", bargap=0.3)
    style_figure(fig, title=title, source=t("projects.chart.source", lang), height=height)
    fig.update_layout(legend={"font": {"size": 12}, "y": 1.0, "x": 0, "xanchor": "left", "yanchor": "bottom",
                              "traceorder": "normal"},
                      title={"y": 0.97, "yanchor": "top"}, margin={"t": 84, "b": 64})
    fig.layout.annotations[-1].update(y=-0.1)
    return fig


def _category_figure(table: pd.DataFrame, names: list[str], colours: list[str], title: str, lang: str,
                     height: int) -> go.Figure:
    """Horizontal bars, one per category (top to bottom in ``names`` order), documented + illustrative."""
    fig = go.Figure()
    for prov in PROVENANCES:
        fig.add_trace(_bar(names, table[prov].tolist(), colours, name=t(f"projects.chart.{prov}", lang),
                           illustrative=prov == "illustrative", horizontal=True, showlegend=False,
                           hovertemplate=_hover(lang, prov, horizontal=True), customdata=list(table.index)))
    if names:
        _legend_keys(fig, names[0], lang, horizontal=True)
    fig.update_yaxes(categoryorder="array", categoryarray=names, autorange="reversed", showgrid=False, ticks="")
    fig.update_xaxes(rangemode="tozero", dtick=2)
    _finish(fig, title, lang, height)
    fig.update_layout(margin={"l": 8})
    fig.update_yaxes(automargin=True)
    return fig


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
    present = [c for c in _country_order(countries) if any(tab.loc[c, "total"] for tab in tables.values())]
    names = [t(f"country.{c}", lang) for c in present]
    fig = go.Figure()
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
    fig.update_yaxes(categoryorder="array", categoryarray=names, autorange="reversed", showgrid=False, ticks="")
    fig.update_xaxes(rangemode="tozero", dtick=2, title_text=t("overview.chart.projects_axis", lang))
    _finish(fig, t("overview.chart.projects_title", lang), lang, height)
    fig.layout.annotations[-1].update(y=0, yanchor="top", yshift=-50)  # the source, below the axis title
    fig.update_layout(legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"},
                      margin={"l": 8, "r": 200, "t": 56, "b": 84})
    fig.update_yaxes(automargin=True)
    return fig


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
    fig = go.Figure()
    for prov in PROVENANCES:
        for theme in THEMES:
            values = [int(table.loc[(y, theme), prov]) for y in years]
            fig.add_trace(_bar(labels, values, THEME_COLOURS[theme], name=t(f"theme.{theme}", lang),
                               illustrative=prov == "illustrative", legendgroup=theme, showlegend=False,
                               hovertemplate=f"<b>%{{x}}</b> · {t(f'theme.{theme}', lang)}<br>%{{y}} "
                               f"{t('projects.chart.unit', lang)} ({t('provenance.' + prov, lang)})"
                               f"<br>{t('projects.chart.hover_source', lang)}<extra></extra>"))
    if labels:
        _legend_keys(fig, labels[0], lang)
    fig.update_yaxes(rangemode="tozero", dtick=2)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=labels, showgrid=False, tickangle=0)
    _finish(fig, t("projects.chart.by_year", lang), lang, height)
    fig.layout.annotations[-1].update(y=-0.17)  # below the two-line "Year unknown" label
    fig.update_layout(margin={"b": 84})
    return fig


# --------------------------------------------------------------------------- exports


def _export_value(column: str, value: Any) -> Any:
    """One registry cell as it is written to an export (numbers stay numbers)."""
    if column == "countries":
        return ";".join(value)
    if column == "location_approximate":
        return "true" if value else "false"
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if column == "year_approved":
        return int(value)
    if column in _NUMERIC_EXPORT:
        return float(value)
    return guard_formula(str(value))


def export_rows(df: pd.DataFrame) -> list[list[Any]]:
    """The header and one row per project, every registry field, ready for CSV or XLSX.

    Columns are the registry's own (:data:`lmc_geo.projects.registry.REQUIRED_COLUMNS`), so an
    export can be loaded back through the import; ``countries`` joined with ``;``;
    ``provenance`` says ``documented`` or ``illustrative``; free text is kept as plain
    text, formula-looking cells prefixed with ``'`` (:func:`guard_formula`).
    """
    rows: list[list[Any]] = [list(REQUIRED_COLUMNS)]
    for record in df[list(REQUIRED_COLUMNS)].itertuples(index=False):
        rows.append([_export_value(c, v) for c, v in zip(REQUIRED_COLUMNS, record)])
    return rows


def _csv_cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def export_csv(df: pd.DataFrame) -> bytes:
    """The projects as CSV (UTF-8 with a byte-order mark, so Excel reads Chinese names).

    Every registry field, ``countries`` joined with ``;``, the ``provenance`` column
    saying ``documented`` or ``illustrative``. Text is written as given (markup stays
    plain text), except that a cell starting with ``=``, ``+``, ``-``, ``@``, tab or
    carriage return is prefixed with a single quote so that a spreadsheet never runs it
    as a formula (CSV/formula injection guard, :func:`guard_formula`).

    Examples
    --------
    >>> df = pd.DataFrame([{"id": "P1", "name_en": "=1+1", "name_zh": "", "countries": ("LA", "KH"),
    ...     "theme": "dam_safety", "year_approved": 2020, "status": "approved", "budget": float("nan"),
    ...     "currency": None, "lat": 17.9, "lon": 102.6, "location_approximate": True, "partner": "",
    ...     "summary": "<b>x</b>", "source_url": None, "provenance": "illustrative"}])
    >>> export_csv(df).decode("utf-8-sig").splitlines()[1]
    "P1,'=1+1,,LA;KH,dam_safety,2020,approved,,,17.9,102.6,true,,<b>x</b>,,illustrative"
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in export_rows(df):
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(df: pd.DataFrame, about: list[tuple[str, str]] | None = None, lang: str = "en") -> bytes:
    """The projects as an Excel workbook: sheet "Projects" and sheet "About".

    "Projects" holds the same columns as :func:`export_csv` (numbers as numbers), with
    a frozen header and filters; illustrative rows are set in grey italics. Text cells
    are written as strings, never formulas: those starting with ``=``, ``+``, ``-``,
    ``@``, tab or carriage return get a leading single quote (formula injection guard),
    and control characters Excel cannot store become U+FFFD. "About" names the source,
    the export date and any ``about`` lines (label, value) the caller adds, e.g. filters.
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill

    def clean(value: Any) -> Any:
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value

    book = Workbook()
    sheet = book.active
    sheet.title = "Projects"
    rows = export_rows(df)
    prov_col = REQUIRED_COLUMNS.index("provenance")
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.value = clean(value)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # belt and braces: never a formula
        if r > 1 and row[prov_col] == "illustrative":
            for cell in sheet[r]:
                cell.font = Font(italic=True, color="666666")
    header_fill = PatternFill("solid", fgColor="1F5F99")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center")
    widths = {"id": 10, "name_en": 48, "name_zh": 28, "countries": 12, "theme": 26, "year_approved": 8,
              "status": 11, "budget": 14, "currency": 9, "lat": 9, "lon": 9, "location_approximate": 10,
              "partner": 32, "summary": 60, "source_url": 40, "provenance": 13}
    for c, column in enumerate(REQUIRED_COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=c).column_letter].width = widths.get(column, 14)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions

    notes = book.create_sheet("About")
    figures = key_figures(df)
    lines = [
        (t("projects.export.title", lang), ""),
        (t("projects.export.source", lang), t("projects.export.source_text", lang)),
        (t("projects.export.date", lang), _dt.date.today().isoformat()),
        (t("projects.export.rows", lang), str(figures["count"])),
        (t("projects.export.illustrative", lang), str(figures["illustrative"])),
        *(about or []),
        (t("projects.export.note", lang), t("projects.export.note_text", lang)),
    ]
    for r, (label, value) in enumerate(lines, start=1):
        notes.cell(row=r, column=1, value=guard_formula(clean(label))).font = Font(bold=True)
        notes.cell(row=r, column=2, value=guard_formula(clean(value)))
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 110

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
