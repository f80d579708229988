"""Hydrology downloads as CSV: a station's series, one year against its band, stations compared,
each with units, quality flags, notes and the source in its header lines.

Header lines are ``# key: text``: the keys (``station``, ``variable``, ``source``, ``datum``,
``values``, quality flag names, column names) stay as they are, for programs that read the file;
the text after them is in the reader's language.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from lmc_geo.hydrology.meta import GAP_FILLED_SERIES
from lmc_geo.hydrology.timeseries import noleap_doy
from lmc_geo.i18n import DEFAULT_LANG, t

#: The quality flags a file explains, each by the message ``export.quality.<flag>``.
QUALITY_FLAGS = ("measured", GAP_FILLED_SERIES, "gap_filled", "suspect", "missing")
#: The reasons a value is suspect (``flag`` column), each explained by ``export.flag.<code>``.
FLAG_CODES = ("copied_period", "flat_run", "contradicts_discharge", "spike", "outside_range")


def _one_line(text) -> str:
    """Header text on one line (a name with a line break must not end the comment)."""
    return " ".join(str(text).split())


def _with_notes(raw: bytes, notes: list[str], lang: str = DEFAULT_LANG) -> bytes:
    """``notes`` put in the header of a CSV from ``to_csv_export``, before its dates line."""
    lines = raw.decode("utf-8").split("\n")
    try:
        at = next(i for i, line in enumerate(lines) if line.startswith("# dates:"))
    except StopIteration:  # header layout changed: keep the notes, put them first
        at = 0
    lines[at:at] = [_one_line(n) for n in notes]
    return "\n".join(lines).encode("utf-8")


def export_csv(shown: pd.DataFrame, station_name: str, station_id: str, variable: str, unit: str,
               datum: str | None, how: str, agg: str, source_label: str, lang: str = DEFAULT_LANG) -> bytes:
    """CSV of the displayed series via :func:`lmc_geo.hydrology.export.to_csv_export`, with the extra notes
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

    name = _one_line(f"{station_name} ({station_id})")
    notes = [f"# datum: {datum}"] if datum else []
    notes.append(f"# values: {t(f'export.values.{how}', lang, agg=t(f'export.agg.{agg}', lang))}")
    return _with_notes(to_csv_export(shown, name, variable, unit, _one_line(source_label), lang=lang), notes, lang)


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
                    variable: str, unit: str, datum: str | None, record: str, source_label: str,
                    lang: str = DEFAULT_LANG) -> bytes:
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

    table = band_table(band, shown, year)
    name = _one_line(f"{station_name} ({station_id})")
    notes = [f"# datum: {datum}"] if datum else []
    notes += [
        f"# values: {t('export.band.values', lang, year=int(year))}",
        "# record_min, record_p10, record_p50, record_p90, record_max, record_mean: "
        f"{t('export.band.stats', lang, record=record, unit=unit)}",
        f"# doy: {t('export.band.doy', lang)}",
    ]
    raw = to_csv_export(table, name, variable, unit, _one_line(source_label), leading_columns=["doy"],
                        extra_columns=list(BAND_EXPORT_COLUMNS.values()), lang=lang)
    return _with_notes(raw, notes, lang)


#: Column of the normalised value in the comparison export, by normalisation.
NORMALISED_COLUMNS = {"percentile": "percentile_of_record", "zscore": "zscore"}




def compare_export_csv(table: pd.DataFrame, variable: str, unit: str, how: str, year: int,
                       source_label: str, lang: str = DEFAULT_LANG) -> bytes:
    """CSV of the upstream-to-downstream view, one row per station and day (upstream first).

    ``table`` is :func:`lmc_geo.hydrology.compare.longitudinal_table` (``date, station_id, station,
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

    frame = table.copy()
    extra = []
    if how in NORMALISED_COLUMNS:
        frame[NORMALISED_COLUMNS[how]] = frame["shown"]
        extra.append(NORMALISED_COLUMNS[how])
    firsts = frame.drop_duplicates("station_id")
    names = "; ".join(f"{n} ({s})" for s, n in zip(firsts["station_id"], firsts["station"]))
    notes = [f"# values: {t('export.compare.values', lang, year=int(year))}"]
    if variable == "water_level_m":
        notes.append(f"# datum: {t('export.compare.datum', lang, unit=unit)}")
    if how in NORMALISED_COLUMNS:
        notes.append(f"# {NORMALISED_COLUMNS[how]}: {t(f'export.compare.{how}', lang)}")
    raw = to_csv_export(frame, _one_line(names), variable, unit, _one_line(source_label),
                        leading_columns=["station_id", "station", "river_km", "datum"], extra_columns=extra,
                        station_key="stations", lang=lang)
    return _with_notes(raw, notes, lang)




def to_csv_export(df: pd.DataFrame, station_name: str, variable: str, unit: str,
                  source_label: str, leading_columns=(), extra_columns=(),
                  station_key: str = "station", lang: str = DEFAULT_LANG) -> bytes:
    """CSV bytes of a series with a commented header naming station, unit, quality flags, source.

    Header lines start with ``#`` (``pandas.read_csv(..., comment="#")`` reads the data back).
    Columns: ``date`` (YYYY-MM-DD), ``leading_columns``, ``<variable>``, ``quality``, ``source``
    if present, then ``extra_columns``. ``station_key`` names the first header line
    (``stations`` for several).

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2000-01-01"]), "value": [1.25],
    ...                    "quality": ["measured"]})
    >>> text = to_csv_export(df, "Pakse", "water_level_m", "m", "MRC").decode()
    >>> text.splitlines()[-2:]
    ['date,water_level_m,quality', '2000-01-01,1.25,measured']
    """
    lines = [
        f"# {station_key}: {station_name}",
        f"# variable: {variable} (unit: {unit})",
        f"# source: {source_label}",
        f"# quality flags: {t('export.quality.title', lang)}",
        *[f"#   {q}: {t(f'export.quality.{q}', lang)}" for q in QUALITY_FLAGS],
        f"# flag: {t('export.flag.title', lang)}",
        *[f"#   {code}: {t(f'export.flag.{code}', lang)}" for code in FLAG_CODES],
        f"# dates: {t('export.dates', lang)}",
    ]
    cols = (["date", *leading_columns, "value", "quality"] + (["source"] if "source" in df.columns else [])
            + (["flag"] if "flag" in df.columns else []) + list(extra_columns))
    out = df[cols].rename(columns={"value": variable}).copy()
    out["date"] = pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d")
    buf = io.StringIO()
    buf.write("\n".join(lines) + "\n")
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")
