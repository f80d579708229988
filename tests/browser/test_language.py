"""English and Chinese in real Chromium: ?lang=zh shows the menu, headings, map legend and month names
in Chinese; the switch goes back to English and keeps the countries and the station in the link."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from lmc_geo.i18n import month_names, t

CHART = '[data-testid="stPlotlyChart"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def wait_idle(page):
    page.locator(IDLE).wait_for(timeout=60_000)


def test_chinese_link_shows_chinese_and_the_switch_keeps_the_view(app_server, page, shot):
    page.goto(app_server + "/hydrology?lang=zh&countries=TH,LA&station=010501")
    wait_idle(page)
    page.locator(f"{CHART} .main-svg").first.wait_for(timeout=60_000)
    nav = page.locator('[data-testid="stSidebarNav"]')
    for key in ("nav.overview", "nav.map", "nav.hydrology", "nav.dams", "nav.projects", "nav.about"):
        expect(nav).to_contain_text(t(key, "zh"))
    expect(page.locator("h1").first).to_have_text(t("hydro.header", "zh"))
    band_axis = page.locator(CHART).first.locator(".xtick text")
    expect(band_axis.first).to_have_text("1月", timeout=30_000)
    assert set(month_names("zh")) <= set(band_axis.all_text_contents())  # the band chart's axis: 1月 ... 12月
    shot(page, "hydrology-zh")
    assert page.console_errors == [] and page.external_requests == []

    page.get_by_text("English", exact=True).click()
    expect(page.locator("h1").first).to_have_text(t("hydro.header", "en"), timeout=30_000)
    band_axis = page.locator(CHART).first.locator(".xtick text")
    expect(band_axis.first).to_have_text("Jan", timeout=30_000)  # the chart redrawn in English
    wait_idle(page)
    assert "1月" not in page.locator(f"{CHART} .xtick text").all_text_contents()
    assert "lang=en" in page.url and "station=010501" in page.url
    assert re.search(r"countries=(LA%2CTH|LA,TH)", page.url), page.url


def test_map_legend_and_country_labels_in_chinese(app_server, page, shot):
    page.goto(app_server + "/map?lang=zh")
    wait_idle(page)
    frame = page.frame_locator(MAP_FRAME)
    legend = frame.locator(".lmc-legend")
    expect(legend).to_contain_text(t("legend.title", "zh"), timeout=60_000)
    expect(page.locator("h1").first).to_have_text(t("map.header", "zh"))
    shot(page, "map-zh")
    assert page.console_errors == [] and page.external_requests == []


def test_unknown_language_in_the_link_is_english(app_server, page):
    page.goto(app_server + "/?lang=xx")
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text(t("overview.title", "en"), timeout=60_000)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert "lang=en" in page.url  # the link now says the language shown
