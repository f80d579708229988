"""What the daily series say about themselves: sources, gauge datums, file checks, display quality.

Plain pandas, no Streamlit (caching belongs to ``lmc_geo/ui/``). Readers raise
:class:`lmc_geo.validate.DataFileError` naming the file; :func:`inspect_series` never raises
and returns the problems of one series file so the app can name them and keep the good stations.

The 1992-2023 MRC water-level file was gap-filled by its publisher and not every filled day can
be identified, so its values are shown as ``gap_filled_series`` (never as "measured"): see
:func:`display_quality`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from lmc_geo import paths
from lmc_geo.hydrology.validate import LONG_COLUMNS, validate_long_series
from lmc_geo.validate import DataFileError, check_columns

SOURCE_COLUMNS = ["source", "label", "licence", "attribution", "repository", "period", "variables"]
DATUM_COLUMNS = ["station_id", "variable", "datum", "gauge_zero_m_asl", "note"]
CATALOGUE_COLUMNS = ["station_id", "variable", "first_date", "last_date", "n_days"]

#: Sources that are gap-filled as a whole (used when ``sources.csv`` cannot say so).
GAP_FILLED_SOURCES = frozenset({"mrc_wl_1992_2023_gapfilled"})

#: Display quality of a value from a gap-filled series whose filled days are not all known.
GAP_FILLED_SERIES = "gap_filled_series"

#: Display qualities, from best to worst; an aggregated period takes the worst of its days.
DISPLAY_QUALITIES = ("measured", GAP_FILLED_SERIES, "gap_filled", "missing")


def sources_path(base: Path | None = None) -> Path:
    """``series/sources.csv``: one row per source key, with label, licence and attribution."""
    return paths.series_dir(base) / "sources.csv"


def datums_path(base: Path | None = None) -> Path:
    """``series/datums.csv``: gauge datum and gauge zero per station and variable."""
    return paths.series_dir(base) / "datums.csv"


file_version = paths.file_version  # one definition, kept importable from here


def _read_csv(path: Path, required: list[str]) -> pd.DataFrame:
    if not path.is_file():
        raise DataFileError(path, "file not found (run `make data` to rebuild data/)")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataFileError(path, f"not a readable CSV file ({exc})") from exc
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
    path = sources_path(base)
    frame = _read_csv(path, SOURCE_COLUMNS)
    frame["source"] = frame["source"].str.strip()
    dup = frame["source"].duplicated(keep=False)
    if dup.any():
        lines = ", ".join(str(i + 2) for i in np.flatnonzero(dup.to_numpy())[:10])
        raise DataFileError(path, f"source key repeated on lines {lines}; each source must appear once")
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
    path = datums_path(base)
    frame = _read_csv(path, DATUM_COLUMNS)
    text = frame["gauge_zero_m_asl"].str.strip()
    num = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = np.flatnonzero((num.isna() & (text != "")).to_numpy())
    if len(bad):
        lines = ", ".join(str(i + 2) for i in bad[:10])
        raise DataFileError(path, f"non-numeric gauge_zero_m_asl on lines {lines}; expected metres or empty")
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
    rows = datums[(datums["station_id"] == str(station_id)) & (datums["variable"] == variable)]
    if rows.empty:
        return empty
    row = rows.iloc[0]
    note = str(row.get("note") or "")
    shift = "datum shift" in note.lower()
    years = []
    if shift:
        after = note[note.lower().index("datum shift"):]
        years = sorted({int(y) for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", after)})
    return {
        "datum": str(row["datum"]) or None,
        "gauge_zero_m_asl": float(row["gauge_zero_m_asl"]),
        "note": note,
        "datum_shift": shift,
        "shift_years": years,
    }


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


def source_line(source_keys, sources: pd.DataFrame | None) -> str:
    """Labels of the sources present, in the order given, joined with "; " (keys if unknown).

    Examples
    --------
    >>> s = pd.DataFrame({"label": ["MRC export"], "attribution": ["Mekong River Commission"]}, index=["a"])
    >>> source_line(["a", "zz", "a"], s)
    'MRC export; zz'
    """
    seen: list[str] = []
    for key in source_keys:
        key = str(key)
        if sources is not None and key in sources.index:
            label = str(sources.loc[key, "label"])
        else:
            label = key
        if label not in seen:
            seen.append(label)
    return "; ".join(seen)


def attribution(source_keys, sources: pd.DataFrame | None) -> str:
    """Attributions required by the sources present (e.g. ``Mekong River Commission``)."""
    names: list[str] = []
    for key in source_keys:
        if sources is not None and str(key) in sources.index:
            name = str(sources.loc[str(key), "attribution"])
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


def _read_long(path: Path) -> pd.DataFrame:
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
    from lmc_geo.hydrology.validate import bad_station_ids
    from lmc_geo.hydrology.store import series_path

    path = series_path(variable, base)
    check = SeriesCheck(path=path)
    if not path.is_file():
        check.problems.append(f"{path}: file not found (run `make data` to rebuild data/)")
        return check
    try:
        frame = _read_long(path)
    except Exception as exc:  # pyarrow raises several types for a corrupt file
        check.problems.append(f"{path}: cannot be read as Parquet ({type(exc).__name__}: {exc})")
        return check
    known = None if known_ids is None else {str(i) for i in known_ids}
    check.problems = validate_long_series(frame, str(path), known)
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
    from lmc_geo.hydrology.store import series_path

    path = series_path(variable, base)
    if not path.is_file():
        raise DataFileError(path, "file not found (run `make data` to rebuild data/)")
    try:
        frame = _read_long(path)
    except Exception as exc:
        raise DataFileError(path, f"cannot be read as Parquet ({type(exc).__name__}: {exc})") from exc
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


# ------------------------------------------------------------------ export
_AGG_NOTES = {
    "daily": "daily values",
    "monthly": "monthly {agg} of daily values; quality = the worst of the month's days",
    "annual": "annual {agg} of daily values; quality = the worst of the year's days",
}


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
    from lmc_geo.hydrology.timeseries import resample

    shown = df.copy()
    shown["quality"] = display_quality(shown, filled_sources)
    if "source" not in shown.columns:
        shown["source"] = ""
    if how == "daily":
        out = shown[["date", "value", "quality", "source"]].reset_index(drop=True)
        out.loc[out["quality"] == "missing", "value"] = np.nan
        return out
    res = resample(df, how, agg)
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


_GAP_FILLED_SERIES_NOTE = (
    f"#   {GAP_FILLED_SERIES}: value from a series the source gap-filled by interpolation before "
    "publication, where the filled days cannot all be identified; not a measured value"
)


def _one_line(text) -> str:
    """Header text on one line (a name with a line break must not end the comment)."""
    return " ".join(str(text).split())


def _with_notes(raw: bytes, notes: list[str]) -> bytes:
    """The ``gap_filled_series`` flag and ``notes`` put in the header of a CSV from ``to_csv_export``."""
    lines = raw.decode("utf-8").split("\n")
    try:
        at = next(i for i, line in enumerate(lines) if line.startswith("# dates are"))
    except StopIteration:  # header layout changed: keep the notes, put them first
        at = 0
    lines[at:at] = [_GAP_FILLED_SERIES_NOTE] + [_one_line(n) for n in notes]
    return "\n".join(lines).encode("utf-8")


def export_csv(shown: pd.DataFrame, station_name: str, station_id: str, variable: str, unit: str,
               datum: str | None, how: str, agg: str, source_label: str) -> bytes:
    """CSV of the displayed series via :func:`lmc_geo.hydrology.timeseries.to_csv_export`, with the extra notes
    this page needs: station id, datum, aggregation and the ``gap_filled_series`` flag.

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2020-01-01"]), "value": [2.5],
    ...                    "quality": ["gap_filled_series"], "source": ["mrc_wl_1992_2023_gapfilled"]})
    >>> text = export_csv(df, "Pakse", "013901", "water_level_m", "m", "local gauge", "daily", "mean",
    ...                   "MRC").decode()
    >>> any(line.startswith("#   gap_filled_series: ") for line in text.splitlines())
    True
    >>> text.splitlines()[-1]
    '2020-01-01,2.5,gap_filled_series,mrc_wl_1992_2023_gapfilled'
    """
    from lmc_geo.hydrology.timeseries import to_csv_export

    name = _one_line(f"{station_name} ({station_id})")
    notes = [f"# datum: {datum}"] if datum else []
    notes.append(f"# values: {_AGG_NOTES.get(how, how).format(agg=agg)}")
    return _with_notes(to_csv_export(shown, name, variable, unit, _one_line(source_label)), notes)


#: Band columns of the year-against-the-record export, from the columns of a day-of-year band.
BAND_EXPORT_COLUMNS = {"min": "record_min", "p10": "record_p10", "p50": "record_p50", "p90": "record_p90",
                       "max": "record_max", "mean": "record_mean", "n_years": "record_years"}


def band_table(band: pd.DataFrame, shown: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every day of ``year`` on the band calendar (29 February left out) with its value and the band.

    Returns
    -------
    pandas.DataFrame
        ``date, doy, value, quality, source`` (quality ``missing`` on a day without a value)
        and the band's statistics of that day of year as ``record_min`` ... ``record_years``.

    Examples
    --------
    >>> band = pd.DataFrame({"doy": [1, 2], "min": [1.0, 1.5], "p10": [1.1, 1.6], "p50": [2.0, 2.1],
    ...                      "p90": [3.0, 3.1], "max": [4.0, 4.1], "mean": [2.2, 2.3], "n_years": [9, 8]})
    >>> days = pd.DataFrame({"date": pd.to_datetime(["2008-01-02"]), "value": [2.5],
    ...                      "quality": ["gap_filled_series"], "source": ["s"]})
    >>> out = band_table(band, days, 2008)
    >>> len(out), out.loc[:1, ["doy", "value", "quality", "record_p10"]].values.tolist()
    (365, [[1, nan, 'missing', 1.1], [2, 2.5, 'gap_filled_series', 1.6]])
    """
    from lmc_geo.hydrology.timeseries import noleap_doy

    days = pd.date_range(f"{int(year)}-01-01", f"{int(year)}-12-31")
    days = days[~((days.month == 2) & (days.day == 29))]
    frame = pd.DataFrame({"date": days, "doy": noleap_doy(days)})
    dates = pd.to_datetime(shown["date"])
    part = shown.loc[dates.dt.year == int(year)].copy()
    part["doy"] = noleap_doy(pd.DatetimeIndex(pd.to_datetime(part["date"])))
    cols = ["doy", "value", "quality"] + (["source"] if "source" in part.columns else [])
    part = part.loc[part["doy"] > 0, cols].drop_duplicates("doy")
    frame = frame.merge(part, on="doy", how="left")
    if "source" not in frame.columns:
        frame["source"] = ""
    frame["quality"] = frame["quality"].fillna("missing")
    frame["source"] = frame["source"].fillna("")
    frame.loc[frame["quality"] == "missing", "value"] = np.nan
    stats = band[["doy", *BAND_EXPORT_COLUMNS]].rename(columns=BAND_EXPORT_COLUMNS)
    frame = frame.merge(stats.assign(doy=stats["doy"].astype("int64")), on="doy", how="left")
    frame["record_years"] = frame["record_years"].astype("Int64")
    return frame


