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
