"""Server-drawn SVG charts (lmc_geo.plotting.svg) and the compact band hydrograph, checked by hand."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from lmc_geo.hydrology.charts import QUALITY_STYLE, band_svg
from lmc_geo.plotting import svg as sc
from lmc_geo.schema import STATUS_COLOURS
from lmc_geo.text import svg_text

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = "<img src=x onerror=alert(1)>"


def els(root, tag):
    return list(root.iter(NS + tag))


def title_of(el):
    found = el.find(NS + "title")
    if found is None:
        found = el.find("title")
    return None if found is None else found.text


def chart():
    # plot area: x 50..290 for 10..20, y 170..20 for -1..3
    return sc.Chart(300, 200, x_domain=(10, 20), y_domain=(-1, 3), margin=(50, 20, 10, 30))


# ------------------------------------------------------------------ helpers of svg_chart
def test_nice_ticks_round_steps_cover_range():
    assert sc.nice_ticks(0, 100) == [0, 20, 40, 60, 80, 100]  # step 20 gives exactly 5 intervals
    assert sc.nice_ticks(-3, 7) == [-2, 0, 2, 4, 6]  # step 2, first multiple of 2 >= -3
    assert sc.nice_ticks(0.1, 0.3) == pytest.approx([0.1, 0.15, 0.2, 0.25, 0.3])
    assert sc.nice_ticks(4, 1) == [4.0] and sc.nice_ticks(float("nan"), 1) == []


def test_padded_and_num():
    assert sc.padded(2.0, 12.0, 0.1) == pytest.approx((1.0, 13.0))
    assert sc.padded(-5.0, -5.0) == (-6.0, -4.0)
    assert [sc.num(v) for v in (7.0, -3.46, 0.04, -0.04, -0.06, 1234567.0)] == \
        ["7", "-3.5", "0", "0", "-0.1", "1234567"]


def test_esc_and_wrap():
    assert svg_text("a'b\"c<d>&") == "a&#x27;b&quot;c&lt;d&gt;&amp;"
    assert svg_text("one\n\n  two\tthree") == "one two three"
    assert svg_text(3.5) == "3.5"
    assert sc.wrap("aa bb cc dd", 5) == ["aa bb", "cc dd"]
    assert sc.wrap("tiny enormousword x", 6) == ["tiny", "enormousword", "x"]
    assert sc.wrap("   ", 10) == []


# ------------------------------------------------------------------ Chart
def test_scales_map_domain_to_plot_area():
    c = chart()
    assert (c.left, c.top, c.right, c.bottom) == (50, 20, 290, 170)
    assert [c.sx(v) for v in (10, 15, 12, 20)] == pytest.approx([50, 170, 98, 290])
    assert [c.sy(v) for v in (-1, 1, 0, 3)] == pytest.approx([170, 95, 132.5, 20])


def test_line_breaks_at_nan_into_separate_runs():
    c = chart()
    c.line([10, 12, 14, 16, 18, 20], [-1, 0, np.nan, 1, 2, np.nan], stroke="#123456", dash="2 3", tip="x<y")
    path = ET.fromstring(c.parts[-1])
    assert path.get("d") == "M50 170L98 132.5M194 95L242 57.5"
    assert (path.get("stroke"), path.get("stroke-dasharray"), path.get("fill")) == ("#123456", "2 3", "none")
    assert title_of(path) == "x<y"
    c.line([10, 20], [np.nan, np.nan], stroke="#000")
    assert len(c.parts) == 1  # an all-NaN line draws nothing


def test_band_closes_each_run_and_skips_nan():
    c = chart()
    c.band([10, 12, 14, 16, 18], [0, 0, np.nan, 0, 0], [2, 2, 2, 2, 2], fill="#abcdef", opacity=0.3, tip="B")
    path = ET.fromstring(c.parts[-1])
    assert path.get("d") == ("M50 57.5L98 57.5L98 132.5L50 132.5Z"
                             "M194 57.5L242 57.5L242 132.5L194 132.5Z")
    assert (path.get("fill"), path.get("fill-opacity"), title_of(path)) == ("#abcdef", "0.3", "B")


def test_hline_draws_line_and_escaped_label():
    c = chart()
    c.hline(1, stroke="#ff0000", label="Alarm <3 m>")
    line, text = (ET.fromstring(p) for p in c.parts)
    assert [line.get(k) for k in ("x1", "x2", "y1", "y2")] == ["50", "290", "95", "95"]
    assert title_of(line) == "Alarm <3 m>" and "&lt;3 m&gt;" in c.parts[0]
    assert (text.text, text.get("x"), text.get("y"), text.get("text-anchor")) == ("Alarm <3 m>", "286", "90", "end")


def test_circle_at_scaled_point_with_tooltip():
    c = chart()
    c.circle(15, 1, 4, fill="#f00", tip="A & B")
    circle = ET.fromstring(c.parts[-1])
    assert (circle.get("cx"), circle.get("cy"), circle.get("r")) == ("170", "95", "4")
    assert title_of(circle) == "A & B" and "A &amp; B" in c.parts[-1]


def test_legend_wraps_at_max_width_and_returns_y_below():
    c = sc.Chart(400, 300, x_domain=(0, 1), y_domain=(0, 1))
    items = [{"label": f"item {k:05d}", "colour": "#000"} for k in range(3)]  # 10 chars: span 30+66+18 = 114
    # right edge 8 + 250 = 258: two items fit (8 -> 122 -> 236), the third (236 + 114 > 258) wraps
    assert c.legend(items, x=8, y=44, max_width=250) == 84
    texts = [ET.fromstring(p) for p in c.parts if p.startswith("<text")]
    assert [(t.get("x"), t.get("y")) for t in texts] == [("38", "45"), ("152", "45"), ("38", "65")]
    c2 = sc.Chart(400, 300, x_domain=(0, 1), y_domain=(0, 1))
    assert c2.legend(items[:2], x=8, y=44, max_width=250) == 64


def test_render_single_line_accessible_document():
    c = chart()
    c.line([10, 20], [0, 1], stroke="#000")
    svg = c.render(title='Flow "A" <b>\n\nB', heading="Head & <i>")
    assert "\n" not in svg and svg.startswith("<svg ") and svg.endswith("</svg>")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("viewBox") == "0 0 300 200"
    assert root.get("aria-label") == 'Flow "A" <b> B'
    assert 'aria-label="Flow &quot;A&quot; &lt;b&gt; B"' in svg
    assert root.find(NS + "title").text == 'Flow "A" <b> B'
    heading = [t for t in els(root, "text") if t.get("font-weight") == "600"]
    assert [t.text for t in heading] == ["Head & <i>"]
    assert ET.fromstring(c.render(title="T", label="Other")).get("aria-label") == "Other"


def test_render_never_draws_text_smaller_than_the_minimum_scale():
    style = dict(kv.split(":") for kv in ET.fromstring(chart().render(title="T")).get("style").split(";"))
    assert style["max-width"] == "300px"  # never enlarged
    assert style["min-width"] == f"{round(300 * sc.MIN_SCALE)}px" == "216px"  # 12 px text stays above 8.5 px


# ------------------------------------------------------------------ band_svg
def doy_band(n=365):
    doy = np.arange(1, n + 1)
    return pd.DataFrame({"doy": doy, "min": 1.0, "p10": 1.5, "p50": 2.0, "p90": 3.0, "max": 4.0,
                         "mean": 2.2, "n_years": 20})


def year_frame():
    """2021-01-01..11: 4 measured, 3 gap-filled series, 3 gap-filled days, then a missing day."""
    quality = ["measured"] * 4 + ["gap_filled_series"] * 3 + ["gap_filled"] * 3 + ["missing"]
    values = [1.5, 1.75, 2.0, 2.25, 2.5, 2.75, 3.0, 3.1, 3.2, 3.25, np.nan]
    return pd.DataFrame({"date": pd.date_range("2021-01-01", periods=11), "value": values, "quality": quality})


def plot_area(root) -> tuple[float, float]:
    """(top, bottom) of the plot in pixels, read from the chart's own y-axis line (x = 70)."""
    axis = max((ln for ln in els(root, "line") if ln.get("x1") == ln.get("x2") == "70" and ln.get("stroke") == sc.AXIS),
               key=lambda ln: float(ln.get("y2")) - float(ln.get("y1")))
    return float(axis.get("y1")), float(axis.get("y2"))


