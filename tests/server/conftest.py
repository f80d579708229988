"""Tests against the app served like ``make run`` and spoken to over its websocket (no browser).

Fixtures
--------
served_copy
    A server on a private copy of ``data/`` (so files can be broken while it runs); yields
    ``(base_url, data_dir)`` and ends the server after the module.
app_url
    A server on the shipped data; yields its base URL.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from lmc_geo import paths
from lmc_geo.build import postgis
from tests.support import postgres
from tests.support.apprunner import launch, stop


def loaded_database(*, haproxy: bool = False) -> Iterator[postgres.Cluster]:
    """A throwaway PostgreSQL with the shipped data loaded; fails in CI and skips elsewhere when
    PostgreSQL/PostGIS (or, with ``haproxy``, HAProxy) is not installed, naming the packages."""
    problem = postgres.missing() or (None if not haproxy or shutil.which("haproxy")
                                     else "HAProxy is not installed (apt-get install haproxy)")
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    running = postgres.start()
    try:
        postgis.load(database_url=running.url)
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def served_copy(tmp_path_factory):
    data = tmp_path_factory.mktemp("served") / "data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("backups"))
    server = launch(env={"LMC_DATA_DIR": str(data)})
    try:
        yield server.base_url, data
    finally:
        stop(server.proc)


@pytest.fixture(scope="module")
def app_url():
    server = launch()
    try:
        yield server.base_url
    finally:
        stop(server.proc)
