"""Checks that raise errors a data steward can act on: which file, which rows, what was expected."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


class DataFileError(ValueError):
    """A shipped data file is missing, unreadable or not what the app expects.

    >>> str(DataFileError(Path("data/layers/dams.parquet"), "file not found"))
    'data/layers/dams.parquet: file not found'
    """

    def __init__(self, path: Path | str, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def check_columns(frame: pd.DataFrame, required: list[str], path: Path | str) -> None:
    """Raise :class:`DataFileError` listing every required column that is absent.

    >>> check_columns(pd.DataFrame({"a": [1]}), ["a", "b", "c"], "x.csv")
    Traceback (most recent call last):
    ...
    lmc_geo.validate.DataFileError: x.csv: missing column(s) b, c (expected a, b, c)
    """
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataFileError(path, f"missing column(s) {', '.join(missing)} (expected {', '.join(required)})")
