"""The pieces several views show: feature cards, server-drawn SVG charts, the key-figure row, the
timeline table, the clicked map feature, a station's compact hydrograph with its link, and the page-wide
style the entrypoint sends once per run.

Views use these and never each other's internals. Data text is shown as text, never as HTML or
markdown (see :mod:`lmc_geo.text`).
"""

from __future__ import annotations

import functools
import logging
import re

import numpy as np
import pandas as pd
import streamlit as st

from lmc_geo import memo
from lmc_geo.briefing.content import BriefingRequest
from lmc_geo.briefing.document import briefing_bytes, file_name
from lmc_geo.dams.cards import dam_facts
from lmc_geo.hydrology import charts as hydro_charts
from lmc_geo.hydrology import meta as series_meta
from lmc_geo.hydrology import status, timeseries
from lmc_geo.hydrology.cards import station_facts
from lmc_geo.hydrology.charts import value_text
from lmc_geo.hydrology.meta import source_caption, stages_shown
from lmc_geo.hydrology.timeseries import doy_band as pandas_doy_band
from lmc_geo.hydrology.timeseries import latest_valid
from lmc_geo.i18n import format_day, ordinal, t
from lmc_geo.projects.cards import project_facts
from lmc_geo.schema import VARIABLES
from lmc_geo.text import facts_html, md_text
from lmc_geo.ui import cache, state

#: Look of the card fact tables: compact rows, labels in grey, lines between rows only. Sent with
#: each table (one line, no blank line), so pages without a card load no styling element.
FACTS_CSS = (
    "table.lmc-facts{border-collapse:collapse;width:100%;font-size:0.92rem;margin:0 0 0.5rem 0}"
    "table.lmc-facts th,table.lmc-facts td{border:none;border-bottom:1px solid #e5e5e5;padding:0.3rem 0.5rem;"
    "vertical-align:top;text-align:left}"
    "table.lmc-facts th{color:#555555;font-weight:600;width:38%}"
    "table.lmc-facts tr:last-child th,table.lmc-facts tr:last-child td{border-bottom:none}"
)


def render_facts(facts: list[tuple[str, str]], key: str) -> None:
    """(label, value) pairs as a two-column table of plain text (:func:`lmc_geo.text.facts_html`).

    A plain HTML table, not ``st.dataframe``: it shows with the rest of the card (no grid
    library to load first), can be selected and copied, and prints.
    """
    with st.container(key=key):
        st.markdown(f"<div><style>{FACTS_CSS}</style>{facts_html(facts)}</div>", unsafe_allow_html=True)


def card_facts(kind: str, row: pd.Series, lang: str) -> list[tuple[str, str]]:
    """The facts of a station, dam or project card; a dam's with the values its sources disagree on."""
    if kind == "dam":
        conflicts, _ = cache.dam_conflicts()  # a missing or broken file: no such lines (the Dams page names it)
        return dam_facts(row, lang, conflicts=conflicts)
    return {"station": station_facts, "project": project_facts}[kind](row, lang)


def render_card(kind: str, row: pd.Series, lang: str) -> None:
    """A bordered card: title, kind, warnings where due, and every fact as text."""
    title = row.get("name") if kind != "project" else row.get("name_en")
    facts = card_facts(kind, row, lang)
    with st.container(border=True, key=f"card_{kind}"):
        st.markdown(f"#### {md_text(title)}")
        st.caption(t(f"card.{kind}", lang))
        if kind == "project" and row.get("provenance") == "illustrative":
            st.warning(t("card.illustrative_warning", lang))
        render_facts(facts, key=f"card_{kind}_facts")


#: A blank line (only spaces or tabs between two line ends): it would end a raw HTML block.
_BLANK_LINE = re.compile(r"(\r\n?|\n)[ \t]*(\r\n?|\n)")


