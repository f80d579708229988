"""Series metadata (lmc_geo.hydrology.meta): sources, datums, file checks, display quality and export."""

from __future__ import annotations

import io
import shutil

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lmc_geo.hydrology import export as hydro_export
from lmc_geo.hydrology import meta as sm
from lmc_geo.validate import DataFileError


@pytest.fixture
def base(tmp_path, shipped_data):
    shutil.copytree(shipped_data / "series", tmp_path / "series")
    return tmp_path


# ------------------------------------------------------------------ readers
def test_shipped_sources_and_datums(shipped_data):
    sources = sm.read_sources(shipped_data)
    assert "gap-filled series" in sources.loc["mrc_wl_1992_2023_gapfilled", "label"]
    assert sm.gap_filled_sources(sources) == frozenset({"mrc_wl_1992_2023_gapfilled"})
    datums = sm.read_datums(shipped_data)
    assert datums["station_id"].str.len().min() >= 6  # leading zeros kept
    info = sm.datum_of(datums, "010501", "water_level_m")
    assert (info["datum"], info["gauge_zero_m_asl"], info["datum_shift"]) == ("local gauge", 357.11, False)
    assert sm.datum_of(datums, "440201", "water_level_m")["datum_shift"] is True
    assert sm.datum_of(datums, "450701", "water_level_m")["shift_years"] == [1995, 2008, 2009, 2010, 2011]
    assert sm.datum_of(datums, "010501", "water_level_m")["shift_years"] == []


def test_missing_file_is_named(base):
    (base / "series" / "datums.csv").unlink()
    with pytest.raises(DataFileError, match=r"datums\.csv: file not found"):
        sm.read_datums(base)


def test_missing_column_is_named(base):
    (base / "series" / "sources.csv").write_text("source,label\nx,y\n")
    with pytest.raises(DataFileError, match=r"sources\.csv: missing column\(s\) licence"):
        sm.read_sources(base)


def test_bad_gauge_zero_names_the_line(base):
    path = base / "series" / "datums.csv"
    lines = path.read_text().splitlines()
    lines[2] = lines[2].replace("267.2", "abc")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataFileError, match=r"datums\.csv: non-numeric gauge_zero_m_asl on lines 3"):
        sm.read_datums(base)


def test_repeated_source_key(base):
    path = base / "series" / "sources.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n")
    with pytest.raises(DataFileError, match="repeated on lines 2, 5"):
        sm.read_sources(base)


# ------------------------------------------------------------------ checking a series file
def write(base, frame, variable="water_level_m"):
    path = base / "series" / f"{variable}.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    return path


def small(rows=None):
    rows = rows or [
        ("010501", "2000-01-01", 1.0), ("010501", "2000-01-02", 2.0),
        ("013901", "2000-01-01", 3.0), ("013901", "2000-01-02", 4.0),
    ]
    df = pd.DataFrame(rows, columns=["station_id", "date", "value"])
    df["date"] = pd.to_datetime(df["date"])
    df.insert(2, "variable", "water_level_m")
    df["quality"] = "measured"
    df["source"] = "mrc_1989_2002"
    return df


KNOWN = {"010501", "013901"}


def test_clean_file(base):
    write(base, small())
    check = sm.inspect_series("water_level_m", KNOWN, base)
    assert check.ok and check.readable and not check.bad_ids


def test_duplicate_dates_name_file_rows_and_station(base):
    df = small()
    df.loc[1, "date"] = pd.Timestamp("2000-01-01")
    path = write(base, df)
    check = sm.inspect_series("water_level_m", KNOWN, base)
    assert check.readable and check.bad_ids == {"010501"}
    assert any(p.startswith(path.name) and "duplicate" in p and "rows 1, 2" in p for p in check.problems)
    # The fallback catalogue keeps the good station only.
    cat = sm.series_catalogue("water_level_m", KNOWN, check.bad_ids, base)
    assert cat["station_id"].tolist() == ["013901"] and cat["n_days"].tolist() == [2]


def test_non_numeric_value(base):
    df = small()
    df["value"] = df["value"].astype(str)  # a text column, as a hand-edited file would give
    df.loc[2, "value"] = "high"
    write(base, df)
    check = sm.inspect_series("water_level_m", KNOWN, base)
    assert any("non-numeric value on row 3" in p for p in check.problems)
    assert check.bad_ids == {"013901"}
    assert sm.series_catalogue("water_level_m", KNOWN, check.bad_ids, base)["station_id"].tolist() == ["010501"]


def test_unknown_station(base):
    df = pd.concat([small(), small([("ghost", "2000-01-01", 1.0)])], ignore_index=True)
    write(base, df)
    check = sm.inspect_series("water_level_m", KNOWN, base)
    assert any("unknown station id(s) ghost on row 5" in p for p in check.problems)
    assert check.bad_ids == {"ghost"}
    assert set(sm.series_catalogue("water_level_m", KNOWN, base=base)["station_id"]) == KNOWN


