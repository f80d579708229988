"""Cache at one seam: ``st.cache_data`` around the undecorated core loaders.

Keys are small normalised arguments plus the file's version (mtime in ns and size), so a rebuilt or
imported file is picked up without a restart.

The frames every page run reads (layers, the registry, a station's record and band, a day's values
and status, the series catalogue) are kept by ``memo.shared``: one object shared by every session,
not a copy per call (copying them was a tenth of the server's time under load), looked up by the
arguments without Streamlit's hashing of them on every call. They are read-only:
callers derive new frames (pandas' copy-on-write keeps the shared one intact) and never assign into
them; ``tests/app/test_shared_frames.py`` checks that every page leaves them as loaded.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import threading
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import streamlit as st
from streamlit.runtime import Runtime

from lmc_geo import database, heap, i18n, install, loaders, memo, paths, timeline, tour
from lmc_geo.dams import charts as dam_charts
from lmc_geo.dams import registry as dams
from lmc_geo.filters import isin
from lmc_geo.hydrology import compare, status, store
from lmc_geo.hydrology import meta as series_meta
from lmc_geo.i18n import t
from lmc_geo.maps.basin_map import BASE_COLUMNS, geojson_text
from lmc_geo.projects import registry as project_registry
from lmc_geo.schema import VARIABLES
from lmc_geo.ui import map_component, state
from lmc_geo.validate import DataFileError

LOG = logging.getLogger(__name__)


def _message(exc: DataFileError) -> str:
    """A broken file's problem for this session's reader: in their language, without the server's folders."""
    return exc.message(state.lang())


def _data_dir() -> str:
    """The data folder as a cache key (a string, hashed cheaply)."""
    return str(paths.data_dir())


@st.cache_data(show_spinner=False, max_entries=64)
def _layer(name: str, version: tuple[int, int], data_dir: str) -> gpd.GeoDataFrame:
    return loaders.read_layer(name, Path(data_dir))


