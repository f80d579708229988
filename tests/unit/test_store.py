"""DuckDB store (lmc_geo.hydrology.store) on a tiny Parquet dataset, checked by hand and against pandas."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lmc_geo import paths
from lmc_geo.hydrology import store
from lmc_geo.hydrology import timeseries as ts


def _write(base: Path, variable: str, df: pd.DataFrame) -> Path:
    path = base / "series" / f"{variable}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table({
        "station_id": pa.array(df["station_id"].tolist(), pa.string()),
        "date": pa.array(pd.to_datetime(df["date"]).to_numpy().astype("datetime64[D]"), pa.date32()),
        "variable": pa.array([variable] * len(df), pa.string()),
        "value": pa.array(df["value"].to_numpy(dtype="float64"), pa.float64()),
        "quality": pa.array(df["quality"].tolist(), pa.string()),
        "source": pa.array(df["source"].tolist(), pa.string()),
    })
    tmp = path.with_suffix(".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)
    return path


@pytest.fixture
def base(tmp_path: Path) -> Path:
    rng = np.random.default_rng(42)
    dates = pd.date_range("1999-01-01", "2004-12-31")  # includes leap years 2000 and 2004
    n = len(dates)
    values = 5 + 3 * np.sin(np.arange(n) / 58.0) + rng.normal(0, 0.3, n)
    quality = np.where(rng.random(n) < 0.05, "gap_filled", "measured").astype(object)
    missing = rng.random(n) < 0.03
    values[missing] = np.nan
    quality[missing] = "missing"
    a = pd.DataFrame({"station_id": "010501", "date": dates, "value": values,
                      "quality": quality, "source": "mrc_1989_2002"})
    b = pd.DataFrame({"station_id": "prek_kdam", "date": dates[:10], "value": np.arange(10.0),
                      "quality": "measured", "source": "prek_kdam_fhi"})
    _write(tmp_path, "water_level_m", pd.concat([b, a]))  # unsorted on purpose
    _write(tmp_path, "discharge_m3s", pd.DataFrame({
        "station_id": ["010501"] * 3, "date": ["2000-01-01", "2000-01-02", "2000-01-03"],
        "value": [100.0, np.nan, 300.0], "quality": ["measured", "missing", "gap_filled"],
        "source": ["mrc_1989_2002"] * 3}))
    return tmp_path


def test_station_series_columns_order_and_bounds(base):
    df = store.station_series("prek_kdam", "water_level_m", base=base)
    assert df.columns.tolist() == ["date", "value", "quality", "source", "flag"]
    assert df["value"].tolist() == list(np.arange(10.0))
    assert df["date"].is_monotonic_increasing

    part = store.station_series("prek_kdam", "water_level_m", start="1999-01-03",
                                end=pd.Timestamp("1999-01-05"), base=base)
    assert part["date"].dt.strftime("%Y-%m-%d").tolist() == ["1999-01-03", "1999-01-04", "1999-01-05"]
    assert part["value"].tolist() == [2.0, 3.0, 4.0]


def test_station_series_keeps_missing_rows_and_unknown_station_is_empty(base):
    q = store.station_series("010501", "discharge_m3s", base=base)
    assert q["quality"].tolist() == ["measured", "missing", "gap_filled"]
    assert np.isnan(q["value"].iloc[1])
    empty = store.station_series("nope", "discharge_m3s", base=base)
    assert empty.empty and empty.columns.tolist() == ["date", "value", "quality", "source", "flag"]


def test_missing_file_and_unknown_variable_raise(tmp_path):
    with pytest.raises(FileNotFoundError, match="water_level_m.parquet"):
        store.station_series("010501", "water_level_m", base=tmp_path)
    with pytest.raises(ValueError, match="unknown variable"):
        paths.series_path("salinity", base=tmp_path)


def test_stations_with_series_counts_only_valued_days(base):
    df = store.stations_with_series(base=base)
    assert df.columns.tolist() == ["station_id", "variable", "first_date", "last_date", "n_days"]
    row = df[(df.station_id == "010501") & (df.variable == "discharge_m3s")].iloc[0]
    assert row["n_days"] == 2
    assert (row["first_date"], row["last_date"]) == (pd.Timestamp("2000-01-01"), pd.Timestamp("2000-01-03"))
    pk = df[df.station_id == "prek_kdam"].iloc[0]
    assert (pk["variable"], pk["n_days"]) == ("water_level_m", 10)


def test_values_on_one_day_for_all_stations(base):
    df = store.values_on("1999-01-04", base=base)
    assert df["station_id"].tolist() == ["010501", "prek_kdam"]
    assert df.loc[df.station_id == "prek_kdam", "value"].item() == 3.0
    d = store.values_on("2000-01-02", variable="discharge_m3s", base=base)
    assert d["quality"].tolist() == ["missing"]


def test_values_on_gives_the_source_for_the_display_quality(base):
    df = store.values_on("1999-01-04", base=base)
    assert df.columns.tolist() == ["station_id", "value", "quality", "source"]
    assert df["source"].tolist() == ["mrc_1989_2002", "prek_kdam_fhi"]


def test_p10_on_every_day_agrees_with_the_band(base):
    """One day-of-year rule for both queries: leap years 2000 and 2004 included, 29 February dropped."""
    band = store.doy_band("010501", "water_level_m", base=base).set_index("doy")
    for doy in (1, 58, 59, 60, 61, 200, 364, 365):
        p10 = store.p10_on(doy, base=base).set_index("station_id")
        assert p10.loc["010501", "p10"] == pytest.approx(band.loc[doy, "p10"])
        assert p10.loc["010501", "n_years"] == band.loc[doy, "n_years"]


def test_one_duckdb_connection_helper():
    """The map status reuses the store's connection and query; it opens no database of its own."""
    from lmc_geo.hydrology import status

    assert not hasattr(status, "_cursor") and "duckdb" not in Path(status.__file__).read_text()


