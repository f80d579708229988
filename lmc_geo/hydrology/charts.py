"""Hydrology figures: the record, one year against the day-of-year band, stations upstream to downstream.

Every figure is a plotly ``Figure`` finished by :func:`lmc_geo.plotting.style.style_figure` (units and
datum on the value axis, the source under the plot). Values are drawn by *display quality*
(:func:`lmc_geo.hydrology.meta.display_quality`): ``measured`` solid, ``gap_filled_series`` (a series
the source gap-filled, filled days not all known) solid in another colour, ``gap_filled`` (days
known to be filled) dotted; on the upstream-to-downstream chart, where colour means the station,
the same qualities differ by dash (:data:`STATION_QUALITY_DASH`). Alarm and flood lines are drawn
only when the caller passes them, i.e. when the series is on the stages' datum.

Plotly reads text as pseudo-HTML (``<a>``, ``<b>``, ``<br>``) and hover templates also expand
``%{...}``: station names, titles and source lines are escaped here (:func:`plot_text`,
:func:`hover_text`) so a name shows as typed. No Streamlit here.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from lmc_geo.hydrology.compare import normalise, order_upstream
from lmc_geo.hydrology.timeseries import year_of
from lmc_geo.i18n import format_day, format_days, month_names, t
from lmc_geo.plotting import svg as sc
from lmc_geo.plotting.style import Draft, style_figure, trace
from lmc_geo.schema import STATUS_COLOURS
from lmc_geo.text import hover_text, plot_text

#: Line style of each display quality (the same on every hydrology chart).
QUALITY_STYLE = {
    "measured": {"color": "#1f3b57", "dash": "solid", "width": 2.0},
    "gap_filled_series": {"color": "#6a51a3", "dash": "solid", "width": 2.0},
    "gap_filled": {"color": "#e7298a", "dash": "dot", "width": 2.0},
    "suspect": {"color": "#b2182b", "dash": "dashdot", "width": 1.6},
}
#: Dash of each display quality when the colour is the station's (several stations on one chart).
STATION_QUALITY_DASH = {"measured": "solid", "gap_filled_series": "dash", "gap_filled": "dot", "suspect": "dashdot"}
#: Colour and opacity of the outer (min-max) and inner (10-90th percentile) bands (plotly and SVG).
BAND_COLOUR, BAND_ALPHA = "#2c7fb8", {"outer": 0.13, "inner": 0.32}
BAND_OUTER = f"rgba(44,127,184,{BAND_ALPHA['outer']})"
BAND_INNER = f"rgba(44,127,184,{BAND_ALPHA['inner']})"
MEAN_COLOUR = "#4d4d4d"
#: Reference (non-leap) year on which day-of-year charts are drawn.
REFERENCE_YEAR = 2001


# ------------------------------------------------------------------ labels


def unit_label(variable: str, lang: str = "en") -> str:
    """Display unit, e.g. ``m3/s`` -> ``m³/s``.

    >>> unit_label("discharge_m3s"), unit_label("rainfall_mm")
    ('m³/s', 'mm')
    """
    return t(f"hydro.unit.{variable}", lang)


def variable_label(variable: str, lang: str = "en") -> str:
    """Display name of a variable.

    >>> variable_label("water_level_m")
    'Water level'
    """
    return t(f"hydro.var.{variable}", lang)


def value_axis_title(variable: str, datum: str | None = None, lang: str = "en") -> str:
    """Value-axis title with the unit and, for water levels, the gauge datum.

    >>> value_axis_title("water_level_m", "local gauge")
    'Water level (m, local gauge datum)'
    >>> value_axis_title("discharge_m3s")
    'Discharge (m³/s)'
    """
    if variable == "water_level_m":
        key = "hydro.axis.value_datum" if datum else "hydro.axis.value_nodatum"
        return t(key, lang, variable=variable_label(variable, lang), unit=unit_label(variable, lang), datum=datum)
    return t("hydro.axis.value", lang, variable=variable_label(variable, lang), unit=unit_label(variable, lang))


def _fmt(value: float, variable: str) -> str:
    if variable == "discharge_m3s":
        return f"{value:,.0f}"
    return f"{value:,.2f}"


#: Legend in a column right of the plot: clear of the title, read top to bottom.
LEGEND_RIGHT = {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1.0, "yanchor": "top",
                "traceorder": "normal", "font": {"size": 13}, "itemsizing": "constant"}


def wrap_source(text: str, width: int = 110) -> str:
    """Break a long source line into lines of about ``width`` characters (plotly does not wrap).

    Breaks after "; " or ". " where possible, else at a space.

    >>> wrap_source("Source: A; B. Attribution: C.", width=12)
    'Source: A;<br>B.<br>Attribution: C.'
    """
    words = re.split(r"(?<=[;.]) ", text) if len(text) > width else [text]
    lines, line = [], ""
    for word in words:
        while len(word) > width and " " in word[:width]:
            cut = word[:width].rindex(" ")
            head, word = word[:cut], word[cut + 1:]
            if line:
                lines.append(line)
                line = ""
            lines.append(head)
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "<br>".join(lines)


def _finish(fig: Draft, *, title: str | None, source: str | None, height: int) -> Draft:
    """:func:`style_figure`, then the source line pinned just under the x-axis labels.

    ``style_figure`` puts it at 20% of the plot height below the axis, which a tall chart pushes
    out of its bottom margin; a pixel offset keeps it in view at any height. ``title`` and
    ``source`` are plain text (escaped here).
    """
    wrapped = wrap_source(plot_text(source)) if source else None
    finish = {"legend": LEGEND_RIGHT, "margin": {"r": 16}}
    if wrapped:
        finish["margin"]["b"] = 50 + 15 * (wrapped.count("<br>") + 1)
    # One styling step (the style, the source under the axis labels, the legend on the right).
    return style_figure(fig, title=plot_text(title) if title else None, source=wrapped, height=height,
                        source_at={"y": 0, "yanchor": "top", "yshift": -34, "align": "left"}, layout=finish,
                        yaxes={"automargin": True, "title": {"standoff": 10}})


def _value_format(variable: str) -> str:
    return ",.0f" if variable == "discharge_m3s" else ",.2f"


# ------------------------------------------------------------------ helpers
def _segments(x: np.ndarray, y: np.ndarray, keep: np.ndarray, step: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows where ``keep`` holds, with a break (None/NaN) wherever consecutive kept rows are not adjacent.

    ``step`` is the position of each row in its regular sequence (day or period number).

    >>> xs, ys = _segments(np.array(["a", "b", "c", "d"], dtype=object), np.array([1.0, 2.0, 3.0, 4.0]),
    ...                    np.array([True, True, False, True]), np.array([1, 2, 3, 4]))
    >>> xs.tolist(), ys.tolist()
    (['a', 'b', None, 'd'], [1.0, 2.0, nan, 4.0])
    """
    idx = np.flatnonzero(keep)
    if len(idx) == 0:
        return np.array([], dtype=object), np.array([], dtype="float64")
    gaps = np.flatnonzero(np.diff(np.asarray(step)[idx]) > 1) + 1
    xs = np.insert(np.asarray(x, dtype=object)[idx], gaps, None)
    ys = np.insert(np.asarray(y, dtype="float64")[idx], gaps, np.nan)
    return xs, ys


