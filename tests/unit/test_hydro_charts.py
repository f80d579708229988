"""Hydrology figures as objects (traces, axis titles, lines) and the logic behind them, hand-checked."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lmc_geo.hydrology import charts as hc
from lmc_geo.hydrology import compare, timeseries
from lmc_geo.schema import STATUS_COLOURS

STATIONS = pd.DataFrame({
    "station_id": ["kr", "cs", "pk", "trib", "vt"],
    "name": ["Kratie", "Chiang Saen", "Pakse", "Tributary", "Vientiane"],
    "river_km": [522.4, 2474.8, 866.6, np.nan, 1626.3],
})


def daily(start, values, quality="measured", source="s"):
    n = len(values)
    return pd.DataFrame({
        "date": pd.date_range(start, periods=n),
        "value": np.asarray(values, dtype="float64"),
        "quality": quality if isinstance(quality, list) else [quality] * n,
        "source": [source] * n,
    })


def band(n=365, base=2.0):
    doy = np.arange(1, n + 1)
    return pd.DataFrame({"doy": doy, "min": base - 1, "p10": base - 0.5, "p50": base, "p90": base + 0.5,
                         "max": base + 1, "mean": base, "n_years": 30})


def names(fig):
    return [tr.name for tr in fig.data]


def dates_of(tr):
    """A trace's dates as the chart draws them, None at a break, whether sent as dates or x0/dx."""
    if tr.x is not None:
        return list(tr.x)
    assert tr.dx == hc.DAY_MS
    days = pd.date_range(tr.x0, periods=len(tr.y)).strftime("%Y-%m-%d")
    return [None if np.isnan(v) else d for d, v in zip(days, tr.y)]


def drawn(tr):
    """The (date, value) points a trace draws."""
    return [(d, float(v)) for d, v in zip(dates_of(tr), tr.y) if d is not None]


# ------------------------------------------------------------------ ordering and normalisation
def test_order_upstream_by_river_km_unknown_last():
    assert compare.order_upstream(STATIONS) == ["cs", "vt", "pk", "kr", "trib"]
    assert compare.order_upstream(STATIONS, ["kr", "trib", "cs"]) == ["cs", "kr", "trib"]


def test_normalise_percentile_mid_rank_and_zscore():
    df = pd.DataFrame({"value": [10.0, 30.0, 20.0, 20.0, np.nan], "quality": ["measured"] * 4 + ["missing"]})
    # ranks (average): 10 -> 1, 20 -> 2.5, 30 -> 4; percentile = (rank - 0.5) / 4 * 100
    assert compare.normalise(df, "percentile").tolist()[:4] == [12.5, 87.5, 50.0, 50.0]
    assert math.isnan(compare.normalise(df, "percentile").iloc[4])
    z = compare.normalise(df, "zscore")
    sd = np.std([10, 30, 20, 20], ddof=1)  # mean 20
    assert z.tolist()[:4] == pytest.approx([-10 / sd, 10 / sd, 0.0, 0.0])
    assert compare.normalise(df, "absolute").tolist()[:4] == [10.0, 30.0, 20.0, 20.0]
    with pytest.raises(ValueError):
        compare.normalise(df, "log")


def test_normalise_constant_series_has_no_zscore():
    assert compare.normalise(pd.DataFrame({"value": [3.0, 3.0]}), "zscore").isna().all()


def test_travel_time_finds_the_shift():
    rng = np.random.default_rng(7)
    up = np.cumsum(rng.normal(size=400))
    down = np.r_[np.zeros(3), up[:-3]]  # 3 days later downstream
    frames = {"cs": daily("2000-01-01", up), "vt": daily("2000-01-01", down)}
    out = compare.travel_times(frames, STATIONS)
    row = out.iloc[0]
    assert (row["upstream"], row["downstream"], row["lag_days"]) == ("cs", "vt", 3)
    assert row["distance_km"] == pytest.approx(2474.8 - 1626.3)
    assert row["celerity_km_day"] == pytest.approx((2474.8 - 1626.3) / 3)
    assert row["r"] > 0.99


def test_travel_time_without_a_clear_lag_is_na():
    rng = np.random.default_rng(3)
    frames = {"cs": daily("2000-01-01", np.cumsum(rng.normal(size=300))),
              "vt": daily("2000-01-01", np.cumsum(rng.normal(size=300)))}  # unrelated
    row = compare.travel_times(frames, STATIONS).iloc[0]
    assert pd.isna(row["lag_days"]) and np.isnan(row["celerity_km_day"]) and row["r"] < 0.3


