"""Every file in data/ truncated, overwritten with garbage or removed while the app runs.

Each page is opened over the websocket as a browser would. Every page must keep working (no
exception on any page), name the broken file by its path inside data/ where it would have been
used (never the server's folders, never a library's raw error), and recover without a restart once
the file is back.
"""

from __future__ import annotations

import pytest

from scripts.st_session import Session, run

pytestmark = pytest.mark.slow

PAGES = ("", "map", "hydrology", "dams", "projects", "tour", "about")
MODES = ("truncate", "garbage", "remove")
#: Files the app does not read (the stewards' documentation and the build's notes).
NOT_READ = {"README.md", "QUALITY.md", "build_notes.json"}
#: CSV files cut at half still parse as a shorter table: nothing tells a reader they were cut.
CSV_CUT_READS = {"layers/dam_source_values.csv", "series/datums.csv", "series/sources.csv", "projects.csv"}
RAW = ("Traceback", "ArrowInvalid", "ArrowException", "UnicodeDecodeError", "codec can't", "Errno", "pyarrow")


def break_file(path, mode: str) -> None:
    if mode == "truncate":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif mode == "garbage":
        path.write_bytes(b"\x00not a data file\xff" * 64)
    else:
        path.unlink()


async def visit(base_url: str) -> dict[str, tuple[list[str], str]]:
    """Each page's (exceptions and error boxes, every text shown), markdown escapes removed."""
    out = {}
    async with Session(base_url) as s:
        for page in PAGES:
            outcome = await s.open(page)
            text = "\n".join(s.texts).replace("\\", "")
            out[page] = ([e for e in outcome.errors if e.startswith("exception")], text)
    return out


def data_files(data) -> list[str]:
    return sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file())


def test_every_file_broken_while_running_is_named_and_recovers(served_copy):
    base_url, data = served_copy
    run(visit(base_url))  # warm
    failures = []
    for name in data_files(data):
        path = data / name
        keep = path.read_bytes()
        for mode in MODES:
            break_file(path, mode)
            try:
                pages = run(visit(base_url))
            finally:
                path.write_bytes(keep)
            for page, (exceptions, text) in pages.items():
                if exceptions:
                    failures.append(f"{name} {mode}: exception on {page or 'overview'}: {exceptions}")
                if str(data) in text or str(data.parent) in text:
                    failures.append(f"{name} {mode}: {page or 'overview'} shows the server's folder")
                raw = [w for w in RAW if w in text]
                if raw:
                    failures.append(f"{name} {mode}: {page or 'overview'} shows a raw error: {raw}")
            must_name = name not in NOT_READ and not (mode == "truncate" and name in CSV_CUT_READS)
            if must_name and not any(name in text for _, text in pages.values()):
                failures.append(f"{name} {mode}: no page names the file")
        after = run(visit(base_url))
        still = [page or "overview" for page, (_, text) in after.items() if name in text and "projects.csv" != name]
        if still:
            failures.append(f"{name}: still reported after it was restored, on {still}")
    assert not failures, "\n".join(failures)
