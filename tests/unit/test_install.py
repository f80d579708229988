"""A data install killed at any step is finished by the next start: data/ is all old or all new."""

from __future__ import annotations

import os
import time

import pytest

from lmc_geo import install

OUTPUTS = ("layers", "series", "projects.csv", "build_notes.json")


def make_data(dest, staged_name=".build-test"):
    """Old outputs in ``dest`` and a complete new build in ``dest/staged_name``."""
    for root, tag in ((dest, "old"), (dest / staged_name, "new")):
        (root / "layers").mkdir(parents=True)
        (root / "series").mkdir()
        (root / "layers" / "dams.parquet").write_text(tag)
        (root / "layers" / "rivers.parquet").write_text(tag)
        (root / "series" / "water_level_m.parquet").write_text(tag)
        (root / "projects.csv").write_text(tag)
    (dest / "build_notes.json").write_text("old")  # the new build has none: kept as it is
    (dest / "README.md").write_text("readme")
    return dest / staged_name


def contents(dest) -> dict[str, str]:
    return {p.relative_to(dest).as_posix(): p.read_text() for p in sorted(dest.rglob("*")) if p.is_file()}


NEW = {"README.md": "readme", "build_notes.json": "old", "layers/dams.parquet": "new",
       "layers/rivers.parquet": "new", "projects.csv": "new", "series/water_level_m.parquet": "new"}
OLD = {**NEW, "layers/dams.parquet": "old", "layers/rivers.parquet": "old", "projects.csv": "old",
       "series/water_level_m.parquet": "old"}


def count_steps(tmp_path) -> int:
    dest = tmp_path / "count"
    dest.mkdir()
    install._write_marker(dest, make_data(dest))
    return len(list(install.steps(dest, OUTPUTS)))


def test_an_install_finishes_with_the_new_data(tmp_path):
    dest = tmp_path / "data"
    dest.mkdir()
    install.install(make_data(dest), dest, OUTPUTS)
    assert contents(dest) == NEW and not list(dest.glob(".*"))


@pytest.mark.parametrize("killed_after", range(12))
def test_killed_after_any_step_the_next_start_finishes_it(tmp_path, killed_after):
    total = count_steps(tmp_path)
    if killed_after > total:
        pytest.skip(f"the install has {total} steps")
    dest = tmp_path / "data"
    dest.mkdir()
    staged = make_data(dest)
    install._write_marker(dest, staged)  # committed: the new build is complete on disk
    run = install.steps(dest, OUTPUTS)
    for _ in range(killed_after):  # the process dies after this many steps
        next(run, None)
    run.close()
    install.recover(dest, OUTPUTS)  # the next start
    assert contents(dest) == NEW
    assert not list(dest.glob(".*"))  # no marker, no .old, no staging folder
    assert install.recover(dest, OUTPUTS) == []  # and a second start has nothing to do


def test_killed_before_the_commit_the_old_data_stays_and_the_build_folder_is_swept_once_stale(tmp_path):
    dest = tmp_path / "data"
    dest.mkdir()
    staged = make_data(dest)
    (dest / f"{install.MARKER}.tmp").write_text(staged.name[:3])  # died writing the marker
    install.recover(dest, OUTPUTS)
    assert contents(dest) | {} == {**OLD, **{f"{staged.name}/{k}": "new" for k in
                                              ("layers/dams.parquet", "layers/rivers.parquet", "projects.csv",
                                               "series/water_level_m.parquet")}}
    old = time.time() - install.STALE_SECONDS - 5
    os.utime(staged, (old, old))  # a build folder nobody touched for that long was a killed build's
    install.recover(dest, OUTPUTS)
    assert contents(dest) == OLD and not list(dest.glob(".*"))


def test_the_staged_build_must_be_inside_the_data_folder(tmp_path):
    dest = tmp_path / "data"
    dest.mkdir()
    with pytest.raises(ValueError, match="inside"):
        install.install(tmp_path / "elsewhere", dest, OUTPUTS)


@pytest.mark.parametrize("name", ["", ".", "..", "layers", ".build-x/../..", "/tmp"])
def test_a_marker_this_module_did_not_write_moves_and_removes_nothing(tmp_path, name):
    dest = tmp_path / "data"
    dest.mkdir()
    make_data(dest)
    (dest / install.MARKER).write_text(name)
    before = contents(dest)
    install.recover(dest, OUTPUTS)
    assert contents(dest) == {**before, install.MARKER: name}


def test_recovery_waits_for_a_build_that_holds_the_folder(tmp_path):
    dest = tmp_path / "data"
    dest.mkdir()
    install._write_marker(dest, make_data(dest))
    with install.exclusive(dest) as held:  # a build running in another process would hold it like this
        assert held
        assert install.recover(dest, OUTPUTS) == []  # left to the build
    install.recover(dest, OUTPUTS)
    assert contents(dest) == NEW
