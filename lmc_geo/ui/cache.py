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
