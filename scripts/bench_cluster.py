"""``make bench ONLY=cluster``: the load test through HAProxy with 1 and then 2 app processes, one PostGIS.

A throwaway PostgreSQL with PostGIS is started on loopback and loaded with ``data/``; for each
process count, ``scripts/cluster.py`` starts the processes behind HAProxy and ``scripts/loadtest.py``
drives the same steps through the proxy. Reported side by side: page-load p50/p95, errors, the
processes' CPU and the number of viewers held before page-load p95 passes 2 s.

Usage: ``python scripts/bench_cluster.py [--sessions 10,20,30,40] [--seconds 30]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lmc_geo import database  # noqa: E402
from lmc_geo.build import postgis  # noqa: E402
from scripts import cluster, loadtest  # noqa: E402
from tests.support import postgres  # noqa: E402


def run(sessions: str = "10,20,30,40", seconds: float = 30.0, processes=(1, 2)) -> list[str]:
    db = postgres.start()
    results = {}
    try:
        postgis.load(database_url=db.url)
        for n in processes:
            apps = cluster.start(n, env={database.ENV: db.url})
            try:
                results[n] = loadtest.main(["--url", apps.url, "--pid", ",".join(map(str, apps.pids)),
                                            "--sessions", sessions, "--seconds", str(seconds), "--browsers", "0",
                                            "--memory", ""])
            finally:
                apps.stop()
    finally:
        db.stop()
    f = lambda v: "–" if v is None or v != v else f"{v:.2f}"  # noqa: E731
    lines = [f"Through HAProxy (sticky cookie), PostGIS backend, think time 4-8 s, {seconds:g} s per step:", "",
             "| sessions | " + " | ".join(f"{n} process{'es' if n > 1 else ''}: p50 / p95 (s), errors, CPU"
                                         for n in processes) + " |",
             "|---" * (len(processes) + 1) + "|"]
    steps = [r["sessions"] for r in results[processes[0]]["steps"]]
    for i, s in enumerate(steps):
        cells = []
        for n in processes:
            r = results[n]["steps"][i]
            cells.append(f"{f(r['page_load_p50_s'])} / {f(r['page_load_p95_s'])}, {r['errors']}, "
                         f"{r['server_cpu_share']:.2f}")
        lines.append(f"| {s} | " + " | ".join(cells) + " |")
    lines.append("")
    for n in processes:
        slow = results[n]["first_slow_step"]
        lines.append(f"{n} process{'es' if n > 1 else ''}: page-load p95 passes 2 s at "
                     + (f"{slow} sessions." if slow else f"none of the steps (up to {steps[-1]})."))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="10,20,30,40")
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args(argv)
    print("\n".join(run(args.sessions, args.seconds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