def render_svg(svg: str) -> None:
    """Show a server-drawn SVG chart (:mod:`lmc_geo.plotting.svg`) inline, at once, with no chart script.

    ``st.html`` strips SVG, so the document goes through markdown as a raw HTML block: wrapped in
    a ``<div>`` and free of blank lines, markdown leaves it untouched. Every text in it was
    escaped when it was drawn. On a page narrower than the chart's smallest scale
    (:data:`lmc_geo.plotting.svg.MIN_SCALE`) the block scrolls sideways rather than shrink the text.
    """
    if _BLANK_LINE.search(svg) or not svg.startswith("<svg"):
        raise ValueError("not a single-block SVG document")
    st.markdown(f'<div class="lmc-svg" style="overflow-x:auto">{svg}</div>', unsafe_allow_html=True)


class FigureRow:
    """A row of key figures, each as wide as its label or value.

    ``st.columns`` gives every figure an equal share of the row, so on a laptop or a projector
    at low resolution a label or even a value ("795,9…") is cut short. Here the figures sit in a
    wrapping horizontal container: where the row is too narrow, the last figures move to a second
    line, whole.
    """

    def __init__(self, key: str) -> None:
        self._row = st.container(horizontal=True, wrap=True, gap="medium", key=key)

    def metric(self, label: str, value, **kwargs):
        """``st.metric`` in the row, as wide as its content."""
        return self._row.metric(label, value, width="content", **kwargs)


def render_events(which: str, lang: str, both_languages: bool = False, sources: bool = True) -> None:
    """A timeline (``"cooperation"`` or ``"data_sharing"``, :mod:`lmc_geo.timeline`) as a static
    table: date, event, source (unless the sources are cited beside it); the pages' one renderer."""
    st.table(cache.timeline_table(which, lang, both_languages, sources))


def clicked_feature(result: dict | None) -> tuple[str, str] | None:
    """(kind, id) of the feature the user clicked, from st_folium's return value."""
    drawing = (result or {}).get("last_active_drawing") or {}
    props = drawing.get("properties") or {}
    if props.get("k") in ("station", "dam", "project") and props.get("fid") is not None:
        return props["k"], str(props["fid"])
    return None


def series_meta_frames() -> tuple[pd.DataFrame | None, pd.DataFrame | None, list[str]]:
    """(sources, datums, error messages): the series metadata, or None with a message naming the file."""
    sources, err_s = cache.series_sources()
    datums, err_d = cache.series_datums()
    return sources, datums, [e for e in (err_s, err_d) if e]


def load_daily(station_id: str, variable: str) -> tuple[pd.DataFrame | None, str | None]:
    """One station's daily record with numeric values (a file with text values still serves its good stations)."""
    return cache.numeric_series(station_id, variable)


def load_band(station_id: str, variable: str, daily: pd.DataFrame) -> pd.DataFrame:
    """Day-of-year band from the store; from the daily frame (pandas reference) if the store fails."""
    band, err = cache.doy_band(station_id, variable)
    if err or band is None:
        return pandas_doy_band(daily)
    return band


def band_of(station_id: str, variable: str, daily: pd.DataFrame, since: int | None) -> pd.DataFrame:
    """The station's day-of-year band: of the whole record (store), or since the last datum shift."""
    if since is None:
        return load_band(station_id, variable, daily)
    return memo.per_frame(daily, "band", lambda: pandas_doy_band(daily))  # once per (shared) record part


def station_link(station_id: str, lang: str) -> None:
    """A link that opens the Hydrology page with the station selected."""
    state.page_link("hydrology", t("hydro.open", lang), {state.QUERY_STATION: str(station_id)},
                    icon=":material/show_chart:")


