"""Overview (landing page): basin key figures, area by country, a small map, dams, projects, timeline."""

from lmc_geo.ui.overview import render_overview_page

render_overview_page()
