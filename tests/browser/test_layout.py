"""On a laptop screen nothing is cut short with an ellipsis, and the map legend leaves room for the map."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

#: A 1100 px wide window with the sidebar open leaves the page about 640 px: a small laptop or a
#: projector at low resolution.
LAPTOP = {"width": 1100, "height": 800}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

#: Elements inside the key figures, widget labels and buttons that show text cut short: an
#: ellipsis in their style and more text than room.
CUT_SHORT = """() => [...document.querySelectorAll(
        '[data-testid="stMain"] [data-testid="stMetric"] *, [data-testid="stMain"] [data-testid="stWidgetLabel"] *, '
        + '[data-testid="stMain"] [data-testid="stButton"] *')]
    .filter(el => getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1)
    .map(el => el.textContent.trim())"""


@pytest.mark.parametrize("path", ["/", "/dams", "/projects", "/hydrology"])
def test_nothing_is_cut_short_on_a_laptop_screen(app_server, page, shot, path):
    page.set_viewport_size(LAPTOP)
    page.goto(app_server + path)
    page.locator(IDLE).wait_for()
    # The run has drawn its key figures (the idle marker is also there before a run starts).
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stMetricValue\"]').length >= 4",
                           timeout=60_000)
    page.locator(IDLE).wait_for()
    page.wait_for_load_state("networkidle")  # widgets whose code loads after the run have drawn
    shot(page, "laptop" + path.replace("/", "-").rstrip("-"))
    metrics = page.locator('[data-testid="stMetric"]').count()
    assert metrics >= 4
    assert page.evaluate(CUT_SHORT) == []


def test_map_legend_folds_on_a_narrow_map_and_opens_on_click(app_server, page, shot):
    page.set_viewport_size(LAPTOP)
    page.goto(app_server + "/map")
    frame = page.frame_locator(MAP_FRAME)
    legend = frame.locator(".lmc-legend details")
    legend.wait_for(state="attached", timeout=60_000)
    # Folded, it leaves the map to the map; the layer list is at Leaflet's 12 px base (13 px labels).
    expect(legend).not_to_have_attribute("open", "")
    assert frame.locator(".leaflet-control-layers label").first.evaluate("e => getComputedStyle(e).fontSize") == "13px"
    frame.locator(".lmc-legend summary").click()
    expect(legend).to_have_attribute("open", "")
    expect(frame.locator(".lmc-legend")).to_contain_text("Under construction")
    shot(page, "laptop-map-legend")
