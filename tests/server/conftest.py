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

import shutil

import pytest

from lmc_geo import paths
from tests.support.apprunner import launch, stop


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
