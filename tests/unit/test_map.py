"""The basin map tested as an object: layers, counts, filters, offline assets, hostile text."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest

from lmc_geo import loaders
from lmc_geo.filters import by_countries
from lmc_geo.maps.basin_map import (
    EXTENT,
    FRAME,
    LEAFLET_CSS,
    LEAFLET_JS,
    LEGEND_FOLDED_BELOW_PX,
    MIN_ZOOM,
    MapOptions,
    PointLayer,
    build_basin_map,
    dam_radius,
    fit_bounds,
)
from lmc_geo.maps.offline import find_remote_assets
from lmc_geo.schema import COUNTRIES

LAYER_NAMES = (
    "countries",
    "borders",
    "basin",
    "basin_countries",
    "rivers",
    "river_labels",
    "lakes",
    "stations",
    "dams",
)


@pytest.fixture(scope="module")
def frames():
    out = {name: loaders.read_layer(name) for name in LAYER_NAMES}
    out["projects"] = loaders.read_projects()
    return out


def select(frames, countries):
    out = dict(frames)
    for name in ("stations", "dams"):
        out[name] = by_countries(frames[name], countries)
    out["projects"] = by_countries(frames["projects"], countries, column="countries")
    return out


def point_features(fmap) -> dict[str, list[dict]]:
    """Features of each point layer, read back from the map's GeoJson children."""
    found: dict[str, list[dict]] = {}
    for child in fmap._children.values():
        for grandchild in getattr(child, "_children", {}).values():
            if isinstance(grandchild, PointLayer):
                for feature in grandchild.features():
                    found.setdefault(feature["properties"]["k"], []).append(feature)
    return found


def test_all_countries_map_draws_every_point(frames):
    fmap = build_basin_map(select(frames, COUNTRIES), MapOptions(countries=COUNTRIES))
    feats = point_features(fmap)
    assert len(feats["station"]) == len(frames["stations"])
    assert len(feats["dam"]) == len(frames["dams"]) == 1055
    assert len(feats["project"]) == len(frames["projects"]) == 36


def test_every_layer_is_in_the_layer_switcher(frames):
    html = build_basin_map(select(frames, COUNTRIES), MapOptions(countries=COUNTRIES)).get_root().render()
    for label in ("Basin outline", "Rivers", "Tonle Sap", "Gauging stations", "Dams", "Cooperation projects"):
        assert json.dumps(label) in html or label in html, label
    assert "L.control.layers" in html


def test_layer_list_folds_on_a_narrow_map_like_the_legend(frames):
    fmap = build_basin_map(select(frames, COUNTRIES), MapOptions(countries=COUNTRIES))
    html = fmap.get_root().render()
    # Decided in the browser, which knows the map's width: one rule for the list and the legend.
    rule = f"{fmap.get_name()}.getSize().x < {LEGEND_FOLDED_BELOW_PX}"
    assert f'"collapsed": {rule},' in html
    assert f"if (map.getSize().x < {LEGEND_FOLDED_BELOW_PX})" in html


def test_country_filter_changes_points_and_fit(frames):
    laos = build_basin_map(select(frames, ("LA",)), MapOptions(countries=("LA",)))
    feats = point_features(laos)
    assert len(feats["dam"]) == int((frames["dams"].iso2 == "LA").sum()) == 383
    assert {f["properties"]["fid"] for f in feats["station"]} <= set(
        frames["stations"].query("iso2 == 'LA'").station_id
    )
    assert all("LA" in f["properties"]["tip"] for f in feats["project"])
    html = laos.get_root().render()
    bounds = fit_bounds(frames["basin_countries"], ["LA"])
    assert bounds[0][0] > 13 and bounds[1][0] < 23.5  # Laos spans about 14-22.5 N
    assert re.search(r"fitBounds\(\s*\[\[13\.", html)


def _covers(outer, inner) -> bool:
    """((south, west), (north, east)) ``outer`` contains ``inner``."""
    (s, w), (n, e) = outer
    (s2, w2), (n2, e2) = inner
    return s <= s2 and w <= w2 and n >= n2 and e >= e2


def _view(zoom: float, width_px: int, height_px: int):
    """What Leaflet shows at ``zoom`` once the view is larger than the pan limit: the view
    centred on the frame in Web Mercator (as ``maxBounds`` makes it), ((south, west), (north, east))."""
    def y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    def lat(y_):
        return math.degrees(2 * math.atan(math.exp(y_)) - math.pi / 2)

    (s, w), (n, e) = FRAME
    per_radian = 256 * 2 ** zoom / (2 * math.pi)
    half_lon = math.degrees(width_px / 2 / per_radian)
    cy = (y(s) + y(n)) / 2
    half_y = height_px / 2 / per_radian
    return (lat(cy - half_y), (w + e) / 2 - half_lon), (lat(cy + half_y), (w + e) / 2 + half_lon)


