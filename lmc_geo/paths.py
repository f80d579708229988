"""The one place file paths are built.

``LMC_DATA_DIR`` overrides the data folder (tests point it at a temporary copy);
``LMC_REFERENCE_DIR`` overrides where ``make data`` reads the reference data.
"""

from __future__ import annotations

import os
from pathlib import Path

from lmc_geo.schema import VARIABLES

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"


#: Files and folders under data/ that ``make data`` owns (README.md and backups/ are not touched).
BUILD_OUTPUTS = ("layers", "series", "projects.csv", "build_notes.json", "QUALITY.md")

def data_dir() -> Path:
    """Folder holding the derived, shipped data (``data/`` unless ``LMC_DATA_DIR`` is set)."""
    return Path(os.environ.get("LMC_DATA_DIR", ROOT / "data"))


def shown_path(path: Path | str) -> str:
    """A data file's name as a viewer may read it: relative to the data folder, never the server's full path.

    >>> shown_path(data_dir() / "layers" / "dams.parquet"), shown_path("/srv/elsewhere/x.csv")
    ('layers/dams.parquet', 'x.csv')
    """
    path = Path(path)
    try:
        return path.resolve().relative_to(data_dir().resolve()).as_posix()
    except ValueError:
        return path.name


def reference_dir() -> Path:
    """Folder of the public reference data (``../shared/reference-data`` by default)."""
    return Path(os.environ.get("LMC_REFERENCE_DIR", ROOT.parent / "shared" / "reference-data"))


def file_version(path: Path) -> tuple[int, int]:
    """``(modification time in ns, size in bytes)`` of a file, ``(0, 0)`` if missing: the cache key
    of its content. The size also tells apart two writes within one tick of the file clock.

    >>> file_version(ROOT / "no-such-file")
    (0, 0)
    >>> file_version(ROOT / "pyproject.toml")[1] == (ROOT / "pyproject.toml").stat().st_size
    True
    """
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size) if path.is_file() else (0, 0)


def layer_path(name: str, base: Path | None = None) -> Path:
    """GeoParquet file of one map layer, e.g. ``layer_path("dams")``."""
    return (base or data_dir()) / "layers" / f"{name}.parquet"


def projects_path(base: Path | None = None) -> Path:
    """The project registry (CSV, replaced atomically by the import)."""
    return (base or data_dir()) / "projects.csv"


def series_dir(base: Path | None = None) -> Path:
    """Folder of the daily series (Parquet, long format)."""
    return (base or data_dir()) / "series"


def page_script(name: str) -> Path:
    """The script of one page of the app, e.g. ``page_script("hydrology")`` (``app_pages/hydrology.py``)."""
    return ROOT / "app_pages" / f"{name}.py"


def series_path(variable: str, base: Path | None = None) -> Path:
    """Parquet file of one variable, e.g. ``.../series/water_level_m.parquet``.

    Examples
    --------
    >>> series_path("discharge_m3s", base=Path("/d")).as_posix()
    '/d/series/discharge_m3s.parquet'
    """
    if variable not in VARIABLES:
        raise ValueError(f"unknown variable {variable!r}; expected one of {', '.join(VARIABLES)}")
    return series_dir(base) / f"{variable}.parquet"


def series_sources_path(base: Path | None = None) -> Path:
    """``series/sources.csv``: one row per source key, with label, licence and attribution."""
    return series_dir(base) / "sources.csv"


def series_datums_path(base: Path | None = None) -> Path:
    """``series/datums.csv``: gauge datum and gauge zero per station and variable."""
    return series_dir(base) / "datums.csv"


def dam_source_values_path(base: Path | None = None) -> Path:
    """``layers/dam_source_values.csv``: the dam quantities on which sources disagree, one row per source."""
    return (base or data_dir()) / "layers" / "dam_source_values.csv"


def quality_report_path(base: Path | None = None) -> Path:
    """``QUALITY.md``: the data-quality report ``make data`` writes (counts, flags, rules)."""
    return (base or data_dir()) / "QUALITY.md"


def build_notes_path(base: Path | None = None) -> Path:
    """``build_notes.json``: what ``make data`` left out or corrected, and why."""
    return (base or data_dir()) / "build_notes.json"


def reference_countries_path() -> Path:
    """The reference data's outline of the six countries (Natural Earth 10m), used by the import's location check."""
    return reference_dir() / "countries" / "mekong_countries_ne10m.geojson"


def backup_path(dest: Path, stamp: str, n: int = 0) -> Path:
    """Where the import keeps the file it replaces: ``backups/`` beside it, named by time (and a
    counter for two imports within one second).

    >>> backup_path(Path("/d/projects.csv"), "20261201-101500", 2).as_posix()
    '/d/backups/projects-20261201-101500-2.csv'
    """
    suffix = f"-{n}" if n else ""
    return dest.parent / "backups" / f"{dest.stem}-{stamp}{suffix}{dest.suffix}"
