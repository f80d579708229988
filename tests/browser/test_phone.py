"""On a phone the page is the page: the sidebar starts folded, nothing scrolls the page sideways, the
key figures and charts fit, and the map's layer list and legend start folded. On a desktop or a
laptop the sidebar still opens beside the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SIDEBAR = '[data-testid="stSidebar"]'

#: The page's widths and every element of the main area that sticks out of the screen without a
#: box of its own that scrolls or clips it inside the screen (a table, an SVG chart in its frame).
#: The app scrolls inside its main area, so the document's width alone would not tell.
SIDEWAYS = """() => {
    const width = window.innerWidth, main = document.querySelector('[data-testid="stMain"]');
    const inside = r => r.left >= -0.5 && r.right <= width + 0.5;
    const held = el => {
        for (let a = el.parentElement; a && a !== main; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible' && inside(a.getBoundingClientRect())) return true;
        }
        return false;
    };
    const out = [...main.querySelectorAll('*')].filter(el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && !inside(r) && !held(el);
    }).map(el => el.tagName + ' ' + (el.getAttribute('data-testid') || '') + ' '
                 + (el.textContent || '').trim().slice(0, 40));
    return {page: [document.documentElement.scrollWidth, width], main: [main.scrollWidth, main.clientWidth], out};
}"""


def open_app(page, url: str) -> None:
    page.goto(url)
    page.locator(IDLE).wait_for(timeout=60_000)


def assert_no_sideways_scrolling(page) -> None:
    seen = page.evaluate(SIDEWAYS)
    width = PHONE["viewport"]["width"]
    assert seen["page"] == [width, width], seen
    assert seen["main"][0] <= seen["main"][1], seen
    assert seen["out"] == [], seen


def assert_sidebar_folded(page) -> None:
    sidebar = page.locator(SIDEBAR)
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    box = sidebar.bounding_box()
    assert box is None or box["x"] + box["width"] <= 1, box  # off the screen, not over the page
    expect(page.locator('[data-testid="stExpandSidebarButton"]')).to_be_visible()


def full_length_shot(page, shot, name: str, height: int = 6000) -> None:
    """The app scrolls inside: a tall window shows all of it (the width, which sets the layout, stays)."""
    page.set_viewport_size({"width": PHONE["viewport"]["width"], "height": height})
    page.wait_for_timeout(800)
    shot(page, name)
    page.set_viewport_size(PHONE["viewport"])


def test_overview_on_a_phone(app_server, phone_page, shot):
    page = phone_page
    open_app(page, app_server + "/")
    page.locator('[data-testid="stMetricValue"]').first.wait_for()
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(4, timeout=60_000)
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    shot(page, "phone-overview")

    assert_sidebar_folded(page)
    expect(page.get_by_role("heading", name="The Lancang-Mekong basin at a glance")).to_be_visible()
    assert_no_sideways_scrolling(page)
    # Every key figure whole on the first screen, value included: the row wraps, it does not scroll.
    metrics = page.locator('[data-testid="stMetric"]')
    assert metrics.count() == 5
    for metric in metrics.all():
        box = metric.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["viewport"]["width"], box
        assert box["y"] + box["height"] <= PHONE["viewport"]["height"], box
    expect(metrics.first).to_contain_text("795,934 km²")
    # Charts as wide as the screen allows, their titles clear of plotly's tool bar (no hover on touch).
    for chart in page.locator('[data-testid="stPlotlyChart"]').all():
        box = chart.bounding_box()
        assert box and 300 <= box["width"] <= PHONE["viewport"]["width"], box
    toolbars = page.locator('[data-testid="stPlotlyChart"] .modebar')
    assert toolbars.count() >= 3
    for toolbar in toolbars.all():
        expect(toolbar).to_be_hidden()
    full_length_shot(page, shot, "phone-overview-full")

    assert page.failed_requests == []
    assert page.console_errors == []
    assert page.external_requests == []


def test_basin_map_on_a_phone(app_server, phone_page, shot):
    page = phone_page
    open_app(page, app_server + "/map")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path[data-kind=station]").first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    shot(page, "phone-map")

    assert_sidebar_folded(page)
    assert_no_sideways_scrolling(page)
    # Folded to Leaflet's layers icon and the legend to its title: the map is left to the map.
    control = frame.locator(".leaflet-control-layers")
    expect(control).not_to_have_class(re.compile(r"\bleaflet-control-layers-expanded\b"))
    expect(frame.locator(".leaflet-control-layers-toggle")).to_be_visible()
    expect(frame.locator(".leaflet-control-layers-list")).to_be_hidden()
    expect(frame.locator(".lmc-legend details")).not_to_have_attribute("open", "")
    # One tap opens the list, with every layer.
    frame.locator(".leaflet-control-layers-toggle").tap()
    expect(frame.locator(".leaflet-control-layers-list")).to_be_visible()
    expect(control).to_contain_text("Cooperation projects")
    shot(page, "phone-map-layers")

    # The folded sidebar opens on a tap, with the country filter.
    page.locator('[data-testid="stExpandSidebarButton"]').tap()
    expect(page.locator(SIDEBAR)).to_have_attribute("data-collapsed", "false")
    expect(page.locator(SIDEBAR)).to_contain_text("Countries")
    page.wait_for_function(f"document.querySelector('{SIDEBAR}').getBoundingClientRect().left >= 0")  # slid in
    shot(page, "phone-map-sidebar")

    assert page.failed_requests == []
    assert page.console_errors == []
    assert page.external_requests == []


@pytest.mark.parametrize("width", [1600, 1100])
def test_sidebar_opens_beside_the_page_on_a_desktop_or_laptop(app_server, page, shot, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_app(page, app_server + "/")
    sidebar = page.locator(SIDEBAR)
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    expect(sidebar).to_contain_text("Countries")
    box = sidebar.bounding_box()
    assert box and box["x"] >= 0 and box["width"] >= 200, box
    main = page.locator('[data-testid="stMain"]').bounding_box()
    assert main and main["x"] >= box["x"] + box["width"] - 1, (box, main)  # beside the page, not over it
    shot(page, f"desktop-{width}-sidebar")
