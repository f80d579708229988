"""Gauge status on a date for every station: alarm and flood stages where they apply, else the
day-of-year 10th percentile of record; plus the day-of-year percentile of one reading.

The rule itself is :func:`lmc_geo.hydrology.timeseries.status_on` / :func:`~lmc_geo.hydrology.timeseries.status_rule`;
this module gathers, for ~40 stations at once, what the rule needs:

* alarm and flood stages (stations layer) are in the *local gauge datum of the MRC telemetry
  station*; they are compared only with a series on the same datum (``series/datums.csv``);
* the day-of-year 10th percentile comes from one DuckDB query over the whole water-level file
  (:func:`lmc_geo.hydrology.store.p10_on`, also importable from here), with the same calendar and
  interpolation as :func:`lmc_geo.hydrology.store.doy_band`;
* the quality shown is the *display* quality (:func:`lmc_geo.hydrology.meta.display_quality`): a
  value of the 1992-2023 gap-filled series is ``gap_filled_series``, never ``measured``;
* a record with a datum shift (levels jump by tens of metres) is compared only with itself
  since the last shift: the caller passes the 10th percentile of that part of the record
  (:func:`p10_since_shift`), which applies to days after the shift; earlier days get no
  percentile rule.

No Streamlit here; the UI caches :func:`~lmc_geo.hydrology.store.p10_on` by day of year and file version.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lmc_geo import loaders
from lmc_geo.hydrology import store
from lmc_geo.hydrology.meta import (
    GAP_FILLED_SOURCES,
    comparable_part,
    datum_of,
    display_quality,
    gap_filled_sources,
    read_datums,
    read_sources,
)
from lmc_geo.hydrology.timeseries import doy_band, noleap_doy, status_on, status_rule
from lmc_geo.i18n import t
from lmc_geo.schema import STATUS_COLOURS

STATUS_COLUMNS = ["station_id", "value", "status", "rule", "quality", "p10", "p90"]

#: Status -> (colour or None for a hollow ring, message key of the label, message key of the rule).
STATUS_LEGEND: dict[str, tuple[str | None, str, str]] = {
    "flood": (STATUS_COLOURS["flood"], "hydro.status.flood", "hydro.rule.flood"),
    "alarm": (STATUS_COLOURS["alarm"], "hydro.status.alarm", "hydro.rule.alarm"),
    "high": (STATUS_COLOURS["high"], "hydro.status.high", "hydro.rule.high"),
    "normal": (STATUS_COLOURS["normal"], "hydro.status.normal", "hydro.rule.normal"),
    "low": (STATUS_COLOURS["low"], "hydro.status.low", "hydro.rule.low"),
    "no_threshold": (STATUS_COLOURS["no_threshold"], "hydro.status.no_threshold", "hydro.rule.no_threshold"),
    "no_data": (STATUS_COLOURS["no_data"], "hydro.status.no_data", "hydro.rule.no_data"),
}

def doy_of(date) -> int:
    """Day of year in the 365-day calendar of the bands; 29 February counts as 28 February (59).

    Examples
    --------
    >>> doy_of("2008-08-15"), doy_of("2000-02-29"), doy_of("2000-12-31")
    (227, 59, 365)
    """
    doy = int(noleap_doy(pd.DatetimeIndex([pd.Timestamp(date)]))[0])
    return 59 if doy < 0 else doy


def _p10_lookup(bands, date, column: str = "p10") -> dict[str, float]:
    """{station_id: the day-of-year percentile ``column`` (p10 or p90) on the date} from the accepted
    ``bands`` shapes (a plain number is a p10 only)."""
    if bands is None:
        return {}
    doy = doy_of(date)
    if isinstance(bands, pd.DataFrame):
        frame = bands
        if "doy" in frame.columns:
            frame = frame[frame["doy"] == doy]
        if column not in frame.columns:
            return {}
        return dict(zip(frame["station_id"].astype(str), frame[column].astype("float64")))
    out: dict[str, float] = {}
    for sid, band in dict(bands).items():
        if isinstance(band, pd.DataFrame):
            rows = band[band["doy"] == doy]
            if not rows.empty and column in rows.columns:
                out[str(sid)] = float(rows[column].iloc[0])
        elif band is not None and column == "p10":
            out[str(sid)] = float(band)
    return out


def p10_since_shift(daily: pd.DataFrame, shift_years, date) -> float | None:
    """The day-of-year 10th percentile of a record since its last datum shift, for ``date``.

    None when ``date`` is before the end of the last shift year (that value is on another datum)
    or the comparable part has no value on that day of year.

    Examples
    --------
    >>> days = pd.date_range("2008-08-15", periods=4, freq="365D")  # 15 Aug 2008, 2009, 2010; 14 Aug 2011
    >>> df = pd.DataFrame({"date": days, "value": [500.0, 510.0, 5.0, 7.0], "quality": "measured"})
    >>> df.loc[3, "date"] = pd.Timestamp("2011-08-15")
    >>> p10_since_shift(df, [2009], "2012-08-15"), p10_since_shift(df, [2009], "2009-08-15")
    (5.2, None)
    """

    part, since = comparable_part(daily, shift_years)
    if since is None or pd.Timestamp(date).year < since or part.empty:
        return None
    band = doy_band(part)
    rows = band[band["doy"] == doy_of(date)]
    if rows.empty or pd.isna(rows["p10"].iloc[0]):
        return None
    return float(rows["p10"].iloc[0])


def station_status_on(stations: pd.DataFrame, values: pd.DataFrame, bands, date,
                      datums: pd.DataFrame | None = None,
                      filled_sources=GAP_FILLED_SOURCES,
                      shift_p10: dict[str, float | None] | None = None) -> pd.DataFrame:
    """Status of every station on one day: flood, alarm, normal, low, no_threshold or no_data.

    Parameters
    ----------
    stations : pandas.DataFrame
        The stations layer: ``station_id, alarm_m, flood_m, datum`` (``datum`` is the datum of the
        alarm and flood stages, e.g. ``local gauge``).
    values : pandas.DataFrame
        Water levels that day: ``station_id, value`` (and ``quality``, ``source``), as
        :func:`lmc_geo.hydrology.store.values_on` returns.
    bands : DataFrame or dict or None
        The day-of-year 10th percentile of record: a frame ``station_id, p10`` (as
        :func:`p10_on` returns; with a ``doy`` column only the date's day is used), or
        ``{station_id: p10}``, or ``{station_id: band frame with doy, p10}``.
    date : date-like
        The "as of" day.
    datums : pandas.DataFrame, optional
        ``series/datums.csv`` (:func:`lmc_geo.hydrology.meta.read_datums`). When given, stages are
        used only where the series datum equals the stages' datum, and a record with a datum
        shift gets no percentile rule. When omitted, series are taken to be on the stages' datum.
    filled_sources : iterable of str
        Source keys of gap-filled series (:func:`lmc_geo.hydrology.meta.gap_filled_sources`): their
        ``measured`` values get quality ``gap_filled_series``.
    shift_p10 : dict, optional
        ``{station_id: p10}`` for stations whose record has a datum shift: the 10th percentile of
        the record since the shift (:func:`p10_since_shift`; None when it does not apply that
        day). Used instead of the whole-record percentile, which mixes two datums.

    Returns
    -------
    pandas.DataFrame
        One row per station of ``stations``, in its order: ``station_id``, ``value`` (NaN when
        none), ``status``, ``rule`` (``thresholds``, ``percentile`` or ``none``: the rule that
        applies to the station, whatever the value), ``quality`` (display quality, see
        :func:`lmc_geo.hydrology.meta.display_quality`; empty when no row), ``p10``.

    Examples
    --------
    >>> st = pd.DataFrame({"station_id": ["a", "b", "c", "d"], "alarm_m": [11.5, None, None, None],
    ...                    "flood_m": [12.8, None, None, None], "datum": ["local gauge"] * 4})
    >>> vals = pd.DataFrame({"station_id": ["a", "b", "c"], "value": [12.0, 1.0, 5.0]})
    >>> out = station_status_on(st, vals, {"b": 2.0, "c": 2.0}, "2008-08-15")
    >>> out[["station_id", "status", "rule"]].values.tolist()
    [['a', 'alarm', 'thresholds'], ['b', 'low', 'percentile'], ['c', 'normal', 'percentile'], ['d', 'no_data', 'none']]
    >>> datums = pd.DataFrame({"station_id": ["b", "c"], "variable": "water_level_m", "datum": "local gauge",
    ...     "gauge_zero_m_asl": 0.0, "note": ["datum shift (2009)", ""]})
    >>> shifted = station_status_on(st, vals, {"b": 2.0, "c": 2.0}, "2012-08-15", datums, shift_p10={"b": 0.5})
    >>> shifted.loc[1, "status"], float(shifted.loc[1, "p10"])  # b: against its record since the shift
    ('normal', 0.5)
    >>> station_status_on(st, vals, {"b": 2.0}, "2012-08-15", datums).loc[1, "status"]  # shift, no p10 given
    'no_threshold'
    """
    p10 = _p10_lookup(bands, date)
    p90 = _p10_lookup(bands, date, "p90")
    vals = values.copy()
    vals["station_id"] = vals["station_id"].astype(str)
    if "quality" in vals:
        vals["quality"] = display_quality(vals.assign(quality=vals["quality"].fillna("")), filled_sources)
    vals = vals.drop_duplicates("station_id", keep="first").set_index("station_id")
    value_of = pd.to_numeric(vals["value"], errors="coerce").to_dict() if "value" in vals else {}
    quality_of = vals["quality"].to_dict() if "quality" in vals else {}

    rows = []
    for rec in stations.itertuples(index=False):
        sid = str(rec.station_id)
        alarm = getattr(rec, "alarm_m", None)
        flood = getattr(rec, "flood_m", None)
        stage_datum = getattr(rec, "datum", None)
        ref, high = p10.get(sid), p90.get(sid)
        if datums is not None:
            info = datum_of(datums, sid, "water_level_m")
            if info["datum"] is None or info["datum"] != stage_datum:
                alarm = flood = None
            if info["datum_shift"]:
                ref, high = (shift_p10 or {}).get(sid), None
        value = value_of.get(sid, np.nan)
        quality = quality_of.get(sid, "")
        if quality in ("missing", "suspect"):  # a suspect reading colours no gauge
            value = np.nan
        rows.append({
            "station_id": sid,
            "value": float(value) if value is not None else np.nan,
            "status": status_on(value, alarm, flood, ref, high),
            "rule": status_rule(alarm, flood, ref),
            "quality": "" if pd.isna(quality) else str(quality),
            "p10": np.nan if ref is None else float(ref),
            "p90": np.nan if high is None else float(high),
        })
    out = pd.DataFrame(rows, columns=STATUS_COLUMNS)
    out["value"] = out["value"].astype("float64")
    out["p10"] = out["p10"].astype("float64")
    out["p90"] = out["p90"].astype("float64")
    return out


def status_legend(lang: str = "en") -> list[dict]:
    """Legend rows in the current language: status, colour (None = hollow grey ring), label, rule.

    Examples
    --------
    >>> [row["label"] for row in status_legend()][:2]
    ['Above flood level', 'Above alarm level']
    """

    return [
        {"status": status, "colour": colour, "label": t(label_key, lang), "rule": t(rule_key, lang)}
        for status, (colour, label_key, rule_key) in STATUS_LEGEND.items()
    ]


def doy_percentile(series: pd.DataFrame, date, value: float | None = None) -> float:
    """Percentile (0-100) of a reading among all the station's readings on the same day of year.

    Mid-rank rule: the share of years below the value plus half the share equal to it. Days
    with quality ``missing`` are left out; ``value`` defaults to the series' value on ``date``.
    NaN when there is no value or no record for that day.

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2000-03-01", "2001-03-01", "2002-03-01",
    ...     "2003-03-01"]), "value": [1.0, 2.0, 3.0, 4.0], "quality": ["measured"] * 4})
    >>> doy_percentile(df, "2003-03-01"), doy_percentile(df, "2003-03-01", 2.5)
    (87.5, 50.0)
    """
    dates = pd.DatetimeIndex(pd.to_datetime(series["date"]))
    ok = (series["value"].notna() & ~series["quality"].isin(("missing", "suspect"))).to_numpy()
    if value is None:
        hit = ok & (dates == pd.Timestamp(date).normalize())
        if not hit.any():
            return float("nan")
        value = float(series["value"].to_numpy()[hit][0])
    if value is None or np.isnan(value):
        return float("nan")
    same = ok & (noleap_doy(dates) == doy_of(date))
    record = series["value"].to_numpy(dtype="float64")[same]
    if len(record) == 0:
        return float("nan")
    below = float((record < value).sum())
    equal = float((record == value).sum())
    return 100.0 * (below + 0.5 * equal) / len(record)


def station_status_for(date, base: Path | None = None) -> pd.DataFrame:
    """:func:`station_status_on` of every station of the shipped data on ``date`` (ISO date).

    Reads the stations layer, that day's water levels, the day-of-year 10th percentiles and the
    series metadata from ``base`` (the data folder by default). A gauge whose datum shifted is
    compared with its own record since the shift.
    """
    stations = loaders.read_layer("stations", base)
    values = store.values_on(date, "water_level_m", base=base)
    p10 = store.p10_on(doy_of(date), base=base)
    sources, datums = read_sources(base), read_datums(base)
    shift_p10 = {}  # records with a datum shift: compared with themselves since the shift
    for sid in stations["station_id"].astype(str):
        info = datum_of(datums, sid, "water_level_m")
        if info["datum_shift"]:
            daily = store.station_series(sid, "water_level_m", base=base)
            shift_p10[sid] = p10_since_shift(daily, info["shift_years"], date)
    return station_status_on(stations, values, p10, date, datums,
                             filled_sources=gap_filled_sources(sources), shift_p10=shift_p10)
