"""DuckDB queries over the daily-series Parquet files (``data/series/<variable>.parquet``).

Every call names the file path again, so a rebuilt or replaced file is seen on the next call
(the build replaces files atomically). One in-memory DuckDB database is opened lazily per
process; each call uses its own cursor, which is safe across Streamlit's script threads.
No Streamlit import here: caching belongs to ``lmc_geo/ui/``.

One station's rows
------------------
The files are sorted by station, so one station lives in one or a few row groups. Reading a
footer costs time in proportion to the whole file (its row groups), so :func:`station_series`
and :func:`doy_band` keep each file's footer and the station-id range of every row group,
keyed by the open file's inode, size and modification time (a replaced file is a new key),
read only the row groups that can hold the station, and let DuckDB aggregate those rows.
Their cost follows the station's record, not the number of stations in the file.

Day of year
-----------
:func:`doy_band` and :func:`p10_on` use a 365-day calendar (one SQL fragment,
:data:`NOLEAP_DOY_SQL`): 29 February is dropped and, in leap years, later days shift back by one,
so 1 March is always day 60 and 31 December day 365.
:func:`lmc_geo.hydrology.timeseries.doy_band` is the pandas reference with the same rule.

Examples
--------
>>> import tempfile
>>> import pandas as pd, pyarrow as pa, pyarrow.parquet as pq
>>> base = Path(tempfile.mkdtemp())
>>> (base / "series").mkdir()
>>> t = pa.table({"station_id": ["010501"] * 3,
...     "date": pa.array(pd.to_datetime(["2000-01-01", "2000-01-02", "2000-01-03"]).to_numpy()
...                      .astype("datetime64[D]"), pa.date32()),
...     "variable": ["water_level_m"] * 3, "value": [1.0, 2.0, float("nan")],
...     "quality": ["measured", "gap_filled", "missing"], "source": ["s"] * 3})
>>> pq.write_table(t, base / "series" / "water_level_m.parquet")
>>> station_series("010501", "water_level_m", base=base)["quality"].tolist()
['measured', 'gap_filled', 'missing']
>>> stations_with_series(base=base)[["station_id", "n_days"]].values.tolist()
[['010501', 2]]
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lmc_geo import database, paths
from lmc_geo.schema import VARIABLES

_lock = threading.Lock()
_db: duckdb.DuckDBPyConnection | None = None

BAND_COLUMNS = ["doy", "min", "p10", "p50", "p90", "max", "mean", "n_years"]
SERIES_COLUMNS = ["date", "value", "quality", "source", "flag"]
VALUES_ON_COLUMNS = ["station_id", "value", "quality", "source"]
P10_COLUMNS = ["station_id", "p10", "p90", "n_years"]

#: Day of year of ``date`` in the 365-day calendar (days after 28 February of a leap year shift
#: back by one); the one definition every query here uses (29 February itself is filtered out).
NOLEAP_DOY_SQL = (
    "dayofyear(date) - CASE WHEN month(date) > 2"
    " AND (year(date) % 4 = 0 AND (year(date) % 100 <> 0 OR year(date) % 400 = 0))"
    " THEN 1 ELSE 0 END"
)
#: The rows a climatology uses: a value, not missing, not 29 February.
_VALUED_NOT_29FEB = (
    "quality NOT IN ('missing', 'suspect') AND NOT isnan(value) AND NOT (month(date) = 2 AND day(date) = 29)"
)


def _cursor() -> duckdb.DuckDBPyConnection:
    global _db
    with _lock:
        if _db is None:
            _db = duckdb.connect(":memory:")
            # Never reuse a footer or file blocks of a file that may have been replaced.
            _db.execute("SET parquet_metadata_cache = false")
            _db.execute("SET enable_external_file_cache = false")
        return _db.cursor()


def _existing(variable: str, base: Path | None) -> str:
    path = paths.series_path(variable, base)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no series file for {variable}; run `make data`")
    return path.as_posix()


_index_lock = threading.Lock()
#: path -> ((inode, size, mtime_ns), footer, [(min, max) station id of each row group, or None]).
_footers: dict[str, tuple[tuple, pq.FileMetaData, list]] = {}


def _row_group_ranges(meta: pq.FileMetaData, path: str) -> list:
    names = meta.schema.to_arrow_schema().names
    if "station_id" not in names:
        raise ValueError(f"{path}: missing column(s) station_id")
    col = names.index("station_id")
    ranges = []
    for i in range(meta.num_row_groups):
        stats = meta.row_group(i).column(col).statistics
        ok = stats is not None and stats.has_min_max and isinstance(stats.min, str)
        ranges.append((stats.min, stats.max) if ok else None)
    return ranges


def _station_rows(station_id: str, variable: str, base: Path | None, columns: list[str],
                  optional: tuple[str, ...] = ()) -> pa.Table:
    """The rows of one station (``columns``, file order) from the row groups that can hold it;
    ``optional`` columns are read when the file has them (older files have no ``flag``). From the
    shared database's indexed table when it is the backend."""
    if database.enabled():
        return database.series_rows(variable, station_id, columns=(*columns, *optional))
    path = _existing(variable, base)
    sid = str(station_id)
    with open(path, "rb") as fh:  # the open file pins the version the footer must belong to
        st = os.fstat(fh.fileno())
        version = (st.st_ino, st.st_size, st.st_mtime_ns)
        with _index_lock:
            hit = _footers.get(path)
        if hit is None or hit[0] != version:
            meta = pq.read_metadata(fh)
            hit = (version, meta, _row_group_ranges(meta, path))
            with _index_lock:
                _footers[path] = hit
        _, meta, ranges = hit
        groups = [i for i, r in enumerate(ranges) if r is None or r[0] <= sid <= r[1]]
        names = meta.schema.to_arrow_schema().names
        missing = [c for c in ["station_id", *columns] if c not in names]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        present = [c for c in optional if c in names]
        fh.seek(0)
        table = pq.ParquetFile(fh, metadata=meta).read_row_groups(groups, columns=["station_id", *columns, *present])
    table = table.filter(pc.equal(table["station_id"], sid)).drop_columns(["station_id"])
    for name in optional:
        if name not in present:
            table = table.append_column(name, pa.array([""] * table.num_rows, pa.string()))
    return table


