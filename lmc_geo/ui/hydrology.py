"""Hydrology view: station picker (synced with ``?station=``), key figures, one year against the
record, the record itself, stations upstream to downstream, CSV download; plus the compact
station hydrograph the basin map shows below the map, and gauge status for the map.

Public for other pages:

* :func:`render_station_hydrograph` (station row, lang, key): compact chart (a server-drawn SVG,
  :func:`lmc_geo.hydrology.charts.band_svg`) + "Open in Hydrology".
* :func:`station_status_as_of` (date, stations): gauge status of every station that day.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from lmc_geo import memo
from lmc_geo.briefing.content import BriefingRequest
from lmc_geo.filters import by_countries, isin
from lmc_geo.hydrology import charts as hydro_charts
from lmc_geo.hydrology import compare, status, timeseries
from lmc_geo.hydrology import export as hydro_export
from lmc_geo.hydrology import meta as series_meta
from lmc_geo.hydrology.charts import value_text
from lmc_geo.hydrology.meta import source_caption, stages_shown
from lmc_geo.hydrology.timeseries import latest_valid
from lmc_geo.i18n import format_day, t
from lmc_geo.schema import VARIABLES
from lmc_geo.text import shown_value
from lmc_geo.ui import cache, state
from lmc_geo.ui.components import (
    FigureRow,
    band_of,
    load_daily,
    md_text,
    render_briefing_downloads,
    series_meta_frames,
)
from lmc_geo.validate import DataFileError

# Session-state keys of this page (widget keys and the page's own memory).
STATION_KEY = "hydro_station"
LAST_STATION_KEY = "hydro_last_station"
APPLIED_QUERY_KEY = "hydro_applied_query"
VARIABLE_KEY = "hydro_variable"
AGG_KEY = "hydro_aggregation"
YEAR_KEY = "hydro_year"
COMPARE_KEY = "hydro_compare"
COMPARE_MODE_KEY = "hydro_compare_mode"
#: The page's own link parameters (the station is the shared ``?station=``).
QUERY_VARIABLE = "variable"
QUERY_YEAR = "year"

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
AGGREGATIONS = ("daily", "monthly", "annual")
#: Years the page offers as quick picks when the station has data for them: (year, message key).
NOTABLE_YEARS = ((2008, "hydro.quick.flood"), (2019, "hydro.quick.drought"), (2000, "hydro.quick.flood"))
#: How many stations the comparison starts with.
COMPARE_DEFAULT_N = 5


# ------------------------------------------------------------------ data (cached in lmc_geo.ui.cache)


def series_checks(known_ids: tuple[str, ...]) -> dict[str, series_meta.SeriesCheck]:
    """The check of each series file (cached until the file changes)."""
    return {v: cache.series_check(v, known_ids) for v in VARIABLES}


def station_status_as_of(date, stations: pd.DataFrame) -> tuple[pd.DataFrame | None, str | None]:
    """Gauge status of every station on ``date`` (for the map): see :func:`lmc_geo.hydrology.status.station_status_on`.

    Returns ``(frame, None)`` with ``station_id, value, status, rule, quality, p10`` per station
    of ``stations`` (the stations layer), or ``(None, message)`` when the water-level file fails.
    ``quality`` is the display quality: ``gap_filled_series`` for a value of the gap-filled
    1992-2023 series, never ``measured`` (empty when the station has no row that day).
    """
    frame, err = cache.station_status(pd.Timestamp(date).date().isoformat())
    if err:
        return None, err
    ids = stations["station_id"].astype(str)
    return frame.set_index("station_id").reindex(ids).reset_index(), None


# ------------------------------------------------------------------ what can be shown
@dataclass
class Context:
    """Everything the page needs once per run."""

    stations: pd.DataFrame
    catalogue: pd.DataFrame
    sources: pd.DataFrame | None
    datums: pd.DataFrame | None
    filled: frozenset


def _report_checks(checks: dict, lang: str) -> None:
    for check in checks.values():
        if check.problems:
            for problem in check.problems:  # a DataFileError speaks the reader's language
                text = problem.message(lang) if isinstance(problem, DataFileError) else str(problem)
                st.error(t("hydro.error.series", lang, problem=md_text(text)))
            if check.bad_ids:
                st.caption(t("hydro.error.skipped", lang, file=md_text(check.path.name),
                             stations=md_text(", ".join(sorted(check.bad_ids)))))


def load_context(lang: str) -> Context | None:
    """Stations layer, series catalogue (bad stations and unreadable files left out), metadata."""
    stations, err = cache.layer("stations", lang)
    if err:
        st.error(t("hydro.error.stations", lang, problem=md_text(err)))
        return None
    stations = memo.per_frame(stations, "table", lambda layer=stations: _station_table(layer))  # once per layer
    known = tuple(sorted(stations["station_id"]))
    checks = series_checks(known)
    _report_checks(checks, lang)
    catalogue, err = cache.series_catalogue()
    if err or catalogue is None:  # one damaged file fails the store's query over all of them
        parts = [cache.file_catalogue(v, known, tuple(sorted(c.bad_ids)))
                 for v, c in checks.items() if c.readable]
        catalogue = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
            columns=series_meta.CATALOGUE_COLUMNS)
    found = tuple((v, c.readable, tuple(sorted(c.bad_ids))) for v, c in checks.items())
    catalogue = memo.per_frame(catalogue, ("usable", known, found),  # once per catalogue and checks
                               lambda raw=catalogue: _usable_catalogue(raw, known, checks))
    sources, datums, errors = series_meta_frames()
    for problem in errors:
        st.warning(t("hydro.error.meta", lang, problem=md_text(problem)))
    return Context(stations, catalogue, sources, datums, series_meta.gap_filled_sources(sources))


def _usable_catalogue(catalogue: pd.DataFrame, known: tuple[str, ...], checks: dict) -> pd.DataFrame:
    """The catalogue's rows of known stations in readable files, bad stations left out."""
    catalogue = catalogue.copy()
    catalogue["station_id"] = catalogue["station_id"].astype(str)
    usable = np.ones(len(catalogue), dtype=bool)
    for variable, check in checks.items():
        rows = (catalogue["variable"] == variable).to_numpy()
        if not check.readable:
            usable &= ~rows
        elif check.bad_ids:
            usable &= ~(rows & isin(catalogue["station_id"], check.bad_ids).to_numpy())
    return catalogue[usable & isin(catalogue["station_id"], known).to_numpy()]


