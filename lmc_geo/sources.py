"""Every source of the shipped data: licence, date, derivation and known caveats.

A registry as data (the About page renders it; a test checks that every file under
``data/`` is covered). It says the same as ``data/README.md`` in a form the app can show
without parsing markdown; change both together.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from lmc_geo import paths
from lmc_geo.i18n import DEFAULT_LANG, EN, t

#: The text fields of a source card, each a message ``source.<key>.<field>`` in the catalogues.
TEXT_FIELDS = ("title", "provider", "licence", "date", "derivation", "caveats")


@dataclass(frozen=True)
class Source:
    """One source and the data files derived from it (paths relative to ``data/``).

    Its words (title, provider, licence, date, derivation, caveats) are messages of the
    catalogues, read in ``lang``; ``counts`` fills the project counts into the derivation.

    >>> src = source_of("layers/lakes.parquet")
    >>> src.title, in_language(src, "zh").title
    ('Tonle Sap', '洞里萨湖')
    """

    key: str
    files: tuple[str, ...]
    url: str = ""
    lang: str = DEFAULT_LANG
    counts: tuple[tuple[str, int], ...] = ()
    #: (field, message key) where a field reads another message ("" for none), e.g. once the counts are in.
    overrides: tuple[tuple[str, str], ...] = ()

    def text(self, field: str) -> str:
        """One field in the source's language ("" when the catalogue has none for it)."""
        key = dict(self.overrides).get(field, f"source.{self.key}.{field}")
        if key not in EN:
            return ""
        return t(key, self.lang, **dict(self.counts)) if self.counts else t(key, self.lang)

    title = property(lambda self: self.text("title"))
    provider = property(lambda self: self.text("provider"))
    licence = property(lambda self: self.text("licence"))
    date = property(lambda self: self.text("date"))
    derivation = property(lambda self: self.text("derivation"))
    caveats = property(lambda self: self.text("caveats"))


SOURCES: tuple[Source, ...] = (
    Source("countries", ("layers/countries.parquet", "layers/borders.parquet"), "https://www.naturalearthdata.com"),
    Source("basin", ("layers/basin.parquet", "layers/basin_countries.parquet"), "https://www.hydrosheds.org"),
    Source(
        "rivers",
        ("layers/rivers.parquet", "layers/river_labels.parquet"),
        "https://www.hydrosheds.org/products/hydrorivers",
    ),
    Source("lakes", ("layers/lakes.parquet",), "https://www.hydrosheds.org/products/hydrolakes"),
    Source("stations", ("layers/stations.parquet",), "https://portal.mrcmekong.org"),
    Source("dams", ("layers/dams.parquet",), "https://doi.org/10.5194/essd-16-1209-2024"),
    Source(
        "dam_sources",
        ("layers/dam_source_values.csv",),
        "https://data.opendevelopmentcambodia.net/dataset/hydropower-dams-in-the-mekong-region-in-2022",
    ),
    Source("projects", ("projects.csv",), "http://www.lmcwater.org.cn"),
    Source(
        "series",
        (
            "series/water_level_m.parquet",
            "series/discharge_m3s.parquet",
            "series/rainfall_mm.parquet",
            "series/sources.csv",
            "series/datums.csv",
        ),
        "https://portal.mrcmekong.org",
    ),
    Source("build_notes", ("build_notes.json", "QUALITY.md")),
    Source("names", ()),  # the Chinese names in the stations, dams and river labels layers
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
    if "{total}" not in replace(src, lang=DEFAULT_LANG).derivation:
        return src
    if counts is None:
        return replace(src, overrides=(("derivation", "source.projects.unreadable"),))
    filled = replace(src, counts=tuple(sorted(counts.items())))
    if not counts.get("illustrative"):
        return replace(filled, overrides=(("derivation", "source.projects.all_documented"), ("caveats", "")))
    return filled


def in_language(src: Source, lang: str) -> Source:
    """The entry with its words in ``lang``."""
    return replace(src, lang=lang)
