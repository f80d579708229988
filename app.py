"""Entrypoint: page config, the shared sidebar, and the page menu."""

from pathlib import Path

import streamlit as st

from lmc_geo.i18n import t
from lmc_geo.ui.sidebar import render_sidebar

HERE = Path(__file__).parent

st.set_page_config(
    page_title=t("app.title"),
    page_icon=str(HERE / "static" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)

pages = [
    st.Page(HERE / "pages" / "basin_map.py", title=t("nav.map"), url_path="map", default=True),
]
page = st.navigation(pages)
render_sidebar()
page.run()
