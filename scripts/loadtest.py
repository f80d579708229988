"""``make loadtest``: many viewers at once, driven over Streamlit's websocket with no browser.

Each protocol-level session (:mod:`scripts.st_session`) is one viewer. It opens the Overview, the
Basin map, Hydrology, Dams and Projects pages; on the way it changes the countries, picks a station
and a year, and switches the language, pausing between steps as a reader does (``--think``). The
number of sessions rises in steps (``--sessions 1,10,30,50``), each held for ``--seconds``; a few
real Chromium sessions (``--browsers``) run beside the busiest step to show what a person sees
(the browsers cost far more CPU than the server, so they are reported apart and kept few).

For each step it reports the errors (an exception or error box on the page, a page not found, a
dropped connection or a run that never finished), p50 and p95 of each kind of interaction
(wall time from the request to the finished run, on loopback: the server's time), the bytes
received per page, the server's CPU (share of one core) and its memory (RSS), and the first step
at which p95 of a page load passes 2 s. Then memory with sessions held open and after they close.

Bounded: at most ``--max-sessions`` sessions, each step at most ``--seconds``, loopback only (the
server is started here on 127.0.0.1 unless ``--url`` names one on loopback).

Usage: ``python scripts/loadtest.py [--sessions 1,10,30,50] [--seconds 30] [--think 4-8]
[--browsers 2] [--memory 1,20,50] [--out benchmarks/loadtest.json]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.st_session import MissingWidget, Outcome, Session, SessionError, run  # noqa: E402
from tests.support import apprunner  # noqa: E402

#: The pages a viewer opens, by URL path ("" is the Overview), and the interactions between them.
PAGES = ("", "map", "hydrology", "dams", "projects")
PAGE_NAMES = {"": "overview", "map": "basin_map", "hydrology": "hydrology", "dams": "dams", "projects": "projects"}
SLOW_PAGE_LOAD_S = 2.0
#: The app has finished its run (Streamlit's own marker on the page).
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAX_SESSIONS = 60


@dataclass
class Step:
    """One step of the load: ``sessions`` viewers for ``seconds``."""

    sessions: int
    seconds: float
    outcomes: list[Outcome] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    cpu_share: float = 0.0
    rss_mb_peak: float = 0.0
    browser_loads: list[float] = field(default_factory=list)
    served: list = field(default_factory=list)

    def errors(self) -> list[str]:
        return self.failures + [f"{o.action}: {e}" for o in self.outcomes for e in o.errors]

    def times(self, prefix: str) -> list[float]:
        return [o.seconds for o in self.outcomes if o.action.startswith(prefix)]


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; NaN for no values.

    >>> pct([1.0, 2.0, 3.0, 4.0], 50), pct([1.0, 2.0, 3.0, 4.0], 95)
    (2.5, 3.85)
    """
    if not values:
        return float("nan")
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return round(xs[lo] + (xs[hi] - xs[lo]) * (pos - lo), 6)


# ------------------------------------------------------------------ the server's CPU and memory
def cpu_seconds(pid: int | list[int]) -> float:
    """User + system CPU seconds of a process, or the sum over several (from /proc)."""
    if isinstance(pid, list):
        return sum(cpu_seconds(p) for p in pid)
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int | list[int]) -> float:
    """Resident memory of a process in MB (VmRSS from /proc), or the sum over several."""
    if isinstance(pid, list):
        return sum(rss_mb(p) for p in pid)
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Sampler:
    """Samples a process's RSS every ``interval`` seconds in a thread; CPU is read at start and stop."""

    def __init__(self, pid: int | list[int], interval: float = 0.5) -> None:
        self.pid, self.interval = pid, interval
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._cpu0, self._t0 = cpu_seconds(self.pid), time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.cpu = cpu_seconds(self.pid) - self._cpu0
        self.wall = time.perf_counter() - self._t0

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, rss_mb(self.pid))


