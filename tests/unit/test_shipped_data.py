"""The shipped data/ is valid: messages say what a data steward must fix."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from lmc_geo import loaders, paths
from lmc_geo.build.layers import REGION_BOX
from lmc_geo.schema import BASEMAP_EXTENT, COUNTRIES

BBOX = (88.0, 5.0, 114.0, 36.0)
#: The basemap's layers reach past the map frame, up to BASEMAP_EXTENT.
BASEMAP_LAYERS = ("countries", "borders")


@pytest.mark.parametrize("name", list(loaders.LAYER_COLUMNS))
def test_layer_reads_with_crs_and_inside_frame(name):
    frame = loaders.read_layer(name)
    assert len(frame) > 0, f"{name}: no rows"
    assert frame.crs is not None and frame.crs.to_epsg() == 4326, f"{name}: CRS must be EPSG:4326"
    w, s, e, n = frame.total_bounds
    box = BASEMAP_EXTENT if name in BASEMAP_LAYERS else BBOX
    where = "the basemap extent" if name in BASEMAP_LAYERS else "the map frame"
    assert w >= box[0] and s >= box[1] and e <= box[2] and n <= box[3], f"{name}: outside {where}"


@pytest.mark.parametrize("edge", ["west", "south", "east", "north"])
def test_land_does_not_end_at_the_region_box(edge):
    """The reference countries are clipped to the region box; the basemap carries on past it, so no
    land outline runs along the box's edges (a few seam steps of a few km are allowed)."""
    land = shapely.union_all(loaders.read_layer("countries").geometry.values)
    w, s, e, n = REGION_BOX
    d = 0.02
    band = {"west": (w - d, s, w + d, n), "east": (e - d, s, e + d, n),
            "south": (w, s - d, e, s + d), "north": (w, n - d, e, n + d)}[edge]
    along = shapely.intersection(land.boundary, shapely.box(*band)).length
    assert along < 0.75, f"{along:.1f} deg of coast or border run along the region box's {edge} edge"


def test_basemap_reaches_past_the_region_on_every_side():
    countries = loaders.read_layer("countries")
    w, s, e, n = countries.total_bounds
    west, south, east, north = BASEMAP_EXTENT
    # Land reaches the extent where there is land at its edge (Arabia, the Indian Ocean islands,
    # Siberia); in the east the Pacific islands end before it.
    assert (w, s, n) == (west, south, north) and e > east - 4
    neighbours = set(countries["name_en"])
    assert {"India", "Nepal", "Bangladesh", "Malaysia", "Indonesia", "Philippines", "Mongolia", "Japan"} <= neighbours
    lmc = countries[countries["lmc"]]
    assert set(lmc.iso2) == set(COUNTRIES) and lmc.iso_n3.notna().all()
    china = lmc.set_index("iso2").geometry["CN"]
    assert china.bounds[2] > 120 and china.bounds[3] > 45  # all of China, not its part in the region box


def test_countries_have_names_in_national_languages():
    countries = loaders.read_layer("countries")
    lmc = countries[countries.lmc]
    assert set(lmc.iso2) == set(COUNTRIES)
    for col in ("name_en", "name_zh", "name_local", "name_th", "name_lo", "name_km", "name_my", "name_vi"):
        assert lmc[col].notna().all(), f"countries: {col} missing for some LMC country"
    assert lmc.set_index("iso2").loc["TH", "name_local"] == "ไทย"


def test_stations_have_mrc_ids_and_thresholds():
    st = loaders.read_layer("stations")
    telemetry = st[st.mrc_telemetry]
    assert len(telemetry) == 31
    with_levels = telemetry.dropna(subset=["alarm_m", "flood_m"])
    assert len(with_levels) == 21  # 10 of the 31 MRC telemetry stations have no levels set
    assert (with_levels.flood_m >= with_levels.alarm_m).all(), "flood level below alarm level"
    assert st.has_series.sum() >= 35


def test_projects_registry_holds_the_seed_facts():
    p = loaders.read_projects()
    assert len(p) == 36
    assert (p.year_approved == 2020).sum() == 18
    assert set().union(*p.countries) == set(COUNTRIES)
    documented = p[p.provenance == "documented"]
    assert documented.source_url.str.startswith(("http://", "https://")).all()
    assert p[p.provenance == "illustrative"].source_url.isna().all()


def test_data_folder_is_small():
    total = sum(f.stat().st_size for f in paths.data_dir().rglob("*") if f.is_file())
    assert total < 30e6, f"data/ is {total / 1e6:.1f} MB; keep it to tens of MB at most"


def test_readme_documents_every_file():
    readme = (paths.data_dir() / "README.md").read_text()
    for f in paths.data_dir().rglob("*"):
        if f.is_file() and f.name != "README.md" and "backups" not in f.parts:
            assert f.name in readme, f"data/README.md does not mention {f.name}"


def test_gauges_series_cover_known_stations():
    notes = loaders.read_build_notes()
    assert notes["rows"]["dams"] == 1055
    assert isinstance(notes["station_coordinates"], list) and notes["station_coordinates"]
    assert pd.notna(notes["rows"]["stations"])
