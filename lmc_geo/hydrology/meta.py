"""What the daily series say about themselves: sources, gauge datums, file checks, display quality.

Plain pandas, no Streamlit (caching belongs to ``lmc_geo/ui/``). Readers raise
:class:`lmc_geo.validate.DataFileError` naming the file; :func:`inspect_series` never raises
and returns the problems of one series file so the app can name them and keep the good stations.

The 1992-2023 MRC water-level file was gap-filled by its publisher and not every filled day can
be identified, so its values are shown as ``gap_filled_series`` (never as "measured"): see
:func:`display_quality`.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from lmc_geo import database, memo, paths
from lmc_geo.hydrology.timeseries import resample
from lmc_geo.hydrology.validate import (
    LONG_COLUMNS,
    bad_station_ids,
    validate_long_series,
)
from lmc_geo.i18n import DEFAULT_LANG, EN, Text, t
from lmc_geo.validate import DataFileError, check_columns

LOG = logging.getLogger(__name__)

SOURCE_COLUMNS = ["source", "label", "licence", "attribution", "repository", "period", "variables"]
DATUM_COLUMNS = ["station_id", "variable", "datum", "gauge_zero_m_asl", "note"]
CATALOGUE_COLUMNS = ["station_id", "variable", "first_date", "last_date", "n_days"]

#: Sources that are gap-filled as a whole (used when ``sources.csv`` cannot say so).
GAP_FILLED_SOURCES = frozenset({"mrc_wl_1992_2023_gapfilled"})

#: Display quality of a value from a gap-filled series whose filled days are not all known.
GAP_FILLED_SERIES = "gap_filled_series"

#: Display qualities, from best to worst; an aggregated period takes the worst of its days.
DISPLAY_QUALITIES = ("measured", GAP_FILLED_SERIES, "gap_filled", "suspect", "missing")
SUSPECT = "suspect"


def _read_csv(path: Path, required: list[str]) -> pd.DataFrame:
    if not database.data_exists(path):
        raise DataFileError(path, Text.of("datafile.not_found"))
    try:
        frame = pd.read_csv(io.BytesIO(database.data_bytes(path)), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataFileError(path, Text.of("datafile.unreadable", kind="CSV"), str(exc)) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    check_columns(frame, required, path)
    return frame


def read_sources(base: Path | None = None) -> pd.DataFrame:
    """The series sources (``series/sources.csv``), indexed by source key.

    Raises
    ------
    DataFileError
        If the file is missing, unreadable, lacks a column or repeats a source key.

    Examples
    --------
    >>> src = read_sources()
    >>> "gap-filled series" in src.loc["mrc_wl_1992_2023_gapfilled", "label"]
    True
    """
    path = paths.series_sources_path(base)
    frame = _read_csv(path, SOURCE_COLUMNS)
    frame["source"] = frame["source"].str.strip()
    dup = frame["source"].duplicated(keep=False)
    if dup.any():
        lines = ", ".join(str(i + 2) for i in np.flatnonzero(dup.to_numpy())[:10])
        raise DataFileError(path, Text.of("datafile.repeated_source", lines=lines))
    return frame.set_index("source")[SOURCE_COLUMNS[1:]]


def read_datums(base: Path | None = None) -> pd.DataFrame:
    """Gauge datum per station and variable (``series/datums.csv``).

    Returns
    -------
    pandas.DataFrame
        ``station_id`` (str, leading zeros kept), ``variable``, ``datum`` (e.g. ``local gauge``),
        ``gauge_zero_m_asl`` (float, NaN when not published), ``note`` (str, may be empty).

    Raises
    ------
    DataFileError
        If the file is missing, unreadable, lacks a column or has a non-numeric gauge zero.

    Examples
    --------
    >>> d = read_datums().set_index("station_id")
    >>> d.loc["010501", "datum"], float(d.loc["010501", "gauge_zero_m_asl"])
    ('local gauge', 357.11)
    """
    path = paths.series_datums_path(base)
    frame = _read_csv(path, DATUM_COLUMNS)
    text = frame["gauge_zero_m_asl"].str.strip()
    num = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = np.flatnonzero((num.isna() & (text != "")).to_numpy())
    if len(bad):
        lines = ", ".join(str(i + 2) for i in bad[:10])
        raise DataFileError(path, Text.of("datafile.bad_gauge_zero", lines=lines))
    frame["gauge_zero_m_asl"] = num.astype("float64")
    for col in ("station_id", "variable", "datum", "note"):
        frame[col] = frame[col].astype(str).str.strip()
    return frame[DATUM_COLUMNS]


def datum_of(datums: pd.DataFrame | None, station_id: str, variable: str) -> dict:
    """``{"datum", "gauge_zero_m_asl", "note", "datum_shift", "shift_years"}`` of one station's series.

    Unknown stations give ``datum=None``. ``datum_shift`` is True where the note says the record
    has a datum shift (levels must not be compared across it); ``shift_years`` are the years the
    note names for it.

    Examples
    --------
    >>> d = pd.DataFrame({"station_id": ["a"], "variable": ["water_level_m"], "datum": ["local gauge"],
    ...                   "gauge_zero_m_asl": [1.5], "note": ["datum shift: jumps (in 1995, 2009); do not compare"]})
    >>> info = datum_of(d, "a", "water_level_m")
    >>> info["datum_shift"], info["shift_years"], datum_of(d, "b", "water_level_m")["datum"]
    (True, [1995, 2009], None)
    """
    empty = {"datum": None, "gauge_zero_m_asl": float("nan"), "note": "", "datum_shift": False,
             "shift_years": []}
    if datums is None or datums.empty:
        return empty
    info = _datum_index(datums).get((str(station_id), variable))
    if info is None:
        return empty
    return {**info, "shift_years": list(info["shift_years"])}  # a copy: callers may change theirs


def _datum_index(datums: pd.DataFrame) -> dict:
    """Datum rows by (station, variable), built once per datums frame (a page asks for many)."""
    return memo.per_frame(datums, "datum_index", lambda: _build_datum_index(datums))


def _build_datum_index(datums: pd.DataFrame) -> dict:
    index: dict = {}
    for row in datums.to_dict("records"):  # the first row of a (station, variable) wins
        raw = row.get("note")
        note = str(raw) if isinstance(raw, str) or not pd.isna(raw) else ""  # an empty cell reads as no note
        shift = "datum shift" in note.lower()
        years = []
        if shift:
            after = note[note.lower().index("datum shift"):]
            years = sorted({int(y) for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", after)})
        index.setdefault((str(row["station_id"]), row["variable"]), {
            "datum": str(row["datum"]) or None,
            "gauge_zero_m_asl": float(row["gauge_zero_m_asl"]),
            "note": note,
            "datum_shift": shift,
            "shift_years": tuple(years),
        })
    return index


def comparable_part(daily: pd.DataFrame, shift_years) -> tuple[pd.DataFrame, int | None]:
    """The part of a record that can be compared with itself: after the last datum shift.

    Returns ``(frame, first_year)``; ``first_year`` is None when there is no shift (whole record).

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2008-06-01", "2010-01-01"]), "value": [500.0, 5.0]})
    >>> part, since = comparable_part(df, [1995, 2009])
    >>> since, part["value"].tolist()
    (2010, [5.0])
    """
    if not shift_years:
        return daily, None
    since = max(shift_years) + 1
    years = pd.to_datetime(daily["date"]).dt.year
    return daily[years >= since], since


def gap_filled_sources(sources: pd.DataFrame | None = None) -> frozenset[str]:
    """Source keys whose label calls them a gap-filled series (falls back to :data:`GAP_FILLED_SOURCES`).

    Examples
    --------
    >>> s = pd.DataFrame({"label": ["MRC 1989-2002", "MRC 1992-2023, gap-filled series"]}, index=["a", "b"])
    >>> sorted(gap_filled_sources(s))
    ['b']
    """
    if sources is None or sources.empty or "label" not in sources.columns:
        return GAP_FILLED_SOURCES
    labels = sources["label"].astype(str).str.lower()
    return frozenset(sources.index[labels.str.contains("gap-filled series")].astype(str))


def display_quality(df: pd.DataFrame, filled_sources=GAP_FILLED_SOURCES) -> pd.Series:
    """Quality as shown and exported: ``measured`` from a gap-filled source becomes ``gap_filled_series``.

    Examples
    --------
    >>> df = pd.DataFrame({"quality": ["measured", "measured", "gap_filled", "missing"],
    ...                    "source": ["mrc_1989_2002", "mrc_wl_1992_2023_gapfilled"] * 2})
    >>> display_quality(df).tolist()
    ['measured', 'gap_filled_series', 'gap_filled', 'missing']
    """
    quality = df["quality"].astype(str)
    if "source" not in df.columns:
        return quality
    series_filled = df["source"].astype(str).isin(set(filled_sources)) & (quality == "measured")
    return quality.where(~series_filled, GAP_FILLED_SERIES)


def source_line(source_keys, sources: pd.DataFrame | None, lang: str = DEFAULT_LANG) -> str:
    """Labels of the sources present, in the order given, joined with "; " (keys if unknown).

    A source the catalogue names (``series.source.<key>``) reads in ``lang``; one added to the data
    later shows its label from ``series/sources.csv``.

    Examples
    --------
    >>> s = pd.DataFrame({"label": ["MRC export"], "attribution": ["Mekong River Commission"]}, index=["a"])
    >>> source_line(["a", "zz", "a"], s)
    'MRC export; zz'
    """
    seen: list[str] = []
    for key in source_keys:
        key = str(key)
        if f"series.source.{key}" in EN:
            label = t(f"series.source.{key}", lang)
        elif sources is not None and key in sources.index:
            label = str(sources.loc[key, "label"])
        else:
            label = key
        if label not in seen:
            seen.append(label)
    return "; ".join(seen)


def attribution(source_keys, sources: pd.DataFrame | None, lang: str = DEFAULT_LANG) -> str:
    """Attributions required by the sources present (e.g. ``Mekong River Commission``), in ``lang``
    where the catalogue has the name (``series.attribution.<name>``)."""
    names: list[str] = []
    for key in source_keys:
        if sources is not None and str(key) in sources.index:
            name = str(sources.loc[str(key), "attribution"])
            if f"series.attribution.{name}" in EN:
                name = t(f"series.attribution.{name}", lang)
            if name and name not in names:
                names.append(name)
    return "; ".join(names)


# ------------------------------------------------------------------ checking a series file
@dataclass
class SeriesCheck:
    """The result of :func:`inspect_series`: whether one series file is usable and what is wrong."""

    path: Path
    readable: bool = False
    problems: list[str] = field(default_factory=list)
    bad_ids: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return self.readable and not self.problems


def _read_long(path: Path, variable: str) -> pd.DataFrame:
    if database.enabled():
        table = database.series_rows(variable, columns=("station_id", "date", "variable", "value", "quality",
                                                        "source", "flag"))
        return table.to_pandas(date_as_object=False)
    return pq.read_table(path).to_pandas(date_as_object=False)


def inspect_series(variable: str, known_ids=None, base: Path | None = None) -> SeriesCheck:
    """Check one series file (``series/<variable>.parquet``); never raises.

    Parameters
    ----------
    variable : {"water_level_m", "discharge_m3s", "rainfall_mm"}
    known_ids : iterable of str, optional
        Station ids of the stations layer; rows of other ids are reported (and not shown).
    base : Path, optional
        Data folder (default :func:`lmc_geo.paths.data_dir`).

    Returns
    -------
    SeriesCheck
        ``readable`` (False when the file is missing, unreadable or lacks a column),
        ``problems`` (messages naming the file, rows and problem, from
        :func:`lmc_geo.hydrology.validate.validate_long_series`) and ``bad_ids`` (stations whose
        rows have a problem, and unknown stations: the app leaves them out).
    """

    path = paths.series_path(variable, base)
    check = SeriesCheck(path=path)
    try:
        present = database.data_exists(path)
    except DataFileError as exc:  # the shared database cannot be asked: say so, as a problem
        check.problems.append(exc)
        return check
    if not present:
        check.problems.append(DataFileError(path, Text.of("datafile.not_found")))
        return check
    if database.enabled():  # the table's types and key already hold what the file check checks
        try:
            unknown = database.unknown_stations(variable, known_ids)
        except DataFileError as exc:  # a missing table or no connection, named for a viewer
            check.problems.append(exc)
            return check
        check.readable = True
        if unknown:
            check.problems.append(f"{database.SCHEMA}.series ({variable}): unknown station id(s) "
                                  f"{', '.join(unknown[:10])}; they are left out")
            check.bad_ids = set(unknown)
        return check
    try:
        frame = _read_long(path, variable)
    except Exception as exc:  # pyarrow raises several types for a corrupt file; its words go to the log
        LOG.warning("%s: cannot be read as Parquet (%s: %s)", path, type(exc).__name__, exc)
        check.problems.append(DataFileError(path, Text.of("datafile.unreadable", kind="Parquet")))
        return check
    known = None if known_ids is None else {str(i) for i in known_ids}
    # Problems name the file by its path inside data/, never the server's folders.
    check.problems = validate_long_series(frame, paths.shown_path(path), known)
    if any(c not in frame.columns for c in LONG_COLUMNS):
        return check
    check.readable = True
    if check.problems:
        ids = frame["station_id"].astype(str)
        check.bad_ids = bad_station_ids(frame, None)
        if known is not None:
            check.bad_ids |= set(ids[~ids.isin(known)])
    return check


def series_catalogue(variable: str, known_ids=None, exclude=(), base: Path | None = None) -> pd.DataFrame:
    """Which station has valued days in one series file, read with pandas (no DuckDB).

    The fallback when the store's catalogue query fails on a damaged file: text values count as
    values only where they are numbers; stations in ``exclude`` and unknown stations are left out.

    Returns
    -------
    pandas.DataFrame
        ``station_id, variable, first_date, last_date, n_days``.

    Raises
    ------
    DataFileError
        If the file is missing, unreadable or lacks a column.
    """

    path = paths.series_path(variable, base)
    if not database.data_exists(path):
        raise DataFileError(path, Text.of("datafile.not_found"))
    try:
        frame = _read_long(path, variable)
    except DataFileError:
        raise
    except Exception as exc:
        raise DataFileError(path, Text.of("datafile.unreadable", kind="Parquet"),
                            f"{type(exc).__name__}: {exc}") from exc
    check_columns(frame, ["station_id", "date", "value", "quality"], path)
    ids = frame["station_id"].astype(str)
    values = pd.to_numeric(frame["value"], errors="coerce")
    keep = values.notna() & (frame["quality"] != "missing") & ~ids.isin({str(i) for i in exclude})
    if known_ids is not None:
        keep &= ids.isin({str(i) for i in known_ids})
    part = pd.DataFrame({"station_id": ids[keep], "date": pd.to_datetime(frame.loc[keep, "date"], errors="coerce")})
    grouped = part.dropna().groupby("station_id", sort=True)["date"]
    cat = pd.DataFrame({"first_date": grouped.min(), "last_date": grouped.max(),
                        "n_days": grouped.count().astype("int64")}).reset_index()
    cat["variable"] = variable
    return cat[CATALOGUE_COLUMNS]




def aggregate_for_display(df: pd.DataFrame, how: str, agg: str = "mean",
                          filled_sources=GAP_FILLED_SOURCES) -> pd.DataFrame:
    """Daily series -> displayed series (``date, value, quality, source``) with display quality.

    Daily rows keep their own quality (see :func:`display_quality`); a month or year takes the
    worst quality of its days (``measured`` < ``gap_filled_series`` < ``gap_filled`` < ``missing``)
    and lists its sources. Periods are those of :func:`lmc_geo.hydrology.timeseries.resample`, which also
    gives ``coverage`` and ``low_coverage`` (kept as columns).

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2001-01-01", "2001-01-02", "2001-02-01"]),
    ...     "value": [1.0, 3.0, 5.0], "quality": ["measured", "gap_filled", "measured"],
    ...     "source": ["a", "a", "b"]})
    >>> aggregate_for_display(df, "monthly")[["value", "quality", "source"]].values.tolist()
    [[2.0, 'gap_filled', 'a'], [5.0, 'measured', 'b']]
    """

    shown = df.copy()
    shown["quality"] = display_quality(shown, filled_sources)
    if "source" not in shown.columns:
        shown["source"] = ""
    if "flag" not in shown.columns:
        shown["flag"] = ""
    if how == "daily":
        out = shown[["date", "value", "quality", "source", "flag"]].reset_index(drop=True)
        out.loc[out["quality"] == "missing", "value"] = np.nan
        return out
    # A suspect day is left out of a month's or a year's value, as a missing one is.
    shown = shown[shown["quality"] != SUSPECT]
    res = resample(df[df["quality"] != SUSPECT] if "quality" in df else df, how, agg)
    freq = {"monthly": "MS", "annual": "YS"}[how]
    period = pd.to_datetime(shown["date"]).dt.to_period(freq[0]).dt.to_timestamp()
    rank = shown["quality"].map({q: i for i, q in enumerate(DISPLAY_QUALITIES)}).fillna(0)
    worst = rank[shown["quality"] != "missing"].groupby(period[shown["quality"] != "missing"]).max()
    srcs = shown.loc[shown["quality"] != "missing"].groupby(
        period[shown["quality"] != "missing"])["source"].agg(lambda s: ";".join(dict.fromkeys(s.astype(str))))
    starts = pd.DatetimeIndex(res["date"])
    quality = pd.Series(worst.reindex(starts).to_numpy(), index=starts)
    quality = quality.map(lambda i: "missing" if pd.isna(i) else DISPLAY_QUALITIES[int(i)])
    out = pd.DataFrame({
        "date": res["date"].to_numpy(),
        "value": res["value"].to_numpy(),
        "quality": quality.to_numpy(),
        "source": srcs.reindex(starts).fillna("").to_numpy(),
        "coverage": res["coverage"].to_numpy(),
        "low_coverage": res["low_coverage"].to_numpy(),
    })
    out.loc[out["quality"] == "missing", "value"] = np.nan
    return out


def stages_shown(row: pd.Series, variable: str, datum: dict) -> tuple[float | None, float | None, bool]:
    """The alarm and flood stages a chart of ``variable`` can draw for a station row, on its gauge ``datum``.

    Returns (alarm, flood, stages_elsewhere): stages only for water level on the stages' datum.
    """
    alarm, flood = row.get("alarm_m"), row.get("flood_m")
    has = any(v is not None and not pd.isna(v) for v in (alarm, flood))
    if variable != "water_level_m" or not has:
        return None, None, False
    if datum.get("datum") is not None and datum["datum"] != row.get("datum"):
        return None, None, True
    return alarm, flood, False


def source_caption(keys, sources: pd.DataFrame | None, lang: str) -> str:
    """The source line of a chart: the sources of ``keys`` (source keys of the rows shown) with their attribution."""
    if isinstance(keys, pd.Series):  # a column of the rows shown: its distinct values, in order, first
        keys = keys.unique()
    keys = [k for k in dict.fromkeys(str(k) for k in keys) if k and k != "nan"]
    return t("hydro.chart.source", lang, sources=source_line(keys, sources, lang),
             attribution=attribution(keys, sources, lang) or t("card.unknown", lang))
