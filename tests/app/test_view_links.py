"""Every view has a link: each page writes its choices into the link and a fresh session opened on
that link shows the same view; odd values in a link are ignored, never a traceback."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lmc_geo.ui import dams as dams_view
from lmc_geo.ui import hydrology as hydro_view
from lmc_geo.ui import projects as projects_view
from tests.app.conftest import PAGES_DIR


def open_link(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(PAGES_DIR / f"{page}.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def link_of(at: AppTest) -> dict[str, str]:
    return {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_hydrology_keeps_station_variable_and_year_in_the_link():
    at = open_link("hydrology", station="010501", variable="discharge_m3s", year="1998")
    assert not at.exception
    assert at.session_state[hydro_view.VARIABLE_KEY] == "discharge_m3s"
    assert at.session_state[hydro_view.YEAR_KEY] == 1998
    assert link_of(at).items() >= {"station": "010501", "variable": "discharge_m3s", "year": "1998"}.items()
    at.selectbox(key=hydro_view.YEAR_KEY).set_value(2000).run()
    assert link_of(at)["year"] == "2000"
    again = open_link("hydrology", **link_of(at))
    assert again.session_state[hydro_view.YEAR_KEY] == 2000


def test_dams_filters_and_the_open_tab_come_back_from_the_link():
    at = open_link("dams")
    at.multiselect(key=dams_view.STATUS_KEY).set_value(["Operational"]).run()
    at.toggle(key=dams_view.MAINSTREAM_KEY).set_value(True).run()
    link = link_of(at)
    assert link["status"] == "Operational" and link["mainstream"] == "1"
    shown = metric(at, "Dams")
    again = open_link("dams", **link)
    assert not again.exception and metric(again, "Dams") == shown == "13"
    table = open_link("dams", tab="table", dam="ANG0064")
    assert table.session_state[dams_view.SECTION_KEY] == "Table and CSV" and table.dataframe
    card = open_link("dams", tab="card", dam="ANG0064")
    assert card.session_state[dams_view.PICK_KEY] == "ANG0064"
    assert link_of(card)["dam"] == "ANG0064"


def test_projects_filters_and_the_card_come_back_from_the_link():
    at = open_link("projects", theme="dam_safety", year="2020", project="LMC-P02")
    assert not at.exception
    assert at.session_state[projects_view.THEME_KEY] == ["dam_safety"]
    assert at.session_state[projects_view.YEAR_KEY] == [2020]
    link = link_of(at)
    assert link["theme"] == "dam_safety" and link["year"] == "2020"


def test_the_map_keeps_the_clicked_feature_in_the_link():
    at = open_link("basin_map", feature="station:011901", asof="2008-08-15")
    assert not at.exception
    assert link_of(at)["feature"] == "station:011901" and link_of(at)["asof"] == "2008-08-15"
    assert any("Vientiane" in m.value for m in at.markdown)


@pytest.mark.parametrize("page, params", [
    ("hydrology", {"variable": "<b>x</b>", "year": "99999"}),
    ("dams", {"status": "Bogus,<script>", "mw": "5-abc", "tab": "nope", "dam": "x" * 3000}),
    ("projects", {"theme": "x,y", "year": "1066", "project": "nope"}),
    ("basin_map", {"feature": "station", "asof": "yesterday"}),
    ("basin_map", {"feature": "volcano:1"}),
])
def test_odd_link_values_are_ignored(page, params):
    at = open_link(page, **params)
    assert not at.exception
    assert not any("Traceback" in e.value for e in at.error)


def test_every_page_offers_its_link_to_copy():
    for page in ("overview", "basin_map", "hydrology", "dams", "projects", "tour", "about"):
        at = open_link(page, countries="LA,KH", lang="zh")
        code = [c.value for c in at.code]
        assert any("countries=LA,KH" in c and "lang=zh" in c for c in code), page
