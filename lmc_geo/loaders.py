"""The one door to the shipped data: plain pandas/geopandas readers, no caching.

Pages and core read data only through these functions, so another store can later
stand behind the same names. Each reader raises :class:`DataFileError` naming
the file and the problem; the UI turns that into a message and keeps the other
layers working.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from lmc_geo import database, paths
from lmc_geo.i18n import Text
from lmc_geo.projects.registry import read_registry, validate_registry
from lmc_geo.schema import COUNTRIES
from lmc_geo.validate import DataFileError, check_columns

#: Layers shipped as GeoParquet, with the columns the app relies on.
LAYER_COLUMNS: dict[str, list[str]] = {
    "countries": ["iso2", "lmc", "name_en", "name_zh", "name_local"],
    "borders": ["left_iso3", "right_iso3"],
    "basin": ["name_en", "area_km2"],
    "basin_countries": ["iso2", "area_km2", "share_pct"],
    "rivers": ["kind", "name_en", "strahler"],
    "river_labels": ["name_en"],
    "lakes": ["name_en", "area_km2"],
    "stations": ["station_id", "name", "iso2", "river", "lat", "lon", "alarm_m", "flood_m", "datum", "has_series"],
    "dams": ["dam_id", "name", "iso2", "status", "capacity_mw", "mainstream", "lat", "lon"],
}


def read_layer(name: str, base: Path | None = None) -> gpd.GeoDataFrame:
    """Read one shipped map layer.

    Parameters
    ----------
    name : str
        A key of :data:`LAYER_COLUMNS`, e.g. ``"dams"``.
    base : Path, optional
        Data folder (default :func:`lmc_geo.paths.data_dir`).

    Raises
    ------
    DataFileError
        If the file is missing, unreadable, lacks a column or has invalid geometry.
    """
    if name not in LAYER_COLUMNS:
        raise KeyError(f"unknown layer {name!r}; known: {', '.join(LAYER_COLUMNS)}")
    path = paths.layer_path(name, base)
    if database.enabled():  # the shared database (LMC_DATABASE_URL), checked as the file is
        frame = database.read_layer(name)
        path = Path(f"{database.SCHEMA}.{name}")
    elif not path.is_file():
        raise DataFileError(path, Text.of("datafile.not_found"))
    else:
        frame = _read_geoparquet(path)
    check_columns(frame, LAYER_COLUMNS[name], path)
    invalid = ~frame.geometry.is_valid | frame.geometry.is_empty | frame.geometry.isna()
    if invalid.any():
        rows = ", ".join(str(i + 1) for i in frame.index[invalid][:10])
        raise DataFileError(path, Text.of("datafile.bad_geometry", rows=rows))
    return frame


def _read_geoparquet(path: Path) -> gpd.GeoDataFrame:
    try:
        return gpd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a corrupt file
        raise DataFileError(path, Text.of("datafile.unreadable", kind="GeoParquet"),
                            f"{type(exc).__name__}: {exc}") from exc


def layer_version(name: str, base: Path | None = None) -> tuple[int, int]:
    """The cache key of a layer's content: the file's mtime and size, or its version in the database."""
    return database.data_version(paths.layer_path(name, base))


def projects_version(base: Path | None = None) -> tuple[int, int]:
    """The cache key of the project registry (see :func:`layer_version`)."""
    return database.data_version(paths.projects_path(base))


def read_projects(base: Path | None = None) -> pd.DataFrame:
    """The project registry with ``countries`` as a tuple of ISO codes.

    Raises
    ------
    DataFileError
        If the registry is missing, unreadable or fails validation.
    """

    path = paths.projects_path(base)
    if not database.data_exists(path):
        raise DataFileError(path, Text.of("datafile.no_registry"))
    try:
        frame = read_registry(path, content=database.data_bytes(path))
    except Exception as exc:
        raise DataFileError(path, Text.of("datafile.unreadable", kind="CSV"), str(exc)) from exc
    problems = validate_registry(frame)
    if problems:
        listed = "; ".join(str(p) for p in problems[:5])
        raise DataFileError(path, Text.of("datafile.registry_problems", count=len(problems), listed=listed))
    return frame


def read_quality_report(base: Path | None = None) -> str | None:
    """``data/QUALITY.md`` as text, or None when the build has not written one."""
    path = paths.quality_report_path(base)
    try:
        return database.data_bytes(path).decode("utf-8")
    except (OSError, UnicodeDecodeError, DataFileError):  # the page says the rest; the report is optional
        return None


def read_build_notes(base: Path | None = None) -> dict:
    """Notes written by ``make data`` (row counts, coordinate corrections); ``{}`` when absent.

    Raises
    ------
    DataFileError
        If the file is not a JSON object.
    """
    path = paths.build_notes_path(base)
    if not database.data_exists(path):
        return {}
    try:
        notes = json.loads(database.data_bytes(path).decode("utf-8"))
    except (ValueError, OSError) as exc:
        raise DataFileError(path, Text.of("datafile.unreadable", kind="JSON"), str(exc)) from exc
    if not isinstance(notes, dict):
        raise DataFileError(path, Text.of("datafile.not_json_object"))
    return notes


# ---------------------------------------------------------------- the six countries' outline (location checks)
def countries_geometry(path: Path | None = None, data_dir: Path | None = None):
    """Outline of the six countries for the location check, or ``None`` if none is found.

    Reads ``countries/mekong_countries_ne10m.geojson`` of the reference data unless a
    file is given, keeping the six LMC countries when the file says which rows they are.
    Without it (the reference folder is not shipped with the app) the shipped countries
    layer of ``data_dir`` is used (its LMC rows), so the page and the command line check
    locations the same way. ``None`` only when neither can be read (then the region box is used).
    """

    given = path is not None
    if path is None:
        path = paths.reference_countries_path()
    if Path(path).exists():
        frame = gpd.read_file(path)
        if "ISO_A2" in frame.columns:
            frame = frame[frame["ISO_A2"].isin(COUNTRIES)]
        return frame.geometry.union_all()
    if given:
        return None
    return shipped_countries_geometry(data_dir)


def shipped_countries_geometry(data_dir: Path | None = None):
    """The six countries of the shipped ``countries`` layer, or ``None`` if it cannot be read."""

    try:
        frame = read_layer("countries", data_dir)
    except (DataFileError, OSError, ValueError):
        return None
    lmc = frame[frame["lmc"].astype(bool)] if "lmc" in frame.columns else frame[frame["iso2"].isin(COUNTRIES)]
    return lmc.geometry.union_all() if len(lmc) else None
