"""The basin map in real Chromium: every layer drawn, offline, filter by country, click to card."""

from __future__ import annotations

import re
from io import BytesIO

from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from lmc_geo.maps.basin_map import EXTENT, MIN_ZOOM
from lmc_geo.schema import PALETTE

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
#: The Leaflet map's zoom, lowest zoom and view ((south, west), (north, east)), read in its frame.
MAP_VIEW_JS = """el => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const b = map.getBounds();
    return {zoom: map.getZoom(), minZoom: map.getMinZoom(),
            view: [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]]};
}"""
LAND_COLOURS = [
    tuple(int(PALETTE[k][i:i + 2], 16) for i in (1, 3, 5)) for k in ("land_other", "land_lmc", "land_selected")
]


def open_map(page, url):
    page.goto(url)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path[data-kind=station]").first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    return frame


def counts(frame) -> dict[str, int]:
    return {kind: frame.locator(f"[data-kind={kind}]").count() for kind in ("station", "dam", "project")}


def test_map_draws_every_layer_offline(app_server, page, shot):
    frame = open_map(page, app_server + "/map")
    shot(page, "map-default")
    assert counts(frame) == {"station": 56, "dam": 1055, "project": 36}
    control = frame.locator(".leaflet-control-layers")
    for label in ("Basin outline", "Rivers", "Tonle Sap", "Gauging stations", "Dams", "Cooperation projects"):
        expect(control).to_contain_text(label)
    expect(frame.locator(".lmc-legend")).to_contain_text("Under construction")
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("Ang et al. 2024")
    expect(frame.locator(".lmc-label", has_text="CAMBODIA")).to_have_count(1)
    # Basemap, basin, rivers and lake are vector paths too.
    assert frame.locator("path.leaflet-interactive, path").count() > 1055 + 56 + 36 + 9
    assert page.failed_requests == []
    assert page.console_errors == []
    assert page.external_requests == []


def test_layer_switcher_hides_dams(app_server, page):
    frame = open_map(page, app_server + "/map")
    frame.locator(".leaflet-control-layers label", has_text="Dams").locator("input").uncheck()
    expect(frame.locator("[data-kind=dam]")).to_have_count(0)
    assert counts(frame)["station"] == 56


def test_country_filter_changes_the_map_and_the_link(app_server, page, shot):
    open_map(page, app_server + "/map")
    # Remove every country but Laos with the sidebar's own controls.
    sidebar = page.locator('[data-testid="stSidebar"]')
    for name in ("China", "Myanmar", "Thailand", "Cambodia", "Vietnam"):
        sidebar.get_by_role("button", name=f"Remove {name}").click()
        expect(sidebar.get_by_role("button", name=f"Remove {name}")).to_have_count(0)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("[data-kind=dam]")).to_have_count(383, timeout=30_000)
    assert page.url.endswith("countries=LA")
    expect(page.get_by_text("383 dams")).to_be_visible()
    shot(page, "map-laos")
    # The link reproduces the view.
    frame = open_map(page, app_server + "/map?countries=LA")
    assert counts(frame)["dam"] == 383


def test_click_on_station_shows_its_card(app_server, page, shot):
    frame = open_map(page, app_server + "/map")
    frame.locator('path[data-fid="010501"]').click()
    card = page.locator(".st-key-card_station")
    expect(card).to_contain_text("Chiang Saen", timeout=30_000)
    expect(card).to_contain_text("11.50 m (local gauge)")
    expect(card).to_contain_text("Mekong River Commission")
    # The station's hydrograph is drawn right below the map, naming the station: an inline SVG
    # the browser draws as it arrives, with the band, the year and the alarm and flood lines.
    chart = page.locator(".st-key-map_hydrograph_hydrograph svg[role=img]")
    expect(chart).to_be_visible(timeout=30_000)
    expect(chart).to_have_attribute("aria-label", "Chiang Saen: water level in 2023 against the record")
    expect(chart).to_contain_text("Alarm level 11.50 m")
    box = chart.bounding_box()
    assert box and box["width"] > 400 and box["height"] > 200
    expect(card.locator("table.lmc-facts th", has_text="Alarm level")).to_be_visible()
    expect(page.get_by_test_id("stPageLink-NavLink")).to_have_attribute("href", re.compile("station=010501"))
    shot(page, "map-station-card")
    assert page.console_errors == []


