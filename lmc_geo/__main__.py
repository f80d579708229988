"""Command line of the atlas: ``python -m lmc_geo <command> ...``.

Commands
--------
import-projects FILE [--data-dir DIR]
    Replace the project registry with FILE (CSV or XLSX). Prints every problem as
    ``line N, column C: message`` (N as a spreadsheet shows the file, the header being
    line 1) and exits 1 without writing anything if there is one.
load-postgis [--data-dir DIR] [--database-url URL]
    Load the derived data (``data/``) into PostgreSQL with PostGIS (``LMC_DATABASE_URL``) in one
    transaction; a failed or interrupted load leaves the database as it was.
briefing [--countries LA,KH] [--lang en|zh] [--asof YYYY-MM-DD] [--station ID] --out FILE.pdf
    Write the briefing PDF and a PNG of its first page beside it.
briefing --each-country [--countries ...] [--lang ...] [--asof ...] --out DIR
    Write one briefing per country (PDF and PNG) and index.pdf listing them. An unknown country,
    station or date is refused with a message (exit 2), and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lmc_geo import database, paths
from lmc_geo.briefing.content import BriefingError, BriefingRequest, parse_countries
from lmc_geo.briefing.fonts import FontsMissing
from lmc_geo.briefing.pack import briefing_files, meeting_pack
from lmc_geo.build import postgis
from lmc_geo.i18n import LANGUAGES, t
from lmc_geo.loaders import countries_geometry
from lmc_geo.projects.registry import import_registry
from lmc_geo.validate import DataFileError


def _import_projects(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir) if args.data_dir else None
    dest = paths.projects_path(data_dir)
    # Reference outlines, else the shipped countries layer: the same check as the Projects page.
    geom = countries_geometry(data_dir=data_dir)
    try:
        result = import_registry(Path(args.file), None, dest=dest, countries_geom=geom)
    except OSError as exc:
        print(f"Import failed: cannot write {dest} ({exc.strerror or exc}); nothing was changed.", file=sys.stderr)
        return 1
    if not result.ok:
        print(f"Import refused: {len(result.problems)} problem(s) in {args.file}; "
              "nothing was changed.", file=sys.stderr)
        for problem in result.problems:
            print(problem, file=sys.stderr)
        return 1
    reg = result.registry
    by_prov = reg["provenance"].value_counts().to_dict()
    where = f"the database {database.where()}" if database.enabled() else result.path
    print(f"Imported {result.rows} projects into {where}")
    print("  provenance: " + ", ".join(f"{k} {v}" for k, v in sorted(by_prov.items())))
    print(f"  countries: {' '.join(sorted({c for cs in reg['countries'] for c in cs}))}")
    if result.backup:
        print(f"  previous registry saved as {result.backup}")
    if result.ignored_columns:
        print(f"  ignored columns: {', '.join(result.ignored_columns)}")
    if geom is None:
        print("  note: no country outlines found (reference data or countries layer); "
              "locations checked against the region box")
    return 0


def _briefing(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir) if args.data_dir else None
    lang = args.lang
    try:
        request = BriefingRequest(parse_countries(args.countries), lang, args.asof, args.station)
        if args.each_country:
            written = meeting_pack(request, Path(args.out), data_dir)
        else:
            _, written = briefing_files(request, Path(args.out), data_dir)
    except (BriefingError, FontsMissing) as exc:
        print(t("briefing.cli.refused", lang, problem=exc.said.in_lang(lang)), file=sys.stderr)
        return 2
    except (DataFileError, OSError) as exc:
        print(t("briefing.cli.refused", lang, problem=str(exc)), file=sys.stderr)
        return 1
    print(t("briefing.cli.written", lang, files=", ".join(str(f) for f in written.files)))
    return 0


def _load_postgis(args: argparse.Namespace) -> int:
    database_url = args.database_url or database.url()
    if not database_url:
        print(f"load-postgis: set {database.ENV}=postgresql://user:password@host:port/dbname "
              "(or pass --database-url)", file=sys.stderr)
        return 2
    notes: list[str] = []
    try:
        counts = postgis.load(Path(args.data_dir) if args.data_dir else None, database_url,
                              replace_registry=args.replace_registry, notes=notes)
    except DataFileError as exc:
        print(f"load-postgis: {exc}; the database was left as it was", file=sys.stderr)
        return 1
    for name, n in counts.items():
        print(f"{name:34s} {n:8d} rows")
    for line in notes:
        print(f"note: {line}")
    print(f"loaded into {database.where(database_url)} (schema {database.SCHEMA}, version {database.SCHEMA_VERSION})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lmc_geo",
                                     description="Lancang-Mekong Basin Atlas tools")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import-projects",
                         help="replace the project registry with a CSV or XLSX file")
    imp.add_argument("file", help="the project list (.csv UTF-8 or .xlsx)")
    imp.add_argument("--data-dir", help="data folder (default: LMC_DATA_DIR or data/)")
    imp.set_defaults(func=_import_projects)
    pg = sub.add_parser("load-postgis", help="load data/ into PostgreSQL/PostGIS in one transaction")
    pg.add_argument("--data-dir", help="data folder (default: LMC_DATA_DIR or data/)")
    pg.add_argument("--database-url", help=f"postgresql://... (default: {database.ENV})")
    pg.add_argument("--replace-registry", action="store_true",
                    help="load data/projects.csv even if the database holds an imported list")
    pg.set_defaults(func=_load_postgis)
    brief = sub.add_parser("briefing", help="write a briefing (PDF and PNG), or one per country")
    brief.add_argument("--countries", help="ISO codes such as LA or LA,KH (default: all six)")
    brief.add_argument("--lang", choices=sorted(LANGUAGES), default="en", help="language of the briefing")
    brief.add_argument("--asof", help="the gauges' day, YYYY-MM-DD (default: the last day of the record)")
    brief.add_argument("--station", help="a station id (e.g. 011901) for its hydrograph")
    brief.add_argument("--each-country", action="store_true", help="one briefing per country and an index")
    brief.add_argument("--out", required=True, help="the PDF to write, or the folder with --each-country")
    brief.add_argument("--data-dir", help="data folder (default: LMC_DATA_DIR or data/)")
    brief.set_defaults(func=_briefing)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
