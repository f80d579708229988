"""Dams page benchmark: first draw against a bare page, and the server time of a filter change.

Prints, in one run:

* navigation until the Dams page is drawn in headless Chromium (key figures shown, the script
  finished and the open tab's chart drawn: the cascade), against a bare one-line Streamlit
  page, and against the Dams page served with Streamlit's defaults for the server settings that
  ``.streamlit/config.toml`` sets for speed (every server runs from the repository root, so the
  bare page has the shipped settings too); the three are interleaved round by round so machine
  noise hits them alike (medians, ratio; target 1.5x). The headline figure is stamped by the
  page itself (navigation start to the frame after the ready condition holds); the driver-side
  figure, as earlier versions measured it, is printed too: it adds the driver's polling steps
  (up to about 0.5 s), which made the bare page look bimodal;
* the server time of a filter change with all 1,055 dams: the page script re-run in-process
  through AppTest (filters, key figures, the open tab's figures or table; Streamlit's
  serialisation included), alternating between all dams and the operational ones, with the
  default tab and with the heaviest ones open; once with the page's figure caches cleared
  before each change (first visit of a filter state), once warm (target 300 ms);
* the same work as plain function calls (filter, figures as dicts, table, CSV), and the size of
  what the page sends (cascade SVG, plotly figure JSON of the other tab, table), to show where the time goes.

Nothing here is a test: the figures go in notes, not assertions.

Usage: ``python scripts/bench_dams.py [--rounds 5]``
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE_APP = 'import streamlit as st\nst.write("Bare page")\n'
BARE_TEXT = "Bare page"
FIRST_DRAW_TARGET = 1.5
FILTER_TARGET_MS = 300.0
#: The chart of the Dams page's default view: the cascade, a server-drawn SVG (the other parts are in lazy tabs).
CASCADE = ".st-key-dams_cascade svg[role=img] circle[data-dam]"
#: The same ready conditions as JS expressions, checked by the page itself (in-page timing).
READY_JS = {
    "bare": "[...document.querySelectorAll('[data-testid=\"stMarkdownContainer\"]')]"
            ".some(e => e.textContent.includes('Bare page'))",
    "dams": "!!document.querySelector('[data-testid=\"stMetricValue\"]') && "
            "!!document.querySelector('[data-testid=\"stApp\"][data-test-script-state=\"notRunning\"]') && "
            f"!!document.querySelector('{CASCADE}')",
}
#: The Dams page served with Streamlit's own defaults for the settings config.toml sets for speed (no
#: source-file watcher, no full garbage collection after each run): the baseline for those settings.
DEFAULTS = "dams, Streamlit defaults"
#: The page's tabs timed for a filter change: the default one and the two heaviest.
SECTIONS = {"cascade (default tab)": None, "over time": "Over time", "table": "Table and CSV"}


def dams_drawn(page, timeout_ms: float = 90_000) -> None:
    """The Dams page is drawn: key figures shown, the script finished, the cascade's dams drawn."""
    page.locator('[data-testid="stMetricValue"]').first.wait_for(state="visible", timeout=timeout_ms)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=timeout_ms)
    page.locator(CASCADE).first.wait_for(state="visible", timeout=timeout_ms)


def med(xs: list[float]) -> float:
    return statistics.median(xs)