def test_missing_column_makes_the_file_unusable(base):
    path = write(base, small().drop(columns="quality"))
    check = sm.inspect_series("water_level_m", KNOWN, base)
    assert not check.readable
    assert check.problems == [
        f"{path.name}: missing column(s) quality; expected station_id, date, variable, value, quality, source"
    ]


def test_corrupt_file(base):
    path = base / "series" / "water_level_m.parquet"
    path.write_bytes(b"not parquet at all")
    check = sm.inspect_series("water_level_m", KNOWN, base)
    problem = check.problems[0]  # the file named for a viewer; the library's words go to the log only
    assert not check.readable and isinstance(problem, DataFileError)
    assert problem.message("en") == f"{path.name}: cannot be read as Parquet: the file is damaged or not a Parquet file"
    with pytest.raises(DataFileError, match="cannot be read as Parquet"):
        sm.series_catalogue("water_level_m", base=base)


# ------------------------------------------------------------------ display and export
def test_aggregate_for_display_worst_quality_and_sources():
    df = pd.DataFrame({
        "date": pd.to_datetime(["2001-01-01", "2001-01-02", "2001-02-01", "2001-02-02", "2001-03-01"]),
        "value": [1.0, 3.0, 5.0, 7.0, np.nan],
        "quality": ["measured", "measured", "measured", "measured", "missing"],
        "source": ["mrc_1989_2002", "mrc_wl_1992_2023_gapfilled", "mrc_1989_2002", "mrc_1989_2002", "x"],
    })
    out = sm.aggregate_for_display(df, "monthly")
    assert out["value"].tolist()[:2] == [2.0, 6.0] and math_isnan(out["value"].iloc[2])
    assert out["quality"].tolist() == ["gap_filled_series", "measured", "missing"]
    assert out["source"].tolist() == ["mrc_1989_2002;mrc_wl_1992_2023_gapfilled", "mrc_1989_2002", ""]
    daily = sm.aggregate_for_display(df, "daily")
    assert daily["quality"].tolist() == ["measured", "gap_filled_series", "measured", "measured", "missing"]


def math_isnan(x):
    return x != x


def test_export_csv_reads_back_with_header_notes():
    shown = pd.DataFrame({"date": pd.to_datetime(["2008-08-01", "2008-09-01"]), "value": [9.5, np.nan],
                          "quality": ["gap_filled_series", "missing"], "source": ["mrc_wl_1992_2023_gapfilled", ""]})
    text = hydro_export.export_csv(
        shown, "Chiang Saen", "010501", "water_level_m", "m", "local gauge", "monthly", "mean", "MRC gap-filled series"
    ).decode()
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert "# station: Chiang Saen (010501)" in header
    assert "# datum: local gauge" in header
    assert "# values: monthly mean of daily values; quality = the worst of the month's days" in header
    assert any(line.startswith("#   gap_filled_series:") for line in header)
    back = pd.read_csv(io.StringIO(text), comment="#")
    assert back.columns.tolist() == ["date", "water_level_m", "quality", "source"]
    assert back["quality"].tolist() == ["gap_filled_series", "missing"]
    assert back["water_level_m"].iloc[0] == 9.5 and pd.isna(back["water_level_m"].iloc[1])


def test_band_export_is_the_year_day_by_day_with_the_band():
    band = pd.DataFrame({"doy": np.arange(1, 366), "min": 1.0, "p10": 1.5, "p50": 2.0, "p90": 3.0,
                         "max": 4.0, "mean": 2.25, "n_years": 30})
    band.loc[band["doy"] == 60, "p10"] = 1.6
    shown = pd.DataFrame({
        "date": pd.to_datetime(["2007-12-31", "2008-02-28", "2008-02-29", "2008-03-01", "2008-03-02"]),
        "value": [9.0, 2.0, 99.0, 2.5, np.nan],
        "quality": ["measured", "measured", "measured", "gap_filled_series", "missing"],
        "source": ["a", "a", "a", "mrc_wl_1992_2023_gapfilled", ""],
    })
    text = hydro_export.band_export_csv(band, shown, 2008, "Pakse", "013901", "water_level_m", "m", "local gauge",
                              "1989-2023", "MRC").decode()
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert "# station: Pakse (013901)" in header and "# variable: water_level_m (unit: m)" in header
    assert "# datum: local gauge" in header and "# source: MRC" in header
    assert any("record 1989-2023 on that day of year (m)" in line for line in header)
    assert any(line.startswith("#   gap_filled_series:") for line in header)
    back = pd.read_csv(io.StringIO(text), comment="#", dtype={"source": str}).set_index("date")
    assert back.columns.tolist() == ["doy", "water_level_m", "quality", "source", "record_min", "record_p10",
                                     "record_p50", "record_p90", "record_max", "record_mean", "record_years"]
    assert len(back) == 365 and "2008-02-29" not in back.index and "2007-12-31" not in back.index
    row = back.loc["2008-03-01"]  # day 60 in a leap year too, with the band of day 60
    assert (row["doy"], row["water_level_m"], row["quality"], row["record_p10"]) == (60, 2.5, "gap_filled_series", 1.6)
    assert row["source"] == "mrc_wl_1992_2023_gapfilled"
    assert back.loc["2008-03-02", "quality"] == "missing" and pd.isna(back.loc["2008-03-02", "water_level_m"])
    assert back.loc["2008-12-31", "quality"] == "missing" and back.loc["2008-12-31", "record_years"] == 30


