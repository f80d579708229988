"""Dam and overview charts tested as figure objects or parsed SVG: marks, colours, order, sizes, sources."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from lmc_geo import loaders
from lmc_geo.dams import charts as C
from lmc_geo.dams import registry as D
from lmc_geo.maps import overview as overview_maps
from lmc_geo.plotting.style import SOURCE_LINE_PX
from lmc_geo.schema import COUNTRY_COLOURS, DAM_STATUS_COLOURS, PALETTE
from tests.unit.test_dams import hand_dams


def annotation_texts(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


SVG = "{http://www.w3.org/2000/svg}"


def cascade_tree(placed, reaches=None, **kw) -> ET.Element:
    """The cascade SVG parsed as XML (fails if any text is not escaped)."""
    return ET.fromstring(C.cascade_svg(placed, reaches, **kw))


def dam_circles(root: ET.Element) -> dict[str, ET.Element]:
    return {c.get("data-dam"): c for c in root.iter(f"{SVG}circle") if c.get("data-dam")}


def tip(el: ET.Element) -> str:
    return el.find(f"{SVG}title").text


def texts(root: ET.Element) -> list[str]:
    return [el.text for el in root.iter(f"{SVG}text")]


def test_cascade_places_dams_by_distance_and_colours_by_status():
    placed = D.cascade(hand_dams(), length_km=4000.0).dams
    root = cascade_tree(placed)
    dots = dam_circles(root)
    assert set(dots) == {"d1", "d2", "d3", "d4"}
    cx = {k: float(c.get("cx")) for k, c in dots.items()}
    # source to sea left to right: Upper (700 km), Middle (750), Border (1,700), Delta (3,440)
    assert cx["d1"] < cx["d2"] < cx["d3"] < cx["d4"]
    # the x scale is linear in distance from the source, 0 to the full mainstream length
    span = (cx["d4"] - cx["d1"]) / (3440.0 - 700.0)
    assert (cx["d2"] - cx["d1"]) == pytest.approx(50.0 * span, abs=0.2)
    # higher sites are drawn higher (smaller y)
    assert float(dots["d1"].get("cy")) < float(dots["d3"].get("cy")) < float(dots["d4"].get("cy"))
    assert dots["d1"].get("fill") == DAM_STATUS_COLOURS["Operational"]
    assert dots["d3"].get("fill") == DAM_STATUS_COLOURS["Planned"]
    # diameters on a square-root scale; unknown capacity gets the smallest symbol
    r = {k: float(c.get("r")) for k, c in dots.items()}
    assert r["d1"] == pytest.approx(C.marker_size(4200) / 2, abs=0.06) and r["d1"] > r["d2"]
    assert r["d3"] == pytest.approx(C.UNKNOWN_CAPACITY_SIZE / 2, abs=0.06)
    assert "capacity unknown" in tip(dots["d3"])
    assert "Upper" in texts(root) and "Middle" in texts(root)  # 4,200 and 1,500 MW: named on the chart
    assert "Border" not in texts(root)  # unknown capacity: in the tooltip only
    assert any(t.startswith("Source: Ang et al. (2024)") for t in texts(root))


def test_cancelled_and_closed_dams_are_hollow():
    df = hand_dams().assign(mainstream=True, river_km=[3300.0, 3250.0, 2300.0, 560.0, 500.0, 400.0, 300.0, 200.0])
    dots = dam_circles(cascade_tree(D.cascade(df).dams))
    for dam in ("d7", "d8"):  # Cancelled, Closed
        assert dots[dam].get("fill") == "#ffffff" and dots[dam].get("stroke") == C.HOLLOW_LINE


def test_size_legend_shows_reference_capacities():
    root = cascade_tree(D.cascade(hand_dams()).dams)
    legend = {tip(c): float(c.get("r")) for c in root.iter(f"{SVG}circle") if not c.get("data-dam") and
              c.find(f"{SVG}title") is not None}
    assert list(legend) == ["100 MW", "1,000 MW", "5,000 MW"]
    assert list(legend.values()) == [pytest.approx(C.marker_size(mw) / 2, abs=0.06) for mw in (100, 1000, 5000)]


def test_country_bands_follow_the_reaches_with_split_border_bands():
    reaches = pd.DataFrame({"countries": [("CN",), ("LA", "TH"), ("KH",)], "start_km": [0.0, 2000.0, 3000.0],
                            "end_km": [2000.0, 3000.0, 4788.7]})
    root = cascade_tree(D.cascade(hand_dams()).dams, reaches)
    bands = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [b.get("fill") for b in bands] == [COUNTRY_COLOURS[c] for c in ("CN", "LA", "TH", "KH")]
    assert bands[1].get("x") == bands[2].get("x") and bands[1].get("y") != bands[2].get("y")  # border: two halves
    assert float(bands[1].get("height")) == pytest.approx(float(bands[0].get("height")) / 2, abs=0.06)
    assert {"China", "Laos / Thailand", "Cambodia"} <= set(texts(root))


def test_cascade_with_shipped_data_draws_the_33_mainstream_dams():
    dams_ = loaders.read_layer("dams")
    root = cascade_tree(D.cascade(dams_).dams)
    assert len(dam_circles(root)) == 33
    assert "Xiaowan" in texts(root) and "Nuozhadu" in texts(root)


def test_hostile_dam_name_stays_text_in_the_cascade():
    df = hand_dams()
    df.loc[0, "name"] = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    svg = C.cascade_svg(D.cascade(df).dams)
    assert "<script" not in svg and "<img" not in svg
    root = ET.fromstring(svg)
    assert df.loc[0, "name"] in texts(root)  # shown as typed


def test_capacity_by_year_stacks_countries_upstream_first_in_their_colours():
    fig = C.capacity_by_year(D.accumulate_by_year(hand_dams()))
    assert [tr.name for tr in fig.data] == ["China", "Laos", "Thailand"]
    assert all(tr.stackgroup == "one" for tr in fig.data)
    assert [tr.fillcolor for tr in fig.data] == [COUNTRY_COLOURS[c] for c in ("CN", "LA", "TH")]
    assert fig.layout.yaxis.title.text == "Cumulative installed capacity (MW)"
    assert any("Ang et al." in text for text in annotation_texts(fig))


def test_storage_by_year_shades_expected_years():
    fig = C.capacity_by_year(D.accumulate_by_year(hand_dams(), "reservoir_volume_mcm"))
    assert fig.layout.yaxis.title.text == "Cumulative reservoir storage (million m³)"
    assert any(s.x0 == D.DATABASE_YEAR + 0.5 for s in fig.layout.shapes)  # d3 is expected in 2030


def test_dams_by_status_keeps_country_order_and_status_colours():
    fig = C.dams_by_status(hand_dams())
    assert list(fig.layout.yaxis.categoryarray) == ["China", "Laos", "Thailand", "Cambodia", "Vietnam"]
    by_name = {tr.name: tr for tr in fig.data}
    assert by_name["Operational"].marker.color == DAM_STATUS_COLOURS["Operational"]
    assert by_name["Cancelled"].marker.color == "#ffffff"
    assert sum(sum(tr.x) for tr in fig.data) == 8


def test_basin_share_chart_of_shipped_data_adds_up_to_100():
    parts = loaders.read_layer("basin_countries")
    fig = overview_maps.basin_share_chart(parts)
    bar = fig.data[0]
    assert list(bar.y) == ["China", "Myanmar", "Laos", "Thailand", "Cambodia", "Vietnam"]
    assert sum(bar.x) == pytest.approx(100.0, abs=0.15)
    assert list(bar.marker.color) == [COUNTRY_COLOURS[c] for c in ("CN", "MM", "LA", "TH", "KH", "VN")]


def test_overview_sources_stay_whole_on_a_phone():
    """Plotly does not wrap: the Overview's source lines are short enough for a 390 px screen."""
    share = overview_maps.basin_share_chart(loaders.read_layer("basin_countries")).layout.annotations[-1]
    assert share.text.split("<br>") == ["Source: HydroSHEDS/FAO basin;", "Natural Earth countries"]
    layers = {
        n: loaders.read_layer(n) for n in ("countries", "basin_countries", "basin", "rivers", "lakes", "stations")
    }
    overview = overview_maps.basin_overview_map(layers, countries=("LA",))
    attribution = next(a for a in overview.layout.annotations if "HydroSHEDS" in a.text)
    lines = attribution.text.split("<br>")
    assert len(lines) == 2 and all(len(line) <= 64 for line in lines)
    assert overview.layout.margin.b == 26 + SOURCE_LINE_PX  # room for the second line


