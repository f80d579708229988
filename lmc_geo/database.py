"""The shared-database backend: the same data as ``data/``, in PostgreSQL with PostGIS.

With no setting the app reads the embedded store in ``data/``. With
``LMC_DATABASE_URL=postgresql://user:password@host:port/dbname`` every layer, daily series (with
its quality flags), dam source value, metadata table and the project registry come from the
database instead, through the same loader functions: :mod:`lmc_geo.loaders`,
:mod:`lmc_geo.hydrology.store` and the readers ask this module when :func:`enabled`, so pages and
core code do not know which backend answers.

Schema ``lmc`` (``SCHEMA_VERSION``):

* one table per map layer (``lmc.dams``...), geometry in EPSG:4326 with a GiST index;
* ``lmc.series``: ``station_id, variable, date, value, quality, source, flag``, primary key
  ``(station_id, variable, date)`` (added after the rows are copied in: one sort, not one insert each)
  and an index on ``(variable, date)``;
* ``lmc.series_records``: the same rows once more, one row per ``(station_id, variable)`` with
  ``n_days`` and ``body``, the station's ``date, value, quality, source, flag`` oldest first as one
  Arrow IPC stream (LZ4): what one station's record and band read, one short row fetched by its key
  instead of thousands of rows to turn into text and parse back (see :func:`series_rows`);
* ``lmc.documents``: the small files of ``data/`` by their path inside it (the registry, the
  series sources and datums, the dam source values, the build notes and QUALITY.md), read by the
  same parsers as the files; the registry is also ``lmc.projects`` with point geometry, for GIS use;
* ``lmc.versions``: one version per dataset (a layer, a series file, a document), the cache key
  that tells every process a dataset changed (the projects import bumps it);
* ``lmc.schema_version``.

:func:`lmc_geo.build.postgis.load` (``python -m lmc_geo load-postgis``) builds all of it as ``lmc_load`` in one
transaction and swaps it for ``lmc`` at the end: a failed or killed load leaves the database as it
was, and loading twice gives the same database.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import json
import logging
import os
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import geopandas as gpd
import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.ipc as paipc
from psycopg import sql as psql
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError, ProgrammingError

from lmc_geo import paths
from lmc_geo.i18n import Text, said
from lmc_geo.validate import DataFileError

LOG = logging.getLogger(__name__)

ENV = "LMC_DATABASE_URL"
SCHEMA = "lmc"
LOADING = "lmc_load"
SCHEMA_VERSION = 2
LOAD_COMMAND = "python -m lmc_geo load-postgis"
#: The small files of data/ kept as documents (their path inside data/).
DOCUMENTS = ("projects.csv", "series/sources.csv", "series/datums.csv", "layers/dam_source_values.csv",
             "build_notes.json", "QUALITY.md")
#: How long a process trusts the versions it read (a change shows in every process within this).
VERSIONS_TTL_S = 1.0


class DatabaseUnavailable(DataFileError):
    """The database cannot be reached or refuses the login: the message names host and database only."""

    def __init__(self, database_url: str | None = None):
        self.where = where(database_url)
        super().__init__(Path(self.where), Text.of("datafile.db_unreachable", where=self.where, env=ENV))

    def message(self, lang: str = "en") -> str:
        return said(self.problem, lang)


_files_only = contextvars.ContextVar("lmc_files_only", default=False)


def url() -> str | None:
    """The database URL from ``LMC_DATABASE_URL``, or None for the embedded store."""
    return os.environ.get(ENV) or None


def enabled() -> bool:
    """Whether the loaders read the database (a URL is set, outside :func:`reading_files`)."""
    return url() is not None and not _files_only.get()


@contextlib.contextmanager
def reading_files():
    """Within this block the loaders read ``data/`` even with a database set (the load reads the files)."""
    token = _files_only.set(True)
    try:
        yield
    finally:
        _files_only.reset(token)


# ---------------------------------------------------------------- one door for the small files
def data_exists(path: Path) -> bool:
    """Whether a data file exists: in the database when it is the backend, else on disk."""
    return exists(path) if enabled() else Path(path).is_file()


def data_bytes(path: Path) -> bytes:
    """A data file's content, from the database when it is the backend (FileNotFoundError if absent)."""
    return read_bytes(path) if enabled() else Path(path).read_bytes()


