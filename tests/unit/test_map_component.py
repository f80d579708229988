"""The map component's arguments, made once per view, are the ones ``st_folium`` passes on every run."""

from __future__ import annotations

import re

import pytest
import streamlit_folium

from lmc_geo import loaders
from lmc_geo.filters import by_countries
from lmc_geo.maps.basin_map import BASE_LAYERS, MapOptions, build_basin_map
from lmc_geo.ui import map_component as component

KEY = "basin_map"
RETURNED = ["last_active_drawing"]
#: Element ids folium draws at random for each map (``map_3f0c...``); st_folium's hash leaves them out too.
IDS = re.compile(r"_[0-9a-f]{32}")


@pytest.fixture(scope="module")
def frames():
    out = {name: loaders.read_layer(name) for name in (*BASE_LAYERS, "stations", "dams")}
    out["projects"] = loaders.read_projects()
    return out


def component_call(module, name: str, draw) -> dict:
    """The arguments ``draw()`` hands the component ``module.name``, which records them instead of drawing."""
    seen = {}
    real = getattr(module, name)
    setattr(module, name, lambda **kwargs: seen.update(kwargs))
    try:
        draw()
    finally:
        setattr(module, name, real)
    return seen


def st_folium_args(fmap) -> dict:
    """What ``st_folium`` hands its component for ``fmap``, as the pages called it."""
    return component_call(streamlit_folium, "_component_func", lambda: streamlit_folium.st_folium(
        fmap, key=KEY, height=600, use_container_width=True, returned_objects=RETURNED))


def shown_args(args: component.MapArgs) -> dict:
    return component_call(component, "COMPONENT", lambda: component.show(args, KEY, 600))


@pytest.mark.parametrize("countries", [("CN", "MM", "LA", "TH", "KH", "VN"), ("LA",), ("KH", "VN")])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_kept_render_is_what_st_folium_sends(frames, countries, lang):
    shown = dict(frames)
    for name in ("stations", "dams"):
        shown[name] = by_countries(frames[name], countries)
    shown["projects"] = by_countries(frames["projects"], countries, column="countries")
    options = MapOptions(countries=countries, lang=lang)
    expected = st_folium_args(build_basin_map(shown, options))
    got = shown_args(component.component_args(build_basin_map(shown, options), KEY, RETURNED))
    assert set(got) == set(expected) - {"fig"}
    assert got["key"] == expected["key"]  # the component's state follows the same key
    for name in ("script", "header", "html", "id"):
        assert IDS.sub("_ID", got[name]) == IDS.sub("_ID", expected[name]), name
    for name in set(expected) - {"script", "header", "html", "id", "on_change"}:
        assert got[name] == expected[name], name
    assert len(got["script"]) > 10_000  # the layers are in it

