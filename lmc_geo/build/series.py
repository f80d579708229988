"""Build the daily-series store: reference CSVs -> long-format Parquet, one file per variable.

Output (under :func:`lmc_geo.paths.series_dir`):

* ``water_level_m.parquet``, ``discharge_m3s.parquet``, ``rainfall_mm.parquet`` with columns
  ``station_id`` (string), ``date`` (date32), ``variable`` (string), ``value`` (float64),
  ``quality`` (string), ``source`` (string); sorted by ``station_id, date``; zstd; byte-identical
  on a rerun (no pandas or time metadata).
* ``sources.csv``: source key, label, licence, attribution, repository, period, variables.
* ``datums.csv``: the vertical datum of each water-level series and its gauge zero.

Quality and source conventions
------------------------------
``quality`` takes only the three values of :data:`lmc_geo.schema.QUALITIES`:

* ``measured``: a value as published by the source.
* ``gap_filled``: a value the source filled in, as far as it can be established:
  the discharge cells listed in ``mrc_gapfilled_days_1989_2002.csv``, and in the 1992-2023
  water-level file the days that lie exactly on a straight line between their neighbours over
  a run of at least :data:`MIN_LINEAR_RUN` days (linear interpolation leaves this trace).
* ``missing``: no value (``value`` is NaN); only then is ``value`` NaN.

The 1992-2023 water-level file is a gap-filled product as a whole, and not every filled day
can be recognised (short gaps, rounded fills). Its other days therefore keep quality
``measured`` but carry source ``mrc_wl_1992_2023_gapfilled``, whose label in :data:`SOURCES`
says so; the UI shows the source label next to the quality, so such values read as "from a
gap-filled series", never as plainly measured. The straight-line rule also fires on some
genuinely measured smooth recessions: on the 1992-2002 overlap with the measured file it flags
0.1-4 % of days per mainstream station. Those overlap days are taken from the measured file
anyway (see precedence).

Precedence when sources overlap on (station_id, date, variable): the 1989-2002 MRC files first,
then Prek Kdam (FHI), then the 1992-2023 file; a row with a value always beats a ``missing``
row. Overlapping values that disagree are counted in the result (``n_conflicts``).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lmc_geo.build.quality import apply_suspect
from lmc_geo.hydrology.meta import GAP_FILLED_SERIES, GAP_FILLED_SOURCES
from lmc_geo.hydrology.validate import (
    SeriesDataError,
    read_series_csv,
    validate_long_series,
)
from lmc_geo.paths import (
    series_datums_path,
    series_dir,
    series_path,
    series_sources_path,
)
from lmc_geo.schema import QUALITIES, VARIABLES

#: Days in a straight-line run needed to call them interpolated in the 1992-2023 file.
MIN_LINEAR_RUN = 3
#: Tolerance (m) for "exactly on a straight line"; interpolated doubles differ by ~1e-13.
LINEAR_TOL_M = 1e-6
#: An annual-median jump larger than this (m) marks a datum shift in a water-level record.
DATUM_SHIFT_M = 50.0

_MRC_TERMS = "MRC data terms apply (check the MRC data-portal terms); no repository licence"
_MRC_ATTR = "Mekong River Commission"

#: Source keys, in precedence order (first wins on overlap).
SOURCES: dict[str, dict[str, str]] = {
    "mrc_1989_2002": {
        "label": "MRC daily discharge, water level and rainfall 1989-2002 (portal export, unverified)",
        "licence": _MRC_TERMS,
        "attribution": _MRC_ATTR,
        "repository": "https://github.com/hungdn210/Mekong_Prediction @ bd4f63f55ea075453f0836b0062e4007d3b13f49",
        "period": "1989-01-01/2002-10-31",
        "variables": "discharge_m3s;water_level_m;rainfall_mm",
    },
    "prek_kdam_fhi": {
        "label": "Prek Kdam (Tonle Sap) daily water level 1960-2018, FHI package",
        "licence": "CC0 (package); data source stated as the Mekong River Commission",
        "attribution": _MRC_ATTR,
        "repository": "https://github.com/Nick-Souter/FHI @ 55259117e760e0a573083dd8efd43f4e4b298c8f (data/PK_HT.rda)",
        "period": "1960-01-01/2018-12-31",
        "variables": "water_level_m",
    },
    "mrc_wl_1992_2023_gapfilled": {
        "label": "MRC daily water level 1992-2023, gap-filled series (MRC, interpolated gaps not all identifiable)",
        "licence": _MRC_TERMS,
        "attribution": _MRC_ATTR,
        "repository": (
            "https://github.com/hungdn210/Mekong_Prediction @ 01f97ef551969d7d4a735a61f655eb975b71cb16 "
            "(dataset/Water_Level_Data.csv)"
        ),
        "period": "1992-09-01/2023-08-31",
        "variables": "water_level_m",
    },
}
_RANK = {key: i for i, key in enumerate(SOURCES)}

#: Wide reference files: file name -> (variable, source key).
WIDE_FILES: dict[str, tuple[str, str]] = {
    "mrc_water_level_daily_1989_2002.csv": ("water_level_m", "mrc_1989_2002"),
    "mrc_discharge_daily_1989_2002.csv": ("discharge_m3s", "mrc_1989_2002"),
    "mrc_rainfall_daily_1989_2002.csv": ("rainfall_mm", "mrc_1989_2002"),
    "mrc_water_level_daily_1992_2023_gapfilled.csv": ("water_level_m", "mrc_wl_1992_2023_gapfilled"),
}
PREK_KDAM_FILE = "prek_kdam_water_level_daily_1960_2018.csv"
GAPFILLED_LIST_FILE = "mrc_gapfilled_days_1989_2002.csv"
#: MRC portal parameter names in the gap-filled list -> variable.
MRC_PARAMETERS = {
    "Discharge.Daily": "discharge_m3s",
    "Water.Level": "water_level_m",
    "Rainfall.Manual": "rainfall_mm",
}
THRESHOLDS_FILE = Path("stations") / "mrc_mainstream_stations_thresholds.csv"

_ARROW_SCHEMA = pa.schema(
    [
        ("station_id", pa.string()),
        ("date", pa.date32()),
        ("variable", pa.string()),
        ("value", pa.float64()),
        ("quality", pa.string()),
        ("source", pa.string()),
        ("flag", pa.string()),
    ]
)
#: Rows per Parquet row group: small enough that DuckDB skips most groups for one station.
ROW_GROUP_SIZE = 32_768


def straight_line_days(values: np.ndarray, dates: np.ndarray | None = None,
                       min_run: int = MIN_LINEAR_RUN, tol: float = LINEAR_TOL_M) -> np.ndarray:
    """Days lying exactly on a straight line between their neighbours, in runs of ``min_run`` or more.

    A day is on the line when ``|v[i-1] - 2 v[i] + v[i+1]| <= tol`` and both neighbours are
    the adjacent calendar days. Linear interpolation across a gap of ``k`` days leaves exactly
    ``k`` such consecutive days, so runs of at least ``min_run`` mark interpolated gaps.

    Examples
    --------
    >>> v = np.array([1.0, 2.0, 2.5, 3.0, 3.5, 4.0, 3.0, 3.1])
    >>> straight_line_days(v).astype(int).tolist()
    [0, 0, 1, 1, 1, 0, 0, 0]
    """
    v = np.asarray(values, dtype="float64")
    n = len(v)
    on_line = np.zeros(n, dtype=bool)
    if n < 3:
        return on_line
    d2 = np.abs(v[:-2] - 2 * v[1:-1] + v[2:])
    inner = d2 <= tol
    if dates is not None:
        days = np.asarray(dates, dtype="datetime64[D]").astype("int64")
        step = np.diff(days)
        inner &= (step[:-1] == 1) & (step[1:] == 1)
    on_line[1:-1] = inner
    out = np.zeros(n, dtype=bool)
    # Keep only runs of at least min_run consecutive days.
    edges = np.diff(np.concatenate(([0], on_line.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    for s, e in zip(starts, ends):
        if e - s >= min_run:
            out[s:e] = True
    return out


def _name_to_id(stations: pd.DataFrame) -> dict[str, str]:
    missing = [c for c in ("station_id", "name") if c not in stations.columns]
    if missing:
        raise ValueError(f"stations table: missing column(s) {', '.join(missing)}")
    names = stations["name"].astype(str).str.strip()
    dup = sorted(set(names[names.duplicated()]))
    if dup:
        raise ValueError(f"stations table: station name(s) repeated: {', '.join(dup)}")
    return dict(zip(names, stations["station_id"].astype(str)))


def _wide_to_long(path: Path, variable: str, source: str, ids: dict[str, str],
                  unknown: dict[str, list[str]]) -> pd.DataFrame:
    wide = read_series_csv(path)
    cols = [c for c in wide.columns if c != "date"]
    unk = [c for c in cols if c not in ids]
    if unk:
        unknown[path.name] = sorted(unk)
    keep = [c for c in cols if c in ids]
    long = wide.melt(id_vars="date", value_vars=keep, var_name="name", value_name="value")
    long["station_id"] = long["name"].map(ids)
    long["variable"] = variable
    long["source"] = source
    long["quality"] = np.where(long["value"].isna(), "missing", "measured")
    return long.drop(columns="name")


def _apply_gapfilled_list(long: pd.DataFrame, path: Path, ids: dict[str, str]) -> tuple[int, int]:
    """Mark the cells listed in the MRC gap-filled list; returns (gap_filled, missing) counts."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    need = {"parameter", "station", "date", "note"}
    if not need <= set(raw.columns):
        raise SeriesDataError(
            f"{path}: missing column(s) {', '.join(sorted(need - set(raw.columns)))}"
        )
    dates = pd.to_datetime(raw["date"], format="%Y-%m-%d", errors="coerce")
    bad = np.flatnonzero(dates.isna().to_numpy())
    if len(bad):
        lines = ", ".join(str(i + 2) for i in bad[:10])
        raise SeriesDataError(f"{path}: unreadable date on lines {lines}; expected YYYY-MM-DD")
    listed = pd.DataFrame({
        "station_id": raw["station"].str.strip().map(ids),
        "variable": raw["parameter"].map(MRC_PARAMETERS),
        "date": dates,
        "listed": np.where(raw["note"].str.startswith("missing"), "missing", "gap_filled"),
    }).dropna(subset=["station_id", "variable"])
    listed = listed.drop_duplicates(["station_id", "variable", "date"], keep="last")
    merged = long.merge(listed, on=["station_id", "variable", "date"], how="left")
    mark = merged["listed"].notna() & (merged["source"] == "mrc_1989_2002")
    # A listed gap-filled cell with no value stays missing: quality never claims a value it lacks.
    merged.loc[mark & merged["value"].notna(), "quality"] = "gap_filled"
    merged.loc[mark & merged["value"].isna(), "quality"] = "missing"
    long["quality"] = merged["quality"].to_numpy()
    filled = mark & merged["value"].notna()
    return int(filled.sum()), int((mark & ~filled).sum())


