"""Memory of closed sessions goes back: Streamlit drops them when their time is up (the app reaps its
session store, which would otherwise keep them until a new viewer arrives), and the freed memory is
given back to the system."""

from __future__ import annotations

import re
import time

import pytest

from scripts import loadtest
from scripts.st_session import Session, run
from tests.support.apprunner import launch, stop

pytestmark = pytest.mark.slow

DROPPED = re.compile(r"memory: dropped (\d+) closed sessions")
TRIMMED = re.compile(r"memory: trimmed after \d+ sessions closed: resident [\d.]+ -> [\d.]+ MB")


def dropped(log_path) -> int:
    """Closed sessions the server has dropped so far, by its log."""
    return sum(int(n) for n in DROPPED.findall(log_path.read_text()))


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
        run(visit(20))
        peak = loadtest.rss_mb(server.proc.pid)
        deadline = time.monotonic() + 30
        while dropped(server.log_path) < 22 and time.monotonic() < deadline:
            time.sleep(1)
        time.sleep(2)  # the trim after the last drop
        log = server.log_path.read_text()
        assert dropped(server.log_path) == 22, log[-3000:]
        assert TRIMMED.search(log), log[-3000:]  # and the memory they held handed back after it
        # How much comes back is the allocator's (benchmarks/RESULTS.md has the figures); it never grows.
        assert loadtest.rss_mb(server.proc.pid) <= peak + 1, peak
    finally:
        stop(server.proc)