def test_travel_time_skips_short_overlap():
    frames = {"cs": daily("2000-01-01", np.arange(30.0)), "vt": daily("2000-01-01", np.arange(30.0))}
    assert compare.travel_times(frames, STATIONS).empty


# ------------------------------------------------------------------ labels
def test_axis_titles_carry_unit_and_datum():
    assert hc.value_axis_title("water_level_m", "local gauge") == "Water level (m, local gauge datum)"
    assert "datum not stated" in hc.value_axis_title("water_level_m", None)
    assert hc.value_axis_title("discharge_m3s", "local gauge") == "Discharge (m³/s)"
    assert hc.value_axis_title("rainfall_mm") == "Rainfall (mm)"


# ------------------------------------------------------------------ one year against the band
def year_frame():
    values = np.linspace(1.0, 3.0, 366)
    quality = ["measured"] * 100 + ["gap_filled_series"] * 200 + ["gap_filled"] * 66
    return daily("2008-01-01", values, quality)


def test_band_chart_traces_axis_lines_and_source():
    fig = hc.band_chart(band(), year_frame(), 2008, station_name="Chiang Saen", variable="water_level_m",
                        datum="local gauge", alarm_m=11.5, flood_m=12.8, record="1989-2023",
                        source="Source: MRC", title="Chiang Saen: water level in 2008")
    assert names(fig) == [
        "Lowest of record", "Highest and lowest of record (1989-2023)", "10th percentile",
        "10-90th percentile of record (1989-2023)", "Long-term mean",
        "2008: measured", "2008: gap-filled series", "2008: gap-filled day",
        "Alarm level 11.50 m", "Flood level 12.80 m",
    ]
    assert fig.layout.yaxis.title.text == "Water level (m, local gauge datum)"
    assert fig.layout.title.text == "Chiang Saen: water level in 2008"
    assert fig.layout.annotations[0].text == "Source: MRC"
    long = hc.band_chart(band(), None, None, station_name="X", variable="water_level_m",
                         source="Source: " + "; ".join(["MRC daily water level 1992-2023, gap-filled series"] * 3))
    lines = long.layout.annotations[0].text.split("<br>")
    assert len(lines) == 2 and all(len(line) <= 110 for line in lines)
    by_name = {tr.name: tr for tr in fig.data}
    alarm, flood = by_name["Alarm level 11.50 m"], by_name["Flood level 12.80 m"]
    assert list(alarm.y) == [11.5, 11.5] and alarm.line.color == STATUS_COLOURS["alarm"]
    assert list(flood.y) == [12.8, 12.8] and flood.line.color == STATUS_COLOURS["flood"]
    # Gap-filled values are drawn distinctly from measured ones.
    styles = {n: (by_name[n].line.color, by_name[n].line.dash)
              for n in ("2008: measured", "2008: gap-filled series", "2008: gap-filled day")}
    assert len(set(styles.values())) == 3 and styles["2008: gap-filled day"][1] == "dot"
    # Bands fill between their edges.
    assert by_name["Highest and lowest of record (1989-2023)"].fill == "tonexty"


def test_band_chart_year_is_placed_on_the_band_calendar():
    fig = hc.band_chart(band(), year_frame(), 2008, station_name="X", variable="water_level_m")
    measured = next(tr for tr in fig.data if tr.name == "2008: measured")
    # 100 measured days from 1 January: x on the reference year, hover says the real date.
    assert measured.x[0] == "2001-01-01" and measured.customdata[0] == "1 Jan 2008"
    # 29 February 2008 is dropped; 1 March 2008 sits on 1 March of the reference year, no break.
    hover = list(measured.customdata)
    assert "29 Feb 2008" not in hover
    i = hover.index("1 Mar 2008")
    assert (measured.x[i - 1], measured.x[i]) == ("2001-02-28", "2001-03-01")
    assert hover[i - 1] == "28 Feb 2008"


def test_band_chart_without_stages_or_for_discharge_draws_no_lines():
    fig = hc.band_chart(band(), year_frame(), 2008, station_name="X", variable="water_level_m")
    assert not any("level" in n and ("Alarm" in n or "Flood" in n) for n in names(fig))
    fig = hc.band_chart(band(), year_frame(), 2008, station_name="X", variable="discharge_m3s", alarm_m=1.0)
    assert not any(n.startswith("Alarm") for n in names(fig))
    assert fig.layout.yaxis.title.text == "Discharge (m³/s)"


