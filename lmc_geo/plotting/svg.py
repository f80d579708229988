"""Static SVG charts drawn on the server: no script in the browser, crisp at any size, printable.

Used where a chart must appear at once: the compact hydrograph under the basin map and the
mainstream cascade, the Dams page's first view. The browser draws an inline SVG as soon as it
arrives; an interactive plotly chart first needs its 4.7 MB library loaded and compiled.

The chart is a list of SVG fragments in pixel coordinates of a ``width`` x ``height`` view box,
scaled to the column by the browser (``width: 100%``). Every text goes through :func:`esc`, so a
name holding markup shows as typed. Colours and type are the atlas' own (:mod:`lmc_geo.plotting.style`).
No Streamlit here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from lmc_geo.plotting.style import FONT, GRID, TEXT
from lmc_geo.text import svg_text, svg_tip

AXIS = "#999999"
MUTED = "#666666"
#: The smallest scale a chart is drawn at (its 12 px text stays above 8.5 px): on a narrower page
#: the chart keeps this size and its block scrolls sideways (see ``ui.components.render_svg``).
MIN_SCALE = 0.72


def num(value: float) -> str:
    """A coordinate with at most one decimal, no trailing zero.

    >>> num(12.0), num(3.14159), num(-0.04)
    ('12', '3.1', '0')
    """
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values covering ``[lo, hi]`` (steps of 1, 2, 2.5 or 5 x 10^k).

    >>> nice_ticks(0, 10)
    [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    >>> nice_ticks(2.3, 13.9, 4)
    [2.5, 5.0, 7.5, 10.0, 12.5]
    >>> nice_ticks(5, 5), nice_ticks(1e-12, 3e-12, 2)
    ([5.0], [1e-12, 2e-12, 3e-12])
    """
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [float(lo)] if math.isfinite(lo) else []
    raw = (hi - lo) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = min((m * power for m in (1, 2, 2.5, 5, 10)), key=lambda st: abs((hi - lo) / st - count))
    decimals = max(0, 2 - math.floor(math.log10(step)))
    first = math.ceil(lo / step - 1e-9) * step
    ticks, k = [], 0
    while first + k * step <= hi + 1e-9 * step:
        ticks.append(float(round(first + k * step, decimals)) + 0.0)  # + 0.0: no -0.0
        k += 1
    return ticks


def padded(lo: float, hi: float, share: float = 0.06) -> tuple[float, float]:
    """``[lo, hi]`` widened by ``share`` of its span on each side (a flat range by one unit).

    >>> padded(0.0, 10.0)
    (-0.6, 10.6)
    >>> padded(3.0, 3.0), padded(3.0, 1.0)
    ((2.0, 4.0), (0.88, 3.12))
    """
    lo, hi = min(lo, hi), max(lo, hi)
    if hi == lo:
        return lo - 1.0, hi + 1.0
    pad = (hi - lo) * share
    return lo - pad, hi + pad