def _iso_days(dates) -> np.ndarray:
    """``YYYY-MM-DD`` strings of dates, fast (no per-row strftime)."""
    return np.datetime_as_string(pd.DatetimeIndex(dates).values.astype("datetime64[D]"), unit="D").astype(object)


def _period_steps(dates: pd.DatetimeIndex, how: str) -> np.ndarray:
    if how == "monthly":
        return (dates.year * 12 + dates.month).to_numpy()
    if how == "annual":
        return dates.year.to_numpy()
    return (dates.values.astype("datetime64[D]").astype("int64"))


def _hline(fig: Draft, x0, x1, y: float, name: str, colour: str, dash: str, hover: str) -> None:
    fig.add_trace(trace(
        "scatter", x=[x0, x1], y=[y, y], mode="lines", name=name,
        line={"color": colour, "width": 2, "dash": dash}, hovertemplate=hover + "<extra></extra>",
    ))


def stage_marks(alarm_m, flood_m, lang: str) -> list[tuple[float, str, str]]:
    """(level, label, colour) of the alarm and flood stages that are set, alarm first.

    >>> stage_marks(11.5, None, "en")
    [(11.5, 'Alarm level 11.50 m', '#fdae61')]
    """
    marks = []
    for value, key, status in ((alarm_m, "hydro.trace.alarm", "alarm"), (flood_m, "hydro.trace.flood", "flood")):
        if value is not None and not pd.isna(value):
            marks.append((float(value), t(key, lang, value=f"{float(value):,.2f}"), STATUS_COLOURS[status]))
    return marks


def _stage_lines(fig: Draft, x0, x1, alarm_m, flood_m, lang: str) -> None:
    for value, label, colour in stage_marks(alarm_m, flood_m, lang):
        _hline(fig, x0, x1, value, label, colour, "dash", label)