# ------------------------------------------------------------------ one viewer
async def viewer(base_url: str, deadline: float, think: tuple[float, float], rng: random.Random,
                 outcomes: list[Outcome], failures: list[str], served: list | None = None) -> None:
    """One viewer's visit, round after round, until ``deadline`` (monotonic seconds)."""

    async def pause() -> bool:
        await asyncio.sleep(rng.uniform(*think))
        return time.monotonic() < deadline

    first = True
    try:
        async with Session(base_url) as s:
            if served is not None:
                served.append(s.served_by)  # the app process behind a proxy
            await s.open("")  # the link opens the landing page
            while time.monotonic() < deadline:
                steps = [
                    lambda: s.open(""),
                    lambda: s.open("map"),
                    lambda: s.set("countries", rng.sample(s.options("countries"), rng.randint(1, 3)),
                                  "change countries"),
                    lambda: s.open("hydrology"),
                    lambda: s.set("hydro_station", rng.choice(s.options("hydro_station")), "pick station"),
                    lambda: s.set("hydro_year", rng.choice(s.options("hydro_year")), "pick year"),
                    lambda: s.open("dams"),
                    lambda: s.open("projects"),
                    lambda: s.set("lang", s.options("lang")[0 if "lang=zh" in s.query else 1], "switch language"),
                ]
                start = rng.randrange(len(steps)) if first else 0  # viewers start at different points
                first = False
                for step in steps[start:]:
                    try:
                        outcomes.append(await step())
                    except MissingWidget:
                        continue  # e.g. no station in the chosen countries: nothing to pick, not an error
                    if not await pause():
                        return
    except (SessionError, OSError) as exc:
        failures.append(f"{type(exc).__name__}: {exc}")


async def run_step(base_url: str, step: Step, think: tuple[float, float], seed: int) -> None:
    deadline = time.monotonic() + step.seconds
    ramp = min(2.0, step.seconds / 4)
    tasks = []
    for i in range(step.sessions):
        tasks.append(asyncio.create_task(
            viewer(base_url, deadline, think, random.Random(seed + i), step.outcomes, step.failures, step.served)))
        await asyncio.sleep(ramp / step.sessions)
    await asyncio.gather(*tasks)


# ------------------------------------------------------------------ a few real browsers
def browser_visits(base_url: str, n: int, seconds: float, loads: list[float], failures: list[str]) -> None:
    """``n`` headless Chromium pages, each opening the five pages in turn for ``seconds``.

    A load is timed from navigation to the page's main heading and, on the map, the drawn map.
    """
    deadline = time.monotonic() + seconds
    try:
        from playwright.sync_api import sync_playwright

        from scripts.bench_browser import map_drawn
        from tests.support.browser import launch_browser

        def wait_for_app(page) -> None:
            page.locator(IDLE).wait_for(timeout=120_000)
            page.locator("h1, h2").first.wait_for(timeout=120_000)

        with sync_playwright() as pw:
            browser = launch_browser(pw)
            pages = [browser.new_page() for _ in range(n)]
            i = 0
            while time.monotonic() < deadline:
                for page in pages:
                    path = PAGES[i % len(PAGES)]
                    started = time.perf_counter()
                    page.goto(f"{base_url}/{path}")
                    wait_for_app(page)
                    if path == "map":
                        map_drawn(page)
                    loads.append(time.perf_counter() - started)
                    if page.locator("[data-testid='stException']").count():
                        failures.append(f"browser: exception on {path or 'overview'}")
                i += 1
            browser.close()
    except Exception as exc:  # a browser that cannot run is reported, not hidden
        failures.append(f"browser: {type(exc).__name__}: {exc}")


# ------------------------------------------------------------------ memory with sessions held open
async def memory_profile(base_url: str, pid: int | list[int], counts: list[int], wait_after_close: float) -> dict:
    """RSS with 0, then each of ``counts`` sessions open (each has visited every page), and after closing."""
    out = {"idle_mb": round(rss_mb(pid), 1), "open": {}, "after_close": []}
    sessions: list[Session] = []
    try:
        for n in counts:
            while len(sessions) < n:
                s = Session(base_url)
                await s.__aenter__()
                sessions.append(s)
                for path in (*PAGES, "hydrology"):
                    await s.open(path)
            out["open"][n] = round(rss_mb(pid), 1)
    finally:
        for s in sessions:
            await s.close()
    started = time.monotonic()
    while time.monotonic() - started < wait_after_close:
        await asyncio.sleep(min(10.0, wait_after_close))
        out["after_close"].append((round(time.monotonic() - started), round(rss_mb(pid), 1)))
    return out


# ------------------------------------------------------------------ the report
INTERACTIONS = ("open", "change countries", "pick station", "pick year", "switch language")


