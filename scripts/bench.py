"""``make bench``: the basin map against a naive baseline and a bare page, in one run.

Prints, for the default view (all six countries, every layer):

* navigation to map drawn in headless Chromium (median of N rounds; the three pages are
  interleaved round by round so machine noise hits them alike);
* the map's payload in bytes (the HTML/JS the browser receives for the map);
* the server time of a country-filter change (filter + build map + render, median),
  and the same through the running app (filter click to the updated map in the browser).

The naive baseline is built from the same data, the way a first attempt would do it:
each dam a ``folium.Marker`` with a popup, geometries from the reference data unsimplified.
Nothing here is a test: the figures go in notes, not assertions.

Then the hydrology store and click-to-hydrograph (``scripts/bench_hydrology.py``, with 100x
synthetic series in a temporary folder) and the Dams page (``scripts/bench_dams.py``).

Then the language switch's rerun time per page (``scripts/bench_language.py``), and briefings and
the tour (``scripts/bench_briefing.py``).

Then the scale part (`scripts/bench_scale.py`: 100x synthetic data, and PostGIS beside the embedded
store with `--backend postgis`), the load test (`scripts/loadtest.py`) and the load test through
the cluster with 1 and 2 processes (`scripts/bench_cluster.py`). Each part renews its own section
of `benchmarks/RESULTS.md`.

Usage: ``python scripts/bench.py [--rounds 5] [--only map|hydrology|dams|language|briefing|scale|load|cluster]
[--scale 100] [--backend files|postgis]``
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import geopandas as gpd  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit_folium import _get_map_string  # noqa: E402

from lmc_geo import loaders, paths  # noqa: E402
from lmc_geo.filters import by_countries  # noqa: E402
from lmc_geo.maps.basin_map import MapOptions, build_basin_map  # noqa: E402
from lmc_geo.maps.offline import LEAFLET_CSS, LEAFLET_JS, LocalIconPath  # noqa: E402
from lmc_geo.schema import COUNTRIES  # noqa: E402
from scripts.bench_browser import MAP_IFRAME, launch_browser, time_navigation  # noqa: E402
from tests.support import apprunner  # noqa: E402

BASE_LAYERS = ("countries", "borders", "basin", "basin_countries", "rivers", "river_labels", "lakes")

BARE_APP = 'import streamlit as st\nst.write("Bare page")\n'

NAIVE_APP = textwrap.dedent(
    '''
    """Naive baseline: every dam a folium Marker, reference geometries unsimplified."""
    import sys
    sys.path.insert(0, {root!r})
    import streamlit as st
    from streamlit_folium import st_folium
    from scripts.bench import naive_map, read_naive
    st.set_page_config(layout="wide")
    chosen = st.multiselect("Countries", {countries!r}, default={countries!r})
    st_folium(naive_map(read_naive(), tuple(chosen)), height=760, use_container_width=True,
              returned_objects=["last_object_clicked"])
    '''
)


def read_naive() -> dict:
    """Reference layers as they come, no simplification (the baseline's data)."""
    ref = paths.reference_dir()
    return {
        "countries": gpd.read_file(ref / "countries" / "countries_ne10m_region_clip.geojson")[["ISO_A2", "geometry"]],
        "basin": gpd.read_file(ref / "basin" / "mekong_basin_with_delta.geojson")[["geometry"]],
        "rivers": gpd.read_file(ref / "rivers" / "mekong_river_network_fao_hydrosheds.geojson")
        .query("strahler >= 5")[["geometry"]],
        "mainstream": gpd.read_file(ref / "rivers" / "mekong_mainstream_hydrorivers.geojson")[["geometry"]],
        "lake": gpd.read_file(ref / "rivers" / "tonle_sap_hydrolakes.geojson")[["geometry"]],
        "dams": loaders.read_layer("dams"),
        "stations": loaders.read_layer("stations"),
    }


def naive_map(layers: dict, countries: tuple[str, ...]) -> folium.Map:
    """The baseline map: a Marker (with tooltip) per dam and station, full-resolution GeoJSON.

    Popups are left out: folium renders them with jQuery, which the offline atlas does not ship.
    """
    m = folium.Map(location=[18, 103], zoom_start=5, tiles=None)
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    LocalIconPath().add_to(m)
    for name in ("countries", "basin", "rivers", "mainstream", "lake"):
        folium.GeoJson(layers[name].to_json(), name=name).add_to(m)
    for layer in ("dams", "stations"):
        group = folium.FeatureGroup(name=layer).add_to(m)
        for row in by_countries(layers[layer], countries).itertuples():
            folium.Marker([row.lat, row.lon], tooltip=str(row.name)).add_to(group)
    folium.LayerControl().add_to(m)
    return m


def our_layers() -> dict:
    frames = {name: loaders.read_layer(name) for name in (*BASE_LAYERS, "stations", "dams")}
    frames["projects"] = loaders.read_projects()
    return frames


def our_map(frames: dict, countries: tuple[str, ...]) -> folium.Map:
    data = dict(frames)
    data["stations"] = by_countries(frames["stations"], countries)
    data["dams"] = by_countries(frames["dams"], countries)
    data["projects"] = by_countries(frames["projects"], countries, column="countries")
    return build_basin_map(data, MapOptions(countries=countries))


def payload_bytes(m: folium.Map) -> int:
    """Bytes st_folium sends for the map: the rendered script plus the map's HTML."""
    m.get_root().render()
    return len(_get_map_string(m).encode()) + len(m.get_root().header.render().encode())


def server_time(build, frames, rounds: int) -> list[float]:
    """Seconds for a filter change: filter, build and render the map (alternating selections)."""
    out = []
    for i in range(rounds):
        countries = ("LA",) if i % 2 == 0 else COUNTRIES
        start = time.perf_counter()
        payload_bytes(build(frames, countries))
        out.append(time.perf_counter() - start)
    return out


def browser_filter_change(browser, base_url: str, rounds: int) -> list[float]:
    """Click 'Remove China' in the sidebar until the map shows the new dam count."""
    out = []
    expected = int((loaders.read_layer("dams").iso2 != "CN").sum())
    for _ in range(rounds):
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        page = context.new_page()
        page.goto(base_url + "/map")
        frame = page.frame_locator(MAP_IFRAME)
        frame.locator("[data-kind=station]").first.wait_for(timeout=60_000)
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
        start = time.perf_counter()
        try:
            page.get_by_role("button", name="Remove China").click(timeout=20_000)
        except Exception:
            page.screenshot(path=str(ROOT / "artifacts" / "bench-filter-failed.png"))
            raise
        page.wait_for_function(
            """n => { const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
                      return f && f.contentDocument &&
                             f.contentDocument.querySelectorAll('[data-kind=dam]').length === n; }""",
            arg=expected,
            timeout=60_000,
        )
        out.append(time.perf_counter() - start)
        context.close()
    return out


def ours_drawn(page, timeout_ms: float = 60_000) -> None:
    page.frame_locator(MAP_IFRAME).locator("[data-kind=station]").first.wait_for(timeout=timeout_ms)


def naive_drawn(page, timeout_ms: float = 60_000) -> None:
    page.frame_locator(MAP_IFRAME).locator(".leaflet-marker-icon").first.wait_for(timeout=timeout_ms)


def med(xs: list[float]) -> float:
    return statistics.median(xs)


PARTS = ("map", "hydrology", "dams", "language", "briefing", "scale", "load", "cluster")
RESULTS = ROOT / "benchmarks" / "RESULTS.md"


TITLES = {"map": "Basin map", "hydrology": "Hydrology store and click to hydrograph", "dams": "Dams page",
          "language": "Language switch", "briefing": "Briefings and the tour", "scale": "Scale (100x data)",
          "load": "Load test", "cluster": "Load test through the cluster"}


class _Tee:
    """Writes to the console and keeps a copy (for benchmarks/RESULTS.md)."""

    def __init__(self, stream) -> None:
        self.stream, self.parts = stream, []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=PARTS, help="run one part only")
    parser.add_argument("--scale", type=int, default=100, help="data multiple of the scale part (SCALE=100)")
    parser.add_argument("--backend", choices=("files", "postgis"), default="files",
                        help="postgis: the scale part also measures the PostGIS backend (BACKEND=postgis)")
    parser.add_argument("--results", default=str(RESULTS), help="where the report goes ('' for nowhere)")
    args = parser.parse_args(argv)
    failed = 0
    for part in PARTS if args.only is None else (args.only,):
        tee = _Tee(sys.stdout)
        sys.stdout = tee
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        try:
            RUNNERS[part](args)
        except Exception as exc:  # one part failing still reports the others
            failed += 1
            print(f"{part}: not measured ({type(exc).__name__}: {exc})")
        finally:
            sys.stdout = tee.stream
        if args.results:
            write_results(Path(args.results), part, "".join(tee.parts), started)
    return 1 if failed else 0