def _as_date(value) -> dt.date | None:
    if value is None:
        return None
    return pd.Timestamp(value).date()


def station_series(station_id: str, variable: str, start=None, end=None,
                   base: Path | None = None) -> pd.DataFrame:
    """Daily values of one station and variable, oldest first.

    Parameters
    ----------
    station_id : str
        Station id as in the stations layer (MRC code such as ``"010501"`` or a slug).
    variable : {"water_level_m", "discharge_m3s", "rainfall_mm"}
    start, end : date-like, optional
        Inclusive bounds.
    base : Path, optional
        Data folder (default :func:`lmc_geo.paths.data_dir`).

    Returns
    -------
    pandas.DataFrame
        ``date`` (datetime64), ``value`` (float64, NaN when quality is ``missing``),
        ``quality``, ``source``. Empty (same columns) for a station without this variable.
    """
    rows = _station_rows(station_id, variable, base, SERIES_COLUMNS[:-1], optional=("flag",))
    if start is not None:
        rows = rows.filter(pc.greater_equal(rows["date"], pa.scalar(_as_date(start), pa.date32())))
    if end is not None:
        rows = rows.filter(pc.less_equal(rows["date"], pa.scalar(_as_date(end), pa.date32())))
    df = rows.sort_by("date").to_pandas(date_as_object=False)
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[us]")
    return df[SERIES_COLUMNS]


def stations_with_series(base: Path | None = None) -> pd.DataFrame:
    """Which station has which variable, over what period, with how many valued days.

    Returns
    -------
    pandas.DataFrame
        ``station_id, variable, first_date, last_date, n_days``; ``n_days`` counts days with a
        value (quality not ``missing``); the dates span those days. Sorted by station, variable.
    """
    cols = ["station_id", "variable", "first_date", "last_date", "n_days"]
    if database.enabled():
        df = database.series_catalogue()
        for c in ("first_date", "last_date"):
            df[c] = pd.to_datetime(df[c])
        df["n_days"] = df["n_days"].astype("int64")
        return df[cols]
    files = [paths.series_path(v, base) for v in VARIABLES]
    files = [p.as_posix() for p in files if p.exists()]
    if not files:
        return pd.DataFrame(columns=cols)
    sql = (
        "SELECT station_id, variable, min(date) AS first_date, max(date) AS last_date, "
        "count(*) AS n_days FROM read_parquet(?) "
        "WHERE quality <> 'missing' AND NOT isnan(value) "
        "GROUP BY station_id, variable ORDER BY station_id, variable"
    )
    df = _cursor().execute(sql, [files]).df()
    for c in ("first_date", "last_date"):
        df[c] = pd.to_datetime(df[c])
    df["n_days"] = df["n_days"].astype("int64")
    return df[cols]