def test_country_filter_survives_page_switches(app_server, page):
    open_map(page, app_server + "/map?countries=LA,KH")
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("link", name="Projects").click()
    page.wait_for_url(re.compile(r"/projects"))
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
    expect(sidebar.get_by_role("button", name="Remove Laos")).to_have_count(1)
    expect(sidebar.get_by_role("button", name="Remove China")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"countries=LA(%2C|,)KH"))
    sidebar.get_by_role("link", name="Basin map").click()
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("[data-kind=dam]")).to_have_count(383 + 67, timeout=30_000)
    assert page.console_errors == []


def zoom_out_fully(page, frame) -> dict:
    button = frame.locator(".leaflet-control-zoom-out")
    for _ in range(12):  # from the opening zoom (about 5) in steps of one
        if "leaflet-disabled" in (button.get_attribute("class") or ""):
            break
        button.click()
        page.wait_for_timeout(350)  # the zoom animation
    expect(button).to_have_class(re.compile("leaflet-disabled"))
    page.wait_for_timeout(300)
    return frame.locator(".leaflet-container").evaluate(MAP_VIEW_JS)


def inside(view, extent) -> bool:
    (s, w), (n, e) = view
    (s2, w2), (n2, e2) = extent
    eps = 1e-6
    return s >= s2 - eps and w >= w2 - eps and n <= n2 + eps and e <= e2 + eps


def has_land(pixels) -> bool:
    return any(all(abs(p[i] - c[i]) <= 3 for i in range(3)) for p in pixels for c in LAND_COLOURS)


def test_zoomed_out_fully_the_basemap_reaches_every_edge(app_server, page, shot):
    frame = open_map(page, app_server + "/map")
    state = zoom_out_fully(page, frame)
    assert state["zoom"] == state["minZoom"] == MIN_ZOOM  # the 1,140 px map of a 1,600 px window
    assert inside(state["view"], EXTENT), state
    shot(page, "map-zoomed-out")
    image = Image.open(BytesIO(page.locator(MAP_FRAME).screenshot())).convert("RGB")
    width, height = image.size
    # Land (coastlines and borders) at the map's left and top edges, clear of the controls: west of
    # the frame is Arabia and India, north of it Central Asia and Mongolia.
    assert has_land(image.getpixel((x, y)) for x in range(3) for y in range(90, height - 60, 4))
    assert has_land(image.getpixel((x, y)) for y in range(3) for x in range(60, width - 220, 4))
    # A wider map gets a higher lowest zoom and still shows nothing beyond the basemap.
    page.set_viewport_size({"width": 2600, "height": 1000})
    page.wait_for_timeout(1500)
    state = frame.locator(".leaflet-container").evaluate(MAP_VIEW_JS)
    assert state["minZoom"] > MIN_ZOOM and state["zoom"] >= state["minZoom"]
    assert inside(state["view"], EXTENT), state
    assert page.console_errors == []



def test_the_briefing_download_returns_the_pdf_of_this_view(app_server, page, tmp_path):
    open_map(page, app_server + "/map?countries=LA&asof=2008-08-15&lang=zh")
    button = page.get_by_role("button", name="简报（PDF）")
    with page.expect_download(timeout=120_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "briefing-LA-2008-08-15-zh.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    text = PdfReader(str(path)).pages[0].extract_text()
    assert "澜沧江-湄公河流域简报" in text and "老挝" in text and "2008年8月15日" in text
    assert page.console_errors == []
