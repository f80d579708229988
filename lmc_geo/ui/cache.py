"""Cache at one seam: ``st.cache_data`` around the undecorated core loaders.

Keys are small normalised arguments plus the file's mtime, so a rebuilt or
imported file is picked up without a restart.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from lmc_geo import loaders
from lmc_geo.validate import DataFileError


@st.cache_data(show_spinner=False, max_entries=64)
def _layer(name: str, version: float, data_dir: str) -> gpd.GeoDataFrame:
    from pathlib import Path

    return loaders.read_layer(name, Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=8)
def _projects(version: float, data_dir: str) -> pd.DataFrame:
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
def _series_version(variable: str) -> float:
    from lmc_geo import store

    path = store.series_path(variable)
    return path.stat().st_mtime if path.is_file() else 0.0


@st.cache_data(show_spinner=False, max_entries=256)
def _station_series(station_id: str, variable: str, version: float, data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    from lmc_geo import store

    return store.station_series(station_id, variable, base=Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=256)
def _doy_band(station_id: str, variable: str, version: float, data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    from lmc_geo import store

    return store.doy_band(station_id, variable, base=Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=64)
def _values_on(date: str, variable: str, version: float, data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    from lmc_geo import store

    return store.values_on(date, variable, base=Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=8)
def _series_catalogue(versions: tuple, data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    from lmc_geo import store

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

