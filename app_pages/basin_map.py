"""Basin map page: every layer, the country filter, and the card of the clicked feature."""

from lmc_geo.ui import basin_map, state

state.show(basin_map.render)