def draw(variable="water_level_m", shown=None, **kw):
    kw = {"station_name": "Pakse", "alarm_m": 6.0, "flood_m": 8.0, **kw}
    svg = band_svg(doy_band(), year_frame() if shown is None else shown, 2021, variable=variable, **kw)
    return svg, ET.fromstring(svg)


def test_band_svg_escapes_hostile_names():
    svg, root = draw(station_name=HOSTILE, source=f"<script>alert(1)</script> {HOSTILE}")
    assert HOSTILE not in svg and "<script" not in svg and "<img" not in svg
    assert root.find(NS + "title").text == HOSTILE and root.get("aria-label") == HOSTILE
    assert HOSTILE in [t.text for t in els(root, "text")]  # the heading shows it as typed
    for el in root.iter():
        assert el.tag.split("}")[-1] not in ("script", "img", "foreignObject")
        assert not [name for name in el.attrib if name.lower().startswith("on")]


def test_stage_lines_only_for_water_level():
    svg, root = draw()
    lines = {title_of(el): el for el in els(root, "line") if title_of(el)}
    assert set(lines) == {"Alarm level 6.00 m", "Flood level 8.00 m"}
    assert lines["Flood level 8.00 m"].get("stroke") == STATUS_COLOURS["flood"]
    # y domain covers 1..8 (band min to flood), padded by 6 %
    lo, hi = 1.0 - 0.42, 8.0 + 0.42
    top, bottom = plot_area(root)
    for value, label in ((6.0, "Alarm level 6.00 m"), (8.0, "Flood level 8.00 m")):
        y = float(lines[label].get("y1"))
        assert y == pytest.approx(bottom - (value - lo) / (hi - lo) * (bottom - top), abs=0.06)
        assert top < y < bottom
    svg_q, root_q = draw("discharge_m3s")
    assert "Alarm level" not in svg_q and "Flood level" not in svg_q
    assert STATUS_COLOURS["alarm"] not in svg_q and STATUS_COLOURS["flood"] not in svg_q
    ticks = [float(t.text.replace(",", "")) for t in els(root_q, "text") if t.get("fill") == sc.MUTED
             and t.get("text-anchor") == "end"]
    assert ticks and max(ticks) < 6  # the axis is not stretched to the unused stages


