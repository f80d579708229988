"""Language switch: the server time of a page's rerun when the reader switches English <-> Chinese,
against a plain rerun of the same page in the same run (AppTest, in-process, warm caches).

Target: a switch reruns a page in at most 300 ms server time. Nothing here is a test: the figures
go in notes, not assertions.

Usage: ``python scripts/bench_language.py [--rounds 8]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ("overview", "basin_map", "hydrology", "dams", "projects", "about")
TARGET_MS = 300


def page_times(page: str, rounds: int) -> tuple[list[float], list[float]]:
    """(seconds of reruns after a language switch, seconds of plain reruns), interleaved."""
    from streamlit.testing.v1 import AppTest

    from lmc_geo.ui import state

    at = AppTest.from_file(str(ROOT / "app_pages" / f"{page}.py"), default_timeout=120)
    if page == "hydrology":
        at.session_state["hydro_station"] = "010501"  # Chiang Saen
    for lang in ("en", "zh", "en"):  # both languages' caches warm
        at.session_state[state.LANG_KEY] = lang
        at.run()
    switched, plain = [], []
    for i in range(rounds):
        at.session_state[state.LANG_KEY] = "zh" if i % 2 == 0 else "en"
        start = time.perf_counter()
        at.run()
        switched.append(time.perf_counter() - start)
        start = time.perf_counter()
        at.run()
        plain.append(time.perf_counter() - start)
    return switched, plain


def run(rounds: int = 8) -> list[str]:
    lines = [f"Language switch (English <-> Chinese), server time of the rerun, median of {rounds} (target <= "
             f"{TARGET_MS} ms):"]
    for page in PAGES:
        switched, plain = page_times(page, rounds)
        a, b = statistics.median(switched) * 1000, statistics.median(plain) * 1000
        lines.append(f"  {page:<10} switch {a:5.0f} ms, plain rerun {b:5.0f} ms, ratio {a / b:.2f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args(argv)
    print("\n".join(run(args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