def render_station_hydrograph(station: pd.Series, lang: str, key: str, year: int | None = None,
                              link: bool = True) -> None:
    """Compact hydrograph of a station (``year``, else the latest year with data, against its day-of-year
    band, alarm and flood lines) and a link that opens the Hydrology page with the station selected.

    Parameters
    ----------
    station : pandas.Series
        A row of the stations layer (``station_id, name, alarm_m, flood_m, datum`` used).
    lang : str
        UI language.
    key : str
        Prefix of the element keys, unique on the calling page.
    """
    sid = str(station["station_id"])
    catalogue, err = cache.series_catalogue()
    if err or catalogue is None:
        st.error(t("hydro.error.series", lang, problem=md_text(err)))
        return
    have = set(catalogue.loc[catalogue["station_id"].astype(str) == sid, "variable"])
    variables = [v for v in VARIABLES if v in have]
    if not variables:
        st.caption(t("hydro.compact.none", lang))
        return
    variable = variables[0]
    daily, err = load_daily(sid, variable)
    if err or daily is None:
        st.error(
            t("hydro.error.load", lang, variable=variable, name=md_text(station.get("name", sid)), problem=md_text(err))
        )
        return
    sources, datums, _ = series_meta_frames()
    filled = series_meta.gap_filled_sources(sources)
    datum = series_meta.datum_of(datums, sid, variable)
    daily, since = series_meta.comparable_part(daily, datum["shift_years"] if variable == "water_level_m" else [])
    shown = series_meta.aggregate_for_display(daily, "daily", filled_sources=filled)
    years = timeseries.years_with_data(shown)
    if not years:
        st.caption(t("hydro.compact.none", lang))
        return
    year = year if year in years else years[0]
    alarm, flood, _ = stages_shown(station, variable, datum)
    band = band_of(sid, variable, daily, since)
    src = daily.loc[pd.to_datetime(daily["date"]).dt.year == year, "source"].astype(str).unique()
    svg = hydro_charts.band_svg(
        band, shown, year, station_name=str(station.get("name", sid)), variable=variable,
        datum=datum.get("datum"), alarm_m=alarm, flood_m=flood, record=f"{years[-1]}-{years[0]}",
        source=source_caption(src, sources, lang), lang=lang,
        title=t("hydro.chart.band_title", lang, name=station.get("name", sid),
                variable=hydro_charts.variable_label(variable, lang).lower(), year=year),
    )
    with st.container(key=f"{key}_hydrograph"):
        render_svg(svg)
    latest = latest_valid(shown)
    if latest is not None:
        pct = status.doy_percentile(daily, latest["date"], float(latest["value"]))
        st.caption(t("hydro.compact.latest", lang, value=value_text(float(latest["value"]), variable, lang),
                     date=format_day(latest["date"], lang),
                     quality=t(f"hydro.quality.{latest['quality']}", lang),
                     percentile="–" if np.isnan(pct) else ordinal(round(pct), lang)))
    if link:
        station_link(sid, lang)


#: A touch screen has no hover to reveal plotly's tool bar, so plotly shows it all the time: on a
#: phone or a tablet it covers the chart's title. There it is hidden; dragging still zooms and a
#: double tap resets the view.
TOUCH_CSS = """
@media (hover: none) and (max-width: 1024px) {
  [data-testid="stPlotlyChart"] .modebar-container { display: none; }
}
"""


def render_page_style() -> None:
    """Send the page-wide rules (``st.html`` with styles only takes no room on the page)."""
    st.html(f"<style>{TOUCH_CSS}</style>")


LOG = logging.getLogger(__name__)


def _briefing_file(request: BriefingRequest, kind: str) -> bytes:
    """Made when the download is clicked (outside the page's run: it reads no session state)."""
    try:
        return briefing_bytes(request, kind)
    except Exception:
        LOG.exception("briefing %s could not be made for %s", kind, request)
        raise


def render_briefing_downloads(request: BriefingRequest, key: str) -> None:
    """"Briefing (PDF)" and "Briefing (PNG)" of what the page shows now, made only when clicked."""
    lang = request.lang
    left, right, note = st.columns([1, 1, 3], vertical_alignment="center")
    for column, kind, label, mime, icon in (
            (left, "pdf", t("briefing.download_pdf", lang), "application/pdf", ":material/picture_as_pdf:"),
            (right, "png", t("briefing.download_png", lang), "image/png", ":material/image:")):
        column.download_button(
            label, data=functools.partial(_briefing_file, request, kind),
            file_name=file_name(request, request.as_of, kind), mime=mime, key=f"{key}_briefing_{kind}",
            on_click="ignore", icon=icon, width="stretch", help=t("briefing.download_help", lang),
        )
    note.caption(t("briefing.download_caption", lang))
