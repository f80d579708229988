"""The one place file paths are built.

``LMC_DATA_DIR`` overrides the data folder (tests point it at a temporary copy);
``LMC_REFERENCE_DIR`` overrides where ``make data`` reads the reference data.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"


def data_dir() -> Path:
    """Folder holding the derived, shipped data (``data/`` unless ``LMC_DATA_DIR`` is set)."""
    return Path(os.environ.get("LMC_DATA_DIR", ROOT / "data"))


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
