"""Checks that raise errors a data steward can act on: which file, which rows, what was expected."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lmc_geo.i18n import Text, said
from lmc_geo.paths import shown_path


class DataFileError(ValueError):
    """A shipped data file is missing, unreadable or not what the app expects.

    ``problem`` is a :class:`~lmc_geo.i18n.Text` (or plain text); ``detail`` the library's own
    words, for the log only. ``str()`` is the English with the file's full path (logs, the command
    line); :meth:`message` is what a viewer reads: the file relative to the data folder, in their language.

    >>> error = DataFileError(Path("/srv/data/layers/dams.parquet"), Text.of("datafile.not_found"))
    >>> str(error).startswith("/srv/data/layers/dams.parquet: file not found")
    True
    >>> error.message("zh").startswith("dams.parquet: 找不到文件")
    True
    """

    def __init__(self, path: Path | str, problem: Text | str, detail: str | None = None):
        self.path = Path(path)
        self.problem = problem
        self.detail = detail
        super().__init__(f"{path}: {problem}" + (f" ({detail})" if detail else ""))

    def message(self, lang: str = "en") -> str:
        """The problem for a viewer, in ``lang``, naming the file but not the server's folders."""
        return f"{shown_path(self.path)}: {said(self.problem, lang)}"


def check_columns(frame: pd.DataFrame, required: list[str], path: Path | str) -> None:
    """Raise :class:`DataFileError` listing every required column that is absent.

    >>> check_columns(pd.DataFrame({"a": [1]}), ["a", "b", "c"], "x.csv")
    Traceback (most recent call last):
    ...
    lmc_geo.validate.DataFileError: x.csv: missing column(s) b, c (expected a, b, c)
    """
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataFileError(path, Text.of("datafile.missing_columns", missing=", ".join(missing),
                                          expected=", ".join(required)))