def test_band_chart_year_without_data_shows_band_only():
    fig = hc.band_chart(band(), year_frame(), 1990, station_name="X", variable="water_level_m")
    assert names(fig)[-1] == "Long-term mean"


def test_years_with_data_latest_first():
    df = pd.concat([daily("1999-12-31", [1.0, 2.0]), daily("2003-01-01", [np.nan], "missing")])
    assert timeseries.years_with_data(df) == [2000, 1999]


# ------------------------------------------------------------------ the record
def test_hydrograph_splits_by_quality_and_breaks_at_gaps():
    df = pd.concat([
        daily("2000-01-01", [1.0, 2.0, 3.0]),
        daily("2000-01-10", [4.0, 5.0]),                       # a gap of 6 days
        daily("2000-01-12", [6.0], "gap_filled_series"),
    ], ignore_index=True)
    fig = hc.hydrograph(df, station_name="Pakse", variable="water_level_m", datum="local gauge",
                        alarm_m=11.0, flood_m=12.0, source="Source: MRC")
    assert names(fig) == ["Pakse: measured", "Pakse: gap-filled series", "Alarm level 11.00 m", "Flood level 12.00 m"]
    measured = fig.data[0]
    # Dense daily values go as one value a day from the first (x0/dx), a gap as NaN: 9 days, 5 values.
    assert measured.x0 == "2000-01-01" and measured.x is None and len(measured.y) == 11
    assert drawn(measured) == [("2000-01-01", 1.0), ("2000-01-02", 2.0), ("2000-01-03", 3.0),
                               ("2000-01-10", 4.0), ("2000-01-11", 5.0)]
    assert np.isnan(measured.y[3:9]).all() and measured.y.dtype == np.float32
    assert measured.customdata is None and "%{x|%Y-%m-%d}" in measured.hovertemplate
    assert fig.layout.yaxis.title.text == "Water level (m, local gauge datum)"
    assert fig.layout.annotations[0].text == "Source: MRC"


def test_hydrograph_monthly_marks_incomplete_periods_and_rainfall_uses_bars():
    monthly = pd.DataFrame({"date": pd.to_datetime(["2000-01-01", "2000-02-01"]), "value": [1.0, 2.0],
                            "quality": ["measured", "measured"], "low_coverage": [False, True]})
    fig = hc.hydrograph(monthly, station_name="A", variable="water_level_m", how="monthly")
    assert names(fig) == ["A: measured", "Incomplete period (under 80% of days)"]
    assert list(fig.data[1].x) == ["2000-02-01"]
    rain = hc.hydrograph(daily("2000-01-01", [0.0, 12.5]), station_name="A", variable="rainfall_mm")
    assert rain.data[0].type == "bar" and rain.layout.yaxis.title.text == "Rainfall (mm)"


# ------------------------------------------------------------------ upstream to downstream
def test_longitudinal_orders_legend_upstream_to_downstream():
    frames = {sid: daily("2000-01-01", np.arange(10.0) + i) for i, sid in enumerate(["kr", "pk", "cs"])}
    fig = hc.longitudinal(frames, STATIONS, variable="water_level_m", datum="local gauge")
    assert names(fig) == ["Chiang Saen (km 2,475)", "Pakse (km 867)", "Kratie (km 522)"]
    assert fig.layout.legend.traceorder == "normal"
    assert "each station's own gauge datum" in fig.layout.yaxis.title.text
    assert len({tr.line.color for tr in fig.data}) == 3


def test_longitudinal_normalised_against_the_whole_record_then_clipped():
    frames = {"cs": daily("2000-01-01", [1.0, 2.0, 3.0, 4.0])}
    fig = hc.longitudinal(frames, STATIONS, variable="water_level_m", how="percentile",
                          start="2000-01-03", end="2000-01-04")
    assert drawn(fig.data[0]) == [("2000-01-03", 62.5), ("2000-01-04", 87.5)]  # percentiles of the full 4-day record
    assert fig.layout.yaxis.title.text == "Water level: percentile of the station's record (%)"
    assert tuple(fig.layout.yaxis.range) == (0, 100)


