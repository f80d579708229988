"""The project registry: validation rules, the shipped seed, the import and its command line."""

from __future__ import annotations

import doctest
import hashlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import shapely

import lmc_geo.projects.registry as projects_module
from lmc_geo import loaders, paths, schema
from lmc_geo.build.projects import SEED_PATH, build_projects, seed_fact_problems
from lmc_geo.projects import export as project_export
from lmc_geo.projects.registry import (
    REQUIRED_COLUMNS,
    ImportResult,
    Problem,
    import_registry,
    read_registry,
    read_upload,
    safe_url,
    template_csv,
    validate_registry,
)

REF_DIR = paths.reference_dir()
COUNTRIES_FILE = REF_DIR / "countries" / "mekong_countries_ne10m.geojson"
PROJECTS_README = REF_DIR / "projects" / "README.md"
needs_reference = pytest.mark.skipif(not COUNTRIES_FILE.exists(),
                                     reason="reference data not available")

HOSTILE = "<img src=x onerror=alert(1)>"


# --------------------------------------------------------------------------- fixtures


def good_row(**overrides) -> dict[str, str]:
    row = {
        "id": "LMC-X01", "name_en": "Rural water supply", "name_zh": "农村供水",
        "countries": "KH;LA", "theme": "water_infrastructure", "year_approved": "2020",
        "status": "ongoing", "budget": "", "currency": "", "lat": "11.55", "lon": "104.92",
        "location_approximate": "true", "partner": "MoWRAM", "summary": "A project.",
        "source_url": "https://example.org/p", "provenance": "documented",
    }
    row.update(overrides)
    return row