def test_doy_band_equals_pandas_reference(base):
    sql = store.doy_band("010501", "water_level_m", base=base)
    ref = ts.doy_band(store.station_series("010501", "water_level_m", base=base))
    assert sql.columns.tolist() == ref.columns.tolist() == ts.BAND_COLUMNS
    assert len(sql) == 365
    pd.testing.assert_frame_equal(sql, ref, check_exact=False, rtol=1e-12)


def test_doy_band_hand_computed_feb29_dropped(tmp_path):
    _write(tmp_path, "water_level_m", pd.DataFrame({
        "station_id": ["s"] * 5,
        "date": ["2000-02-29", "2000-03-01", "2001-03-01", "2002-03-01", "2003-03-01"],
        "value": [99.0, 1.0, 2.0, 4.0, np.nan],
        "quality": ["measured", "measured", "gap_filled", "measured", "missing"],
        "source": ["x"] * 5}))
    band = store.doy_band("s", "water_level_m", base=tmp_path)
    assert band["doy"].tolist() == [60]
    row = band.iloc[0]
    assert (row["min"], row["p50"], row["max"], row["n_years"]) == (1.0, 2.0, 4.0, 3)
    assert row["p10"] == pytest.approx(1.2) and row["p90"] == pytest.approx(3.6)
    assert row["mean"] == pytest.approx(7 / 3)


def test_replaced_file_is_seen_on_next_call(base):
    assert store.station_series("prek_kdam", "water_level_m", base=base)["value"].iloc[0] == 0.0
    _write(base, "water_level_m", pd.DataFrame({
        "station_id": ["prek_kdam"], "date": ["1999-01-01"], "value": [42.0],
        "quality": ["measured"], "source": ["prek_kdam_fhi"]}))
    assert store.station_series("prek_kdam", "water_level_m", base=base)["value"].tolist() == [42.0]


def test_station_rows_across_many_row_groups_sorted_or_not(tmp_path):
    """Only row groups whose station-id range holds the station are read; the answer is the same."""
    days = pd.date_range("2000-01-01", periods=40)
    frames = [pd.DataFrame({"station_id": sid, "date": days, "value": np.arange(40.0) + k,
                            "quality": "measured", "source": "s"}) for k, sid in enumerate(["a", "b", "c"])]
    for order in (["a", "b", "c"], ["c", "a", "b"]):
        df = pd.concat([frames["abc".index(s)] for s in order], ignore_index=True)
        path = _write(tmp_path, "water_level_m", df)
        table = pq.read_table(path)
        pq.write_table(table, path.with_suffix(".tmp"), row_group_size=7)
        os.replace(path.with_suffix(".tmp"), path)
        assert pq.ParquetFile(path).metadata.num_row_groups == 18
        got = store.station_series("b", "water_level_m", base=tmp_path)
        assert got["value"].tolist() == list(np.arange(40.0) + 1)
        assert got["date"].tolist() == list(days)
        part = store.station_series("b", "water_level_m", start="2000-01-10", end="2000-01-12", base=tmp_path)
        assert part["value"].tolist() == [10.0, 11.0, 12.0]
        assert store.doy_band("c", "water_level_m", base=tmp_path)["p50"].tolist() == list(np.arange(40.0) + 2)


def test_missing_column_names_the_file(tmp_path):
    path = _write(tmp_path, "water_level_m", pd.DataFrame({
        "station_id": ["s"], "date": ["2000-01-01"], "value": [1.0], "quality": ["measured"], "source": ["x"]}))
    pq.write_table(pq.read_table(path).drop_columns(["quality"]), path)
    with pytest.raises(ValueError, match=r"water_level_m\.parquet: missing column\(s\) quality"):
        store.station_series("s", "water_level_m", base=tmp_path)
