"""The presenter tour in real Chromium: clicker keys and buttons move it, ?scene=N opens a scene, the
link follows the scene, and a scene fits a projector's screen without scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from lmc_geo.i18n import t

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
OVERFLOW = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    return {main: main.scrollHeight - main.clientHeight,
            doc: document.documentElement.scrollHeight - window.innerHeight};
}"""
FITS = f"() => {{ const o = ({OVERFLOW})(); return o.main <= 2 && o.doc <= 2; }}"


def open_tour(page, url):
    page.goto(url)
    page.locator(IDLE).wait_for(timeout=60_000)
    page.locator("h1").first.wait_for(timeout=60_000)
    # The clicker keys act through the buttons' shortcuts: a key pressed before they are drawn is lost.
    page.locator(".st-key-tour_keys button").first.wait_for(state="attached", timeout=60_000)
    page.locator(IDLE).wait_for(timeout=60_000)


def title(page):
    return page.locator("h1").first


def test_the_tour_moves_by_key_and_by_button_and_the_link_follows(app_server, page, shot):
    open_tour(page, app_server + "/tour")
    expect(title(page)).to_have_text(t("tour.basin.title", "en"))
    page.keyboard.press("PageDown")
    expect(title(page)).to_have_text(t("tour.cascade.title", "en"), timeout=30_000)
    page.keyboard.press("ArrowRight")
    expect(title(page)).to_have_text(t("tour.gauges.title", "en"), timeout=30_000)
    page.get_by_role("button", name=t("tour.next", "en")).click()
    expect(title(page)).to_have_text(t("tour.flood_2008.title", "en"), timeout=30_000)
    page.wait_for_function("() => location.search.includes('scene=4')", timeout=30_000)
    shot(page, "tour-scene-4")
    page.keyboard.press("PageUp")
    expect(title(page)).to_have_text(t("tour.gauges.title", "en"), timeout=30_000)
    page.keyboard.press("ArrowLeft")
    expect(title(page)).to_have_text(t("tour.cascade.title", "en"), timeout=30_000)
    assert page.console_errors == [] and page.external_requests == []


def test_a_scene_link_opens_that_scene_in_chinese(app_server, page):
    open_tour(page, app_server + "/tour?scene=3&lang=zh")
    expect(title(page)).to_have_text(t("tour.gauges.title", "zh"))
    expect(page.get_by_text(t("tour.position", "zh", n=3, count=7))).to_be_visible()


def test_an_unknown_scene_says_so_and_shows_the_first(app_server, page):
    open_tour(page, app_server + "/tour?scene=99")
    expect(title(page)).to_have_text(t("tour.basin.title", "en"))
    expect(page.locator('[data-testid="stAlert"]')).to_contain_text("There is no scene 99")


@pytest.mark.parametrize("width, height", [(1920, 1080), (1280, 720)])
def test_every_scene_fits_the_projector_without_scrolling(app_server, browser, width, height, shot):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        for scene in range(1, 8):
            open_tour(page, f"{app_server}/tour?scene={scene}")
            # the scene's view drawn (a chart, the SVG or the table), then the layout settled
            page.locator('[data-testid="stPlotlyChart"] .main-svg, .lmc-svg svg, [data-testid="stTable"]').first \
                .wait_for(timeout=60_000)
            try:
                page.wait_for_function(FITS, timeout=8_000)
            except PlaywrightTimeout:
                pass  # measured below, and the assertion says by how much
            overflow = page.evaluate(OVERFLOW)
            assert overflow["main"] <= 2 and overflow["doc"] <= 2, (scene, overflow)
            expect(page.locator('[data-testid="stSidebar"]')).to_have_attribute("data-collapsed", "true")
        shot(page, f"tour-{width}x{height}-scene-7")
    finally:
        context.close()