def test_basemap_extent_covers_the_maximum_bounds(frames):
    """Coastlines and borders reach past the pan limit (Leaflet's maxBounds), and, zoomed out
    fully, the Basin map page's map (1,140 x 760 px in a 1,600 px window) stays inside them."""
    w, s, e, n = frames["countries"].total_bounds
    assert _covers(((s, w), (n, e)), FRAME), "the countries layer stops inside the map's maximum bounds"
    w, s, e, n = frames["borders"].total_bounds
    assert _covers(((s, w), (n, e)), FRAME), "the borders stop inside the map's maximum bounds"
    assert _covers(EXTENT, FRAME)
    assert _covers(EXTENT, _view(MIN_ZOOM, 1140, 760))
    assert not _covers(EXTENT, _view(MIN_ZOOM, 2100, 760))  # a wider map gets a higher lowest zoom
    html = build_basin_map(select(frames, COUNTRIES), MapOptions(countries=COUNTRIES)).get_root().render()
    assert f'"minZoom": {MIN_ZOOM}' in html
    assert f"map.setMaxBounds({json.dumps([list(FRAME[0]), list(FRAME[1])])})" in html
    assert "map.setMinZoom(lowestZoom())" in html and json.dumps([list(EXTENT[0]), list(EXTENT[1])]) in html
    (s, w), (n, e) = EXTENT
    sea = [[w, s], [e, s], [e, n], [w, n], [w, s]]
    assert json.dumps({"type": "Polygon", "coordinates": [sea]}) in html  # sea behind the whole extent


def test_map_has_no_remote_asset_by_default(frames):
    fmap = build_basin_map(select(frames, COUNTRIES), MapOptions(countries=COUNTRIES))
    html = fmap.get_root().render()
    assert find_remote_assets(html) == []
    assert LEAFLET_JS in html and LEAFLET_CSS in html
    assert "tile.openstreetmap" not in html and "arcgisonline" not in html


def test_online_tiles_only_when_switched_on(frames):
    fmap = build_basin_map(select(frames, COUNTRIES), MapOptions(countries=COUNTRIES, online_tiles=True))
    html = fmap.get_root().render()
    assert "tile.openstreetmap.org" in html and "arcgisonline" in html


def test_illustrative_projects_are_marked(frames):
    feats = point_features(build_basin_map(select(frames, COUNTRIES), MapOptions(countries=COUNTRIES)))
    illustrative = set(frames["projects"].query("provenance == 'illustrative'").id)
    for f in feats["project"]:
        marked = f["properties"]["h"] == 1 and "ILLUSTRATIVE" in f["properties"]["tip"]
        assert marked == (f["properties"]["fid"] in illustrative)


def test_hostile_names_stay_text(frames):
    hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    data = select(frames, COUNTRIES)
    data["stations"] = data["stations"].copy()
    data["stations"].loc[data["stations"].index[0], "name"] = hostile
    data["projects"] = data["projects"].copy()
    data["projects"].loc[data["projects"].index[0], "name_en"] = hostile
    html = build_basin_map(data, MapOptions(countries=COUNTRIES)).get_root().render()
    assert "<img src=x" not in html and "<script>alert" not in html
    # Tooltips are filled with textContent, never innerHTML.
    assert "d.textContent = p.tip" in html and "innerHTML = p" not in html
    assert "/*lmc-layer:station:56*/" in html


def test_missing_layer_is_skipped(frames):
    data = select(frames, COUNTRIES)
    data["dams"] = None
    feats = point_features(build_basin_map(data, MapOptions(countries=COUNTRIES)))
    assert "dam" not in feats and len(feats["station"]) > 0


def test_dam_radius_is_square_root_scaled():
    assert dam_radius(400) - dam_radius(100) == pytest.approx(dam_radius(100) - dam_radius(0.0001), abs=0.15)
    assert dam_radius(float("nan")) == 2.5


def test_legend_lists_only_drawn_point_layers(frames):
    data = select(frames, COUNTRIES)
    data["dams"] = None
    data["stations"] = None
    html = build_basin_map(data, MapOptions(countries=COUNTRIES)).get_root().render()
    assert "Projects by theme" in html
    assert "Dams (size: installed MW)" not in html and "Gauging station (MRC)" not in html