def station_options(ctx: Context, countries) -> list[str]:
    """Ids of the stations with a series in the selected countries, upstream to downstream."""
    with_series = set(ctx.catalogue["station_id"])
    frame = by_countries(ctx.stations, countries)
    frame = frame[isin(frame["station_id"], with_series)]
    return compare.order_upstream(frame)


def _station_table(layer) -> pd.DataFrame:
    """The stations layer as a table (no geometry, ids as text); read-only, shared."""
    stations = pd.DataFrame(layer.drop(columns="geometry"))
    stations["station_id"] = stations["station_id"].astype(str)
    return stations


def _station_labels(stations: pd.DataFrame, lang: str) -> dict[str, str]:
    labels = {}
    columns = [c for c in ("station_id", "name", "river", "iso2") if c in stations]
    for r in stations[columns].to_dict("records"):
        river = r.get("river") if isinstance(r.get("river"), str) else ""
        parts = [str(r["name"]), river, t(f"country.{r['iso2']}", lang)]
        labels.setdefault(str(r["station_id"]), " · ".join(p for p in parts if p))
    return labels


def _station_label(stations: pd.DataFrame, lang: str):
    labels = memo.per_frame(stations, ("labels", lang), lambda: _station_labels(stations, lang))

    def label(sid: str) -> str:
        return labels.get(sid, sid)

    return label


