"""AppTest of the Projects page: filters, key figures, map = table, card, exports, import."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest

from lmc_geo.projects import export as project_export
from lmc_geo.projects import registry as projects
from lmc_geo.ui import projects as ui
from tests.app.conftest import card_facts, facts_tables, map_args, page_test
from tests.conftest import tree_hashes

HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">'
HOSTILE_PARTNER = "<script>window.__pwned=2</script>"
HOSTILE_SUMMARY = "**bold** [link](javascript:alert(2)) - <b>x</b>"


def table(at) -> pd.DataFrame:
    return at.dataframe(key=ui.TABLE_KEY).value


def problems_table(at) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Problem" in d.value.columns)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def map_projects(at) -> int:
    """Project markers in the map's script (the layer states its size; older builds: one feature each)."""
    script = map_args(at)["script"]
    stated = re.search(r"/\*lmc-layer:project:(\d+)\*/", script)
    return int(stated.group(1)) if stated else script.count('"k": "project"')


def test_default_view_shows_all_36_with_banner_map_charts_and_exports():
    at = page_test("projects").run()
    assert not at.exception and not at.error
    assert len(table(at)) == 36
    assert metrics(at) == {
        "Projects": "36",
        "Countries with projects": "6 / 6",
        "Total budget where published": "Not published",
        "Illustrative records": "86%",
    }
    banner = at.warning[0].value
    assert "31 of the 36 records are illustrative" in banner and "import-projects" in banner
    args = map_args(at)
    assert map_projects(at) == 36
    assert not re.search(r'lmc-layer:(dam|station)|"k": "(dam|station)"', args["script"])
    assert all(link.startswith("/app/static/") for link in args["js_links"] + args["css_links"])
    assert len(at.get("plotly_chart")) == 3
    labels = [b.label for b in at.get("download_button")]
    assert "Download CSV (rows: 36)" in labels and "Download Excel (rows: 36)" in labels
    assert "Download the template (CSV)" in labels


def test_table_marks_provenance_and_links_only_http_sources():
    at = page_test("projects").run()
    frame = table(at).set_index("id")
    assert frame.loc["LMC-P06", "provenance"] == "illustrative"
    assert frame.loc["LMC-P01", "provenance"] == "documented"
    assert frame.loc["LMC-P06", "source"] is None or pd.isna(frame.loc["LMC-P06", "source"])
    assert frame.loc["LMC-P01", "source"].startswith("https://")
    assert frame.loc["LMC-P02", "countries"] == "Laos, Cambodia, Vietnam"


def test_theme_filter_widget_changes_table_map_and_figures():
    at = page_test("projects").run()
    at.multiselect(key=ui.THEME_KEY).select("dam_safety").run()
    assert not at.exception
    frame = table(at)
    assert len(frame) == 6 and set(frame["theme"]) == {"Dam safety"}
    assert metrics(at)["Projects"] == "6"
    assert map_projects(at) == 6
    assert "Download CSV (rows: 6)" in [b.label for b in at.get("download_button")]


def test_provenance_filter_documented_only():
    at = page_test("projects").run()
    at.multiselect(key=ui.PROVENANCE_KEY).select("documented").run()
    assert len(table(at)) == 5
    assert metrics(at)["Illustrative records"] == "0%"
    assert map_projects(at) == 5


def test_year_unknown_option_keeps_the_two_undated_records():
    at = page_test("projects").run()
    year = at.multiselect(key=ui.YEAR_KEY)
    assert "Year unknown" in [str(o) for o in year.options]
    year.select("unknown").run()
    assert sorted(table(at)["id"]) == ["LMC-P02", "LMC-P03"]


def test_seeded_country_selection_and_theme():
    at = page_test("projects", countries=["KH"]).run()
    assert not at.exception
    frame = table(at)
    assert all("Cambodia" in cs for cs in frame["countries"])
    assert len(frame) == map_projects(at) == 8
    assert metrics(at)["Projects"] == "8"
    assert any("Countries: Cambodia" in c.value for c in at.caption)
    at.multiselect(key=ui.THEME_KEY).select("dam_safety").run()
    assert table(at)["id"].tolist() == ["LMC-P02"]  # Cambodia, dam safety: the multi-country project
    assert map_projects(at) == 1


