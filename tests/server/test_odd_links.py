"""Hostile or malformed link parameters on every page, opened over the websocket as a browser would.

Each must give a page without an exception, without the value injected as markup, and with any echoed
value cut short.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from scripts.st_session import Session, run

pytestmark = pytest.mark.slow

PAGES = ("", "map", "hydrology", "dams", "projects", "tour", "about")
SCRIPT = "<script>alert(1)</script>"
LONG = "x" * 10_000
ODD_LINKS = [
    {"station": SCRIPT}, {"station": "../../etc/passwd"}, {"station": "..%2F..%2Fdata%2Fprojects.csv"},
    {"station": LONG}, {"countries": "XX,<b>YY</b>"}, {"countries": LONG}, {"countries": ",,,"},
    {"lang": "fr"}, {"lang": SCRIPT}, {"asof": "2008-02-30"}, {"asof": "99999-01-01"}, {"asof": "-1"},
    {"year": "0"}, {"year": "1e308"}, {"variable": "../../x"}, {"feature": "station:" + SCRIPT},
    {"feature": "dam:" + LONG}, {"scene": "-5"}, {"scene": "9999999999999999999999"},
    {"project": "%00%ff"}, {"theme": SCRIPT, "status": "'; DROP TABLE projects;--"},
    {"mw": "5-abc", "dam": LONG, "tab": "../"}, {"embed": "true", "embed_options": SCRIPT},
]


async def walk(base_url: str) -> list[str]:
    failures = []
    for params in ODD_LINKS:
        query = urlencode(params)
        for page in PAGES:
            async with Session(base_url, query=query) as s:
                outcome = await s.open(page)
            where = f"{page or 'overview'}?{query[:60]}"
            failures += [f"{where}: {e}" for e in outcome.errors if not e.startswith("error box")]
            if any("<script" in h for h in s.html):
                failures.append(f"{where}: the value came back as markup")
            if any("x" * 200 in text for text in s.texts):
                failures.append(f"{where}: a long value was echoed whole")
            if any("Traceback" in text for text in s.texts):
                failures.append(f"{where}: a traceback was shown")
    return failures


def test_odd_links_give_a_page_not_a_traceback(app_url):
    failures = run(walk(app_url))
    assert not failures, "\n".join(failures)
