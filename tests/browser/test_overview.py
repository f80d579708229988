"""The landing page in a real browser: the six countries and their basin shares, offline, no errors."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import expect

from lmc_geo.schema import PALETTE

COUNTRIES = ["China", "Myanmar", "Laos", "Thailand", "Cambodia", "Vietnam"]


def wait_for_app(page) -> None:
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")


def share_rows(page) -> dict[str, tuple[int, float | None]]:
    """Row name -> (area in km², share in % or None) read from the basin-share table as the user sees it."""
    table = page.locator('[data-testid="stTable"]', has_text="Share (%)").first
    table.wait_for(timeout=60_000)
    rows = {}
    for row in table.locator("tbody tr").all():
        cells = [c.strip() for c in row.locator("th, td").all_inner_texts()]
        share = None if cells[-1] == "–" else float(cells[-1])
        rows[cells[0]] = (int(cells[1].replace(",", "")), share)
    return rows


def test_landing_page_lists_the_six_countries_with_shares_adding_to_100(app_server, page, shot):
    page.goto(app_server + "/")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="The Lancang-Mekong basin at a glance")).to_be_visible()

    rows = share_rows(page)
    assert list(rows)[:6] == COUNTRIES  # upstream to downstream
    assert sum(rows[c][1] for c in COUNTRIES) == pytest.approx(100.0, abs=0.15)
    assert rows["Total"][1] == pytest.approx(100.0, abs=0.15)
    # The areas add up to the headline: the six countries and the delta coast outside them.
    assert list(rows)[6:] == ["Delta coast and river mouths (in no country's outline)", "Total"]
    headline = page.locator('[data-testid="stMetric"]', has_text="Basin area").locator('[data-testid="stMetricValue"]')
    assert rows["Total"][0] == sum(area for name, (area, _) in rows.items() if name != "Total")
    assert f"{rows['Total'][0]:,} km²" == headline.inner_text().strip()

    # Charts and the overview map are drawn (plotly ships with Streamlit: nothing from a CDN).
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(4, timeout=60_000)
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=60_000)
    timeline = page.locator('[data-testid="stTable"]', has_text="Joint Working Group meeting").first
    expect(timeline).to_contain_text("14 Sept 2021")
    expect(timeline).to_contain_text("2021 progress report")

    page.set_viewport_size({"width": 1600, "height": 3600})  # the app scrolls inside: show all of it
    page.wait_for_timeout(500)
    shot(page, "overview")

    assert page.failed_requests == []
    assert page.console_errors == []
    assert page.external_requests == []


def test_dams_page_draws_the_cascade_offline(app_server, page, shot):
    page.goto(app_server + "/")
    wait_for_app(page)
    page.get_by_role("link", name="Dams").first.click()
    page.wait_for_url(re.compile(r"/dams(\?|$)"))  # the link keeps the language: /dams?lang=en
    wait_for_app(page)
    expect(page.get_by_role("heading", name="The mainstream cascade, source to sea")).to_be_visible(timeout=60_000)
    cascade = page.locator(".st-key-dams_cascade svg[role=img]")
    expect(cascade.locator("circle[data-dam]")).to_have_count(33, timeout=60_000)
    expect(cascade).to_contain_text("Xiaowan")
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0  # the first view loads no chart library
    # Each dam's tooltip names it with its facts.
    expect(cascade.locator("circle[data-dam] > title", has_text="Nuozhadu (China)")).to_have_count(1)
    expect(page.locator('[data-testid="stMetric"]').first).to_contain_text("1,055")

    page.set_viewport_size({"width": 1600, "height": 4400})
    page.wait_for_timeout(500)
    shot(page, "dams")

    assert page.failed_requests == []
    assert page.console_errors == []
    assert page.external_requests == []


def test_overview_map_shows_land_to_its_edges(app_server, page, shot):
    """The basemap reaches past the region box: land at the map's left and right edges, not sea."""
    page.goto(app_server + "/")
    wait_for_app(page)
    chart = page.locator(".st-key-overview_map")
    chart.locator(".main-svg").first.wait_for(timeout=60_000)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    image = Image.open(BytesIO(chart.screenshot())).convert("RGB")
    width, height = image.size  # the plot fills the chart's width; the attribution is below it
    land = [tuple(int(PALETTE[k][i:i + 2], 16) for i in (1, 3, 5)) for k in ("land_other", "land_lmc")]

    def has_land(x: int) -> bool:
        return any(all(abs(p - c) <= 3 for p, c in zip(image.getpixel((x, y)), colour))
                   for y in range(0, height - 40, 3) for colour in land)

    assert has_land(2) and has_land(width - 3)  # India and Nepal in the west, China in the east
    shot(page, "overview-map")
