"""Time-series logic on plain pandas frames: resampling, day-of-year bands, gauge status, export.

Input frames follow :func:`lmc_geo.hydrology.store.station_series`: columns ``date`` (datetime64),
``value`` (float64, NaN when ``quality == "missing"``), ``quality`` and, optionally, ``source``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: A period needs at least this share of its calendar days with a value to be trusted.
MIN_COVERAGE = 0.8

_FREQ = {"daily": "D", "monthly": "MS", "annual": "YS"}
RESAMPLED_COLUMNS = ["date", "value", "n_days", "n_expected", "coverage",
                     "gap_filled_share", "low_coverage"]
BAND_COLUMNS = ["doy", "min", "p10", "p50", "p90", "max", "mean", "n_years"]

STATUSES = ("flood", "alarm", "high", "normal", "low", "no_threshold", "no_data")


def _valued(df: pd.DataFrame) -> pd.Series:
    """True where a row has a usable value: not missing, not NaN, not suspect (a suspect value is
    drawn, but no band, percentile, record or aggregate uses it)."""
    return df["value"].notna() & ~df["quality"].isin(("missing", "suspect"))


def resample(df: pd.DataFrame, how: str, agg: str = "mean") -> pd.DataFrame:
    """Aggregate a daily series to days, months or years, with coverage and gap-filled share.

    Parameters
    ----------
    df : pandas.DataFrame
        ``date, value, quality`` (one row per day; days may be absent).
    how : {"daily", "monthly", "annual"}
    agg : {"mean", "sum"}
        ``mean`` for levels and discharge; ``sum`` for rainfall totals.

    Returns
    -------
    pandas.DataFrame
        One row per calendar period from the first to the last date of ``df``:
        ``date`` (period start), ``value`` (aggregate of valued days, NaN if none),
        ``n_days`` (valued days), ``n_expected`` (days in the calendar period),
        ``coverage`` (``n_days / n_expected``), ``gap_filled_share`` (share of valued days with
        quality ``gap_filled``, NaN if none), ``low_coverage`` (coverage below
        :data:`MIN_COVERAGE`; partial first and last periods are flagged too).

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2001-01-01", "2001-01-02", "2001-02-01"]),
    ...     "value": [1.0, 3.0, 5.0], "quality": ["measured", "gap_filled", "measured"]})
    >>> out = resample(df, "monthly")
    >>> out[["value", "n_days", "gap_filled_share", "low_coverage"]].values.tolist()
    [[2.0, 2, 0.5, True], [5.0, 1, 0.0, True]]
    """
    if how not in _FREQ:
        raise ValueError(f"how must be one of {', '.join(_FREQ)}, not {how!r}")
    if agg not in ("mean", "sum"):
        raise ValueError(f"agg must be 'mean' or 'sum', not {agg!r}")
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            RESAMPLED_COLUMNS,
            ["datetime64[ns]", "float64", "int64", "int64", "float64", "float64", "bool"])})
    dates = pd.to_datetime(df["date"]).dt.normalize()
    ok = _valued(df).to_numpy()
    frame = pd.DataFrame({
        "value": df["value"].to_numpy(dtype="float64"),
        "ok": ok.astype("int64"),
        "filled": (ok & (df["quality"] == "gap_filled").to_numpy()).astype("int64"),
    }, index=pd.DatetimeIndex(dates, name="date"))
    frame.loc[~ok, "value"] = np.nan
    rs = frame.resample(_FREQ[how])
    out = pd.DataFrame({
        "value": rs["value"].mean() if agg == "mean" else rs["value"].sum(min_count=1),
        "n_days": rs["ok"].sum().astype("int64"),
        "filled": rs["filled"].sum().astype("int64"),
    })
    starts = out.index
    if how == "daily":
        n_expected = np.ones(len(out), dtype="int64")
    elif how == "monthly":
        n_expected = starts.days_in_month.to_numpy().astype("int64")
    else:
        n_expected = np.where(starts.is_leap_year, 366, 365).astype("int64")
    out["n_expected"] = n_expected
    out["coverage"] = out["n_days"] / out["n_expected"]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = out["filled"] / out["n_days"].where(out["n_days"] > 0)
    out["gap_filled_share"] = share.astype("float64")
    out["low_coverage"] = out["coverage"] < MIN_COVERAGE
    out = out.reset_index()
    return out[RESAMPLED_COLUMNS]


def noleap_doy(dates) -> np.ndarray:
    """Day of year in a 365-day calendar (29 Feb gives -1; 1 March is always 60).

    Examples
    --------
    >>> noleap_doy(pd.to_datetime(["2000-02-28", "2000-02-29", "2000-03-01", "2001-03-01",
    ...                            "2000-12-31"])).tolist()
    [59, -1, 60, 60, 365]
    """
    idx = pd.DatetimeIndex(dates)
    doy = idx.day_of_year.to_numpy().astype("int64")
    after_feb = idx.is_leap_year & (idx.month > 2)
    doy = doy - after_feb.astype("int64")
    doy[(idx.month == 2) & (idx.day == 29)] = -1
    return doy


def doy_band(df: pd.DataFrame) -> pd.DataFrame:
    """Day-of-year band (pandas reference for :func:`lmc_geo.hydrology.store.doy_band`).

    Missing days are left out and 29 February is dropped; other days use a 365-day calendar.

    Returns
    -------
    pandas.DataFrame
        ``doy, min, p10, p50, p90, max, mean, n_years`` for days with at least one value.

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2000-01-01", "2001-01-01", "2002-01-01"]),
    ...     "value": [1.0, 2.0, 4.0], "quality": ["measured"] * 3})
    >>> doy_band(df).iloc[0].tolist()
    [1.0, 1.0, 1.2, 2.0, 3.6, 4.0, 2.3333333333333335, 3.0]
    """
    ok = _valued(df)
    dates = pd.DatetimeIndex(pd.to_datetime(df.loc[ok, "date"]))
    d = pd.DataFrame({"doy": noleap_doy(dates), "year": dates.year,
                      "value": df.loc[ok, "value"].to_numpy(dtype="float64")})
    d = d[d["doy"] > 0]
    if d.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("doy", "n_years") else "float64")
                             for c in BAND_COLUMNS})
    g = d.groupby("doy")["value"]
    out = pd.DataFrame({
        "min": g.min(), "p10": g.quantile(0.1), "p50": g.quantile(0.5),
        "p90": g.quantile(0.9), "max": g.max(), "mean": g.mean(),
        "n_years": d.groupby("doy")["year"].nunique().astype("int64"),
    }).reset_index()
    out["doy"] = out["doy"].astype("int64")
    return out[BAND_COLUMNS]


def _known(x) -> bool:
    if x is None:
        return False
    try:
        return not math.isnan(float(x))
    except (TypeError, ValueError):
        return False


def status_rule(alarm_m=None, flood_m=None, doy_p10=None, doy_p90=None) -> str:
    """Which rule :func:`status_on` uses for a gauge: ``thresholds``, ``percentile`` or ``none``.

    The rule depends only on the references a gauge has, not on today's value: alarm/flood
    stages when either is known, else the day-of-year 10th percentile, else none.

    Examples
    --------
    >>> status_rule(11.5, 12.8), status_rule(None, None, 2.1), status_rule()
    ('thresholds', 'percentile', 'none')
    """
    if _known(alarm_m) or _known(flood_m):
        return "thresholds"
    if _known(doy_p10):
        return "percentile"
    return "none"


def status_on(value, alarm_m=None, flood_m=None, doy_p10=None, doy_p90=None) -> str:
    """Status of a gauge reading: flood, alarm, normal, low, no_threshold or no_data.

    Rule: no value -> ``no_data``. With alarm or flood stage: ``>= flood`` -> ``flood``,
    ``>= alarm`` -> ``alarm``, else ``normal``. Without them but with the day-of-year 10th
    percentile: below it -> ``low``; above the day-of-year 90th percentile (when known) -> ``high``
    (high for the season); else ``normal``. Otherwise ``no_threshold``.
    Water levels must be on the same (local gauge) datum as the stages.

    Examples
    --------
    >>> [status_on(v, 11.5, 12.8) for v in (13.0, 12.8, 11.5, 3.0)]
    ['flood', 'flood', 'alarm', 'normal']
    >>> status_on(1.0, doy_p10=2.0), status_on(2.0, doy_p10=2.0), status_on(2.0)
    ('low', 'normal', 'no_threshold')
    >>> status_on(13.53, doy_p10=6.0, doy_p90=12.9), status_on(12.9, doy_p10=6.0, doy_p90=12.9)
    ('high', 'normal')
    >>> status_on(float("nan"), 11.5, 12.8)
    'no_data'
    """
    if not _known(value):
        return "no_data"
    value = float(value)
    rule = status_rule(alarm_m, flood_m, doy_p10, doy_p90)
    if rule == "thresholds":
        if _known(flood_m) and value >= float(flood_m):
            return "flood"
        if _known(alarm_m) and value >= float(alarm_m):
            return "alarm"
        return "normal"
    if rule == "percentile":
        if value < float(doy_p10):
            return "low"
        return "high" if _known(doy_p90) and value > float(doy_p90) else "normal"
    return "no_threshold"


def year_of(shown: pd.DataFrame, year: int) -> pd.DataFrame:
    """Daily rows of one calendar year, with ``doy`` (365-day calendar; 29 February dropped)."""
    dates = pd.to_datetime(shown["date"])
    part = shown[dates.dt.year == int(year)].copy()
    part["doy"] = noleap_doy(pd.DatetimeIndex(pd.to_datetime(part["date"])))
    return part[part["doy"] > 0]


def years_with_data(shown: pd.DataFrame) -> list[int]:
    """Calendar years with at least one value, latest first.

    >>> years_with_data(pd.DataFrame({"date": pd.to_datetime(["1999-05-01", "2001-01-01", "2002-01-01"]),
    ...     "value": [1.0, 2.0, float("nan")], "quality": ["measured", "measured", "missing"]}))
    [2001, 1999]
    """
    ok = shown["value"].notna() & (shown["quality"] != "missing")
    return sorted(set(pd.to_datetime(shown.loc[ok, "date"]).dt.year.astype(int)), reverse=True)


def latest_valid(daily: pd.DataFrame) -> pd.Series | None:
    """The last row with a usable value (not missing, not suspect), or None."""
    ok = _valued(daily)
    return None if not ok.any() else daily[ok].iloc[-1]
