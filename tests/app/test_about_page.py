"""AppTest of the About-the-data page on its own: every source, data sharing, how to replace a file."""

from __future__ import annotations

from lmc_geo import sources
from tests.app.conftest import page_test


def test_every_source_is_listed_with_licence_and_caveats():
    at = page_test("about").run()
    assert not at.exception and not at.error
    titles = " ".join(m.value for m in at.markdown)
    for src in sources.SOURCES:
        assert src.title in titles, src.key
    facts = [tb.value for tb in at.table if "Licence" in tb.value.index]
    assert len(facts) == len(sources.SOURCES)
    dams = next(f for f in facts if "layers/dams.parquet" in f.iloc[0, 0])
    assert "1,055 rows" in dams.iloc[0, 0]
    assert "unknown" in dams.loc["Known caveats"].iloc[0]


def test_data_sharing_timeline_and_replacing_a_file():
    at = page_test("about").run()
    sharing = next(tb.value for tb in at.table if "Event" in tb.value.columns)
    assert sharing.index[0] == "2002" and "1 Nov 2020" in sharing.index
    body = " ".join(m.value for m in at.markdown)
    assert "make data" in body and "import-projects" in body


def test_an_undescribed_data_file_is_flagged(data_copy):
    (data_copy / "layers" / "mystery.parquet").write_bytes(b"x")
    at = page_test("about").run()
    assert not at.exception
    assert "layers/mystery.parquet" in " ".join(w.value for w in at.warning)


def _projects_facts(at):
    facts = [tb.value for tb in at.table if "Licence" in tb.value.index]
    return next(f for f in facts if "projects.csv" in f.iloc[0, 0])


def test_project_counts_come_from_the_registry():
    at = page_test("about").run()
    derivation = _projects_facts(at).loc["Derivation"].iloc[0]
    assert "36 records: 5 documented (with their source) and 31 illustrative" in derivation


def test_an_import_updates_the_project_counts(data_copy):
    from lmc_geo.projects import registry as projects

    registry = projects.read_registry(data_copy / "projects.csv")
    official = registry[registry["provenance"] == "documented"].head(3)
    projects.write_registry(official, data_copy / "projects.csv", backup=False)
    at = page_test("about").run()
    assert not at.exception
    facts = _projects_facts(at)
    assert "All 3 records are documented" in facts.loc["Derivation"].iloc[0]
    assert "31" not in facts.loc["Derivation"].iloc[0]


def test_both_timelines_share_one_layout():
    about = next(tb.value for tb in page_test("about").run().table if "Event" in tb.value.columns)
    overview = next(tb.value for tb in page_test("overview").run().table if "Event" in tb.value.columns)
    assert about.index.name == overview.index.name == "Date"
    assert list(about.columns) == ["Event", "Source"]
    assert list(overview.columns) == ["Event", "事件 (Chinese)", "Source"]


def test_corrupt_build_notes_keep_the_page(data_copy):
    (data_copy / "build_notes.json").write_text("{ not json")
    at = page_test("about").run()
    assert not at.exception
    assert any("build_notes.json" in w.value for w in at.warning)


def test_the_quality_report_is_summed_up_and_offered_in_both_languages():
    from tests.app.conftest import page_test

    for lang, header, quality in (("en", "Data quality", "suspect value"), ("zh", "数据质量", "可疑数值")):
        at = page_test("about", lang=lang).run()
        assert not at.exception
        assert header in [s.value for s in at.subheader]
        table = next(tb for tb in at.table if any(quality in str(i) for i in tb.value.index))
        assert table.value.shape[0] == 5  # every stored quality
        button = next(b for b in at.get("download_button") if b.key == "about_quality")
        assert "QUALITY.md" in button.proto.label
