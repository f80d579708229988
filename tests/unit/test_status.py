"""Gauge status of every station on a day (lmc_geo.hydrology.status), on small series with hand-computed answers."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lmc_geo.hydrology import status, store
from lmc_geo.hydrology.timeseries import STATUSES, status_on
from lmc_geo.i18n import EN
from lmc_geo.schema import STATUS_COLOURS


def write_series(base: Path, df: pd.DataFrame, variable: str = "water_level_m") -> Path:
    path = base / "series" / f"{variable}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table({
        "station_id": pa.array(df["station_id"].astype(str).tolist(), pa.string()),
        "date": pa.array(pd.to_datetime(df["date"]).to_numpy().astype("datetime64[D]"), pa.date32()),
        "variable": pa.array([variable] * len(df), pa.string()),
        "value": pa.array(df["value"].to_numpy(dtype="float64"), pa.float64()),
        "quality": pa.array(df["quality"].tolist(), pa.string()),
        "source": pa.array(["s"] * len(df), pa.string()),
    })
    tmp = path.with_suffix(".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)
    return path


STATIONS = pd.DataFrame({
    "station_id": ["up", "mid", "low", "shift", "dry"],
    "alarm_m": [11.5, np.nan, np.nan, np.nan, 3.0],
    "flood_m": [12.8, np.nan, np.nan, np.nan, 4.0],
    "datum": ["local gauge"] * 5,
})


# ------------------------------------------------------------------ the rule for many stations
def test_thresholds_then_percentile_then_no_data():
    values = pd.DataFrame({"station_id": ["up", "mid", "low", "shift"], "value": [13.0, 1.9, 2.0, 50.0],
                           "quality": ["measured"] * 4})
    p10 = {"mid": 2.0, "low": 2.0}
    out = status.station_status_on(STATIONS, values, p10, "2008-08-15")
    assert list(out.columns[:4]) == ["station_id", "value", "status", "rule"]
    got = dict(zip(out["station_id"], zip(out["status"], out["rule"])))
    assert got == {
        "up": ("flood", "thresholds"),       # 13.0 >= 12.8
        "mid": ("low", "percentile"),        # 1.9 < p10 2.0
        "low": ("normal", "percentile"),     # 2.0 is not below 2.0
        "shift": ("no_threshold", "none"),   # a value, no stages, no p10
        "dry": ("no_data", "thresholds"),    # no row that day
    }
    assert out["station_id"].tolist() == STATIONS["station_id"].tolist()


@pytest.mark.parametrize("value, expected", [(12.8, "flood"), (12.79, "alarm"), (11.5, "alarm"), (11.49, "normal")])
def test_alarm_and_flood_bounds_are_inclusive(value, expected):
    values = pd.DataFrame({"station_id": ["up"], "value": [value], "quality": ["measured"]})
    out = status.station_status_on(STATIONS.iloc[:1], values, None, "2000-01-01")
    assert out["status"].iloc[0] == expected


def test_missing_quality_is_no_data():
    values = pd.DataFrame({"station_id": ["up"], "value": [np.nan], "quality": ["missing"]})
    out = status.station_status_on(STATIONS.iloc[:1], values, None, "2000-01-01")
    assert out["status"].iloc[0] == "no_data" and math.isnan(out["value"].iloc[0])


def test_stages_only_on_the_same_datum_and_no_percentile_across_a_datum_shift():
    datums = pd.DataFrame({
        "station_id": ["up", "mid", "shift"],
        "variable": ["water_level_m"] * 3,
        "datum": ["m above sea level", "local gauge", "local gauge"],
        "gauge_zero_m_asl": [np.nan] * 3,
        "note": ["", "", "datum shift: annual median jumps by more than 50 m (in 1995)"],
    })
    values = pd.DataFrame({"station_id": ["up", "mid", "shift"], "value": [13.0, 1.0, 1.0],
                           "quality": ["measured"] * 3})
    p10 = {"up": 20.0, "mid": 2.0, "shift": 2.0}
    out = status.station_status_on(STATIONS, values, p10, "2008-08-15", datums).set_index("station_id")
    # up: stages are on the local gauge, the series is in m asl -> percentile rule: 13 < 20 -> low.
    assert (out.loc["up", "status"], out.loc["up", "rule"]) == ("low", "percentile")
    assert (out.loc["mid", "status"], out.loc["mid", "rule"]) == ("low", "percentile")
    assert (out.loc["shift", "status"], out.loc["shift", "rule"]) == ("no_threshold", "none")
    # dry: no datum row for its series -> its stages are not compared with anything.
    assert out.loc["dry", "rule"] == "none"


def test_datum_shift_station_is_compared_with_its_record_since_the_shift():
    datums = pd.DataFrame({"station_id": ["shift"], "variable": ["water_level_m"], "datum": ["local gauge"],
                           "gauge_zero_m_asl": [np.nan], "note": ["datum shift: jumps by 500 m (in 2009)"]})
    # 15 August: 500 m before the shift (other datum), then 4, 6, 8 and 10 m in 2010-2013.
    daily = pd.DataFrame({"date": pd.to_datetime(["2007-08-15", "2008-08-15", "2010-08-15", "2011-08-15",
                                                  "2012-08-15", "2013-08-15"]),
                          "value": [500.0, 501.0, 4.0, 6.0, 8.0, 10.0], "quality": "measured"})
    # p10 of [4, 6, 8, 10] with linear interpolation: 4 + 0.3 * (6 - 4) = 4.6
    p10 = status.p10_since_shift(daily, [2009], "2014-08-15")
    assert p10 == pytest.approx(4.6)
    assert status.p10_since_shift(daily, [2009], "2009-08-15") is None  # the shift year: other datum
    assert status.p10_since_shift(daily, [2009], "2014-01-10") is None  # no value on that day of year
    assert status.p10_since_shift(daily, [], "2014-08-15") is None      # no shift: the whole-record p10 applies
    values = pd.DataFrame({"station_id": ["shift"], "value": [4.5], "quality": ["measured"]})
    out = status.station_status_on(STATIONS.iloc[3:4], values, {"shift": 400.0}, "2014-08-15", datums,
                                   shift_p10={"shift": p10})
    # 4.5 < 4.6: low against the comparable record; the whole-record p10 (400 m) is not used
    assert out[["status", "rule", "p10"]].values.tolist() == [["low", "percentile", pytest.approx(4.6)]]


def test_shipped_datum_shift_stations_get_a_colour_on_a_recent_day():
    from lmc_geo import loaders
    from lmc_geo.hydrology import meta as series_meta

    datums = series_meta.read_datums()
    stations = loaders.read_layer("stations")
    kontum = stations[stations["station_id"] == "440201"]
    daily = store.station_series("440201", "water_level_m")
    info = series_meta.datum_of(datums, "440201", "water_level_m")
    day = pd.Timestamp(daily.loc[daily["quality"] != "missing", "date"].max()).date().isoformat()
    values = store.values_on(day, "water_level_m")
    out = status.station_status_on(kontum, values, store.p10_on(status.doy_of(day)), day, datums,
                                   shift_p10={"440201": status.p10_since_shift(daily, info["shift_years"], day)})
    assert out["rule"].iloc[0] == "percentile" and out["status"].iloc[0] in ("low", "normal")
    since = daily[pd.to_datetime(daily["date"]).dt.year >= max(info["shift_years"]) + 1]
    assert out["p10"].iloc[0] < since["value"].max()  # on the post-shift datum, not the mixed record


def test_value_of_the_gap_filled_series_is_never_measured():
    values = pd.DataFrame({
        "station_id": ["up", "mid", "low", "shift"],
        "value": [13.0, 1.9, 2.0, 5.0],
        "quality": ["measured", "measured", "gap_filled", "missing"],
        "source": ["mrc_wl_1992_2023_gapfilled", "mrc_1989_2002", "mrc_wl_1992_2023_gapfilled",
                   "mrc_wl_1992_2023_gapfilled"],
    })
    out = status.station_status_on(STATIONS, values, {"mid": 2.0}, "2015-08-15")
    assert list(out.columns) == status.STATUS_COLUMNS
    got = dict(zip(out["station_id"], out["quality"]))
    assert got == {"up": "gap_filled_series", "mid": "measured", "low": "gap_filled",
                   "shift": "missing", "dry": ""}
    # Sources named gap-filled in sources.csv are honoured too.
    other = status.station_status_on(STATIONS, values, None, "2015-08-15", filled_sources={"mrc_1989_2002"})
    assert other.set_index("station_id").loc["mid", "quality"] == "gap_filled_series"


def test_bands_as_frame_with_doy_or_dict_of_bands():
    band = pd.DataFrame({"doy": [226, 227, 228], "p10": [9.0, 2.0, 9.0]})
    values = pd.DataFrame({"station_id": ["mid"], "value": [1.5], "quality": ["measured"]})
    on = "2008-08-15"  # leap year: day 228 of the calendar, day 227 of the band calendar
    a = status.station_status_on(STATIONS, values, {"mid": band}, on)
    b = status.station_status_on(STATIONS, values, band.assign(station_id="mid"), on)
    c = status.station_status_on(STATIONS, values, pd.DataFrame({"station_id": ["mid"], "p10": [2.0]}), on)
    for out in (a, b, c):
        row = out.set_index("station_id").loc["mid"]
        assert (row["status"], row["p10"]) == ("low", 2.0)


def test_doy_of_uses_the_band_calendar():
    assert status.doy_of("2001-03-01") == status.doy_of("2000-03-01") == 60
    assert status.doy_of("2000-02-29") == 59
    assert status.doy_of("2001-12-31") == status.doy_of("2000-12-31") == 365


# ------------------------------------------------------------------ p10 of record in one query
@pytest.fixture
def small_base(tmp_path: Path) -> Path:
    # Station a: on 1 March of 2000..2004 the levels 5, 1, 4, 2, 3 (2000 and 2004 are leap years).
    # Station b: 1 March 2001 only, and a missing row that must be ignored.
    rows = [("a", f"{y}-03-01", v, "measured") for y, v in zip(range(2000, 2005), [5.0, 1.0, 4.0, 2.0, 3.0])]
    rows += [("a", "2000-02-29", 100.0, "measured"), ("a", "2001-02-28", 7.0, "measured")]
    rows += [("b", "2001-03-01", 8.0, "measured"), ("b", "2002-03-01", np.nan, "missing")]
    df = pd.DataFrame(rows, columns=["station_id", "date", "value", "quality"])
    write_series(tmp_path, df)
    return tmp_path


def test_p10_on_hand_computed(small_base):
    out = store.p10_on(60, small_base).set_index("station_id")
    # sorted 1,2,3,4,5: p10 = 1 + 0.4 * (2 - 1) = 1.4 (linear interpolation)
    assert out.loc["a", "p10"] == pytest.approx(1.4)
    assert out.loc["a", "n_years"] == 5
    assert out.loc["b", "p10"] == 8.0 and out.loc["b", "n_years"] == 1
    # 29 February is dropped: day 59 only has 28 February 2001.
    assert store.p10_on(59, small_base).set_index("station_id").loc["a", "p10"] == 7.0


def test_p10_on_agrees_with_the_band_of_the_store(small_base):
    band = store.doy_band("a", "water_level_m", base=small_base).set_index("doy")
    for doy in (59, 60):
        assert store.p10_on(doy, small_base).set_index("station_id").loc["a", "p10"] == pytest.approx(
            band.loc[doy, "p10"]
        )


def test_p10_on_missing_file_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="water_level_m.parquet"):
        store.p10_on(1, tmp_path)


def test_status_of_the_shipped_data_on_a_flood_day(shipped_data):
    import geopandas as gpd

    from lmc_geo.hydrology.meta import read_datums

    stations = pd.DataFrame(gpd.read_parquet(shipped_data / "layers" / "stations.parquet").drop(columns="geometry"))
    day = "2008-08-15"
    values = store.values_on(day, base=shipped_data)
    out = status.station_status_on(stations, values, store.p10_on(status.doy_of(day), shipped_data), day,
                                   read_datums(shipped_data)).set_index("station_id")
    assert len(out) == len(stations)
    assert set(out["status"]) <= set(STATUSES)
    # Vientiane KM4: stages on its own local gauge; the rule is the plain comparison.
    vte = stations.set_index("station_id").loc["011901"]
    assert out.loc["011901", "rule"] == "thresholds"
    assert out.loc["011901", "status"] == status_on(out.loc["011901", "value"], vte["alarm_m"], vte["flood_m"])
    # Jinghong has no series: no data, whatever the day.
    assert out.loc["092600", "status"] == "no_data"


def test_status_of_the_shipped_data_shows_the_gap_filled_series(shipped_data):
    import geopandas as gpd

    stations = pd.DataFrame(gpd.read_parquet(shipped_data / "layers" / "stations.parquet").drop(columns="geometry"))
    day = "2015-08-15"  # only the gap-filled 1992-2023 series and Prek Kdam cover it
    values = store.values_on(day, base=shipped_data)
    out = status.station_status_on(stations, values, store.p10_on(status.doy_of(day), shipped_data), day)
    shown = out[out["value"].notna()].set_index("station_id")
    assert shown.loc["010501", "quality"] == "gap_filled_series"
    filled = set(values.loc[values["source"] == "mrc_wl_1992_2023_gapfilled", "station_id"])
    assert filled and not (shown.loc[shown.index.isin(filled), "quality"] == "measured").any()


# ------------------------------------------------------------------ percentile of one reading
def test_doy_percentile_mid_rank():
    df = pd.DataFrame({"date": pd.to_datetime(["2000-03-01", "2001-03-01", "2002-03-01", "2003-03-01", "2003-03-02"]),
                       "value": [1.0, 2.0, 2.0, 4.0, 9.0], "quality": ["measured"] * 5})
    assert status.doy_percentile(df, "2003-03-01") == pytest.approx(100 * (3 + 0.5) / 4)
    assert status.doy_percentile(df, "2003-03-01", 2.0) == pytest.approx(100 * (1 + 1.0) / 4)
    assert math.isnan(status.doy_percentile(df, "2003-06-01"))


# ------------------------------------------------------------------ legend
def test_legend_covers_every_status_with_design_colours_and_messages():
    assert set(status.STATUS_LEGEND) == set(STATUSES)
    for name, (colour, label_key, rule_key) in status.STATUS_LEGEND.items():
        assert colour == STATUS_COLOURS[name]
        assert label_key in EN and rule_key in EN
    rows = status.status_legend("en")
    assert [r["status"] for r in rows] == list(status.STATUS_LEGEND)
    assert rows[-1]["colour"] is None  # no data: hollow ring


def test_every_rule_has_a_name():
    for rule in ("thresholds", "percentile", "none"):
        assert f"hydro.rule_name.{rule}" in EN


def test_a_gauge_without_official_levels_is_high_for_the_season_above_its_90th_percentile():
    frame = status.station_status_for("2008-08-14").set_index("station_id")
    nong_khai = frame.loc["012001"]  # 13.53 m on 14 Aug 2008, no alarm or flood level of its own datum
    assert nong_khai["rule"] == "percentile" and nong_khai["status"] == "high"
    assert nong_khai["value"] > nong_khai["p90"]
    assert frame.loc["011901", "status"] == "flood"  # Vientiane keeps its official levels
    legend = {row["status"]: row for row in status.status_legend()}
    assert legend["high"]["label"] == "High for the season" and "90th percentile" in legend["high"]["rule"]
