"""AppTest helpers: pages run alone with seeded session state (absolute paths, see STACK_NOTES)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGES_DIR = ROOT / "app_pages"


def page_test(name: str, **state) -> AppTest:
    at = AppTest.from_file(str(PAGES_DIR / f"{name}.py"), default_timeout=90)
    for key, value in state.items():
        at.session_state[key] = value
    return at


def map_args(at: AppTest) -> dict:
    """The st_folium component's arguments (map script, asset links)."""
    comps = at.get("component_instance")
    assert comps, "no map component rendered"
    return json.loads(comps[0].proto.json_args)


@pytest.fixture(autouse=True)
def _clear_caches():
    import streamlit as st

    st.cache_data.clear()
    yield
