"""The Projects page in real Chromium: table and map agree, CSV export, a click shows the card,
and hostile text in the registry never runs."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lmc_geo.projects import registry as projects

ROOT = Path(__file__).resolve().parents[2]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
TABLE = ".st-key-projects_table"
HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">'
HOSTILE_PARTNER = "<script>window.__pwned=2</script>"
HOSTILE_SUMMARY = '<img src=y onerror="window.__pwned=3"> **bold** [link](javascript:window.__pwned=4)'


def wait_idle(page) -> None:
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()


def open_projects(page, base_url: str):
    """Open the page like a user who follows a link to it; returns the map's frame locator."""
    page.goto(base_url + "/projects")
    wait_idle(page)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path[data-kind=project]").first.wait_for(timeout=60_000)
    page.locator(TABLE).wait_for()
    return frame


def table_rows(page) -> int:
    """Data rows of the project table (its accessible grid counts the header row too)."""
    return int(page.locator(f"{TABLE} table[role=grid]").get_attribute("aria-rowcount")) - 1


def expect_rows(page, count: int) -> None:
    """Wait until the table shows ``count`` data rows (the map may redraw a moment earlier)."""
    expect(page.locator(f"{TABLE} table[role=grid]")).to_have_attribute("aria-rowcount", str(count + 1), timeout=30_000)
    wait_idle(page)


def map_markers(frame) -> int:
    return frame.locator("[data-kind=project]").count()


def real_errors(page) -> list[str]:
    """Console errors, less Streamlit's own probe of the page path for its base URL."""
    return [e for e in page.console_errors if "/_stcore/" not in e]


def keep_only(page, name: str) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    for other in ("China", "Myanmar", "Laos", "Thailand", "Cambodia", "Vietnam"):
        if other != name:
            sidebar.get_by_role("button", name=f"Remove {other}").click()
            expect(sidebar.get_by_role("button", name=f"Remove {other}")).to_have_count(0)


def test_country_filter_keeps_table_and_map_in_step(app_server, page, shot):
    frame = open_projects(page, app_server)
    assert table_rows(page) == map_markers(frame) == 36
    expect(page.get_by_text("31 of the 36 records are illustrative")).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(3)
    shot(page, "projects-default")
    page.get_by_text("Where, what and when").scroll_into_view_if_needed()
    shot(page, "projects-charts-table")

    keep_only(page, "Cambodia")
    expect(frame.locator("[data-kind=project]")).to_have_count(8, timeout=30_000)
    expect_rows(page, 8)
    assert table_rows(page) == map_markers(frame) == 8
    assert page.url.endswith("countries=KH")

    # The page's own filter narrows both again: Cambodia, dam safety.
    wait_idle(page)
    page.get_by_role("combobox", name="Theme").click()  # opens the theme list
    page.keyboard.type("Dam safety")
    expect(page.get_by_role("option", name="Dam safety")).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(frame.locator("[data-kind=project]")).to_have_count(1, timeout=30_000)
    expect_rows(page, 1)
    expect(frame.locator('[data-fid="LMC-P02"]')).to_have_count(1)
    shot(page, "projects-cambodia-dam-safety")
    assert page.external_requests == []
    assert real_errors(page) == []


def test_csv_export_downloads_the_filtered_rows(app_server, page):
    open_projects(page, app_server)
    keep_only(page, "Laos")
    expect_rows(page, 9)
    button = page.get_by_role("button", name="Download CSV (rows: 9)")
    expect(button).to_be_visible(timeout=30_000)
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.startswith("lmc-projects-") and download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == table_rows(page) == 9
    assert all("LA" in r["countries"].split(";") for r in rows)
    assert {r["provenance"] for r in rows} == {"documented", "illustrative"}
    assert next(r for r in rows if r["id"] == "LMC-P02")["countries"] == "LA;KH;VN"
    assert list(rows[0]) == list(projects.REQUIRED_COLUMNS)


def test_click_on_a_project_shows_its_card(app_server, page, shot):
    frame = open_projects(page, app_server)
    frame.locator('path[data-fid="LMC-P01"]').dispatch_event("click")
    card = page.locator(".st-key-card_project")
    expect(card).to_contain_text("Lao National Water Resources Information and Data Center", timeout=30_000)
    expect(card).to_contain_text("documented")
    link = card.get_by_role("link", name="Open the source")
    assert link.get_attribute("href").startswith("https://www.lmcwater.org.cn/")
    shot(page, "projects-card")

    frame.locator('path[data-fid="LMC-P08"]').dispatch_event("click")
    expect(card).to_contain_text("Illustrative: flood forecasting capacity building (Cambodia)", timeout=30_000)
    expect(card).to_contain_text("Illustrative record: a placeholder")
    expect(card.locator("a[href]")).to_have_count(0)

    # Selecting a row of the table shows that project's card too (rows are 35 px, header included).
    grid = page.locator(TABLE)
    grid.scroll_into_view_if_needed()
    box = grid.locator("canvas").first.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + 35 * 3 + 17)  # the checkbox of the third data row
    expect(page.get_by_role("combobox", name="Project card")).to_have_value(
        re.compile(r"^LMC-P03 · Demonstration of rural water supply"), timeout=30_000)
    expect(card).to_contain_text("Myanmar · မြန်မာ, Laos · ລາວ, Cambodia · កម្ពុជា")  # with their own names
    assert real_errors(page) == []


@pytest.fixture
def hostile_data(tmp_path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    registry = projects.read_registry(data / "projects.csv")
    registry.loc[registry["id"] == "LMC-P06", ["name_en", "partner", "summary"]] = [
        HOSTILE_NAME, HOSTILE_PARTNER, HOSTILE_SUMMARY]
    registry.loc[registry["id"] == "LMC-P07", "name_en"] = HOSTILE_PARTNER
    projects.write_registry(registry, data / "projects.csv", backup=False)
    return data


def pwned(page) -> list[str]:
    """``typeof window.__pwned`` in the page and in every frame (the map's iframe included)."""
    return [f.evaluate("typeof window.__pwned") for f in page.frames]


def test_hostile_registry_text_never_runs(start_app, hostile_data, page, shot):
    base = start_app({"LMC_DATA_DIR": str(hostile_data)})
    frame = open_projects(page, base)
    assert any("streamlit_folium" in f.url for f in page.frames)
    marker = frame.locator('path[data-fid="LMC-P06"]')
    marker.hover(force=True)
    marker.dispatch_event("mouseover")
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(HOSTILE_NAME)  # shown literally, as text
    assert frame.locator(".leaflet-tooltip img").count() == 0

    marker.dispatch_event("click")
    card = page.locator(".st-key-card_project")
    expect(card).to_contain_text(HOSTILE_NAME, timeout=30_000)
    expect(card).to_contain_text(HOSTILE_PARTNER)
    expect(card).to_contain_text("**bold** [link](javascript:window.__pwned=4)")
    assert card.locator("img, script, strong, a[href^=javascript]").count() == 0
    # The card chooser holds the same text, as the value of a text field.
    expect(page.get_by_role("combobox", name="Project card")).to_have_value(f"LMC-P06 · {HOSTILE_NAME} (illustrative)")
    page.locator(TABLE).hover()
    shot(page, "projects-hostile")
    assert pwned(page) == ["undefined"] * len(page.frames)
    assert page.locator("img[src=x], img[src=y]").count() == 0
    assert real_errors(page) == []
