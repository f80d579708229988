"""About the data: every source with licence, date, derivation and caveats; data sharing; replacing a file."""

from lmc_geo.ui import about, state

state.show(about.render)
