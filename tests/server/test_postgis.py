"""The PostGIS backend against a real PostgreSQL: the same answers as the embedded store, an atomic
load and import, and clear messages for an unreachable database or a missing table.

A throwaway cluster is started on loopback (:mod:`tests.support.postgres`). Without PostgreSQL and
PostGIS the tests fail in CI and are skipped elsewhere, with the line naming the packages.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import psycopg
import pytest
from sqlalchemy import text

from lmc_geo import database, loaders, paths
from lmc_geo.build import postgis
from lmc_geo.dams import registry as dams
from lmc_geo.filters import by_countries
from lmc_geo.hydrology import status, store
from lmc_geo.projects import registry
from lmc_geo.projects import selection as project_selection
from tests.server.conftest import loaded_database

pytestmark = pytest.mark.slow
ROOT = paths.data_dir().parent
STATIONS = ("010501", "011901", "013901", "014501", "019803")


@pytest.fixture(scope="module")
def cluster():
    yield from loaded_database()


@pytest.fixture
def on_database(cluster, monkeypatch):
    monkeypatch.setenv(database.ENV, cluster.url)
    database.forget_versions()
    yield cluster.url
    database.forget_versions()


def both(fn, monkeypatch, url):
    """``fn()`` on the embedded store, then on the database."""
    monkeypatch.delenv(database.ENV, raising=False)
    files = fn()
    monkeypatch.setenv(database.ENV, url)
    database.forget_versions()
    return files, fn()


def same_frame(a: pd.DataFrame, b: pd.DataFrame, geometry: bool = False) -> None:
    assert list(a.columns) == list(b.columns)
    assert len(a) == len(b)
    plain = [c for c in a.columns if c != "geometry"]
    pd.testing.assert_frame_equal(a[plain].reset_index(drop=True), b[plain].reset_index(drop=True),
                                  check_dtype=False, check_exact=False, rtol=1e-9, atol=1e-9)
    if geometry:
        assert a.geometry.geom_equals_exact(b.geometry.set_crs(a.crs, allow_override=True), tolerance=1e-9).all()


@pytest.mark.parametrize("name", list(loaders.LAYER_COLUMNS))
def test_every_layer_is_the_same_from_the_database(cluster, monkeypatch, name):
    files, db = both(lambda: loaders.read_layer(name), monkeypatch, cluster.url)
    same_frame(files, db, geometry=True)
    assert str(db.crs) == "EPSG:4326"


def test_layers_by_country_dams_and_projects_filters_are_the_same(cluster, monkeypatch):
    def answers():
        d = loaders.read_layer("dams")
        p = loaders.read_projects()
        return {
            "stations_LA_KH": by_countries(loaders.read_layer("stations"), ("LA", "KH"))["station_id"].tolist(),
            "dams_filtered": dams.filter_dams(d, countries=("LA",), statuses=["Operational"])["dam_id"].tolist(),
            "dam_conflicts": dams.source_conflicts(dams.read_source_values()).shape,
            "projects_TH": by_countries(p, ("TH",), column="countries")["id"].tolist(),
            "projects_key": project_selection.key_figures(p),
        }
    files, db = both(answers, monkeypatch, cluster.url)
    assert files == db and files["dams_filtered"] and files["projects_TH"]


def test_a_station_record_band_and_day_are_the_same(cluster, monkeypatch):
    def answers():
        out = {}
        for sid in STATIONS:
            out[sid] = (store.station_series(sid, "water_level_m"), store.doy_band(sid, "water_level_m"))
        out["day"] = store.values_on("2008-08-15")
        out["p10"] = store.p10_on(227)
        out["catalogue"] = store.stations_with_series()
        out["status"] = status.station_status_for("2008-08-15")
        return out
    files, db = both(answers, monkeypatch, cluster.url)
    for sid in STATIONS:
        same_frame(files[sid][0], db[sid][0])
        same_frame(files[sid][1], db[sid][1])
        assert (files[sid][0]["quality"] == "suspect").sum() == (db[sid][0]["quality"] == "suspect").sum()
    assert (files["010501"][0]["flag"] != "").any()  # the flags came along
    for key in ("day", "p10", "catalogue", "status"):
        same_frame(files[key], db[key])


def test_loading_twice_gives_the_same_database(cluster):
    def snapshot():
        with database.connect(cluster.url) as con:
            tables = con.execute(text("SELECT table_name FROM information_schema.tables "
                                      "WHERE table_schema = 'lmc' ORDER BY 1")).scalars().all()
            counts = {t: con.execute(text(f'SELECT count(*) FROM lmc."{t}"')).scalar() for t in tables}
            digest = con.execute(text(
                "SELECT md5(string_agg(station_id || variable || date || coalesce(value::text, '') || quality "
                "|| flag, ',' ORDER BY station_id, variable, date)) FROM lmc.series")).scalar()
            records = con.execute(text(
                "SELECT md5(string_agg(station_id || variable || n_days || md5(body), ',' ORDER BY station_id, "
                "variable)) FROM lmc.series_records")).scalar()
            indexes = con.execute(text("SELECT count(*) FROM pg_indexes WHERE schemaname = 'lmc' "
                                       "AND indexdef LIKE '%gist%'")).scalar()
        return counts, digest, records, indexes
    first = snapshot()
    postgis.load(database_url=cluster.url)
    assert snapshot() == first
    assert first[3] >= len(loaders.LAYER_COLUMNS)  # a spatial index on every layer
    with database.connect(cluster.url) as con:  # one record per station and variable, holding all its days
        kept = con.execute(text("SELECT (SELECT count(*) FROM (SELECT DISTINCT station_id, variable "
                                "FROM lmc.series) k), (SELECT sum(n_days) FROM lmc.series_records)")).one()
    assert tuple(kept) == (first[0]["series_records"], first[0]["series"])


def _running(url: str, statement: str, proc: subprocess.Popen, timeout_s: float = 120.0) -> bool:
    """Wait until a session of the database runs a statement starting with ``statement`` (False if the
    loader ends first)."""
    deadline = time.monotonic() + timeout_s
    with psycopg.connect(url, autocommit=True) as con:
        while time.monotonic() < deadline and proc.poll() is None:
            found = con.execute("SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE %s",
                                (statement + "%",)).fetchone()
            if found:
                return True
            time.sleep(0.02)
    return False


def test_a_load_killed_mid_transaction_leaves_the_previous_database(cluster):
    with database.connect(cluster.url) as con:
        before = con.execute(text("SELECT dataset, version FROM lmc.versions ORDER BY 1")).all()
    env = {**os.environ, database.ENV: cluster.url}
    # Killed by what the loader is doing, not after a fixed time (a fast machine would finish first):
    # as its transaction starts copying the series, half a second into that copy, and while it writes
    # the stations' records (the last of the rows, just before the swap).
    for statement, then in (("COPY lmc_load.series ", 0.0), ("COPY lmc_load.series ", 0.5),
                            ("COPY lmc_load.series_records", 0.0)):
        proc = subprocess.Popen([sys.executable, "-m", "lmc_geo", "load-postgis"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            assert _running(cluster.url, statement, proc), f"the load never ran {statement!r}"
            time.sleep(then)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        with database.connect(cluster.url) as con:
            assert con.execute(text("SELECT dataset, version FROM lmc.versions ORDER BY 1")).all() == before
            assert con.execute(text("SELECT count(*) FROM lmc.series")).scalar() > 500_000
            assert not con.execute(text("SELECT 1 FROM information_schema.schemata "
                                        "WHERE schema_name = 'lmc_load'")).first()


def test_an_import_writes_the_database_at_once_and_every_process_sees_it(on_database, tmp_path):
    old = database.read_bytes(paths.projects_path())
    before = loaders.projects_version()
    new_list = tmp_path / "official.csv"
    new_list.write_bytes(old.replace(b"Lao National Water Resources", b"Lao National Water Resource", 1))
    on_disk = paths.projects_path().read_bytes()
    result = registry.import_registry(new_list, None, dest=paths.projects_path())
    assert result.ok, result.problems
    assert paths.projects_path().read_bytes() == on_disk  # the file is not the backend: untouched
    assert loaders.projects_version() != before
    assert "Lao National Water Resource " in loaders.read_projects()["name_en"].iloc[0] + " "
    # Another process reads the new list without a restart.
    out = subprocess.run([sys.executable, "-c", "from lmc_geo import loaders; "
                          "print(loaders.read_projects()['name_en'].iloc[0])"], cwd=ROOT, capture_output=True,
                         text=True, env={**os.environ})
    assert out.stdout.strip().startswith("Lao National Water Resource ") or "Resource Information" in out.stdout
    # A refused import changes nothing.
    bad = tmp_path / "bad.csv"
    bad.write_bytes(old.replace(b"information_systems", b"irrigation", 1))
    version = loaders.projects_version()
    assert not registry.import_registry(bad, None, dest=paths.projects_path()).ok
    assert loaders.projects_version() == version
    database.write_registry(old, loaders.read_projects())  # back as loaded, for the other tests


def test_a_connection_the_server_closed_is_replaced_without_an_error(on_database, cluster):
    expected = store.station_series("010501", "water_level_m")
    with psycopg.connect(cluster.url, autocommit=True) as con:  # not pooled: every pooled connection ends
        con.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE usename = current_user AND pid <> pg_backend_pid()")
    time.sleep(0.2)
    for _ in range(3):
        same_frame(expected, store.station_series("010501", "water_level_m"))
    assert len(loaders.read_layer("stations")) == 56


def test_an_unreachable_database_is_named_without_its_password(monkeypatch):
    monkeypatch.setenv(database.ENV, "postgresql://atlas:s3cret-pass@127.0.0.1:1/lmc_atlas")
    database.forget_versions()
    with pytest.raises(database.DatabaseUnavailable) as caught:
        loaders.read_layer("dams")
    message = caught.value.message("en")
    assert "127.0.0.1:1/lmc_atlas" in message and "s3cret" not in message and "LMC_DATABASE_URL" in message
    assert "无法连接数据库 127.0.0.1:1/lmc_atlas" in caught.value.message("zh")


def test_wrong_credentials_are_refused_with_the_same_clear_message(cluster, monkeypatch):
    monkeypatch.setenv(database.ENV, cluster.url_with_password("wrong-password"))
    database.forget_versions()
    with pytest.raises(database.DatabaseUnavailable) as caught:
        loaders.read_projects()
    assert f"127.0.0.1:{cluster.port}/atlas" in caught.value.message("en")
    assert "wrong-password" not in caught.value.message("en")


def test_a_missing_table_is_named_with_the_command_and_the_rest_works(on_database, cluster):
    with database.connect(cluster.url) as con, con.begin():
        con.execute(text("ALTER TABLE lmc.dams RENAME TO dams_gone"))
    try:
        with pytest.raises(loaders.DataFileError) as caught:
            loaders.read_layer("dams")
        message = caught.value.message("en")
        assert "lmc.dams" in message and "load-postgis" in message
        assert len(loaders.read_layer("stations")) == 56
    finally:
        with database.connect(cluster.url) as con, con.begin():
            con.execute(text("ALTER TABLE lmc.dams_gone RENAME TO dams"))


def test_the_app_reads_the_database_and_says_when_it_cannot(on_database, cluster, monkeypatch):
    from tests.app.conftest import page_test

    at = page_test("dams").run()
    assert not at.exception and not at.error
    monkeypatch.setenv(database.ENV, cluster.url_with_password("nope"))
    database.forget_versions()
    at = page_test("dams").run()
    assert not at.exception
    text_shown = " ".join(e.value for e in at.error)
    assert f"127.0.0.1:{cluster.port}/atlas" in text_shown and "nope" not in text_shown


def test_values_are_the_numbers_not_rounded(cluster, monkeypatch):
    files, db = both(lambda: store.station_series("010501", "discharge_m3s")["value"].to_numpy(), monkeypatch,
                     cluster.url)
    assert np.array_equal(files, db, equal_nan=True)


def test_an_older_schema_or_an_empty_database_is_named_with_the_command(on_database, cluster):
    assert database.schema_problem() is None
    with database.connect(cluster.url) as con, con.begin():
        con.execute(text("UPDATE lmc.schema_version SET version = 0"))
    try:
        problem = database.schema_problem("en")
        assert "schema 0" in problem and "load-postgis" in problem and f"127.0.0.1:{cluster.port}/atlas" in problem
        assert "load-postgis" in database.schema_problem("zh") and "旧版" in database.schema_problem("zh")
    finally:
        with database.connect(cluster.url) as con, con.begin():
            con.execute(text(f"UPDATE lmc.schema_version SET version = {database.SCHEMA_VERSION}"))
    with database.connect(cluster.url) as con, con.begin():
        con.execute(text("ALTER SCHEMA lmc RENAME TO lmc_hidden"))
    try:
        assert "no atlas data" in database.schema_problem("en")
    finally:
        with database.connect(cluster.url) as con, con.begin():
            con.execute(text("ALTER SCHEMA lmc_hidden RENAME TO lmc"))


@pytest.mark.parametrize("page", ["overview", "basin_map", "hydrology", "dams", "projects", "tour", "about"])
def test_every_page_says_the_database_is_unreachable_without_a_traceback(monkeypatch, page):
    from tests.app.conftest import page_test

    monkeypatch.setenv(database.ENV, "postgresql://atlas:s3cret@127.0.0.1:1/lmc_atlas")
    database.forget_versions()
    at = page_test(page, hydro_station="010501").run()
    assert not at.exception, page
    shown = " ".join(e.value for e in at.error) + " ".join(w.value for w in at.warning)
    assert "127.0.0.1:1/lmc_atlas" in shown.replace("\\", "") and "s3cret" not in shown
