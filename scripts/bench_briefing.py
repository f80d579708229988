"""Briefings and the tour: the time and peak memory of a one-country briefing (PDF + PNG) and of the
six-country meeting pack from the command line, against the command's bare start-up in the same run;
and the server time of a tour scene change against a plain rerun of the same scene (AppTest, warm).

Targets: a one-country briefing in at most 5 s, the six-country pack in at most 30 s, a tour scene
change in at most 500 ms server time. Nothing here is a test: the figures go in notes.

Usage: ``python scripts/bench_briefing.py [--rounds 3]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ONE = ("briefing", "--countries", "LA", "--lang", "zh", "--asof", "2008-08-15", "--station", "011901")


def timed(args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of one run of ``python -m lmc_geo ARGS``."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "lmc_geo", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"python -m lmc_geo {' '.join(args)} failed ({status})")
    return wall, usage.ru_maxrss / 1024


def scene_times(rounds: int) -> tuple[list[float], list[float]]:
    from streamlit.testing.v1 import AppTest

    from lmc_geo import tour

    at = AppTest.from_file(str(ROOT / "app_pages" / "tour.py"), default_timeout=120)
    at.run()
    for _ in range(len(tour.SCENES) - 1):  # every scene once: caches warm
        at.button(key="tour_next").click().run()
    changes, plain = [], []
    for i in range(rounds * len(tour.SCENES)):
        at.session_state["tour_scene"] = 1 + i % len(tour.SCENES)
        start = time.perf_counter()
        at.run()
        changes.append(time.perf_counter() - start)
        start = time.perf_counter()
        at.run()
        plain.append(time.perf_counter() - start)
    return changes, plain


def run(rounds: int = 3) -> list[str]:
    lines = ["Briefings from the command line (wall time incl. Python start-up, median of "
             f"{rounds}; peak resident memory of the process):"]
    with tempfile.TemporaryDirectory() as tmp:
        bare = [timed(["--help"]) for _ in range(rounds)]
        one = [timed([*ONE, "--out", str(Path(tmp) / f"b{i}.pdf")]) for i in range(rounds)]
        pack = [timed(["briefing", "--each-country", "--out", str(Path(tmp) / f"pack{i}")]) for i in range(rounds)]
    for label, runs, target in (("bare start-up (--help)", bare, None), ("one country, PDF + PNG", one, 5),
                                ("six-country pack + index", pack, 30)):
        wall = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        goal = f" (target <= {target} s)" if target else ""
        lines.append(f"  {label:<26} {wall:6.2f} s, peak {peak:5.0f} MB{goal}")
    changes, plain = scene_times(rounds)
    a, b = statistics.median(changes) * 1000, statistics.median(plain) * 1000
    lines.append(f"Tour scene change, server time, median of {len(changes)} (target <= 500 ms): "
                 f"{a:.0f} ms; plain rerun of the same scene {b:.0f} ms; ratio {a / b:.2f}; "
                 f"slowest change {max(changes) * 1000:.0f} ms")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    print("\n".join(run(args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
