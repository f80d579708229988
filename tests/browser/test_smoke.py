"""The app opens in a real browser without errors and without touching the network."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_app_opens_offline_without_errors(app_server, page, shot):
    page.goto(app_server + "/")
    # The first script run is over when Streamlit marks the app "notRunning" (it starts "initial").
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
    page.locator('[data-testid="stElementContainer"]').first.wait_for()
    # Components (the map iframe) load their assets after the run: let them finish or fail.
    page.wait_for_load_state("networkidle")
    shot(page, "smoke-root")

    expect(page).to_have_title(re.compile("Mekong"))
    assert page.failed_requests == []
    assert page.console_errors == []
    assert page.external_requests == []