# ------------------------------------------------------------------ station picker and link
def _sync_station(options: list[str]) -> str | None:
    """Apply ``?station=`` when it is new (a link was opened); returns an unusable requested id."""
    requested = state.query_value(state.QUERY_STATION)
    unusable = None
    if requested and requested != st.session_state.get(APPLIED_QUERY_KEY):
        st.session_state[APPLIED_QUERY_KEY] = requested
        if requested in options:
            st.session_state[STATION_KEY] = requested
        else:
            unusable = requested
    if st.session_state.get(STATION_KEY) not in options:
        last = st.session_state.get(LAST_STATION_KEY)
        st.session_state[STATION_KEY] = last if last in options else options[0]
    return unusable


def _write_station_query(station_id: str) -> None:
    st.session_state[LAST_STATION_KEY] = station_id
    st.session_state[APPLIED_QUERY_KEY] = station_id
    state.set_query_value(state.QUERY_STATION, station_id)


def pick_station(ctx: Context, countries, lang: str) -> str | None:
    options = station_options(ctx, countries)
    if not options:
        st.info(t("hydro.no_station", lang))
        return None
    unusable = _sync_station(options)
    label = _station_label(ctx.stations, lang)
    sid = st.selectbox(t("hydro.station", lang), options, key=STATION_KEY, format_func=label,
                       help=t("hydro.station_help", lang))
    if unusable:
        st.warning(t("hydro.station_gone", lang, station=md_text(shown_value(unusable)), name=md_text(label(sid))))
    _write_station_query(sid)
    return sid


def pick_variable(ctx: Context, station_id: str, lang: str) -> str:
    have = set(ctx.catalogue.loc[ctx.catalogue["station_id"] == station_id, "variable"])
    options = [v for v in VARIABLES if v in have]
    state.restore_from_link(VARIABLE_KEY, QUERY_VARIABLE, options)
    if st.session_state.get(VARIABLE_KEY) not in options:
        st.session_state[VARIABLE_KEY] = options[0]
    variable = st.radio(
        t("hydro.variable", lang),
        options,
        key=VARIABLE_KEY,
        horizontal=True,
        format_func=lambda v: f"{hydro_charts.variable_label(v, lang)} ({hydro_charts.unit_label(v, lang)})",
    )
    state.keep_in_link(QUERY_VARIABLE, variable, options[0])
    return variable


# ------------------------------------------------------------------ pieces of the page


def _season_word(pct: float) -> str:
    """Message key of where a day-of-year percentile lies: low, usual or high for the season."""
    if pct < 10:
        return "hydro.kpi.season_low"
    if pct > 90:
        return "hydro.kpi.season_high"
    return "hydro.kpi.season_usual"


def render_key_figures(daily: pd.DataFrame, shown_daily: pd.DataFrame, variable: str,
                       alarm, flood, lang: str) -> None:
    """Latest value, its date, its percentile for the day of year, and the margin to the stages."""
    latest, pct = memo.per_frame(shown_daily, "latest", lambda: _latest(daily, shown_daily))
    row = FigureRow("hydro_figures")
    if latest is None:
        row.metric(t("hydro.kpi.latest", lang), "–")
        return
    calm = {"delta_color": "off", "delta_arrow": "off"}
    value = float(latest["value"])
    row.metric(t("hydro.kpi.latest", lang), value_text(value, variable, lang),
                   delta=t(f"hydro.quality.{latest['quality']}", lang), **calm)
    row.metric(t("hydro.kpi.date", lang), format_day(latest["date"], lang))
    row.metric(t("hydro.kpi.percentile", lang), "–" if np.isnan(pct) else f"{pct:.0f}",
                   delta=None if np.isnan(pct) else t(_season_word(pct), lang),
                   help=t("hydro.kpi.percentile_help", lang), **calm)
    known = [(k, float(v)) for k, v in (("alarm", alarm), ("flood", flood)) if v is not None and not pd.isna(v)]
    if variable != "water_level_m" or not known:
        row.metric(t("hydro.kpi.no_stage", lang), t("hydro.kpi.no_stage_value", lang))
        return

    def margin(stage: float) -> str:
        gap = value - stage
        return t("hydro.kpi.margin_above" if gap >= 0 else "hydro.kpi.margin_below", lang, value=f"{abs(gap):,.2f}")

    first, stage = known[0]
    extra = None
    if len(known) > 1:
        extra = t("hydro.kpi.flood_margin_short", lang, margin=margin(known[1][1]))
    row.metric(t(f"hydro.kpi.{first}_margin", lang), margin(stage), delta=extra, **calm)