def summary(steps: list[Step]) -> list[dict]:
    rows = []
    for st in steps:
        loads = st.times("open")
        actions = len(st.outcomes)
        row = {
            "sessions": st.sessions, "seconds": st.seconds, "interactions": actions,
            "errors": len(st.errors()), "error_examples": st.errors()[:5],
            "page_load_p50_s": pct(loads, 50), "page_load_p95_s": pct(loads, 95),
            "server_cpu_share": round(st.cpu_share, 2), "server_rss_mb_peak": round(st.rss_mb_peak, 1),
        }
        for kind in INTERACTIONS[1:]:
            row[f"{kind}_p50_s"] = pct(st.times(kind), 50)
            row[f"{kind}_p95_s"] = pct(st.times(kind), 95)
        for path in PAGES:
            times = [o for o in st.outcomes if o.action == f"open {path or 'overview'}"]
            row[f"{PAGE_NAMES[path]}_p95_s"] = pct([o.seconds for o in times], 95)
            row[f"{PAGE_NAMES[path]}_kb"] = round(statistics.median([o.bytes for o in times]) / 1024) if times else None
        if any(st.served):
            row["sessions_by_process"] = {p: st.served.count(p) for p in sorted({x for x in st.served if x})}
        if st.browser_loads:
            row["browser_load_p50_s"] = pct(st.browser_loads, 50)
            row["browser_load_p95_s"] = pct(st.browser_loads, 95)
            row["browser_loads"] = len(st.browser_loads)
        rows.append(row)
    return rows


def first_slow_step(rows: list[dict]) -> int | None:
    """Sessions at the first step whose page-load p95 passes :data:`SLOW_PAGE_LOAD_S`."""
    return next((r["sessions"] for r in rows if r["page_load_p95_s"] > SLOW_PAGE_LOAD_S), None)


def markdown(result: dict) -> str:
    """The load test's tables, as Markdown (for RESULTS.md and the console)."""
    rows = result["steps"]
    f = lambda v: "–" if v is None or v != v else f"{v:.2f}"  # noqa: E731
    lines = [
        f"Think time {result['think'][0]:g}-{result['think'][1]:g} s between steps; each step held "
        f"{result['seconds']:g} s; one server process ({result['server']}).",
        "",
        "| sessions | interactions | errors | page load p50 / p95 (s) | countries p95 | station p95 | year p95 "
        "| language p95 | server CPU (cores) | server RSS peak (MB) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['sessions']} | {r['interactions']} | {r['errors']} | {f(r['page_load_p50_s'])} / "
            f"{f(r['page_load_p95_s'])} | {f(r['change countries_p95_s'])} | {f(r['pick station_p95_s'])} | "
            f"{f(r['pick year_p95_s'])} | {f(r['switch language_p95_s'])} | {r['server_cpu_share']:.2f} | "
            f"{r['server_rss_mb_peak']:.0f} |")
    lines += ["", "Page loads by page, p95 in seconds (median payload in KB):", "",
              "| sessions | " + " | ".join(PAGE_NAMES.values()) + " |", "|---" * (len(PAGES) + 1) + "|"]
    for r in rows:
        cells = [f"{f(r[f'{n}_p95_s'])} ({r[f'{n}_kb']})" for n in PAGE_NAMES.values()]
        lines.append(f"| {r['sessions']} | " + " | ".join(cells) + " |")
    slow = result["first_slow_step"]
    lines += ["", f"First step with page-load p95 over {SLOW_PAGE_LOAD_S:g} s: "
              + (f"{slow} sessions." if slow else "none of the steps run.")]
    browsers = [r for r in rows if "browser_loads" in r]
    for r in browsers:
        lines.append(f"Real Chromium pages beside the {r['sessions']}-session step: {r['browser_loads']} loads, "
                     f"p50 {f(r['browser_load_p50_s'])} s, p95 {f(r['browser_load_p95_s'])} s (navigation to the "
                     "page drawn; the browsers' own CPU shares the machine).")
    mem = result.get("memory")
    if mem:
        opened = ", ".join(f"{n}: {mb:.0f} MB" for n, mb in mem["open"].items())
        lines += ["", f"Memory (RSS): idle {mem['idle_mb']:.0f} MB; with sessions open {opened}; "
                  f"per extra session {mem['per_session_mb']:.2f} MB."]
        if mem["after_close"]:
            lines.append("After closing them: " + ", ".join(f"{t} s: {mb:.0f} MB" for t, mb in mem["after_close"])
                         + f" (sessions are kept {mem['ttl_s']} s after their connection closes).")
    for r in rows:
        if r.get("sessions_by_process"):
            lines.append(f"Sessions by app process at {r['sessions']} sessions: "
                         + ", ".join(f"{p} {n}" for p, n in r["sessions_by_process"].items()) + ".")
    for r in rows:
        for example in r["error_examples"]:
            lines.append(f"- error at {r['sessions']} sessions: {example}")
    return "\n".join(lines) + "\n"


