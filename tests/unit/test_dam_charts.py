"""Dam and overview charts tested as figure objects: traces, colours, order, sizes, sources."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from lmc_geo import dam_charts as C
from lmc_geo import dams as D
from lmc_geo import loaders
from lmc_geo.schema import COUNTRY_COLOURS, DAM_STATUS_COLOURS
from tests.unit.test_dams import hand_dams


def annotation_texts(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_cascade_profile_places_dams_by_distance_and_colours_by_status():
    placed = D.cascade(hand_dams(), length_km=4000.0).dams
    fig = C.cascade_profile(placed)
    by_name = {tr.name: tr for tr in fig.data}
    op, planned = by_name["Operational"], by_name["Planned"]
    assert list(op.x) == [700.0, 750.0] and list(op.y) == [1049, 991]
    assert op.marker.color == DAM_STATUS_COLOURS["Operational"]
    assert planned.marker.color == DAM_STATUS_COLOURS["Planned"]
    # sizes on a square-root scale: 4,200 MW is bigger than 1,500 MW, and unknown capacity gets the smallest
    assert op.marker.size[0] > op.marker.size[1]
    assert list(planned.x) == [1700.0, 3440.0] and planned.marker.size[0] == C.UNKNOWN_CAPACITY_SIZE
    assert "capacity unknown" in planned.hovertext[0]
    assert fig.layout.xaxis.range == (0, D.MAINSTREAM_LENGTH_KM)
    assert any(text.startswith("Source: Ang et al. (2024)") for text in annotation_texts(fig))
    assert "Upper" in annotation_texts(fig)  # 4,200 MW: named on the chart


def test_cancelled_and_closed_dams_are_hollow():
    df = hand_dams().assign(mainstream=True, river_km=[3300.0, 3250.0, 2300.0, 560.0, 500.0, 400.0, 300.0, 200.0])
    fig = C.cascade_profile(D.cascade(df).dams)
    by_name = {tr.name: tr for tr in fig.data}
    for status in ("Cancelled", "Closed"):
        assert by_name[status].marker.color.startswith("rgba(255,255,255")
        assert by_name[status].marker.line.color == C.HOLLOW_LINE


def test_size_legend_shows_reference_capacities():
    fig = C.cascade_profile(D.cascade(hand_dams()).dams)
    legend = [tr for tr in fig.data if tr.mode == "markers+text"][0]
    assert list(legend.text) == ["100 MW", "1,000 MW", "5,000 MW"]
    assert list(legend.marker.size) == [C.marker_size(mw) for mw in (100, 1000, 5000)]


def test_country_bands_follow_the_reaches_with_split_border_bands():
    reaches = pd.DataFrame({"countries": [("CN",), ("LA", "TH"), ("KH",)], "start_km": [0.0, 2000.0, 3000.0],
                            "end_km": [2000.0, 3000.0, 4788.7]})
    fig = C.cascade_profile(D.cascade(hand_dams()).dams, reaches)
    bands = [s for s in fig.layout.shapes if s.type == "rect" and s.yref == "paper"]
    assert [b.fillcolor for b in bands] == [COUNTRY_COLOURS[c] for c in ("CN", "LA", "TH", "KH")]
    assert bands[1].x0 == bands[2].x0 == 2000.0 and bands[1].y0 != bands[2].y0  # border: two half bands
    assert {"China", "Laos / Thailand", "Cambodia"} <= set(annotation_texts(fig))


def test_cascade_with_shipped_data_serialises():
    dams_ = loaders.read_layer("dams")
    fig = C.cascade_profile(D.cascade(dams_).dams)
    assert json.loads(fig.to_json())["data"]
    assert sum(len(tr.x) for tr in fig.data if tr.mode == "markers") == 33


def test_capacity_by_year_stacks_countries_upstream_first_in_their_colours():
    fig = C.capacity_by_year(D.accumulate_by_year(hand_dams()))
    assert [tr.name for tr in fig.data] == ["China", "Laos", "Thailand"]
    assert all(tr.stackgroup == "one" for tr in fig.data)
    assert [tr.fillcolor for tr in fig.data] == [COUNTRY_COLOURS[c] for c in ("CN", "LA", "TH")]
    assert fig.layout.yaxis.title.text == "Cumulative installed capacity (MW)"
    assert any("Ang et al." in text for text in annotation_texts(fig))


def test_storage_by_year_shades_expected_years():
    fig = C.capacity_by_year(D.accumulate_by_year(hand_dams(), "reservoir_volume_mcm"))
    assert fig.layout.yaxis.title.text == "Cumulative reservoir storage (million m3)"
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
    fig = C.basin_share_chart(parts)
    bar = fig.data[0]
    assert list(bar.y) == ["China", "Myanmar", "Laos", "Thailand", "Cambodia", "Vietnam"]
    assert sum(bar.x) == pytest.approx(100.0, abs=0.15)
    assert list(bar.marker.color) == [COUNTRY_COLOURS[c] for c in ("CN", "MM", "LA", "TH", "KH", "VN")]


def test_expected_years_are_said_so_in_the_hover():
    fig = C.capacity_by_year(D.accumulate_by_year(hand_dams(), "reservoir_volume_mcm"))
    laos = next(tr for tr in fig.data if tr.name == "Laos")  # d3, Laos, expected in 2030
    by_year = dict(zip(laos.x, laos.customdata))
    assert by_year[2030] == " (expected)" and by_year[2015] == ""
    assert "%{customdata}" in laos.hovertemplate
    placed = D.cascade(hand_dams()).dams
    cascade = C.cascade_profile(placed)
    hover = " ".join(h for tr in cascade.data if tr.hovertext for h in tr.hovertext)
    assert "Completion year: 2030 (expected)" in hover and "Completion year: 2010<br>" in hover


def test_overview_map_is_offline_and_coloured_by_country():
    layers = {n: loaders.read_layer(n) for n in ("countries", "basin_countries", "basin", "rivers", "lakes", "stations")}
    fig = C.basin_overview_map(layers, countries=("LA",))
    spec = fig.to_json()
    assert "http" not in spec.replace("https://plot.ly", "")  # no tiles, no topojson from a CDN
    parts = {tr.name: tr for tr in fig.data if tr.name in ("China", "Laos")}
    assert parts["Laos"].fillcolor == C._rgba(COUNTRY_COLOURS["LA"], 0.42)
    assert parts["China"].fillcolor == C._rgba(COUNTRY_COLOURS["CN"], 0.12)  # not selected: pale
    stations = [tr for tr in fig.data if tr.mode == "markers"][0]
    assert len(stations.x) == 56
    assert len(spec) < 400_000
