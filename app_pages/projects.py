"""Projects page: the water-cooperation projects filtered, charted, mapped, exported and imported."""

from lmc_geo.ui import projects, state

state.show(projects.render)
