"""AppTest of the Dams page on its own: filters, key figures, charts, table, card, conflicts, bad input."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest

from lmc_geo import loaders, paths
from lmc_geo.build.dam_sources import write_dam_source_values
from lmc_geo.dams import registry as D
from lmc_geo.ui import dams as ui
from tests.app.conftest import card_facts, page_test


@pytest.fixture
def dams_data(data_copy, reference):
    """A data folder holding the source-values file (built here if the shipped data lacks it)."""
    if not paths.dam_source_values_path(data_copy).is_file():
        write_dam_source_values(reference, loaders.read_layer("dams", data_copy), data_copy)
    return data_copy


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def table(at):
    return next(df.value for df in at.dataframe if "missing" in df.value.columns)


# Labels of the page's tabs: a test opens one by seeding the tab widget's state.
TABLE, CARD, YEAR, CONFLICTS = "Table and CSV", "Dam card", "Over time", "Where sources disagree"


def dams_page(section: str | None = None, **state):
    return page_test("dams", **({ui.SECTION_KEY: section} if section else {}), **state)


def test_default_view(dams_data):
    at = page_test("dams").run()
    assert not at.exception and not at.error
    m = metrics(at)
    assert m["Dams"] == "1,055"
    assert m["Installed capacity (MW)"] == "71,698"
    assert m["Capacity unknown"] == "483"
    assert int(m["Values in dispute"]) > 50
    assert "483 without installed capacity; 369 without completion year" in captions(at)
    # the cascade, a server-drawn SVG: only the open tab is drawn, and no plotly chart on the first view
    assert not at.get("plotly_chart")
    assert cascade_svg(at).count("data-dam=") == 33
    assert "33 mainstream dams drawn" in captions(at)
    assert not at.dataframe  # the only downloads are the briefing's, made when clicked
    assert [b.key for b in at.get("download_button")] == ["dams_briefing_pdf", "dams_briefing_png"]
    at = dams_page(YEAR).run()
    assert len(at.get("plotly_chart")) == 2  # capacity by year, storage by year
    at = dams_page(TABLE).run()
    assert len(table(at)) == 1055 and at.get("download_button") and not at.get("plotly_chart")


def test_a_dam_clicked_on_the_map_opens_its_card_and_tabs_switch(dams_data):
    at = page_test("dams", selected_feature=("dam", "ANG0060")).run()
    assert at.selectbox(key=ui.PICK_KEY).value == "ANG0060" and not at.get("plotly_chart")
    at = dams_page().run()
    assert at.tabs[0].label == "Mainstream cascade" and [tb.label for tb in at.tabs][1:] == [
        YEAR,
        TABLE,
        CARD,
        CONFLICTS,
    ]


def cascade_svg(at) -> str:
    (svg,) = [m.value for m in at.markdown if 'class="lmc-svg"' in m.value]
    return svg


def test_sidebar_countries_and_page_filters_change_the_counts(dams_data):
    at = dams_page(TABLE, countries=["LA"]).run()
    assert metrics(at)["Dams"] == "383"
    at.multiselect(key=ui.STATUS_KEY).set_value(["Operational"]).run()
    assert not at.exception
    laos_operational = int(metrics(at)["Dams"].replace(",", ""))
    assert 0 < laos_operational < 383
    at.toggle(key=ui.MAINSTREAM_KEY).set_value(True).run()
    assert metrics(at)["Dams"] == "2"  # Xayaburi and Don Sahong
    assert len(table(at)) == 2


def test_capacity_range_and_unknown_capacity(dams_data):
    at = dams_page(TABLE).run()
    at.select_slider(key=ui.CAPACITY_KEY).set_value((1000, 6000)).run()
    with_unknown = int(metrics(at)["Dams"].replace(",", ""))
    at.checkbox(key=ui.UNKNOWN_CAPACITY_KEY).uncheck().run()
    without = int(metrics(at)["Dams"].replace(",", ""))
    assert with_unknown - without == 483
    assert table(at).capacity_mw.min() >= 1000


def test_missing_values_stay_in_the_table_and_the_page_says_what_was_left_out(dams_data):
    layer = gpd.read_parquet(paths.layer_path("dams", dams_data))
    idx = {name: layer.index[layer.name == name][0] for name in ("Nuozhadu", "Xiaowan", "Sambor", "Pak Beng")}
    layer.loc[idx["Nuozhadu"], "capacity_mw"] = np.nan
    layer.loc[idx["Xiaowan"], "completion_year"] = None
    layer.loc[idx["Sambor"], "river_km"] = np.nan  # cannot be placed on the profile
    layer.loc[idx["Pak Beng"], ["lat", "lon"]] = np.nan  # position unknown
    layer.to_parquet(paths.layer_path("dams", dams_data))

    at = page_test("dams").run()
    assert not at.exception
    text = captions(at)
    assert "484 without installed capacity" in text and "370 without completion year" in text
    assert "1 without position" in text
    assert "32 mainstream dams drawn" in text and "1 of unknown capacity" in text
    assert "1 left out of the profile because 1 have no position along the river: Sambor" in text
    cascade = cascade_svg(at)
    assert cascade.count("data-dam=") == 32
    assert "Nuozhadu (China)" in cascade and "Sambor" not in cascade
    assert "351 dams without a completion year" in captions(dams_page(YEAR).run())
    at = dams_page(TABLE).run()
    rows = table(at).set_index("name")
    assert len(rows) == 1055
    assert rows.loc["Nuozhadu", "missing"] == "capacity"
    assert rows.loc["Xiaowan", "missing"] == "year"
    assert rows.loc["Pak Beng", "missing"] == "position"


def test_dam_card_shows_both_values_with_their_sources(dams_data):
    at = dams_page(CARD).run()
    jinghong = loaders.read_layer("dams").set_index("name").loc["Jinghong", "dam_id"]
    at.selectbox(key=ui.PICK_KEY).set_value(jinghong).run()
    assert not at.exception
    assert any("Jinghong" in m.value for m in at.markdown)
    facts = card_facts(at)
    assert facts["Reservoir storage"] == "1,140 million m³" and facts["Installed capacity"] == "1,750 MW"
    differ = facts["Reservoir storage: sources differ"]  # in the card itself, as on the Basin map
    assert "1,140 million m³ (Ang et al." in differ and "vs 249 million m³ (Wikipedia" in differ
    storage = next(
        d.value for d in at.dataframe if "source" in d.value.columns and "249 million m³" in set(d.value["value"])
    )
    assert "1,140 million m³" in set(storage["value"])
    assert any("Wikipedia" in v for v in storage["source"]) and any("Ang et al." in v for v in storage["source"])
    assert not at.table  # no markdown-rendering table on the page


@pytest.fixture
def hostile_source_values(dams_data):
    """The source-values file with markup in a source and a note, and a javascript: link."""
    path = paths.dam_source_values_path(dams_data)
    values = D.read_source_values(dams_data)
    jinghong = values.index[(values["name"] == "Jinghong") & (values["quantity"] == "reservoir_volume_mcm")]
    values.loc[jinghong[0], ["source", "note", "source_url"]] = [
        "**Bold** [click](javascript:alert(1)) <img src=x onerror=alert(1)>", "_note_ :smile:", "javascript:alert(1)"]
    values.loc[jinghong[1], "source_url"] = "https://en.wikipedia.org/wiki/Jinghong_Dam"
    values.to_csv(path, index=False)
    return values.loc[jinghong]


def test_conflict_text_is_plain_text_and_links_are_http_only(hostile_source_values):
    at = dams_page(CARD).run()
    jinghong = loaders.read_layer("dams").set_index("name").loc["Jinghong", "dam_id"]
    at.selectbox(key=ui.PICK_KEY).set_value(jinghong).run()
    assert not at.exception
    hostile = hostile_source_values.iloc[0]
    assert not at.table and not at.get("html")
    assert all(hostile["source"] not in m.value and "_note_" not in m.value for m in at.markdown)
    card = next(
        d.value for d in at.dataframe if "note" in d.value.columns and hostile["source"] in set(d.value["source"])
    )
    assert "_note_ :smile:" in set(card["note"])  # shown as typed, in a plain-text cell
    at = dams_page(CONFLICTS).run()
    assert not at.exception and not at.table and not at.get("html")
    every = next(d.value for d in at.dataframe if "matched_by" in d.value.columns)
    assert hostile["source"] in set(every["source"])
    for frame in (card, every):
        links = set(frame["source_url"].dropna())
        assert "javascript:alert(1)" not in links
        assert "https://en.wikipedia.org/wiki/Jinghong_Dam" in links
        assert all(u.startswith(("http://", "https://")) for u in links)


def test_expected_completion_years_are_marked_in_table_and_card(dams_data):
    at = dams_page(TABLE).run()
    rows = table(at)
    later = rows[rows["completion_year"] > D.DATABASE_YEAR]
    assert len(later) and later["year_expected"].all()
    assert not rows.loc[rows["completion_year"] <= D.DATABASE_YEAR, "year_expected"].any()
    assert f"{len(later):,} with a completion year after 2023, an expected date" in captions(at)
    pick = later.sort_values("capacity_mw", ascending=False).iloc[0]
    at = dams_page(CARD, **{ui.PICK_KEY: pick["dam_id"]}).run()
    facts = card_facts(at)
    assert facts["Completion year"] == f"{int(pick['completion_year'])} (expected)"


def test_csv_export_guards_formulas(dams_data):
    layer = gpd.read_parquet(paths.layer_path("dams", dams_data))
    layer.loc[layer.index[0], "name"] = '=HYPERLINK("http://e.x","click")'
    layer.loc[layer.index[1], "river"] = "@SUM(A1)"
    layer.to_parquet(paths.layer_path("dams", dams_data))
    at = dams_page(TABLE).run()
    assert not at.exception
    button = next(b for b in at.get("download_button") if b.key == "dams_download")
    data = D.table_csv(table(at))  # what the button makes when clicked
    assert button.proto.label == "Download CSV"
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    assert ',=HYPERLINK' not in text and ',"=HYPERLINK' not in text and ",@SUM" not in text


def test_card_follows_a_dam_clicked_on_the_map(dams_data):
    at = page_test("dams", selected_feature=("dam", "ANG0060")).run()  # opens the card tab
    assert at.selectbox(key=ui.PICK_KEY).value == "ANG0060"  # Xiaowan


def test_missing_source_values_file_is_named_and_the_page_still_works(data_copy):
    paths.dam_source_values_path(data_copy).unlink(missing_ok=True)
    at = page_test("dams").run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "dam_source_values.csv" in warnings and "file not found" in warnings
    assert metrics(at)["Dams"] == "1,055" and metrics(at)["Values in dispute"] == "-"


def test_broken_dams_layer_is_named(data_copy):
    paths.layer_path("dams", data_copy).write_bytes(b"garbage")
    at = page_test("dams").run()
    assert not at.exception
    assert "dams.parquet" in " ".join(e.value for e in at.error)