# ---------------------------------------------------------------- first draw in Chromium
def first_draw(rounds: int) -> dict[str, list[float]]:
    """Seconds from navigation to drawn, per round: ``{"bare": [...], "dams": [...]}``."""
    from playwright.sync_api import sync_playwright

    from scripts.bench_browser import launch_browser, time_navigation, time_navigation_in_page
    from tests.support import apprunner

    # Under the repository, with a copy of static/: Streamlit serves static/ next to the script.
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-dams-") as tmp:
        shutil.copytree(ROOT / "static", Path(tmp) / "static")
        bare_py = Path(tmp) / "bare.py"
        bare_py.write_text(BARE_APP)
        servers = {
            "bare": apprunner.launch(bare_py),
            "dams": apprunner.launch(ROOT / "app.py"),
            DEFAULTS: apprunner.launch(ROOT / "app.py", options=apprunner.STREAMLIT_DEFAULT_SPEED_OPTIONS),
        }
        try:
            urls = {"bare": servers["bare"].base_url, "dams": servers["dams"].base_url + "/dams",
                    DEFAULTS: servers[DEFAULTS].base_url + "/dams"}
            checks = {"bare": BARE_TEXT, "dams": dams_drawn, DEFAULTS: dams_drawn}
            ready = {"bare": READY_JS["bare"], "dams": READY_JS["dams"], DEFAULTS: READY_JS["dams"]}
            with sync_playwright() as pw:
                browser = launch_browser(pw)
                for name in servers:  # warm each server once (first run imports and fills caches)
                    time_navigation(browser, urls[name], checks[name], runs=1)
                nav: dict[str, list[float]] = {key: [] for name in servers for key in (name, name + " (driver)")}
                for _ in range(rounds):
                    for name in servers:
                        nav[name] += time_navigation_in_page(browser, urls[name], ready[name], runs=1)
                        nav[name + " (driver)"] += time_navigation(browser, urls[name], checks[name], runs=1)
                browser.close()
        finally:
            for server in servers.values():
                apprunner.stop(server.proc)
    return nav


# ---------------------------------------------------------------- filter change, server side
def _clear_page_caches() -> None:
    from lmc_geo.ui import cache

    for fn in (cache._cascade, cache._accumulation, cache._shared_figure):  # the table's CSV is made on click
        fn.clear()


def filter_change_apptest(rounds: int, cold: bool, section: str | None = None) -> list[float]:
    """Seconds of the Dams page script re-run after a status-filter change (AppTest, in-process).

    Alternates between every status (all dams) and "Operational"; only the runs that end on
    all dams are timed (the larger case). ``cold`` clears the page's figure caches first;
    ``section`` is the label of the open tab (None: the default).
    """
    from streamlit.testing.v1 import AppTest

    from lmc_geo.ui import dams as ui

    at = AppTest.from_file(str(ROOT / "app_pages" / "dams.py"), default_timeout=120)
    if section:
        at.session_state[ui.SECTION_KEY] = section
    at.run()
    out = []
    for _ in range(rounds):
        at.multiselect(key=ui.STATUS_KEY).set_value(["Operational"]).run()
        if cold:
            _clear_page_caches()
        start = time.perf_counter()
        at.multiselect(key=ui.STATUS_KEY).set_value([]).run()
        out.append(time.perf_counter() - start)
        assert not at.exception, at.exception
        assert at.metric[0].value == "1,055", at.metric[0].value
    return out


