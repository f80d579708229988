"""Broken data files give an error naming the file and the problem."""

import geopandas as gpd
import pytest
import shapely

from lmc_geo import loaders, paths
from lmc_geo.validate import DataFileError


def test_missing_file(data_copy):
    paths.layer_path("dams", data_copy).unlink()
    with pytest.raises(DataFileError, match=r"dams\.parquet: file not found"):
        loaders.read_layer("dams")


def test_corrupt_file(data_copy):
    paths.layer_path("rivers", data_copy).write_bytes(b"not a parquet file")
    with pytest.raises(DataFileError, match=r"rivers\.parquet: cannot be read as GeoParquet"):
        loaders.read_layer("rivers")


def test_wrong_column(data_copy):
    path = paths.layer_path("stations", data_copy)
    frame = gpd.read_parquet(path).rename(columns={"alarm_m": "alarm"})
    frame.to_parquet(path)
    with pytest.raises(DataFileError, match=r"stations\.parquet: missing column\(s\) alarm_m"):
        loaders.read_layer("stations")


def test_invalid_geometry(data_copy):
    path = paths.layer_path("lakes", data_copy)
    frame = gpd.read_parquet(path)
    frame.loc[0, "geometry"] = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])  # bow-tie
    frame.to_parquet(path)
    with pytest.raises(DataFileError, match=r"lakes\.parquet: invalid or empty geometry in row\(s\) 1"):
        loaders.read_layer("lakes")


def test_unknown_layer_name():
    with pytest.raises(KeyError):
        loaders.read_layer("volcanoes")


def test_corrupt_build_notes(data_copy):
    (data_copy / "build_notes.json").write_text("{ not json")
    with pytest.raises(DataFileError, match=r"build_notes\.json: cannot be read as JSON"):
        loaders.read_build_notes()
