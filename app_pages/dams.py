"""Dams page: filters, key figures, the mainstream cascade, capacity over time, table, card, conflicts."""

from lmc_geo.ui.dams import render_dams_page

render_dams_page()