def test_longitudinal_draws_gap_filled_values_distinctly():
    frames = {
        "cs": daily("2000-01-01", [1.0, 2.0, 3.0, 4.0], ["measured", "measured", "gap_filled_series", "gap_filled"]),
        "kr": daily("2000-01-01", [5.0, 6.0], "gap_filled_series"),
    }
    fig = hc.longitudinal(frames, STATIONS, variable="water_level_m")
    by = {(tr.legendgroup, tr.line.dash): tr for tr in fig.data}
    cs, kr = "station:Chiang Saen (km 2,475)", "station:Kratie (km 522)"
    assert [d for d, _ in drawn(by[(cs, "solid")])] == ["2000-01-01", "2000-01-02"]
    assert dates_of(by[(cs, "dash")]) == ["2000-01-03"] and dates_of(by[(cs, "dot")]) == ["2000-01-04"]
    assert [d for d, _ in drawn(by[(kr, "dash")])] == ["2000-01-01", "2000-01-02"]
    # The colour stays the station's; the legend shows each station once, then a key to the dashes.
    assert by[(cs, "solid")].line.color == by[(cs, "dash")].line.color != by[(kr, "dash")].line.color
    legend = [tr.name for tr in fig.data if tr.showlegend is not False]
    assert legend == ["Chiang Saen (km 2,475)", "Kratie (km 522)", "Line style: measured",
                      "Line style: gap-filled series", "Line style: gap-filled day"]
    assert "gap-filled series" in by[(kr, "dash")].hovertemplate
    assert not any("measured" in tr.hovertemplate for tr in fig.data if tr.line.dash == "dash" and tr.hovertemplate)


def test_station_names_and_titles_are_plain_text_in_plotly():
    evil = pd.DataFrame({"station_id": ["x"], "name": ['<a href="javascript:alert(1)">Evil</a> %{y}'],
                         "river_km": [100.0]})
    frames = {"x": daily("2000-01-01", [1.0, 2.0])}
    fig = hc.longitudinal(frames, evil, variable="water_level_m", title="<b>T</b> & <i>x</i>",
                          source="Source: <a href=x>MRC</a>")
    tr = fig.data[0]
    assert "<a" not in tr.name and tr.name.startswith("&lt;a href=")
    assert "<a" not in tr.hovertemplate and "%{y} (km" not in tr.hovertemplate and "&#37;{y}" in tr.hovertemplate
    assert fig.layout.title.text == "&lt;b&gt;T&lt;/b&gt; &amp; &lt;i&gt;x&lt;/i&gt;"
    assert "<a" not in fig.layout.annotations[0].text
    rec = hc.hydrograph(daily("2000-01-01", [1.0]), station_name="<b>Pakse</b>", variable="water_level_m",
                        title="<b>Pakse</b>: record")
    assert rec.data[0].name == "&lt;b&gt;Pakse&lt;/b&gt;: measured"
    assert rec.layout.title.text == "&lt;b&gt;Pakse&lt;/b&gt;: record"


def test_every_dynamic_message_key_exists():
    from lmc_geo.hydrology.meta import DISPLAY_QUALITIES
    from lmc_geo.i18n import EN
    from lmc_geo.schema import VARIABLES

    keys = [f"hydro.{kind}.{v}" for v in VARIABLES for kind in ("var", "unit")]
    keys += [f"hydro.quality.{q}" for q in DISPLAY_QUALITIES]
    keys += [f"hydro.compare.mode.{m}" for m in compare.NORMALISATIONS]
    keys += [f"hydro.axis.{m}" for m in compare.NORMALISATIONS if m != "absolute"]
    keys += [f"hydro.agg.{a}" for a in ("daily", "monthly", "annual")]
    assert [k for k in keys if k not in EN] == []


def test_a_sparse_quality_keeps_its_dates_and_a_suspect_value_keeps_its_reason():
    quality = ["measured"] * 40
    quality[5] = "suspect"
    df = daily("2000-01-01", np.arange(40.0), quality)
    df["flag"] = ["spike" if q == "suspect" else "" for q in quality]
    fig = hc.hydrograph(df, station_name="Pakse", variable="water_level_m")
    measured, suspect = fig.data[0], fig.data[1]
    assert measured.x0 == "2000-01-01" and len(drawn(measured)) == 39
    assert list(suspect.x) == ["2000-01-06"] and list(suspect.y) == [5.0]
    assert "%{customdata}" in suspect.hovertemplate and "suspect" in suspect.customdata[0]


def test_the_band_is_sent_as_a_start_and_a_step():
    fig = hc.band_chart(band(), None, None, station_name="Pakse", variable="water_level_m")
    edges = fig.data[:5]  # min, max, p10, p90, mean; hover dates only on the traces that hover
    assert all(tr.x0 == f"{hc.REFERENCE_YEAR}-01-01" and tr.dx == hc.DAY_MS and len(tr.y) == 365 for tr in edges)
    assert [0 if tr.customdata is None else len(tr.customdata) for tr in edges] == [0, 365, 0, 365, 365]
