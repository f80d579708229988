"""Build ``data/projects.csv`` from the hand-curated seed registry.

``projects_seed.csv`` (next to this file) holds the 36 projects of the 2021 progress
report: a few documented from public sources (``reference-data/projects/README.md``),
the rest clearly marked illustrative placeholders until the Center's official list is
imported. The seed goes through the same validator as the import, plus the report's facts.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lmc_geo import paths, schema
from lmc_geo.loaders import countries_geometry
from lmc_geo.projects.registry import (
    Problem,
    RegistryError,
    parse_registry,
    read_upload,
    validate_registry,
    write_registry,
)

SEED_PATH = Path(__file__).with_name("projects_seed.csv")

#: Facts of the seed report (lmc_water_cooperation_progress_2021.txt, "务实合作").
SEED_TOTAL = 36
SEED_APPROVED_2020 = 18


def seed_fact_problems(registry: pd.DataFrame) -> list[Problem]:
    """How a typed registry departs from the seed report's facts and the data policy."""
    problems = []
    if len(registry) != SEED_TOTAL:
        problems.append(Problem(None, None, f"{len(registry)} projects, the report says {SEED_TOTAL}"))
    in_2020 = int((registry["year_approved"] == 2020).sum())
    if in_2020 != SEED_APPROVED_2020:
        problems.append(Problem(None, "year_approved",
                                f"{in_2020} approved in 2020, the report says {SEED_APPROVED_2020}"))
    present = {c for codes in registry["countries"] for c in codes}
    for code in schema.COUNTRIES:
        if code not in present:
            problems.append(Problem(None, "countries", f"no project in {code}"))
    # The seed has no blank lines: record i (from 0) is on line i + 2, under the header.
    for line, rec in enumerate(registry.itertuples(index=False), start=2):
        if rec.provenance != "illustrative":
            continue
        if not pd.isna(rec.source_url):
            problems.append(Problem(line, "source_url", "an illustrative record has no source"))
        if not pd.isna(rec.budget) or not pd.isna(rec.currency):
            problems.append(Problem(line, "budget", "an illustrative record has no money"))
        if not rec.location_approximate:
            problems.append(Problem(line, "location_approximate",
                                    "an illustrative location is approximate"))
        if not rec.name_en.startswith("Illustrative:") or not rec.name_zh.startswith("示例："):
            problems.append(Problem(line, "name_en", "an illustrative name is marked as such"))
    return problems


def build_projects(ref_dir: Path, out_dir: Path) -> pd.DataFrame:
    """Validate the seed registry and write :func:`lmc_geo.paths.projects_path` in ``out_dir``.

    Locations are checked against the country outlines in ``ref_dir`` when present.
    A registry already there that differs (e.g. an imported official list) is first
    copied to ``backups/``. Raises :class:`lmc_geo.projects.registry.RegistryError` on any problem.
    """
    raw = read_upload(SEED_PATH.read_bytes(), SEED_PATH.name)
    geom = countries_geometry(Path(ref_dir) / "countries" / "mekong_countries_ne10m.geojson")
    problems = validate_registry(raw, countries_geom=geom)
    if problems:
        raise RegistryError(SEED_PATH, problems)
    registry = parse_registry(raw)
    problems = seed_fact_problems(registry)
    if problems:
        raise RegistryError(SEED_PATH, problems)
    write_registry(registry, paths.projects_path(Path(out_dir)))
    return registry