def test_empty_selection_says_so():
    at = page_test("projects", countries=["CN"]).run()
    at.multiselect(key=ui.THEME_KEY).select("dam_safety").run()
    at.multiselect(key=ui.PROVENANCE_KEY).select("documented").run()
    assert not at.exception
    assert len(table(at)) == 0 and map_projects(at) == 0
    assert any("No project matches" in i.value for i in at.info)


def test_card_of_a_chosen_project_has_every_field_and_its_source():
    at = page_test("projects", **{ui.CARD_KEY: "LMC-P02"}).run()
    assert not at.exception
    facts = card_facts(at)
    assert facts["Project id"] == "LMC-P02"
    assert facts["Countries"] == "Laos · ລາວ, Cambodia · កម្ពុជា, Vietnam · Việt Nam"  # with their own names
    assert facts["Year approved"] == "unknown" and facts["Status"] == "Not published"
    assert facts["Provenance"] == "documented"
    assert facts["Source"].startswith("https://www.lmcwater.org.cn/")
    assert at.get("link_button")[0].proto.url.startswith("https://www.lmcwater.org.cn/")


def test_card_of_an_illustrative_project_is_marked():
    at = page_test("projects", **{ui.CARD_KEY: "LMC-P06"}).run()
    assert any("Illustrative record" in w.value for w in at.warning[1:])
    assert card_facts(at)["Provenance"] == "illustrative"
    assert not at.get("link_button")


def test_card_is_dropped_when_its_project_is_filtered_out():
    at = page_test("projects", countries=["LA"], **{ui.CARD_KEY: "LMC-P06"}).run()
    assert not at.exception and not facts_tables(at)
    assert at.selectbox(key=ui.CARD_KEY).value is None


@pytest.fixture
def hostile_registry(data_copy):
    registry = projects.read_registry(data_copy / "projects.csv")
    registry.loc[registry["id"] == "LMC-P06", ["name_en", "partner", "summary"]] = [
        HOSTILE_NAME, HOSTILE_PARTNER, HOSTILE_SUMMARY]
    registry.loc[registry["id"] == "LMC-P07", "name_en"] = "=HYPERLINK(\"http://e.x\",\"click\")"
    projects.write_registry(registry, data_copy / "projects.csv", backup=False)
    return data_copy


def test_hostile_text_stays_text_in_table_card_and_map(hostile_registry):
    at = page_test("projects", **{ui.CARD_KEY: "LMC-P06"}).run()
    assert not at.exception
    frame = table(at).set_index("id")
    assert frame.loc["LMC-P06", "name_en"] == HOSTILE_NAME
    assert frame.loc["LMC-P06", "partner"] == HOSTILE_PARTNER
    title = next(h.value for h in at.subheader if "img" in h.value)
    assert not re.search(r"(?<!\\)<img", title)
    facts = card_facts(at)
    assert facts["Partner"] == HOSTILE_PARTNER and facts["Summary"] == HOSTILE_SUMMARY
    # No element carries raw HTML but the card's own fact table, whose every text is escaped.
    assert not at.get("html")
    own_tags = {"div", "style", "table", "tbody", "tr", "th", "td", "br"}
    for m in at.markdown:
        if m.proto.allow_html:
            assert set(re.findall(r"<\s*/?\s*([a-zA-Z]+)", m.value)) <= own_tags, m.value
    # The map's tooltip text is data, set with textContent by the map's own script.
    assert "window.__pwned=1" in map_args(at)["script"] and "textContent = p.tip" in map_args(at)["script"]


def test_exports_guard_formulas_and_keep_markup_as_text(hostile_registry):

    at = page_test("projects").run()
    registry = projects.read_registry(hostile_registry / "projects.csv")
    rows = pd.read_csv(io.BytesIO(project_export.export_csv(registry)), encoding="utf-8-sig", dtype=str,
                       keep_default_na=False).set_index("id")
    assert rows.loc["LMC-P06", "name_en"] == HOSTILE_NAME
    assert rows.loc["LMC-P07", "name_en"].startswith("'=HYPERLINK")
    assert not at.exception


# --------------------------------------------------------------------------- import


def _upload(at, name: str, data: bytes):
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    return at


def bad_csv() -> bytes:
    good = projects.template_csv().decode().splitlines()
    header, row = good[0], good[1]
    bad = row.replace("water_infrastructure", "irrigation").replace("LA;KH", "LA;XX")
    return "\n".join([header, row.replace("LMC-P01", "LMC-P02"), bad, bad.replace("17.9667", "45.0")]).encode()