@dataclass
class Chart:
    """An SVG chart in pixels: a plot area inside margins, with linear x and y scales.

    Examples
    --------
    >>> c = Chart(200, 100, x_domain=(0, 10), y_domain=(0, 5), margin=(20, 10, 10, 20))
    >>> c.sx(0), c.sx(10), c.sy(0), c.sy(5)
    (20.0, 190.0, 80.0, 10.0)
    >>> c.line([0, 5, 10], [0, float("nan"), 5], stroke="#000")
    >>> c.parts[-1]
    '<path d="M20 80M190 10" fill="none" stroke="#000" stroke-width="2" stroke-linejoin="round"/>'
    >>> svg = c.render(title="A <chart>")
    >>> svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"')
    True
    >>> "<title>A &lt;chart&gt;</title>" in svg
    True
    """

    width: int
    height: int
    x_domain: tuple[float, float]
    y_domain: tuple[float, float]
    #: left, top, right, bottom (px)
    margin: tuple[int, int, int, int] = (64, 56, 24, 56)
    parts: list[str] = field(default_factory=list)

    # ---------------------------------------------------------------- scales
    @property
    def left(self) -> float:
        return float(self.margin[0])

    @property
    def top(self) -> float:
        return float(self.margin[1])

    @property
    def right(self) -> float:
        return float(self.width - self.margin[2])

    @property
    def bottom(self) -> float:
        return float(self.height - self.margin[3])

    def sx(self, value: float) -> float:
        lo, hi = self.x_domain
        return self.left + (float(value) - lo) / (hi - lo) * (self.right - self.left)

    def sy(self, value: float) -> float:
        lo, hi = self.y_domain
        return self.bottom - (float(value) - lo) / (hi - lo) * (self.bottom - self.top)

    def _xs(self, values) -> np.ndarray:
        lo, hi = self.x_domain
        return self.left + (np.asarray(values, dtype="float64") - lo) / (hi - lo) * (self.right - self.left)

    def _ys(self, values) -> np.ndarray:
        lo, hi = self.y_domain
        return self.bottom - (np.asarray(values, dtype="float64") - lo) / (hi - lo) * (self.bottom - self.top)

    # ---------------------------------------------------------------- marks
    @staticmethod
    def _runs(ok: np.ndarray) -> list[tuple[int, int]]:
        """[start, stop) of each run of True."""
        edges = np.diff(np.concatenate([[0], ok.astype("int8"), [0]]))
        return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))

    @staticmethod
    def _path(px: np.ndarray, py: np.ndarray) -> str:
        return "L".join(f"{num(a)} {num(b)}" for a, b in zip(px, py))

    def line(self, xs, ys, *, stroke: str, width: float = 2.0, dash: str | None = None,
             opacity: float | None = None, tip: str | None = None) -> None:
        """A polyline broken wherever ``ys`` is NaN (a gap in the data is a gap on the chart)."""
        px, py = self._xs(xs), self._ys(ys)
        ok = np.isfinite(py) & np.isfinite(px)
        runs = self._runs(ok)
        if not runs:
            return
        d = "".join(f"M{self._path(px[a:b], py[a:b])}" for a, b in runs)
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        extra += f' stroke-opacity="{opacity}"' if opacity is not None else ""
        body = f"<title>{svg_tip(tip)}</title>" if tip else ""
        close = f">{body}</path>" if body else "/>"
        self.parts.append(f'<path d="{d}" fill="none" stroke="{stroke}" stroke-width="{num(width)}"'
                          f'{extra} stroke-linejoin="round"{close}')

    def band(self, xs, lower, upper, *, fill: str, opacity: float, tip: str | None = None) -> None:
        """The area between ``lower`` and ``upper``, broken where either is NaN."""
        px, lo, hi = self._xs(xs), self._ys(lower), self._ys(upper)
        ok = np.isfinite(px) & np.isfinite(lo) & np.isfinite(hi)
        d = ""
        for a, b in self._runs(ok):
            d += f"M{self._path(px[a:b], hi[a:b])}L{self._path(px[a:b][::-1], lo[a:b][::-1])}Z"
        if d:
            body = f"<title>{svg_tip(tip)}</title>" if tip else ""
            self.parts.append(f'<path d="{d}" fill="{fill}" fill-opacity="{opacity}" stroke="none">{body}</path>')

    def hline(self, y: float, *, stroke: str, label: str, dash: str = "6 4", width: float = 2.0) -> None:
        """A horizontal reference line across the plot, its label above its right end."""
        py = self.sy(y)
        self.parts.append(f'<line x1="{num(self.left)}" x2="{num(self.right)}" y1="{num(py)}" y2="{num(py)}" '
                          f'stroke="{stroke}" stroke-width="{num(width)}" stroke-dasharray="{dash}">'
                          f"<title>{svg_tip(label)}</title></line>")
        self.text(self.right - 4, py - 5, label, size=12, anchor="end", colour=stroke, halo=True)

    def circle(self, x: float, y: float, radius: float, *, fill: str, stroke: str = "#ffffff",
               stroke_width: float = 1.0, tip: str | None = None, attrs: str = "") -> None:
        body = f"<title>{svg_tip(tip)}</title>" if tip else ""
        self.parts.append(f'<circle cx="{num(self.sx(x))}" cy="{num(self.sy(y))}" r="{num(radius)}" fill="{fill}" '
                          f'stroke="{stroke}" stroke-width="{num(stroke_width)}"{attrs}>{body}</circle>')

    def rect_px(self, x0: float, y0: float, x1: float, y1: float, *, fill: str, tip: str | None = None) -> None:
        body = f"<title>{svg_tip(tip)}</title>" if tip else ""
        self.parts.append(f'<rect x="{num(min(x0, x1))}" y="{num(min(y0, y1))}" width="{num(abs(x1 - x0))}" '
                          f'height="{num(abs(y1 - y0))}" fill="{fill}">{body}</rect>')

    def text(self, x: float, y: float, text, *, size: float = 13, anchor: str = "start", colour: str = TEXT,
             weight: str | None = None, rotate: float | None = None, halo: bool = False) -> None:
        """Text at pixel ``(x, y)`` (baseline); ``halo`` draws a white outline so it reads over lines."""
        attrs = f' font-size="{num(size)}" fill="{colour}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if weight:
            attrs += f' font-weight="{weight}"'
        if rotate is not None:
            attrs += f' transform="rotate({num(rotate)} {num(x)} {num(y)})"'
        if halo:
            attrs += ' stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round"'
        self.parts.append(f'<text x="{num(x)}" y="{num(y)}"{attrs}>{svg_text(text)}</text>')

    # ---------------------------------------------------------------- axes and furniture
    def y_axis(self, ticks: list[float], fmt, *, title: str | None = None, grid: bool = True) -> None:
        """Ticks (formatted by ``fmt``) left of the plot, light grid lines, the title rotated."""
        shown = set()
        for tick in ticks:
            label = fmt(tick)
            if label in shown:  # a step finer than the format: one label each
                continue
            shown.add(label)
            py = self.sy(tick)
            if grid:
                self.parts.append(f'<line x1="{num(self.left)}" x2="{num(self.right)}" y1="{num(py)}" '
                                  f'y2="{num(py)}" stroke="{GRID}" stroke-width="1"/>')
            self.text(self.left - 6, py + 4, label, size=12, anchor="end", colour=MUTED)
        self.parts.append(f'<line x1="{num(self.left)}" x2="{num(self.left)}" y1="{num(self.top)}" '
                          f'y2="{num(self.bottom)}" stroke="{AXIS}" stroke-width="1"/>')
        if title:
            self.text(16, (self.top + self.bottom) / 2, title, size=13, anchor="middle", colour=TEXT, rotate=-90)

    def x_axis(self, ticks: list[float], labels: list[str], *, title: str | None = None, grid: bool = True,
               title_offset: float = 36) -> None:
        """Ticks with their labels under the plot, light grid lines, the title centred below."""
        for tick, label in zip(ticks, labels):
            px = self.sx(tick)
            if grid:
                self.parts.append(f'<line x1="{num(px)}" x2="{num(px)}" y1="{num(self.top)}" y2="{num(self.bottom)}" '
                                  f'stroke="{GRID}" stroke-width="1"/>')
            self.parts.append(f'<line x1="{num(px)}" x2="{num(px)}" y1="{num(self.bottom)}" '
                              f'y2="{num(self.bottom + 5)}" stroke="{AXIS}" stroke-width="1"/>')
            self.text(px, self.bottom + 19, label, size=12, anchor="middle", colour=MUTED)
        self.parts.append(f'<line x1="{num(self.left)}" x2="{num(self.right)}" y1="{num(self.bottom)}" '
                          f'y2="{num(self.bottom)}" stroke="{AXIS}" stroke-width="1"/>')
        if title:
            self.text((self.left + self.right) / 2, self.bottom + title_offset, title, size=13, anchor="middle")

    @staticmethod
    def legend_rows(items: list[dict], width: float) -> int:
        """Rows :meth:`legend` takes for ``items`` in ``width`` pixels (to size the top margin first).

        >>> Chart.legend_rows([{"label": "x" * 40}] * 3, 700)
        2
        """
        rows, used = (1, 0.0) if items else (0, 0.0)
        for item in items:
            span = _legend_span(str(item["label"]))
            if used and used + span > width:
                rows, used = rows + 1, 0.0
            used += span
        return rows

    def legend(self, items: list[dict], *, x: float, y: float, max_width: float | None = None) -> float:
        """A legend row (wrapping at ``max_width``) starting at pixel ``(x, y)``; returns the y under it.

        Each item: ``{"label", "colour", "kind": "line"|"band"|"dot"|"ring", "dash"?, "opacity"?}``.
        """
        right = x + (max_width if max_width else self.width - x - 8)
        cx, cy = x, y
        for item in items:
            label = str(item["label"])
            span = _legend_span(label)
            if cx > x and cx + span > right:
                cx, cy = x, cy + 20
            colour, kind = item["colour"], item.get("kind", "line")
            if kind == "band":
                self.parts.append(f'<rect x="{num(cx)}" y="{num(cy - 9)}" width="24" height="12" fill="{colour}" '
                                  f'fill-opacity="{item.get("opacity", 0.3)}"/>')
            elif kind in ("dot", "ring"):
                fill = colour if kind == "dot" else "#ffffff"
                stroke = "#ffffff" if kind == "dot" else colour
                self.parts.append(f'<circle cx="{num(cx + 12)}" cy="{num(cy - 3)}" r="6" fill="{fill}" '
                                  f'stroke="{stroke}" stroke-width="{1 if kind == "dot" else 2}"/>')
            else:
                dash = f' stroke-dasharray="{item["dash"]}"' if item.get("dash") else ""
                self.parts.append(f'<line x1="{num(cx)}" x2="{num(cx + 24)}" y1="{num(cy - 3)}" y2="{num(cy - 3)}" '
                                  f'stroke="{colour}" stroke-width="{num(item.get("width", 2.5))}"{dash}/>')
            self.text(cx + 30, cy + 1, label, size=12, colour=TEXT)
            cx += span
        return cy + 20

    def source(self, lines: list[str], *, y: float | None = None) -> None:
        """The source, one small grey line each, from ``y`` (default: near the bottom edge)."""
        start = y if y is not None else self.height - 8 - 15 * (len(lines) - 1)
        for k, line in enumerate(lines):
            self.text(8, start + 15 * k, line, size=11, colour=MUTED)

    # ---------------------------------------------------------------- output
    def render(self, *, title: str, heading: str | None = None, label: str | None = None) -> str:
        """The SVG document: ``title`` is its accessible name (and the tooltip of its background);
        ``heading``, when given, is drawn at the top left in bold."""
        head = ""
        if heading:
            head = (f'<text x="8" y="22" font-size="16" font-weight="600" fill="{TEXT}">{svg_text(heading)}</text>')
        name = svg_text(label or title)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
            f'width="100%" role="img" aria-label="{name}" font-family="{FONT}" '
            f'style="max-width:{self.width}px;min-width:{round(self.width * MIN_SCALE)}px;height:auto;'
            f'display:block;background:#ffffff">'
            f"<title>{svg_text(title)}</title>{head}{''.join(self.parts)}</svg>"
        )


def _legend_span(label: str) -> float:
    """Width of a legend item: symbol, text (approximate width at 12 px), gap."""
    return 30 + 6.6 * len(label) + 18


def wrap(text: str, width: int) -> list[str]:
    """Break ``text`` into lines of at most about ``width`` characters, at spaces.

    >>> wrap("Source: MRC; HydroRIVERS v1.0 by WWF", 16)
    ['Source: MRC;', 'HydroRIVERS v1.0', 'by WWF']
    """
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines
