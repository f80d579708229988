"""Series build (lmc_geo.build.series) and input checks on a tiny reference folder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lmc_geo.build.series import SOURCES, build_series, straight_line_days
from lmc_geo.hydrology.validate import (
    SeriesDataError,
    read_series_csv,
    validate_long_series,
)

STATIONS = pd.DataFrame({
    "station_id": ["010501", "013901", "014901", "370122", "prek_kdam"],
    "name": ["Chiang Saen", "Pakse", "Kratie", "Ban Chot", "Prek Kdam"],
    "mrc_id": ["010501", "013901", "014901", "370122", None],
})

WL89 = """date,Chiang Saen,Pakse,Unknown Town
2000-01-01,1,10,7
2000-01-02,2,,7
2000-01-03,3,12,7
2000-01-04,4,13,7
2000-01-05,5,14,7
"""
# Kratie 01-04..01-07 lie on a straight line (run of 4 days): interpolated.
# Pakse 01-02..01-05 too; Chiang Saen has no straight run and disagrees with WL89 on 01-05.
WL92 = """date,Chiang Saen,Pakse,Kratie
2000-01-01,1,10,0.5
2000-01-02,2,11,0.9
2000-01-03,3.5,12,1.0
2000-01-04,4,13,1.5
2000-01-05,9,14,2.0
2000-01-06,6.5,15,2.5
2000-01-07,7,16.5,3.0
2000-01-08,8.2,16.6,3.5
2000-01-09,9.5,16.9,3.2
2000-01-10,10,17.5,3.9
2000-01-11,10.2,17.0,4.0
2000-01-12,11,18.0,4.4
"""
Q89 = """date,Chiang Saen,Ban Chot
2000-01-01,100,1.0
2000-01-02,200,
2000-01-03,300,1.3
2000-01-04,400,1.4
2000-01-05,500,1.5
"""
P89 = """date,Chiang Saen
2000-01-01,0
2000-01-02,1.5
2000-01-03,0
2000-01-04,0
2000-01-05,2
"""
GAPS = """parameter,station,mrc_code,date,value,note
Discharge.Daily,Ban Chot,370122,2000-01-02,,missing (not filled)
Discharge.Daily,Ban Chot,370122,2000-01-03,1.3,gap-filled value
"""
PK = """date,station,river,water_level_m
2000-01-01,Prek Kdam,Tonle Sap,3.41
2000-01-02,Prek Kdam,Tonle Sap,3.24
2000-01-03,Prek Kdam,Tonle Sap,3.11
"""
ANNUAL = """year,station,mean_annual_discharge_m3s
1960,Nakhon Phanom,7271.1
"""
THRESHOLDS = """mrc_id,name,country,province_en,lat,lon,alarm_m,flood_m,gauge_zero_m_asl,snapshot_level_m,snapshot_measured_at,snapshot_status
010501,Chiang Saen,Thailand,Chiang Rai,20.27,100.08,11.5,12.8,357.11,3.1,2026-09-17T19:45:00,normal
014901,Kratie,Cambodia,,12.48,106.01,22.0,23.0,-0.1,20.5,2026-09-17T19:45:00,normal
"""

FILES = {
    "timeseries/mrc_water_level_daily_1989_2002.csv": WL89,
    "timeseries/mrc_water_level_daily_1992_2023_gapfilled.csv": WL92,
    "timeseries/mrc_discharge_daily_1989_2002.csv": Q89,
    "timeseries/mrc_rainfall_daily_1989_2002.csv": P89,
    "timeseries/mrc_gapfilled_days_1989_2002.csv": GAPS,
    "timeseries/prek_kdam_water_level_daily_1960_2018.csv": PK,
    "timeseries/nakhon_phanom_annual_mean_discharge_1960_2005.csv": ANNUAL,
    "stations/mrc_mainstream_stations_thresholds.csv": THRESHOLDS,
}


@pytest.fixture
def ref(tmp_path: Path) -> Path:
    root = tmp_path / "ref"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


@pytest.fixture
def built(ref: Path, tmp_path: Path):
    out = tmp_path / "data"
    return out, build_series(ref, out, STATIONS)


def _read(out: Path, variable: str) -> pd.DataFrame:
    return pq.read_table(out / "series" / f"{variable}.parquet").to_pandas()


def _row(df, sid, day):
    return df[(df.station_id == sid) & (df.date == pd.Timestamp(day).date())].iloc[0]


def test_files_schema_and_sort_order(built):
    out, res = built
    assert sorted(p.name for p in (out / "series").iterdir()) == [
        "datums.csv", "discharge_m3s.parquet", "rainfall_mm.parquet", "sources.csv",
        "water_level_m.parquet"]
    table = pq.read_table(out / "series" / "water_level_m.parquet")
    assert table.schema == pa.schema([
        ("station_id", pa.string()), ("date", pa.date32()), ("variable", pa.string()),
        ("value", pa.float64()), ("quality", pa.string()), ("source", pa.string()), ("flag", pa.string())])
    assert not table.schema.metadata  # no pandas metadata: byte-stable output
    meta = pq.ParquetFile(out / "series" / "water_level_m.parquet").metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"
    df = table.to_pandas()
    assert df.equals(df.sort_values(["station_id", "date"]).reset_index(drop=True))
    assert not df.duplicated(["station_id", "date", "variable"]).any()
    assert res["rows"] == {"water_level_m": len(df), "discharge_m3s": 10, "rainfall_mm": 5}


def test_unknown_station_columns_are_reported_and_skipped(built):
    out, res = built
    assert res["unknown_stations"] == ["Unknown Town"]
    assert res["unknown_by_file"] == {"mrc_water_level_daily_1989_2002.csv": ["Unknown Town"]}
    assert set(_read(out, "water_level_m")["station_id"]) == {"010501", "013901", "014901", "prek_kdam"}
    assert res["skipped_files"] == ["nakhon_phanom_annual_mean_discharge_1960_2005.csv"]


def test_precedence_measured_file_first_and_conflicts_counted(built):
    out, res = built
    wl = _read(out, "water_level_m")
    cs = wl[wl.station_id == "010501"]
    assert len(cs) == 12
    first5 = cs.iloc[:5]
    assert first5["value"].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]  # 01-05: 5 (WL89), not 9
    assert set(first5["source"]) == {"mrc_1989_2002"}
    assert set(cs.iloc[5:]["source"]) == {"mrc_wl_1992_2023_gapfilled"}
    # stored as it is: the gap-filled series' values are never "measured"
    assert cs.groupby("source")["quality"].agg(set).to_dict() == {
        "mrc_1989_2002": {"measured"}, "mrc_wl_1992_2023_gapfilled": {"gap_filled_series"}}
    assert res["n_conflicts"] == 2  # Chiang Saen 01-03 (3 vs 3.5) and 01-05 (5 vs 9)


def test_missing_cell_is_taken_from_lower_precedence_source(built):
    out, _ = built
    row = _row(_read(out, "water_level_m"), "013901", "2000-01-02")
    assert (row["value"], row["source"], row["quality"]) == (
        11.0, "mrc_wl_1992_2023_gapfilled", "gap_filled")


def test_straight_line_days_in_gapfilled_file_are_flagged(built):
    out, res = built
    kr = _read(out, "water_level_m").query("station_id == '014901'")
    flagged = kr.loc[kr.quality == "gap_filled", "date"].astype(str).tolist()
    assert flagged == ["2000-01-04", "2000-01-05", "2000-01-06", "2000-01-07"]
    assert set(kr.loc[kr.quality != "gap_filled", "quality"]) == {"gap_filled_series"}
    assert set(kr["source"]) == {"mrc_wl_1992_2023_gapfilled"}
    assert res["gap_filled_detected"] == 4 + 4  # Kratie 4 days, Pakse 01-02..01-05


def test_mrc_gapfilled_list_sets_quality(built):
    out, res = built
    q = _read(out, "discharge_m3s")
    missing = _row(q, "370122", "2000-01-02")
    assert missing["quality"] == "missing" and np.isnan(missing["value"])
    assert _row(q, "370122", "2000-01-03")["quality"] == "gap_filled"
    assert _row(q, "370122", "2000-01-04")["quality"] == "measured"
    assert (res["gap_filled_listed"], res["missing_listed"]) == (1, 1)
    assert q.loc[q.value.isna(), "quality"].eq("missing").all()


def test_prek_kdam_and_rainfall_rows(built):
    out, _ = built
    pk = _read(out, "water_level_m").query("station_id == 'prek_kdam'")
    assert pk["value"].tolist() == [3.41, 3.24, 3.11]
    assert set(pk["source"]) == {"prek_kdam_fhi"}
    rain = _read(out, "rainfall_mm")
    assert rain["value"].tolist() == [0.0, 1.5, 0.0, 0.0, 2.0]
    assert set(rain["variable"]) == {"rainfall_mm"}


def test_rerun_gives_identical_bytes(ref, built, tmp_path):
    out, _ = built
    again = tmp_path / "again"
    build_series(ref, again, STATIONS)
    for name in ("water_level_m.parquet", "discharge_m3s.parquet", "rainfall_mm.parquet",
                 "sources.csv", "datums.csv"):
        assert (out / "series" / name).read_bytes() == (again / "series" / name).read_bytes(), name


def test_sources_and_datums_tables(built):
    out, _ = built
    src = pd.read_csv(out / "series" / "sources.csv")
    assert src["source"].tolist() == list(SOURCES)
    assert set(src.columns) >= {"source", "label", "licence", "attribution", "repository", "period"}
    label = src.set_index("source").loc["mrc_wl_1992_2023_gapfilled", "label"]
    assert "gap-filled series" in label
    dat = pd.read_csv(out / "series" / "datums.csv", dtype={"station_id": str}).set_index("station_id")
    assert dat.loc["010501", "gauge_zero_m_asl"] == 357.11
    assert dat.loc["014901", "gauge_zero_m_asl"] == -0.1
    assert np.isnan(dat.loc["013901", "gauge_zero_m_asl"])
    assert set(dat["datum"]) == {"local gauge"} and set(dat["variable"]) == {"water_level_m"}
    assert "assumed local gauge" in dat.loc["prek_kdam", "note"]


# --- bad inputs: each message names the file, the rows and the problem -----------------------

def _break(ref: Path, name: str, text: str | bytes) -> Path:
    path = ref / "timeseries" / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_missing_date_column(ref, tmp_path):
    _break(ref, "mrc_rainfall_daily_1989_2002.csv", P89.replace("date,", "day,"))
    with pytest.raises(SeriesDataError) as err:
        build_series(ref, tmp_path / "o", STATIONS)
    msg = str(err.value)
    assert "mrc_rainfall_daily_1989_2002.csv" in msg and "no 'date' column" in msg


def test_non_numeric_value_names_lines_and_column(ref, tmp_path):
    _break(ref, "mrc_discharge_daily_1989_2002.csv", Q89.replace("300,1.3", "300,n/a"))
    with pytest.raises(SeriesDataError) as err:
        build_series(ref, tmp_path / "o", STATIONS)
    msg = str(err.value)
    assert "mrc_discharge_daily_1989_2002.csv" in msg
    assert "non-numeric value in column 'Ban Chot' on line 4 ('n/a')" in msg


def test_duplicate_dates_name_both_lines(ref, tmp_path):
    _break(ref, "mrc_water_level_daily_1992_2023_gapfilled.csv",
           WL92.replace("2000-01-04,4,13", "2000-01-02,4,13"))
    with pytest.raises(SeriesDataError) as err:
        build_series(ref, tmp_path / "o", STATIONS)
    msg = str(err.value)
    assert "mrc_water_level_daily_1992_2023_gapfilled.csv" in msg
    assert "duplicate dates on lines 3, 5 (2000-01-02)" in msg


def test_bad_date_and_unreadable_and_empty_files(tmp_path):
    bad_date = tmp_path / "a.csv"
    bad_date.write_text("date,x\n2000-01-01,1\n2000-13-01,2\n")
    with pytest.raises(SeriesDataError, match=r"a\.csv: unreadable date on line 3 \('2000-13-01'\)"):
        read_series_csv(bad_date)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(SeriesDataError, match=r"empty\.csv: not a readable CSV"):
        read_series_csv(empty)
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81\x00date\x00")
    with pytest.raises(SeriesDataError, match=r"bin\.csv"):
        read_series_csv(binary)
    with pytest.raises(SeriesDataError, match=r"nothere\.csv: file not found"):
        read_series_csv(tmp_path / "nothere.csv")


def test_at_most_ten_rows_are_named(tmp_path):
    path = tmp_path / "many.csv"
    rows = "".join(f"2000-01-{d:02d},x\n" for d in range(1, 16))
    path.write_text("date,Pakse\n" + rows)
    with pytest.raises(SeriesDataError) as err:
        read_series_csv(path)
    assert "lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 5 more" in str(err.value)


def test_stations_table_needs_id_and_name(ref, tmp_path):
    with pytest.raises(ValueError, match="missing column"):
        build_series(ref, tmp_path / "o", STATIONS.drop(columns="name"))


# --- validate_long_series ------------------------------------------------------------------

def _long(**over):
    df = pd.DataFrame({
        "station_id": ["a", "a", "b"], "date": ["2000-01-01", "2000-01-02", "2000-01-01"],
        "variable": ["water_level_m"] * 3, "value": [1.0, 2.0, 3.0],
        "quality": ["measured"] * 3, "source": ["s"] * 3})
    for k, v in over.items():
        df[k] = v
    return df


def test_validate_long_series_clean_frame_has_no_problems():
    assert validate_long_series(_long(), "wl.parquet", known_ids={"a", "b"}) == []


def test_validate_long_series_missing_column():
    problems = validate_long_series(_long().drop(columns="quality"), "wl.parquet")
    assert problems == ["wl.parquet: missing column(s) quality; expected station_id, date, "
                        "variable, value, quality, source"]


def test_validate_long_series_non_numeric():
    problems = validate_long_series(_long(value=["1.0", "oops", "3"]), "wl.parquet")
    assert problems == ["wl.parquet: non-numeric value on row 2 (stations a)"]


def test_validate_long_series_duplicate_key():
    problems = validate_long_series(_long(date=["2000-01-01"] * 3), "wl.parquet")
    assert len(problems) == 1
    assert problems[0].startswith("wl.parquet: duplicate (station_id, date, variable) on rows 1, 2")


def test_validate_long_series_unknown_station_and_nan_not_missing():
    problems = validate_long_series(_long(value=[1.0, np.nan, 3.0]), "wl.parquet", known_ids={"a"})
    assert "wl.parquet: empty value on row 2 whose quality is not 'missing'" in problems
    assert any(p.startswith("wl.parquet: unknown station id(s) b on row 3") for p in problems)


def test_straight_line_days_needs_three_consecutive_calendar_days():
    v = np.array([0.0, 1.0, 2.0, 3.0, 5.0, 6.0, 7.0, 9.0])
    # Days 1-2 lie on a line (run of 2: not flagged); 5 alone: not flagged.
    assert not straight_line_days(v).any()
    w = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 9.0])
    assert straight_line_days(w).tolist() == [False, True, True, True, False, False]
    dates = pd.to_datetime(["2000-01-01", "2000-01-02", "2000-01-03", "2000-01-05",
                            "2000-01-06", "2000-01-07"]).to_numpy()
    assert not straight_line_days(w, dates).any()  # a calendar gap breaks the run