def reason_text(flag: str, lang: str = "en") -> str:
    """Why a value is suspect, from its ``flag`` (``copied_period:1993`` names the year it repeats).

    >>> reason_text("copied_period:1993"), reason_text("")
    ('suspect: identical, day for day, to the same days of the year after the colon (1993)', '')
    """
    if not flag:
        return ""
    code, _, arg = str(flag).partition(":")
    return t("hydro.flag_hover", lang, reason=t(f"export.flag.{code}", lang) + (f" ({arg})" if arg else ""))


def with_reasons(hover_dates, shown: pd.DataFrame, lang: str) -> np.ndarray:
    """The hover's date lines, each suspect value's with why it is suspect on a second line."""
    out = np.asarray(hover_dates, dtype=object).copy()
    if "flag" not in shown.columns:
        return out
    flags = shown["flag"].fillna("").astype(str).to_numpy()
    for i in np.flatnonzero(flags != ""):
        out[i] = f"{out[i]}<br>{hover_text(reason_text(flags[i], lang))}"
    return out


def _quality_traces(fig: Draft, x: np.ndarray, y: np.ndarray, quality: np.ndarray, steps: np.ndarray,
                    label: str, variable: str, lang: str, hover_dates: np.ndarray,
                    bars: bool = False, width: float | None = None, colour: str | None = None,
                    value_format: str | None = None, value_unit: str | None = None,
                    daily_hover: str | None = None) -> list[str]:
    """One trace per display quality present; ``hover_dates`` are the dates as shown in the hover.

    ``label`` is plain text (escaped here). With ``colour`` (one station among several) every
    quality is drawn in that colour with its dash from :data:`STATION_QUALITY_DASH`; the first
    trace drawn carries ``label`` in the legend and the others join its legend group.
    ``value_format``/``value_unit`` override the variable's (normalised values). With
    ``daily_hover`` (a d3 date format; ``x`` a regular daily record) the hover reads the date from
    ``x`` and dense qualities are sent compactly (:func:`_regular_days`). Returns the qualities drawn.
    """
    unit = f" {unit_label(variable, lang)}" if value_unit is None else value_unit
    vfmt = value_format or _value_format(variable)
    drawn: list[str] = []
    for q, style in QUALITY_STYLE.items():
        keep = (quality == q) & ~np.isnan(y)
        if not keep.any():
            continue
        qlabel = t(f"hydro.quality.{q}", lang)
        name = plot_text(t("hydro.trace.series", lang, label=label, quality=qlabel))
        extra = ""
        group: dict = {}
        if colour is not None:
            style = {"color": colour, "dash": STATION_QUALITY_DASH[q], "width": style["width"]}
            group = {"legendgroup": f"station:{label}", "showlegend": not drawn}
            if not drawn:
                name = plot_text(label)
            extra = hover_text(label)
        hover = f"%{{customdata}}<br>%{{y:{vfmt}}}{hover_text(unit)}<br>{hover_text(qlabel)}<extra>{extra}</extra>"
        drawn.append(q)
        if bars:
            fig.add_trace(trace("bar", x=x[keep], y=y[keep], name=name, customdata=hover_dates[keep],
                                marker={"color": style["color"], "line": {"width": 0}},
                                hovertemplate=hover, **group))
            continue
        line = {"color": style["color"], "width": width or style["width"], "dash": style["dash"]}
        mode = "lines+markers" if q == "gap_filled" else "lines"
        points: dict = {}
        if daily_hover is not None and not any("<br>" in str(h) for h in hover_dates[keep]):
            # The hover's date is the x value itself: no second array of date strings.
            hover = hover.replace("%{customdata}", f"%{{x|{daily_hover}}}", 1)
            span = steps[np.flatnonzero(keep)[[0, -1]]] if keep.any() else np.array([0, 0])
            if keep.sum() >= DENSE_SHARE * (span[1] - span[0] + 1):
                points = _regular_days(x, y, keep, steps)
        if not points:
            xs, ys = _segments(x, y, keep, steps)
            points = {"x": xs, "y": ys.astype("float32")}
            if "%{customdata}" in hover:
                points["customdata"] = _segments(hover_dates, y, keep, steps)[0]
        fig.add_trace(trace(
            "scatter", **points, mode=mode, name=name, connectgaps=False, line=line,
            marker={"size": 4, "color": style["color"]}, hovertemplate=hover, **group,
        ))
    return drawn


