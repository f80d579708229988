"""Tour: prepared scenes for a presenter, next and previous by button or clicker, the scene in the link."""

from lmc_geo.ui import state, tour

state.show(tour.render)