def _hydrology(args) -> None:
    from scripts import bench_hydrology

    print("\n".join(bench_hydrology.run(rounds=max(7, args.rounds))))


def _dams(args) -> None:
    from scripts import bench_dams

    print("\n".join(bench_dams.run(rounds=args.rounds)))


def _language(args) -> None:
    from scripts import bench_language

    print("\n".join(bench_language.run(rounds=max(8, args.rounds))))


def _briefing(args) -> None:
    from scripts import bench_briefing

    print("\n".join(bench_briefing.run(rounds=max(3, args.rounds // 2))))


def _scale(args) -> None:
    from scripts import bench_scale

    print("\n".join(bench_scale.run(scale=args.scale, rounds=args.rounds, backend=args.backend)))


def _load(args) -> None:
    from scripts import loadtest

    # Memory is watched for 200 s after the sessions close: Streamlit keeps them 120 s, and the server
    # gives freed memory back once a minute (lmc_geo.heap).
    loadtest.main(["--sessions", "1,10,20,30,40,50", "--seconds", "30", "--browsers", "2", "--memory", "1,20,50",
                   "--memory-wait", "200"])


def _cluster(args) -> None:
    from scripts import bench_cluster

    print("\n".join(bench_cluster.run()))


RUNNERS = {"map": lambda args: bench_map(args), "hydrology": _hydrology, "dams": _dams, "language": _language,
           "briefing": _briefing, "scale": _scale, "load": _load, "cluster": _cluster}
#: Streamlit's own log lines ("2026-12-01 17:12:29.780 No runtime found ..."), left out of the report.
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ ")
SECTION = re.compile(r"^## (\w+) · .*?(?=^## \w+ · |\Z)", re.S | re.M)


def write_results(path: Path, part: str, text: str, started: str) -> None:
    """Put one part's figures in benchmarks/RESULTS.md, keeping the other parts' from earlier runs."""
    sections = {}
    if path.is_file():
        for match in SECTION.finditer(path.read_text(encoding="utf-8")):
            sections[match.group(1)] = match.group(0).rstrip() + "\n"
    body = "\n".join(line for line in text.strip().splitlines() if not LOG_LINE.match(line))
    fenced = body if "|---|" in body else f"```text\n{body}\n```"
    sections[part] = f"## {part} · {TITLES[part]}\n\nMeasured {started}.\n\n{fenced}\n"
    head = "\n".join([
        "# Benchmark results",
        "",
        f"Written by `make bench` on {platform.node() or 'this machine'}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}. Each part says when it was "
        "measured (`make bench ONLY=part` renews one). Baselines are measured in the same run as the figures "
        "beside them (bare page, naive map, Streamlit's default settings, the 1x data beside 100x, the embedded "
        "store beside PostGIS): quote ratios and medians, the machine is noisy.",
        "",
    ])
    ordered = [sections[p] for p in PARTS if p in sections]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text(head + "\n" + "\n".join(ordered), encoding="utf-8")
    tmp.replace(path)


def bench_map(args) -> None:
    """Basin map: atlas vs naive baseline vs bare page."""

    frames, naive = our_layers(), read_naive()
    ours_payload = payload_bytes(our_map(frames, COUNTRIES))
    naive_payload = payload_bytes(naive_map(naive, COUNTRIES))
    our_map(frames, COUNTRIES)  # warm imports and templates once for both
    naive_map(naive, COUNTRIES)
    ours_server = server_time(our_map, frames, max(7, args.rounds))
    naive_server = server_time(naive_map, naive, max(7, args.rounds))

    # Next to app.py, so Streamlit serves the same static/ folder (the vendored Leaflet) to all three.
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-") as tmp:
        shutil.copytree(ROOT / "static", Path(tmp) / "static")
        bare_py, naive_py = Path(tmp) / "bare.py", Path(tmp) / "naive.py"
        bare_py.write_text(BARE_APP)
        naive_py.write_text(NAIVE_APP.format(root=str(ROOT), countries=list(COUNTRIES)))
        servers = {
            "bare": apprunner.launch(bare_py),
            "ours": apprunner.launch(ROOT / "app.py"),
            "naive": apprunner.launch(naive_py),
        }
        try:
            with sync_playwright() as pw:
                browser = launch_browser(pw)
                checks = {"bare": "Bare page", "ours": ours_drawn, "naive": naive_drawn}
                urls = {"bare": servers["bare"].base_url, "ours": servers["ours"].base_url + "/map",
                        "naive": servers["naive"].base_url}
                for name in servers:  # warm each server once (first run compiles and caches)
                    time_navigation(browser, urls[name], checks[name], runs=1)
                nav = {name: [] for name in servers}
                for _ in range(args.rounds):
                    for name in servers:
                        nav[name] += time_navigation(browser, urls[name], checks[name], runs=1)
                filter_browser = browser_filter_change(browser, servers["ours"].base_url, args.rounds)
                browser.close()
        finally:
            for server in servers.values():
                apprunner.stop(server.proc)

    bare = med(nav["bare"])
    print(f"Basin map benchmark, default view (all six countries, every layer), {args.rounds} rounds, medians")
    print(f"{'':34s}{'atlas':>12s}{'naive':>12s}{'bare page':>12s}")
    print(f"{'navigation to map drawn (s)':34s}{med(nav['ours']):12.2f}{med(nav['naive']):12.2f}{bare:12.2f}")
    print(f"{'  ratio to bare page':34s}{med(nav['ours']) / bare:11.2f}x{med(nav['naive']) / bare:11.2f}x{1:11.2f}x")
    print(f"{'map payload (bytes)':34s}{ours_payload:12,d}{naive_payload:12,d}{'-':>12s}")
    print(f"{'filter change, server (ms)':34s}{1000 * med(ours_server):12.0f}{1000 * med(naive_server):12.0f}"
          f"{'-':>12s}")
    print(f"{'  naive / atlas':34s}{med(naive_server) / med(ours_server):11.1f}x")
    print(f"{'filter change in browser (s)':34s}{med(filter_browser):12.2f}")
    print("all navigation runs (s):", {k: [round(x, 2) for x in v] for k, v in nav.items()})


if __name__ == "__main__":
    sys.exit(main())
