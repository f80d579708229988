"""One look for every plotly chart: white background, light grid, units and source on the chart.

Area modules (``hydro_charts``, ``project_charts``, ``dam_charts``) build figures and
finish them with :func:`style_figure`, so charts match the map and exports.
"""

from __future__ import annotations

import functools
import re

import plotly.basedatatypes
import plotly.graph_objects as go
import plotly.io as pio

from lmc_geo.i18n import country_name
from lmc_geo.schema import COUNTRIES, COUNTRY_COLOURS


def _memoised_path_parser() -> None:
    """Parse each of plotly's property paths (``"xaxis.title.font"``) once per process, not on every use.

    Every ``update_layout``/``update_xaxes`` call and every property read walks the figure's property
    names through ``plotly.basedatatypes._str_to_dict_path_full``, a pure function of the string
    that plotly re-parses each time (about 2,000 parses to style one figure: half the time of
    :func:`style_figure`). The parsed path is kept per string; the positions come back as a tuple
    so no caller can change a shared answer. Applied once, at import.
    """
    parse = plotly.basedatatypes._str_to_dict_path_full
    if getattr(parse, "cache_info", None):
        return

    @functools.lru_cache(maxsize=16384)
    def parsed(key_path_str):
        path, positions = parse(key_path_str)
        return path, tuple(positions)

    plotly.basedatatypes._str_to_dict_path_full = parsed


_memoised_path_parser()
# Every atlas chart is drawn on the bare template (style_figure sets it): starting each figure on
# plotly's default template only to replace it costs more than the rest of the styling.
pio.templates.default = "none"

FONT = "Noto Sans, Arial, sans-serif"
GRID = "#e5e5e5"
TEXT = "#222222"


class Draft:
    """A plotly figure being built as plain data: traces and layout stay dictionaries until
    :meth:`figure` makes the one ``go.Figure`` (validated once, as a whole).

    Building a figure trace by trace and update by update costs plotly a walk and a check of
    every property at each step: 12-28 ms for a chart of a few kilobytes, against 3-4 ms to make
    the same figure from its data at once. Charts are built on a ``Draft`` with the calls they
    would make on a figure (property paths as nested dictionaries, no ``title_text`` shorthand),
    finished by :func:`style_figure`, then made a figure.

    >>> d = Draft()
    >>> d.add_trace(trace("bar", x=["a"], y=[1], name="A", hoverinfo=None))
    >>> d.update_yaxes({"title": {"text": "Count"}})
    >>> fig = d.figure()
    >>> fig.data[0].type, fig.data[0].name, fig.layout.yaxis.title.text
    ('bar', 'A', 'Count')
    """

    def __init__(self) -> None:
        self.data: list[dict] = []
        self.layout: dict = {}

    def add_trace(self, trace: dict) -> None:
        self.data.append(trace)

    def update_layout(self, props: dict) -> None:
        self.layout = _merged(self.layout, props)

    def update_xaxes(self, props: dict) -> None:
        self._update_axes("x", props)

    def update_yaxes(self, props: dict) -> None:
        self._update_axes("y", props)

    def _update_axes(self, letter: str, props: dict) -> None:
        """Every ``x``/``y`` axis of the figure, as plotly's ``update_xaxes`` (the first if none yet)."""
        for name in _axis_names(self.layout, letter):
            self.layout[name] = _merged(self.layout.get(name, {}), props)

    def figure(self) -> go.Figure:
        return go.Figure({"data": self.data, "layout": self.layout})


def trace(kind: str, **props) -> dict:
    """A trace as plain data (``kind`` as plotly's ``type``: "scatter", "bar"); unset properties
    (``None``) are left out, as plotly's own constructors do."""
    return {"type": kind, **{k: v for k, v in props.items() if v is not None}}


def _axis_names(layout: dict, letter: str) -> list[str]:
    return [k for k in layout if re.fullmatch(rf"{letter}axis\d*", k)] or [f"{letter}axis"]


