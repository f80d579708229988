"""Projects core: filters, key figures, counts, figures as objects, exports (no Streamlit)."""

from __future__ import annotations

import io
import math
import re

import openpyxl
import pandas as pd
import pytest

from lmc_geo.loaders import read_projects
from lmc_geo.projects import charts as pc
from lmc_geo.projects import export as project_export
from lmc_geo.projects import registry as projects
from lmc_geo.projects import selection as sel
from lmc_geo.schema import COUNTRIES, COUNTRY_COLOURS, THEME_COLOURS, THEMES

HOSTILE = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def registry() -> pd.DataFrame:
    return read_projects()


def frame(rows: list[dict]) -> pd.DataFrame:
    """A typed registry from a few partial records (other fields get plain defaults)."""
    base = {
        "name_en": "Project", "name_zh": "", "theme": "dam_safety", "year_approved": 2020,
        "status": "approved", "budget": math.nan, "currency": None, "lat": 17.9, "lon": 102.6,
        "location_approximate": True, "partner": "", "summary": "", "source_url": None,
        "provenance": "illustrative",
    }
    records = [{**base, "id": f"P{i + 1:02d}", **row} for i, row in enumerate(rows)]
    df = pd.DataFrame(records, columns=list(projects.REQUIRED_COLUMNS))
    df["year_approved"] = df["year_approved"].astype("Int64")
    df["budget"] = df["budget"].astype(float)
    return df


# --------------------------------------------------------------------------- filters


def test_shipped_registry_has_36_with_two_unknown_years(registry):
    assert len(registry) == 36
    assert registry["year_approved"].isna().sum() == 2
    assert sel.year_options(registry) == [2017, 2018, 2019, 2020, sel.YEAR_UNKNOWN]


def test_no_filter_keeps_everything(registry):
    assert len(sel.filter_projects(registry)) == 36
    assert (
        len(sel.filter_projects(registry, countries=COUNTRIES, themes=[], years=[], statuses=[], provenances=[])) == 36
    )


def test_multi_country_project_counts_in_each_country_once_in_totals(registry):
    laos = sel.filter_projects(registry, countries=["LA"])
    cambodia = sel.filter_projects(registry, countries=["KH"])
    both = sel.filter_projects(registry, countries=["LA", "KH"])
    # LMC-P02 (LA;KH;VN) and LMC-P03 (MM;LA;KH) are in both countries.
    shared = set(laos["id"]) & set(cambodia["id"])
    assert shared == {"LMC-P02", "LMC-P03"}
    assert len(both) == len(laos) + len(cambodia) - len(shared)
    counts = sel.counts_by_country(both, ["LA", "KH"])
    assert counts.loc["LA", "total"] == len(laos) and counts.loc["KH", "total"] == len(cambodia)
    assert counts["total"].sum() > sel.key_figures(both)["count"] == len(both)


def test_counts_by_country_all_six_in_upstream_order(registry):
    counts = sel.counts_by_country(registry)
    assert counts.index.tolist() == list(COUNTRIES)
    assert (counts["documented"] + counts["illustrative"] == counts["total"]).all()
    # Every project counts once per country it is in.
    assert counts["total"].sum() == sum(len(cs) for cs in registry["countries"])


def test_theme_year_status_provenance_filters(registry):
    dam_safety = sel.filter_projects(registry, themes=["dam_safety"])
    assert set(dam_safety["theme"]) == {"dam_safety"} and len(dam_safety) == 6
    assert len(sel.filter_projects(registry, years=[2020])) == 18
    unknown = sel.filter_projects(registry, years=[sel.YEAR_UNKNOWN])
    assert set(unknown["id"]) == {"LMC-P02", "LMC-P03"}
    assert len(sel.filter_projects(registry, years=[2020, sel.YEAR_UNKNOWN])) == 20
    assert len(sel.filter_projects(registry, provenances=["documented"])) == 5
    assert len(sel.filter_projects(registry, statuses=["completed"])) == 8
    # The question staff are asked: Cambodia, dam safety.
    answer = sel.filter_projects(registry, countries=["KH"], themes=["dam_safety"])
    assert answer["id"].tolist() == ["LMC-P02"]


def test_filters_combine_with_and():
    df = frame([
        {"countries": ("LA",), "theme": "dam_safety", "provenance": "documented", "source_url": "https://x.org/"},
        {"countries": ("LA",), "theme": "water_infrastructure"},
        {"countries": ("TH",), "theme": "dam_safety"},
    ])
    out = sel.filter_projects(df, countries=["LA"], themes=["dam_safety"], provenances=["documented"])
    assert out["id"].tolist() == ["P01"]
    assert sel.filter_projects(df, countries=["VN"]).empty


# --------------------------------------------------------------------------- key figures


def test_key_figures_of_the_shipped_registry(registry):
    f = sel.key_figures(registry)
    assert f["count"] == 36 and f["countries"] == 6
    assert f["illustrative"] == 31 and f["documented"] == 5
    assert f["share_illustrative"] == pytest.approx(31 / 36)
    assert f["budget"] == {} and f["budget_known"] == 0  # no budget is published


