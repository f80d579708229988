"""Time-series core (lmc_geo.hydrology.timeseries) against small series with hand-computed answers."""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest

from lmc_geo.hydrology import export as hydro_export
from lmc_geo.hydrology import timeseries as ts


def _series(dates, values, qualities=None):
    n = len(dates)
    return pd.DataFrame({
        "date": pd.to_datetime(dates),
        "value": np.asarray(values, dtype="float64"),
        "quality": qualities or ["measured"] * n,
        "source": ["src"] * n,
    })


def test_resample_monthly_mean_coverage_and_gap_share():
    # January 2001: 25 valued days (value = day number), 3 of them gap-filled, 1 missing row.
    jan = pd.date_range("2001-01-01", "2001-01-26")
    values = list(range(1, 26)) + [np.nan]
    quality = ["gap_filled"] * 3 + ["measured"] * 22 + ["missing"]
    # February 2001: 28 days all measured, value 10.
    feb = pd.date_range("2001-02-01", "2001-02-28")
    df = _series(list(jan) + list(feb), values + [10.0] * 28, quality + ["measured"] * 28)

    out = ts.resample(df, "monthly")

    assert list(out.columns) == ts.RESAMPLED_COLUMNS
    assert out["date"].dt.strftime("%Y-%m-%d").tolist() == ["2001-01-01", "2001-02-01"]
    assert out["value"].tolist() == [13.0, 10.0]  # mean of 1..25 = 13
    assert out["n_days"].tolist() == [25, 28]
    assert out["n_expected"].tolist() == [31, 28]
    assert out["coverage"].tolist() == pytest.approx([25 / 31, 1.0])
    assert out["gap_filled_share"].tolist() == pytest.approx([3 / 25, 0.0])
    # 25/31 = 0.806 >= 0.8: not flagged; 24/31 would be.
    assert out["low_coverage"].tolist() == [False, False]


def test_resample_flags_periods_below_80_percent():
    df = _series(pd.date_range("2001-01-01", periods=24), np.ones(24))  # 24/31 = 0.774
    out = ts.resample(df, "monthly")
    assert out["low_coverage"].tolist() == [True]


def test_resample_annual_counts_leap_years_and_empty_periods():
    dates = list(pd.date_range("2000-01-01", "2000-12-31")) + [pd.Timestamp("2002-06-01")]
    df = _series(dates, [2.0] * 366 + [4.0])
    out = ts.resample(df, "annual")
    assert out["date"].dt.year.tolist() == [2000, 2001, 2002]
    assert out["n_expected"].tolist() == [366, 365, 365]
    assert out["n_days"].tolist() == [366, 0, 1]
    assert out["value"].iloc[0] == 2.0 and math.isnan(out["value"].iloc[1])
    assert math.isnan(out["gap_filled_share"].iloc[1])
    assert out["low_coverage"].tolist() == [False, True, True]


def test_resample_daily_fills_absent_days_and_sum_for_rainfall():
    df = _series(["2001-01-01", "2001-01-03"], [5.0, 7.0])
    daily = ts.resample(df, "daily")
    assert daily["n_days"].tolist() == [1, 0, 1]
    assert daily["low_coverage"].tolist() == [False, True, False]
    monthly_total = ts.resample(df, "monthly", agg="sum")
    assert monthly_total["value"].tolist() == [12.0]


def test_resample_rejects_unknown_period():
    with pytest.raises(ValueError, match="how must be one of"):
        ts.resample(_series(["2001-01-01"], [1.0]), "weekly")


def test_doy_band_hand_computed_and_feb29_dropped():
    # Three years on 1 March (doy 60 in every year) and one 29 February, which is dropped.
    df = _series(["2000-03-01", "2001-03-01", "2002-03-01", "2000-02-29", "2003-03-01"],
                 [1.0, 2.0, 4.0, 100.0, np.nan],
                 ["measured", "gap_filled", "measured", "measured", "missing"])
    band = ts.doy_band(df)
    assert band["doy"].tolist() == [60]
    row = band.iloc[0]
    assert (row["min"], row["max"], row["p50"]) == (1.0, 4.0, 2.0)
    assert row["p10"] == pytest.approx(1.2) and row["p90"] == pytest.approx(3.6)
    assert row["mean"] == pytest.approx(7 / 3)
    assert row["n_years"] == 3


def test_noleap_doy_end_of_year_is_365_in_leap_years():
    assert ts.noleap_doy(pd.to_datetime(["2000-12-31", "2001-12-31"])).tolist() == [365, 365]


@pytest.mark.parametrize(
    ("value", "alarm", "flood", "p10", "expected", "rule"),
    [
        (None, 11.5, 12.8, None, "no_data", "thresholds"),
        (float("nan"), None, None, 2.0, "no_data", "percentile"),
        (12.8, 11.5, 12.8, None, "flood", "thresholds"),
        (12.79, 11.5, 12.8, None, "alarm", "thresholds"),
        (11.5, 11.5, 12.8, None, "alarm", "thresholds"),
        (11.49, 11.5, 12.8, 20.0, "normal", "thresholds"),  # thresholds win over percentiles
        (13.0, None, 12.0, None, "flood", "thresholds"),  # flood stage only
        (11.0, 10.0, None, None, "alarm", "thresholds"),  # alarm stage only
        (1.99, None, None, 2.0, "low", "percentile"),
        (2.0, float("nan"), None, 2.0, "normal", "percentile"),
        (5.0, None, None, None, "no_threshold", "none"),
    ],
)
def test_status_on_and_rule(value, alarm, flood, p10, expected, rule):
    assert ts.status_on(value, alarm, flood, doy_p10=p10, doy_p90=99.0) == expected
    assert ts.status_rule(alarm, flood, p10) == rule


def test_csv_export_header_names_unit_flags_and_source_and_reads_back():
    df = _series(["2000-01-01", "2000-01-02"], [1.5, np.nan], ["gap_filled", "missing"])
    data = hydro_export.to_csv_export(df, "Chiang Saen", "water_level_m", "m", "MRC 1989-2002")
    text = data.decode("utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert "# station: Chiang Saen" in header
    assert "# variable: water_level_m (unit: m)" in header
    assert "# source: MRC 1989-2002" in header
    assert any(line.startswith("#   gap_filled:") for line in header)
    assert any(line.startswith("#   missing:") for line in header)
    back = pd.read_csv(io.BytesIO(data), comment="#")
    assert back.columns.tolist() == ["date", "water_level_m", "quality", "source"]
    assert back["date"].tolist() == ["2000-01-01", "2000-01-02"]
    assert back["water_level_m"].iloc[0] == 1.5 and math.isnan(back["water_level_m"].iloc[1])


def test_csv_export_extra_columns_and_several_stations():
    df = _series(["2000-01-01"], [1.5], ["measured"]).assign(station_id="a", shown=50.0)
    data = hydro_export.to_csv_export(df, "A (a); B (b)", "water_level_m", "m", "MRC", leading_columns=["station_id"],
                            extra_columns=["shown"], station_key="stations").decode()
    assert data.splitlines()[0] == "# stations: A (a); B (b)"
    assert data.splitlines()[-2:] == ["date,station_id,water_level_m,quality,source,shown",
                                      "2000-01-01,a,1.5,measured,src,50.0"]