def _latest(daily: pd.DataFrame, shown_daily: pd.DataFrame) -> tuple[pd.Series | None, float]:
    """The latest valid value of a record and its percentile for the day of year (NaN if none)."""
    latest = latest_valid(shown_daily)
    if latest is None:
        return None, np.nan
    return latest, status.doy_percentile(daily, latest["date"], float(latest["value"]))


def _pick_year(years: list[int], lang: str) -> int:
    state.restore_from_link(YEAR_KEY, QUERY_YEAR, years)
    if st.session_state.get(YEAR_KEY) not in years:
        st.session_state[YEAR_KEY] = years[0]

    def choose(year: int) -> None:
        st.session_state[YEAR_KEY] = year

    notable = [(y, k) for y, k in NOTABLE_YEARS if y in years]
    left, right = st.columns([2, 3], vertical_alignment="bottom")
    year = left.selectbox(t("hydro.year", lang), years, key=YEAR_KEY, help=t("hydro.year_help", lang))
    if notable:
        with right:
            st.caption(t("hydro.quick_years", lang))
            buttons = st.container(horizontal=True, wrap=True, gap="small")  # wraps rather than cut a label
            for y, msg in sorted(notable):
                buttons.button(t(msg, lang, year=y), key=f"hydro_quick_{y}", on_click=choose, args=(y,),
                               width="content")
    state.keep_in_link(QUERY_YEAR, int(year), years[0])
    return int(year)


def render_band(ctx: Context, row: pd.Series, variable: str, daily: pd.DataFrame, shown_daily: pd.DataFrame,
                datum: dict, alarm, flood, lang: str, since: int | None = None) -> int | None:
    """One year against the band; ``daily``/``shown_daily`` are the comparable part of the record."""
    years = memo.per_frame(shown_daily, "years_with_data", lambda: timeseries.years_with_data(shown_daily))
    if not years:
        return None
    year = _pick_year(list(years), lang)
    band = band_of(row["station_id"], variable, daily, since)
    record = f"{years[-1]}-{years[0]}"
    src = _sources_in(daily, year)
    fig = cache.shared_figure("hydro_band", lambda: hydro_charts.band_chart(
        band,
        shown_daily,
        year,
        station_name=str(row["name"]),
        variable=variable,
        datum=datum.get("datum"),
        alarm_m=alarm,
        flood_m=flood,
        record=record,
        source=source_caption(src, ctx.sources, lang),
        lang=lang,
        height=520,
        title=t(
            "hydro.chart.band_title",
            lang,
            name=row["name"],
            variable=hydro_charts.variable_label(variable, lang).lower(),
            year=year,
        ),
    ), (), lang, layers=("stations",), series=(variable,),
        key=(str(row["station_id"]), variable, int(year), since, str(alarm), str(flood)))
    st.plotly_chart(fig, key="hydro_band_chart", width="stretch", theme=None, config=PLOTLY_CONFIG)
    st.caption(t("hydro.section.band_caption", lang, record=record))
    label = series_meta.source_line(dict.fromkeys(src), ctx.sources, lang)
    # Every export is made when its button is clicked (deferred data): a page run pays nothing for it.
    data = functools.partial(hydro_export.band_export_csv, band, shown_daily, year, str(row["name"]),
                             row["station_id"], variable, VARIABLES[variable],
                             datum.get("datum") if variable == "water_level_m" else None, record, label, lang)
    st.download_button(t("hydro.download_band", lang), data=data, mime="text/csv", key="hydro_band_download",
                       file_name=f"{row['station_id']}_{variable}_{year}_with_band_{record}.csv",
                       help=t("hydro.download_band_help", lang), on_click="ignore", icon=":material/download:")
    return year


