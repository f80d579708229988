"""About the data: every source with licence, date, derivation and caveats; data sharing; replacing a file."""

from lmc_geo.ui.about import render_about_page

render_about_page()
