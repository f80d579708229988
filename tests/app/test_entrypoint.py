"""The entrypoint: navigation, shared sidebar, country filter in the link."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT


def app_test() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)


def test_app_runs_with_all_six_countries_by_default():
    at = app_test().run()
    assert not at.exception
    assert at.sidebar.multiselect[0].value == ["CN", "MM", "LA", "TH", "KH", "VN"]
    assert "countries" not in at.query_params


def test_countries_come_from_the_link():
    at = app_test()
    at.query_params["countries"] = "kh,LA,XX"
    at.run()
    assert not at.exception
    assert at.sidebar.multiselect[0].value == ["LA", "KH"]
    assert "in Laos, Cambodia." in " ".join(c.value for c in at.caption)


def test_changing_the_filter_writes_the_link():
    at = app_test().run()
    at.sidebar.multiselect[0].set_value(["TH"]).run()
    assert not at.exception
    assert at.query_params["countries"] == ["TH"] or at.query_params["countries"] == "TH"