def test_station_tooltips_say_status_quality_and_never_nan(frames):
    from lmc_geo.maps.basin_map import station_features

    stations = frames["stations"]
    sid_a, sid_b, sid_c = stations.station_id.iloc[:3]
    status = pd.DataFrame({
        "station_id": [sid_a, sid_b, sid_c],
        "value": [12.0, float("nan"), 3.0],
        "status": ["alarm", "no_data", "normal"],
        "rule": ["thresholds", "none", "percentile"],
        "quality": ["measured", "", "gap_filled_series"],
        "p10": [float("nan")] * 3,
    })
    tips = {
        f["properties"]["fid"]: f["properties"]["tip"]
        for f in station_features(stations, status=status, as_of="2008-08-15")["features"]
    }
    assert "2008-08-15: 12.00 m · Above alarm level (alarm and flood levels)" in tips[sid_a]
    assert tips[sid_b].count("No data that day") == 1
    assert "3.00 m (gap-filled series)" in tips[sid_c]
    assert not any("nan" in tip for tip in tips.values())


def test_a_gauge_high_for_the_season_says_the_rule_in_its_tooltip():
    from lmc_geo.hydrology.status import station_status_for
    from lmc_geo.maps.basin_map import MapOptions, build_basin_map

    frames = {name: loaders.read_layer(name) for name in ("countries", "basin", "stations")}
    status = station_status_for("2008-08-14")
    for lang, words in (("en", "High for the season (No alarm or flood level set: above the 90th percentile"),
                        ("zh", "较同期偏高（未设定警戒水位或洪水位：高于该年内日序历史记录的第90百分位")):
        script = build_basin_map(frames, MapOptions(countries=("TH",), lang=lang, as_of="2008-08-14",
                                                    station_status=status)).get_root().render()
        texts = [json.loads(m, strict=False) for m in re.findall(r'"(?:[^"\\]|\\.)*"', script)]
        nong_khai = next(x for x in texts if isinstance(x, str) and x.startswith("Nong Khai (TH)"))
        assert words in nong_khai, nong_khai


def test_a_layer_too_large_to_draw_point_by_point_is_grouped(frames):
    import numpy as np

    from lmc_geo.maps.basin_map import CLUSTER_ABOVE, CLUSTER_CELLS

    dams = frames["dams"]
    n_copies = CLUSTER_ABOVE // len(dams) + 2
    rng = np.random.default_rng(0)
    many = pd.concat([dams.assign(dam_id=dams["dam_id"] + f"_SYN{k}",
                                  lon=dams["lon"] + rng.normal(0, 0.05, len(dams)),
                                  lat=dams["lat"] + rng.normal(0, 0.05, len(dams))) for k in range(n_copies)],
                     ignore_index=True)
    fmap = build_basin_map({**frames, "dams": many}, MapOptions(countries=COUNTRIES, lang="zh"))
    drawn = point_features(fmap)["dam"]
    counts = [f["properties"]["n"] for f in drawn]
    assert len(drawn) <= CLUSTER_CELLS and sum(counts) == len(many)
    groups = [f for f in drawn if f["properties"]["n"] > 1]
    assert groups and all(f["properties"]["fid"] is None for f in groups)
    assert "合并显示" in groups[0]["properties"]["tip"]
    singles = [f for f in drawn if f["properties"]["n"] == 1]
    assert all(f["properties"]["fid"] for f in singles)  # a lone dam keeps its card
    # The shipped data is drawn point by point.
    assert "n" not in point_features(build_basin_map(frames, MapOptions(countries=COUNTRIES)))["dam"][0]["properties"]


def test_template_syntax_in_a_name_is_text_not_evaluated(frames):
    """branca would compile each element's output as a Jinja template: a name holding ``{{ }}`` would be
    evaluated on the server (or ``{% raw %}`` break the map). Names go into the page as typed."""
    data = select(frames, COUNTRIES)
    dams = data["dams"].copy()
    dams.loc[dams.index[0], "name"] = "Dam {{ 7*7 }} {% raw %} {{ cycler.__init__.__globals__ }}"
    projects = data["projects"].copy()
    projects.loc[projects.index[0], "name_en"] = "{{ lipsum.__globals__['os'].getcwd() }}"
    html = build_basin_map({**data, "dams": dams, "projects": projects},
                           MapOptions(countries=COUNTRIES)).get_root().render()
    assert "Dam {{ 7*7 }} {% raw %} {{ cycler.__init__.__globals__ }}" in html
    assert "Dam 49" not in html and "{{ lipsum.__globals__[" in html
