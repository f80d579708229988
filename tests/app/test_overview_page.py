"""AppTest of the Overview (landing) page on its own: key figures, basin shares, map, charts, timeline."""

from __future__ import annotations

import pytest

from lmc_geo import timeline
from tests.app.conftest import page_test


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


OUTSIDE = "Delta coast and river mouths (in no country's outline)"


def share_table(at):
    return next(tb.value for tb in at.table if "Share (%)" in tb.value.columns)


def test_key_figures_and_shares():
    at = page_test("overview").run()
    assert not at.exception and not at.error
    m = metrics(at)
    assert m["Basin area"] == "795,934 km²"
    assert m["Gauging stations"] == "56" and m["Dams"] == "1,055" and m["Cooperation projects"] == "36"
    shares = share_table(at)
    assert list(shares.index) == ["China", "Myanmar", "Laos", "Thailand", "Cambodia", "Vietnam", OUTSIDE, "Total"]
    values = shares["Share (%)"].iloc[:6].astype(float)
    assert values.sum() == pytest.approx(100.0, abs=0.15)
    assert float(shares.loc["Total", "Share (%)"]) == pytest.approx(100.0, abs=0.15)
    assert shares.loc[OUTSIDE, "Share (%)"] == "–"  # in no country: no share of the countries' part


def test_area_table_adds_up_to_the_headline_area():
    at = page_test("overview").run()
    headline = int(metrics(at)["Basin area"].removesuffix(" km²").replace(",", ""))
    areas = share_table(at)["Area in the basin (km²)"].str.replace(",", "").astype(int)
    assert areas.loc["Total"] == headline == 795_934
    assert areas.drop("Total").sum() == headline  # the six countries and the delta coast outside them
    assert areas.loc[OUTSIDE] == 690
    captions = " ".join(c.value for c in at.caption)
    assert "reaches past the countries' coastline" in captions


def test_charts_and_map_render_as_plotly_figures():
    at = page_test("overview").run()
    specs = [c.proto.spec for c in at.get("plotly_chart")]
    assert len(specs) == 4  # shares, overview map, dams by status, projects
    assert not at.get("component_instance")  # no map component: the overview map is a light static figure
    assert any("Share of the basin area" in s for s in specs)
    assert any("Dams per country by status" in s for s in specs)


def test_illustrative_projects_are_said_to_be_so():
    at = page_test("overview").run()
    warnings = " ".join(w.value for w in at.warning)
    assert "31 of these 36 project records are illustrative" in warnings


def test_timeline_newest_last_with_date_and_source():
    at = page_test("overview").run()
    events = next(tb.value for tb in at.table if "Event" in tb.value.columns)
    assert len(events) == len(timeline.EVENTS)
    assert events.index[0] == "Nov 2018" and events.index[-1] == "14 Sept 2021"
    assert (events["Source"] == timeline.SEED_SOURCE).all()


def test_country_selection_changes_counts_but_not_the_basin():
    at = page_test("overview", countries=["KH"]).run()
    m = metrics(at)
    assert m["Dams"] == "67" and m["Countries selected"] == "1"
    assert int(m["Cooperation projects"]) < 36
    assert len(share_table(at)) == 8  # the basin is the basin: all six countries, the coast outside them, the total


def test_broken_layer_is_named_and_the_rest_renders(data_copy):
    from lmc_geo import paths

    paths.layer_path("basin_countries", data_copy).write_bytes(b"garbage")
    at = page_test("overview").run()
    assert not at.exception
    assert "basin_countries.parquet" in " ".join(e.value for e in at.error)
    assert metrics(at)["Dams"] == "1,055"
