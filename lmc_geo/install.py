"""Put a rebuilt ``data/`` in place all at once, even if the process is killed half way.

``make data`` builds every output in a hidden folder inside ``data/`` (``.build-*``). Then
:func:`install` writes a marker, ``data/.install-pending``, naming that folder: from that moment the
new data is complete on disk and the install is committed. The outputs are then moved in one by one
(a rename each, on the same file system) and the marker is removed last.

A process killed before the marker leaves the old data (and a hidden build folder, swept later);
killed after it, the next :func:`recover` (at the next ``make data``, app start or import) finishes
the moves, so ``data/`` is all new. Either way it is never a mix of old and new files for longer
than it takes the next process to start. ``recover`` is safe to run any number of times.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

LOG = logging.getLogger(__name__)

MARKER = ".install-pending"
BUILD_PREFIX = ".build-"
#: A staging folder untouched this long belongs to a killed build (a build takes well under a
#: minute): younger ones may be a build running now, and are left alone.
STALE_SECONDS = 600


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink(missing_ok=True)


def _write_marker(dest: Path, staged: Path) -> None:
    """The commit point: the marker names the staged folder, written whole (temporary, fsync, rename)."""
    tmp = dest / f"{MARKER}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(staged.name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, dest / MARKER)
    _fsync_dir(dest)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def steps(dest: Path, outputs: Iterable[str]) -> Iterator[str]:
    """Finish a committed install one step at a time (each ``yield`` is a point a kill may hit).

    For each output present in the staged folder: the current one is renamed ``.NAME.old``, the
    staged one renamed into place, the old one removed. Then the staged folder goes, the marker last.
    """
    marker = dest / MARKER
    if not marker.is_file():
        return
    name = marker.read_text(encoding="utf-8").strip()
    if not name.startswith(BUILD_PREFIX) or "/" in name or name in (".", ".."):
        LOG.error("%s names %r, not a staging folder: left alone", marker, name)
        return  # never move or remove anything on a marker this module did not write
    staged = dest / name
    for name in outputs:
        src, target, old = staged / name, dest / name, dest / f".{name}.old"
        if src.exists():
            if target.exists():
                _remove(old)
                target.rename(old)
                yield f"moved aside {name}"
            src.rename(target)
            yield f"moved in {name}"
        if old.exists():
            _remove(old)
            yield f"removed old {name}"
    _fsync_dir(dest)
    if staged.exists():  # what is left in it was not an output: gone before the marker, so none stays
        _remove(staged)
        yield "removed staging folder"
    marker.unlink()
    yield "removed marker"


def install(staged: Path, dest: Path, outputs: Iterable[str]) -> None:
    """Commit ``staged`` (a complete build inside ``dest``) and move its ``outputs`` into ``dest``."""
    outputs = tuple(outputs)
    if staged.parent.resolve() != dest.resolve():
        raise ValueError(f"the staged build must be inside {dest} (a rename cannot cross file systems)")
    _write_marker(dest, staged)
    for _ in steps(dest, outputs):
        pass


@contextlib.contextmanager
def exclusive(dest: Path, wait: bool = True):
    """Hold the data folder's lock (``flock`` on the folder itself): one build or recovery at a time.

    Yields True when held; with ``wait=False`` it yields False at once if another process holds it.
    """
    fd = os.open(dest, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def recover(dest: Path, outputs: Iterable[str], locked: bool = False) -> list[str]:
    """Finish an install a killed process committed, and sweep the hidden folders of uncommitted ones.

    Takes the folder's lock unless the caller holds it (``locked``); when another process holds it
    (a build running now), does nothing. Returns what it did (empty when there was nothing to do).
    """
    dest = Path(dest)
    if not dest.is_dir():
        return []
    if not locked:
        with exclusive(dest, wait=False) as held:
            return recover(dest, outputs, locked=True) if held else []
    done = list(steps(dest, tuple(outputs)))
    if done:
        LOG.warning("finished an interrupted data install in %s: %s", dest, "; ".join(done))
    if not (dest / MARKER).exists():  # nothing committed: leftovers are killed builds' (once stale)
        now = time.time()
        for leftover in [*dest.glob(f"{BUILD_PREFIX}*"), *dest.glob(".*.old")]:
            try:
                stale = now - leftover.stat().st_mtime > STALE_SECONDS
            except OSError:
                continue
            if stale:
                _remove(leftover)
                done.append(f"removed {leftover.name}")
    (dest / f"{MARKER}.tmp").unlink(missing_ok=True)
    return done