def test_key_figures_budget_per_currency_and_empty_selection():
    df = frame([
        {"countries": ("LA", "KH"), "budget": 1_000_000.0, "currency": "CNY"},
        {"countries": ("LA",), "budget": 500_000.0, "currency": "CNY"},
        {"countries": ("TH",), "budget": 20_000.0, "currency": "USD", "provenance": "documented",
         "source_url": "https://x.org/"},
        {"countries": ("VN",)},
    ])
    f = sel.key_figures(df)
    assert f["budget"] == {"CNY": 1_500_000.0, "USD": 20_000.0}
    assert f["budget_known"] == 3 and f["countries"] == 4 and f["count"] == 4
    empty = sel.key_figures(df.iloc[0:0])
    assert empty["count"] == 0 and empty["share_illustrative"] == 0.0 and empty["budget"] == {}


# --------------------------------------------------------------------------- figures


def _bars(fig):
    return [tr for tr in fig.data if tr.type == "bar"]


def test_country_figure_uses_country_colours_and_hatches_illustrative(registry):
    fig = pc.country_figure(registry)
    documented, illustrative = _bars(fig)[:2]
    assert list(documented.marker.color) == [COUNTRY_COLOURS[c] for c in COUNTRIES]
    assert list(illustrative.marker.line.color) == [COUNTRY_COLOURS[c] for c in COUNTRIES]
    assert documented.marker.pattern.shape in (None, "")
    assert illustrative.marker.pattern.shape == "/" and illustrative.marker.color == "#ffffff"
    assert list(documented.y) == ["China", "Myanmar", "Laos", "Thailand", "Cambodia", "Vietnam"]
    # Values per country match the counts (multi-country projects in each).
    counts = sel.counts_by_country(registry)
    assert list(documented.x) == counts["documented"].tolist()
    assert list(illustrative.x) == counts["illustrative"].tolist()
    assert fig.layout.barmode == "stack" and fig.layout.plot_bgcolor == "#ffffff"
    assert "Source" in fig.layout.annotations[-1].text


def test_theme_figure_colours_equal_schema(registry):
    fig = pc.theme_figure(registry)
    documented, illustrative = _bars(fig)[:2]
    assert list(documented.marker.color) == [THEME_COLOURS[th] for th in THEMES]
    assert list(illustrative.marker.pattern.fgcolor) == [THEME_COLOURS[th] for th in THEMES]
    assert sum(documented.x) + sum(illustrative.x) == 36  # each project once


def test_year_figure_one_colour_per_theme_and_unknown_year_bar(registry):
    fig = pc.year_figure(registry)
    series = [tr for tr in _bars(fig) if tr.legendgroup in THEMES]
    assert len(series) == 2 * len(THEMES)
    for tr in series:
        colour = tr.marker.line.color
        assert colour == THEME_COLOURS[tr.legendgroup]
        is_hatched = tr.marker.pattern.shape == "/"
        assert is_hatched == ("illustrative" in tr.hovertemplate)
    assert list(series[0].x)[-1].replace("<br>", " ") == "Year unknown"
    assert sum(sum(tr.y) for tr in series) == 36
    per_year = [sum(tr.y[i] for tr in series) for i in range(5)]
    assert per_year == [4, 6, 6, 18, 2]


def test_legend_explains_hatching(registry):
    for fig in (pc.country_figure(registry), pc.theme_figure(registry), pc.year_figure(registry)):
        keys = [tr for tr in fig.data if tr.showlegend]
        assert [k.name for k in keys] == ["Documented", "Illustrative (hatched)"]
        assert keys[1].marker.pattern.shape == "/"


def test_figures_of_an_empty_selection_do_not_fail(registry):
    empty = registry.iloc[0:0]
    assert pc.country_figure(empty, countries=["LA"]).data
    pc.theme_figure(empty)
    pc.year_figure(empty)


def test_country_theme_figure_counts_each_country_and_hatches_illustrative(registry):
    fig = pc.country_theme_figure(registry)
    bars = [tr for tr in fig.data if sum(tr.x)]
    hatched = [tr for tr in bars if tr.marker.pattern and tr.marker.pattern.shape == "/"]
    solid = [tr for tr in bars if not (tr.marker.pattern and tr.marker.pattern.shape)]
    assert hatched and solid
    assert all("(illustrative)" in tr.hovertemplate for tr in hatched)
    assert all(tr.marker.pattern.fgcolor == tr.marker.line.color for tr in hatched)  # same hue
    assert {tr.marker.line.color for tr in bars} <= set(THEME_COLOURS.values())
    assert sum(sum(tr.x) for tr in bars) == sum(len(cs) for cs in registry.countries)
    per_country = sel.counts_by_country(registry)["total"]
    names = list(bars[0].y)
    totals = {n: sum(tr.x[names.index(n)] for tr in bars) for n in names}
    assert totals == {COUNTRY_NAMES[c]: int(per_country[c]) for c in per_country.index if per_country[c]}
    assert [tr.name for tr in fig.data if tr.showlegend and tr.legendgroup.startswith("key-")] == [
        "Documented", "Illustrative (hatched)"]