def data_version(path: Path) -> tuple[int, int]:
    """The cache key of a data file's content: its database version, or its mtime and size."""
    return version(path) if enabled() else paths.file_version(Path(path))


def where(database_url: str | None = None) -> str:
    """``host:port/dbname`` of a URL, never the user's password.

    >>> where("postgresql://atlas:secret@db.example:5433/lmc")
    'db.example:5433/lmc'
    """
    parts = urlsplit(database_url or url() or "")
    host = parts.hostname or "localhost"
    return f"{host}:{parts.port or 5432}/{parts.path.lstrip('/') or '?'}"


def _sqlalchemy_url(database_url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if database_url.startswith(prefix):
            return "postgresql+psycopg://" + database_url[len(prefix):]
    return database_url


_engines: dict[str, object] = {}
_engine_lock = threading.Lock()


def engine(database_url: str | None = None):
    """The process's SQLAlchemy engine for the URL (a small pool, connections checked before use)."""

    database_url = database_url or url()
    if not database_url:
        raise DatabaseUnavailable(database_url)
    with _engine_lock:
        if database_url not in _engines:
            made = create_engine(_sqlalchemy_url(database_url), pool_size=4, max_overflow=4,
                                 connect_args={"connect_timeout": 5})
            event.listen(made, "checkout", _closed_by_server)
            _engines[database_url] = made
        return _engines[database_url]


def _closed_by_server(dbapi_connection, _record, _proxy) -> None:
    """Replace a pooled connection the server has closed (a restart, a terminated backend, an idle
    timeout) before it is used, without a round trip: whatever the server sent while the connection
    sat in the pool is read without waiting (the goodbye, then the end of the stream), and a closed
    one is swapped for a new connection by the pool (a server that refuses the new one is reported
    as unreachable, as ever)."""
    pgconn = dbapi_connection.pgconn
    try:
        for _ in range(2):  # the server's last message, then the closed socket
            pgconn.consume_input()
    except psycopg.OperationalError:
        raise DisconnectionError() from None
    if dbapi_connection.closed or pgconn.status != psycopg.pq.ConnStatus.OK:
        raise DisconnectionError()


#: After a failed connection, calls within this many seconds fail at once (a page run makes many).
RETRY_AFTER_S = 5.0
_down: dict[str, float] = {}


def connect(database_url: str | None = None):
    """A pooled connection; :class:`DatabaseUnavailable` (host and database named) if none can be made."""
    database_url = database_url or url()
    if time.monotonic() < _down.get(database_url or "", 0.0):
        raise DatabaseUnavailable(database_url)
    try:
        return engine(database_url).connect()
    except OperationalError as exc:  # the driver's words (which may name the user) go to the log only
        LOG.warning("database %s unreachable: %s", where(database_url), exc.orig)
        _down[database_url or ""] = time.monotonic() + RETRY_AFTER_S
        raise DatabaseUnavailable(database_url) from None


@contextlib.contextmanager
def reading(table: str):
    """Database errors of a read as a viewer's message: a missing table named with the command to run,
    anything else (a dropped connection, a server gone) as :class:`DatabaseUnavailable`."""
    try:
        yield
    except DataFileError:
        raise
    except psycopg.errors.UndefinedTable:  # the driver's own cursor (the series reads)
        raise _table_error(table) from None
    except psycopg.Error as exc:
        LOG.warning("database %s: reading %s failed: %s", where(), table, exc)
        raise DatabaseUnavailable() from None
    except (ProgrammingError, pd.errors.DatabaseError) as exc:
        cause = exc.__cause__ if isinstance(exc, pd.errors.DatabaseError) else exc
        if isinstance(cause, ProgrammingError):
            raise _table_error(table) from None
        LOG.warning("database %s: reading %s failed: %s", where(), table, exc)
        raise DatabaseUnavailable() from None
    except DBAPIError as exc:
        LOG.warning("database %s: reading %s failed: %s", where(), table, exc)
        raise DatabaseUnavailable() from None


def check(database_url: str | None = None) -> None:
    """Raise :class:`DatabaseUnavailable` (host and database named) unless the database answers."""

    with connect(database_url) as con:
        con.execute(text("SELECT 1"))


# ---------------------------------------------------------------- what the loaders ask
def _table_error(table: str) -> DataFileError:
    return DataFileError(Path(f"{SCHEMA}.{table}"), Text.of("datafile.db_table_missing", command=LOAD_COMMAND))


_versions: dict = {"at": 0.0, "values": None, "url": None}
_versions_lock = threading.Lock()


def versions() -> dict[str, int]:
    """Each dataset's version (read at most every :data:`VERSIONS_TTL_S` seconds per process)."""

    now = time.monotonic()
    with _versions_lock:
        if _versions["values"] is not None and now - _versions["at"] < VERSIONS_TTL_S and _versions["url"] == url():
            return _versions["values"]
    error = None
    try:  # unreachable or not loaded: no versions (cache keys stay cheap); exists() says why
        with connect() as con:
            rows = con.execute(text(f"SELECT dataset, version FROM {SCHEMA}.versions")).all()
    except DatabaseUnavailable as exc:
        rows, error = [], exc
    except (DataFileError, DBAPIError, pd.errors.DatabaseError):
        rows = []
    values = {dataset: int(version) for dataset, version in rows}
    with _versions_lock:
        _versions.update(at=now, values=values, url=url(), error=error)
    return values


def forget_versions() -> None:
    """Read the versions again at the next call (after this process changed a dataset)."""
    with _versions_lock:
        _versions["values"] = None


def relative(path: Path | str) -> str:
    """A data file's path inside data/ (the dataset's name in the database)."""
    return paths.shown_path(path)


def version(path: Path | str) -> tuple[int, int]:
    """The cache key of a data file in the database: ``(version, 0)``, ``(0, 0)`` when absent."""
    return (versions().get(relative(path), 0), 0)


def exists(path: Path | str) -> bool:
    """Whether the database holds this dataset; :class:`DatabaseUnavailable` if it cannot be asked."""
    found = relative(path) in versions()
    if not found and _versions.get("error") is not None:
        raise _versions["error"]
    return found


def read_bytes(path: Path | str) -> bytes:
    """A document's content (FileNotFoundError when the database has none by that name)."""

    name = relative(path)
    with reading("documents"):
        with connect() as con:
            row = con.execute(text(f"SELECT body FROM {SCHEMA}.documents WHERE name = :n"), {"n": name}).first()
    if row is None:
        raise FileNotFoundError(2, "not in the database", name)
    return bytes(row[0])


def read_layer(name: str):
    """A map layer as a GeoDataFrame, as the GeoParquet file has it."""

    with reading(name):
        with connect() as con:
            frame = gpd.read_postgis(f'SELECT * FROM {SCHEMA}."{name}" ORDER BY _row', con, geom_col="geometry")
            row = con.execute(text(f"SELECT body FROM {SCHEMA}.documents WHERE name = :n"),
                              {"n": dtypes_document(name)}).first()
    frame = frame.drop(columns="_row")
    kept = json.loads(bytes(row[0])) if row else {}
    for column, kind in kept.items():  # the file's column types (nullable integers, booleans)
        if column not in frame:
            continue
        if kind["dtype"] in _TYPED and str(frame[column].dtype) != kind["dtype"]:
            frame[column] = frame[column].astype(kind["dtype"])
        elif not kind["na"] and frame[column].isna().any():  # COPY stores an empty text as NULL
            frame[column] = frame[column].fillna("")
    return frame


#: Column types a table read gives differently from the GeoParquet file, restored as the file has them.
_TYPED = {"Int64", "Int32", "int64", "int32", "boolean", "bool", "float64"}


def dtypes_document(layer: str) -> str:
    """The document holding a layer's column types (the load writes it beside the table)."""
    return f"layers/{layer}.dtypes.json"


def series_rows(variable: str, station_id: str | None = None, columns=("date", "value", "quality", "source", "flag"),
                date=None, doys: tuple[int, ...] | None = None) -> pa.Table:
    """Rows of ``lmc.series`` for one variable (one station, one day or days of year), oldest first.

    One station's whole record comes from ``lmc.series_records``: one row, one round trip."""

    if station_id is not None and date is None and doys is None and "station_id" not in columns \
            and "variable" not in columns:
        return station_record(variable, station_id, columns)
    conditions = [psql.SQL("variable = {}").format(psql.Literal(variable))]
    if station_id is not None:
        conditions.append(psql.SQL("station_id = {}").format(psql.Literal(str(station_id))))
    if date is not None:
        conditions.append(psql.SQL("date = {}").format(psql.Literal(date)))
    if doys is not None:
        conditions.append(psql.SQL("extract(doy FROM date)::int = ANY({})").format(
            psql.Literal([int(d) for d in doys])))
    query = psql.SQL("COPY (SELECT {} FROM {}.series WHERE {} ORDER BY station_id, date) TO STDOUT "
                     "WITH (FORMAT csv)").format(psql.SQL(", ").join(map(psql.Identifier, columns)),
                                                 psql.Identifier(SCHEMA), psql.SQL(" AND ").join(conditions))
    if not exists(paths.series_path(variable)):
        raise FileNotFoundError(2, "no series in the database", relative(paths.series_path(variable)))
    with reading("series"), connect() as con:
        # The rows as CSV straight from the server into Arrow's parser: no Python object per value.
        raw = con.connection.driver_connection
        with raw.cursor() as cur, cur.copy(query) as copy:
            body = b"".join(bytes(chunk) for chunk in copy)
    schema = pa.schema([(c, _SERIES_TYPES[c]) for c in columns])
    if not body:
        return schema.empty_table()
    return pacsv.read_csv(io.BytesIO(body), read_options=pacsv.ReadOptions(column_names=list(columns)),
                          convert_options=pacsv.ConvertOptions(column_types=schema, strings_can_be_null=False,
                                                               quoted_strings_can_be_null=False))


_SERIES_TYPES = {"station_id": pa.string(), "date": pa.date32(), "value": pa.float64(), "quality": pa.string(),
                 "source": pa.string(), "flag": pa.string(), "variable": pa.string()}
#: The columns of a station's record in ``lmc.series_records`` (its key columns are the row's).
RECORD_SCHEMA = pa.schema([(c, _SERIES_TYPES[c]) for c in ("date", "value", "quality", "source", "flag")])
_RECORD_WRITE = paipc.IpcWriteOptions(compression="lz4")


def record_body(rows: pa.Table) -> bytes:
    """A station's rows (``RECORD_SCHEMA``, oldest first) as kept in ``lmc.series_records``."""
    sink = pa.BufferOutputStream()
    with paipc.new_stream(sink, RECORD_SCHEMA, options=_RECORD_WRITE) as writer:
        writer.write_table(rows.select(RECORD_SCHEMA.names).cast(RECORD_SCHEMA).combine_chunks())
    return sink.getvalue().to_pybytes()


def station_record(variable: str, station_id: str, columns=RECORD_SCHEMA.names) -> pa.Table:
    """One station's rows of one variable, oldest first: its row of ``lmc.series_records``."""

    if not exists(paths.series_path(variable)):
        raise FileNotFoundError(2, "no series in the database", relative(paths.series_path(variable)))
    with reading("series_records"), connect() as con:
        # Autocommit: the one statement is the only round trip (no BEGIN before it, no ROLLBACK after).
        raw = con.execution_options(isolation_level="AUTOCOMMIT").connection.driver_connection
        try:
            with raw.cursor(binary=True) as cur:
                cur.execute(f"SELECT body FROM {SCHEMA}.series_records WHERE variable = %s AND station_id = %s",
                            (variable, str(station_id)))
                row = cur.fetchone()
        except psycopg.OperationalError:
            con.invalidate()  # not back to the pool
            raise
    if row is None:
        return pa.schema([(c, _SERIES_TYPES[c]) for c in columns]).empty_table()
    return paipc.open_stream(row[0]).read_all().select(list(columns))


def unknown_stations(variable: str, known_ids) -> list[str]:
    """Station ids of a variable's rows that are not in ``known_ids`` (none checked when it is None)."""
    if known_ids is None:
        return []
    with reading("series"):
        with connect() as con:
            rows = con.execute(text(f"SELECT DISTINCT station_id FROM {SCHEMA}.series WHERE variable = :v "
                                    f"AND NOT (station_id = ANY(:k)) ORDER BY 1"),
                               {"v": variable, "k": [str(i) for i in known_ids]}).scalars().all()
    return list(rows)


def series_catalogue() -> pd.DataFrame:
    """``station_id, variable, first_date, last_date, n_days`` of the valued days, as the store's."""

    sql = (f"SELECT station_id, variable, min(date) AS first_date, max(date) AS last_date, count(*) AS n_days "
           f"FROM {SCHEMA}.series WHERE quality <> 'missing' AND value <> 'NaN' "
           f"GROUP BY station_id, variable ORDER BY station_id, variable")
    with reading("series"):
        with connect() as con:
            return pd.read_sql(text(sql), con)


# ---------------------------------------------------------------- the schema and the load
def ddl(schema: str) -> list[str]:
    return [
        f"CREATE SCHEMA {schema}",
        f"CREATE TABLE {schema}.schema_version (version integer NOT NULL)",
        f"INSERT INTO {schema}.schema_version VALUES ({SCHEMA_VERSION})",
        f"CREATE TABLE {schema}.versions (dataset text PRIMARY KEY, version bigint NOT NULL)",
        f"CREATE TABLE {schema}.documents (name text PRIMARY KEY, body bytea NOT NULL)",
        f"CREATE TABLE {schema}.series (station_id text NOT NULL, variable text NOT NULL, date date NOT NULL, "
        f"value double precision, quality text NOT NULL, source text NOT NULL, flag text NOT NULL DEFAULT '')",
        f"CREATE TABLE {schema}.series_records (station_id text NOT NULL, variable text NOT NULL, "
        f"n_days integer NOT NULL, body bytea NOT NULL, PRIMARY KEY (station_id, variable))",
        # Compressed already: stored out of line as it is, not compressed again (nor unpacked on read).
        f"ALTER TABLE {schema}.series_records ALTER COLUMN body SET STORAGE EXTERNAL",
    ]


def write_projects_table(con, schema: str, registry: pd.DataFrame) -> None:
    """``schema.projects``: the registry with point geometry, for GIS use (the app reads the document)."""

    frame = pd.DataFrame(registry).assign(countries=registry["countries"].map(",".join))
    frame = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=4326)
    frame.to_postgis("projects", con, schema=schema, index=False, if_exists="replace")