#: A quality holding at least this share of a daily record's days is sent as one value per day
#: from the first day (plotly's ``x0``/``dx``, values as 4-byte floats, gaps as NaN): about 5
#: characters a day instead of about 24 for a date and a value. A sparser one keeps its dates.
DENSE_SHARE = 0.25
DAY_MS = 86_400_000


def _regular_days(x: np.ndarray, y: np.ndarray, keep: np.ndarray, steps: np.ndarray) -> dict:
    """``x0``/``dx`` and one float32 value per day (NaN where ``keep`` is false) for a daily trace.

    >>> pts = _regular_days(np.array(["2000-01-01", "2000-01-02", "2000-01-04"], dtype=object),
    ...                     np.array([1.0, 2.0, 4.0]), np.array([True, False, True]), np.array([10, 11, 13]))
    >>> pts["x0"], pts["dx"], pts["y"].tolist()
    ('2000-01-01', 86400000, [1.0, nan, nan, 4.0])
    >>> _regular_days(np.array(["2000-01-01", "2000-01-02"], dtype=object), np.array([1.0, 2.0]),
    ...               np.array([False, True]), np.array([10, 11]))["x0"]
    '2000-01-02'
    """
    steps = np.asarray(steps, dtype="int64")
    kept = np.flatnonzero(keep)
    first, last = kept[0], kept[-1]  # the trace's own span, not the whole record's
    values = np.full(int(steps[last] - steps[first] + 1), np.nan, dtype="float32")
    values[steps[kept] - steps[first]] = y[kept]
    return {"x0": str(x[first]), "dx": DAY_MS, "y": values}


# ------------------------------------------------------------------ the record
def hydrograph(shown: pd.DataFrame, *, station_name: str, variable: str, datum: str | None = None,
               alarm_m: float | None = None, flood_m: float | None = None, how: str = "daily",
               source: str | None = None, lang: str = "en", height: int = 460,
               title: str | None = None) -> go.Figure:
    """The displayed series over time, by display quality, with alarm and flood lines.

    Parameters
    ----------
    shown : pandas.DataFrame
        ``date, value, quality`` (display quality, see
        :func:`lmc_geo.hydrology.meta.aggregate_for_display`); optional ``low_coverage``.
    how : {"daily", "monthly", "annual"}
        Aggregation of ``shown`` (for the breaks between periods and the hover date).
    alarm_m, flood_m : float, optional
        Stages on the series' datum; omitted or NaN -> no line.

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2000-01-01", "2000-01-02"]), "value": [1.0, 2.0],
    ...                    "quality": ["measured", "gap_filled_series"]})
    >>> fig = hydrograph(df, station_name="Pakse", variable="water_level_m", datum="local gauge",
    ...                  alarm_m=11.0, flood_m=12.0)
    >>> [tr.name for tr in fig.data]
    ['Pakse: measured', 'Pakse: gap-filled series', 'Alarm level 11.00 m', 'Flood level 12.00 m']
    >>> fig.layout.yaxis.title.text
    'Water level (m, local gauge datum)'
    """
    fig = Draft()
    dates = pd.DatetimeIndex(pd.to_datetime(shown["date"]))
    y = shown["value"].to_numpy(dtype="float64")
    quality = shown["quality"].astype(str).to_numpy()
    x = _iso_days(dates)
    hover_dates = np.array([v[:{"daily": 10, "monthly": 7, "annual": 4}[how]] for v in x], dtype=object)
    hover_dates = with_reasons(hover_dates, shown, lang)
    bars = variable == "rainfall_mm" and how == "daily"
    _quality_traces(fig, x, y, quality, _period_steps(dates, how), station_name, variable, lang,
                    hover_dates=hover_dates, bars=bars,
                    daily_hover="%Y-%m-%d" if how == "daily" and not bars and len(x) else None)
    if how != "daily" and "low_coverage" in shown.columns:
        low = shown["low_coverage"].to_numpy(dtype=bool) & ~np.isnan(y)
        if low.any():
            fig.add_trace(trace(
                "scatter", x=x[low], y=y[low], mode="markers", name=t("hydro.trace.low_coverage", lang),
                marker={"symbol": "circle-open", "size": 9, "color": "#b35806", "line": {"width": 2}},
                hovertemplate=t("hydro.trace.low_coverage", lang) + "<extra></extra>",
            ))
    if len(dates) and variable == "water_level_m":
        _stage_lines(fig, x[0], x[-1], alarm_m, flood_m, lang)
    _finish(fig, title=title, source=source, height=height)
    fig.update_yaxes({"title": {"text": plot_text(value_axis_title(variable, datum, lang))},
                      "tickformat": _value_format(variable)})
    fig.update_xaxes({"type": "date", "title": {"text": None}})
    fig.update_layout({"hovermode": "closest", "barmode": "overlay"})
    return fig.figure()