def _read_prek_kdam(path: Path, ids: dict[str, str], unknown: dict[str, list[str]]) -> pd.DataFrame:
    df = read_series_csv(path, value_columns=["water_level_m"], text_columns=["station"])
    names = df["station"].str.strip()
    unk = sorted(set(names) - set(ids))
    if unk:
        unknown[path.name] = unk
    df = df[names.isin(ids)]
    return pd.DataFrame({
        "station_id": df["station"].str.strip().map(ids),
        "date": df["date"],
        "variable": "water_level_m",
        "value": df["water_level_m"],
        "quality": np.where(df["water_level_m"].isna(), "missing", "measured"),
        "source": "prek_kdam_fhi",
    })


def _mark_interpolated(long: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Set quality gap_filled on straight-line runs of the 1992-2023 file; returns (frame, count)."""
    long = long.sort_values(["station_id", "date"], kind="stable").reset_index(drop=True)
    flags = np.zeros(len(long), dtype=bool)
    for _, idx in long.groupby("station_id", sort=False).indices.items():
        flags[idx] = straight_line_days(long["value"].to_numpy()[idx], long["date"].to_numpy()[idx])
    flags &= long["value"].notna().to_numpy()
    long.loc[flags, "quality"] = "gap_filled"
    return long, int(flags.sum())


def _resolve_overlaps(long: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Keep one row per (station_id, date, variable) by precedence; count disagreeing overlaps."""
    long = long.assign(_missing=long["value"].isna(), _rank=long["source"].map(_RANK))
    long = long.sort_values(["station_id", "variable", "date", "_missing", "_rank"], kind="stable")
    key = ["station_id", "variable", "date"]
    dup = long.duplicated(key, keep=False) & ~long["_missing"]
    both = long[dup]
    ext = both.groupby(key)["value"].agg(["max", "min"])
    n_conflicts = int(((ext["max"] - ext["min"]) > 1e-9).sum())
    kept = long.drop_duplicates(key, keep="first").drop(columns=["_missing", "_rank"])
    return kept, n_conflicts


def _write_parquet_atomic(df: pd.DataFrame, path: Path) -> None:
    # Built column by column so no pandas metadata ends up in the file (byte-stable reruns).
    table = pa.table(
        {
            "station_id": pa.array(df["station_id"].astype(str).to_numpy(dtype=object), pa.string()),
            "date": pa.array(df["date"].to_numpy().astype("datetime64[D]"), pa.date32()),
            "variable": pa.array(df["variable"].astype(str).to_numpy(dtype=object), pa.string()),
            "value": pa.array(df["value"].to_numpy(dtype="float64"), pa.float64()),
            "quality": pa.array(df["quality"].astype(str).to_numpy(dtype=object), pa.string()),
            "source": pa.array(df["source"].astype(str).to_numpy(dtype=object), pa.string()),
            "flag": pa.array(df["flag"].fillna("").astype(str).to_numpy(dtype=object), pa.string()),
        },
        schema=_ARROW_SCHEMA,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd", compression_level=9,
                       row_group_size=ROW_GROUP_SIZE, use_dictionary=True,
                       write_statistics=True, store_schema=False)
        os.replace(tmp, path)  # readers see the old or the new file, never half of one
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _write_csv_atomic(df: pd.DataFrame, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        df.to_csv(tmp, index=False, lineterminator="\n")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _datums(wl: pd.DataFrame, stations: pd.DataFrame, ref_dir: Path) -> pd.DataFrame:
    """One row per station with a water-level series: datum, gauge zero and a note."""
    zero: dict[str, float] = {}
    thr_path = ref_dir / THRESHOLDS_FILE
    if "mrc_id" in stations.columns and thr_path.exists():
        thr = pd.read_csv(thr_path, dtype={"mrc_id": str})
        zero = dict(zip(thr["mrc_id"].astype(str), thr["gauge_zero_m_asl"]))
    mrc_of = {}
    if "mrc_id" in stations.columns:
        ids = stations["mrc_id"].where(stations["mrc_id"].notna(), None)
        mrc_of = dict(zip(stations["station_id"].astype(str), ids))
    have = wl.dropna(subset=["value"])
    yearly = have.groupby(["station_id", have["date"].dt.year])["value"].median()
    rows = []
    for sid in sorted(have["station_id"].unique()):
        notes = []
        mrc = mrc_of.get(sid)
        z = zero.get(str(mrc)) if mrc else None
        z = None if z is None or pd.isna(z) else float(z)
        if z is None:
            notes.append("gauge zero not published in the MRC threshold list")
        jumps = yearly.loc[sid].diff().abs()
        if (jumps > DATUM_SHIFT_M).any():
            years = ", ".join(str(y) for y in jumps.index[jumps > DATUM_SHIFT_M][:5])
            notes.append(f"datum shift: annual median jumps by more than {DATUM_SHIFT_M:g} m "
                         f"(in {years}); do not compare levels across it")
        srcs = set(have.loc[have["station_id"] == sid, "source"])
        if srcs == {"prek_kdam_fhi"}:
            notes.append("datum not stated by the source; assumed local gauge")
        rows.append({"station_id": sid, "variable": "water_level_m", "datum": "local gauge",
                     "gauge_zero_m_asl": z, "note": "; ".join(notes)})
    return pd.DataFrame(rows, columns=["station_id", "variable", "datum", "gauge_zero_m_asl", "note"])


def build_series(ref_dir: Path, out_dir: Path, stations: pd.DataFrame) -> dict:
    """Read ``ref_dir/timeseries/*.csv`` and write the long-format series store under ``out_dir``.

    Parameters
    ----------
    ref_dir : Path
        The reference-data folder (with ``timeseries/`` and ``stations/``).
    out_dir : Path
        The data folder; files go to ``lmc_geo.paths.series_dir(out_dir)``.
    stations : pandas.DataFrame
        At least ``station_id`` (str) and ``name`` (as in the wide CSV headers); optional
        ``mrc_id`` (6-digit MRC code) to look up the gauge zero for ``datums.csv``.

    Returns
    -------
    dict
        ``files`` (variable -> Path), ``rows`` (variable -> count), ``unknown_stations``
        (sorted names found in the CSVs but not in ``stations``; their columns are skipped),
        ``unknown_by_file``, ``skipped_files`` (CSVs that are not daily series),
        ``gap_filled_listed`` and ``missing_listed`` (cells of the MRC gap-filled list),
        ``gap_filled_detected`` (straight-line days of the 1992-2023 file, before precedence),
        ``n_conflicts`` (overlapping days whose values differ; the higher-precedence one is kept).

    Raises
    ------
    SeriesDataError
        A series CSV is unreadable, lacks ``date``, repeats a date or holds a non-numeric value.
    """
    ref_dir, out_dir = Path(ref_dir), Path(out_dir)
    ts_dir = ref_dir / "timeseries"
    ids = _name_to_id(stations)
    unknown: dict[str, list[str]] = {}
    skipped: list[str] = []
    parts: list[pd.DataFrame] = []
    n_listed = n_missing_listed = n_detected = 0

    csvs = sorted(ts_dir.glob("*.csv"))
    if not csvs:
        raise SeriesDataError(f"{ts_dir}: no series CSV files found")
    for path in csvs:
        if path.name in WIDE_FILES:
            variable, source = WIDE_FILES[path.name]
            long = _wide_to_long(path, variable, source, ids, unknown)
            if source == "mrc_wl_1992_2023_gapfilled":
                long, n_detected = _mark_interpolated(long)
            parts.append(long)
        elif path.name == PREK_KDAM_FILE:
            parts.append(_read_prek_kdam(path, ids, unknown))
        elif path.name != GAPFILLED_LIST_FILE:
            skipped.append(path.name)  # e.g. annual means: not a daily series

    long = pd.concat(parts, ignore_index=True)
    gap_list = ts_dir / GAPFILLED_LIST_FILE
    if gap_list.exists():
        n_listed, n_missing_listed = _apply_gapfilled_list(long, gap_list, ids)
    long, n_conflicts = _resolve_overlaps(long)
    long["station_id"] = long["station_id"].astype(str)
    # Stored as it is: a value of a series the source gap-filled as a whole is not "measured".
    series_filled = long["source"].isin(GAP_FILLED_SOURCES) & (long["quality"] == "measured")
    long.loc[series_filled, "quality"] = GAP_FILLED_SERIES
    long, findings = apply_suspect(long.reset_index(drop=True))
    assert set(long["quality"]) <= set(QUALITIES)

    problems = validate_long_series(long, "series build", known_ids=set(ids.values()))
    if problems:  # a bug here, not bad input: inputs were checked on read
        raise SeriesDataError("; ".join(problems))

    target = series_dir(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    rows: dict[str, int] = {}
    for variable in VARIABLES:
        part = long[long["variable"] == variable].sort_values(["station_id", "date"], kind="stable")
        if part.empty:
            continue
        path = series_path(variable, out_dir)
        _write_parquet_atomic(part, path)
        files[variable], rows[variable] = path, len(part)

    present = set(long["source"].unique())
    used = [k for k in SOURCES if k in present]
    sources = pd.DataFrame([{"source": k, **SOURCES[k]} for k in used])
    _write_csv_atomic(sources, series_sources_path(out_dir))
    wl = long[long["variable"] == "water_level_m"]
    _write_csv_atomic(_datums(wl, stations, ref_dir), series_datums_path(out_dir))

    names = sorted({n for v in unknown.values() for n in v})
    return {
        "files": files,
        "rows": rows,
        "unknown_stations": names,
        "unknown_by_file": unknown,
        "skipped_files": skipped,
        "gap_filled_listed": n_listed,
        "missing_listed": n_missing_listed,
        "gap_filled_detected": n_detected,
        "n_conflicts": n_conflicts,
        "suspect": findings.counts(),
        "quality": {v: long.loc[long["variable"] == v, "quality"].value_counts().sort_index().to_dict()
                    for v in VARIABLES},
    }


def slug(name: str) -> str:
    """Station id for a station without an MRC code, e.g. ``slug("Prek Kdam") == "prek_kdam"``.

    Examples
    --------
    >>> slug("Cau 14 (Buon Bur)")
    'cau_14_buon_bur'
    """
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
