"""Checks on daily series: raise or report an error naming the file, the rows and the problem.

Two doors:

* :func:`read_series_csv` reads one reference CSV for the series build and raises
  :class:`SeriesDataError` at the first problem (missing column, bad date, duplicate date,
  non-numeric value, unreadable file). Row numbers are 1-based *line numbers of the file*
  (the header is line 1), at most the first 10 are named.
* :func:`validate_long_series` checks a long-format frame (as stored in ``data/series/``)
  and returns a list of problems instead of raising, so the app can skip the bad stations
  and say why.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from lmc_geo.schema import QUALITIES, VARIABLES

#: Columns of the long-format series store, in order.
LONG_COLUMNS: tuple[str, ...] = ("station_id", "date", "variable", "value", "quality", "source")

#: How many offending rows a message names at most.
MAX_ROWS_NAMED = 10


class SeriesDataError(ValueError):
    """A series file does not hold what the atlas expects; the message names file, rows and problem."""


def _lines(positions: Iterable[int]) -> str:
    """Format 0-based data-row positions as 1-based file line numbers (header = line 1)."""
    lines = [int(p) + 2 for p in positions]
    shown = ", ".join(str(n) for n in lines[:MAX_ROWS_NAMED])
    more = f" and {len(lines) - MAX_ROWS_NAMED} more" if len(lines) > MAX_ROWS_NAMED else ""
    return f"line{'s' if len(lines) > 1 else ''} {shown}{more}"


def _row_labels(positions: Iterable[int]) -> str:
    """Format 0-based frame positions as 1-based row numbers."""
    rows = [int(p) + 1 for p in positions]
    shown = ", ".join(str(n) for n in rows[:MAX_ROWS_NAMED])
    more = f" and {len(rows) - MAX_ROWS_NAMED} more" if len(rows) > MAX_ROWS_NAMED else ""
    return f"row{'s' if len(rows) > 1 else ''} {shown}{more}"


def read_series_csv(
    path: Path, value_columns: Iterable[str] | None = None, text_columns: Iterable[str] = ()
) -> pd.DataFrame:
    """Read a daily series CSV and check it, raising :class:`SeriesDataError` on the first problem.

    Parameters
    ----------
    path : Path
        The CSV file. It must have a ``date`` column (ISO ``YYYY-MM-DD``), one row per date.
    value_columns : iterable of str, optional
        Columns that must be numeric (empty cells are allowed and become NaN). Default: every
        column except ``date`` and ``text_columns``.
    text_columns : iterable of str
        Columns kept as text (e.g. ``station`` in a long file); they are required to exist.

    Returns
    -------
    pandas.DataFrame
        ``date`` as ``datetime64``, value columns as ``float64``, text columns as str.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); p = Path(d) / "wl.csv"
    >>> _ = p.write_text("date,Pakse\\n2000-01-01,1.5\\n2000-01-01,x\\n")
    >>> try:
    ...     read_series_csv(p)
    ... except SeriesDataError as e:
    ...     print(str(e).split(": ", 1)[1])
    duplicate dates on lines 2, 3 (2000-01-01); each date must appear once
    """
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    except FileNotFoundError:
        raise SeriesDataError(f"{path}: file not found") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise SeriesDataError(f"{path}: not a readable CSV file ({exc})") from None
    raw.columns = [str(c).strip() for c in raw.columns]
    if "date" not in raw.columns:
        raise SeriesDataError(
            f"{path}: no 'date' column (found {', '.join(raw.columns[:8])}); "
            "expected a column 'date' with days as YYYY-MM-DD"
        )
    text_columns = list(text_columns)
    missing = [c for c in text_columns if c not in raw.columns]
    if value_columns is None:
        value_columns = [c for c in raw.columns if c != "date" and c not in text_columns]
    else:
        value_columns = list(value_columns)
        missing += [c for c in value_columns if c not in raw.columns]
    if missing:
        raise SeriesDataError(f"{path}: missing column(s) {', '.join(missing)}")
    if raw.columns.duplicated().any():
        dup = sorted(set(raw.columns[raw.columns.duplicated()]))
        raise SeriesDataError(f"{path}: column name(s) repeated in the header: {', '.join(dup)}")

    dates = pd.to_datetime(raw["date"].str.strip(), format="%Y-%m-%d", errors="coerce")
    bad = np.flatnonzero(dates.isna().to_numpy())
    if len(bad):
        examples = ", ".join(repr(v) for v in raw["date"].iloc[bad[:3]])
        raise SeriesDataError(
            f"{path}: unreadable date on {_lines(bad)} ({examples}); expected YYYY-MM-DD"
        )
    dup_mask = dates.duplicated(keep=False).to_numpy()
    if dup_mask.any():
        dup_pos = np.flatnonzero(dup_mask)
        shown = ", ".join(sorted({d.strftime("%Y-%m-%d") for d in dates.iloc[dup_pos[:10]]}))
        raise SeriesDataError(
            f"{path}: duplicate dates on {_lines(dup_pos)} ({shown}); each date must appear once"
        )

    out = pd.DataFrame({"date": dates})
    for col in text_columns:
        out[col] = raw[col].astype(str)
    for col in value_columns:
        text = raw[col].str.strip()
        empty = text.isin(["", "NA", "NaN", "nan", "NULL", "null"])
        num = pd.to_numeric(text.where(~empty), errors="coerce")
        bad = np.flatnonzero((num.isna() & ~empty).to_numpy())
        if len(bad):
            examples = ", ".join(repr(v) for v in text.iloc[bad[:3]])
            raise SeriesDataError(
                f"{path}: non-numeric value in column '{col}' on {_lines(bad)} ({examples}); "
                "expected a number or an empty cell"
            )
        out[col] = num.astype("float64")
    return out


def validate_long_series(
    df: pd.DataFrame, source_name: str, known_ids: Iterable[str] | None = None
) -> list[str]:
    """Problems of a long-format series frame, as messages naming the source, rows and problem.

    Parameters
    ----------
    df : pandas.DataFrame
        Columns ``station_id, date, variable, value, quality, source`` (see :data:`LONG_COLUMNS`).
    source_name : str
        File name or label used at the start of every message.
    known_ids : iterable of str, optional
        Station ids of the stations table; rows with another id are reported.

    Returns
    -------
    list of str
        Empty when the frame is fine. Row numbers are 1-based positions in ``df``.

    Examples
    --------
    >>> df = pd.DataFrame({"station_id": ["a", "a"], "date": ["2000-01-01"] * 2,
    ...     "variable": ["water_level_m"] * 2, "value": [1.0, 2.0],
    ...     "quality": ["measured"] * 2, "source": ["s"] * 2})
    >>> validate_long_series(df, "wl.parquet")  # doctest: +NORMALIZE_WHITESPACE
    ['wl.parquet: duplicate (station_id, date, variable) on rows 1, 2 (station a);
      keep one value per station, day and variable']
    """
    problems: list[str] = []
    missing = [c for c in LONG_COLUMNS if c not in df.columns]
    if missing:
        return [f"{source_name}: missing column(s) {', '.join(missing)}; expected {', '.join(LONG_COLUMNS)}"]
    df = df.reset_index(drop=True)

    values = df["value"]
    if not pd.api.types.is_numeric_dtype(values):
        num = pd.to_numeric(values, errors="coerce")
        bad = np.flatnonzero((num.isna() & values.notna()).to_numpy())
        if len(bad):
            problems.append(
                f"{source_name}: non-numeric value on {_row_labels(bad)} "
                f"(stations {', '.join(sorted(set(df['station_id'].iloc[bad].astype(str)))[:5])})"
            )
        values = num

    bad_q = np.flatnonzero((~df["quality"].isin(QUALITIES)).to_numpy())
    if len(bad_q):
        problems.append(
            f"{source_name}: unknown quality on {_row_labels(bad_q)}; expected one of {', '.join(QUALITIES)}"
        )
    bad_v = np.flatnonzero((~df["variable"].isin(list(VARIABLES))).to_numpy())
    if len(bad_v):
        problems.append(
            f"{source_name}: unknown variable on {_row_labels(bad_v)}; expected one of {', '.join(VARIABLES)}"
        )
    # Empty cells only; non-numeric ones were reported above.
    nan_measured = np.flatnonzero((df["value"].isna() & (df["quality"] != "missing")).to_numpy())
    if len(nan_measured):
        problems.append(
            f"{source_name}: empty value on {_row_labels(nan_measured)} whose quality is not 'missing'"
        )
    dates = pd.to_datetime(df["date"], errors="coerce")
    bad_d = np.flatnonzero(dates.isna().to_numpy())
    if len(bad_d):
        problems.append(f"{source_name}: unreadable date on {_row_labels(bad_d)}")
    key = pd.DataFrame({"s": df["station_id"].astype(str), "d": dates, "v": df["variable"]})
    dup = np.flatnonzero(key.duplicated(keep=False).to_numpy())
    if len(dup):
        stations = ", ".join(sorted(set(key["s"].iloc[dup]))[:5])
        problems.append(
            f"{source_name}: duplicate (station_id, date, variable) on {_row_labels(dup)} "
            f"(station {stations}); keep one value per station, day and variable"
        )
    if known_ids is not None:
        known = set(known_ids)
        unknown = ~df["station_id"].astype(str).isin(known)
        pos = np.flatnonzero(unknown.to_numpy())
        if len(pos):
            ids = ", ".join(sorted(set(df["station_id"].iloc[pos].astype(str)))[:10])
            problems.append(
                f"{source_name}: unknown station id(s) {ids} on {_row_labels(pos)}; "
                "not in the stations table"
            )
    return problems


def bad_station_ids(df: pd.DataFrame, known_ids: Iterable[str] | None = None) -> set[str]:
    """Station ids whose rows fail :func:`validate_long_series` (the app skips these stations).

    Examples
    --------
    >>> df = pd.DataFrame({"station_id": ["a", "b"], "date": ["2000-01-01"] * 2,
    ...     "variable": ["water_level_m"] * 2, "value": [1.0, float("nan")],
    ...     "quality": ["measured"] * 2, "source": ["s"] * 2})
    >>> sorted(bad_station_ids(df))
    ['b']
    """
    bad: set[str] = set()
    for sid, part in df.groupby(df["station_id"].astype(str), sort=True):
        if validate_long_series(part, sid, known_ids):
            bad.add(sid)
    return bad