def test_each_quality_gets_legend_label_and_coloured_path():
    _, root = draw()
    labels = {"measured": "2021: measured", "gap_filled_series": "2021: gap-filled series",
              "gap_filled": "2021: gap-filled day"}
    texts = [t.text for t in els(root, "text")]
    for q, label in labels.items():
        assert texts.count(label) == 1
        paths = [p for p in els(root, "path") if title_of(p) == label]
        assert len(paths) == 1 and paths[0].get("stroke") == QUALITY_STYLE[q]["color"]
        assert paths[0].get("d").count("M") == 1  # one unbroken run of days
        assert paths[0].get("d").count("L") == {"measured": 3, "gap_filled_series": 2, "gap_filled": 2}[q]
    only = year_frame().iloc[:4]
    _, root1 = draw(shown=only)
    assert [t.text for t in els(root1, "text") if t.text and t.text.startswith("2021:")] == ["2021: measured"]


def test_latest_valid_value_is_marked_and_labelled():
    _, root = draw()
    label = "10 Jan 2021: 3.25 m"  # 11 Jan is missing, so 10 Jan (gap-filled day) is the latest
    assert label in [t.text for t in els(root, "text")]
    circles = [c for c in els(root, "circle") if title_of(c) == label]
    assert len(circles) == 1 and circles[0].get("fill") == QUALITY_STYLE["gap_filled"]["color"]
    lo, hi = 0.58, 8.42
    top, bottom = plot_area(root)
    assert float(circles[0].get("cx")) == pytest.approx(70 + 9 / 364 * 594, abs=0.06)
    assert float(circles[0].get("cy")) == pytest.approx(bottom - (3.25 - lo) / (hi - lo) * (bottom - top), abs=0.06)
    rows = pd.DataFrame({"date": pd.to_datetime(["2021-03-01"]), "value": [12345.4], "quality": ["measured"]})
    _, rootq = draw("discharge_m3s", shown=rows)
    assert "1 Mar 2021: 12,345 m³/s" in [t.text for t in els(rootq, "text")]


