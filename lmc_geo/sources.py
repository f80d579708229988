"""Every source of the shipped data: licence, date, derivation and known caveats.

A registry as data (the About page renders it; a test checks that every file under
``data/`` is covered). It says the same as ``data/README.md`` in a form the app can show
without parsing markdown; change both together.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from lmc_geo import paths


@dataclass(frozen=True)
class Source:
    """One source and the data files derived from it (paths relative to ``data/``)."""

    key: str
    title: str
    files: tuple[str, ...]
    provider: str
    licence: str
    date: str
    derivation: str
    caveats: str = ""
    url: str = ""


SOURCES: tuple[Source, ...] = (
    Source(
        "countries", "Countries and borders", ("layers/countries.parquet", "layers/borders.parquet"),
        "Natural Earth 10m admin-0 (via world-atlas 2.0.2) and land boundary lines in the region; Natural Earth "
        "50m admin-0 (world-atlas 2.0.2) around it; names from Unicode CLDR (babel 2.18)",
        "Natural Earth: public domain; world-atlas packaging: ISC; CLDR: Unicode licence",
        "Natural Earth v4.1 geometry, v5.1.1 attributes",
        "1:10m in the region (lon 90-112, lat 7-35), simplified 0.02 deg; 1:50m beyond it up to lon 48-154, "
        "lat -14-50, simplified together as one coverage (0.06 deg near the region, 0.3 deg further out, small "
        "islands left out), each country one polygon across the two scales; names in English, Chinese and the "
        "national language.",
        "Boundaries are de facto (Natural Earth); they imply no position on any boundary. Outside the region the "
        "basemap is coarse, a backdrop for zoomed-out views.",
        "https://www.naturalearthdata.com",
    ),
    Source(
        "basin",
        "Basin outline and basin area per country",
        ("layers/basin.parquet", "layers/basin_countries.parquet"),
        "HydroSHEDS/FAO-derived Mekong basin with the delta (Ang et al.); intersection with the six countries",
        "HydroSHEDS terms: attribution required",
        "HydroSHEDS v1",
        "Union, simplified 0.01 deg; area (km2) and share (%) computed here in World Mollweide (equal area).",
        "The eastern delta between the Tien branch and the coast lies outside the polygon. The computed shares "
        "(CN 20.8, MM 2.7, LA 25.9, TH 23.7, KH 19.5, VN 7.4 %) are close to the MRC's published 21/3/25/23/20/8 %.",
        "https://www.hydrosheds.org",
    ),
    Source(
        "rivers",
        "Rivers and river labels",
        ("layers/rivers.parquet", "layers/river_labels.parquet"),
        "Main stem and Tonle Sap River: HydroRIVERS v1.0 (Lehner & Grill 2013); tributaries: FAO/HydroSHEDS "
        "Mekong network; names: Natural Earth 10m river centrelines",
        "HydroSHEDS terms (attribution); FAO: attribution; Natural Earth: public domain",
        "HydroRIVERS v1.0",
        "Main stem merged into one line source to sea; tributaries of Strahler order 5 and above dissolved per "
        "sub-basin; simplified 0.01 deg; one label point per named river.",
        "In the delta HydroRIVERS follows the Bassac branch.",
        "https://www.hydrosheds.org/products/hydrorivers",
    ),
    Source(
        "lakes",
        "Tonle Sap",
        ("layers/lakes.parquet",),
        "HydroLAKES (Messager et al. 2016), lake 153",
        "CC BY 4.0",
        "HydroLAKES v1.0",
        "Simplified 0.005 deg; area and volume kept.",
        "Dry-season/mean outline (about 2,400 km2); the flood-season lake exceeds 10,000 km2.",
        "https://www.hydrosheds.org/products/hydrolakes",
    ),
    Source(
        "stations",
        "Gauging stations",
        ("layers/stations.parquet",),
        "Mekong River Commission: near-real-time telemetry station list (alarm and flood levels, gauge zero) and "
        "the MRC gauges with series",
        'MRC data terms: attribution "Mekong River Commission"',
        "MRC telemetry list (current); station table of the series",
        "Joined on MRC id, else on name; distance to the sea along the HydroRIVERS main stem for gauges within 5 km.",
        "Some positions were corrected by the build (Savannakhet, Lumphat; Prek Kdam is approximate); each "
        "correction is on the station card. Alarm and flood levels are set by the member countries.",
        "https://portal.mrcmekong.org",
    ),
    Source(
        "dams",
        "Dams",
        ("layers/dams.parquet",),
        "Ang et al. (2024), Dams in the Mekong: a comprehensive database, ESSD 16:1209",
        "Open access (expected CC BY 4.0); cite the paper",
        "Statuses as of 2023",
        "Mainstream flag from the authors' 33-dam mainstream subset; zeros in capacity, energy, height, length, area, "
        "volume and years stored as unknown; distance to the sea for mainstream dams.",
        "The source uses 0 for unknown: 483 dams have no capacity, 878 no storage, 369 no completion year. "
        "Completion years after 2023 are expected dates.",
        "https://doi.org/10.5194/essd-16-1209-2024",
    ),
    Source(
        "dam_sources",
        "Dam values where sources disagree",
        ("layers/dam_source_values.csv",),
        "Open Development Mekong, Hydropower dams in the Mekong region in 2022; MRC hydropower database codes "
        "table (Barbarossa & Schmitt 2024); values published elsewhere, each with its page",
        "ODM: normally CC BY-SA 4.0; MRC: attribution; each published value: its page",
        "ODM 2022; MRC about 2018",
        "Matched to the Ang et al. dams by name (within 30 km) or by position (2 km) and a similar name; only "
        "quantities where sources differ by more than 2 % (any year) are kept, with every source's value.",
        'ODM numbers are the leading number of text fields such as "240[16]"; MRC statuses are the 2018 baseline. '
        "A difference may be one of definition (total vs normal or active storage; first phase vs extension).",
        "https://data.opendevelopmentcambodia.net/dataset/hydropower-dams-in-the-mekong-region-in-2022",
    ),
    Source(
        "projects",
        "Water-cooperation projects",
        ("projects.csv",),
        "Lancang-Mekong Water Resources Cooperation Center, 2021 progress report (the 36 projects, 18 approved in "
        "2020, five themes); public pages for the documented records",
        "Report: the Center; each documented record: its source page",
        "Projects 2017-2020; report of 7 Dec 2021",
        # The counts come from the registry when the page is drawn (see with_registry_counts).
        "{total} records: {documented} documented (with their source) and {illustrative} illustrative "
        "placeholders consistent with the report.",
        "Illustrative records are not official projects; they are marked wherever shown. Staff replace the file "
        "with the official list through the import.",
        "http://www.lmcwater.org.cn",
    ),
    Source(
        "series",
        "Daily water level, discharge and rainfall",
        (
            "series/water_level_m.parquet",
            "series/discharge_m3s.parquet",
            "series/rainfall_mm.parquet",
            "series/sources.csv",
            "series/datums.csv",
        ),
        "Mekong River Commission data portal exports (1989-2002; water level 1992-2023, gap-filled); Prek Kdam "
        "1960-2018 from the FHI package",
        'MRC data terms (attribution "Mekong River Commission"); FHI package CC0',
        "1960-2023",
        "Long format (station, date, variable, value, quality, source), one Parquet file per variable; quality is "
        "measured, gap-filled or missing; overlaps resolved in a fixed order of sources.",
        'Raw, not yet reviewed data ("Unverified" grade). The 1992-2023 water-level file was gap-filled before '
        "publication and not every filled day can be identified: it is labelled gap-filled, never measured.",
        "https://portal.mrcmekong.org",
    ),
    Source(
        "build_notes",
        "Build notes",
        ("build_notes.json",),
        "Written by `make data`",
        "-",
        "Each build",
        "Row counts per layer, station-coordinate corrections and series build counts.",
    ),
)


def shipped_files(base: Path | None = None) -> list[str]:
    """Every data file the app ships, relative to ``data/`` (README and backups excluded)."""
    root = base or paths.data_dir()
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name != "README.md" and "backups" not in p.relative_to(root).parts
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def uncovered_files(base: Path | None = None) -> list[str]:
    """Shipped files that no :data:`SOURCES` entry names (should be none)."""
    covered = {f for s in SOURCES for f in s.files}
    return [f for f in shipped_files(base) if f not in covered]


def source_of(file: str) -> Source | None:
    """The source entry naming a data file.

    >>> source_of("layers/dams.parquet").key
    'dams'
    """
    return next((s for s in SOURCES if file in s.files), None)


def with_registry_counts(src: Source, counts: dict[str, int] | None) -> Source:
    """The entry as shown: the project counts filled in from the registry as it is now.

    ``counts`` holds ``total, documented, illustrative`` (e.g. from
    :func:`lmc_geo.projects.selection.key_figures`); ``None`` when the registry cannot be read.
    Entries without counts are returned unchanged, so an import updates the page.

    >>> src = source_of("projects.csv")
    >>> with_registry_counts(src, {"total": 36, "documented": 5, "illustrative": 31}).derivation[:55]
    '36 records: 5 documented (with their source) and 31 ill'
    >>> with_registry_counts(src, {"total": 40, "documented": 40, "illustrative": 0}).derivation
    'All 40 records are documented (the official list, imported), each with its source.'
    >>> with_registry_counts(src, None).derivation
    'The registry could not be read; see the Projects page.'
    """
    if "{total}" not in src.derivation:
        return src
    if counts is None:
        return replace(src, derivation="The registry could not be read; see the Projects page.")
    if not counts.get("illustrative"):
        text = f"All {counts['total']:,} records are documented (the official list, imported), each with its source."
        return replace(src, derivation=text, caveats="")
    return replace(src, derivation=src.derivation.format(**counts))
