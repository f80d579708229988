"""Every page in Chinese shows no English that did not come from the data.

Each page runs under AppTest in Chinese; every text a person reads (titles, text, captions, key
figures, widget labels and choices, buttons, alerts, table headers, chart titles, axes, legends,
annotations and hover templates, the map's legend and layer names) is collected, and each Latin
word in it must be a word of the shipped data (a station, dam, river or project name, a gauge datum
note), a product or source name, a code, a unit or a file name. A word from anywhere else is an
English string that bypassed the catalogue.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import PAGES_DIR
from tests.support.page_texts import data_words, english_words, visible_texts


@pytest.fixture(scope="module")
def allowed() -> set[str]:
    return data_words()


PAGE_STATE = {"hydrology": {"hydro_station": "010501"}}


@pytest.mark.parametrize("page", ["overview", "basin_map", "hydrology", "dams", "projects", "tour", "about"])
def test_every_word_of_the_page_in_chinese_comes_from_the_catalogue_or_the_data(page, allowed):
    at = AppTest.from_file(str(PAGES_DIR / f"{page}.py"), default_timeout=120)
    at.session_state["lang"] = "zh"
    for key, value in PAGE_STATE.get(page, {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    texts = visible_texts(at)
    assert len(texts) > 10, "the page's texts were not read"
    assert re.search(r"[\u4e00-\u9fff]", " ".join(texts))
    leaks = english_words(texts, allowed)
    assert not leaks, "\n".join(f"{w}: {where}" for w, where in sorted(leaks.items()))


def test_the_check_sees_english_that_bypassed_the_catalogue(allowed):
    assert english_words(["水位 ok", "Download the series"], allowed) == {
        "Download": "Download the series", "the": "Download the series", "series": "Download the series"}
    assert english_words(["来源：HydroSHEDS；`make data`；<b>x</b> https://a.org/b"], allowed) == {}
