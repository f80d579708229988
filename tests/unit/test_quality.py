"""Suspect values: each rule on small hand-made series, and the shipped data's known faults flagged,
stored as they are, and kept out of bands, percentiles and the gauges' status."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from lmc_geo import paths
from lmc_geo.build import quality
from lmc_geo.hydrology import status, store
from lmc_geo.hydrology.timeseries import noleap_doy


def series(values, start="2001-01-01", station="s", variable="water_level_m"):
    days = pd.date_range(start, periods=len(values))
    return pd.DataFrame({"station_id": station, "date": days, "variable": variable,
                         "value": np.asarray(values, dtype=float), "quality": "measured", "source": "x"})


def test_a_copied_year_is_flagged_with_the_year_it_repeats():
    year = np.abs(np.sin(np.arange(365) / 40)) * 5 + 1
    long = series(np.r_[year, year, year + 0.01], start="2001-01-01")
    found = quality.find_suspect(long).flags
    assert set(found.values()) == {"copied_period:2001"}
    assert min(found) == 365 and max(found) == 729  # 2002 only; 2003 differs by a centimetre


def test_a_shared_flat_stretch_is_not_a_copy():
    year = np.r_[np.zeros(200), np.arange(165) / 10]
    long = series(np.r_[year[:200], np.arange(165) + 50, year[:200], np.arange(165) + 90.5], start="2001-01-01")
    assert not quality.copied_periods(long)


def test_a_zero_run_that_the_discharge_contradicts_is_suspect():
    days = 365 * 3
    flow = 500 + 400 * np.abs(np.sin(np.arange(days) / 58))
    level = flow / 300
    level[800:804] = [0.23, 0.05, 0.0, 0.01]
    long = pd.concat([series(level), series(flow, variable="discharge_m3s")], ignore_index=True)
    found = quality.find_suspect(long).flags
    assert {k: v for k, v in found.items() if v == "contradicts_discharge"} == dict.fromkeys(
        range(800, 804), "contradicts_discharge")


def test_a_long_offset_is_a_new_rating_not_suspect_readings():
    days = 365 * 3
    flow = 500 + 400 * np.abs(np.sin(np.arange(days) / 58))
    level = flow / 300
    level[400:600] -= 1.5  # 200 days lower: a datum or rating change, for a person to look at
    long = pd.concat([series(level), series(flow, variable="discharge_m3s")], ignore_index=True)
    assert "contradicts_discharge" not in quality.find_suspect(long).flags.values()


def test_a_spike_a_flat_run_and_an_impossible_value():
    level = 5 + np.sin(np.arange(400) / 30)
    level[200] += 6
    flow = 1000 + 300 * np.sin(np.arange(400) / 30)
    level[300:312] = level[300]
    rain = np.r_[np.zeros(10), [-1.0, 700.0], np.zeros(10)]
    long = pd.concat([series(level), series(flow, variable="discharge_m3s"),
                      series(rain, variable="rainfall_mm")], ignore_index=True)
    found = quality.find_suspect(long).flags
    assert found[200] == "spike"
    assert [k for k, v in found.items() if v == "flat_run"] == list(range(300, 312))
    assert [v for k, v in found.items() if k >= 800] == ["outside_range", "outside_range"]


def test_the_shipped_faults_are_flagged_and_stored_as_they_are():
    wl = pq.read_table(paths.series_path("water_level_m")).to_pandas()
    q = pq.read_table(paths.series_path("discharge_m3s")).to_pandas()
    for frame in (wl, q):
        frame["date"] = pd.to_datetime(frame["date"])
    lumphat = wl[(wl.station_id == "lumphat") & wl.date.dt.year.between(1994, 2000)]
    assert (lumphat["quality"] == "suspect").mean() > 0.95
    assert set(lumphat.loc[lumphat.quality == "suspect", "flag"]) <= {"copied_period:1992", "copied_period:1993"}
    tha_ton = q[(q.station_id == "050105") & (q.date.dt.year == 1995)]
    assert set(tha_ton.loc[tha_ton.quality == "suspect", "flag"]) == {"copied_period:1994"}
    assert (tha_ton["quality"] == "suspect").sum() >= 360
    chiang_saen = wl[(wl.station_id == "010501") & wl.date.between("1993-05-26", "1993-05-29")]
    assert chiang_saen["quality"].tolist() == ["suspect"] * 4
    assert set(chiang_saen["flag"]) == {"contradicts_discharge"}
    # a value of the gap-filled series is stored so, not relabelled at display time
    filled = wl[wl.source == "mrc_wl_1992_2023_gapfilled"]
    assert "measured" not in set(filled["quality"])
    assert set(wl.loc[wl.quality != "suspect", "flag"]) == {""}


def test_no_band_percentile_or_status_uses_a_suspect_value():
    band = store.doy_band("lumphat", "water_level_m").set_index("doy")
    daily = store.station_series("lumphat", "water_level_m")
    kept = daily[(daily.quality != "suspect") & daily.value.notna()]
    years = kept[noleap_doy(pd.DatetimeIndex(kept.date)) == 15].date.dt.year.nunique()
    assert band.loc[15, "n_years"] == years
    p10 = store.p10_on(147).set_index("station_id")  # 27 May
    chiang = store.station_series("010501", "water_level_m")
    day = chiang[noleap_doy(pd.DatetimeIndex(chiang.date)) == 147]
    assert np.isclose(p10.loc["010501", "p10"], day.loc[day.quality != "suspect", "value"].quantile(0.1))
    on_day = status.station_status_for("1993-05-28").set_index("station_id")
    assert on_day.loc["010501", "status"] == "no_data" and on_day.loc["010501", "quality"] == "suspect"


def test_implausible_dam_values_are_unknown_with_the_source_value_on_the_card():
    from lmc_geo import loaders
    from lmc_geo.dams.cards import dam_facts

    dams = loaders.read_layer("dams").set_index("name")
    sesan = dams.loc["Lower Sesan III"]
    assert pd.isna(sesan["height_m"]) and sesan["suspect_values"] == "height_m=1310.2:above_tallest_dam"
    facts = dict(dam_facts(sesan.rename(None).to_dict() | {"dam_id": sesan["dam_id"]}))
    assert facts["Height"] == "unknown" and facts["Height in the source"].startswith("1,310.2: not shown")
    assert (dams["catchment_area_km2"] == 0).sum() == 0 and (dams["elevation_m"] == 0).sum() == 0
    assert (dams["mean_annual_energy_gwh"] * 1000 > dams["capacity_mw"] * 8760).sum() == 0


def test_the_build_writes_a_quality_report_that_counts_what_it_flagged():
    report = paths.quality_report_path().read_text(encoding="utf-8")
    wl = pq.read_table(paths.series_path("water_level_m")).to_pandas()
    n = int((wl["quality"] == "suspect").sum())
    assert f"| water_level_m | {len(wl):,} |" in report and f"{n:,}" in report
    assert "| Lower Sesan III |" in report and "above_tallest_dam" in report
    assert "`COPY_MIN_DAYS` = 30" in report


def test_a_record_all_suspect_or_too_short_is_reported_not_dropped():
    from lmc_geo.build.report import quality_report

    short = series([1.0, 2.0, 3.0], station="tiny")
    copied = series(np.r_[np.arange(365) / 10, np.arange(365) / 10], station="copy")
    copied.loc[:364, "quality"] = "missing"
    copied.loc[:364, "value"] = np.nan
    copied.loc[365:, "quality"] = "suspect"
    copied.loc[365:, "flag"] = "copied_period:2000"
    long = pd.concat([short.assign(flag=""), copied], ignore_index=True)
    dams = pd.DataFrame({"name": ["X"], "dam_id": ["d"], "suspect_values": [""]})
    report, summary = quality_report(long, dams, {"tiny": "Tiny"})
    assert "Tiny (tiny), water_level_m: 3 days in 1 year(s)" in report
    assert "copy (copy), water_level_m: all 365 values suspect" in report
    assert summary[0].startswith("suspect values: 365")


def test_station_positions_are_checked_and_corrections_cite_their_source():
    from lmc_geo import loaders
    from lmc_geo.hydrology.cards import station_facts

    stations = loaders.read_layer("stations").set_index("station_id")
    nakhon = stations.loc["013101"]
    assert (round(nakhon["lat"], 2), round(nakhon["lon"], 2)) == (17.40, 104.78)
    assert "MRC station table" in nakhon["coord_note"] and nakhon["place_distance_km"] < 5
    assert stations["river_distance_km"].notna().all()
    assert (stations.loc[stations.position_check == "ok", "river_distance_km"] <= 5).all()
    chiang = stations.loc["010501"]
    assert chiang["flood_m"] == 12.8 and chiang["other_stages"].startswith("flood_m=11.8:")
    facts = dict(station_facts(chiang.to_dict() | {"station_id": "010501"}))
    assert facts["Flood level in another source"].endswith("the map uses 12.80 m (MRC)")
    report = paths.quality_report_path().read_text(encoding="utf-8")
    assert "## Station positions" in report and "Nakhon Phanom" in report