def test_year_without_rows_gives_band_and_mean_only():
    earlier = year_frame().assign(date=pd.date_range("2019-01-01", periods=11))
    for shown in (earlier, None):
        svg = band_svg(doy_band(), shown, 2021, station_name="Pakse", variable="water_level_m")
        root = ET.fromstring(svg)
        titles = [title_of(p) for p in els(root, "path")]
        assert titles == ["Highest and lowest of record", "10-90th percentile of record", "Long-term mean"]
        assert not els(root, "circle") and "2021:" not in svg and "\n\n" not in svg
        top, bottom = plot_area(root)
        assert math.isclose(float(els(root, "path")[2].get("d").split("L")[0].split()[1]),
                            bottom - (2.2 - 0.82) / (4.18 - 0.82) * (bottom - top), abs_tol=0.06)


def test_legend_stays_above_the_plot_however_many_rows():
    for kw in ({}, {"record": "1960-2023"}, {"alarm_m": None, "flood_m": None}):
        _, root = draw(**kw)
        top, _ = plot_area(root)
        legend_y = [float(t.get("y")) for t in els(root, "text")  # legend texts are left-anchored
                    if t.text and t.text.startswith(("2021:", "Highest", "10-90", "Long-term", "Alarm", "Flood"))
                    and t.get("text-anchor") is None]
        assert legend_y and max(legend_y) < top, (kw, legend_y, top)


def test_year_line_breaks_where_days_have_no_row():
    days = year_frame().iloc[:4].copy()  # 1-4 Jan measured
    later = pd.DataFrame({"date": pd.to_datetime(["2021-03-01", "2021-03-02"]), "value": [2.0, 2.1],
                          "quality": ["measured"] * 2})
    _, root = draw(shown=pd.concat([days, later], ignore_index=True))
    (path,) = [p for p in els(root, "path") if title_of(p) == "2021: measured"]
    assert path.get("d").count("M") == 2  # January and March, not bridged across February


def test_quality_with_only_empty_values_gets_no_legend_entry():
    days = year_frame()
    days.loc[days["quality"] == "gap_filled", "value"] = np.nan
    svg, _ = draw(shown=days)
    assert "2021: gap-filled day" not in svg and "2021: measured" in svg


def test_discharge_axis_does_not_go_below_zero_and_labels_are_unique():
    flat = doy_band().assign(**{c: 0.0 for c in ("min", "p10", "p50", "p90", "max", "mean")})
    svg = band_svg(flat, None, None, station_name="X", variable="discharge_m3s")
    root = ET.fromstring(svg)
    labels = [t.text for t in els(root, "text") if t.get("fill") == sc.MUTED and t.get("text-anchor") == "end"]
    assert labels and len(labels) == len(set(labels)) and not any(label.startswith("-") for label in labels)