# ------------------------------------------------------------------ one year against the record
def doy_dates(doy) -> pd.DatetimeIndex:
    """Days of year 1-365 as dates of the reference year (so the axis reads as months).

    >>> doy_dates([1, 59, 60, 365]).strftime("%d %b").tolist()
    ['01 Jan', '28 Feb', '01 Mar', '31 Dec']
    """
    return pd.Timestamp(f"{REFERENCE_YEAR}-01-01") + pd.to_timedelta(np.asarray(doy, dtype="int64") - 1, unit="D")


def band_chart(band: pd.DataFrame, shown: pd.DataFrame | None, year: int | None, *, station_name: str,
               variable: str, datum: str | None = None, alarm_m: float | None = None,
               flood_m: float | None = None, record: str | None = None, source: str | None = None,
               lang: str = "en", height: int = 480, title: str | None = None) -> go.Figure:
    """One year against the day-of-year band of the record.

    Draws the min-max band, the 10-90th percentile band, the long-term mean, the chosen year by
    display quality, and alarm and flood lines when given.

    Parameters
    ----------
    band : pandas.DataFrame
        ``doy, min, p10, p90, max, mean`` (:func:`lmc_geo.hydrology.store.doy_band`).
    shown : pandas.DataFrame or None
        Daily ``date, value, quality`` (display quality); only ``year`` is drawn.
    record : str, optional
        Period of record for the legend, e.g. ``"1989-2023"``.

    Examples
    --------
    >>> band = pd.DataFrame({"doy": [1, 2], "min": [1.0, 1.0], "p10": [1.5, 1.5], "p50": [2.0, 2.0],
    ...                      "p90": [3.0, 3.0], "max": [4.0, 4.0], "mean": [2.2, 2.2], "n_years": [9, 9]})
    >>> days = pd.DataFrame({"date": pd.to_datetime(["2008-01-01", "2008-01-02"]), "value": [2.0, 2.5],
    ...                      "quality": ["gap_filled_series"] * 2})
    >>> fig = band_chart(band, days, 2008, station_name="Pakse", variable="water_level_m",
    ...                  datum="local gauge", alarm_m=11.0)
    >>> [tr.name for tr in fig.data]  # doctest: +NORMALIZE_WHITESPACE
    ['Lowest of record', 'Highest and lowest of record', '10th percentile', '10-90th percentile of record',
     'Long-term mean', '2008: gap-filled series', 'Alarm level 11.00 m']
    """
    fig = Draft()
    x = _iso_days(doy_dates(band["doy"]))
    doy = band["doy"].to_numpy(dtype="int64")
    # Every day of the year, in order: a start and a step instead of 365 dates on each trace.
    at = {"x0": str(x[0]), "dx": DAY_MS} if len(doy) and (np.diff(doy) == 1).all() else {"x": x}
    custom = format_days(doy_dates(band["doy"]), lang, skeleton="MMMd").tolist()
    unit = unit_label(variable, lang)
    fmt = _value_format(variable)
    suffix = f" ({record})" if record else ""

    def edge(col, name, fill, colour, legend):
        fig.add_trace(trace(
            "scatter", **at, y=band[col].to_numpy(dtype="float32"), mode="lines", name=name,
            line={"width": 0, "color": colour}, fill=fill, fillcolor=colour, showlegend=legend,
            customdata=custom if legend else None, hoverinfo="skip" if not legend else None,
            hovertemplate=None if not legend else f"%{{customdata}}: %{{y:{fmt}}} {unit}<extra>{name}</extra>",
        ))

    edge("min", t("hydro.trace.min", lang), None, BAND_OUTER, False)
    edge("max", t("hydro.trace.minmax", lang) + suffix, "tonexty", BAND_OUTER, True)
    edge("p10", t("hydro.trace.p10", lang), None, BAND_INNER, False)
    edge("p90", t("hydro.trace.p10_p90", lang) + suffix, "tonexty", BAND_INNER, True)
    mean_name = t("hydro.trace.mean", lang)
    fig.add_trace(trace(
        "scatter", **at, y=band["mean"].to_numpy(dtype="float32"), mode="lines", name=mean_name,
        line={"color": MEAN_COLOUR, "width": 1.5, "dash": "dash"}, customdata=custom,
        hovertemplate=f"%{{customdata}}: %{{y:{fmt}}} {unit}<extra>{mean_name}</extra>",
    ))
    if shown is not None and year is not None:
        part = year_of(shown, year)
        if not part.empty:
            doys = part["doy"].to_numpy()
            xs = _iso_days(doy_dates(doys))
            real = with_reasons(format_days(part["date"], lang), part, lang)
            _quality_traces(fig, xs, part["value"].to_numpy(dtype="float64"),
                            part["quality"].astype(str).to_numpy(), doys, str(year), variable, lang,
                            hover_dates=real, width=3.0)
    if variable == "water_level_m":
        _stage_lines(fig, f"{REFERENCE_YEAR}-01-01", f"{REFERENCE_YEAR}-12-31", alarm_m, flood_m, lang)
    _finish(fig, title=title, source=source, height=height)
    fig.update_yaxes({"title": {"text": plot_text(value_axis_title(variable, datum, lang))}, "tickformat": fmt})
    fig.update_xaxes({"type": "date", "tickvals": [f"{REFERENCE_YEAR}-{m:02d}-01" for m in range(1, 13)],
                      "ticktext": month_names(lang), "title": {"text": None},  # month names in the reader's language
                      "range": [f"{REFERENCE_YEAR}-01-01", f"{REFERENCE_YEAR}-12-31"]})
    fig.update_layout({"hovermode": "closest"})
    return fig.figure()


