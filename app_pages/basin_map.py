"""Basin map page: every layer, the country filter, and the card of the clicked feature."""

import streamlit as st

from lmc_geo.i18n import t
from lmc_geo.ui import state
from lmc_geo.ui.basin_map import render_map

st.title(t("map.header", state.lang()))
render_map()
