"""The shared sidebar, rendered once by the entrypoint for every page."""

from __future__ import annotations

import streamlit as st

from lmc_geo.i18n import t
from lmc_geo.schema import COUNTRIES
from lmc_geo.ui import state


def render_sidebar() -> tuple[str, ...]:
    """Country filter (synced with the page link) and the online-tiles switch. Returns the selection."""
    lang = state.lang()
    if state.COUNTRIES_KEY not in st.session_state:
        st.session_state[state.COUNTRIES_KEY] = list(state.countries_from_query())
    with st.sidebar:
        st.multiselect(
            t("sidebar.countries", lang),
            options=list(COUNTRIES),
            format_func=lambda c: t(f"country.{c}", lang),
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