def band_export_csv(band: pd.DataFrame, shown: pd.DataFrame, year: int, station_name: str, station_id: str,
                    variable: str, unit: str, datum: str | None, record: str, source_label: str) -> bytes:
    """CSV of the band view: the chosen year day by day, each day with the record's band that day.

    ``shown`` is the daily display series (:func:`aggregate_for_display` with ``"daily"``);
    ``record`` the period of the band (e.g. ``"1989-2023"``, or since a datum shift).

    Examples
    --------
    >>> band = pd.DataFrame({"doy": [1], "min": [1.0], "p10": [1.1], "p50": [2.0], "p90": [3.0],
    ...                      "max": [4.0], "mean": [2.2], "n_years": [9]})
    >>> days = pd.DataFrame({"date": pd.to_datetime(["2008-01-01"]), "value": [2.5],
    ...                      "quality": ["gap_filled_series"], "source": ["s"]})
    >>> lines = band_export_csv(band, days, 2008, "Pakse", "013901", "water_level_m", "m", "local gauge",
    ...                         "1989-2023", "MRC").decode().splitlines()
    >>> lines[-366]
    'date,doy,water_level_m,quality,source,record_min,record_p10,record_p50,record_p90,record_max,record_mean,record_years'
    >>> lines[-365]
    '2008-01-01,1,2.5,gap_filled_series,s,1.0,1.1,2.0,3.0,4.0,2.2,9'
    """
    from lmc_geo.hydrology.timeseries import to_csv_export

    table = band_table(band, shown, year)
    name = _one_line(f"{station_name} ({station_id})")
    notes = [f"# datum: {datum}"] if datum else []
    notes += [
        f"# values: daily values of {int(year)}; 29 February is left out (the band has a 365-day calendar)",
        f"# record_min, record_p10, record_p50, record_p90, record_max, record_mean: lowest, 10th, 50th and "
        f"90th percentile, highest and mean of the record {record} on that day of year ({unit}); "
        "record_years: years with a value that day",
        "# doy: day of year, 1 March = 60 in every year",
    ]
    raw = to_csv_export(table, name, variable, unit, _one_line(source_label), leading_columns=["doy"],
                        extra_columns=list(BAND_EXPORT_COLUMNS.values()))
    return _with_notes(raw, notes)