def test_bad_import_lists_every_problem_and_changes_nothing(data_copy):
    before = tree_hashes(data_copy)
    at = page_test("projects").run()
    _upload(at, "official.csv", bad_csv())
    assert not at.exception
    assert any(re.search(r"\d+ problems\. Nothing was changed", e.value) for e in at.error)  # plural form of the count
    problems = problems_table(at)
    # Numbered as a spreadsheet shows the file: header on line 1, the bad records on lines 3 and 4.
    cells = set(zip(problems["Line"].astype(str), problems["Column"]))
    assert {("3", "theme"), ("3", "countries"), ("4", "lat"), ("4", "id")} <= cells
    assert not {line for line, _ in cells} & {"1", "2"}
    assert not [b for b in at.button if b.key == "projects_import_go"]  # nothing to confirm
    assert tree_hashes(data_copy) == before
    assert len(table(at)) == 36


def test_problems_skip_no_line_after_a_blank_one(data_copy):
    header, *records = bad_csv().decode().splitlines()
    with_blank = "\n".join([header, records[0], "", records[1]]).encode()  # the bad record on line 4
    at = page_test("projects").run()
    _upload(at, "official.csv", with_blank)
    problems = problems_table(at)
    assert set(problems["Line"].astype(str)) == {"4"}


def test_unreadable_upload_is_refused(data_copy):
    before = tree_hashes(data_copy)
    at = page_test("projects").run()
    _upload(at, "official.xlsx", b"not a workbook")
    problems = problems_table(at)
    assert "not an Excel .xlsx workbook" in problems["Problem"].iloc[0]
    assert tree_hashes(data_copy) == before


def good_xlsx() -> bytes:
    raw = projects.read_upload(projects.template_csv(), "t.csv")
    rows = []
    for i, (code, lat, lon) in enumerate([("KH", 11.55, 104.92), ("VN", 10.03, 105.78), ("TH", 15.23, 104.86)]):
        rows.append({**raw.iloc[0].to_dict(), "id": f"OFF-{i + 1}", "name_en": f"Official project {i + 1}",
                     "countries": code, "lat": str(lat), "lon": str(lon), "theme": "dam_safety"})
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(raw.columns))
    for r in rows:
        sheet.append([r[c] for c in raw.columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_good_import_replaces_the_registry_and_the_page_shows_it(data_copy):
    old = (data_copy / "projects.csv").read_bytes()
    at = page_test("projects").run()
    at.file_uploader[0].set_value(("official.xlsx", good_xlsx(), "application/octet-stream")).run()
    assert not at.exception
    assert any("all 3 rows pass every check" in s.value for s in at.success)
    assert (data_copy / "projects.csv").read_bytes() == old  # checked, not yet written
    at.button(key="projects_import_go").click().run()
    assert not at.exception
    assert any("Imported 3 projects" in s.value for s in at.success)
    frame = table(at)
    assert sorted(frame["id"]) == ["OFF-1", "OFF-2", "OFF-3"]
    assert metrics(at)["Projects"] == "3" and metrics(at)["Total budget where published"] == "CNY 4,500,000"
    assert map_projects(at) == 3
    assert not at.warning  # no illustrative record left, so no banner
    assert any("All 3 records are documented" in c.value for c in at.caption)
    backups = list((data_copy / "backups").glob("projects-*.csv"))
    assert len(backups) == 1 and backups[0].read_bytes() == old
    assert len(projects.read_registry(data_copy / "projects.csv")) == 3


def test_a_data_folder_that_cannot_be_written_is_a_clear_error(data_copy, monkeypatch):
    before = tree_hashes(data_copy)

    def refuse(*args, **kwargs):  # as a read-only data folder does
        raise OSError(30, "Read-only file system", str(data_copy / "projects.csv"))

    monkeypatch.setattr(projects.tempfile, "mkstemp", refuse)
    at = page_test("projects").run()
    at.file_uploader[0].set_value(("official.xlsx", good_xlsx(), "application/octet-stream")).run()
    at.button(key="projects_import_go").click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "could not be written" in errors and "Read\\-only file system" in errors and "Nothing was changed" in errors
    assert not any("Imported" in s.value for s in at.success)
    assert tree_hashes(data_copy) == before
    assert len(table(at)) == 36
