"""Cache at one seam: ``st.cache_data`` around the undecorated core loaders.

Keys are small normalised arguments plus the file's version (mtime in ns and size), so a rebuilt or
imported file is picked up without a restart.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from lmc_geo import loaders
from lmc_geo.validate import DataFileError


@st.cache_data(show_spinner=False, max_entries=64)
def _layer(name: str, version: tuple[int, int], data_dir: str) -> gpd.GeoDataFrame:
    from pathlib import Path

    return loaders.read_layer(name, Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=8)
def _projects(version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    return loaders.read_projects(Path(data_dir))


def layer(name: str) -> tuple[gpd.GeoDataFrame | None, str | None]:
    """(frame, None) or (None, message naming the file and problem)."""
    from lmc_geo import paths

    try:
        return _layer(name, loaders.layer_version(name), str(paths.data_dir())), None
    except DataFileError as exc:
        return None, str(exc)


def projects() -> tuple[pd.DataFrame | None, str | None]:
    """The project registry, or (None, message)."""
    from lmc_geo import paths

    try:
        return _projects(loaders.projects_version(), str(paths.data_dir())), None
    except DataFileError as exc:
        return None, str(exc)


# ---------------------------------------------------------------- daily series (DuckDB store)
def _series_version(variable: str) -> tuple[int, int]:
    from lmc_geo.hydrology import store

    from lmc_geo.paths import file_version

    return file_version(store.series_path(variable))


@st.cache_data(show_spinner=False, max_entries=256)
def _station_series(station_id: str, variable: str, version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    from lmc_geo.hydrology import store

    return store.station_series(station_id, variable, base=Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=256)
def _doy_band(station_id: str, variable: str, version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    from lmc_geo.hydrology import store

    return store.doy_band(station_id, variable, base=Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=64)
def _values_on(date: str, variable: str, version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    from lmc_geo.hydrology import store

    return store.values_on(date, variable, base=Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=8)
def _series_catalogue(versions: tuple, data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    from lmc_geo.hydrology import store

    return store.stations_with_series(base=Path(data_dir))


def _guard(fn, *args) -> tuple[pd.DataFrame | None, str | None]:
    from lmc_geo import paths

    try:
        return fn(*args, str(paths.data_dir())), None
    except FileNotFoundError as exc:
        return None, f"{exc.filename or exc}: file not found (run `make data`)"
    except Exception as exc:  # a corrupt Parquet file: name it, keep the page alive
        return None, f"daily series could not be read ({type(exc).__name__}: {exc})"


def station_series(station_id: str, variable: str) -> tuple[pd.DataFrame | None, str | None]:
    """One station's full daily record (date, value, quality, source), or (None, message)."""
    return _guard(_station_series, station_id, variable, _series_version(variable))


def doy_band(station_id: str, variable: str) -> tuple[pd.DataFrame | None, str | None]:
    """Day-of-year band (min, p10, p50, p90, max, mean) of one station, or (None, message)."""
    return _guard(_doy_band, station_id, variable, _series_version(variable))


def values_on(date: str, variable: str = "water_level_m") -> tuple[pd.DataFrame | None, str | None]:
    """Every station's value on one day (ISO date), or (None, message)."""
    return _guard(_values_on, str(date), variable, _series_version(variable))


def series_catalogue() -> tuple[pd.DataFrame | None, str | None]:
    """Which station has which variable, first and last date, number of days."""
    from lmc_geo.schema import VARIABLES

    versions = tuple(_series_version(v) for v in VARIABLES)
    return _guard(_series_catalogue, versions)


# ---------------------------------------------------------------- series metadata, checks, map status
def _data_dir() -> str:
    from lmc_geo import paths

    return str(paths.data_dir())


