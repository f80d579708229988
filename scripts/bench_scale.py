"""``make bench SCALE=100``: the same figures on 100x the stations, dams, projects and series.

A temporary copy of ``data/`` gets, besides the real rows, ``SCALE - 1`` synthetic copies of every
station (ids ``SYN0001_010501``, names "SYN0001 Chiang Saen", moved up to 0.3 degrees), of every
dam (ids ``<id>_SYN0001``) and of every project (ids ``<id>-S0001``, names "SYN0001 ..."), and the
water-level series of every synthetic station (the real values plus noise, as
``scripts/bench_hydrology.py`` writes them). Synthetic rows exist only in that temporary folder,
deleted at the end: never under ``data/``, never shipped or shown.

Both folders are served, one after the other, like ``make run``; over the websocket
(:mod:`scripts.st_session`) it measures, median of ``--rounds``:

* the Basin map's payload (bytes a visit receives) and its page load;
* a country-filter change on the map (Laos only, then all six);
* the Hydrology page for Chiang Saen, and the store's full daily record and day-of-year band of Chiang Saen
  (:func:`lmc_geo.hydrology.store.station_series`), with the 100x/1x ratio.

Targets: map payload at most 2 MB, filter change at most 1 s, record at most 3x the 1x time.
Nothing here is a test: the figures go in notes and ``benchmarks/RESULTS.md``.

Usage: ``python scripts/bench_scale.py [--scale 100] [--rounds 5]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from lmc_geo import database, loaders, paths  # noqa: E402
from lmc_geo.build import postgis  # noqa: E402
from lmc_geo.hydrology import store  # noqa: E402
from scripts.bench_hydrology import STATION, median_ms, synthetic_id, write_synthetic  # noqa: E402
from scripts.st_session import Session  # noqa: E402
from scripts.st_session import run as run_async  # noqa: E402
from tests.support import apprunner, postgres  # noqa: E402

TARGET_MAP_BYTES, TARGET_FILTER_S, TARGET_RECORD_RATIO = 2_000_000, 1.0, 3.0


def _moved(frame: pd.DataFrame, rng, spread: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    return (frame["lon"].to_numpy(float) + rng.uniform(-spread, spread, len(frame)),
            frame["lat"].to_numpy(float) + rng.uniform(-spread, spread, len(frame)))


def write_scaled(dest: Path, scale: int, seed: int = 0) -> Path:
    """``dest``: a copy of ``data/`` with ``scale - 1`` synthetic copies of stations, dams, projects, series."""
    write_synthetic(paths.data_dir(), dest, copies=scale - 1, seed=seed)
    rng = np.random.default_rng(seed)

    def copies(frame: pd.DataFrame, make) -> pd.DataFrame:
        parts = [frame]
        for k in range(1, scale):
            part = make(frame.copy(), k)
            if "lon" in part and "lat" in part:
                part["lon"], part["lat"] = _moved(part, rng)
                if isinstance(part, gpd.GeoDataFrame):
                    part = part.set_geometry(gpd.points_from_xy(part["lon"], part["lat"]), crs=frame.crs)
            parts.append(part)
        out = pd.concat(parts, ignore_index=True)
        if isinstance(frame, gpd.GeoDataFrame):
            return gpd.GeoDataFrame(out, geometry=frame.geometry.name, crs=frame.crs)
        return out

    stations = loaders.read_layer("stations", dest)
    scaled = copies(stations, lambda f, k: f.assign(station_id=[synthetic_id(k, s) for s in f["station_id"]],
                                                    name=[f"SYN{k:04d} {n}" for n in f["name"]]))
    scaled.to_parquet(paths.layer_path("stations", dest))
    dams = loaders.read_layer("dams", dest)
    scaled = copies(dams, lambda f, k: f.assign(dam_id=f["dam_id"].astype(str) + f"_SYN{k:04d}",
                                                name=[f"SYN{k:04d} {n}" for n in f["name"]]))
    scaled.to_parquet(paths.layer_path("dams", dest))
    registry = paths.projects_path(dest)
    projects = pd.read_csv(registry, dtype=str, keep_default_na=False)
    scaled = copies(projects, lambda f, k: f.assign(id=f["id"] + f"-S{k:04d}",
                                                    name_en=[f"SYN{k:04d} {n}" for n in f["name_en"]]))
    scaled.to_csv(registry, index=False)
    return dest


async def _map_figures(base_url: str, rounds: int) -> dict:
    loads, sizes, filters = [], [], []
    async with Session(base_url) as s:
        await s.open("map")
        for _ in range(rounds):
            o = await s.open("map")
            loads.append(o.seconds)
            sizes.append(o.bytes)
            laos = next(opt for opt in s.options("countries") if opt.startswith("Laos"))
            o = await s.set("countries", [laos])
            filters.append(o.seconds)
            o = await s.set("countries", s.options("countries"))
            filters.append(o.seconds)
        hydro = []
        await s.open("hydrology", query=f"station={STATION}")
        for _ in range(rounds):
            hydro.append((await s.open("hydrology", query=f"station={STATION}")).seconds)
    return {"map_s": statistics.median(loads), "map_bytes": statistics.median(sizes),
            "filter_s": statistics.median(filters), "filter_p95_s": sorted(filters)[int(0.95 * (len(filters) - 1))],
            "hydrology_s": statistics.median(hydro)}


def measure(base: Path | None, rounds: int, database_url: str | None = None) -> dict:
    env = {"LMC_DATA_DIR": str(base)} if base else {}
    if database_url:  # the same figures with the shared database as the backend
        env[database.ENV] = database_url
    server = apprunner.launch(env=env or None)
    try:
        out = run_async(_map_figures(server.base_url, rounds))
    finally:
        apprunner.stop(server.proc)
    previous = os.environ.get(database.ENV)
    if database_url:
        os.environ[database.ENV] = database_url
        database.forget_versions()
    try:
        calls = max(rounds, 15)  # the store's calls are short: more of them for a steadier median
        out["record_ms"] = median_ms(lambda: store.station_series(STATION, "water_level_m",
                                                                 base=base or paths.data_dir()), calls)
        out["band_ms"] = median_ms(lambda: store.doy_band(STATION, "water_level_m", base=base or paths.data_dir()),
                                   calls)
    finally:
        if database_url:
            os.environ.pop(database.ENV) if previous is None else os.environ.update({database.ENV: previous})
    folder = base or paths.data_dir()
    out["counts"] = {name: len(loaders.read_layer(name, folder)) for name in ("stations", "dams")}
    out["counts"]["projects"] = len(loaders.read_projects(folder))  # refused rows would not count
    return out


def run(scale: int = 100, rounds: int = 5, backend: str = "files") -> list[str]:
    """The figures at 1x and ``scale``x; with ``backend="postgis"`` also from a PostGIS loaded with each."""
    cluster = postgres.start() if backend == "postgis" else None
    db: dict = {}
    try:
        one = measure(None, rounds)
        if cluster:
            start = time.perf_counter()
            postgis.load(database_url=cluster.url)
            db["load_1x_s"] = time.perf_counter() - start
            db[1] = measure(None, rounds, cluster.url)
        with tempfile.TemporaryDirectory(prefix="lmc-bench-scale-") as tmp:
            start = time.perf_counter()
            big_base = write_scaled(Path(tmp) / "data", scale)
            made = time.perf_counter() - start
            big = measure(big_base, rounds)
            if cluster:
                start = time.perf_counter()
                postgis.load(big_base, database_url=cluster.url, replace_registry=True)  # its own 3,600
                db["load_big_s"] = time.perf_counter() - start
                db[scale] = measure(big_base, rounds, cluster.url)
    finally:
        if cluster:
            cluster.stop()
    c1, cx = one["counts"], big["counts"]
    ratio = lambda a, b: f"{a / b:.2f}x" if b else "–"  # noqa: E731
    lines = [
        f"Scale {scale}x (synthetic copies in a temporary folder, written in {made:.0f} s): "
        f"{cx['stations']:,} stations, {cx['dams']:,} dams, {cx['projects']:,} projects "
        f"(shipped: {c1['stations']:,}, {c1['dams']:,}, {c1['projects']:,}); median of {rounds} rounds.",
        "",
        "| figure | 1x | " + f"{scale}x" + " | ratio | target |",
        "|---|---|---|---|---|",
        f"| Basin map payload | {one['map_bytes'] / 1e6:.2f} MB | {big['map_bytes'] / 1e6:.2f} MB | "
        f"{ratio(big['map_bytes'], one['map_bytes'])} | ≤ {TARGET_MAP_BYTES / 1e6:.0f} MB |",
        f"| Basin map page load (server) | {one['map_s']:.2f} s | {big['map_s']:.2f} s | "
        f"{ratio(big['map_s'], one['map_s'])} | |",
        f"| Country filter change on the map | {one['filter_s']:.2f} s | {big['filter_s']:.2f} s "
        f"(p95 {big['filter_p95_s']:.2f}) | {ratio(big['filter_s'], one['filter_s'])} | ≤ {TARGET_FILTER_S:.0f} s |",
        f"| Hydrology page, Chiang Saen | {one['hydrology_s']:.2f} s | {big['hydrology_s']:.2f} s | "
        f"{ratio(big['hydrology_s'], one['hydrology_s'])} | |",
        f"| Station record (store) | {one['record_ms']:.1f} ms | {big['record_ms']:.1f} ms | "
        f"{ratio(big['record_ms'], one['record_ms'])} | ≤ {TARGET_RECORD_RATIO:.0f}x |",
        f"| Station band of record (store) | {one['band_ms']:.1f} ms | {big['band_ms']:.1f} ms | "
        f"{ratio(big['band_ms'], one['band_ms'])} | |",
    ]
    if cluster:
        lines += [
            "",
            f"The same with PostGIS as the backend (loaded in {db['load_1x_s']:.0f} s at 1x and "
            f"{db['load_big_s']:.0f} s at {scale}x), beside the embedded store; ratio = PostGIS / embedded "
            "(target: within 2x at 1x, better at 100x where an index helps):",
            "",
            f"| figure | embedded 1x | PostGIS 1x | ratio | embedded {scale}x | PostGIS {scale}x | ratio |",
            "|---|---|---|---|---|---|---|",
        ]
        for label, key, fmt in (("Station record (store)", "record_ms", "{:.1f} ms"),
                                ("Station band of record (store)", "band_ms", "{:.1f} ms"),
                                ("Country filter change on the map", "filter_s", "{:.2f} s"),
                                ("Basin map page load (server)", "map_s", "{:.2f} s"),
                                ("Hydrology page, Chiang Saen", "hydrology_s", "{:.2f} s"),
                                ("Basin map payload", "map_bytes", "{:,.0f} B")):
            lines.append(f"| {label} | {fmt.format(one[key])} | {fmt.format(db[1][key])} | "
                         f"{ratio(db[1][key], one[key])} | {fmt.format(big[key])} | {fmt.format(db[scale][key])} | "
                         f"{ratio(db[scale][key], big[key])} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--backend", choices=("files", "postgis"), default="files")
    args = parser.parse_args(argv)
    print("\n".join(run(args.scale, args.rounds, args.backend)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