def test_compare_export_has_stations_upstream_first_units_flags_and_the_drawn_value():
    from lmc_geo.hydrology.compare import longitudinal_table

    stations = pd.DataFrame({"station_id": ["kr", "cs"], "name": ["Kratie", "Chiang Saen"],
                             "river_km": [522.4, 2474.8]})
    days = pd.to_datetime(["2007-12-31", "2008-01-01", "2008-01-02"])
    frames = {
        "kr": pd.DataFrame({"date": days, "value": [1.0, 2.0, 3.0],
                            "quality": ["measured", "gap_filled", "gap_filled_series"], "source": ["k"] * 3}),
        "cs": pd.DataFrame({"date": days, "value": [4.0, 5.0, np.nan],
                            "quality": ["measured", "measured", "missing"], "source": ["c"] * 3}),
    }
    table = longitudinal_table(frames, stations, how="percentile", start="2008-01-01", end="2008-12-31",
                               datums={"kr": "local gauge", "cs": "m above sea level"})
    text = hydro_export.compare_export_csv(table, "water_level_m", "m", "percentile", 2008, "MRC").decode()
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert header[0] == "# stations: Chiang Saen (cs); Kratie (kr)"
    assert "# variable: water_level_m (unit: m)" in header
    assert any(line.startswith("# percentile_of_record:") for line in header)
    assert any("own gauge datum" in line for line in header)
    back = pd.read_csv(io.StringIO(text), comment="#")
    assert back.columns.tolist() == ["date", "station_id", "station", "river_km", "datum", "water_level_m",
                                     "quality", "source", "percentile_of_record"]
    assert back["station_id"].tolist() == ["cs", "cs", "kr", "kr"]
    assert back["quality"].tolist() == ["measured", "missing", "gap_filled", "gap_filled_series"]
    # Percentile against the whole record (3 days at kr; 2 valued days at cs), not only 2008.
    assert back["percentile_of_record"].tolist()[0] == 75.0 and pd.isna(back["percentile_of_record"].iloc[1])
    assert back["percentile_of_record"].tolist()[2:] == pytest.approx([50.0, 250 / 3])
    assert back["datum"].tolist() == ["m above sea level"] * 2 + ["local gauge"] * 2
    absolute = hydro_export.compare_export_csv(longitudinal_table(frames, stations), "water_level_m", "m", "absolute",
                                     2008, "MRC").decode()
    assert pd.read_csv(io.StringIO(absolute), comment="#").columns[-1] == "source"


def test_export_header_stays_one_line_per_note():
    shown = pd.DataFrame({"date": pd.to_datetime(["2008-08-01"]), "value": [1.0], "quality": ["measured"],
                          "source": ["s"]})
    text = hydro_export.export_csv(
        shown, "Bad\nname", "x", "water_level_m", "m", None, "daily", "mean", "MRC\r\n,x"
    ).decode()
    assert "# station: Bad name (x)" in text.splitlines()
    back = pd.read_csv(io.StringIO(text), comment="#")
    assert len(back) == 1


def test_export_header_reads_in_chinese_with_the_same_keys_and_data():
    shown = pd.DataFrame({"date": pd.to_datetime(["2008-08-01"]), "value": [9.5], "quality": ["gap_filled_series"],
                          "source": ["mrc_wl_1992_2023_gapfilled"]})
    args = (shown, "Chiang Saen", "010501", "water_level_m", "m", "local gauge", "monthly", "mean", "MRC")
    english = hydro_export.export_csv(*args).decode().splitlines()
    chinese = hydro_export.export_csv(*args, lang="zh").decode().splitlines()
    assert "# values: 逐日数值的月平均值；quality = 该月各日中最差的质量" in chinese
    assert "#   measured: 来源公布的数值" in chinese and "# dates: 当地日期（UTC+7）；数值为空 = 缺测" in chinese
    keys = [line.split(":")[0] for line in english if line.startswith("#")]
    assert keys == [line.split(":")[0] for line in chinese if line.startswith("#")]
    assert [line for line in english if not line.startswith("#")] == [
        line for line in chinese if not line.startswith("#")]


def test_the_csv_export_carries_the_stored_quality_and_the_reason():
    from lmc_geo.hydrology import store
    from lmc_geo.hydrology.meta import aggregate_for_display

    daily = store.station_series("010501", "water_level_m", start="1993-05-25", end="1993-05-30")
    text = hydro_export.export_csv(aggregate_for_display(daily, "daily"), "Chiang Saen", "010501", "water_level_m",
                                   "m", "local gauge", "daily", "mean", "MRC").decode()
    back = pd.read_csv(io.StringIO(text), comment="#", keep_default_na=False)
    assert back["quality"].tolist() == ["measured"] + ["suspect"] * 4 + ["measured"]
    assert back["flag"].tolist()[1:5] == ["contradicts_discharge"] * 4
    assert "#   contradicts_discharge: water level far below" in text
