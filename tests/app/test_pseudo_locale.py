"""Every visible string on every page comes from the catalogue: the pseudo-locale test.

Each page runs under AppTest in the pseudo-locale, where every message, date, month name and
country name is English between ⟦ ⟧ markers. Once the marked spans are taken out, what is left of
every text a person reads (page text, key figures, widgets, tables' headers, chart titles, axes,
legends and hover texts, the map's legend, layer names and tooltips) may hold only the data's own
names, numbers, units and proper names. Any other word was written into the code, not the catalogue.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from lmc_geo import i18n
from tests.app.conftest import PAGES_DIR
from tests.support.page_texts import data_words, english_words, visible_texts

MARKED = re.compile(r"⟦[^⟦⟧]*⟧")
PAGE_STATE = {"hydrology": {"hydro_station": "010501"}, "dams": {}, "projects": {}}


def unmarked(text: str) -> str:
    """``text`` without its marked spans (innermost first; a span cut short runs to the end)."""
    previous = None
    while previous != text:
        previous, text = text, MARKED.sub(" ", text)
    return re.sub(r"⟦.*", " ", text, flags=re.S)


@pytest.fixture(scope="module")
def allowed() -> set[str]:
    words = data_words()
    words.update(re.findall(r"[A-Za-z]+", " ".join(i18n.native_country_name(c) for c in i18n.NATIONAL_LOCALES)))
    return words


@pytest.fixture()
def pseudo_locale(monkeypatch):
    monkeypatch.setenv("LMC_PSEUDO_LOCALE", "1")


@pytest.mark.parametrize("page", ["overview", "basin_map", "hydrology", "dams", "projects", "tour", "about"])
def test_every_visible_string_of_the_page_comes_from_the_catalogue(page, allowed, pseudo_locale):
    at = AppTest.from_file(str(PAGES_DIR / f"{page}.py"), default_timeout=120)
    at.session_state["lang"] = i18n.PSEUDO_LANG
    for key, value in PAGE_STATE.get(page, {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    texts = visible_texts(at)
    marked = [text for text in texts if "⟦" in text]
    assert len(marked) > 10, "the page was not drawn in the pseudo-locale"
    leaks = english_words([unmarked(text) for text in texts], allowed)
    assert not leaks, "\n".join(f"{word}: {where}" for word, where in sorted(leaks.items()))


def test_the_pseudo_locale_marks_messages_dates_and_names(pseudo_locale):
    lang = i18n.PSEUDO_LANG
    assert i18n.normalise_lang("qps") == lang
    assert i18n.t("layer.dams", lang) == "⟦Dams⟧"
    assert i18n.format_day("2008-08-15", lang) == "⟦15 Aug 2008⟧"
    assert i18n.format_days(["2008-08-15"], lang).tolist() == ["⟦15 Aug 2008⟧"]
    assert i18n.month_names(lang)[0] == "⟦Jan⟧"
    assert i18n.country_label("LA", lang) == "⟦Laos⟧ · ⟦ລາວ⟧"


def test_the_pseudo_locale_is_not_offered_to_users(monkeypatch):
    monkeypatch.delenv("LMC_PSEUDO_LOCALE", raising=False)
    assert i18n.normalise_lang("qps") == "en"
    assert i18n.PSEUDO_LANG not in i18n.LANGUAGES


def test_the_check_finds_text_written_outside_the_catalogue(allowed):
    texts = ["⟦Gauging stations⟧ 12", "⟦Status on ⟦15 Aug 2008⟧⟧", "Download the series", "⟦Installed cap…"]
    assert english_words([unmarked(text) for text in texts], allowed) == {
        "Download": "Download the series", "the": "Download the series", "series": "Download the series"}
