"""Hydrology benchmark: the store's query times on the shipped data and on 100x the series.

Measures, with the project's own store (:mod:`lmc_geo.hydrology.store`), for Chiang Saen (010501, water
level):

* one station's full daily record (:func:`lmc_geo.hydrology.store.station_series`), median ms;
* its day-of-year band (:func:`lmc_geo.hydrology.store.doy_band`), median ms;
* the same on a temporary copy of ``data/`` whose water-level file holds the real rows plus 99
  synthetic copies of every station (ids ``SYN0001_010501`` ..., the real values plus noise),
  written like ``make data`` writes it (sorted by station and date, same row groups), and the
  ratios (target: within 3x);
* click on the station on the basin map (``/map``) to its hydrograph drawn below the map, in
  headless Chromium against a warm server, on both data folders.

Synthetic stations exist only in a temporary folder, deleted at the end: never under ``data/``,
never shipped or shown. Nothing here is a test: the figures go in notes, not assertions.

Usage: ``python scripts/bench_hydrology.py [--rounds 7] [--no-browser]``; ``scripts/bench.py``
calls :func:`run`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from lmc_geo import paths  # noqa: E402
from lmc_geo.hydrology import store, timeseries  # noqa: E402

STATION = "010501"  # Chiang Saen
STATION_NAME = "Chiang Saen"
VARIABLE = "water_level_m"
COPIES = 99  # synthetic copies per station: with the real rows, 100x the series
NOISE_M = 0.05  # standard deviation of the noise added to the synthetic values (m)
ROW_GROUP_SIZE = 32_768  # as lmc_geo.build.series writes the shipped files
TARGET_RECORD_MS, TARGET_BAND_MS, TARGET_CLICK_S, TARGET_RATIO = 20.0, 50.0, 1.0, 3.0

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
#: The compact hydrograph below the map (lmc_geo.ui.hydrology.render_station_hydrograph).
HYDROGRAPH = ".st-key-map_hydrograph_hydrograph svg[role=img]"


# ------------------------------------------------------------------ store timings
def median_ms(fn, rounds: int) -> float:
    """Median wall time of ``fn()`` in ms over ``rounds`` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def store_figures(base: Path, rounds: int, station: str = STATION) -> dict:
    """``{"record_ms", "band_ms", "rows", "file_rows"}`` of one station on the data folder ``base``."""
    rows = len(store.station_series(station, VARIABLE, base=base))
    return {
        "record_ms": median_ms(lambda: store.station_series(station, VARIABLE, base=base), rounds),
        "band_ms": median_ms(lambda: store.doy_band(station, VARIABLE, base=base), rounds),
        "rows": rows,
        "file_rows": pq.ParquetFile(paths.series_path(VARIABLE, base)).metadata.num_rows,
    }


def compact_figure_ms(base: Path, rounds: int, station: str = STATION) -> float:
    """Server work of the map's compact hydrograph without Streamlit or its caches: record, band,
    display quality and the SVG chart (what ``render_station_hydrograph`` sends), median ms."""
    from lmc_geo.hydrology import charts as hydro_charts
    from lmc_geo.hydrology import meta as series_meta

    def once() -> str:
        daily = store.station_series(station, VARIABLE, base=base)
        band = store.doy_band(station, VARIABLE, base=base)
        shown = series_meta.aggregate_for_display(daily, "daily")
        year = timeseries.years_with_data(shown)[0]
        return hydro_charts.band_svg(band, shown, year, station_name=STATION_NAME, variable=VARIABLE,
                                     datum="local gauge", alarm_m=11.5, flood_m=12.8,
                                     title=f"{STATION_NAME}: water level in {year} against the record")

    return median_ms(once, rounds)


# ------------------------------------------------------------------ 100x the series, in a temp folder
def synthetic_id(k: int, station_id: str) -> str:
    """``SYN0001_010501``: the k-th synthetic copy of a station."""
    return f"SYN{k:04d}_{station_id}"