def filter_change_functions(rounds: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    """The page's own code path as plain calls, all dams: seconds per step and payload sizes (bytes)."""
    from lmc_geo import loaders
    from lmc_geo.dams import charts as dam_charts
    from lmc_geo.dams import registry as dams
    from lmc_geo.schema import COUNTRIES

    layer = loaders.read_layer("dams")
    conflicts = dams.source_conflicts()
    reaches_src = {n: loaders.read_layer(n) for n in ("rivers", "countries", "stations")}
    main = reaches_src["rivers"][reaches_src["rivers"]["kind"] == "mainstream"].geometry.iloc[0]
    import pandas as pd

    control = pd.concat([f[["lat", "lon", "river_km"]] for f in (layer, reaches_src["stations"])], ignore_index=True)
    reaches = dams.country_reaches(main, reaches_src["countries"], control)
    steps: dict[str, list[float]] = {k: [] for k in ("filter", "cascade", "capacity", "storage", "table", "csv")}
    sizes: dict[str, int] = {}
    for _ in range(rounds):
        t0 = time.perf_counter()
        selected = dams.filter_dams(layer, countries=COUNTRIES)
        dams.key_figures(selected)
        t1 = time.perf_counter()
        cascade = dam_charts.cascade_svg(dams.cascade(selected).dams, reaches)
        t2 = time.perf_counter()
        capacity = dam_charts.capacity_by_year(dams.accumulate_by_year(selected, "capacity_mw")).to_dict()
        t3 = time.perf_counter()
        storage = dam_charts.capacity_by_year(dams.accumulate_by_year(selected, "reservoir_volume_mcm")).to_dict()
        t4 = time.perf_counter()
        table = dams.dams_table(selected, conflicts[conflicts["dam_id"].isin(set(selected["dam_id"]))])
        t5 = time.perf_counter()
        csv = dams.table_csv(table)
        t6 = time.perf_counter()
        for key, a, b in (("filter", t0, t1), ("cascade", t1, t2), ("capacity", t2, t3), ("storage", t3, t4),
                          ("table", t4, t5), ("csv", t5, t6)):
            steps[key].append(b - a)
    import plotly.io as pio

    sizes["cascade SVG"] = len(cascade.encode())
    for name, fig in (("capacity", capacity), ("storage", storage)):
        sizes[f"{name} figure JSON"] = len(pio.to_json(fig, validate=False).encode())
    sizes["table (Arrow)"] = _arrow_size(table)
    sizes["CSV"] = len(csv)
    return steps, sizes


def _arrow_size(frame) -> int:
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    tab = pa.Table.from_pandas(frame, preserve_index=False)
    with pa.ipc.new_stream(sink, tab.schema) as writer:
        writer.write_table(tab)
    return sink.getvalue().size


# ---------------------------------------------------------------- report
def run(rounds: int = 5) -> list[str]:
    """Run every measurement; the report as lines of text."""
    nav = first_draw(rounds)
    n = max(rounds, 7)  # server timings are cheap: more rounds, steadier medians
    filters = {name: (filter_change_apptest(n, True, tab), filter_change_apptest(n, False, tab))
               for name, tab in SECTIONS.items()}
    steps, sizes = filter_change_functions(rounds)
    bare, page = med(nav["bare"]), med(nav["dams"])
    ratio = page / bare
    bare_d, page_d = med(nav["bare (driver)"]), med(nav["dams (driver)"])
    worst = max(med(cold) for cold, _ in filters.values())
    lines = [
        f"Dams page benchmark, default view (all six countries, all 1,055 dams), {rounds} rounds, medians",
        f"first draw in Chromium (s), stamped by the page: Dams page {page:.2f}   bare page {bare:.2f}   "
        f"ratio {ratio:.2f}x (target {FIRST_DRAW_TARGET}x: {'met' if ratio <= FIRST_DRAW_TARGET else 'NOT met'})",
        f"  the Dams page with Streamlit's default server settings (file watcher on, full GC after each run): "
        f"{med(nav[DEFAULTS]):.2f} ({med(nav[DEFAULTS]) / page:.2f}x the shipped settings; "
        f"{med(nav[DEFAULTS]) / bare:.2f}x the bare page, which runs with the shipped settings)",
        f"  the same seen by the test driver (includes its polling steps): Dams page {page_d:.2f}   "
        f"bare page {bare_d:.2f}   ratio {page_d / bare_d:.2f}x",
        f"filter change, server (ms), first visit (figure caches cleared) / revisit; target {FILTER_TARGET_MS:.0f} ms: "
        f"{'met' if 1000 * worst <= FILTER_TARGET_MS else 'NOT met'}",
        *(f"  open tab {name:24s} {1000 * med(cold):5.0f} / {1000 * med(warm):4.0f}"
          for name, (cold, warm) in filters.items()),
        "  page code as plain calls (ms):   "
        + ", ".join(f"{k} {1000 * med(v):.0f}" for k, v in steps.items()),
        "  payload (bytes):                 " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()),
        "all navigation runs (s): " + json.dumps({k: [round(x, 2) for x in v] for k, v in nav.items()}),
        "all filter runs, first visit (ms): "
        + json.dumps({name: [round(1000 * x) for x in cold] for name, (cold, _) in filters.items()}),
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    for line in run(args.rounds):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
