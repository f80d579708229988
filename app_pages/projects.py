"""Projects page: the water-cooperation projects filtered, charted, mapped, exported and imported."""

from lmc_geo.ui.projects import render_page

render_page()