#: Day of year (365-day calendar) of the first of each month.
MONTH_STARTS = (1, 32, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335)
SVG_DASH = {"solid": None, "dash": "7 4", "dot": "2 3"}


def band_svg(band: pd.DataFrame, shown: pd.DataFrame | None, year: int | None, *, station_name: str,
             variable: str, datum: str | None = None, alarm_m: float | None = None,
             flood_m: float | None = None, record: str | None = None, source: str | None = None,
             lang: str = "en", title: str | None = None, width: int = 680, height: int = 400) -> str:
    """:func:`band_chart` as a static SVG document (the compact hydrograph under the basin map).

    The same marks and colours: min-max and 10-90th percentile bands, the long-term mean, the
    chosen year by display quality (:data:`QUALITY_STYLE`), alarm and flood lines; the latest
    value of the year is marked and labelled. Drawn by the server, so it shows as soon as it
    arrives (no chart library to load). Names and sources are escaped.

    Examples
    --------
    >>> band = pd.DataFrame({"doy": [1, 2], "min": [1.0, 1.0], "p10": [1.5, 1.5], "p50": [2.0, 2.0],
    ...                      "p90": [3.0, 3.0], "max": [4.0, 4.0], "mean": [2.2, 2.2], "n_years": [9, 9]})
    >>> days = pd.DataFrame({"date": pd.to_datetime(["2008-01-01", "2008-01-02"]), "value": [2.0, 2.5],
    ...                      "quality": ["measured"] * 2})
    >>> svg = band_svg(band, days, 2008, station_name="Pakse <b>", variable="water_level_m", alarm_m=3.5,
    ...                title="Pakse <b>: water level in 2008")
    >>> "<title>Pakse &lt;b&gt;: water level in 2008</title>" in svg, "Alarm level 3.50 m" in svg, "<b>" in svg
    (True, True, False)
    """
    title = title or station_name
    lines = sc.wrap(source, 112) if source else []
    part = year_of(shown, year) if shown is not None and year is not None else pd.DataFrame()
    values = [band[c].to_numpy(dtype="float64") for c in ("min", "max", "mean")]
    if not part.empty:
        values.append(part["value"].to_numpy(dtype="float64"))
    stages = stage_marks(alarm_m, flood_m, lang) if variable == "water_level_m" else []
    values += [np.array([value]) for value, _, _ in stages]
    every = np.concatenate(values) if values else np.array([])
    every = every[np.isfinite(every)]
    lo, hi = (float(every.min()), float(every.max())) if len(every) else (0.0, 1.0)
    y_domain = sc.padded(lo, hi)
    if variable != "water_level_m" and lo >= 0:  # discharge and rainfall are never negative
        y_domain = (max(y_domain[0], 0.0), y_domain[1] if hi > 0 else 1.0)
    unit = unit_label(variable, lang)
    fmt = _value_format(variable)
    suffix = f" ({record})" if record else ""
    minmax = t("hydro.trace.minmax", lang) + suffix
    p10_90 = t("hydro.trace.p10_p90", lang) + suffix
    mean_name = t("hydro.trace.mean", lang)
    legend = [{"label": minmax, "colour": BAND_COLOUR, "kind": "band", "opacity": BAND_ALPHA["outer"]},
              {"label": p10_90, "colour": BAND_COLOUR, "kind": "band", "opacity": BAND_ALPHA["inner"]},
              {"label": mean_name, "colour": MEAN_COLOUR, "dash": SVG_DASH["dash"], "width": 1.5}]
    qualities = part["quality"].astype(str).to_numpy() if not part.empty else np.array([], dtype=object)
    values_y = part["value"].to_numpy(dtype="float64") if not part.empty else np.array([])
    for q, style in QUALITY_STYLE.items():
        if ((qualities == q) & np.isfinite(values_y)).any():
            legend.append(
                {
                    "label": t("hydro.trace.series", lang, label=str(year), quality=t(f"hydro.quality.{q}", lang)),
                    "colour": style["color"],
                    "dash": SVG_DASH[style["dash"]],
                    "width": 3,
                    "quality": q,
                }
            )
    legend += [{"label": label, "colour": colour, "dash": "6 4"} for _, label, colour in stages]
    rows = sc.Chart.legend_rows(legend, width - 16)
    chart = sc.Chart(width, height + 20 * max(rows - 3, 0), x_domain=(1, 365), y_domain=y_domain,
                     margin=(70, 36 + 20 * rows, 16, 40 + 15 * len(lines)))
    chart.y_axis(sc.nice_ticks(*y_domain), lambda v: format(v, fmt),
                 title=value_axis_title(variable, datum, lang))
    chart.x_axis(list(MONTH_STARTS), month_names(lang))
    doy = band["doy"].to_numpy(dtype="float64")
    chart.band(doy, band["min"], band["max"], fill=BAND_COLOUR, opacity=BAND_ALPHA["outer"], tip=minmax)
    chart.band(doy, band["p10"], band["p90"], fill=BAND_COLOUR, opacity=BAND_ALPHA["inner"], tip=p10_90)
    chart.line(doy, band["mean"], stroke=MEAN_COLOUR, width=1.5, dash=SVG_DASH["dash"], tip=mean_name)
    if not part.empty:
        x = part["doy"].to_numpy(dtype="float64")
        y = part["value"].to_numpy(dtype="float64")
        quality = qualities
        for item in legend:
            q = item.get("quality")
            if q is not None:  # broken at days of another quality and at days with no row
                xs, ys = _segments(x, y, (quality == q) & np.isfinite(y), x.astype("int64"))
                chart.line(np.array([np.nan if v is None else v for v in xs], dtype="float64"), ys,
                           stroke=item["colour"], width=3.0, dash=item["dash"], tip=item["label"])
        ok = np.flatnonzero(np.isfinite(y) & (quality != "missing"))
        if len(ok):
            last = ok[-1]
            day = format_day(part["date"].iloc[last], lang)
            text = f"{day}: {_fmt(y[last], variable)} {unit}"
            chart.circle(
                x[last],
                y[last],
                4.5,
                fill=QUALITY_STYLE.get(quality[last], QUALITY_STYLE["measured"])["color"],
                stroke="#ffffff",
                stroke_width=1.5,
                tip=text,
            )
            px = chart.sx(x[last])
            anchor = "end" if px > chart.right - 140 else "start"
            chart.text(px + (-8 if anchor == "end" else 8), chart.sy(y[last]) - 8, text, size=12, anchor=anchor,
                       halo=True)
    for value, label, colour in stages:
        chart.hline(value, stroke=colour, label=label)
    chart.legend(legend, x=8, y=44, max_width=width - 16)
    chart.source(lines)
    return chart.render(title=title, heading=title)


