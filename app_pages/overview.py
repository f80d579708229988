"""Overview (landing page): basin key figures, area by country, a small map, dams, projects, timeline."""

from lmc_geo.ui import overview, state

state.show(overview.render)
