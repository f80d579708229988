"""Real-browser tests: the app started like ``make run``, driven by Debian's headless Chromium.

Fixtures
--------
app_server
    Session-wide server on the app (``LMC_APP_SCRIPT`` or app.py); yields its base URL.
start_app
    Factory ``start_app(env_overrides) -> base_url`` for a server of one's own, e.g. on a
    temporary data folder (``start_app({"LMC_DATA_DIR": str(tmp_path)})``); ended after the test.
browser
    Session-wide Playwright Chromium (``/usr/bin/chromium``, or ``LMC_CHROMIUM``).
page
    A fresh 1600x1000 page that records ``page.failed_requests``, ``page.console_errors`` and
    ``page.external_requests`` (anything not to 127.0.0.1/localhost).
phone_page
    The same on a phone held upright: 390x844, touch only, mobile viewport (``PHONE``).
shot
    ``shot(page, name)`` saves ``artifacts/screenshots/NAME.png``.

When a test fails, its report carries the end of each server log and the page is screenshotted.
Without Chromium the tests fail, never skip, with the one line naming the command that installs it
(``make test`` installs it first where it can).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.apprunner import ARTIFACTS, AppServer, launch, stop
from tests.support.browser import VIEWPORT, chromium_present, launch_browser, missing_message

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
HERE = Path(__file__).resolve().parent

# Every server started in this session, for the failure report.
_servers: list[AppServer] = []


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    if report.failed and HERE in Path(str(item.path)).resolve().parents:
        for server in _servers:
            report.sections.append(
                (f"server log {server.log_path}", server.log_text(6000) or "(empty)")
            )
    return report


def shot(page, name: str) -> Path:
    """Save a full-page screenshot to ``artifacts/screenshots/NAME.png`` and return its path."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def _start(env_overrides: dict | None = None) -> AppServer:
    try:
        server = launch(env=env_overrides)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    _servers.append(server)
    return server


@pytest.fixture(scope="session")
def app_server():
    """Base URL of the app, served once for the whole session."""
    server = _start()
    yield server.base_url
    stop(server.proc)


@pytest.fixture
def start_app():
    """Factory: ``start_app(env_overrides) -> base_url``; the servers end with the test."""
    started: list[AppServer] = []

    def _start_app(env_overrides: dict | None = None) -> str:
        server = _start(env_overrides)
        started.append(server)
        return server.base_url

    yield _start_app
    for server in started:
        stop(server.proc)


@pytest.fixture(scope="session")
def browser():
    if not chromium_present():
        pytest.fail(missing_message(), pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_browser(pw)
        yield browser
        browser.close()


def is_external(url: str) -> bool:
    """True for a network URL to anywhere but this machine (data:, blob:, about: are local)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return False
    return (parts.hostname or "") not in LOCAL_HOSTS


#: Opening a page by its own path (e.g. /map), Streamlit's frontend first probes
#: /map/_stcore/health and /map/_stcore/host-config in case /map is a base URL path, then
#: falls back to /_stcore/...; the 404 of that probe is Streamlit's, not the app's.
BASE_PATH_PROBE = re.compile(r"status of 404 .*'url': 'http://127\.0\.0\.1:\d+/[a-z_]+/_stcore/(health|host-config)'")


def _record_console(page, msg) -> None:
    if msg.type != "error":
        return
    text = f"console: {msg.text} @ {msg.location}"
    if not BASE_PATH_PROBE.search(text):
        page.console_errors.append(text)


#: A phone held upright: the CSS size of a 6.1-inch phone, touch only, honouring the page's
#: viewport tag as a phone's browser does.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def _recording_page(browser, request, **context_options):
    """A page in a fresh context of ``context_options`` that records failed, console and external
    requests; screenshotted if the test fails, closed after it."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.failed_requests = []
    page.console_errors = []
    page.external_requests = []

    page.on(
        "requestfailed",
        lambda req: page.failed_requests.append(f"{req.url} ({req.failure})"),
    )
    page.on("console", lambda msg: _record_console(page, msg))
    page.on("pageerror", lambda exc: page.console_errors.append(f"pageerror: {exc}"))
    page.on(
        "request",
        lambda req: page.external_requests.append(req.url) if is_external(req.url) else None,
    )
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        try:
            shot(page, "FAILED-" + re.sub(r"[^\w.-]+", "_", request.node.name))
        except Exception:  # the page may be gone; the report matters more
            pass
    context.close()


@pytest.fixture
def page(browser, request):
    yield from _recording_page(browser, request, viewport=VIEWPORT)


@pytest.fixture
def phone_page(browser, request):
    yield from _recording_page(browser, request, **PHONE)


@pytest.fixture(name="shot")
def shot_fixture():
    """``shot(page, name)`` for tests: saves ``artifacts/screenshots/NAME.png``."""
    return shot
