"""SIGKILL at any moment of an import or of ``make data``: data/ is all old or all new, backups whole.

The processes are the real commands, killed at moments spread over their run (the write itself
included); the next start or import (:func:`lmc_geo.install.recover`) finishes or sweeps what a
killed process left.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from lmc_geo import install, loaders, paths
from lmc_geo.build.__main__ import OUTPUTS
from lmc_geo.projects import registry

pytestmark = pytest.mark.slow
ROOT = paths.data_dir().parent


def run_killed(args: list[str], after_s: float, env: dict | None = None) -> int | None:
    """Start ``python -m ARGS``, SIGKILL it after ``after_s`` seconds; its exit code if it ended first."""
    proc = subprocess.Popen([sys.executable, "-m", *args], cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return proc.wait(after_s)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return None


def timed(args: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    assert subprocess.run([sys.executable, "-m", *args], cwd=ROOT, env={**os.environ, **(env or {})},
                          capture_output=True).returncode == 0
    return time.perf_counter() - start


def test_an_import_killed_at_any_moment_leaves_the_old_or_the_new_list(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("backups"))
    registry_file = paths.projects_path(data)
    old = registry_file.read_bytes()
    new_list = tmp_path / "official.csv"
    new_list.write_bytes(old.replace(b"Lao National Water Resources", b"Lao National Water Resource", 1))
    args = ["lmc_geo", "import-projects", str(new_list), "--data-dir", str(data)]
    duration = timed(args)
    new = registry_file.read_bytes()
    assert new != old
    outcomes = set()
    for i in range(10):
        registry_file.write_bytes(old)
        shutil.rmtree(data / "backups", ignore_errors=True)
        code = run_killed(args, after_s=duration * (0.3 + 0.08 * i))
        outcomes.add("finished" if code == 0 else "killed")
        assert registry_file.read_bytes() in (old, new), f"a mixed registry after a kill at step {i}"
        for backup in (data / "backups").glob("*") if (data / "backups").is_dir() else []:
            if not backup.name.startswith("."):
                assert backup.read_bytes() == old, f"an incomplete backup {backup.name}"
    assert "killed" in outcomes
    # What killed imports left (hidden temporaries) goes at the next import once stale.
    leftovers = list(data.glob(".projects.csv.*.tmp")) + list((data / "backups").glob(".*.tmp"))
    for path in leftovers:
        aged = time.time() - registry.STALE_TEMPORARY_SECONDS - 5
        os.utime(path, (aged, aged))
    registry_file.write_bytes(old)
    assert subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True).returncode == 0
    assert not list(data.glob(".projects.csv.*.tmp")) and not list((data / "backups").glob(".*.tmp"))


def test_make_data_killed_at_any_moment_leaves_a_whole_data_folder(tmp_path, reference, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data, ignore=shutil.ignore_patterns("backups"))
    before = sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file())
    args = ["lmc_geo.build", "--reference", str(reference), "--out", str(data)]
    duration = timed(args)
    monkeypatch.setattr(install, "STALE_SECONDS", -1)  # the test's "next start" is long after the kill
    for fraction in (0.15, 0.4, 0.65, 0.85, 0.93, 0.97, 0.99):
        run_killed(args, after_s=duration * fraction)
        install.recover(data, OUTPUTS)  # the next start
        files = sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file())
        assert files == before, f"killed at {fraction:.0%} of the build: files differ"
        for name in ("stations", "dams", "rivers", "basin_countries"):
            assert len(loaders.read_layer(name, data)) > 0
        assert len(loaders.read_projects(data)) == 36
        assert not list(data.glob(".*")), f"left behind: {[p.name for p in data.glob('.*')]}"
