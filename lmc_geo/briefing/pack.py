"""Briefings as files, for the command line: one briefing (PDF and PNG beside it), or a meeting pack
of one briefing per country with an index page.

Every file is made in memory first and then written whole (a temporary file and one rename), so a
refused or failed run leaves no partial file behind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import typst

from lmc_geo.briefing import fonts
from lmc_geo.briefing.content import BriefingRequest, gather, key_figures
from lmc_geo.briefing.document import Document, make_document, write_atomically
from lmc_geo.i18n import country_label, country_list, format_day, format_number, t
from lmc_geo.schema import COUNTRIES

INDEX_TEMPLATE = Path(__file__).with_name("index.typ")


@dataclass(frozen=True)
class Written:
    """What a run wrote."""

    files: tuple[Path, ...]


def briefing_files(request: BriefingRequest, out: Path, base: Path | None = None) -> tuple[Document, Written]:
    """Make one briefing and write ``out`` (the PDF) and the PNG of its first page beside it."""
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        out = out.with_suffix(".pdf")
    document = make_document(gather(request, base))
    png = out.with_suffix(".png")
    write_atomically(document.pdf, out)
    write_atomically(document.png, png)
    return document, Written((out, png))


def file_stem(code: str, lang: str) -> str:
    """The file name of a country's briefing in a pack, e.g. ``briefing-LA-zh``."""
    return f"briefing-{code}-{lang}"


def meeting_pack(request: BriefingRequest, folder: Path, base: Path | None = None) -> Written:
    """One briefing per country of ``request`` (PDF and PNG each) and ``index.pdf`` listing them.

    All are made before any is written: a country that fails stops the run with nothing written.
    """
    folder = Path(folder)
    made: list[tuple[str, Document, dict]] = []
    for code in request.countries or COUNTRIES:
        one = request.for_countries((code,))
        briefing = gather(one, base)
        made.append((code, make_document(briefing), key_figures(briefing)))
    index = _index_pdf(made, request, briefing.as_of, briefing.made)
    files = []
    for code, document, _ in made:
        stem = folder / file_stem(code, request.lang)
        write_atomically(document.pdf, stem.with_suffix(".pdf"))
        write_atomically(document.png, stem.with_suffix(".png"))
        files += [stem.with_suffix(".pdf"), stem.with_suffix(".png")]
    write_atomically(index, folder / "index.pdf")
    return Written((folder / "index.pdf", *files))


def _index_pdf(made: list, request: BriefingRequest, as_of: str, day) -> bytes:
    lang = request.lang
    rows = [[country_label(code, lang), format_number(figures["stations"], lang), format_number(figures["dams"], lang),
             format_number(figures["projects"], lang), f"{file_stem(code, lang)}.pdf"]
            for code, _, figures in made]
    data = {
        "lang": lang, "fonts": list(fonts.FAMILIES), "title": t("briefing.index.title", lang),
        "subtitle": t("briefing.subtitle", lang, countries=country_list([c for c, _, _ in made], lang),
                      day=format_day(as_of, lang)),
        "header": [t("briefing.index.col_country", lang), t("briefing.kf.stations", lang),
                   t("briefing.kf.dams", lang), t("briefing.kf.projects", lang), t("briefing.index.col_file", lang)],
        "rows": rows, "footer": t("briefing.footer", lang, made=format_day(day, lang)),
    }
    return typst.compile(str(INDEX_TEMPLATE), font_paths=[fonts.font_folder()], ignore_system_fonts=True,
                         sys_inputs={"data": json.dumps(data, ensure_ascii=False)}, pdf_tags=False)
