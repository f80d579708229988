"""On a laptop screen no key figure, widget label or button label is cut short with an ellipsis."""

from __future__ import annotations

import pytest

#: A 1100 px wide window with the sidebar open leaves the page about 640 px: a small laptop or a
#: projector at low resolution.
LAPTOP = {"width": 1100, "height": 800}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

#: Elements inside the key figures, widget labels and buttons that show text cut short: an
#: ellipsis in their style and more text than room.
CUT_SHORT = """() => [...document.querySelectorAll(
        '[data-testid="stMain"] [data-testid="stMetric"] *, [data-testid="stMain"] [data-testid="stWidgetLabel"] *, '
        + '[data-testid="stMain"] [data-testid="stButton"] *')]
    .filter(el => getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1)
    .map(el => el.textContent.trim())"""


@pytest.mark.parametrize("path", ["/", "/dams", "/projects", "/hydrology"])
def test_nothing_is_cut_short_on_a_laptop_screen(app_server, page, shot, path):
    page.set_viewport_size(LAPTOP)
    page.goto(app_server + path)
    page.locator(IDLE).wait_for()
    page.locator('[data-testid="stMetricValue"]').first.wait_for()
    page.wait_for_timeout(500)  # widgets whose code loads after the run have drawn
    shot(page, "laptop" + path.replace("/", "-").rstrip("-"))
    metrics = page.locator('[data-testid="stMetric"]').count()
    assert metrics >= 4
    assert page.evaluate(CUT_SHORT) == []