def write_registry(content: bytes, registry: pd.DataFrame) -> None:
    """Replace the project registry in one transaction: its document, its table and its version.

    The previous list is kept as a document ``backups/projects-<version>.csv`` in the same transaction.
    """
    with reading("documents"), connect() as con, con.begin():
        con.execute(text(f"INSERT INTO {SCHEMA}.documents SELECT 'backups/projects-' || v.version || '.csv', d.body "
                         f"FROM {SCHEMA}.documents d JOIN {SCHEMA}.versions v ON v.dataset = d.name "
                         f"WHERE d.name = 'projects.csv' AND d.body <> :b ON CONFLICT (name) DO NOTHING"),
                    {"b": content})
        con.execute(text(f"INSERT INTO {SCHEMA}.documents VALUES ('projects.csv', :b) "
                         f"ON CONFLICT (name) DO UPDATE SET body = EXCLUDED.body"), {"b": content})
        write_projects_table(con, SCHEMA, registry)
        con.execute(text(f"INSERT INTO {SCHEMA}.versions VALUES ('projects.csv', :v) ON CONFLICT (dataset) "
                         f"DO UPDATE SET version = EXCLUDED.version"), {"v": time.time_ns()})
    forget_versions()


def current_registry(database_url: str | None = None) -> bytes | None:
    """The registry the database holds now (None when it holds none or is not loaded yet)."""
    try:
        with connect(database_url) as con:
            row = con.execute(text(f"SELECT body FROM {SCHEMA}.documents WHERE name = 'projects.csv'")).first()
    except ProgrammingError:
        return None
    return bytes(row[0]) if row else None


def schema_problem(lang: str = "en") -> str | None:
    """None when the database holds this schema version; else what is wrong and the command to run."""
    try:
        with connect() as con:
            found = con.execute(text(f"SELECT version FROM {SCHEMA}.schema_version")).scalar()
    except DatabaseUnavailable as exc:
        return exc.message(lang)
    except ProgrammingError:
        return said(Text.of("datafile.db_not_loaded", where=where(), command=LOAD_COMMAND), lang)
    except DBAPIError:
        return DatabaseUnavailable().message(lang)
    if found != SCHEMA_VERSION:
        return said(Text.of("datafile.db_old_schema", where=where(), found=found, expected=SCHEMA_VERSION,
                            command=LOAD_COMMAND), lang)
    return None