def values_on(date, variable: str = "water_level_m", base: Path | None = None) -> pd.DataFrame:
    """The value of every station on one day.

    Returns
    -------
    pandas.DataFrame
        ``station_id, value, quality, source`` for stations with a row that day (``missing``
        rows included, with NaN value), sorted by station id. ``quality`` is the stored flag;
        :func:`lmc_geo.hydrology.meta.display_quality` turns it into the shown one using ``source``.
    """
    if database.enabled():
        rows = database.series_rows(variable, columns=tuple(VALUES_ON_COLUMNS), date=_as_date(date))
        return rows.to_pandas()[VALUES_ON_COLUMNS]
    sql = (
        "SELECT station_id, value, quality, source FROM read_parquet(?) "
        "WHERE date = ?::DATE ORDER BY station_id"
    )
    df = _cursor().execute(sql, [_existing(variable, base), _as_date(date)]).df()
    return df[VALUES_ON_COLUMNS]


def p10_on(doy: int, base: Path | None = None, variable: str = "water_level_m") -> pd.DataFrame:
    """The day-of-year 10th and 90th percentiles of record of every station, in one query.

    Same rule as :func:`doy_band` (365-day calendar, 29 February dropped, missing days left out,
    linear interpolation), so the map status and the band chart agree.

    Returns
    -------
    pandas.DataFrame
        ``station_id, p10, p90, n_years`` for stations with at least one value on that day of year.
    """
    doy = int(doy)
    source = "read_parquet(?)"
    args = [doy, doy + 1, doy]
    cur = _cursor()
    if database.enabled():  # the two days of year from the database, the same query over them
        cur.register("doy_rows", database.series_rows(variable, columns=("station_id", "date", "value", "quality"),
                                                      doys=(doy, doy + 1)))
        source = "doy_rows"
    else:
        args = [_existing(variable, base), *args]
    sql = f"""
        WITH d AS (
            SELECT station_id, year(date) AS yr, {NOLEAP_DOY_SQL} AS doy, value
            FROM {source}
            WHERE {_VALUED_NOT_29FEB}
              AND dayofyear(date) IN (?, ?)  -- the day itself, or the next in a leap year
        )
        SELECT station_id, quantile_cont(value, 0.1) AS p10, quantile_cont(value, 0.9) AS p90,
               count(DISTINCT yr) AS n_years
        FROM d WHERE doy = ? GROUP BY station_id ORDER BY station_id
    """
    try:
        df = cur.execute(sql, args).df()
    finally:
        cur.close()
    df["station_id"] = df["station_id"].astype(str)
    df["n_years"] = df["n_years"].astype("int64")
    return df[P10_COLUMNS]


def doy_band(station_id: str, variable: str, base: Path | None = None) -> pd.DataFrame:
    """Day-of-year climatology of one station: min, 10/50/90th percentiles, max, mean.

    Days with quality ``missing`` are left out; 29 February is dropped (see module notes).
    Percentiles interpolate linearly between order statistics, like ``pandas.Series.quantile``.

    Returns
    -------
    pandas.DataFrame
        ``doy`` (1-365), ``min, p10, p50, p90, max, mean`` (float64), ``n_years`` (int64:
        years with a value on that day), only days that have at least one value.
    """
    sql = f"""
        WITH d AS (
            SELECT year(date) AS yr, {NOLEAP_DOY_SQL} AS doy, value
            FROM station_rows
            WHERE {_VALUED_NOT_29FEB}
        )
        SELECT doy::BIGINT AS doy, min(value) AS "min",
               quantile_cont(value, 0.1) AS p10, quantile_cont(value, 0.5) AS p50,
               quantile_cont(value, 0.9) AS p90, max(value) AS "max", avg(value) AS mean,
               count(DISTINCT yr) AS n_years
        FROM d GROUP BY doy ORDER BY doy
    """
    cur = _cursor()
    cur.register("station_rows", _station_rows(station_id, variable, base, ["date", "value", "quality"]))
    try:
        df = cur.execute(sql).df()
    finally:
        cur.unregister("station_rows")
        cur.close()
    df["n_years"] = df["n_years"].astype("int64")
    df["doy"] = df["doy"].astype("int64")
    return df[BAND_COLUMNS]
