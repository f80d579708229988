"""AppTest helpers: pages run alone with seeded session state (absolute paths, see STACK_NOTES)."""

from __future__ import annotations

import html
import json
import re
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


_FACT_ROW = re.compile(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>')


def facts_tables(at: AppTest) -> list[dict[str, str]]:
    """Every card's facts on the page, label -> value as the reader sees them (entities decoded)."""
    found = []
    for md in at.markdown:
        if 'class="lmc-facts"' in md.value:
            found.append({html.unescape(k): html.unescape(v.replace("<br>", "\n"))
                          for k, v in _FACT_ROW.findall(md.value)})
    return found


def card_facts(at: AppTest) -> dict[str, str]:
    """The first card's facts (fails when the page shows no card)."""
    tables = facts_tables(at)
    assert tables, "no card facts on the page"
    return tables[0]


@pytest.fixture(autouse=True)
def _clear_caches():
    import streamlit as st

    st.cache_data.clear()
    yield
