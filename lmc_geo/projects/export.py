"""The project table as a spreadsheet: CSV and Excel with formula-looking text guarded, loading back unchanged."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

from lmc_geo.i18n import format_day, t
from lmc_geo.projects.registry import REQUIRED_COLUMNS
from lmc_geo.projects.selection import key_figures
from lmc_geo.text import guard_formula

#: Columns of the export that hold free text (numbers are never prefixed).
_NUMERIC_EXPORT = {"year_approved", "budget", "lat", "lon"}


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

    def clean(value: Any) -> Any:
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value

    book = Workbook()
    sheet = book.active
    sheet.title = t("projects.export.sheet_projects", lang)
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

    notes = book.create_sheet(t("projects.export.sheet_about", lang))
    figures = key_figures(df)
    lines = [
        (t("projects.export.title", lang), ""),
        (t("projects.export.source", lang), t("projects.export.source_text", lang)),
        (t("projects.export.date", lang), format_day(_dt.date.today(), lang)),
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