def write_synthetic(data_src: Path, dest: Path, copies: int = COPIES, seed: int = 0) -> Path:
    """Copy ``data_src`` to ``dest`` and write there a water-level file with ``copies`` synthetic copies.

    The file holds the real rows and, for every station, ``copies`` stations ``SYN####_<id>`` with
    the same days, qualities and sources and the real values plus Gaussian noise; rows sorted by
    station id then date and cut in row groups of the build's size, like the shipped file.
    Returns ``dest``. ``dest`` must not be inside ``data/``.
    """
    data_src, dest = Path(data_src).resolve(), Path(dest).resolve()
    shipped = paths.data_dir().resolve()
    if dest == shipped or shipped in dest.parents:
        raise ValueError(f"synthetic data must not be written under {shipped}")
    shutil.copytree(data_src, dest)
    path = paths.series_path(VARIABLE, dest)
    real = pq.read_table(path)
    ids = real.column("station_id").to_pylist()
    # Row range of each station (the shipped file is sorted by station id, then date).
    bounds: dict[str, tuple[int, int]] = {}
    for i, sid in enumerate(ids):
        lo, _ = bounds.get(sid, (i, i))
        bounds[sid] = (lo, i + 1)
    rng = np.random.default_rng(seed)
    base_of = {sid: sid for sid in bounds}
    base_of.update({synthetic_id(k, sid): sid for sid in bounds for k in range(1, copies + 1)})

    tmp = path.with_suffix(".tmp")
    writer = pq.ParquetWriter(tmp, real.schema, compression="zstd", compression_level=9,
                              use_dictionary=True, write_statistics=True, store_schema=False)
    pending: list[pa.Table] = []
    n_pending = 0

    def flush(final: bool = False) -> None:
        nonlocal pending, n_pending
        if not pending:
            return
        table = pa.concat_tables(pending)
        cut = len(table) if final else (len(table) // ROW_GROUP_SIZE) * ROW_GROUP_SIZE
        if cut:
            writer.write_table(table.slice(0, cut), row_group_size=ROW_GROUP_SIZE)
        rest = table.slice(cut)
        pending, n_pending = ([rest], len(rest)) if len(rest) else ([], 0)

    try:
        for sid in sorted(base_of):
            base_id = base_of[sid]
            lo, hi = bounds[base_id]
            part = real.slice(lo, hi - lo)
            if sid != base_id:
                values = part.column("value").to_numpy(zero_copy_only=False)
                noisy = values + rng.normal(0.0, NOISE_M, len(values))
                part = part.set_column(part.schema.get_field_index("station_id"), "station_id",
                                       pa.array([sid] * len(part), pa.string()))
                part = part.set_column(part.schema.get_field_index("value"), "value",
                                       pa.array(noisy, pa.float64()))
            pending.append(part)
            n_pending += len(part)
            if n_pending >= 32 * ROW_GROUP_SIZE:
                flush()
        flush(final=True)
    finally:
        writer.close()
    tmp.replace(path)
    check = pq.ParquetFile(path).metadata.num_rows
    if check != len(real) * (copies + 1):
        raise RuntimeError(f"{path}: {check} rows, expected {len(real) * (copies + 1)}")
    return dest


# ------------------------------------------------------------------ click to hydrograph (Chromium)
def click_to_hydrograph(rounds: int, data_dir: Path | None = None) -> list[float]:
    """Seconds from a click on a station on ``/map`` to its hydrograph drawn below the map.

    One warm-up round (fills the server's caches), then ``rounds`` rounds, each in a fresh
    browser context (new session). The map is loaded, drawn (``window.lmcMapDrawnAt`` set in
    its frame) and the page idle with no frame for 1 s; then Chiang Saen is clicked. Both ends
    are stamped by the browser on one clock (``performance.timeOrigin + now``): the click
    event's own time stamp in the map's frame, and the first animation frame after the compact
    hydrograph naming the station (a server-drawn SVG) is in the page, i.e. when it is painted.
    Playwright's own work before the click (finding the marker, checking it is still) is not
    counted.
    """
    from playwright.sync_api import sync_playwright

    from tests.support.apprunner import launch, stop
    from tests.support.browser import VIEWPORT, launch_browser

    env = {"LMC_DATA_DIR": str(data_dir)} if data_dir else None
    server = launch(env=env)
    timings: list[float] = []
    watch_chart = """([selector, name]) => { window.__lmcChartAt = null;
        const seen = () => [...document.querySelectorAll(selector)]
            .some(el => (el.getAttribute('aria-label') || '').startsWith(name + ':'));
        const obs = new MutationObserver(() => {
            if (seen()) {
                obs.disconnect();
                requestAnimationFrame(() => { window.__lmcChartAt = performance.timeOrigin + performance.now(); });
            }
        });
        obs.observe(document.body, {subtree: true, childList: true}); }"""
    stamp_click = """() => { window.__lmcClickAt = null;
        document.addEventListener('click', e => { window.__lmcClickAt = performance.timeOrigin + e.timeStamp; },
                                  {capture: true, once: true}); }"""

    def drawn_map_frame(page, timeout_s: float = 120.0):
        """The frame whose Leaflet map has drawn every layer (it sets ``window.lmcMapDrawnAt``)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for frame in page.frames:
                try:
                    if frame.evaluate("typeof window.lmcMapDrawnAt") == "number":
                        return frame
                except Exception:  # a frame navigating or gone
                    continue
            page.wait_for_timeout(100)
        raise RuntimeError("the basin map was not drawn")

    def click(page, station: str, name: str) -> float:
        target = page.frame_locator(MAP_IFRAME).locator(f"path[data-kind=station][data-fid='{station}']")
        target.wait_for(timeout=120_000)
        page.locator(IDLE).wait_for(timeout=120_000)
        frame = drawn_map_frame(page)
        page.wait_for_timeout(1000)  # the map settled: the user sees it and clicks
        frame.evaluate(stamp_click)
        page.evaluate(watch_chart, [HYDROGRAPH, name])
        target.click()
        painted = page.wait_for_function("() => window.__lmcChartAt", timeout=120_000).json_value()
        clicked = frame.evaluate("window.__lmcClickAt")
        if clicked is None:
            raise RuntimeError("the click did not reach the map")
        return (painted - clicked) / 1000.0

    try:
        with sync_playwright() as pw:
            browser = launch_browser(pw)
            try:
                for i in range(rounds + 1):
                    context = browser.new_context(viewport=VIEWPORT)
                    try:
                        page = context.new_page()
                        page.goto(server.base_url + "/map")
                        took = click(page, STATION, STATION_NAME)
                        if i:  # round 0 warms the caches
                            timings.append(took)
                    finally:
                        context.close()
            finally:
                browser.close()
    finally:
        stop(server.proc)
    return timings


# ------------------------------------------------------------------ report
def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


def run(rounds: int = 7, browser: bool = True) -> list[str]:
    """Measure and return the report as printable lines (see the module notes)."""
    data = paths.data_dir()
    lines = [f"Hydrology store: {STATION_NAME} ({STATION}) {VARIABLE}, median of {rounds} rounds"]
    real = store_figures(data, rounds)
    lines.append(
        f"  shipped data ({real['file_rows']:,} rows in the file): full daily record "
        f"{real['record_ms']:.1f} ms ({real['rows']:,} days; target <= {TARGET_RECORD_MS:.0f} ms), "
        f"day-of-year band {real['band_ms']:.1f} ms (target <= {TARGET_BAND_MS:.0f} ms)"
    )
    lines.append(f"  compact hydrograph server work (record + band + SVG, no cache): "
                 f"{compact_figure_ms(data, rounds):.0f} ms")
    click_real = click_big = None
    with tempfile.TemporaryDirectory(prefix="lmc-bench-hydro-") as tmp:
        start = time.perf_counter()
        big_base = write_synthetic(data, Path(tmp) / "data")
        made = time.perf_counter() - start
        big = store_figures(big_base, rounds)
        syn = store_figures(big_base, rounds, station=synthetic_id(50, STATION))
        lines.append(
            f"  100x series ({big['file_rows']:,} rows, {COPIES} synthetic copies per station, written in "
            f"{made:.0f} s to a temporary folder): full daily record {big['record_ms']:.1f} ms "
            f"({_ratio(big['record_ms'], real['record_ms'])}), day-of-year band {big['band_ms']:.1f} ms "
            f"({_ratio(big['band_ms'], real['band_ms'])}); target within {TARGET_RATIO:.0f}x"
        )
        lines.append(
            f"  100x series, a synthetic station ({synthetic_id(50, STATION)}): full daily record "
            f"{syn['record_ms']:.1f} ms, day-of-year band {syn['band_ms']:.1f} ms"
        )
        if browser:
            try:
                click_real = click_to_hydrograph(max(3, rounds // 2))
                click_big = click_to_hydrograph(max(3, rounds // 2), data_dir=big_base)
            except Exception as exc:  # no Chromium or Playwright: report, keep the store figures
                lines.append(f"  click to hydrograph: not measured ({type(exc).__name__}: {exc})")
    if click_real and click_big:
        mr, mb = statistics.median(click_real), statistics.median(click_big)
        lines.append(
            "  click on the station on /map to its hydrograph drawn (Chromium, warm server, new session): "
            f"{mr:.2f} s (min {min(click_real):.2f}, max {max(click_real):.2f}, n={len(click_real)}; "
            f"target <= {TARGET_CLICK_S:.0f} s); with 100x series {mb:.2f} s ({_ratio(mb, mr)})"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--no-browser", action="store_true", help="store timings only")
    args = parser.parse_args(argv)
    for line in run(args.rounds, browser=not args.no_browser):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
