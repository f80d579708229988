"""The Hydrology page in real Chromium: a link opens a station, its charts draw offline, the CSV downloads."""

from __future__ import annotations

import io

import pandas as pd
from playwright.sync_api import expect

CHART = '[data-testid="stPlotlyChart"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def open_page(page, url):
    page.goto(url)
    page.locator(IDLE).wait_for(timeout=60_000)
    page.locator(f"{CHART} .main-svg").first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")


def full_shot(page, shot, name):
    """The app scrolls inside its own container: grow the viewport to capture the whole page."""
    height = page.evaluate("document.querySelector('[data-testid=stMain]')?.scrollHeight || 1000")
    page.set_viewport_size({"width": 1600, "height": min(int(height) + 40, 6000)})
    page.wait_for_timeout(500)
    shot(page, name)
    page.set_viewport_size({"width": 1600, "height": 1000})


def read_download(page, label: str) -> pd.DataFrame:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    text = open(info.value.path(), encoding="utf-8").read()
    assert "# variable: water_level_m (unit: m)" in text.splitlines()
    assert any(line.startswith("#   gap_filled_series:") for line in text.splitlines())
    return pd.read_csv(io.StringIO(text), comment="#", dtype={"quality": str, "station_id": str, "source": str})


def test_link_opens_station_and_downloads_csv(app_server, page, shot):
    open_page(page, app_server + "/hydrology?station=010501")
    band = page.locator(CHART).first
    expect(band.locator(".gtitle")).to_contain_text("Chiang Saen")
    expect(band.locator(".legend")).to_contain_text("Alarm level 11.50 m")
    expect(band.locator(".legend")).to_contain_text("gap-filled series")
    expect(page.locator(".ytitle").first).to_contain_text("local gauge datum")
    metrics = page.locator('[data-testid="stMetric"]')
    expect(metrics.first).to_contain_text("m")
    assert "station=010501" in page.url
    full_shot(page, shot, "hydrology-chiang-saen")

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the displayed series (CSV)").click()
    download = info.value
    assert download.suggested_filename.startswith("010501_water_level_m_daily_")
    text = open(download.path(), encoding="utf-8").read()
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert "# station: Chiang Saen (010501)" in header
    assert "# variable: water_level_m (unit: m)" in header
    assert "# datum: local gauge" in header
    assert any("gap_filled_series:" in line for line in header)
    data = pd.read_csv(io.StringIO(text), comment="#", dtype={"quality": str})
    assert list(data.columns) == ["date", "water_level_m", "quality", "source", "flag"]
    assert len(data) > 12_000
    assert set(data["quality"]) <= {"measured", "gap_filled_series", "gap_filled", "suspect", "missing"}
    assert set(data.loc[data["quality"] == "suspect", "flag"]) == {"contradicts_discharge"}  # 1993 at Chiang Saen
    assert (data.loc[data["source"] == "mrc_wl_1992_2023_gapfilled", "quality"] != "measured").all()
    assert data["date"].iloc[0] == "1989-01-01"

    band = read_download(page, "Download this year with the band (CSV)")
    assert band.columns.tolist()[:5] == ["date", "doy", "water_level_m", "quality", "source"]
    assert "record_p10" in band.columns and len(band) == 365 and band["date"].iloc[0] == "2023-01-01"
    assert not (band["quality"] == "measured").any()  # 2023 comes from the gap-filled series only

    compare = read_download(page, "Download the compared stations (CSV)")
    assert compare.columns.tolist()[:6] == ["date", "station_id", "station", "river_km", "datum", "water_level_m"]
    kms = compare.drop_duplicates("station_id")["river_km"].tolist()
    assert len(kms) >= 3 and kms == sorted(kms, reverse=True)
    assert set(compare["quality"]) <= {"measured", "gap_filled_series", "gap_filled", "missing"}

    assert page.console_errors == []
    assert page.failed_requests == []
    assert page.external_requests == []


def test_quick_pick_and_other_station(app_server, page, shot):
    open_page(page, app_server + "/hydrology?station=013901")
    band = page.locator(CHART).first
    expect(band.locator(".gtitle")).to_contain_text("Pakse")
    page.get_by_role("button", name="2008 flood").click()
    expect(band.locator(".gtitle")).to_contain_text("2008", timeout=30_000)
    page.locator(IDLE).wait_for()
    compare = page.locator(CHART).nth(2)
    expect(compare.locator(".gtitle")).to_contain_text("2008")
    expect(compare.locator(".legend")).to_contain_text("Pakse")
    full_shot(page, shot, "hydrology-pakse-2008")
    assert page.console_errors == []
    assert page.external_requests == []


def test_deep_link_on_a_fresh_server_has_the_sidebar(start_app, page):
    """The first request to a fresh server is a deep link: the entrypoint still runs (sidebar, wide)."""
    open_page(page, start_app() + "/hydrology?station=010501")
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Countries", timeout=5_000)