def _valued_days(daily: pd.DataFrame) -> pd.Series:
    """The days of a shared record that have a value, worked out once per record."""
    return memo.per_frame(daily, "valued_days", lambda: pd.to_datetime(daily.loc[daily["value"].notna(), "date"]))


def _record_span(daily: pd.DataFrame) -> tuple:
    """First and last day with a value."""
    dates = _valued_days(daily)
    return dates.min().date(), dates.max().date()


def _record_part(daily: pd.DataFrame, start, end, how: str, agg: str, filled) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The record from ``start`` to ``end`` as shown (aggregated, display quality), and its sources (each once)."""
    d = pd.to_datetime(daily["date"])
    part = daily[(d >= pd.Timestamp(start)) & (d <= pd.Timestamp(end))]
    return series_meta.aggregate_for_display(part, how, agg, filled), tuple(part["source"].unique().astype(str))


def render_record(ctx: Context, row: pd.Series, variable: str, daily: pd.DataFrame, datum: dict,
                  alarm, flood, lang: str) -> None:
    first, last = memo.per_frame(daily, "span", lambda: _record_span(daily))
    c1, c2 = st.columns([1, 2], vertical_alignment="bottom")
    how = c1.radio(t("hydro.aggregation", lang), AGGREGATIONS, key=AGG_KEY, horizontal=True,
                   format_func=lambda a: t(f"hydro.agg.{a}", lang))
    period_key = f"hydro_period_{row['station_id']}_{variable}"
    if first == last:
        start, end = first, last
    else:
        start, end = c2.slider(t("hydro.period", lang), min_value=first, max_value=last, value=(first, last),
                               format="YYYY-MM-DD", key=period_key)
    agg = "sum" if variable == "rainfall_mm" else "mean"
    if (start, end) == (first, last):  # the whole record: once per record and aggregation, for every session
        shown, part_sources = memo.per_frame(daily, ("shown", how, agg, frozenset(ctx.filled)),
                                             lambda: _record_part(daily, start, end, how, agg, ctx.filled))
    else:  # a period of a viewer's choosing: not kept (one copy of the record per period would add up)
        shown, part_sources = _record_part(daily, start, end, how, agg, ctx.filled)
    if shown["value"].notna().sum() == 0:
        st.info(
            t("hydro.no_values", lang, variable=hydro_charts.variable_label(variable, lang), name=md_text(row["name"]))
        )
        return
    # Made once per view (station, variable, aggregation, period, language) and data version, for every session.
    fig = cache.shared_figure("hydro_record", lambda: hydro_charts.hydrograph(
        shown, station_name=str(row["name"]), variable=variable, datum=datum.get("datum"), alarm_m=alarm,
        flood_m=flood, how=how, source=source_caption(part_sources, ctx.sources, lang), lang=lang, height=480,
        title=t("hydro.chart.record_title", lang, name=row["name"],
                variable=hydro_charts.variable_label(variable, lang).lower(),
                how=t(f"hydro.agg.{how}", lang).lower()),
    ), (), lang, layers=("stations",), series=(variable,),
        key=(str(row["station_id"]), variable, how, str(start), str(end), str(alarm), str(flood)))
    st.plotly_chart(fig, key="hydro_record_chart", width="stretch", theme=None, config=PLOTLY_CONFIG)
    label = series_meta.source_line(dict.fromkeys(part_sources), ctx.sources, lang)
    data = functools.partial(hydro_export.export_csv, shown, str(row["name"]), row["station_id"], variable,
                             VARIABLES[variable], datum.get("datum") if variable == "water_level_m" else None,
                             how, agg, label, lang)
    st.download_button(t("hydro.download", lang), data=data, mime="text/csv", key="hydro_download",
                       file_name=f"{row['station_id']}_{variable}_{how}_{start:%Y%m%d}-{end:%Y%m%d}.csv",
                       help=t("hydro.download_help", lang), on_click="ignore", icon=":material/download:")


def _default_compare(options: list[str], station_id: str) -> list[str]:
    if len(options) <= COMPARE_DEFAULT_N:
        return list(options)
    picks = {options[round(i * (len(options) - 1) / (COMPARE_DEFAULT_N - 1))] for i in range(COMPARE_DEFAULT_N)}
    if station_id in options:
        picks.add(station_id)
    return [o for o in options if o in picks]


def _compare_csv(frames: dict, stations: pd.DataFrame, variable: str, mode: str, year: int, datums, source: str,
                 lang: str) -> bytes:
    """The compared stations' table as CSV (made when the download is clicked)."""
    table = compare.longitudinal_table(frames, stations, how=mode, start=f"{year}-01-01", end=f"{year}-12-31",
                                       datums=datums)
    return hydro_export.compare_export_csv(table, variable, VARIABLES[variable], mode, year, source, lang)


