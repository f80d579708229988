"""One look for every plotly chart: white background, light grid, units and source on the chart.

Area modules (``hydro_charts``, ``project_charts``, ``dam_charts``) build figures and
finish them with :func:`style_figure`, so charts match the map and exports.
"""

from __future__ import annotations

import plotly.graph_objects as go

from lmc_geo.schema import COUNTRIES, COUNTRY_COLOURS

FONT = "Noto Sans, Arial, sans-serif"
GRID = "#e5e5e5"
TEXT = "#222222"


def style_figure(fig: go.Figure, *, title: str | None = None, source: str | None = None, height: int = 420) -> go.Figure:
    """Apply the atlas style; put ``source`` as a small line under the plot.

    >>> fig = style_figure(go.Figure(go.Bar(x=[1], y=[2])), title="T", source="Source: MRC")
    >>> fig.layout.plot_bgcolor, fig.layout.annotations[0].text
    ('#ffffff', 'Source: MRC')
    """
    fig.update_layout(
        template="none",
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}} if title else None,
        font={"family": FONT, "size": 14, "color": TEXT},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        height=height,
        margin={"l": 64, "r": 24, "t": 56 if title else 24, "b": 72 if source else 48},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0},
        hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(showgrid=True, gridcolor=GRID, zeroline=False, linecolor="#999999", ticks="outside")
    fig.update_yaxes(showgrid=True, gridcolor=GRID, zeroline=False, linecolor="#999999", ticks="outside", separatethousands=True)
    if source:
        fig.add_annotation(
            text=source, xref="paper", yref="paper", x=0, y=-0.2, xanchor="left", yanchor="top",
            showarrow=False, font={"size": 11, "color": "#666666"},
        )
    return fig


def country_colour_map() -> dict[str, str]:
    """ISO code -> colour, upstream-to-downstream order (the same on every chart)."""
    return {c: COUNTRY_COLOURS[c] for c in COUNTRIES}