def test_expected_years_are_said_so_in_the_hover():
    fig = C.capacity_by_year(D.accumulate_by_year(hand_dams(), "reservoir_volume_mcm"))
    laos = next(tr for tr in fig.data if tr.name == "Laos")  # d3, Laos, expected in 2030
    by_year = dict(zip(laos.x, laos.customdata))
    assert by_year[2030] == " (expected)" and by_year[2015] == ""
    assert "%{customdata}" in laos.hovertemplate
    dots = dam_circles(cascade_tree(D.cascade(hand_dams()).dams))
    assert "Completion year: 2030 (expected)" in tip(dots["d3"])
    assert "Completion year: 2010\n" in tip(dots["d1"])


def test_overview_map_is_offline_and_coloured_by_country():
    layers = {
        n: loaders.read_layer(n) for n in ("countries", "basin_countries", "basin", "rivers", "lakes", "stations")
    }
    fig = overview_maps.basin_overview_map(layers, countries=("LA",))
    spec = fig.to_json()
    assert "http" not in spec.replace("https://plot.ly", "")  # no tiles, no topojson from a CDN
    parts = {tr.name: tr for tr in fig.data if tr.name in ("China", "Laos")}
    assert parts["Laos"].fillcolor == overview_maps._rgba(COUNTRY_COLOURS["LA"], 0.42)
    assert parts["China"].fillcolor == overview_maps._rgba(COUNTRY_COLOURS["CN"], 0.12)  # not selected: pale
    stations = [tr for tr in fig.data if tr.mode == "markers"][0]
    assert len(stations.x) == 56
    assert len(spec) < 400_000
    # The basemap reaches past the region box (lon 90-112, lat 7-35) on every side, so a wide
    # column shows coastlines and borders to its edges, not land cut off in straight lines.
    land = [tr for tr in fig.data if tr.fill == "toself" and tr.hoverinfo == "skip" and tr.fillcolor != PALETTE["lake"]]
    xs = [x for tr in land for x in tr.x if x is not None]
    ys = [y for tr in land for y in tr.y if y is not None]
    assert min(xs) < 75 and max(xs) > 125 and min(ys) < 2 and max(ys) > 40


def test_unplaceable_rows_are_skipped_and_unknown_status_is_named():
    placed = D.cascade(hand_dams()).dams.copy()
    placed.loc[placed["dam_id"] == "d2", "elevation_m"] = float("nan")
    placed.loc[placed["dam_id"] == "d4", "status"] = "Suspended"
    svg = C.cascade_svg(placed)
    root = ET.fromstring(svg)
    dots = dam_circles(root)
    assert "d2" not in dots and "nan" not in svg
    assert dots["d4"].get("fill") == C.UNKNOWN_STATUS and "Suspended" in tip(dots["d4"])
    assert "Suspended" in texts(root)  # in the legend, as written in the data
