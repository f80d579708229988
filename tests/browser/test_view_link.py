"""A copied link reopens the same view in a fresh browser: filters, tab, language and countries."""

from __future__ import annotations

from playwright.sync_api import expect

from lmc_geo.i18n import t

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def wait_idle(page):
    page.locator(IDLE).wait_for(timeout=60_000)


def dams_metric(page) -> str:
    return page.locator('[data-testid="stMetric"]').filter(has_text=t("dams.kf.count", "zh")).locator(
        '[data-testid="stMetricValue"]').inner_text()


def test_a_copied_dams_view_opens_the_same_in_a_new_browser(app_server, browser, page):
    page.goto(app_server + "/dams?lang=zh&countries=LA")
    wait_idle(page)
    page.get_by_text(t("dams.filter.mainstream", "zh")).click()
    wait_idle(page)
    page.get_by_role("tab", name=t("dams.section.table", "zh")).click()
    wait_idle(page)
    page.wait_for_function("() => location.search.includes('tab=table')", timeout=30_000)
    shown = dams_metric(page)
    page.get_by_role("button", name=t("link.copy", "zh")).click()
    link = page.locator('[data-testid="stCode"] code').inner_text().strip()
    assert "mainstream=1" in link and "tab=table" in link and "countries=LA" in link and "lang=zh" in link
    assert link.startswith(app_server + "/dams?")

    fresh = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        other = fresh.new_page()
        other.goto(link)
        wait_idle(other)
        expect(other.locator("h1").first).to_have_text(t("dams.title", "zh"))
        expect(other.get_by_role("tab", name=t("dams.section.table", "zh"))).to_have_attribute(
            "aria-selected", "true")
        assert dams_metric(other) == shown == "9"
        expect(other.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    finally:
        fresh.close()