# ------------------------------------------------------------------ upstream to downstream


def station_colours(n: int) -> list[str]:
    """``n`` colours ordered upstream (dark) to downstream (light), colour-blind safe (viridis part)."""
    if n <= 1:
        return ["#3b528b"][:n] or []
    return sample_colorscale("Viridis", [0.8 * i / (n - 1) for i in range(n)])


def longitudinal(series_by_station: dict, stations: pd.DataFrame, *, variable: str, how: str = "absolute",
                 start=None, end=None, datum: str | None = None, source: str | None = None,
                 lang: str = "en", height: int = 480, title: str | None = None) -> go.Figure:
    """Several stations on one chart, legend ordered upstream to downstream by ``river_km``.

    Parameters
    ----------
    series_by_station : dict
        ``{station_id: daily frame (date, value, quality)}``, the full record of each (the
        normalisation is against the whole record; ``start``/``end`` only limit what is drawn).
        ``quality`` is the display quality (:func:`lmc_geo.hydrology.meta.aggregate_for_display`):
        each station keeps its colour, its gap-filled values are dashed or dotted, and a grey
        key names the line styles when any value is not measured.
    stations : pandas.DataFrame
        ``station_id, name, river_km``.
    how : {"absolute", "percentile", "zscore"}

    Examples
    --------
    >>> st = pd.DataFrame({"station_id": ["kr", "cs"], "name": ["Kratie", "Chiang Saen"],
    ...                    "river_km": [522.4, 2474.8]})
    >>> one = pd.DataFrame({"date": pd.to_datetime(["2000-01-01", "2000-01-02", "2000-01-03"]),
    ...                     "value": [1.0, 2.0, 3.0], "quality": ["measured", "measured", "gap_filled_series"]})
    >>> fig = longitudinal({"kr": one, "cs": one}, st, variable="water_level_m", how="zscore")
    >>> [(tr.name, tr.line.dash) for tr in fig.data if tr.showlegend is not False]  # doctest: +NORMALIZE_WHITESPACE
    [('Chiang Saen (km 2,475)', 'solid'), ('Kratie (km 522)', 'solid'),
     ('Line style: measured', 'solid'), ('Line style: gap-filled series', 'dash')]
    """
    order = [sid for sid in order_upstream(stations, series_by_station.keys()) if sid in series_by_station]
    names = stations.assign(station_id=stations["station_id"].astype(str)).set_index("station_id")
    colours = station_colours(len(order))
    unit = unit_label(variable, lang)
    fig = Draft()
    lo = pd.Timestamp(start) if start is not None else None
    hi = pd.Timestamp(end) if end is not None else None
    vfmt = {"absolute": _value_format(variable), "percentile": ".0f", "zscore": "+.2f"}[how]
    vunit = {"absolute": f" {unit}", "percentile": "%", "zscore": " σ"}[how]
    drawn: set[str] = set()
    for sid, colour in zip(order, colours):
        df = series_by_station[sid]
        y = normalise(df, how)
        dates = pd.DatetimeIndex(pd.to_datetime(df["date"]))
        keep = np.ones(len(df), dtype=bool)
        if lo is not None:
            keep &= dates >= lo
        if hi is not None:
            keep &= dates <= hi
        km = names.loc[sid, "river_km"] if sid in names.index else np.nan
        name = str(names.loc[sid, "name"]) if sid in names.index else sid
        label = name if pd.isna(km) else t("hydro.trace.station_km", lang, name=name, km=f"{float(km):,.0f}")
        quality = (df["quality"].astype(str).to_numpy() if "quality" in df.columns
                   else np.full(len(df), "measured", dtype=object))[keep]
        x = _iso_days(dates[keep])
        drawn |= set(_quality_traces(fig, x, y.to_numpy(dtype="float64")[keep], quality,
                                     _period_steps(dates[keep], "daily"), label, variable, lang,
                                     hover_dates=x, colour=colour, value_format=vfmt, value_unit=vunit,
                                     daily_hover="%Y-%m-%d" if len(x) else None))
    if drawn - {"measured"}:  # a key to the line styles, once, after the stations
        for q in (q for q in STATION_QUALITY_DASH if q in drawn):
            fig.add_trace(trace(
                "scatter", x=[None], y=[None], mode="lines", name=plot_text(t("hydro.trace.style_key", lang,
                                                                   quality=t(f"hydro.quality.{q}", lang))),
                line={"color": "#555555", "width": 2, "dash": STATION_QUALITY_DASH[q]},
                legendgroup="quality_styles", hoverinfo="skip",
            ))
    _finish(fig, title=title, source=source, height=height)
    if how == "absolute":
        ytitle = value_axis_title(variable, datum, lang)
        if variable == "water_level_m":
            ytitle = t("hydro.axis.own_gauge", lang, variable=variable_label(variable, lang),
                       unit=unit_label(variable, lang))
    else:
        ytitle = t(f"hydro.axis.{how}", lang, variable=variable_label(variable, lang))
    fig.update_yaxes({"title": {"text": plot_text(ytitle)}})
    if how == "percentile":
        fig.update_yaxes({"range": [0, 100]})
    fig.update_xaxes({"type": "date", "title": {"text": None}})
    return fig.figure()


def value_text(value: float, variable: str, lang: str) -> str:
    """A value with its unit: discharge without decimals, levels with two."""
    fmt = "{:,.0f}" if variable == "discharge_m3s" else "{:,.2f}"
    return f"{fmt.format(value)} {unit_label(variable, lang)}"
