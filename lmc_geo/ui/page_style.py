"""Style rules for every page that Streamlit has no setting for, sent once per run by the entrypoint."""

from __future__ import annotations

import streamlit as st

#: A touch screen has no hover to reveal plotly's tool bar, so plotly shows it all the time: on a
#: phone or a tablet it covers the chart's title. There it is hidden; dragging still zooms and a
#: double tap resets the view.
TOUCH_CSS = """
@media (hover: none) and (max-width: 1024px) {
  [data-testid="stPlotlyChart"] .modebar-container { display: none; }
}
"""


def render_page_style() -> None:
    """Send the page-wide rules (``st.html`` with styles only takes no room on the page)."""
    st.html(f"<style>{TOUCH_CSS}</style>")