@st.cache_data(show_spinner=False, max_entries=4)
def _sources(version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    from lmc_geo.hydrology import meta as series_meta

    return series_meta.read_sources(Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=4)
def _datums(version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    from lmc_geo.hydrology import meta as series_meta

    return series_meta.read_datums(Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=12)
def _check(variable: str, version: tuple[int, int], known_ids: tuple, data_dir: str):
    from pathlib import Path

    from lmc_geo.hydrology import meta as series_meta

    return series_meta.inspect_series(variable, known_ids, Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=12)
def _file_catalogue(variable: str, version: tuple[int, int], known_ids: tuple, exclude: tuple, data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    from lmc_geo.hydrology import meta as series_meta

    return series_meta.series_catalogue(variable, known_ids, exclude, Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=400)
def _p10(doy: int, version: tuple[int, int], data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    from lmc_geo.hydrology import store

    return store.p10_on(doy, Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=64)
def _travel(ids: tuple, variable: str, version: tuple[int, int], data_dir: str, stations: pd.DataFrame) -> pd.DataFrame:
    from lmc_geo.hydrology import charts as hydro_charts

    frames = {}
    for sid in ids:
        df, err = numeric_series(sid, variable)
        if df is not None and not err:
            frames[sid] = df
    return hydro_charts.travel_times(frames, stations)


def series_sources() -> tuple[pd.DataFrame | None, str | None]:
    """``series/sources.csv`` indexed by source key, or (None, message naming the file)."""
    from lmc_geo.hydrology import meta as series_meta

    try:
        return _sources(series_meta.file_version(series_meta.sources_path()), _data_dir()), None
    except DataFileError as exc:
        return None, str(exc)


def series_datums() -> tuple[pd.DataFrame | None, str | None]:
    """``series/datums.csv`` (gauge datum per station and variable), or (None, message)."""
    from lmc_geo.hydrology import meta as series_meta

    try:
        return _datums(series_meta.file_version(series_meta.datums_path()), _data_dir()), None
    except DataFileError as exc:
        return None, str(exc)


def series_check(variable: str, known_ids: tuple[str, ...]):
    """:func:`lmc_geo.hydrology.meta.inspect_series` of one series file, until the file changes."""
    return _check(variable, _series_version(variable), tuple(known_ids), _data_dir())


def file_catalogue(variable: str, known_ids: tuple[str, ...], exclude: tuple[str, ...]) -> pd.DataFrame:
    """The pandas catalogue of one series file (:func:`lmc_geo.hydrology.meta.series_catalogue`); raises DataFileError."""
    return _file_catalogue(variable, _series_version(variable), tuple(known_ids), tuple(exclude), _data_dir())


def p10_on(doy: int, variable: str = "water_level_m") -> tuple[pd.DataFrame | None, str | None]:
    """Every station's day-of-year 10th percentile of record (:func:`lmc_geo.hydrology.store.p10_on`), or (None, message)."""
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


def travel_times(ids: tuple[str, ...], variable: str, stations: pd.DataFrame) -> pd.DataFrame:
    """:func:`lmc_geo.hydrology.charts.travel_times` of the stations ``ids`` (``stations``: id, name, river_km)."""
    return _travel(tuple(ids), variable, _series_version(variable), _data_dir(), stations)


# ---------------------------------------------------------------- the basin map's per-draw inputs
@st.cache_data(show_spinner=False, max_entries=16)
def _layer_texts(versions: tuple, data_dir: str) -> dict[str, str]:
    from pathlib import Path

    from lmc_geo.maps.basin_map import BASE_COLUMNS, geojson_text

    out = {}
    for name, columns in BASE_COLUMNS.items():
        try:
            out[name] = geojson_text(loaders.read_layer(name, Path(data_dir)), columns)
        except DataFileError:
            continue  # the map reports the broken layer from its own load
    return out


def layer_texts() -> dict[str, str]:
    """The map's base layers as GeoJSON text, converted once per file version."""
    from lmc_geo import paths
    from lmc_geo.maps.basin_map import BASE_COLUMNS

    versions = tuple(loaders.layer_version(name) for name in BASE_COLUMNS)
    return _layer_texts(versions, str(paths.data_dir()))


@st.cache_data(show_spinner=False, max_entries=128)
def _status_all(date: str, versions: tuple, data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    from lmc_geo.hydrology import meta as series_meta

    from lmc_geo.hydrology import status

    from lmc_geo.hydrology import store

    base = Path(data_dir)
    stations = loaders.read_layer("stations", base)
    values = store.values_on(date, "water_level_m", base=base)
    p10 = store.p10_on(status.doy_of(date), base=base)
    sources, datums = series_meta.read_sources(base), series_meta.read_datums(base)
    shift_p10 = {}  # records with a datum shift: compared with themselves since the shift
    for sid in stations["station_id"].astype(str):
        info = series_meta.datum_of(datums, sid, "water_level_m")
        if info["datum_shift"]:
            daily = store.station_series(sid, "water_level_m", base=base)
            shift_p10[sid] = status.p10_since_shift(daily, info["shift_years"], date)
    return status.station_status_on(stations, values, p10, date, datums,
                                    filled_sources=series_meta.gap_filled_sources(sources), shift_p10=shift_p10)


def station_status(date: str) -> tuple[pd.DataFrame | None, str | None]:
    """Status of every station on ``date`` (:func:`lmc_geo.hydrology.status.station_status_on`), once per day and file version."""
    from lmc_geo import paths
    from lmc_geo.hydrology import meta as series_meta

    versions = (
        _series_version("water_level_m"),
        loaders.layer_version("stations"),
        series_meta.file_version(series_meta.sources_path()),
        series_meta.file_version(series_meta.datums_path()),
    )
    try:
        return _status_all(str(date), versions, str(paths.data_dir())), None
    except FileNotFoundError as exc:
        return None, f"{exc.filename or exc}: file not found (run `make data`)"
    except Exception as exc:  # a corrupt series or metadata file: name it, keep the map
        return None, f"gauge status could not be computed ({type(exc).__name__}: {exc})"