def _years_of(daily: pd.DataFrame) -> np.ndarray:
    """The year of each day of a shared record, worked out once per record."""
    return memo.per_frame(daily, "years", lambda: pd.to_datetime(daily["date"]).dt.year.to_numpy())


def _sources_in(daily: pd.DataFrame, year: int) -> tuple[str, ...]:
    """The sources of a shared record's values in ``year`` (none without a source column), each once in
    order of first use, once per record and year."""
    if "source" not in daily:
        return ()
    return memo.per_frame(daily, ("sources", year), lambda: tuple(
        daily.loc[_years_of(daily) == year, "source"].astype(str).unique()))


def render_compare(ctx: Context, station_id: str, variable: str, year: int | None, countries, lang: str) -> None:
    have = memo.per_frame(ctx.catalogue, ("have", variable), lambda: frozenset(
        ctx.catalogue.loc[ctx.catalogue["variable"] == variable, "station_id"]))
    options = memo.per_frame(ctx.stations, ("compare_options", tuple(countries), have),
                             lambda: _compare_options(ctx.stations, countries, have))
    if not options:
        st.info(t("hydro.compare.none", lang))
        return
    key = f"{COMPARE_KEY}_{variable}"
    if key not in st.session_state or not set(st.session_state[key]) <= set(options):
        st.session_state[key] = _default_compare(options, station_id)
    label = _station_label(ctx.stations, lang)
    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
    short = memo.per_frame(ctx.stations, "short_names",
                           lambda: ctx.stations.set_index("station_id")["name"].astype(str).to_dict())
    chosen = c1.multiselect(t("hydro.compare.stations", lang), options, key=key,
                            format_func=lambda sid: short.get(sid, sid))
    mode = c2.radio(t("hydro.compare.mode", lang), compare.NORMALISATIONS, key=COMPARE_MODE_KEY,
                    horizontal=True, format_func=lambda m: t(f"hydro.compare.mode.{m}", lang))
    if not chosen:
        st.info(t("hydro.compare.none", lang))
        return
    frames, src = {}, []
    for sid in chosen:
        df, err = load_daily(sid, variable)
        if err or df is None:
            st.error(t("hydro.error.load", lang, variable=variable, name=md_text(label(sid)), problem=md_text(err)))
            continue
        frames[sid] = cache.shown_daily(sid, variable, df, ctx.filled)
    if not frames:
        return
    if year is None:
        year = max(int(_years_of(f).max()) for f in frames.values())
    for df in frames.values():  # sources of the values drawn (the chosen year)
        src.extend(_sources_in(df, int(year)))
    datum_names = {series_meta.datum_of(ctx.datums, s, variable)["datum"] for s in frames}
    fig = cache.shared_figure("hydro_compare", lambda: hydro_charts.longitudinal(
        frames, ctx.stations, variable=variable, how=mode, start=f"{year}-01-01", end=f"{year}-12-31",
        datum=datum_names.pop() if len(datum_names) == 1 else None, source=source_caption(src, ctx.sources, lang),
        lang=lang, height=500,
        title=t("hydro.chart.compare_title", lang, variable=hydro_charts.variable_label(variable, lang), year=year),
    ), (), lang, layers=("stations",), series=(variable,), key=(tuple(frames), variable, mode, int(year)))
    st.plotly_chart(fig, key="hydro_compare_chart", width="stretch", theme=None, config=PLOTLY_CONFIG)
    datums = ({s: series_meta.datum_of(ctx.datums, s, variable)["datum"] for s in frames}
              if variable == "water_level_m" else None)
    data = functools.partial(_compare_csv, frames, ctx.stations, variable, mode, year, datums,
                             series_meta.source_line(dict.fromkeys(src), ctx.sources, lang), lang)
    st.download_button(t("hydro.download_compare", lang), data=data, mime="text/csv", key="hydro_compare_download",
                       file_name=f"upstream_downstream_{variable}_{mode}_{year}.csv",
                       help=t("hydro.download_compare_help", lang), on_click="ignore", icon=":material/download:")
    if variable == "rainfall_mm" or len(frames) < 2:
        return
    st.markdown(f"**{t('hydro.travel.header', lang)}**")
    travel = cache.travel_times(tuple(compare.order_upstream(ctx.stations, frames)), variable,
                                ctx.stations[["station_id", "name", "river_km"]])
    if travel.empty:
        st.caption(t("hydro.travel.none", lang))
        return
    table = memo.per_frame(travel, ("table", lang), lambda: _travel_table(travel, short, lang))
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(t("hydro.travel.caption", lang))


