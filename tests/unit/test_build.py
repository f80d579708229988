"""`make data`: reproducible from the reference data, and safe when a reference file is bad."""

from __future__ import annotations

import shutil

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from lmc_geo.build import layers as L
from lmc_geo.build.__main__ import main as build_main
from tests.conftest import tree_hashes


@pytest.mark.slow
def test_rebuild_matches_committed_data(reference, shipped_data, tmp_path):
    out = tmp_path / "data"
    assert build_main(["--reference", str(reference), "--out", str(out)]) == 0
    built = tree_hashes(out)
    shipped = {k: v for k, v in tree_hashes(shipped_data).items() if not k.startswith(("README", "backups"))}
    assert set(built) == set(shipped), "the build writes other files than data/ holds"
    for name, digest in built.items():
        if digest == shipped[name]:
            continue
        # Byte differences are allowed only where contents are equal (a format may stamp versions).
        if name.endswith(".parquet"):
            a, b = pd.read_parquet(out / name), pd.read_parquet(shipped_data / name)
            pd.testing.assert_frame_equal(a, b, obj=name)
        else:
            assert (out / name).read_text() == (shipped_data / name).read_text(), name


@pytest.fixture
def broken_reference(reference, tmp_path):
    ref = tmp_path / "ref"
    shutil.copytree(reference, ref)
    return ref


@pytest.fixture
def existing_data(shipped_data, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(shipped_data, out)
    return out


def run_and_check_untouched(ref, out, capsys, expected: str):
    before = tree_hashes(out)
    assert build_main(["--reference", str(ref), "--out", str(out)]) != 0
    err = capsys.readouterr().err
    assert expected in err, err
    assert "left unchanged" in err
    assert tree_hashes(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".build-")], "staging folder left behind"


def test_missing_reference_file_stops_and_leaves_data(broken_reference, existing_data, capsys):
    (broken_reference / "dams" / "mekong_dams_ang2024.csv").unlink()
    run_and_check_untouched(broken_reference, existing_data, capsys, "mekong_dams_ang2024.csv")


def test_malformed_reference_file_stops_and_leaves_data(broken_reference, existing_data, capsys):
    (broken_reference / "basin" / "mekong_basin_with_delta.geojson").write_text("{ not json")
    run_and_check_untouched(broken_reference, existing_data, capsys, "mekong_basin_with_delta.geojson")


def test_wrong_column_in_reference_file(broken_reference, existing_data, capsys):
    path = broken_reference / "stations" / "mrc_mainstream_stations_thresholds.csv"
    path.write_text(path.read_text().replace("alarm_m", "alarm_level", 1))
    run_and_check_untouched(broken_reference, existing_data, capsys, "lacks column(s): alarm_m")


def test_missing_world_file_stops_and_leaves_data(reference, existing_data, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(L, "WORLD_FILE", tmp_path / "countries-50m.json")
    run_and_check_untouched(reference, existing_data, capsys, "countries-50m.json")


def test_world_basemap_is_one_coverage_outside_the_region():
    world = L.world_outside_region(L.read_world())
    # Neighbours were simplified together: their borders still match, no sliver opens between them.
    assert shapely.coverage_is_valid(world.geometry.values)
    land = shapely.union_all(world.geometry.values)
    assert land.intersection(shapely.box(*L.REGION_BOX)).area == 0  # inside it the 1:10m countries are used


def test_basemap_countries_join_their_two_scales(reference):
    world = L.world_outside_region(L.read_world())
    countries = L.build_countries(reference, world).set_index("name_en")
    assert countries.geometry.is_valid.all()
    # One polygon per country across the box's edge: China's coast runs on east of lon 112 and
    # its land north of lat 35; Thailand's peninsula south of lat 7, with no straight cut.
    china, thailand = countries.geometry["China"], countries.geometry["Thailand"]
    assert china.contains(shapely.Point(113.0, 30.0)) and china.contains(shapely.Point(100.0, 38.0))
    assert thailand.contains(shapely.Point(100.4, 6.6))
    assert china.contains(shapely.LineString([(111.5, 30.0), (112.5, 30.0)]))  # no slit at the seam
    borders = L.build_borders(reference, world)
    assert borders.geometry.is_valid.all() and len(borders) > 18  # the region's 18 lines and the world's


def test_basin_shares_add_to_100_and_match_mrc(reference):
    parts = L.build_basin_countries(reference)
    assert parts.share_pct.sum() == pytest.approx(100, abs=0.2)
    mrc = {"CN": 21, "MM": 3, "LA": 25, "TH": 23, "KH": 20, "VN": 8}  # MRC published shares (%)
    for row in parts.itertuples():
        assert abs(row.share_pct - mrc[row.iso2]) <= 1.5, row


def test_basin_area_in_no_country_is_the_delta_coast(reference):
    """The Overview's area table names the basin's area outside the countries' parts for where it is."""
    basin, parts = L.build_basin(reference), L.build_basin_countries(reference)
    rest = int(basin.area_km2.iloc[0]) - int(parts.area_km2.sum())
    assert rest == 690
    outline = L.read_reference(reference, "basin/mekong_basin_with_delta.geojson").union_all()
    land = L.read_reference(reference, "countries/mekong_countries_ne10m.geojson").union_all()
    beyond = gpd.GeoSeries([outline.difference(land)], crs=L.CRS)
    assert beyond.to_crs(L.EQUAL_AREA).area.iloc[0] / 1e6 == pytest.approx(rest, abs=2)
    west, south, east, north = beyond.total_bounds
    assert west > 104.5 and east < 106.5 and south > 8.4 and north < 10.3  # the coast from Ca Mau to the mouths


def test_stations_join_and_corrections(reference):
    stations, notes = L.build_stations(reference)
    thresholds = pd.read_csv(reference / "stations" / "mrc_mainstream_stations_thresholds.csv", dtype=str)
    assert set(thresholds.mrc_id) <= set(stations.station_id)
    assert stations.station_id.is_unique
    sav = stations.set_index("name").loc["Savannakhet"]
    assert sav.lon == pytest.approx(104.75) and "105.743" in sav.coord_note
    assert stations.set_index("name").loc["Chiang Khan"].lat == pytest.approx(17.90026)
    assert any("Lumphat" in n for n in notes)
    assert stations.set_index("name").loc["Jinghong"].datum == "m above sea level"
    # Ordered upstream to downstream along the main stem.
    km = stations.river_km.dropna()
    assert km.is_monotonic_decreasing


def test_dams_mainstream_flag_and_unknowns(reference):
    dams = L.build_dams(reference)
    assert len(dams) == 1055 and dams.mainstream.sum() == 33
    assert dams.crs.to_epsg() == 4326
    # Zero means unknown in the source: no zero capacities survive.
    assert not (dams.capacity_mw == 0).any()
    assert isinstance(dams, gpd.GeoDataFrame)


def test_rebuild_keeps_an_imported_registry(reference, existing_data, capsys):
    registry = existing_data / "projects.csv"
    imported = registry.read_text().replace("Illustrative: flood forecasting", "Official: flood forecasting")
    registry.write_text(imported)
    assert build_main(["--reference", str(reference), "--out", str(existing_data)]) == 0
    assert registry.read_text() == imported
    assert "kept the imported project registry" in capsys.readouterr().out
    # Without a registry, the seed's is written.
    registry.unlink()
    assert build_main(["--reference", str(reference), "--out", str(existing_data)]) == 0
    assert "Illustrative: flood forecasting" in registry.read_text()
