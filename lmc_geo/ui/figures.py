"""Key figures: one row of ``st.metric`` per page that wraps instead of cutting text short."""

from __future__ import annotations

import streamlit as st


class FigureRow:
    """A row of key figures, each as wide as its label or value.

    ``st.columns`` gives every figure an equal share of the row, so on a laptop or a projector
    at low resolution a label or even a value ("795,9…") is cut short. Here the figures sit in a
    wrapping horizontal container: where the row is too narrow, the last figures move to a second
    line, whole.
    """

    def __init__(self, key: str) -> None:
        self._row = st.container(horizontal=True, wrap=True, gap="medium", key=key)

    def metric(self, label: str, value, **kwargs):
        """``st.metric`` in the row, as wide as its content."""
        return self._row.metric(label, value, width="content", **kwargs)