#: Column of the normalised value in the comparison export, by normalisation.
NORMALISED_COLUMNS = {"percentile": "percentile_of_record", "zscore": "zscore"}
_NORMALISED_NOTES = {
    "percentile": "percentile_of_record: share (0-100) of the station's valued days of record below the value, "
                  "ties counted half (what the chart draws)",
    "zscore": "zscore: (value - mean of the station's record) / its standard deviation (what the chart draws)",
}


def compare_export_csv(table: pd.DataFrame, variable: str, unit: str, how: str, year: int,
                       source_label: str) -> bytes:
    """CSV of the upstream-to-downstream view, one row per station and day (upstream first).

    ``table`` is :func:`lmc_geo.hydrology.charts.longitudinal_table` (``date, station_id, station,
    river_km, datum, value, quality, source, shown``); with a normalised scale the drawn value is
    written as ``percentile_of_record`` or ``zscore`` next to the value in its unit.

    Examples
    --------
    >>> t = pd.DataFrame({"date": pd.to_datetime(["2008-01-01"]), "station_id": ["013901"],
    ...     "station": ["Pakse"], "river_km": [866.6], "datum": ["local gauge"], "value": [2.5],
    ...     "quality": ["gap_filled_series"], "source": ["s"], "shown": [40.0]})
    >>> lines = compare_export_csv(t, "water_level_m", "m", "percentile", 2008, "MRC").decode().splitlines()
    >>> lines[0], lines[-2:]  # doctest: +NORMALIZE_WHITESPACE
    ('# stations: Pakse (013901)',
     ['date,station_id,station,river_km,datum,water_level_m,quality,source,percentile_of_record',
      '2008-01-01,013901,Pakse,866.6,local gauge,2.5,gap_filled_series,s,40.0'])
    """
    from lmc_geo.hydrology.timeseries import to_csv_export

    frame = table.copy()
    extra = []
    if how in NORMALISED_COLUMNS:
        frame[NORMALISED_COLUMNS[how]] = frame["shown"]
        extra.append(NORMALISED_COLUMNS[how])
    firsts = frame.drop_duplicates("station_id")
    names = "; ".join(f"{n} ({s})" for s, n in zip(firsts["station_id"], firsts["station"]))
    notes = [f"# values: daily values of {int(year)}, upstream to downstream (river_km: distance to the sea)"]
    if variable == "water_level_m":
        notes.append(f"# datum: each station's own gauge datum (column datum); levels of two stations "
                     f"are not heights on one scale ({unit})")
    if how in _NORMALISED_NOTES:
        notes.append(f"# {_NORMALISED_NOTES[how]}")
    raw = to_csv_export(frame, _one_line(names), variable, unit, _one_line(source_label),
                        leading_columns=["station_id", "station", "river_km", "datum"], extra_columns=extra,
                        station_key="stations")
    return _with_notes(raw, notes)
