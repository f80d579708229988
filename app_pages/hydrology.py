"""Hydrology page: a station's record against its history, stations upstream to downstream, CSV."""

from lmc_geo.ui import hydrology, state

state.show(hydrology.render)
