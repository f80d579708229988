"""Dams page: filters, key figures, the mainstream cascade, capacity over time, table, card, conflicts."""

from lmc_geo.ui import dams, state

state.show(dams.render)
