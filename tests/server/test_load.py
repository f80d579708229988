"""The load test in a short form (a few sessions, a few seconds), so it cannot rot; the full one is
``make loadtest``."""

from __future__ import annotations

import pytest

from scripts import loadtest
from scripts.st_session import Session, run

pytestmark = pytest.mark.slow


def test_a_short_load_runs_every_interaction_without_errors(app_url, capsys):
    result = loadtest.main(["--url", app_url, "--sessions", "3", "--seconds", "8", "--think", "0.1-0.3",
                            "--browsers", "0", "--memory", "", "--seed", "3"])
    (row,) = result["steps"]
    assert row["errors"] == 0, row["error_examples"]
    assert row["interactions"] >= 9
    for name in ("overview", "basin_map", "hydrology"):
        assert row[f"{name}_kb"] and row[f"{name}_p95_s"] > 0
    assert row["hydrology_kb"] <= 300  # the payload target of a Hydrology visit
    assert "| 3 |" in capsys.readouterr().out


def test_the_session_sees_what_a_viewer_would_call_an_error(app_url):
    async def open_missing():
        async with Session(app_url) as s:
            return await s.open("no-such-page")
    outcome = run(open_missing())
    assert any(e.startswith("page not found") for e in outcome.errors)


def test_load_goes_to_loopback_only():
    with pytest.raises(SystemExit, match="not on loopback"):
        loadtest.main(["--url", "http://192.0.2.1:8501", "--sessions", "1", "--seconds", "1", "--memory", ""])