def style_figure(
    fig: go.Figure | Draft, *, title: str | None = None, source: str | None = None, height: int = 420,
    source_at: dict | None = None, layout: dict | None = None, xaxes: dict | None = None, yaxes: dict | None = None,
) -> go.Figure:
    """Apply the atlas style; put ``source`` as a small line under the plot.

    The style is merged into the figure's layout as one dictionary and the layout is set once:
    plotly's ``update_layout``/``update_xaxes`` walk every property on each call (about 10 ms a
    figure). Every x and y axis of the figure is styled, as ``update_xaxes`` would. A chart's own
    finish goes in the same step: ``source_at`` places the source line (annotation properties),
    ``layout`` is laid over the style, ``xaxes``/``yaxes`` over every axis' style.

    A :class:`Draft` is styled in place and returned as a draft (later steps of its chart follow).

    >>> fig = style_figure(go.Figure(go.Bar(x=[1], y=[2])), title="T", source="Source: MRC")
    >>> fig.layout.plot_bgcolor, fig.layout.annotations[0].text, fig.layout.xaxis.gridcolor
    ('#ffffff', 'Source: MRC', '#e5e5e5')
    >>> style_figure(Draft(), title="T").layout["title"]["text"]
    'T'
    """
    draft = isinstance(fig, Draft)
    current = fig.layout if draft else fig.layout.to_plotly_json()
    style = {
        "template": "none",
        "font": {"family": FONT, "size": 14, "color": TEXT},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "height": height,
        "margin": {"l": 64, "r": 24, "t": 56 if title else 24, "b": 72 if source else 48},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0},
        "hoverlabel": {"font": {"family": FONT}},
    }
    if title:
        style["title"] = {"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}}
    axis = {"showgrid": True, "gridcolor": GRID, "zeroline": False, "linecolor": "#999999", "ticks": "outside"}
    for letter, extra, own in (("x", {}, xaxes), ("y", {"separatethousands": True}, yaxes)):
        for name in _axis_names(current, letter):
            style[name] = _merged({**axis, **extra}, own or {})
    merged = _merged(_merged(current, style), layout or {})
    if source:
        merged["annotations"] = [*current.get("annotations", ()), {
            "text": source, "xref": "paper", "yref": "paper", "x": 0, "y": -0.2, "xanchor": "left",
            "yanchor": "top", "showarrow": False, "font": {"size": 11, "color": "#666666"}, **(source_at or {})}]
    if draft:
        fig.layout = merged
    else:
        fig.layout = go.Layout(merged)
    return fig


def _merged(base: dict, update: dict) -> dict:
    """``base`` with ``update`` laid over it, nested dictionaries merged key by key (as plotly's update)."""
    out = dict(base)
    for key, value in update.items():
        old = out.get(key)
        out[key] = _merged(old, value) if isinstance(value, dict) and isinstance(old, dict) else value
    return out


def country_colour_map() -> dict[str, str]:
    """ISO code -> colour, upstream-to-downstream order (the same on every chart)."""
    return {c: COUNTRY_COLOURS[c] for c in COUNTRIES}


def finish_with_source(fig: go.Figure, *, title: str, source: str, height: int, below_px: int = 64,
            margin_b: int | None = None) -> go.Figure:
    """Style the figure and put the source ``below_px`` pixels under the plot area (clear of the axis title)."""
    return style_figure(fig, title=title, source=source, height=height,
                        source_at={"y": 0, "yanchor": "top", "yshift": -below_px, "align": "left"},
                        layout={"margin": {"b": margin_b or below_px + 28 + SOURCE_LINE_PX * source.count("<br>")}})


def country_axis(codes: list[str], lang: str) -> dict:
    """A categorical axis in upstream-to-downstream order (top to bottom)."""
    return {"categoryorder": "array", "categoryarray": [country_name(c, lang) for c in codes], "autorange": "reversed",
            "showgrid": False}


#: Pixels of one more line of the 11 px source text.
SOURCE_LINE_PX = 14


def source_lines(text: str, width: int) -> str:
    """``text`` on lines of at most about ``width`` characters, broken after a ``;`` or ``·``
    (plotly does not wrap): a source or attribution that stays whole on a phone's screen.

    >>> source_lines("Source: HydroSHEDS/FAO basin; Natural Earth countries", 44)
    'Source: HydroSHEDS/FAO basin;<br>Natural Earth countries'
    >>> source_lines("Source: MRC", 44)
    'Source: MRC'
    """
    lines: list[str] = []
    for part in re.split(r"(?<=[;·]) ", text):
        if lines and len(lines[-1]) + 1 + len(part) <= width:
            lines[-1] += " " + part
        else:
            lines.append(part)
    return "<br>".join(lines)