def loopback_only(url: str) -> str:
    host = urlparse(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"loadtest: {url} is not on loopback; load is only sent to 127.0.0.1")
    return url.rstrip("/")


def parse_range(text: str) -> tuple[float, float]:
    lo, _, hi = text.partition("-")
    return float(lo), float(hi or lo)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,10,20,30,40,50", help="comma-separated session counts")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long each step lasts")
    parser.add_argument("--think", default="4-8", help="pause between a viewer's steps, seconds (lo-hi)")
    parser.add_argument("--browsers", type=int, default=2, help="real Chromium pages beside the busiest step")
    parser.add_argument("--memory", default="1,20,50", help="session counts to hold open for memory ('' for none)")
    parser.add_argument("--memory-wait", type=float, default=0.0,
                        help="seconds to watch memory after closing the sessions (default: the session TTL + 10)")
    parser.add_argument("--url", help="an app already running on loopback (default: start one here)")
    parser.add_argument("--pid", help="the server's process id(s), comma-separated, with --url (CPU and memory "
                        "are their sum)")
    parser.add_argument("--max-sessions", type=int, default=MAX_SESSIONS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args(argv)

    counts = [int(n) for n in args.sessions.split(",") if n]
    memory_counts = [int(n) for n in args.memory.split(",") if n]
    if max(counts + memory_counts + [0]) > args.max_sessions:
        raise SystemExit(f"loadtest: at most {args.max_sessions} sessions (--max-sessions)")
    think = parse_range(args.think)
    server = None
    if args.url:
        base_url = loopback_only(args.url)
        pid = [int(p) for p in args.pid.split(",")] if args.pid else None
    else:
        server = apprunner.launch()
        base_url, pid = server.base_url, [server.proc.pid]
    ttl = 120  # Streamlit's server.disconnectedSessionTTL default (not changed in config.toml)
    try:
        run(warm(base_url))
        memory = None
        if memory_counts and pid:  # first, on the fresh server: what each open session adds
            wait = args.memory_wait or ttl + 10
            memory = run(memory_profile(base_url, pid, memory_counts, wait))
            first, last = min(memory["open"]), max(memory["open"])
            memory["per_session_mb"] = ((memory["open"][last] - memory["open"][first]) / (last - first)
                                        if last > first else float("nan"))
            memory["ttl_s"] = ttl
        steps = []
        busiest = max(counts)
        for n in counts:
            step = Step(n, args.seconds)
            browsers = None
            if args.browsers and n == busiest:
                browsers = threading.Thread(target=browser_visits, daemon=True, args=(
                    base_url, args.browsers, args.seconds, step.browser_loads, step.failures))
                browsers.start()
            if pid:
                with Sampler(pid) as sampler:
                    run(run_step(base_url, step, think, args.seed * 1000 + n))
                step.cpu_share, step.rss_mb_peak = sampler.cpu / sampler.wall, sampler.peak
            else:
                run(run_step(base_url, step, think, args.seed * 1000 + n))
            if browsers is not None:
                browsers.join(args.seconds + 120)
            steps.append(step)
            print(f"{n} sessions: {len(step.outcomes)} interactions, {len(step.errors())} errors, page load p95 "
                  f"{pct(step.times('open'), 95):.2f} s", flush=True)
        rows = summary(steps)
        result = {"think": think, "seconds": args.seconds, "server": base_url, "steps": rows,
                  "first_slow_step": first_slow_step(rows)}
        if memory:
            result["memory"] = memory
    finally:
        if server is not None:
            apprunner.stop(server.proc)
    text = markdown(result)
    print(text)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps({**result, "markdown": text}, indent=1, default=str))
    return result


async def warm(base_url: str) -> None:
    """One visit to every page first, so the figures are of a warm server (caches filled)."""
    async with Session(base_url) as s:
        for path in PAGES:
            await s.open(path)


if __name__ == "__main__":
    main()
