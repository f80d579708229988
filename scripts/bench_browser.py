"""Browser timings for the benchmark: navigation until the page (or its map) is drawn.

Each run uses a fresh browser context (empty cache, new Streamlit session) against a warm server.

    from playwright.sync_api import sync_playwright
    from scripts.bench_browser import launch_browser, map_drawn, start_streamlit, stop, time_navigation

    proc, url = start_streamlit("app.py")
    with sync_playwright() as pw:
        browser = launch_browser(pw)
        print(time_navigation(browser, url, map_drawn))          # a page with an st_folium map
        print(time_navigation(browser, url, "Hello"))            # a page showing "Hello"
    stop(proc)
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

# Re-exported: the benchmarks start the app and the browser exactly as the browser tests do.
from tests.support.apprunner import free_port, launch, start_streamlit, stop  # noqa: F401
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, launch_browser  # noqa: F401

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
MAP_FEATURE = ".leaflet-container path.leaflet-interactive, .leaflet-container .leaflet-marker-icon"

ReadyCheck = Callable[..., None]


def map_drawn(page, timeout_ms: float = 60_000) -> None:
    """Wait until streamlit-folium's iframe holds a Leaflet map with a feature drawn."""
    frame = page.frame_locator(MAP_IFRAME).first
    frame.locator(".leaflet-container").first.wait_for(state="attached", timeout=timeout_ms)
    frame.locator(MAP_FEATURE).first.wait_for(state="attached", timeout=timeout_ms)


def markdown_visible(text: str) -> ReadyCheck:
    """A ready check: a Markdown block containing ``text`` is visible."""

    def check(page, timeout_ms: float = 60_000) -> None:
        page.locator('[data-testid="stMarkdownContainer"]', has_text=text).first.wait_for(
            state="visible", timeout=timeout_ms
        )

    return check


def time_navigation(
    browser,
    url: str,
    ready_selector_or_frame_check: str | ReadyCheck,
    runs: int = 5,
) -> list[float]:
    """Seconds from ``page.goto(url)`` until the page is ready, once per fresh context.

    ``ready_selector_or_frame_check`` is either text that a Markdown block must show (a bare
    page), or a callable ``check(page)`` that returns once ready, such as :func:`map_drawn`.
    """
    check = (
        markdown_visible(ready_selector_or_frame_check)
        if isinstance(ready_selector_or_frame_check, str)
        else ready_selector_or_frame_check
    )
    timings = []
    for _ in range(runs):
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            start = time.perf_counter()
            page.goto(url, wait_until="commit")
            check(page)
            timings.append(time.perf_counter() - start)
        finally:
            context.close()
    return timings


#: Stamps ``window.__lmcReadyAt`` (ms since navigation start) at the first animation frame after
#: the page's ready condition (``window.__lmcReady()``, set per page) holds.
_READY_STAMP = """
(() => {
  window.__lmcReadyAt = null;
  const check = () => {
    if (window.__lmcReadyAt !== null || !document.body || !window.__lmcReady || !window.__lmcReady()) return false;
    requestAnimationFrame(() => { if (window.__lmcReadyAt === null) window.__lmcReadyAt = performance.now(); });
    return true;
  };
  const start = () => {
    const obs = new MutationObserver(() => { if (check()) obs.disconnect(); });
    obs.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
"""


def time_navigation_in_page(browser, url: str, ready_js: str, runs: int = 5) -> list[float]:
    """Seconds from navigation start until ``ready_js`` (a JS expression) first holds and the next
    frame is painted, stamped by the page itself: no polling interval of the test driver in it.

    Each run is a fresh context (new session, empty HTTP cache).
    """
    timings = []
    for _ in range(runs):
        context = browser.new_context(viewport=VIEWPORT)
        try:
            context.add_init_script(f"window.__lmcReady = () => ({ready_js});" + _READY_STAMP)
            page = context.new_page()
            page.goto(url, wait_until="commit")
            ready_ms = page.wait_for_function("() => window.__lmcReadyAt", timeout=120_000).json_value()
            timings.append(ready_ms / 1000.0)
        finally:
            context.close()
    return timings


def summary(timings: list[float]) -> str:
    """'median 1.23 s (min 1.10, max 1.40, n=5)'."""
    return (
        f"median {statistics.median(timings):.2f} s "
        f"(min {min(timings):.2f}, max {max(timings):.2f}, n={len(timings)})"
    )


if __name__ == "__main__":  # compare a bare page with a map page: bench_browser.py BARE.py MAP.py
    import sys

    from playwright.sync_api import sync_playwright

    bare_script, map_script, bare_text = sys.argv[1], sys.argv[2], sys.argv[3]
    bare_proc, bare_url = start_streamlit(bare_script)
    map_proc, map_url = start_streamlit(map_script)
    try:
        with sync_playwright() as pw:
            browser = launch_browser(pw)
            for url, ready in ((bare_url, bare_text), (map_url, map_drawn)):
                time_navigation(browser, url, ready, runs=1)  # warm the server
            bare = time_navigation(browser, bare_url, bare_text)
            with_map = time_navigation(browser, map_url, map_drawn)
            browser.close()
    finally:
        stop(bare_proc)
        stop(map_proc)
    print(f"bare page: {summary(bare)}")
    print(f"map page:  {summary(with_map)}")
    print(f"ratio:     {statistics.median(with_map) / statistics.median(bare):.2f}x")
