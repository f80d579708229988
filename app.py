"""Entrypoint: page config, page-wide style, the shared sidebar, and the page menu."""

import streamlit as st

from lmc_geo import paths
from lmc_geo.i18n import t
from lmc_geo.ui import cache, state
from lmc_geo.ui.components import render_page_style
from lmc_geo.ui.sidebar import render_sidebar

#: Menu order: (page script in app_pages/, message key of the title, URL path). The first present is the
#: landing page. Adding a page is one line here (see the README's "Adding a page").
PAGES = (
    ("overview", "nav.overview", "overview"),
    ("basin_map", "nav.map", "map"),
    ("hydrology", "nav.hydrology", "hydrology"),
    ("dams", "nav.dams", "dams"),
    ("projects", "nav.projects", "projects"),
    ("tour", "nav.tour", "tour"),
    ("about", "nav.about", "about"),
)

st.set_page_config(
    page_title=t("app.title"),
    page_icon="/app/static/favicon.png",  # served as is: no image re-encoded on every run
    layout="wide",
    # Open beside the page on a desktop, folded on a phone (where it would cover the page).
    initial_sidebar_state="auto",
)

cache.recover_data_folder()  # once per server: a killed `make data` or import never leaves a mix
cache.trim_memory()  # once per server: memory of closed sessions goes back to the system
present = [p for p in PAGES if paths.page_script(p[0]).is_file()]
pages = [
    st.Page(paths.page_script(script), title=t(key, state.lang()), url_path=url, default=(i == 0))
    for i, (script, key, url) in enumerate(present)
]
page = st.navigation(pages)
render_page_style()
problem, reachable = cache.database_status()
if problem:  # the shared database: named (host and database, never the password), never a traceback
    st.error(problem)
if not reachable:
    st.stop()  # nothing of it can be shown; the menu stays
with cache.run_slot():
    render_sidebar()
    page.run()