def table(*rows: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(list(rows) or [good_row()], columns=list(REQUIRED_COLUMNS))


def problems_for(countries_geom=None, **overrides) -> list[Problem]:
    return validate_registry(table(good_row(**overrides)), countries_geom=countries_geom)


def columns_of(problems: list[Problem]) -> set[str | None]:
    return {p.column for p in problems}


@pytest.fixture(scope="module")
def countries_geom():
    if not COUNTRIES_FILE.exists():
        pytest.skip("reference data not available")
    return loaders.countries_geometry(COUNTRIES_FILE)


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    return read_registry(SEED_PATH)


def seed_csv_bytes() -> bytes:
    return SEED_PATH.read_bytes()


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` with the hash of its content."""
    out = {}
    for item in sorted(folder.rglob("*")):
        key = str(item.relative_to(folder))
        out[key] = hashlib.sha256(item.read_bytes()).hexdigest() if item.is_file() else "<dir>"
    return out


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder with a registry and some other files, as shipped."""
    folder = tmp_path / "data"
    (folder / "layers").mkdir(parents=True)
    (folder / "layers" / "dams.parquet").write_bytes(b"not really parquet")
    (folder / "README.md").write_text("data\n", encoding="utf-8")
    rows = table(good_row(), good_row(id="LMC-X02", countries="VN", lat="10.05", lon="105.77"))
    rows.to_csv(folder / "projects.csv", index=False)
    return folder


# --------------------------------------------------------------------------- validation rules


def test_a_good_row_has_no_problem():
    assert validate_registry(table()) == []


def test_template_is_a_valid_registry_with_one_row():
    raw = read_upload(template_csv(), "template.csv")
    assert list(raw.columns) == list(REQUIRED_COLUMNS)
    assert len(raw) == 1
    assert validate_registry(raw) == []


def test_every_missing_column_is_reported():
    raw = table().drop(columns=["theme", "lat", "provenance"])
    problems = validate_registry(raw)
    assert {(p.line, p.column) for p in problems} == {(None, "theme"), (None, "lat"),
                                                     (None, "provenance")}


def test_ids_must_be_non_empty_and_unique():
    raw = table(good_row(), good_row(), good_row(id=" "))
    problems = validate_registry(raw)
    # Under the header (line 1), the three records are on lines 2, 3 and 4 of the spreadsheet.
    assert [(p.line, p.column) for p in problems] == [(3, "id"), (4, "id")]
    assert "already used on line 2" in problems[0].message


@pytest.mark.parametrize("value", ["KH;XX", "", "Cambodia", "IN"])
def test_country_codes_must_be_among_the_six(value):
    assert "countries" in columns_of(problems_for(countries=value))


def test_country_codes_accept_case_and_commas_and_are_ordered_upstream_first():
    raw = table(good_row(countries="vn, kh;LA"))
    assert validate_registry(raw) == []
    assert projects_module.parse_registry(raw).loc[0, "countries"] == ("LA", "KH", "VN")


@pytest.mark.parametrize("value", ["irrigation", "", "dam safety"])
def test_theme_must_be_one_of_the_five(value):
    assert columns_of(problems_for(theme=value)) == {"theme"}


@pytest.mark.parametrize("value", ["2015", "2999", "twenty", "2020.5"])
def test_year_must_be_plausible(value):
    assert columns_of(problems_for(year_approved=value)) == {"year_approved"}


def test_year_may_be_empty_only_for_documented_records():
    assert problems_for(year_approved="") == []
    illustrative = problems_for(year_approved="", provenance="illustrative", source_url="")
    assert columns_of(illustrative) == {"year_approved"}


def test_status_must_be_known():
    assert columns_of(problems_for(status="finished?")) == {"status"}


@pytest.mark.parametrize("lat, lon, column", [("abc", "104.9", "lat"), ("11.5", "", "lon"),
                                               ("48.85", "2.35", "lat"), ("11.5", "120", "lat")])
def test_location_must_be_numeric_and_inside_the_region(lat, lon, column):
    assert column in columns_of(problems_for(lat=lat, lon=lon))


@needs_reference
@pytest.mark.parametrize("lat, lon", [(12.0, 109.8),   # South China Sea, inside the box
                                      (22.5, 92.2),    # Bangladesh, inside the box
                                      (27.5, 93.0)])   # India, inside the box
def test_location_must_be_inside_the_six_countries_when_outlines_are_given(
        lat, lon, countries_geom):
    assert problems_for(lat=str(lat), lon=str(lon)) == []  # the box alone lets it through
    assert columns_of(problems_for(countries_geom, lat=str(lat), lon=str(lon))) == {"lat"}


@needs_reference
def test_country_outlines_accept_a_geoseries(countries_geom):
    import geopandas as gpd

    series = gpd.GeoSeries([countries_geom], crs=schema.CRS)
    assert problems_for(series) == []
    assert columns_of(problems_for(series, lat="12.0", lon="109.8")) == {"lat"}


def test_location_approximate_must_be_true_or_false():
    assert columns_of(problems_for(location_approximate="maybe")) == {"location_approximate"}
    assert columns_of(problems_for(location_approximate="")) == {"location_approximate"}


@pytest.mark.parametrize("value", ["-5", "lots"])
def test_budget_must_be_a_non_negative_number(value):
    assert columns_of(problems_for(budget=value, currency="CNY")) == {"budget"}


def test_currency_is_required_with_a_budget_and_must_be_a_code():
    assert columns_of(problems_for(budget="1000")) == {"currency"}
    assert columns_of(problems_for(budget="1000", currency="yuan")) == {"currency"}
    assert problems_for(budget="1000", currency="CNY") == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>",
                                 "ftp://example.org/x", "www.example.org", "http://",
                                 "https://example.org/a b", 'https://x.org/"onmouseover="x',
                                 "JAVASCRIPT://example.org/%0aalert(1)"])
def test_source_url_must_be_http_or_https(url):
    assert safe_url(url) is None
    assert columns_of(problems_for(source_url=url)) == {"source_url"}


def test_safe_url_keeps_plain_web_addresses():
    assert safe_url("https://www.lmcwater.org.cn/a?b=1#c") == "https://www.lmcwater.org.cn/a?b=1#c"
    assert safe_url("HTTP://example.org") == "HTTP://example.org"
    assert safe_url(None) is None and safe_url(3) is None


def test_an_illustrative_record_must_not_carry_a_budget():
    problems = problems_for(provenance="illustrative", source_url="", budget="250000", currency="CNY")
    assert columns_of(problems) == {"budget"}
    assert "illustrative record must not carry a budget" in problems[0].message
    assert str(problems[0]).startswith("line 2, column budget:")
    assert problems_for(provenance="illustrative", source_url="", budget="", currency="") == []
    assert problems_for(provenance="documented", budget="250000", currency="CNY") == []


def test_provenance_must_be_documented_or_illustrative():
    assert columns_of(problems_for(provenance="estimated")) == {"provenance"}


def test_documented_records_need_a_source():
    assert columns_of(problems_for(source_url="")) == {"source_url"}
    assert problems_for(source_url="", provenance="illustrative") == []


def test_an_empty_file_is_refused_and_blank_rows_are_ignored():
    empty = pd.DataFrame(columns=list(REQUIRED_COLUMNS))
    assert [str(p) for p in validate_registry(empty)] == ["the file has no data rows"]
    blank = dict.fromkeys(REQUIRED_COLUMNS, "")
    assert validate_registry(table(good_row(), blank)) == []


def test_problems_name_the_line_a_spreadsheet_shows_and_the_column():
    raw = table(good_row(), good_row(id="LMC-X02", theme="irrigation"))
    # The second record is under the header and the first: line 3, as a spreadsheet numbers it.
    assert [str(p) for p in validate_registry(raw)] == [
        "line 3, column theme: 'irrigation' is not a theme; use one of "
        + ", ".join(schema.THEMES)]


def csv_lines(*records: dict[str, str] | str) -> bytes:
    """A CSV file, header first, with each record a row of cells or a raw line (e.g. blank)."""
    out = [",".join(REQUIRED_COLUMNS)]
    for rec in records:
        out.append(rec if isinstance(rec, str) else ",".join(f'"{rec[c]}"' for c in REQUIRED_COLUMNS))
    return ("\n".join(out) + "\n").encode()


def test_lines_of_an_upload_count_blank_lines_and_multi_line_cells_as_a_spreadsheet_does():
    data = csv_lines(
        good_row(),                                           # line 2
        "",                                                   # line 3: blank, an empty row
        good_row(id="LMC-X02", summary="two\nlines"),         # line 4, over two lines of the file
        "   ",                                                # line 5: blank
        ",".join([""] * len(REQUIRED_COLUMNS)),               # line 6: empty cells
        good_row(id="LMC-X03", theme="irrigation"),           # line 7
        good_row(id="LMC-X02", lat="x"),                      # line 8
    )
    raw = read_upload(data, "list.csv")
    assert list(raw.index) == [2, 4, 6, 7, 8]
    assert [str(p) for p in validate_registry(raw)] == [
        "line 7, column theme: 'irrigation' is not a theme; use one of " + ", ".join(schema.THEMES),
        "line 8, column id: id 'LMC-X02' is already used on line 4",
        "line 8, column lat: latitude 'x' is not a number",
    ]
    assert len(projects_module.parse_registry(read_upload(csv_lines(good_row(), "", good_row(id="B")), "l.csv"))) == 2


def test_blank_lines_before_the_header_count_too():
    data = b"\n\n" + csv_lines(good_row(theme="irrigation"))
    raw = read_upload(data, "list.csv")
    assert [(p.line, p.column) for p in validate_registry(raw)] == [(4, "theme")]


def test_lines_of_a_workbook_are_its_row_numbers():
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(REQUIRED_COLUMNS))                                       # row 1
    sheet.append([good_row()[c] for c in REQUIRED_COLUMNS])                    # row 2
    sheet.append([])                                                           # row 3: empty
    sheet.append([good_row(id="LMC-X02", theme="irrigation")[c] for c in REQUIRED_COLUMNS])  # row 4
    out = io.BytesIO()
    book.save(out)
    raw = read_upload(out.getvalue(), "list.xlsx")
    assert [(p.line, p.column) for p in validate_registry(raw)] == [(4, "theme")]


def test_hostile_text_is_plain_data():
    raw = table(good_row(name_en=HOSTILE, partner=HOSTILE, summary=HOSTILE, name_zh=HOSTILE))
    assert validate_registry(raw) == []
    typed = projects_module.parse_registry(raw)
    assert typed.loc[0, ["name_en", "name_zh", "partner", "summary"]].tolist() == [HOSTILE] * 4


def test_typed_registry_validates_like_the_raw_one(seed):
    assert validate_registry(seed) == []
    broken = seed.copy()
    broken.loc[3, "theme"] = "irrigation"  # the fourth record: line 5 of the file
    assert [(p.line, p.column) for p in validate_registry(broken)] == [(5, "theme")]


# --------------------------------------------------------------------------- reading uploads


def test_read_upload_accepts_utf8_with_and_without_bom():
    plain = read_upload(seed_csv_bytes(), "list.csv")
    bom = read_upload(b"\xef\xbb\xbf" + seed_csv_bytes(), "LIST.CSV")
    pd.testing.assert_frame_equal(plain, bom)
    assert plain.columns[0] == "id"


@pytest.mark.parametrize("content, name, words", [
    (b"id\n1\n", "list.txt", "unsupported file type"),
    (b"id\n1\n", "list.xls", "save it as .xlsx"),
    ("id,name_en\n1,Kampóng\n".encode("latin-1"), "list.csv", "not UTF-8"),
    (b"PK\x03\x04 broken zip", "list.xlsx", "cannot read the workbook"),
    (b"id,theme\n1,2\n", "list.xlsx", "not an Excel .xlsx workbook"),
    (b"", "list.csv", "empty"),
])
def test_read_upload_refuses_unreadable_files_clearly(content, name, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        read_upload(content, name)


def test_read_registry_types(seed):
    row = seed.set_index("id").loc["LMC-P02"]
    assert row["countries"] == ("LA", "KH", "VN")
    assert pd.isna(row["year_approved"]) and pd.isna(row["budget"])
    assert str(seed["year_approved"].dtype) == "Int64"
    assert seed["budget"].dtype == float and seed["lat"].dtype == float
    assert seed["location_approximate"].dtype == bool
    assert isinstance(seed.loc[0, "countries"], tuple)


def test_read_registry_refuses_an_invalid_file(tmp_path):
    bad = tmp_path / "projects.csv"
    table(good_row(theme="irrigation")).to_csv(bad, index=False)
    with pytest.raises(projects_module.RegistryError, match="line 2, column theme"):
        read_registry(bad)


# --------------------------------------------------------------------------- the shipped seed


def test_seed_satisfies_the_report(seed):
    assert len(seed) == 36
    assert (seed["year_approved"] == 2020).sum() == 18
    assert {c for codes in seed["countries"] for c in codes} == set(schema.COUNTRIES)
    assert set(seed["theme"]) == set(schema.THEMES)
    assert seed["year_approved"].dropna().between(2017, 2021).all()
    assert seed["id"].tolist() == [f"LMC-P{n:02d}" for n in range(1, 37)]
    assert seed_fact_problems(seed) == []


def test_seed_fact_check_can_fail(seed):
    short = seed.iloc[:-1]
    assert any("35 projects" in p.message for p in seed_fact_problems(short))
    no_cn = seed[seed["countries"].map(lambda cs: "CN" not in cs)]
    assert any(p.message == "no project in CN" for p in seed_fact_problems(no_cn))


def test_documented_seed_records_carry_their_sources(seed):
    documented = seed[seed["provenance"] == "documented"]
    assert len(documented) == 5
    assert documented["source_url"].map(safe_url).notna().all()
    assert documented["budget"].isna().all()  # no budget is published for any one of them
    if PROJECTS_README.exists():
        readme_urls = set(re.findall(r"https?://\S+", PROJECTS_README.read_text("utf-8")))
        assert set(documented["source_url"]) <= {u.rstrip(" ;.,)") for u in readme_urls}


def test_the_lao_budget_is_not_given_to_one_project(seed):
    assert not seed["budget"].notna().any()
    assert not any("3.49" in str(v) for v in seed[["budget", "currency"]].to_numpy().ravel())


def test_illustrative_seed_records_are_marked_and_invent_nothing(seed):
    ill = seed[seed["provenance"] == "illustrative"]
    assert len(ill) == 31
    assert ill["source_url"].isna().all()
    assert ill["budget"].isna().all() and ill["currency"].isna().all()
    assert ill["location_approximate"].all()
    assert ill["name_en"].str.startswith("Illustrative: ").all()
    assert ill["name_zh"].str.startswith("示例：").all()
    assert ill["summary"].str.contains("Placeholder, not a real project").all()
    assert ill["summary"].str.contains("official list").all()


@needs_reference
def test_seed_points_lie_in_one_of_their_countries():
    import geopandas as gpd

    outlines = gpd.read_file(COUNTRIES_FILE).set_index("ISO_A2").geometry
    seed = read_registry(SEED_PATH)
    outside = [rec.id for rec in seed.itertuples()
               if not any(outlines[c].contains(shapely.Point(rec.lon, rec.lat))
                          for c in rec.countries)]
    assert outside == []


@needs_reference
def test_build_projects_writes_the_registry_deterministically(tmp_path):
    first = build_projects(REF_DIR, tmp_path / "a")
    build_projects(REF_DIR, tmp_path / "b")
    out_a, out_b = paths.projects_path(tmp_path / "a"), paths.projects_path(tmp_path / "b")
    assert out_a.read_bytes() == out_b.read_bytes()
    assert out_a.read_bytes().decode("utf-8").splitlines()[0] == ",".join(REQUIRED_COLUMNS)
    pd.testing.assert_frame_equal(read_registry(out_a), first)
    assert b"\r\n" not in out_a.read_bytes()
    cells = pd.read_csv(out_a, dtype=str, keep_default_na=False).to_numpy().ravel()
    assert not {"nan", "None", "<NA>", "NaN"} & set(cells)


@needs_reference
def test_build_projects_keeps_an_imported_list_as_a_backup(tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    table().to_csv(paths.projects_path(out), index=False)
    imported = paths.projects_path(out).read_bytes()
    build_projects(REF_DIR, out)
    backups = list((out / "backups").glob("projects-*.csv"))
    assert [b.read_bytes() for b in backups] == [imported]


# --------------------------------------------------------------------------- import


def test_import_round_trip_csv(tmp_path):
    dest = tmp_path / "projects.csv"
    result = import_registry(seed_csv_bytes(), "official.csv", dest=dest)
    assert isinstance(result, ImportResult) and result.ok, result.problems
    assert result.rows == 36 and result.path == dest and result.backup is None
    pd.testing.assert_frame_equal(read_registry(dest), read_registry(SEED_PATH))


def test_import_round_trip_xlsx_matches_csv(tmp_path):
    typed = read_registry(SEED_PATH)
    sheet = typed.assign(countries=typed["countries"].map(";".join))
    buffer = io.BytesIO()
    sheet.to_excel(buffer, index=False, engine="openpyxl")
    from_xlsx = import_registry(buffer.getvalue(), "official.xlsx", dest=tmp_path / "x.csv")
    from_csv = import_registry(SEED_PATH, None, dest=tmp_path / "c.csv")
    assert from_xlsx.ok and from_csv.ok, from_xlsx.problems
    assert (tmp_path / "x.csv").read_bytes() == (tmp_path / "c.csv").read_bytes()


def test_import_keeps_hostile_text_intact(tmp_path):
    raw = table(good_row(name_en=HOSTILE, partner=HOSTILE, summary=HOSTILE + ', "quoted"'))
    result = import_registry(raw.to_csv(index=False).encode(), "x.csv", dest=tmp_path / "p.csv")
    assert result.ok, result.problems
    back = read_registry(tmp_path / "p.csv")
    assert back.loc[0, "name_en"] == HOSTILE
    assert back.loc[0, "summary"] == HOSTILE + ', "quoted"'


def test_an_export_imports_back_to_the_same_values(tmp_path):

    texts = {"name_en": "=1+1", "name_zh": "-2 MW", "partner": "@partner", "summary": "+more, 'quoted'"}
    raw = table(good_row(**texts), good_row(id="LMC-X02", name_en="'=already quoted", summary="'plain"))
    assert import_registry(raw.to_csv(index=False).encode(), "x.csv", dest=tmp_path / "p.csv").ok
    registry = read_registry(tmp_path / "p.csv")
    exported = project_export.export_csv(registry)
    assert b"'=1+1" in exported  # the export's formula guard
    result = import_registry(exported, "export.csv", dest=tmp_path / "again.csv")
    assert result.ok, result.problems
    pd.testing.assert_frame_equal(read_registry(tmp_path / "again.csv"), registry)
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "p.csv").read_bytes()
    assert registry.loc[0, "name_en"] == "=1+1" and registry.loc[1, "summary"] == "'plain"
    assert registry.loc[1, "name_en"] == "=already quoted"  # a quote before = is read as the guard


def test_an_xlsx_export_imports_back_to_the_same_values(tmp_path):

    raw = table(good_row(name_en="=HYPERLINK(\"http://e.x\")", partner="-x"))
    assert import_registry(raw.to_csv(index=False).encode(), "x.csv", dest=tmp_path / "p.csv").ok
    registry = read_registry(tmp_path / "p.csv")
    result = import_registry(project_export.export_xlsx(registry), "export.xlsx", dest=tmp_path / "again.csv")
    assert result.ok, result.problems
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "p.csv").read_bytes()


def test_import_reports_ignored_columns(tmp_path):
    raw = table().assign(notes="x")
    result = import_registry(raw.to_csv(index=False).encode(), "x.csv", dest=tmp_path / "p.csv")
    assert result.ok and result.ignored_columns == ("notes",)
    assert "notes" not in (tmp_path / "p.csv").read_text("utf-8")


@pytest.mark.parametrize("content, name", [
    (table(good_row(theme="irrigation")).to_csv(index=False).encode(), "bad.csv"),
    (table().drop(columns=["lat"]).to_csv(index=False).encode(), "bad.csv"),
    (b"\x00\x01garbage", "bad.xlsx"),
    (b"id\n1\n", "bad.pdf"),
])
def test_refused_import_changes_nothing(data_dir, monkeypatch, content, name):
    monkeypatch.setenv("LMC_DATA_DIR", str(data_dir))
    before = tree_hashes(data_dir)
    result = import_registry(content, name)
    assert not result.ok and result.problems
    assert result.path is None and result.backup is None
    assert tree_hashes(data_dir) == before


def test_import_uses_the_data_dir_and_backs_up_the_previous_registry(data_dir, monkeypatch):
    monkeypatch.setenv("LMC_DATA_DIR", str(data_dir))
    previous = (data_dir / "projects.csv").read_bytes()
    result = import_registry(seed_csv_bytes(), "official.csv")
    assert result.ok
    assert result.path == data_dir / "projects.csv"
    assert re.fullmatch(r"projects-\d{8}-\d{6}(-\d+)?\.csv", result.backup.name)
    assert result.backup.parent == data_dir / "backups"
    assert result.backup.read_bytes() == previous
    assert len(read_registry(data_dir / "projects.csv")) == 36
    # a second import within the same second keeps both backups
    second = import_registry(table().to_csv(index=False).encode(), "again.csv")
    assert second.ok and second.backup != result.backup
    assert len(list((data_dir / "backups").glob("*.csv"))) == 2
    assert not list(data_dir.glob(".projects.csv.*"))  # no temporary file left behind


def test_imported_registry_stays_readable(tmp_path):
    dest = tmp_path / "projects.csv"
    assert import_registry(seed_csv_bytes(), "a.csv", dest=dest).ok
    assert dest.stat().st_mode & 0o777 == 0o644
    dest.chmod(0o664)
    assert import_registry(table().to_csv(index=False).encode(), "b.csv", dest=dest).ok
    assert dest.stat().st_mode & 0o777 == 0o664


@pytest.mark.parametrize("failing", ["tempfile.mkstemp", "shutil.copyfileobj", "os.replace"])
def test_a_folder_that_cannot_be_written_raises_and_leaves_nothing_behind(data_dir, monkeypatch, failing):
    before = tree_hashes(data_dir)
    module, name = failing.split(".")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(data_dir / "projects.csv"))

    monkeypatch.setattr(getattr(projects_module, module), name, refuse)
    with pytest.raises(OSError):
        import_registry(seed_csv_bytes(), "official.csv", dest=data_dir / "projects.csv")
    after = {k: v for k, v in tree_hashes(data_dir).items() if k != "backups"}  # an empty folder at most
    assert after == before
    assert not list(data_dir.rglob("*.tmp")) and not list(data_dir.glob("backups/*"))


def test_import_of_a_missing_file_is_a_problem(tmp_path):
    result = import_registry(tmp_path / "nope.csv", None, dest=tmp_path / "p.csv")
    assert not result.ok and "cannot read" in result.problems[0].message
    assert not (tmp_path / "p.csv").exists()


# --------------------------------------------------------------------------- command line


@pytest.fixture
def no_reference(tmp_path, monkeypatch) -> Path:
    """No reference folder (as where the app is deployed); a data folder with the shipped countries layer."""
    monkeypatch.setenv("LMC_REFERENCE_DIR", str(tmp_path / "no-reference"))
    folder = tmp_path / "shipped"
    (folder / "layers").mkdir(parents=True)
    countries = paths.layer_path("countries", paths.ROOT / "data")
    (folder / "layers" / "countries.parquet").write_bytes(countries.read_bytes())
    table(good_row()).to_csv(folder / "projects.csv", index=False)
    return folder


# Andaman Sea: inside the region box, outside the six countries.
AT_SEA = {"lat": "12.0", "lon": "96.0"}


def test_without_reference_data_the_shipped_countries_layer_checks_locations(no_reference):
    geom = loaders.countries_geometry(data_dir=no_reference)
    assert geom is not None
    assert columns_of(problems_for(countries_geom=geom, **AT_SEA)) == {"lat"}
    assert problems_for(countries_geom=geom) == []  # Phnom Penh
    assert "outside the six countries" in str(problems_for(countries_geom=geom, **AT_SEA)[0])


def test_cli_without_reference_data_checks_locations_as_the_page(no_reference, tmp_path):
    at_sea = tmp_path / "at_sea.csv"
    table(good_row(**AT_SEA)).to_csv(at_sea, index=False)
    before = tree_hashes(no_reference)
    proc = run_cli("import-projects", str(at_sea), "--data-dir", str(no_reference))
    assert proc.returncode == 1
    assert "line 2, column lat: point (lat 12.0, lon 96.0) is outside the six countries" in proc.stderr
    assert tree_hashes(no_reference) == before
    ok = run_cli("import-projects", str(no_reference / "projects.csv"), "--data-dir", str(no_reference))
    assert ok.returncode == 0 and "region box" not in ok.stdout


def test_cli_reports_a_folder_that_cannot_be_written(data_dir, monkeypatch, capsys):
    from lmc_geo.__main__ import main

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(projects_module.tempfile, "mkstemp", refuse)
    before = tree_hashes(data_dir)
    assert main(["import-projects", str(SEED_PATH), "--data-dir", str(data_dir)]) == 1
    assert "cannot write" in capsys.readouterr().err
    assert tree_hashes(data_dir) == before



def run_cli(*args: str, env_extra: dict[str, str] | None = None):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "lmc_geo", *args], capture_output=True,
                          text=True, env=env, cwd=paths.ROOT, timeout=120)


def test_cli_import_succeeds_with_a_summary(data_dir):
    proc = run_cli("import-projects", str(SEED_PATH), "--data-dir", str(data_dir))
    assert proc.returncode == 0, proc.stderr
    assert "Imported 36 projects" in proc.stdout
    assert "documented 5, illustrative 31" in proc.stdout
    assert len(read_registry(data_dir / "projects.csv")) == 36


def test_cli_import_refuses_with_every_problem_and_exit_1(data_dir, tmp_path):
    bad = tmp_path / "bad.csv"
    table(good_row(theme="irrigation"), good_row(id="LMC-X02", lat="x")).to_csv(bad, index=False)
    before = tree_hashes(data_dir)
    proc = run_cli("import-projects", str(bad), "--data-dir", str(data_dir))
    assert proc.returncode == 1
    assert "line 2, column theme: 'irrigation' is not a theme" in proc.stderr
    assert "line 3, column lat: latitude 'x' is not a number" in proc.stderr
    assert tree_hashes(data_dir) == before


def test_cli_uses_lmc_data_dir(data_dir):
    proc = run_cli("import-projects", str(SEED_PATH), env_extra={"LMC_DATA_DIR": str(data_dir)})
    assert proc.returncode == 0, proc.stderr
    assert len(list((data_dir / "backups").glob("projects-*.csv"))) == 1


def test_cli_usage_errors_exit_non_zero(tmp_path):
    assert run_cli().returncode == 2
    assert run_cli("import-projects").returncode == 2
    missing = run_cli("import-projects", str(tmp_path / "nope.csv"), "--data-dir", str(tmp_path))
    assert missing.returncode == 1 and "cannot read" in missing.stderr


# --------------------------------------------------------------------------- architecture


def test_docstring_examples_run():
    failures, tried = doctest.testmod(projects_module, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0


def test_the_registry_core_does_not_import_streamlit():
    code = ("import sys, lmc_geo.projects.registry, lmc_geo.build.projects, lmc_geo.__main__; "
            "sys.exit('streamlit' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=paths.ROOT).returncode == 0


def test_import_problems_read_in_the_readers_language():
    raw = read_upload(template_csv(), "template.csv")
    raw.loc[2, "theme"] = "irrigation"
    raw.loc[2, "lat"] = "north"
    problems = validate_registry(raw)
    assert str(problems[0]).startswith("line 2, column theme: 'irrigation' is not a theme; use one of")
    assert problems[0].text("zh").startswith("'irrigation' 不是主题；请使用以下之一：")
    assert problems[1].text("zh") == "纬度 'north' 不是数字"


def test_an_unreadable_upload_is_refused_in_the_readers_language(tmp_path):
    result = import_registry(b"%PDF-1.7", filename="list.pdf", dest=tmp_path / "projects.csv")
    assert not result.ok and not (tmp_path / "projects.csv").exists()
    assert result.problems[0].message == "list.pdf: unsupported file type; upload a .csv (UTF-8) or .xlsx file"
    assert result.problems[0].text("zh") == "list.pdf：不支持的文件类型；请上传 .csv（UTF-8）或 .xlsx 文件"


def test_an_import_removes_what_killed_imports_left_and_keeps_what_a_running_one_writes(tmp_path):
    dest = tmp_path / "projects.csv"
    dest.write_bytes(template_csv())
    (tmp_path / "backups").mkdir()
    stale = [tmp_path / ".projects.csv.abc123.tmp", tmp_path / "backups" / ".projects-1.csv.x.tmp"]
    fresh = tmp_path / ".projects.csv.def456.tmp"
    for path in [*stale, fresh]:
        path.write_text("half a file")
    for path in stale:
        os.utime(path, (0, 0))  # long ago: its process is gone
    result = import_registry(template_csv().replace(b"\\u519c\\u6751", b"x"), filename="list.csv", dest=dest)
    assert result.ok
    assert not any(path.exists() for path in stale) and fresh.exists()


def test_a_backup_cut_short_leaves_no_backup_and_the_registry_unchanged(tmp_path, monkeypatch):
    dest = tmp_path / "projects.csv"
    registry = read_registry(paths.projects_path())
    dest.write_bytes(projects_module.registry_csv(registry.iloc[:3]))
    before = dest.read_bytes()

    def cut(source, target, *args, **kwargs):
        target.write(source.read(10))
        raise OSError("disk full")

    monkeypatch.setattr(projects_module.shutil, "copyfileobj", cut)
    with pytest.raises(OSError):
        projects_module.write_registry(registry, dest)
    assert dest.read_bytes() == before
    backups = tmp_path / "backups"
    assert not backups.exists() or list(backups.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
