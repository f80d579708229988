"""``python -m lmc_geo load-postgis`` (``make data-postgis``): the derived data into PostgreSQL/PostGIS.

Everything ``data/`` holds goes into schema ``lmc_load`` in one transaction (layers with GiST
indexes, the daily series with their flags and, once more, as one record per station and variable,
the documents, the versions), then the old ``lmc`` is
dropped and ``lmc_load`` renamed to it, and the transaction commits. A failed or killed load rolls
back: the database stays as it was. Loading the same data twice gives the same database. The
files are read and checked exactly as the app reads them (:mod:`lmc_geo.loaders`).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import text

from lmc_geo import database, loaders, paths
from lmc_geo.database import DOCUMENTS, LOADING, SCHEMA
from lmc_geo.projects.registry import read_registry
from lmc_geo.schema import VARIABLES

SERIES_COLUMNS = ("station_id", "variable", "date", "value", "quality", "source", "flag")


def _load_series(con, data_dir: Path) -> dict[str, int]:
    """COPY each variable's series file into ``lmc_load.series``; returns rows per file."""
    raw = con.connection.driver_connection
    counts = {}
    for variable in VARIABLES:
        path = paths.series_path(variable, data_dir)
        if not path.is_file():
            continue
        rows = 0
        with raw.cursor() as cur, cur.copy(
                f"COPY {LOADING}.series ({', '.join(SERIES_COLUMNS)}) FROM STDIN WITH (FORMAT csv, "
                f"FORCE_NOT_NULL (quality, source, flag))") as copy:
            for batch in pq.ParquetFile(path).iter_batches(batch_size=250_000):  # bounded memory at any size
                table = pa.Table.from_batches([batch])
                if "flag" not in table.column_names:
                    table = table.append_column("flag", pa.array([""] * table.num_rows, pa.string()))
                frame = table.select(list(SERIES_COLUMNS)).to_pandas()
                copy.write(frame.to_csv(index=False, header=False, na_rep="NaN"))
                rows += len(frame)
        counts[f"series/{variable}.parquet"] = rows
    return counts


def _station_records(path: Path):
    """``(station_id, variable, rows)`` of a series file, one per station and variable, each station's
    rows oldest first; read sorted in batches (DuckDB spills a sort larger than memory), so memory
    holds one batch and one station's record at any size."""
    flag = "flag" if "flag" in pq.read_schema(path).names else "''"
    cur = duckdb.connect(":memory:")
    try:
        reader = cur.sql(f"SELECT station_id, variable, date, value, quality, source, {flag} AS flag "
                         f"FROM read_parquet(?) ORDER BY variable, station_id, date",
                         params=[path.as_posix()]).to_arrow_reader(250_000)
        key, parts = None, []
        for batch in reader:
            if not batch.num_rows:
                continue
            ids = batch.column("station_id").to_numpy(zero_copy_only=False)
            names = batch.column("variable").to_numpy(zero_copy_only=False)
            starts = [0, *(np.flatnonzero((ids[1:] != ids[:-1]) | (names[1:] != names[:-1])) + 1).tolist()]
            for start, stop in zip(starts, [*starts[1:], batch.num_rows]):
                here = (str(ids[start]), str(names[start]))
                if here != key:
                    if parts:
                        yield *key, pa.Table.from_batches(parts)
                    key, parts = here, []
                parts.append(batch.slice(start, stop - start))
        if parts:
            yield *key, pa.Table.from_batches(parts)
    finally:
        cur.close()


def _load_records(con, data_dir: Path) -> None:
    """``lmc_load.series_records``: each station's record of each variable as one row."""
    raw = con.connection.driver_connection
    with raw.cursor() as cur, cur.copy(f"COPY {LOADING}.series_records (station_id, variable, n_days, body) "
                                       f"FROM STDIN WITH (FORMAT binary)") as copy:
        copy.set_types(["text", "text", "int4", "bytea"])
        for variable in VARIABLES:
            path = paths.series_path(variable, data_dir)
            if path.is_file():
                for station_id, name, rows in _station_records(path):
                    copy.write_row((station_id, name, rows.num_rows, database.record_body(rows)))


def load(data_dir: Path | None = None, database_url: str | None = None, replace_registry: bool = False,
         notes: list[str] | None = None) -> dict[str, int]:
    """Load ``data_dir`` (default ``data/``) into the database in one transaction; returns row counts.

    A project registry imported into the database (one that differs from ``data/projects.csv``) is
    kept, as ``make data`` keeps an imported file, unless ``replace_registry``; ``notes`` gets a line.
    """
    data_dir = Path(data_dir or paths.data_dir())
    stamp = time.time_ns()
    counts: dict[str, int] = {}
    kept = None if replace_registry else database.current_registry(database_url)
    if kept is not None and kept == paths.projects_path(data_dir).read_bytes():
        kept = None
    if kept is not None and notes is not None:
        notes.append("kept the project registry imported into the database (--replace-registry to load "
                     "data/projects.csv instead)")
    with database.reading_files(), database.connect(database_url) as con, con.begin():
        con.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
        con.execute(text(f"DROP SCHEMA IF EXISTS {LOADING} CASCADE"))
        for statement in database.ddl(LOADING):
            con.execute(text(statement))
        for name in loaders.LAYER_COLUMNS:
            frame = loaders.read_layer(name, data_dir)  # checked as the app checks it
            frame = gpd.GeoDataFrame(frame.assign(_row=range(len(frame))), geometry="geometry", crs=frame.crs)
            frame = frame.to_crs(4326) if frame.crs is not None else frame.set_crs(4326)
            frame.to_postgis(name, con, schema=LOADING, index=False)
            con.execute(text(f'CREATE INDEX ON {LOADING}."{name}" USING gist (geometry)'))
            dtypes = {c: {"dtype": str(t), "na": bool(frame[c].isna().any())}
                      for c, t in frame.dtypes.items() if c not in ("geometry", "_row")}
            con.execute(text(f"INSERT INTO {LOADING}.documents VALUES (:n, :b)"),  # the columns' types, kept
                        {"n": database.dtypes_document(name), "b": json.dumps(dtypes).encode()})
            counts[f"layers/{name}.parquet"] = len(frame)
        counts.update(_load_series(con, data_dir))
        _load_records(con, data_dir)
        con.execute(text(f"ALTER TABLE {LOADING}.series ADD PRIMARY KEY (station_id, variable, date)"))
        con.execute(text(f"CREATE INDEX ON {LOADING}.series (variable, date)"))
        for name in DOCUMENTS:
            path = data_dir / name
            if path.is_file():
                body = kept if name == "projects.csv" and kept is not None else path.read_bytes()
                con.execute(text(f"INSERT INTO {LOADING}.documents VALUES (:n, :b)"), {"n": name, "b": body})
                counts[name] = 1
        registry = (read_registry(paths.projects_path(data_dir), content=kept) if kept is not None
                    else loaders.read_projects(data_dir))
        database.write_projects_table(con, LOADING, registry)
        for dataset in counts:
            con.execute(text(f"INSERT INTO {LOADING}.versions VALUES (:d, :v)"), {"d": dataset, "v": stamp})
        con.execute(text(f"ANALYZE {LOADING}.series"))  # the planner's row counts: index scans, not guesses
        con.execute(text(f"ANALYZE {LOADING}.series_records"))
        con.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        con.execute(text(f"ALTER SCHEMA {LOADING} RENAME TO {SCHEMA}"))
    database.forget_versions()
    return counts
