"""Two app processes behind HAProxy, sticky by cookie, reading one PostGIS: the short load test
passes through the proxy with no errors and the viewers are spread over both processes."""

from __future__ import annotations

import urllib.request

import pytest

from lmc_geo import database
from scripts import cluster as app_cluster
from scripts import loadtest
from tests.server.conftest import loaded_database

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def running():
    for db in loaded_database(haproxy=True):
        apps = app_cluster.start(2, env={database.ENV: db.url})
        try:
            yield apps
        finally:
            apps.stop()


def served_by(url: str, cookie: str | None = None) -> tuple[str, str | None]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as answer:
        answer.read()
        return answer.headers["X-Atlas-Process"], answer.headers.get("Set-Cookie")


def test_a_viewer_stays_with_its_process_and_new_viewers_are_spread(running):
    first = [served_by(running.url + "/") for _ in range(4)]
    assert {p for p, _ in first} == {"app1", "app2"}  # no cookie yet: in turn
    process, cookie = first[0]
    assert cookie and cookie.startswith(f"{app_cluster.COOKIE}={process}")
    sticky = cookie.split(";", 1)[0]
    assert {served_by(running.url + path, sticky)[0] for path in ("/", "/_stcore/health", "/dams", "/")} == {process}


def test_the_short_load_test_passes_through_the_proxy(running):
    result = loadtest.main(["--url", running.url, "--pid", ",".join(map(str, running.pids)), "--sessions", "6",
                            "--seconds", "10", "--think", "0.1-0.3", "--browsers", "0", "--memory", "", "--seed", "5"])
    (row,) = result["steps"]
    assert row["errors"] == 0, row["error_examples"]
    assert set(row["sessions_by_process"]) == {"app1", "app2"}
    assert row["interactions"] >= 12 and row["server_cpu_share"] > 0
