"""Dams core: filters, key figures, cascade order, accumulation by year, source conflicts, their build."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from lmc_geo import loaders, paths
from lmc_geo.build import dam_sources as S
from lmc_geo.dams import cards as dam_cards
from lmc_geo.dams import registry as D
from lmc_geo.validate import DataFileError

ROOT = Path(__file__).resolve().parents[2]


def hand_dams() -> pd.DataFrame:
    """Eight dams, with the gaps real data has: unknown capacity, year, position, sub-basin."""
    return pd.DataFrame(
        {
            "dam_id": ["d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8"],
            "name": ["Upper", "Middle", "Border", "Delta", "Trib A", "Trib B", "Gone", "Nowhere"],
            "iso2": ["CN", "CN", "LA", "KH", "TH", "LA", "VN", "LA"],
            "status": ["Operational", "Operational", "Planned", "Planned", "Operational", "Operational",
                       "Cancelled", "Closed"],
            "use_primary": ["Hydropower", "Hydropower", "Hydropower", "Hydropower", "Irrigation", "Hydropower",
                            "Hydropower", "Water supply"],
            "sub_basin": ["Lancang", "Lancang", "Mekong", "Mekong", "Nam Mun", None, "Sesan", "Nam Ou"],
            "capacity_mw": [4200.0, 1500.0, None, 2600.0, 20.0, 300.0, 100.0, 50.0],
            "reservoir_volume_mcm": [15000.0, 900.0, 100.0, None, 5.0, None, None, 10.0],
            "completion_year": [2010, 1995, 2030, None, 1980, 2015, 2001, 1990],
            "closure_year": [None, None, None, None, None, None, None, 2005],
            "mainstream": [True, True, True, True, False, False, False, False],
            "river_km": [3300.0, 3250.0, 2300.0, 560.0, None, None, None, None],
            "elevation_m": [1049, 991, 314, 17, 150, 400, 300, 500],
            "lat": [24.7, 24.6, 20.0, 12.6, 15.2, 18.5, 14.0, np.nan],
            "lon": [100.1, 100.4, 101.0, 106.0, 104.8, 102.5, 107.5, np.nan],
            "refs": ["", "", "", "", "", "", "", ""],
        }
    ).astype({"completion_year": "Int64", "closure_year": "Int64"})


# ---------------------------------------------------------------- filters and key figures
def test_filters_combine_and_none_means_all():
    df = hand_dams()
    assert len(D.filter_dams(df)) == 8
    assert D.filter_dams(df, countries=["LA"]).dam_id.tolist() == ["d3", "d6", "d8"]
    assert D.filter_dams(df, statuses=["Planned"]).dam_id.tolist() == ["d3", "d4"]
    assert D.filter_dams(df, uses=["Irrigation", "Water supply"]).dam_id.tolist() == ["d5", "d8"]
    assert D.filter_dams(df, sub_basins=["Lancang", D.NO_SUB_BASIN]).dam_id.tolist() == ["d1", "d2", "d6"]
    assert D.filter_dams(df, mainstream_only=True).dam_id.tolist() == ["d1", "d2", "d3", "d4"]
    both = D.filter_dams(df, countries=["CN", "LA"], statuses=["Operational"], mainstream_only=True)
    assert both.dam_id.tolist() == ["d1", "d2"]


def test_capacity_range_keeps_unknown_capacity_unless_asked():
    df = hand_dams()
    kept = D.filter_dams(df, capacity_range=(100, 2000))
    assert kept.dam_id.tolist() == ["d2", "d3", "d6", "d7"]  # d3 has no capacity: kept, it may be in range
    assert D.filter_dams(df, capacity_range=(100, 2000), keep_unknown_capacity=False).dam_id.tolist() == [
        "d2",
        "d6",
        "d7",
    ]


def test_key_figures_sum_known_values_and_count_unknowns():
    kf = D.key_figures(hand_dams())
    assert kf["count"] == 8
    assert kf["capacity_mw"] == pytest.approx(4200 + 1500 + 2600 + 20 + 300 + 100 + 50)
    assert kf["storage_mcm"] == pytest.approx(15000 + 900 + 100 + 5 + 10)
    assert (kf["unknown_capacity"], kf["unknown_storage"], kf["unknown_year"], kf["unknown_coordinates"]) == (
        1,
        3,
        1,
        1,
    )


def test_key_figures_of_nothing():
    kf = D.key_figures(hand_dams().iloc[0:0])
    assert kf["count"] == 0 and kf["capacity_mw"] == 0.0


def test_table_marks_missing_values_and_keeps_every_dam():
    df = hand_dams()
    conflicts = pd.DataFrame({"dam_id": ["d1", "d1"], "quantity": ["reservoir_volume_mcm", "completion_year"]})
    table = D.dams_table(df, conflicts)
    assert len(table) == 8 and list(table.columns) == D.table_columns()
    marks = dict(zip(table.dam_id, table.missing))
    assert marks["d1"] == "" and marks["d3"] == "capacity" and marks["d4"] == "year" and marks["d8"] == "position"
    assert dict(zip(table.dam_id, table.conflicts))["d1"] == "storage, year"


# ---------------------------------------------------------------- the cascade
def test_cascade_orders_by_distance_from_source_not_by_input_order():
    df = hand_dams().sample(frac=1.0, random_state=3)  # shuffled
    c = D.cascade(df, length_km=4000.0)
    assert c.dams.name.tolist() == ["Upper", "Middle", "Border", "Delta"]
    assert c.dams.distance_from_source_km.tolist() == [700.0, 750.0, 1700.0, 3440.0]
    assert c.dams.distance_from_source_km.is_monotonic_increasing
    assert c.left_out.empty and c.reasons() == {}


def test_cascade_leaves_out_only_dams_it_cannot_place_and_says_why():
    df = hand_dams()
    df.loc[df.dam_id == "d3", "river_km"] = np.nan
    df.loc[df.dam_id == "d4", "elevation_m"] = np.nan
    df.loc[df.dam_id == "d2", "capacity_mw"] = np.nan  # unknown capacity: still placed
    c = D.cascade(df)
    assert c.dams.name.tolist() == ["Upper", "Middle"]
    assert sorted(c.left_out.name) == ["Border", "Delta"]
    assert c.reasons() == {"river_km": 1, "elevation_m": 1}


def test_cascade_of_shipped_data_runs_source_to_sea():
    c = D.cascade(loaders.read_layer("dams"))
    assert len(c.dams) == 33 and c.left_out.empty
    names = c.dams.name.tolist()
    assert (
        names.index("Xiaowan")
        < names.index("Nuozhadu")
        < names.index("Jinghong")
        < names.index("Xayaburi")
        < names.index("Sambor")
    )
    assert c.dams.distance_from_source_km.between(0, D.MAINSTREAM_LENGTH_KM).all()
    # China's dams are upstream of every Lower Mekong dam
    assert (
        c.dams[c.dams.iso2 == "CN"].distance_from_source_km.max()
        < c.dams[c.dams.iso2 != "CN"].distance_from_source_km.min()
    )


def test_mainstream_length_is_that_of_the_reference_main_stem(reference):
    main = gpd.read_file(reference / "rivers" / "mekong_mainstream_hydrorivers.geojson")
    main = main[main.river != "Tonle Sap"]
    total = (pd.to_numeric(main.DIST_DN_KM) + pd.to_numeric(main.LENGTH_KM)).max()
    assert D.MAINSTREAM_LENGTH_KM == pytest.approx(total, abs=0.05)


def test_country_reaches_split_a_line_by_country_and_border():
    # A river running west to east: China, then the China-Laos border, then Laos.
    cn = shapely.box(99.0, 19.0, 100.5, 21.0)
    la = shapely.box(100.5, 19.0, 103.0, 21.0)
    countries = gpd.GeoDataFrame(
        {"iso2": ["CN", "LA", "IN"]}, geometry=[cn, la, shapely.box(0, 0, 1, 1)], crs="EPSG:4326"
    )
    line = shapely.LineString([(99.1, 20.0), (100.3, 20.0), (100.5, 20.0), (102.9, 20.0)])
    control = pd.DataFrame({"lat": [20.0], "lon": [100.5], "river_km": [600.0]})
    reaches = D.country_reaches(line, countries, control, length_km=1000.0, min_reach_km=5.0)
    assert [r for r in reaches.countries] == [("CN",), ("CN", "LA"), ("LA",)]
    assert reaches.start_km.iloc[0] == 0.0 and reaches.end_km.iloc[-1] == 1000.0
    border = reaches.iloc[1]
    assert border.start_km < 400.0 < border.end_km  # the control point (400 km from source) lies on the border


def test_country_reaches_of_shipped_data():
    rivers, countries = loaders.read_layer("rivers"), loaders.read_layer("countries")
    dams_, stations = loaders.read_layer("dams"), loaders.read_layer("stations")
    control = pd.concat([dams_[["lat", "lon", "river_km"]], stations[["lat", "lon", "river_km"]]])
    reaches = D.country_reaches(rivers[rivers.kind == "mainstream"].geometry.iloc[0], countries, control)
    firsts = [r[0] for r in reaches.countries]
    assert firsts[0] == "CN" and reaches.countries.iloc[-1] == ("VN",)
    assert ("LA", "TH") in set(reaches.countries) and ("KH",) in set(reaches.countries)
    c = D.cascade(dams_)
    jinghong = c.dams.set_index("name").loc["Jinghong", "distance_from_source_km"]
    china = reaches[reaches.countries == ("CN",)].iloc[0]
    assert china.start_km <= jinghong <= china.end_km


# ---------------------------------------------------------------- accumulation by year
def test_accumulation_by_year_stacks_countries_and_lists_unknown_years():
    acc = D.accumulate_by_year(hand_dams())
    table = acc.table
    assert table.year.min() == 1980 and table.year.max() == 2015  # d3 (2030) has no capacity
    # every country with data has every year, so the series stack
    assert table.groupby("iso2").size().nunique() == 1
    totals = table.groupby("year").cumulative.sum()
    assert totals[1980] == 20.0
    assert totals[1995] == 20.0 + 1500 + 50  # d8 (1990) still open
    assert totals[2005] == 20.0 + 1500  # d8 closed in 2005; d1 only from 2010
    assert totals[2010] == 20.0 + 1500 + 4200
    assert totals[2015] == 20.0 + 1500 + 4200 + 300
    assert acc.unknown_year.dam_id.tolist() == ["d4"]  # a value but no year: listed, not dropped
    assert acc.left_out == {"cancelled": 1, "unknown_value": 1}
    order = table[table.year == 2010].iso2.tolist()
    assert order == ["CN", "LA", "TH"]  # upstream to downstream


def test_accumulation_of_storage():
    acc = D.accumulate_by_year(hand_dams(), value="reservoir_volume_mcm")
    totals = acc.table.groupby("year").cumulative.sum()
    assert totals.iloc[-1] == 15000 + 900 + 100 + 5 + 10 - 10  # d8 closed in 2005
    assert acc.unknown_year.empty
    assert acc.left_out == {"cancelled": 1, "unknown_value": 2}


def test_accumulation_when_no_dam_has_a_year():
    df = hand_dams().assign(completion_year=pd.array([None] * 8, dtype="Int64"))
    acc = D.accumulate_by_year(df)
    assert acc.table.empty and len(acc.unknown_year) == 6


# ---------------------------------------------------------------- source values and conflicts
def values_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "dam_id": ["J", "J", "J", "M", "M"],
            "name": ["Jinghong"] * 3 + ["Manwan"] * 2,
            "iso2": ["CN"] * 5,
            "quantity": ["reservoir_volume_mcm"] * 3 + ["capacity_mw"] * 2,
            "unit": ["million m³"] * 3 + ["MW"] * 2,
            "value": [1140.0, 1140.0, 249.0, 1570.0, 1250.0],
            "source": [S.ANG, S.ODM, "Wikipedia", S.ANG, "PEI 2002"],
            "source_url": ["a", "b", "c", "a", "d"],
            "matched_by": ["", "", "", "", ""],
            "note": ["", "", "", "", ""],
        }
    )


def test_source_conflicts_show_every_value_with_its_source_atlas_first():
    out = D.source_conflicts(values_frame())
    assert out.dam_id.tolist() == ["J", "M"]
    j = out.iloc[0]
    assert [v for v, *_ in j["values"]] == [1140.0, 1140.0, 249.0]
    assert j["values"][0][1] == S.ANG
    assert "1,140 million m³" in j.text and "249 million m³ (Wikipedia)" in j.text
    assert len(D.source_conflicts(values_frame(), dam_ids=["M"])) == 1


def test_read_source_values_names_the_file(tmp_path):
    with pytest.raises(DataFileError, match=r"dam_source_values\.csv: file not found"):
        D.read_source_values(tmp_path)
    path = paths.dam_source_values_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("dam_id,name\nx,y\n")
    with pytest.raises(DataFileError, match=r"dam_source_values\.csv: missing column\(s\) iso2"):
        D.read_source_values(tmp_path)
    values_frame().assign(value=["1", "x", "3", "4", "5"]).to_csv(path, index=False)
    with pytest.raises(DataFileError, match=r"non-numeric value in line\(s\) 3"):
        D.read_source_values(tmp_path)
    values_frame().to_csv(path, index=False)
    assert len(D.read_source_values(tmp_path)) == 5


def _dam_row(**extra) -> pd.Series:
    base = {"dam_id": "J", "name": "Jinghong", "iso2": "CN", "river": "Lancang", "sub_basin": "Lancang",
            "status": "Operational", "capacity_mw": 1750.0, "reservoir_volume_mcm": 1140.0, "height_m": 108.0,
            "completion_year": 2009, "use_primary": "Hydropower", "mainstream": True, "lat": 22.05, "lon": 100.77,
            "refs": ""}
    return pd.Series({**base, **extra})


def test_dam_card_shows_where_sources_disagree():
    conflicts = D.source_conflicts(values_frame())
    facts = dict(dam_cards.dam_facts(_dam_row(), conflicts=conflicts))
    assert facts["Reservoir storage: sources differ"] == (
        f"1,140 million m³ ({S.ANG}; {S.ODM}) vs 249 million m³ (Wikipedia)")
    assert "Installed capacity: sources differ" not in facts  # Manwan's, not Jinghong's
    assert "Installed capacity: sources differ" in dict(dam_cards.dam_facts(_dam_row(dam_id="M"), conflicts=conflicts))


def test_dam_card_without_conflicts_has_no_conflict_lines():
    facts = dict(dam_cards.dam_facts(_dam_row()))
    assert facts["Reservoir storage"] == "1,140 million m³"
    assert not [k for k in facts if "sources differ" in k]
    empty = D.source_conflicts(values_frame().iloc[0:0])
    assert not [k for k in dict(dam_cards.dam_facts(_dam_row(), conflicts=empty)) if "sources differ" in k]


def test_dam_card_reads_no_file(tmp_path, monkeypatch):
    """The card shows the conflicts it is given: with the data folder empty it still lists them."""
    monkeypatch.setenv("LMC_DATA_DIR", str(tmp_path))
    facts = dict(dam_cards.dam_facts(_dam_row(), conflicts=D.source_conflicts(values_frame())))
    assert "Reservoir storage: sources differ" in facts


def test_dam_card_says_a_year_after_the_database_year_is_expected():
    assert dict(dam_cards.dam_facts(_dam_row(completion_year=2030)))["Completion year"] == "2030 (expected)"
    assert dict(dam_cards.dam_facts(_dam_row(completion_year=D.DATABASE_YEAR)))["Completion year"] == "2023"
    assert dict(dam_cards.dam_facts(_dam_row(completion_year=None)))["Completion year"] == "unknown"


def test_table_marks_expected_years():
    table = D.dams_table(hand_dams())
    assert table.set_index("dam_id")["year_expected"].to_dict() == {
        "d1": False, "d2": False, "d3": True, "d4": False, "d5": False, "d6": False, "d7": False, "d8": False}


def test_table_csv_guards_formulas_and_keeps_numbers():
    df = hand_dams().assign(refs="")
    df.loc[0, "name"] = '=HYPERLINK("http://e.x","click")'
    df.loc[1, "name"] = "-1+2"
    df.loc[2, "sub_basin"] = "@SUM(A1)"
    text = D.table_csv(D.dams_table(df)).decode("utf-8-sig")
    back = pd.read_csv(__import__("io").StringIO(text), dtype=str, keep_default_na=False)
    assert back.loc[0, "name"] == "'=HYPERLINK(\"http://e.x\",\"click\")"
    assert back.loc[1, "name"] == "'-1+2" and back.loc[2, "sub_basin"] == "'@SUM(A1)"
    assert back.loc[0, "capacity_mw"] == "4200.0" and back.loc[0, "name"].count("'") == 1


# ---------------------------------------------------------------- the build of the conflicts file
def test_names_match_after_normalisation_and_position_needs_a_similar_name():
    assert S.normalise_name("Lower Se San II") == S.normalise_name("lower sesan 2")
    dams_ = pd.DataFrame(
        {"name": ["Nam Ou 5", "Yali"], "name_alt": [None, None], "lat": [21.0, 14.2], "lon": [102.2, 107.8]}
    )
    assert S.match_dam("Nam Ou 6", 21.0001, 102.2, dams_) == (None, "")  # same place, other unit number
    pos, how = S.match_dam("Yali Falls", 14.2001, 107.8, dams_)
    assert pos == 1 and how.startswith("position")
    assert S.match_dam("Yali", 16.0, 107.8, dams_) == (None, "")  # same name but 200 km away


def _tiny_reference(tmp_path: Path) -> Path:
    ref = tmp_path / "ref" / "dams"
    ref.mkdir(parents=True)
    odm = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [100.1, 24.7]},
             "properties": {"project": "Upper", "lat": 24.7, "lon": 100.1, "installed_capacity_mw": 4200,
                            "total_storage_mcm": 14560, "expected_cod_year": 2010}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [106.0, 12.6]},
             "properties": {"project": "Delta", "lat": 12.6, "lon": 106.0, "installed_capacity_mw": 0,
                            "total_storage_mcm": None, "expected_cod_year": None}},
        ],
    }
    (ref / "mekong_hydropower_dams_odm2022.geojson").write_text(json.dumps(odm))
    pd.DataFrame({"mrc_code": ["C001"], "name": ["Middle"], "lat": [24.6], "lon": [100.4],
                  "installed_capacity_mw": [1520.0], "gross_storage_mcm": [0.0], "cod_year": [1995]}).to_csv(
        ref / "lmb_dams_mrc_codes_barbarossa2024.csv", index=False)
    return tmp_path / "ref"


def test_build_keeps_only_disagreements_with_every_source(tmp_path):
    published = tmp_path / "published.csv"
    pd.DataFrame({"name": ["Middle"], "quantity": ["capacity_mw"], "value": [1250], "source": ["PEI 2002"],
                  "source_url": ["https://example.org/pei"], "note": ["first phase"]}).to_csv(published, index=False)
    out = S.build_dam_conflicts(_tiny_reference(tmp_path), hand_dams(), published)
    groups = {k: g for k, g in out.groupby(["dam_id", "quantity"])}
    # Upper: ODM storage 14,560 vs 15,000 (3 %): a conflict; capacity and year agree: none.
    assert set(groups) == {("d1", "reservoir_volume_mcm"), ("d2", "capacity_mw")}
    upper = groups[("d1", "reservoir_volume_mcm")]
    assert upper.source.tolist() == [S.ANG, S.ODM] and upper.value.tolist() == [15000.0, 14560.0]
    middle = groups[("d2", "capacity_mw")]  # MRC 1,520 is within 2 % of 1,500; the published 1,250 is not
    assert middle.source.iloc[0] == S.ANG
    assert sorted(middle.value) == [1250.0, 1500.0, 1520.0]
    assert list(out.columns) == S.COLUMNS


def test_build_stops_on_a_published_value_naming_no_dam(tmp_path):
    published = tmp_path / "published.csv"
    pd.DataFrame({"name": ["Atlantis"], "quantity": ["capacity_mw"], "value": [1], "source": ["x"],
                  "source_url": ["u"], "note": [""]}).to_csv(published, index=False)
    with pytest.raises(S.ReferenceDataError, match="Atlantis"):
        S.build_dam_conflicts(_tiny_reference(tmp_path), hand_dams(), published)


def test_build_from_the_reference_data_shows_the_known_disagreements(reference, tmp_path):
    rows = S.write_dam_source_values(reference, loaders.read_layer("dams"), tmp_path)
    values = D.read_source_values(tmp_path)
    assert len(values) == rows > 100
    conflicts = D.source_conflicts(values).set_index(["name", "quantity"])
    jinghong = [v for v, *_ in conflicts.loc[("Jinghong", "reservoir_volume_mcm"), "values"]]
    assert 1140.0 in jinghong and 249.0 in jinghong
    nuozhadu = [v for v, *_ in conflicts.loc[("Nuozhadu", "reservoir_volume_mcm"), "values"]]
    assert 23703.0 in nuozhadu and 21749.0 in nuozhadu
    manwan = [v for v, *_ in conflicts.loc[("Manwan", "capacity_mw"), "values"]]
    assert {1570.0, 1250.0, 1500.0} <= set(manwan)
    for (_, quantity), row in conflicts.iterrows():
        assert row["values"][0][1] == S.ANG or quantity  # the atlas' own value first where it has one
        assert len({v for v, *_ in row["values"]}) >= 2
    assert values.source_url.str.startswith("http").all()
    # Deterministic: a second build writes the same bytes.
    first = paths.dam_source_values_path(tmp_path).read_bytes()
    S.write_dam_source_values(reference, loaders.read_layer("dams"), tmp_path)
    assert paths.dam_source_values_path(tmp_path).read_bytes() == first