COUNTRY_NAMES = {"CN": "China", "MM": "Myanmar", "LA": "Laos", "TH": "Thailand", "KH": "Cambodia", "VN": "Vietnam"}


def test_counts_by_country_theme_add_up_to_counts_by_country(registry):
    by_theme = sel.counts_by_country_theme(registry, ["LA", "KH"])
    total = sum(tab["total"] for tab in by_theme.values())
    assert total.to_dict() == sel.counts_by_country(registry, ["LA", "KH"])["total"].to_dict()
    assert list(by_theme) == list(THEMES)


# --------------------------------------------------------------------------- exports


def test_csv_export_round_trips_through_the_import(registry):
    data = project_export.export_csv(registry)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM so Excel reads the Chinese names
    raw = projects.read_upload(data, "export.csv")
    assert projects.validate_registry(raw) == []
    back = projects.parse_registry(raw)
    pd.testing.assert_frame_equal(back.reset_index(drop=True), registry.reset_index(drop=True), check_dtype=False)


def test_csv_export_has_every_field_provenance_and_joined_countries(registry):
    rows = list(pd.read_csv(io.BytesIO(project_export.export_csv(registry)), encoding="utf-8-sig", dtype=str,
                            keep_default_na=False).itertuples(index=False))
    assert len(rows) == 36
    header = pd.read_csv(
        io.BytesIO(project_export.export_csv(registry)), encoding="utf-8-sig", nrows=0
    ).columns.tolist()
    assert header == list(projects.REQUIRED_COLUMNS)
    by_id = {r.id: r for r in rows}
    assert by_id["LMC-P02"].countries == "LA;KH;VN"
    assert by_id["LMC-P06"].provenance == "illustrative" and by_id["LMC-P01"].provenance == "documented"
    assert by_id["LMC-P02"].year_approved == ""


@pytest.mark.parametrize("text", ["=1+1", "+A1", "-2+3", "@SUM(A1:A2)", "\tx", "\r=1", '=HYPERLINK("http://e.x","y")'])
def test_formula_injection_guard_in_csv_and_xlsx(text):
    df = frame([{"countries": ("LA",), "name_en": text, "partner": text, "summary": HOSTILE}])
    row = pd.read_csv(
        io.BytesIO(project_export.export_csv(df)), encoding="utf-8-sig", dtype=str, keep_default_na=False
    ).iloc[0]
    assert row["name_en"].startswith("'") and row["name_en"][1:].strip() == text.strip()
    assert row["partner"].startswith("'")
    assert row["summary"] == HOSTILE  # markup kept as plain text
    book = openpyxl.load_workbook(io.BytesIO(project_export.export_xlsx(df)))
    sheet = book["Projects"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("name_en") + 1)
    assert cell.data_type == "s" and cell.value.startswith("'")
    assert sheet.cell(row=2, column=header.index("summary") + 1).value == HOSTILE


def test_numbers_are_not_prefixed():
    df = frame([{"countries": ("LA",), "budget": 1500000.0, "currency": "CNY", "lat": 17.9667, "lon": 102.6}])
    row = pd.read_csv(
        io.BytesIO(project_export.export_csv(df)), encoding="utf-8-sig", dtype=str, keep_default_na=False
    ).iloc[0]
    assert (row["budget"], row["lat"], row["lon"], row["year_approved"]) == ("1500000", "17.9667", "102.6", "2020")
    sheet = openpyxl.load_workbook(io.BytesIO(project_export.export_xlsx(df)))["Projects"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("budget") + 1).value == 1500000
    assert sheet.cell(row=2, column=header.index("year_approved") + 1).value == 2020


def test_xlsx_export_rows_provenance_and_about_sheet(registry):
    book = openpyxl.load_workbook(io.BytesIO(project_export.export_xlsx(registry, about=[("Countries", "Laos")])))
    assert book.sheetnames == ["Projects", "About"]
    sheet = book["Projects"]
    header = [c.value for c in sheet[1]]
    assert header == list(projects.REQUIRED_COLUMNS)
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(values) == 36
    prov = header.index("provenance")
    assert sum(v[prov] == "illustrative" for v in values) == 31
    assert {v[header.index("countries")] for v in values} >= {"LA;KH;VN", "MM;LA;KH"}
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Countries"] == "Laos" and about["Of which illustrative"] == "31"
    assert "illustrative" in about["Source"]


def test_xlsx_export_survives_control_characters():
    df = frame([{"countries": ("LA",), "summary": "bad\x00\x07text"}])
    sheet = openpyxl.load_workbook(io.BytesIO(project_export.export_xlsx(df)))["Projects"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("summary") + 1).value == "bad\ufffd\ufffdtext"


def test_excel_export_reads_in_chinese():
    book = openpyxl.load_workbook(io.BytesIO(project_export.export_xlsx(read_projects(), lang="zh")))
    assert book.sheetnames == ["项目", "说明"]
    about = dict(book["说明"].iter_rows(values_only=True))
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", about["导出日期"])
