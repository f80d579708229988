"""The shared sidebar, rendered once by the entrypoint for every page."""

from __future__ import annotations

import streamlit as st

from lmc_geo.i18n import LANGUAGES, country_label, t
from lmc_geo.schema import COUNTRIES
from lmc_geo.ui import state

LANGUAGE_LABEL = "Language · 语言"


def render_sidebar() -> tuple[str, ...]:
    """Language switch, country filter (both kept in the page link) and the online-tiles switch.

    Returns the selected countries.
    """
    if st.session_state.get(state.LANG_KEY) not in LANGUAGES:  # first run: the link's or the browser's
        st.session_state[state.LANG_KEY] = state.lang_from_link_or_browser()
    with st.sidebar:
        # One label in both languages: whoever opens the atlas in the other language finds the switch.
        st.radio(LANGUAGE_LABEL, options=list(LANGUAGES), format_func=LANGUAGES.get, key=state.LANG_KEY,
                 horizontal=True, help=t("sidebar.language_help", state.lang()))
    lang = state.lang()
    state.write_lang_query(lang)
    if state.COUNTRIES_KEY not in st.session_state:
        st.session_state[state.COUNTRIES_KEY] = list(state.countries_from_query())
    with st.sidebar:
        st.multiselect(
            t("sidebar.countries", lang),
            options=list(COUNTRIES),
            format_func=lambda c: country_label(c, lang),  # "Laos · ລາວ": the reader's name and its own
            key=state.COUNTRIES_KEY,
            help=t("sidebar.countries_help", lang),
        )
        if not st.session_state[state.COUNTRIES_KEY]:
            st.caption(t("filter.empty", lang))
        st.toggle(
            t("sidebar.online_tiles", lang), key=state.ONLINE_TILES_KEY, help=t("sidebar.online_tiles_help", lang)
        )
        st.caption(t("sidebar.sources", lang))
    countries = state.selected_countries()
    state.write_countries_query(countries)
    return countries