def _compare_options(stations: pd.DataFrame, countries, have: frozenset) -> list[str]:
    """Stations of ``countries`` with the variable (``have``) and a river distance, upstream first."""
    frame = by_countries(stations, countries)
    return compare.order_upstream(frame[isin(frame["station_id"], have) & frame["river_km"].notna()])


def _travel_table(travel: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """The travel times as the page shows them (station names, rounded, "–" for no clear lag)."""
    return pd.DataFrame({
        t("hydro.travel.upstream", lang): travel["upstream"].map(names),
        t("hydro.travel.downstream", lang): travel["downstream"].map(names),
        t("hydro.travel.distance", lang): travel["distance_km"].round(0),
        t("hydro.travel.lag", lang): travel["lag_days"].map(lambda v: "–" if pd.isna(v) else f"{int(v)}"),
        t("hydro.travel.r", lang): travel["r"].round(2),
        t("hydro.travel.celerity", lang): travel["celerity_km_day"].map(lambda v: "–" if pd.isna(v) else f"{v:,.0f}"),
    })


def _sentence(text: str) -> str:
    """First letter upper case, the rest as written (keeps "MRC"); ends with a full stop."""
    text = text.strip()
    if not text:
        return ""
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _station_header(
    ctx: Context, row: pd.Series, variable: str, datum: dict, stages_elsewhere: bool, lang: str
) -> None:
    cat = ctx.catalogue[(ctx.catalogue["station_id"] == row["station_id"]) & (ctx.catalogue["variable"] == variable)]
    river = row.get("river") if isinstance(row.get("river"), str) else t("card.unknown", lang)
    values = {"river": md_text(river), "country": t(f"country.{row['iso2']}", lang),
              "variable": hydro_charts.variable_label(variable, lang).lower()}
    if not cat.empty:
        values.update(days=f"{int(cat['n_days'].iloc[0]):,}",
                      first=format_day(cat["first_date"].iloc[0], lang),
                      last=format_day(cat["last_date"].iloc[0], lang))
    else:
        values.update(days="0", first="–", last="–")
    mrc = row.get("mrc_id")
    st.subheader(md_text(row["name"]), anchor=False)
    if isinstance(mrc, str) and mrc:
        st.caption(t("hydro.station_meta", lang, mrc_id=md_text(mrc), **values))
    else:
        st.caption(t("hydro.station_meta_noid", lang, **values))
    if variable == "water_level_m":
        zero = datum.get("gauge_zero_m_asl")
        zero_text = "" if zero is None or pd.isna(zero) else t("hydro.datum_zero", lang, zero=f"{zero:,.2f}")
        st.caption(t("hydro.datum_line", lang, datum=md_text(datum.get("datum") or t("hydro.datum.unknown", lang)),
                     zero=zero_text, note=md_text(_sentence(datum.get("note") or ""))))
        if stages_elsewhere:
            st.caption(t("hydro.stages_other_datum", lang))


def briefing_day(daily: pd.DataFrame, year: int | None) -> str | None:
    """The briefing's day for the chosen year: the map's "as of" day when in that year, else the
    year's last day with a value (None: the last day of the record)."""
    if year is None:
        return None
    chosen = st.session_state.get(state.AS_OF_KEY)
    if chosen is not None and pd.Timestamp(chosen).year == int(year):
        return pd.Timestamp(chosen).date().isoformat()
    return memo.per_frame(daily, ("last_day", int(year)), lambda: _last_day(daily, int(year)))


def _last_day(daily: pd.DataFrame, year: int) -> str | None:
    dates = _valued_days(daily)
    in_year = dates[dates.dt.year == year]
    return in_year.max().date().isoformat() if len(in_year) else None


def render(countries: tuple[str, ...], lang: str) -> None:
    """The Hydrology page: the shared ``countries`` (ISO codes, upstream first) in language ``lang``."""
    st.title(t("hydro.header", lang), anchor=False)
    st.caption(t("hydro.intro", lang))
    ctx = load_context(lang)
    if ctx is None:
        return
    top = st.columns([3, 2], vertical_alignment="bottom")
    with top[0]:
        station_id = pick_station(ctx, countries, lang)
    if station_id is None:
        return
    with top[1]:
        variable = pick_variable(ctx, station_id, lang)
    by_id = memo.per_frame(ctx.stations, "by_id", lambda: ctx.stations.set_index("station_id", drop=False))
    row = by_id.loc[station_id]
    daily, err = load_daily(station_id, variable)
    if err or daily is None:
        st.error(t("hydro.error.load", lang, variable=variable, name=md_text(row["name"]), problem=md_text(err)))
        return
    datum = series_meta.datum_of(ctx.datums, station_id, variable)
    alarm, flood, elsewhere = stages_shown(row, variable, datum)
    shown_daily = cache.shown_daily(station_id, variable, daily, ctx.filled)
    _station_header(ctx, row, variable, datum, elsewhere, lang)
    # Levels are compared with the record only after the last datum shift, if any.
    shifts = tuple(datum["shift_years"]) if variable == "water_level_m" else ()
    part, since = memo.per_frame(daily, ("comparable", shifts), lambda: series_meta.comparable_part(daily, shifts))
    shown_part = shown_daily if since is None else memo.per_frame(shown_daily, ("part", since),
                                                                  lambda: shown_daily.loc[part.index])
    if since is not None:
        st.warning(t("hydro.datum_shift", lang, years=", ".join(map(str, datum["shift_years"])), since=since))
    render_key_figures(part, shown_part, variable, alarm, flood, lang)
    if memo.per_frame(shown_daily, "gap_filled", lambda: bool(
            (shown_daily["quality"] == series_meta.GAP_FILLED_SERIES).any())):
        st.caption(t("hydro.gap_filled_note", lang))

    year = render_band(ctx, row, variable, part, shown_part, datum, alarm, flood, lang, since)
    render_briefing_downloads(BriefingRequest(countries, lang, briefing_day(daily, year), station_id), "hydro")
    st.subheader(t("hydro.section.record", lang), anchor=False, divider="gray")
    render_record(ctx, row, variable, daily, datum, alarm, flood, lang)
    st.subheader(t("hydro.section.compare", lang), anchor=False, divider="gray")
    st.caption(t("hydro.section.compare_caption", lang))
    render_compare(ctx, station_id, variable, year, countries, lang)


# ------------------------------------------------------------------ for the basin map


