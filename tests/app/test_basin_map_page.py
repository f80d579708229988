"""AppTest of the basin map page: layers, filter, cards, broken files."""

from __future__ import annotations

import re

from lmc_geo import paths
from tests.app.conftest import card_facts, map_args, page_test

#: The map script and header the browser receives for the Basin map, all six countries, every layer.
PAYLOAD_LIMIT_BYTES = 400_000


def caption_text(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_default_view_draws_all_layers_offline():
    at = page_test("basin_map").run()
    assert not at.exception
    assert "56 gauging stations, 1055 dams and 36 projects" in caption_text(at)
    args = map_args(at)
    assert args["js_links"] and all(link.startswith("/app/static/") for link in args["js_links"] + args["css_links"])
    script = args["script"]
    assert "/*lmc-layer:dam:1055*/" in script and script.count('"ANG') == 1055
    assert "/*lmc-layer:station:56*/" in script
    assert "/*lmc-layer:project:36*/" in script and script.count('"LMC-P') == 36
    payload = len(script.encode()) + len(args["header"].encode())
    assert payload <= PAYLOAD_LIMIT_BYTES, f"map payload {payload:,} bytes (limit {PAYLOAD_LIMIT_BYTES:,})"
    assert not at.error
    assert any("Click a gauging station" in i.value for i in at.info)


def test_country_filter_from_state():
    at = page_test("basin_map", countries=["LA"]).run()
    assert not at.exception
    assert "383 dams" in caption_text(at) and "in Laos." in caption_text(at)
    assert map_args(at)["script"].count('"ANG') == 383


def test_station_card_shows_levels_and_source():
    at = page_test("basin_map", selected_feature=("station", "010501")).run()
    assert not at.exception
    assert any("Chiang Saen" in m.value for m in at.markdown)
    facts = card_facts(at)
    assert facts["Alarm level"] == "11.50 m (local gauge)"
    assert facts["Flood level"] == "12.80 m (local gauge)"
    assert "Mekong River Commission" in facts["Source"]


def test_dam_card_says_unknown_values():
    at = page_test("basin_map", selected_feature=("dam", "ANG0077")).run()
    facts = list(card_facts(at).values())
    assert "Planned" in facts and "72 MW" in facts


def test_illustrative_project_card_is_marked():
    at = page_test("basin_map", selected_feature=("project", "LMC-P06")).run()
    assert any("Illustrative record" in w.value for w in at.warning)
    assert "illustrative" in card_facts(at).values()


def test_broken_layer_names_file_and_keeps_other_layers(data_copy):
    paths.layer_path("dams", data_copy).write_bytes(b"garbage")
    at = page_test("basin_map").run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "dams.parquet" in errors and "cannot be read" in errors
    script = map_args(at)["script"]
    assert "lmc-layer:dam" not in script and "/*lmc-layer:station:56*/" in script


def test_broken_registry_keeps_map(data_copy):
    (data_copy / "projects.csv").write_text("id,name\n1,x\n")
    at = page_test("basin_map").run()
    assert not at.exception
    assert "projects.csv" in " ".join(e.value for e in at.error)
    assert "/*lmc-layer:dam:1055*/" in map_args(at)["script"]


def test_hostile_project_name_renders_as_text(data_copy):
    registry = data_copy / "projects.csv"
    text = registry.read_text()
    hostile = "<img src=x onerror=alert(1)> **bold** [link](javascript:alert(2))"
    registry.write_text(text.replace("Illustrative: hydrological information sharing (China)", hostile, 1))
    at = page_test("basin_map", selected_feature=("project", "LMC-P06")).run()
    assert not at.exception
    title = next(m.value for m in at.markdown if "img" in m.value)
    # Every markdown/HTML character is escaped, so nothing is interpreted.
    assert "\\<img" in title and "\\*\\*bold" in title and "\\[link\\]\\(javascript" in title
    assert not re.search(r"(?<!\\)<img", title)


def test_missing_water_levels_keep_the_map(data_copy):
    (data_copy / "series" / "water_level_m.parquet").unlink()
    at = page_test("basin_map").run()
    assert not at.exception
    assert "/*lmc-layer:station:56*/" in map_args(at)["script"]
    assert not at.date_input  # no "as of" control without water levels


def test_malformed_as_of_link_falls_back_to_latest_day():
    for bad in ("NaT", "not-a-date", "2099-01-01"):
        at = page_test("basin_map")
        at.query_params["asof"] = bad
        at.run()
        assert not at.exception, bad
        assert at.date_input[0].value.isoformat() == "2023-08-31", bad


def test_as_of_link_replays_a_day():
    at = page_test("basin_map")
    at.query_params["asof"] = "2008-08-15"
    at.run()
    assert at.date_input[0].value.isoformat() == "2008-08-15"
    script = map_args(at)["script"]
    assert "Gauges on 2008-08-15" in script
    assert "2008-08-15: " in script  # tooltips carry the day's value and status


def test_broken_layer_is_named_in_chinese_without_the_servers_folders(data_copy):
    paths.layer_path("dams", data_copy).write_bytes(b"garbage")
    at = page_test("basin_map", lang="zh").run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "layers/dams.parquet" in errors and "无法作为 GeoParquet 读取" in errors
    assert str(data_copy) not in errors and "ArrowInvalid" not in errors and "Parquet magic" not in errors


def test_a_broken_water_level_file_is_named_where_the_status_colours_were(data_copy):
    (data_copy / "series" / "water_level_m.parquet").write_bytes(b"garbage")
    at = page_test("basin_map").run()
    assert not at.exception and not at.date_input
    (warning,) = [w.value for w in at.warning if "without their status" in w.value]
    assert "series/water_level_m.parquet: the daily series cannot be read" in warning
    assert str(data_copy) not in warning and "discharge" not in warning
    assert "/*lmc-layer:station:56*/" in map_args(at)["script"]