@memo.shared(8)  # shared, read-only
def _projects(version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    return loaders.read_projects(Path(data_dir))


@memo.shared(64)  # shared, read-only
def _named_layer(name: str, lang: str, version: tuple[int, int], data_dir: str) -> gpd.GeoDataFrame:
    return i18n.localised_names(_layer(name, version, data_dir), lang)


def layer(name: str, lang: str = i18n.DEFAULT_LANG) -> tuple[gpd.GeoDataFrame | None, str | None]:
    """(frame, None) or (None, message naming the file and problem); names in ``lang`` where known."""
    try:
        return _named_layer(name, lang, loaders.layer_version(name), _data_dir()), None
    except DataFileError as exc:
        return None, _message(exc)


def projects() -> tuple[pd.DataFrame | None, str | None]:
    """The project registry, or (None, message)."""
    try:
        return _projects(loaders.projects_version(), _data_dir()), None
    except DataFileError as exc:
        return None, _message(exc)


# ---------------------------------------------------------------- once per server process
@st.cache_resource(show_spinner=False)
def _recovered(data_dir: str) -> tuple[str, ...]:
    done = install.recover(Path(data_dir), paths.BUILD_OUTPUTS)
    registry_file = paths.projects_path(Path(data_dir))
    done += [f"removed {p.name}" for p in project_registry.remove_stale_temporaries(registry_file)]
    for line in done:
        LOG.warning("data folder at start: %s", line)
    return tuple(done)


@st.cache_resource(show_spinner=False)
def _trimming() -> bool:
    _log_to_server()
    return heap.start(before=drop_expired_sessions) is not None


def _log_to_server() -> None:
    """The project's own information lines (sessions dropped, memory trimmed, data recovered) in the
    server's log beside Streamlit's; warnings and errors went there already."""
    logger = logging.getLogger("lmc_geo")
    if any(getattr(h, "lmc_server_log", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.lmc_server_log = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def drop_expired_sessions(wait_s: float = 10.0) -> int:
    """Drop the closed sessions Streamlit keeps for a reconnect once their time is up; returns how many.

    Streamlit keeps a closed session ``server.disconnectedSessionTTL`` seconds (120) in a cache
    that removes an expired entry only when it is next written: with no new viewer arriving, every
    session of a forum's audience would stay in memory. This asks that cache, on Streamlit's own
    event loop (its only thread), to remove its expired entries; the objects are then collected.
    """
    if not Runtime.exists():
        return 0
    runtime = Runtime.instance()
    storage = getattr(getattr(runtime, "_session_mgr", None), "_session_storage", None)
    expire = getattr(getattr(storage, "_cache", None), "expire", None)
    loop = getattr(getattr(runtime, "_async_objs", None), "eventloop", None)
    if expire is None or loop is None or loop.is_closed():
        return 0  # another Streamlit: its sessions go as it lets them
    done = threading.Event()
    removed: list = []

    def on_loop() -> None:
        try:
            removed.extend(expire())
        finally:
            done.set()

    loop.call_soon_threadsafe(on_loop)
    done.wait(wait_s)
    count = len(removed)
    removed.clear()
    if count:
        gc.collect()  # a session's objects refer to each other: the cycles go in a full collection
        LOG.info("memory: dropped %d closed sessions", count)
    return count


def trim_memory() -> bool:
    """Once per server process: give freed memory back to the system every minute (:mod:`lmc_geo.heap`)."""
    return _trimming()


def recover_data_folder() -> tuple[str, ...]:
    """At the server's first run: finish a data install a killed ``make data`` committed, and sweep
    the hidden files killed builds and imports left (:mod:`lmc_geo.install`). Once per data folder."""
    try:
        return _recovered(_data_dir())
    except OSError:  # a read-only data folder: nothing can be finished here; the pages say what is missing
        LOG.exception("the data folder could not be checked at start")
        return ()


@st.cache_data(show_spinner=False, ttl=5, max_entries=4)
def _database_status(database_url: str, lang: str) -> tuple[str | None, bool]:
    try:
        database.check(database_url)
    except database.DatabaseUnavailable as exc:
        return exc.message(lang), False
    return database.schema_problem(lang), True


def database_status() -> tuple[str | None, bool]:
    """With the shared database as the backend: (what is wrong with it for a viewer, or None; whether
    it answers). Unreachable, refused, not loaded, an older schema. Checked at most every 5 seconds."""
    if not database.enabled():
        return None, True
    return _database_status(database.url(), state.lang())


#: How many page runs of this process may execute at once (``LMC_RUN_SLOTS``; 0 = no limit). Python
#: runs one thread at a time: with 30 viewers' runs all started at once, each crawled and page-load
#: p95 was 2.5-3.4 s; two at a time with the rest queued, 1.4-1.6 s, and more runs done (make loadtest,
#: 30 sessions, this machine). Two, not one: a run waiting on the database or a file lets another go.
RUN_SLOTS_ENV = "LMC_RUN_SLOTS"
DEFAULT_RUN_SLOTS = 2


@st.cache_resource(show_spinner=False)
def _run_slots(n: int):
    return threading.BoundedSemaphore(n) if n > 0 else contextlib.nullcontext()


def run_slot():
    """A context manager a page run holds while it runs: at most ``LMC_RUN_SLOTS`` (default 2) runs of
    this process execute at once and the others wait their turn, instead of all sharing one
    interpreter lock at once."""
    try:
        n = int(os.environ.get(RUN_SLOTS_ENV, DEFAULT_RUN_SLOTS))
    except ValueError:
        n = DEFAULT_RUN_SLOTS
    return _run_slots(n)


# ---------------------------------------------------------------- figures shared by every session
@memo.shared(256)
def _shared_figure(kind: str, countries: tuple[str, ...], lang: str, versions: tuple, data_dir: str, _build):
    return _drawn_once(_build())


def _drawn_once(fig):
    """``fig`` whose plain form (``to_dict``, what ``st.plotly_chart`` sends) is worked out once:
    plotly otherwise copies the whole figure, arrays included, on every run of every session."""
    to_dict = getattr(fig, "to_dict", None)
    if to_dict is None:
        return fig
    kept: list = []

    def plain() -> dict:
        if not kept:
            kept.append(to_dict())
        return kept[0]

    fig.to_dict = plain  # read-only like the figure: st.plotly_chart only reads it
    return fig


def shared_figure(kind: str, build, countries, lang: str, layers: tuple[str, ...] = (), registry: bool = False,
                  series: tuple[str, ...] = (), key: tuple = ()):
    """The figure ``build()`` makes, made once per view and data version and shared by every session.

    The figure is read-only: ``st.plotly_chart`` copies it before sending, and callers must not change
    it. ``kind`` names the figure; it is keyed by ``countries``, ``lang``, ``key`` (the rest of what
    the view shows: station, year...) and the versions of the named ``layers``, of the daily
    ``series`` of those variables and of the project registry with ``registry``, so a rebuilt file
    makes it anew. A build that raises is not kept.
    """
    versions = _view_versions(layers, registry, series)
    return _shared_figure(kind, tuple(countries), lang, (versions, tuple(key)), _data_dir(), build)


def _view_versions(layers: tuple[str, ...], registry: bool, series: tuple[str, ...]) -> tuple:
    """The versions of what a view draws: the named layers, the daily series of those variables (with
    their sources and datums) and the project registry with ``registry``."""
    versions = tuple(loaders.layer_version(name) for name in layers)
    versions += tuple(_series_version(variable) for variable in series)
    if series:
        versions += (database.data_version(paths.series_sources_path()),
                     database.data_version(paths.series_datums_path()))
    if registry:
        versions += (loaders.projects_version(),)
    return versions


@memo.shared(48)
def _shared_map(kind: str, view: tuple, versions: tuple, data_dir: str, key: str, returned: tuple, _build):
    return map_component.component_args(_build(), key, returned)


def shared_map(kind: str, build, view: tuple, key: str, returned_objects: tuple[str, ...],
               layers: tuple[str, ...] = (), registry: bool = False, series: tuple[str, ...] = ()):
    """The interactive map ``build()`` makes, rendered once per view and data version for every session
    (:mod:`lmc_geo.ui.map_component`). ``view`` is everything the map shows that is not data (countries,
    language, date, tiles, the chosen ids); the versions are as for :func:`shared_figure`. At most 48
    views are kept (a map's render is 0.1-0.4 MB of text)."""
    return _shared_map(kind, tuple(view), _view_versions(layers, registry, series), _data_dir(), key,
                       tuple(returned_objects), build)


# ---------------------------------------------------------------- daily series (DuckDB store)
def _series_version(variable: str) -> tuple[int, int]:
    return database.data_version(paths.series_path(variable))


@memo.shared(256)  # shared, read-only
def _station_series(station_id: str, variable: str, version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    return store.station_series(station_id, variable, base=Path(data_dir))


@memo.shared(256)  # shared, read-only
def _doy_band(station_id: str, variable: str, version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    return store.doy_band(station_id, variable, base=Path(data_dir))


@memo.shared(64)  # shared, read-only
def _values_on(date: str, variable: str, version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    return store.values_on(date, variable, base=Path(data_dir))


@memo.shared(8)  # shared, read-only
def _series_catalogue(versions: tuple, data_dir: str) -> pd.DataFrame:
    return store.stations_with_series(base=Path(data_dir))


def _guard(fn, *args, variables: tuple[str, ...] = ()) -> tuple[pd.DataFrame | None, str | None]:
    """``fn(*args, data_dir)``, or (None, message naming the series file(s) of ``variables``)."""
    try:
        return fn(*args, _data_dir()), None
    except DataFileError as exc:  # the shared database unreachable, or its table missing: named
        return None, _message(exc)
    except FileNotFoundError as exc:
        return None, t("datafile.series_missing", state.lang(), file=paths.shown_path(exc.filename or "series"))
    except Exception:  # a corrupt Parquet file: say so, keep the page alive (the log has the details)
        LOG.exception("daily series could not be read (%s)", getattr(fn, "__name__", fn))
        return None, t("datafile.series_unreadable", state.lang(), file=_series_files(variables))


def _series_files(variables: tuple[str, ...]) -> str:
    """The damaged series file(s) among those of ``variables`` (all variables when none is named),
    as a viewer may read them; all of them if each opens (the problem is then in their content)."""
    if database.enabled():
        return f"{database.SCHEMA}.series"
    files = [paths.series_path(v) for v in (variables or tuple(VARIABLES))]
    broken = [f for f in files if not _opens_as_parquet(f)] or files
    return ", ".join(paths.shown_path(f) for f in broken)


def _opens_as_parquet(path: Path) -> bool:
    try:
        pq.read_metadata(path)
        return True
    except Exception:
        return False


def station_series(station_id: str, variable: str) -> tuple[pd.DataFrame | None, str | None]:
    """One station's full daily record (date, value, quality, source), or (None, message)."""
    return _guard(_station_series, station_id, variable, _series_version(variable), variables=(variable,))


def doy_band(station_id: str, variable: str) -> tuple[pd.DataFrame | None, str | None]:
    """Day-of-year band (min, p10, p50, p90, max, mean) of one station, or (None, message)."""
    return _guard(_doy_band, station_id, variable, _series_version(variable), variables=(variable,))


def values_on(date: str, variable: str = "water_level_m") -> tuple[pd.DataFrame | None, str | None]:
    """Every station's value on one day (ISO date), or (None, message)."""
    return _guard(_values_on, str(date), variable, _series_version(variable), variables=(variable,))


def series_catalogue() -> tuple[pd.DataFrame | None, str | None]:
    """Which station has which variable, first and last date, number of days."""
    versions = tuple(_series_version(v) for v in VARIABLES)
    return _guard(_series_catalogue, versions)


# ---------------------------------------------------------------- series metadata, checks, map status
@memo.shared(4)  # shared, read-only
def _sources(version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    return series_meta.read_sources(Path(data_dir))


@memo.shared(4)  # shared, read-only
def _datums(version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    return series_meta.read_datums(Path(data_dir))


@memo.shared(12)  # shared, read-only
def _check(variable: str, version: tuple[int, int], known_ids: tuple, data_dir: str):
    return series_meta.inspect_series(variable, known_ids, Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=12)
def _file_catalogue(
    variable: str, version: tuple[int, int], known_ids: tuple, exclude: tuple, data_dir: str
) -> pd.DataFrame:
    return series_meta.series_catalogue(variable, known_ids, exclude, Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=400)
def _p10(doy: int, version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    return store.p10_on(doy, Path(data_dir))


@memo.shared(64)  # shared, read-only
def _travel(ids: tuple, variable: str, version: tuple[int, int], data_dir: str, stations_version,
            _stations: pd.DataFrame) -> pd.DataFrame:
    # Keyed by the stations layer's version, not by the frame (hashing it on every run cost more).
    # Each consecutive pair is worked out once for every choice of stations it is part of.
    readable = tuple(sid for sid in ids if numeric_series(sid, variable)[0] is not None)
    pairs = [_travel_pair(up, down, variable, version, data_dir, stations_version, _stations)
             for up, down in compare.upstream_pairs(_stations, readable)]
    found = [p for p in pairs if not p.empty]
    if not found:
        return compare.travel_times({}, _stations)
    return pd.concat(found, ignore_index=True) if len(found) > 1 else found[0]


@memo.shared(256)  # shared, read-only
def _travel_pair(up: str, down: str, variable: str, version: tuple[int, int], data_dir: str, stations_version,
                 _stations: pd.DataFrame) -> pd.DataFrame:
    return compare.travel_times({sid: numeric_series(sid, variable)[0] for sid in (up, down)}, _stations)


def series_sources() -> tuple[pd.DataFrame | None, str | None]:
    """``series/sources.csv`` indexed by source key, or (None, message naming the file)."""
    try:
        return _sources(database.data_version(paths.series_sources_path()), _data_dir()), None
    except DataFileError as exc:
        return None, _message(exc)


def series_datums() -> tuple[pd.DataFrame | None, str | None]:
    """``series/datums.csv`` (gauge datum per station and variable), or (None, message)."""
    try:
        return _datums(database.data_version(paths.series_datums_path()), _data_dir()), None
    except DataFileError as exc:
        return None, _message(exc)


def series_check(variable: str, known_ids: tuple[str, ...]):
    """:func:`lmc_geo.hydrology.meta.inspect_series` of one series file, until the file changes."""
    return _check(variable, _series_version(variable), tuple(known_ids), _data_dir())


def file_catalogue(variable: str, known_ids: tuple[str, ...], exclude: tuple[str, ...]) -> pd.DataFrame:
    """The pandas catalogue of one series file (:func:`lmc_geo.hydrology.meta.series_catalogue`).

    Raises DataFileError.
    """
    return _file_catalogue(variable, _series_version(variable), tuple(known_ids), tuple(exclude), _data_dir())


def p10_on(doy: int, variable: str = "water_level_m") -> tuple[pd.DataFrame | None, str | None]:
    """Every station's day-of-year 10th percentile of record (:func:`lmc_geo.hydrology.store.p10_on`).

    Returns (frame, None) or (None, message).
    """
    try:
        return _p10(int(doy), _series_version(variable), _data_dir()), None
    except Exception as exc:  # corrupt file: the values query may still have worked on its cache
        return None, f"day-of-year percentiles could not be computed ({type(exc).__name__}: {exc})"


def numeric_series(station_id: str, variable: str) -> tuple[pd.DataFrame | None, str | None]:
    """:func:`station_series` with numeric values (a file with text values still serves its good stations)."""
    df, err = station_series(station_id, variable)
    if err or df is None:
        return None, err
    if not pd.api.types.is_float_dtype(df["value"]):
        df = df.assign(value=pd.to_numeric(df["value"], errors="coerce"))
    return df, None


@memo.shared(256)  # shared, read-only
def _shown_daily(station_id: str, variable: str, version: tuple[int, int], data_dir: str, filled: tuple[str, ...],
                 _daily: pd.DataFrame) -> pd.DataFrame:
    return series_meta.aggregate_for_display(_daily, "daily", filled_sources=set(filled))


def shown_daily(station_id: str, variable: str, daily: pd.DataFrame, filled) -> pd.DataFrame:
    """``aggregate_for_display(daily, "daily", filled)`` of the station's :func:`numeric_series` record,
    made once per file version for every session (read-only: the Hydrology page draws several)."""
    return _shown_daily(str(station_id), variable, _series_version(variable), _data_dir(), tuple(sorted(filled)),
                        daily)


def travel_times(ids: tuple[str, ...], variable: str, stations: pd.DataFrame) -> pd.DataFrame:
    """:func:`lmc_geo.hydrology.compare.travel_times` of the stations ``ids`` (``stations``: id, name, river_km)."""
    return _travel(tuple(ids), variable, _series_version(variable), _data_dir(), loaders.layer_version("stations"),
                   stations)


# ---------------------------------------------------------------- the timelines (text in the code)
@memo.shared(16)  # shared, read-only
def timeline_table(which: str, lang: str, both_languages: bool = False, sources: bool = True) -> pd.DataFrame:
    """A timeline as the pages show it (:func:`lmc_geo.timeline.event_table`): ``which`` is
    ``"cooperation"`` or ``"data_sharing"``; without ``sources``, no source column (cited beside it)."""
    events = {"cooperation": timeline.cooperation_events, "data_sharing": timeline.data_sharing_events}[which](lang)
    table = timeline.event_table(events, lang, both_languages)
    return table if sources else table.drop(columns=t("timeline.source", lang))


# ---------------------------------------------------------------- the basin map's per-draw inputs
@st.cache_data(show_spinner=False, max_entries=16)
def _layer_texts(versions: tuple, data_dir: str) -> dict[str, str]:
    out = {}
    for name, columns in BASE_COLUMNS.items():
        try:
            out[name] = geojson_text(loaders.read_layer(name, Path(data_dir)), columns)
        except DataFileError:
            continue  # the map reports the broken layer from its own load
    return out


def layer_texts() -> dict[str, str]:
    """The map's base layers as GeoJSON text, converted once per file version."""
    versions = tuple(loaders.layer_version(name) for name in BASE_COLUMNS)
    return _layer_texts(versions, _data_dir())


@memo.shared(128)  # shared, read-only
def _status_all(date: str, versions: tuple, data_dir: str) -> pd.DataFrame:
    return status.station_status_for(date, Path(data_dir))


def station_status(date: str) -> tuple[pd.DataFrame | None, str | None]:
    """Status of every station on ``date`` (:func:`lmc_geo.hydrology.status.station_status_for`).

    Computed once per day and file version; returns (frame, None) or (None, message).
    """
    versions = (
        _series_version("water_level_m"),
        loaders.layer_version("stations"),
        database.data_version(paths.series_sources_path()),
        database.data_version(paths.series_datums_path()),
    )
    return _guard(_status_all, str(date), versions, variables=("water_level_m",))


# ---------------------------------------------------------------- dams: source values, reaches, per-selection charts
@memo.shared(4)  # shared, read-only
def _source_values(version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    return dams.read_source_values(Path(data_dir))


@memo.shared(4)  # shared, read-only
def _conflicts(version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    return dams.source_conflicts(_source_values(version, data_dir))


def dam_source_values() -> tuple[pd.DataFrame | None, pd.DataFrame | None, str | None]:
    """(values, one row per dam and quantity in dispute, None), or (None, None, message naming the file)."""
    version, data_dir = database.data_version(paths.dam_source_values_path()), _data_dir()
    try:
        return _source_values(version, data_dir), _conflicts(version, data_dir), None
    except DataFileError as exc:
        return None, None, _message(exc)


def dam_conflicts() -> tuple[pd.DataFrame | None, str | None]:
    """:func:`lmc_geo.dams.registry.source_conflicts` of the shipped file, or (None, message)."""
    _, conflicts, err = dam_source_values()
    return conflicts, err


def _dam_versions() -> tuple[tuple[int, int], ...]:
    return tuple(loaders.layer_version(n) for n in ("dams", "rivers", "countries", "stations"))


@st.cache_data(show_spinner=False, max_entries=4)
def _reaches(versions: tuple[tuple[int, int], ...], data_dir: str) -> pd.DataFrame | None:
    return dams.mainstream_reaches(*(layer(n)[0] for n in ("rivers", "countries", "dams", "stations")))


def dam_reaches() -> pd.DataFrame | None:
    """Main-stem reaches by country for the cascade's x-axis (None if a layer is missing)."""
    return _reaches(_dam_versions(), _data_dir())


def _chosen_dams(dam_ids: tuple[str, ...], lang: str) -> pd.DataFrame:
    frame, _ = layer("dams", lang)
    return frame[isin(frame["dam_id"], set(dam_ids))]


# Charts are kept per selection (an SVG text, plotly figures), shared and read-only: revisiting a
# filter state costs a look-up instead of building the figure again (tens of milliseconds).
@memo.shared(64)  # shared, read-only
def _cascade(dam_ids: tuple[str, ...], lang: str, versions: tuple[tuple[int, int], ...], data_dir: str):
    return dam_charts.cascade_view(_chosen_dams(dam_ids, lang), dam_reaches(), lang)


def dam_cascade(dam_ids: tuple[str, ...], lang: str):
    """:func:`lmc_geo.dams.charts.cascade_view` of the dams ``dam_ids``, once per selection and file version."""
    return _cascade(tuple(dam_ids), lang, _dam_versions(), _data_dir())


@memo.shared(64)  # shared, read-only
def _accumulation(
    value: str, dam_ids: tuple[str, ...], lang: str, versions: tuple[tuple[int, int], ...], data_dir: str
):
    return dam_charts.accumulation_view(_chosen_dams(dam_ids, lang), value, lang)


def dam_accumulation(value: str, dam_ids: tuple[str, ...], lang: str):
    """:func:`lmc_geo.dams.charts.accumulation_view` of the dams ``dam_ids``, once per selection and file version."""
    return _accumulation(value, tuple(dam_ids), lang, _dam_versions(), _data_dir())




@memo.shared(4)  # shared, read-only
def _dam_filter_options(version: tuple[int, int], data_dir: str) -> dict[str, list[str]]:
    frame, _ = layer("dams")
    return dams.filter_options(frame)


def dam_filter_options() -> dict[str, list[str]]:
    """The Dams page's filter choices, once per version of the dams layer."""
    return _dam_filter_options(loaders.layer_version("dams"), _data_dir())


# ---------------------------------------------------------------- projects: the outline for the location check
@memo.shared(2)
def _outline(reference: str, data_dir: str, version: tuple[int, int]):
    # A shapely geometry (not a frame), shared read-only by every session.
    return loaders.countries_geometry()


def countries_outline():
    """Outline of the six countries for the import's location check: reference data, else the shipped
    layer (:func:`lmc_geo.loaders.countries_geometry`, as the command line)."""
    return _outline(str(paths.reference_dir()), _data_dir(), loaders.layer_version("countries"))


@st.cache_data(show_spinner=False, max_entries=32)
def _tour_figures(key: str, lang: str, versions: tuple, data_dir: str) -> dict[str, str]:
    scene = next(s for s in tour.SCENES if s.key == key)
    return tour.scene_figures(scene, lang, Path(data_dir))


def tour_figures(key: str, lang: str) -> dict[str, str]:
    """:func:`lmc_geo.tour.scene_figures` of a scene, until a data file changes."""
    versions = (*_dam_versions(), loaders.projects_version(), _series_version("water_level_m"),
                loaders.layer_version("stations"), loaders.layer_version("basin_countries"))
    return _tour_figures(key, lang, versions, _data_dir())
