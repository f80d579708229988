"""The briefing document: an A4 landscape PDF, and a PNG of its first page, in the reader's language.

Page 1 holds the map, the key figures and the gauges' status on the chosen day; then the
cooperation projects of the countries (illustrative records marked as on screen), a dams summary,
the selected station's hydrograph against its band, and the sources with their licences and the
day the briefing was made. typst sets the pages with the embedded Noto fonts (shaping Thai, Lao,
Khmer and Burmese correctly); every word and number goes in as data, never as markup.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import typst

from lmc_geo import i18n, sources
from lmc_geo.briefing import fonts
from lmc_geo.briefing.content import Briefing, BriefingRequest, gather, key_figures
from lmc_geo.briefing.hydrograph import draw_hydrograph
from lmc_geo.briefing.static_map import StaticMap, draw_map
from lmc_geo.dams import registry as dams
from lmc_geo.hydrology.status import status_legend
from lmc_geo.i18n import country_list, format_day, format_number, t
from lmc_geo.schema import COUNTRIES, DAM_STATUSES

TEMPLATE = Path(__file__).with_name("briefing.typ")
#: Resolution of the PNG of page 1 (A4 landscape at 150 ppi: 1754 × 1240 pixels).
PNG_PPI = 150
#: Most gauges listed by name on page 1 (the rest are counted in the status table).
MAX_GAUGES_LISTED = 14


@dataclass(frozen=True)
class Document:
    """A made briefing: the PDF, the PNG of its first page, and what its map drew."""

    pdf: bytes
    png: bytes
    map_counts: dict[str, int]


def _project_name(row, lang: str) -> str:
    if lang == "zh" and isinstance(row.get("name_zh"), str) and row.get("name_zh").strip():
        return row["name_zh"]
    return str(row["name_en"])


def _value(value, digits: int, lang: str, unit: str = "") -> str:
    if value is None or pd.isna(value):
        return t("card.unknown", lang)
    text = format_number(float(value), lang, digits)
    return f"{text} {unit}".strip()


def own_names(countries, lang: str) -> str:
    """The countries in the reader's language, each with its own name in its own script.

    >>> own_names(("LA", "KH"), "en")
    'Laos (ລາວ) and Cambodia (កម្ពុជា)'
    """
    labels = []
    for code in countries:
        name, own = i18n.country_name(code, lang), i18n.native_country_name(code)
        labels.append(name if name == own else t("briefing.own_name", lang, name=name, own=own))
    return i18n.text_list(labels, lang)


def document_data(briefing: Briefing, drawn: StaticMap) -> dict:
    """Every text of the document in the reader's language, as the template reads it."""
    lang = briefing.lang
    countries = briefing.request.countries
    figures = key_figures(briefing)
    legend = {row["status"]: row for row in status_legend(lang)}
    status = briefing.status
    names = briefing.stations.set_index(briefing.stations["station_id"].astype(str))
    status_rows = []
    for key, row in legend.items():
        count = int((status["status"] == key).sum()) + (
            len(briefing.stations) - len(status) if key == "no_data" else 0)
        status_rows.append([row["label"], format_number(count, lang)])
    notable = status[status["status"].isin(["flood", "alarm", "low"])]
    if len(briefing.stations) <= MAX_GAUGES_LISTED:
        notable = status
    gauges = [[str(names.at[r.station_id, "name"]) if r.station_id in names.index else r.station_id,
               legend.get(r.status, {}).get("label", r.status), _value(r.value, 2, lang, "m")]
              for r in notable.head(MAX_GAUGES_LISTED).itertuples()]

    projects = briefing.projects.sort_values("id")
    marks = [i for i, prov in enumerate(projects["provenance"]) if prov == "illustrative"]
    project_rows = [[
        str(r["id"]), _project_name(r, lang), country_list(r["countries"], lang), t(f"theme.{r['theme']}", lang),
        "" if pd.isna(r.get("year_approved")) else str(int(r["year_approved"])),
        t(f"projects.status.{r['status']}", lang) if r.get("status") else t("projects.status.unknown", lang),
        t(f"provenance.{r['provenance']}", lang),
    ] for _, r in projects.iterrows()]

    dam_rows = []
    for status_key in DAM_STATUSES:
        part = briefing.dams[briefing.dams["status"] == status_key]
        dam_rows.append([t("status." + status_key, lang), format_number(len(part), lang),
                         format_number(dams.key_figures(part)["capacity_mw"], lang)])
    mainstream = briefing.dams[briefing.dams["mainstream"].fillna(False).astype(bool)]
    if "river_km" in mainstream:
        mainstream = mainstream.sort_values("river_km", ascending=False)
    mainstream_rows = [[str(r["name"]), i18n.country_name(r["iso2"], lang), t("status." + str(r["status"]), lang),
                        _value(r["capacity_mw"], 0, lang), "" if pd.isna(r["completion_year"]) else
                        str(int(r["completion_year"]))] for _, r in mainstream.iterrows()]

    station = briefing.station_row
    station_title = station_caption = ""
    if station is not None:
        station_title = t("briefing.station.title", lang, name=str(station["name"]),
                          year=pd.Timestamp(briefing.as_of).year)
        station_caption = t("briefing.station.caption", lang, country=i18n.country_name(station["iso2"], lang),
                            day=format_day(briefing.as_of, lang))
    made = format_day(briefing.made, lang)
    source_rows = [[s.title, s.provider, s.licence] for s in
                   (sources.in_language(src, lang) for src in sources.SOURCES) if s.title]
    return {
        "lang": lang,
        "fonts": list(fonts.FAMILIES),
        "title": t("briefing.title", lang),
        "author": t("app.title", lang),
        "subtitle": t("briefing.subtitle", lang, countries=own_names(countries, lang),
                      day=format_day(briefing.as_of, lang)),
        "footer": t("briefing.footer", lang, made=made),
        "figures_title": t("briefing.figures", lang),
        "figures": [
            [t("briefing.kf.countries", lang), format_number(figures["countries"], lang)],
            [t("briefing.kf.stations", lang), format_number(figures["stations"], lang)],
            [t("briefing.kf.dams", lang), format_number(figures["dams"], lang)],
            [t("briefing.kf.capacity", lang), t("unit.MW", lang, value=format_number(figures["capacity_mw"], lang))],
            [t("briefing.kf.projects", lang), format_number(figures["projects"], lang)],
        ],
        "status_title": t("briefing.status.title", lang, day=format_day(briefing.as_of, lang)),
        "status_header": [t("briefing.status.col_status", lang), t("briefing.status.col_count", lang)],
        "status_rows": status_rows,
        "status_note": t("briefing.status.note", lang),
        "gauges_header": [t("briefing.gauges.col_name", lang), t("briefing.status.col_status", lang),
                          t("briefing.gauges.col_value", lang)],
        "gauges": gauges,
        "map_source": t("briefing.map_source", lang, made=made),
        "projects_title": t("briefing.projects.title", lang, count=len(projects)),
        "projects_note": t("briefing.projects.note", lang, count=len(marks)),
        "projects_empty": t("briefing.projects.empty", lang, countries=country_list(countries, lang)),
        "projects_header": [t("projects.col.id", lang), t("briefing.projects.col_name", lang),
                            t("projects.col.countries", lang), t("projects.col.theme", lang),
                            t("briefing.projects.col_year", lang), t("projects.col.status", lang),
                            t("projects.col.provenance", lang)],
        "projects": project_rows,
        "projects_marks": marks,
        "dams_title": t("briefing.dams.title", lang, count=len(briefing.dams)),
        "dams_note": t("briefing.dams.note", lang),
        "dams_status_header": [t("card.status", lang), t("briefing.dams.col_count", lang),
                               t("briefing.dams.col_capacity", lang)],
        "dams_status": dam_rows,
        "mainstream_title": t("briefing.dams.mainstream", lang),
        "mainstream_empty": t("briefing.dams.mainstream_empty", lang),
        "mainstream_header": [t("dams.col.name", lang), t("dams.col.country", lang), t("card.status", lang),
                              t("briefing.dams.col_capacity", lang), t("card.year", lang)],
        "mainstream": mainstream_rows,
        "station_title": station_title,
        "station_caption": station_caption,
        "station_missing": t("briefing.station.missing", lang, day=format_day(briefing.as_of, lang)),
        "station_source": briefing.series_source,
        "sources_title": t("briefing.sources.title", lang),
        "sources_header": [t("briefing.sources.col_title", lang), t("briefing.sources.col_provider", lang),
                           t("briefing.sources.col_licence", lang)],
        "sources": source_rows,
        "fonts_line": t("briefing.sources.fonts", lang),
        "made_line": t("briefing.sources.made", lang, made=made),
        "map_counts": drawn.counts,
    }


