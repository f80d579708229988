"""The entrypoint: navigation, shared sidebar, country filter in the link."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import PAGES_DIR, ROOT


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
    at.switch_page(str(PAGES_DIR / "basin_map.py")).run()
    assert not at.exception
    assert "in Laos and Cambodia." in " ".join(c.value for c in at.caption)

# Changing the filter and seeing the link follow is proven in the browser
# (tests/browser/test_basin_map.py): AppTest loses entrypoint widgets after a rerun.
