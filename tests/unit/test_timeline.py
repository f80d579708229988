"""The cooperation timeline (seed report) and the About page's registry of data sources."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from lmc_geo import sources, timeline

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "lmc_water_cooperation_progress_2021.txt"

#: The dates of PRODUCT.md "Facts from the seed report".
SEED_DATES = [
    date(2018, 11, 1), date(2018, 12, 17), date(2019, 4, 2), date(2019, 8, 10), date(2019, 10, 29),
    date(2019, 12, 17), date(2020, 1, 8), date(2020, 2, 20), date(2020, 5, 21), date(2020, 8, 24),
    date(2020, 9, 24), date(2020, 11, 1), date(2020, 11, 30), date(2021, 6, 8), date(2021, 9, 14),
]


def test_timeline_holds_every_seed_date_newest_last():
    events = timeline.cooperation_events()
    assert [d.date() for d in events.date] == SEED_DATES
    assert events.date.is_monotonic_increasing
    assert events.iloc[-1].date_text == "14 Sept 2021"
    assert (events.source == timeline.SEED_SOURCE).all()
    assert events.title_en.str.len().gt(0).all() and events.title_zh.str.len().gt(0).all()


def test_timeline_dates_read_as_in_the_report():
    events = timeline.cooperation_events().set_index("date_text")
    assert "Vientiane Declaration" in events.loc["24 Aug 2020", "title"]
    assert events.loc["Nov 2018", "kind"] == "forum"  # the report gives the month only
    spans = ("2\u2009–\u20093 Apr 2019", "29\u2009–\u200930 Oct 2019", "8\u2009–\u200913 Jan 2020")  # CLDR intervals
    assert all(span in events.index for span in spans)
    assert "letter of intent" in events.loc["24 Sept 2020", "title"]


def test_chinese_titles_and_dates():
    zh = timeline.cooperation_events("zh")
    assert zh.date_text.iloc[0] == "2018年11月"
    assert zh.set_index("date_text").loc["2020年8月24日", "title"].endswith("万象宣言")
    assert zh.source.iloc[0] == timeline.SEED_SOURCE_ZH


def test_chinese_titles_follow_the_report_wording():
    if not SEED.is_file():
        pytest.skip(f"seed report not found at {SEED}")
    text = SEED.read_text()
    for phrase in (
        "第三次领导人会议",
        "首届澜湄水资源合作部长级会议",
        "联合工作组会议",
        "信息共享平台网站开通",
        "全年水文信息",
    ):
        assert phrase in text
        assert any(phrase in e.title_zh for e in timeline.EVENTS), phrase


def test_data_sharing_timeline():
    ds = timeline.data_sharing_events()
    assert ds.date_text.tolist()[0] == "2002" and "flood-season" in ds.title.iloc[0]
    assert "1 Nov 2020" in ds.date_text.tolist()
    assert ds.date.is_monotonic_increasing


def test_one_event_table_for_both_timelines():
    sharing = timeline.event_table(timeline.data_sharing_events())
    coop = timeline.event_table(timeline.cooperation_events(), both_languages=True)
    assert sharing.index.name == coop.index.name == "Date"
    assert list(sharing.columns) == ["Event", "Source"] and list(coop.columns) == ["Event", "事件 (Chinese)", "Source"]
    assert sharing.index[0] == "2002" and coop.index[-1] == "14 Sept 2021"
    assert coop["事件 (Chinese)"].iloc[0] == "首届澜湄水资源合作论坛"
    zh = timeline.event_table(timeline.data_sharing_events("zh"), "zh")
    assert zh.index.name == "日期"
    assert zh[timeline.t("timeline.event", "zh")].iloc[0] == timeline.DATA_SHARING[0].title_zh


def test_project_counts_are_filled_in_from_the_registry():
    src = sources.source_of("projects.csv")
    assert "{total}" in src.derivation  # never a hard-coded count
    shown = sources.with_registry_counts(src, {"total": 12, "documented": 4, "illustrative": 8})
    assert shown.derivation.startswith("12 records: 4 documented") and "8 illustrative" in shown.derivation
    assert sources.with_registry_counts(sources.source_of("layers/dams.parquet"), None).derivation == \
        sources.source_of("layers/dams.parquet").derivation


# ---------------------------------------------------------------- sources (About page)
def test_every_shipped_file_has_a_source_entry(shipped_data):
    assert sources.uncovered_files(shipped_data) == []


def test_an_unknown_file_is_reported(shipped_data, tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(shipped_data, copy)
    (copy / "layers" / "mystery.parquet").write_bytes(b"x")
    assert sources.uncovered_files(copy) == ["layers/mystery.parquet"]


def test_every_source_entry_names_existing_files(shipped_data):
    pending = _pending_build_outputs()
    for src in sources.SOURCES:
        assert src.title and src.licence and src.derivation and src.provider, src.key
        for f in src.files:
            if f in pending:
                continue
            assert (shipped_data / f).is_file(), f"{src.key}: {f} is not in data/"


def _pending_build_outputs() -> set[str]:
    """Files the registry names that the build does not write yet (added with the build step)."""
    build = (ROOT / "lmc_geo" / "build" / "__main__.py").read_text()
    return set() if "dam_source" in build else {"layers/dam_source_values.csv"}


def test_source_keys_are_unique_and_files_listed_once():
    keys = [s.key for s in sources.SOURCES]
    files = [f for s in sources.SOURCES for f in s.files]
    assert len(keys) == len(set(keys)) and len(files) == len(set(files))
    assert sources.source_of("layers/dams.parquet").url.startswith("https://doi.org/")
