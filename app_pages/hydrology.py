"""Hydrology page: a station's record against its history, stations upstream to downstream, CSV."""

import streamlit as st

from lmc_geo.i18n import t
from lmc_geo.ui import state
from lmc_geo.ui.hydrology import render_page

lang = state.lang()
st.title(t("hydro.header", lang), anchor=False)
render_page(state.selected_countries(), lang)
