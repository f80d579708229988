"""``make data``: rebuild ``data/`` from the reference data.

Usage: ``python -m lmc_geo.build [--reference DIR] [--out DIR]``

Everything is built into a temporary folder first. Only when every layer has
been read, checked and written are the files moved into place, so a missing or
malformed reference file stops the build with a message naming it and leaves
the existing ``data/`` untouched; a build killed while moving them is finished by
the next start (:mod:`lmc_geo.install`), so ``data/`` is never a mix.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import pandas as pd

from lmc_geo import install as data_install
from lmc_geo import paths
from lmc_geo.build import layers as L
from lmc_geo.build.dam_checks import check_dams
from lmc_geo.build.dam_sources import write_dam_source_values
from lmc_geo.build.names import read_names, with_chinese_names
from lmc_geo.build.projects import build_projects
from lmc_geo.build.report import quality_report
from lmc_geo.build.series import build_series
from lmc_geo.build.station_checks import check_positions, with_other_stages

#: Files and folders under data/ that the build owns (README.md and backups/ are not touched).
#: Every river line of the reference data (all orders), for the gauges' distance to their river.
RIVER_LINES = ("mekong_river_network_fao_hydrosheds.geojson", "mekong_mainstream_hydrorivers.geojson",
               "gms_main_rivers.geojson", "ne_10m_rivers_lake_centerlines_region.geojson")
OUTPUTS = paths.BUILD_OUTPUTS


def write_layer(frame, name: str, out: Path) -> None:
    path = paths.layer_path(name, out)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(path, compression="zstd", index=False, write_covering_bbox=False)


def build_all(ref: Path, out: Path) -> dict:
    """Build every layer from ``ref`` into ``out`` (an empty folder). Returns build notes."""
    basin = L.build_basin(ref)
    stations, station_notes = L.build_stations(ref)
    world = L.world_outside_region(L.read_world())  # the basemap beyond the region box
    built = {
        "countries": L.build_countries(ref, world),
        "borders": L.build_borders(ref, world),
        "basin": basin,
        "basin_countries": L.build_basin_countries(ref),
        "rivers": L.build_rivers(ref),
        "river_labels": L.build_river_labels(ref, basin),
        "lakes": L.build_lakes(ref),
        "stations": stations,
        "dams": L.build_dams(ref),
    }
    names = read_names()
    built["stations"] = with_other_stages(with_chinese_names(built["stations"], "station", names))
    places = L.read_reference(ref, "countries/ne_10m_populated_places_region.geojson", ["name"])
    network = pd.concat([L.read_reference(ref, f"rivers/{name}")[["geometry"]] for name in RIVER_LINES])
    built["stations"], position_notes = check_positions(built["stations"], network, places)
    built["dams"], dam_checks = check_dams(with_chinese_names(built["dams"], "dam", names))
    built["river_labels"] = with_chinese_names(built["river_labels"], "river", names)
    for name, frame in built.items():
        write_layer(frame, name, out)
    notes: dict = {"station_coordinates": station_notes, "rows": {k: len(v) for k, v in built.items()},
                   "dam_checks": dam_checks, "station_positions": position_notes}
    notes["rows"]["dam_source_values"] = write_dam_source_values(ref, built["dams"], out)


    projects = build_projects(ref, out)
    notes["rows"]["projects"] = len(projects)


    series_stations = stations[stations.has_series][["station_id", "mrc_id", "series_name"]].rename(
        columns={"series_name": "name"}
    )
    series_notes = build_series(ref, out, series_stations)
    notes["series"] = {k: v for k, v in series_notes.items() if k != "files" and _jsonable(v)}
    long = pd.concat([pd.read_parquet(path) for path in series_notes["files"].values()], ignore_index=True)
    names = dict(zip(stations["station_id"].astype(str), stations["name"].astype(str)))
    report, notes["quality_summary"] = quality_report(long, built["dams"], names, built["stations"])
    paths.quality_report_path(out).write_text(report, encoding="utf-8")

    paths.build_notes_path(out).write_text(json.dumps(notes, indent=2, sort_keys=True, default=str) + "\n")
    return notes


def _jsonable(value) -> bool:
    try:
        json.dumps(value, default=str)
        return True
    except (TypeError, ValueError):
        return False


def install(staged: Path, dest: Path) -> None:
    """Move the staged outputs into ``dest`` all at once (:func:`lmc_geo.install.install`).

    A project registry that differs from the seed's (the Center's official list, imported)
    is kept as it is: a data rebuild never replaces it. Delete ``data/projects.csv`` first
    to go back to the seed registry.
    """
    dest.mkdir(parents=True, exist_ok=True)
    current, rebuilt = paths.projects_path(dest), paths.projects_path(staged)
    if current.is_file() and rebuilt.is_file() and current.read_bytes() != rebuilt.read_bytes():
        rebuilt.unlink()
        print(f"note: kept the imported project registry {current} (delete it to rebuild from the seed)")
    data_install.install(staged, dest, OUTPUTS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lmc_geo.build", description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=paths.reference_dir(), help="reference-data folder")
    parser.add_argument("--out", type=Path, default=paths.data_dir(), help="data folder to (re)write")
    args = parser.parse_args(argv)
    if not args.reference.is_dir():
        print(f"error: reference-data folder not found: {args.reference}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with data_install.exclusive(args.out, wait=False) as held:  # one build at a time; an app start waits its turn
        if not held:
            print(f"error: another `make data` is writing {args.out}; try again when it ends", file=sys.stderr)
            return 1
        for line in data_install.recover(args.out, OUTPUTS, locked=True):  # a killed build's, finished or swept
            print(f"note: {line}")
        with tempfile.TemporaryDirectory(prefix=data_install.BUILD_PREFIX, dir=args.out) as tmp:
            try:
                notes = build_all(args.reference, Path(tmp))
            except Exception as exc:  # report any failure as a one-line message; data/ is untouched
                print(f"error: {exc}", file=sys.stderr)
                print(f"data folder left unchanged: {args.out}", file=sys.stderr)
                return 1
            install(Path(tmp), args.out)
    for name, n in notes["rows"].items():
        print(f"{name:16s} {n:6d} rows")
    for line in notes.get("quality_summary", []):
        print(f"quality: {line}")
    print(f"quality report: {paths.quality_report_path(args.out)}")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
