"""The shipped data/ is valid: messages say what a data steward must fix."""

from __future__ import annotations

import pandas as pd
import pytest

from lmc_geo import loaders, paths
from lmc_geo.schema import COUNTRIES

BBOX = (88.0, 5.0, 114.0, 36.0)


@pytest.mark.parametrize("name", list(loaders.LAYER_COLUMNS))
def test_layer_reads_with_crs_and_inside_frame(name):
    frame = loaders.read_layer(name)
    assert len(frame) > 0, f"{name}: no rows"
    assert frame.crs is not None and frame.crs.to_epsg() == 4326, f"{name}: CRS must be EPSG:4326"
    w, s, e, n = frame.total_bounds
    if name != "countries":
        assert w >= BBOX[0] and s >= BBOX[1] and e <= BBOX[2] and n <= BBOX[3], f"{name}: outside the map frame"


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