def make_document(briefing: Briefing, pdf: bool = True, png: bool = True) -> Document:
    """Draw the map and hydrograph, set the pages, and return the PDF and the PNG of page 1
    (either left empty when not asked for)."""
    folder = fonts.font_folder()
    drawn = draw_map(briefing)
    hydrograph = b""
    if briefing.station_row is not None and briefing.series is not None:
        hydrograph = draw_hydrograph(briefing.series, briefing.band, briefing.station_row, briefing.as_of,
                                     briefing.lang) or b""
    inputs = {"data": json.dumps(document_data(briefing, drawn), ensure_ascii=False),
              "map": drawn.svg.decode("utf-8"), "hydrograph": hydrograph.decode("utf-8")}
    options = {"font_paths": [folder], "ignore_system_fonts": True, "sys_inputs": inputs, "pdf_tags": False}
    pdf_bytes = typst.compile(str(TEMPLATE), **options) if pdf else b""
    png_bytes = b""
    if png:
        pages = typst.compile(str(TEMPLATE), format="png", ppi=PNG_PPI,
                              **{k: v for k, v in options.items() if k != "pdf_tags"})
        png_bytes = pages[0] if isinstance(pages, list) else pages
    return Document(pdf_bytes, png_bytes, drawn.counts)


def briefing_bytes(request: BriefingRequest, kind: str, base: Path | None = None) -> bytes:
    """The briefing of ``request`` as ``"pdf"`` or ``"png"`` bytes (made when a download asks for it)."""
    document = make_document(gather(request, base), pdf=kind == "pdf", png=kind == "png")
    return document.pdf if kind == "pdf" else document.png


def file_name(request: BriefingRequest, as_of: str | None, kind: str) -> str:
    """A download's file name: countries, day and language, e.g. ``briefing-LA-KH-2008-08-15-zh.pdf``.

    >>> file_name(BriefingRequest(("LA", "KH"), "zh"), "2008-08-15", "pdf")
    'briefing-LA-KH-2008-08-15-zh.pdf'
    """
    countries = "all" if tuple(request.countries) == COUNTRIES else "-".join(request.countries)
    day = f"-{as_of}" if as_of else ""
    return f"briefing-{countries}{day}-{request.lang}.{kind}"


def write_atomically(data: bytes, dest: Path) -> None:
    """Write ``dest`` whole or not at all: a temporary file beside it, then one rename."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
