"""The folium map loads nothing from the network once use_local_assets() has run."""

from __future__ import annotations

import branca.colormap
import folium
import pytest

from lmc_geo.maps import offline
from lmc_geo.maps.offline import (
    LEAFLET_CSS,
    LEAFLET_JS,
    LocalIconPath,
    colormaps_on,
    find_remote_assets,
    remote_assets_of,
    use_local_assets,
)
from lmc_geo.paths import STATIC_DIR

STATIONS = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [105.8, 15.1]},
            "properties": {
                "name": "Pakse",
                "discharge_m3s": 9800.0,
                # Data and attribution links are text, not assets.
                "source": "https://www.mrcmekong.org/",
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [104.9, 11.6]},
            "properties": {"name": "Phnom Penh", "discharge_m3s": 12000.0, "source": ""},
        },
    ],
}


def _atlas_like_map() -> folium.Map:
    m = folium.Map(location=[15, 104], zoom_start=5, tiles=None)
    LocalIconPath().add_to(m)
    group = folium.FeatureGroup(name="Stations").add_to(m)
    folium.GeoJson(
        STATIONS,
        name="Stations",
        marker=folium.CircleMarker(radius=5),
        tooltip=folium.GeoJsonTooltip(fields=["name", "discharge_m3s"]),
        popup=folium.GeoJsonPopup(fields=["name", "source"]),
        attr='&copy; <a href="https://www.mrcmekong.org/">MRC</a>',
    ).add_to(group)
    folium.LayerControl().add_to(m)
    return m


@pytest.fixture(autouse=True)
def _local_assets():
    use_local_assets()


def test_atlas_map_renders_without_remote_assets():
    m = _atlas_like_map()
    html = m.get_root().render()

    assert find_remote_assets(html) == []
    assert remote_assets_of(m) == []
    assert f'src="{LEAFLET_JS}"' in html
    assert f'href="{LEAFLET_CSS}"' in html
    # The attribution and the data still carry their (text-only) links.
    assert "https://www.mrcmekong.org/" in html


def test_only_leaflet_is_loaded():
    assert folium.Map.default_js == [("leaflet", LEAFLET_JS)]
    assert folium.Map.default_css == [("leaflet_css", LEAFLET_CSS)]
    for cls in offline.USED_CLASSES[1:]:
        assert not getattr(cls, "default_js", []), cls
        assert not getattr(cls, "default_css", []), cls


def test_local_asset_urls_point_at_vendored_files():
    for url in (LEAFLET_JS, LEAFLET_CSS, offline.LEAFLET_IMAGES + "marker-icon.png"):
        assert url.startswith("/app/static/")
        assert (STATIC_DIR / url.removeprefix("/app/static/")).is_file(), url
    assert (STATIC_DIR.parent / offline.FAVICON).is_file()


def test_find_remote_assets_catches_cdn_links():
    html = """
    <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"/>
    <script src='https://code.jquery.com/jquery-3.7.1.min.js'></script>
    <script src="//cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js"></script>
    <style>@import url("https://fonts.googleapis.com/css2?family=Roboto");</style>
    <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>
    <script>L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {}).addTo(m);</script>
    """
    assert find_remote_assets(html) == [
        "https://code.jquery.com/jquery-3.7.1.min.js",
        "//cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js",
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css",
        "https://fonts.googleapis.com/css2?family=Roboto",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    ]


def test_find_remote_assets_reads_streamlit_folium_arguments():
    args = (
        '{"js_links": ["/app/static/vendor/leaflet/1.9.3/leaflet.js",'
        ' "https://d3js.org/d3.v4.min.js"], "css_links": [],'
        ' "header": "<link href=\\"https://cdn.example.org/x.css\\" rel=\\"stylesheet\\">",'
        ' "script": "var a = \\"<a href=\\\\\\"https://example.org\\\\\\">x</a>\\";"}'
    )
    assert find_remote_assets(args) == [
        "https://d3js.org/d3.v4.min.js",
        "https://cdn.example.org/x.css",
    ]


def test_default_folium_map_is_caught():
    """Guard the guard: folium's own CDN defaults are reported."""
    saved = folium.Map.default_js, folium.Map.default_css
    try:
        folium.Map.default_js = [("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")]
        m = folium.Map(tiles="OpenStreetMap")
        found = remote_assets_of(m)
    finally:
        folium.Map.default_js, folium.Map.default_css = saved
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in found
    assert any("tile.openstreetmap.org" in url for url in found)


def test_colormap_brings_d3_from_a_cdn():
    """streamlit-folium adds d3 from CDNs for a branca colormap: keep colormaps off the map."""
    m = _atlas_like_map()
    assert colormaps_on(m) == []

    branca.colormap.LinearColormap(["white", "blue"], vmin=0, vmax=1).add_to(m)
    assert len(colormaps_on(m)) == 1
    assert "https://d3js.org/d3.v4.min.js" in remote_assets_of(m)


def test_local_icon_path_runs_in_the_map_script():
    m = _atlas_like_map()
    html = m.get_root().render()
    assert 'L.Icon.Default.imagePath = "/app/static/vendor/leaflet/1.9.3/images/";' in html
    # Set before the first layer is created.
    assert html.index("L.Icon.Default.imagePath") < html.index("L.geoJson(")
