"""Memory of closed sessions goes back: Streamlit drops them when their time is up (the app reaps its
session store, which would otherwise keep them until a new viewer arrives), and the freed memory is
given back to the system."""

from __future__ import annotations

import time

import pytest

from scripts import loadtest
from scripts.st_session import Session, run
from tests.support.apprunner import launch, stop

pytestmark = pytest.mark.slow


def test_closed_sessions_are_dropped_and_their_memory_given_back():
    # Sessions kept 2 s after closing (120 s by default), a trim every second (60 s by default).
    server = launch(env={"LMC_MEMORY_TRIM_S": "1"}, options={"server.disconnectedSessionTTL": "2"})
    try:
        async def visit(n: int) -> None:
            sessions = []
            for _ in range(n):
                s = Session(server.base_url)
                await s.__aenter__()
                sessions.append(s)
                for path in loadtest.PAGES:
                    outcome = await s.open(path)
                    assert not outcome.errors, outcome.errors
            for s in sessions:
                await s.close()

        run(visit(2))  # the shared caches filled first: what follows is the sessions' own memory
        time.sleep(4)
        before = loadtest.rss_mb(server.proc.pid)
        run(visit(20))
        peak = loadtest.rss_mb(server.proc.pid)
        assert peak > before + 10, (before, peak)
        deadline = time.monotonic() + 30
        while loadtest.rss_mb(server.proc.pid) > peak - 5 and time.monotonic() < deadline:
            time.sleep(1)
        assert loadtest.rss_mb(server.proc.pid) <= peak - 5, (before, peak, loadtest.rss_mb(server.proc.pid))
    finally:
        stop(server.proc)
