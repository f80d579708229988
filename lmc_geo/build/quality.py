"""Suspect values in the daily series, found by rules in ``make data`` for every station and variable.

Each rule marks a value ``suspect`` and gives the reason as a code in the ``flag`` column (with
its argument after a colon, e.g. ``copied_period:1993``). Suspect values stay in the data, with
their reason, but are left out of bands, percentiles, records and the gauges' status.

The thresholds below were chosen on the shipped record (1960-2023, 39 gauges) so that each rule
finds the faults an analyst found by eye and nothing in the series' ordinary behaviour; the reason
is written beside each one and in ``data/QUALITY.md``.

Rules (``RULES`` lists their codes):

``copied_period``
    A run of at least :data:`COPY_MIN_DAYS` days identical, day for day, to the same days of an
    earlier year of the same station and variable, holding at least :data:`COPY_MIN_DISTINCT`
    different values (so a shared dry-season zero or a flat stretch does not count). The later
    copy is flagged, naming the year it repeats (Lumphat 1994-2000 repeat 1993).
``flat_run``
    A water level or discharge unchanged for :data:`FLAT_MIN_DAYS` days or more while the other
    variable of the same station moves (or, with no other variable, for :data:`FLAT_ALONE_DAYS`
    days): a stuck gauge or a copied-down value.
``contradicts_discharge``
    A water level far below what the station's own discharge says: lower, by more than
    :data:`RATING_MIN_GAP_M` and :data:`RATING_MAD_FACTOR` robust deviations, than the median level
    of the days of the neighbouring years whose discharge is within :data:`RATING_Q_TOLERANCE` of
    that day's (Chiang Saen 26-29 May 1993, down to 0.00 m at about 560 m³/s, where 1995 read 0.96 m).
``spike``
    A value that leaves both neighbours by more than :data:`SPIKE_FACTOR` times the station's
    95th percentile of day-to-day change (and at least :data:`SPIKE_FLOOR`), in the same
    direction, while the neighbours agree: one day off the curve.
``outside_range``
    A value physics does not allow: negative discharge or rainfall, rainfall above
    :data:`MAX_RAIN_MM` mm in a day.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

SUSPECT = "suspect"
RULES = ("copied_period", "flat_run", "contradicts_discharge", "spike", "outside_range")

#: A copy is at least a month long: shorter identical stretches happen by chance in slow recessions.
COPY_MIN_DAYS = 30
#: ... and holds at least five different values: a shared zero or a flat stretch is not a copy.
COPY_MIN_DISTINCT = 5
#: Ten days unchanged to the centimetre (or m³/s) while the other variable moves: no river does that.
FLAT_MIN_DAYS = 10
#: With nothing to compare with, a month unchanged.
FLAT_ALONE_DAYS = 30
#: The other variable "moves" when its range over the run is above this share of its mean.
FLAT_OTHER_MOVES = 0.05
#: Discharge "the same" within 5 %: the ratings of these gauges are that smooth within a year.
RATING_Q_TOLERANCE = 0.05
#: Neighbouring years compared (ratings drift over decades as the bed moves).
RATING_YEARS = 3
#: At least this many days of those years with that discharge, to say what the level should be.
RATING_MIN_DAYS = 3
#: Readings off the rating for longer than two months are a new rating or datum, not bad readings.
RATING_MAX_EPISODE_DAYS = 62
RATING_EPISODE_GAP_DAYS = 5
#: Lower than expected by at least half a metre ...
RATING_MIN_GAP_M = 0.5
#: ... and by at least six robust deviations of the station-year's levels at that discharge.
RATING_MAD_FACTOR = 6.0
#: A spike leaves both neighbours by more than 10 times the station's 95th percentile of daily change
#: (the 95th, not a higher one, so that the spikes themselves do not set the scale of a short record).
SPIKE_FACTOR = 10.0
SPIKE_PERCENTILE = 95
#: ... and by at least 0.5 m (levels) or 50 % of the neighbours' mean (discharge).
SPIKE_FLOOR = {"water_level_m": 0.5, "discharge_m3s": 0.5}
#: More than 600 mm of rain in a day has not been recorded in the basin; the world record is about 1,800.
MAX_RAIN_MM = 600.0

#: Qualities a rule may change (a missing day has no value; a gap-filled day is already not measured,
#: but a copied or impossible one is still flagged).
CHECKED = ("measured", "gap_filled_series", "gap_filled")


@dataclass
class Findings:
    """Suspect rows found: ``flags`` (row index -> reason) and counts by rule."""

    flags: dict[int, str]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(RULES, 0)
        for reason in self.flags.values():
            out[reason.split(":")[0]] += 1
        return out


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end exclusive) of each run of True."""
    padded = np.concatenate([[False], mask, [False]]).astype(int)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2], edges[1::2]))


def copied_periods(frame: pd.DataFrame) -> dict[int, str]:
    """Rows of one station and variable repeating, day for day, the same days of an earlier year.

    >>> days = pd.date_range("2001-01-01", "2002-12-31")
    >>> values = np.r_[np.arange(365) / 10, np.arange(365) / 10]
    >>> found = copied_periods(pd.DataFrame({"date": days, "value": values}, index=range(730)))
    >>> len(found), set(found.values()), min(found)
    (365, {'copied_period:2001'}, 365)
    """
    dates = pd.to_datetime(frame["date"])
    keep = ~((dates.dt.month == 2) & (dates.dt.day == 29)) & frame["value"].notna()
    part = frame[keep]
    dates = pd.to_datetime(part["date"])
    doy = dates.dt.day_of_year - ((dates.dt.month > 2) & dates.dt.is_leap_year).astype(int)
    years = sorted(dates.dt.year.unique())
    if len(years) < 2:
        return {}
    grid = np.full((len(years), 366), np.nan)
    rows = np.full((len(years), 366), -1, dtype=np.int64)
    yi = dates.dt.year.map({y: i for i, y in enumerate(years)}).to_numpy()
    grid[yi, doy.to_numpy()] = part["value"].to_numpy(dtype=float)
    rows[yi, doy.to_numpy()] = part.index.to_numpy()
    found: dict[int, str] = {}
    for b in range(1, len(years)):
        for a in range(b):
            same = (grid[a] == grid[b]) & ~np.isnan(grid[b])
            if same.sum() < COPY_MIN_DAYS:
                continue
            for start, end in _runs(same):
                if end - start >= COPY_MIN_DAYS and len(np.unique(grid[b, start:end])) >= COPY_MIN_DISTINCT:
                    for day in range(start, end):
                        found.setdefault(int(rows[b, day]), f"copied_period:{years[a]}")
    return found


def flat_runs(frame: pd.DataFrame, other: pd.DataFrame | None) -> dict[int, str]:
    """Rows of a run of unchanged values that the station's other variable contradicts.

    >>> days = pd.date_range("2000-01-01", periods=40)
    >>> level = pd.DataFrame({"date": days, "value": np.r_[np.linspace(1, 2, 20), [2.5] * 12, np.linspace(2, 1, 8)]})
    >>> flow = pd.DataFrame({"date": days, "value": np.linspace(100, 300, 40)})
    >>> sorted(flat_runs(level, flow))[:2], len(flat_runs(level, flow)), len(flat_runs(level, None))
    ([20, 21], 12, 0)
    """
    part = frame[frame["value"].notna()].sort_values("date")
    values = part["value"].to_numpy(dtype=float)
    dates = pd.to_datetime(part["date"]).to_numpy()
    if len(values) < FLAT_MIN_DAYS:
        return {}
    same = np.r_[False, (values[1:] == values[:-1]) & (np.diff(dates) == np.timedelta64(1, "D"))]
    other_by_date = None if other is None else other.set_index(pd.to_datetime(other["date"]))["value"]
    found: dict[int, str] = {}
    for start, end in _runs(same):
        start -= 1  # the first day of the run is the one the next repeat
        length = end - start
        if length < FLAT_MIN_DAYS:
            continue
        moves = False
        if other_by_date is not None:
            seen = other_by_date.reindex(dates[start:end]).dropna()
            if len(seen) >= FLAT_MIN_DAYS // 2 and seen.mean() != 0:
                moves = (seen.max() - seen.min()) / abs(seen.mean()) > FLAT_OTHER_MOVES
        if moves or (other_by_date is None and length >= FLAT_ALONE_DAYS):
            for idx in part.index[start:end]:
                found[int(idx)] = "flat_run"
    return found


def contradicts_discharge(level: pd.DataFrame, flow: pd.DataFrame) -> dict[int, str]:
    """Rows of water level far below what the station's discharge says: the level of the days of
    the neighbouring years (:data:`RATING_YEARS` either side, not the day's own year, which may be
    wrong throughout) with a discharge within :data:`RATING_Q_TOLERANCE` of that day's.

    >>> days = pd.date_range("2000-01-01", "2001-12-31")
    >>> q = pd.DataFrame({"date": days, "value": 500 + 100 * np.sin(np.arange(len(days)) / 30)})
    >>> h = pd.DataFrame({"date": days, "value": q["value"] / 400})
    >>> h.loc[40, "value"] = 0.0
    >>> contradicts_discharge(h, q)
    {40: 'contradicts_discharge'}
    """
    levels = level[level["value"].notna()].assign(date=pd.to_datetime(level["date"])).reset_index()
    flows = flow[flow["value"].notna()].assign(date=pd.to_datetime(flow["date"]))[["date", "value"]]
    both = levels.merge(flows, on="date", suffixes=("", "_q"))
    years = both["date"].dt.year.to_numpy()
    q_all, h_all = both["value_q"].to_numpy(dtype=float), both["value"].to_numpy(dtype=float)
    found: dict[int, str] = {}
    for year in np.unique(years):
        mine = years == year
        others = (np.abs(years - year) <= RATING_YEARS) & ~mine
        if mine.sum() == 0 or others.sum() < RATING_MIN_DAYS:
            continue
        q, h = q_all[mine], h_all[mine]
        near = np.abs(q[:, None] - q_all[others][None, :]) <= RATING_Q_TOLERANCE * np.abs(q[:, None])
        counts = near.sum(axis=1)
        around = np.where(near, h_all[others][None, :], np.nan)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a day with no neighbour: NaN, not judged
            expected = np.nanmedian(around, axis=1)
            mad = np.nanmedian(np.abs(around - expected[:, None]), axis=1) * 1.4826
        gap = expected - h
        bad = (counts >= RATING_MIN_DAYS) & (gap > np.maximum(RATING_MIN_GAP_M, RATING_MAD_FACTOR * mad))
        for idx, day in zip(both["index"].to_numpy()[mine][bad], both["date"].to_numpy()[mine][bad]):
            found[int(idx)] = day
    return _short_episodes(found, "contradicts_discharge")


def _short_episodes(days_by_row: dict[int, np.datetime64], reason: str) -> dict[int, str]:
    """The rows of episodes of at most :data:`RATING_MAX_EPISODE_DAYS` days (days at most
    :data:`RATING_EPISODE_GAP_DAYS` apart join one episode): a longer one is a change of the rating
    or the datum, which a rule on single readings must not call suspect (the report counts them)."""
    if not days_by_row:
        return {}
    order = sorted(days_by_row, key=lambda row: days_by_row[row])
    days = np.array([days_by_row[row] for row in order], dtype="datetime64[D]")
    breaks = np.flatnonzero(np.diff(days) > np.timedelta64(RATING_EPISODE_GAP_DAYS, "D")) + 1
    found: dict[int, str] = {}
    for rows, span in zip(np.split(np.array(order), breaks), np.split(days, breaks)):
        if (span[-1] - span[0]).astype(int) + 1 <= RATING_MAX_EPISODE_DAYS:
            found.update({int(row): reason for row in rows})
    return found


def spikes(frame: pd.DataFrame, variable: str) -> dict[int, str]:
    """Rows one day off the curve, by the station's own day-to-day changes.

    >>> s = pd.DataFrame({"date": pd.date_range("2000-01-01", periods=200), "value": np.sin(np.arange(200) / 20) + 5})
    >>> s.loc[100, "value"] = 15.0
    >>> spikes(s, "water_level_m")
    {100: 'spike'}
    """
    part = frame[frame["value"].notna()].sort_values("date")
    x = part["value"].to_numpy(dtype=float)
    if len(x) < 30:
        return {}
    step = np.abs(np.diff(x))
    threshold = SPIKE_FACTOR * np.percentile(step, SPIKE_PERCENTILE)
    d1, d2 = x[1:-1] - x[:-2], x[1:-1] - x[2:]
    neighbours = (x[:-2] + x[2:]) / 2
    floor = SPIKE_FLOOR.get(variable, 0.5)
    floor = floor if variable == "water_level_m" else floor * np.abs(neighbours)
    limit = np.maximum(threshold, floor)
    agree = np.abs(x[:-2] - x[2:]) < limit / 2
    bad = (np.sign(d1) == np.sign(d2)) & (np.abs(d1) > limit) & (np.abs(d2) > limit) & agree
    return {int(i): "spike" for i in part.index[1:-1][bad]}


def outside_range(frame: pd.DataFrame, variable: str) -> dict[int, str]:
    """Rows with a value physics does not allow (negative flow or rain, more rain than ever fell)."""
    v = frame["value"]
    if variable == "discharge_m3s":
        bad = v < 0
    elif variable == "rainfall_mm":
        bad = (v < 0) | (v > MAX_RAIN_MM)
    else:
        bad = pd.Series(False, index=frame.index)
    return {int(i): "outside_range" for i in frame.index[bad.fillna(False)]}


def find_suspect(long: pd.DataFrame) -> Findings:
    """Every rule on every station and variable of a long series frame (its index labels the rows)."""
    checked = long[long["quality"].isin(CHECKED) & long["value"].notna()]
    flags: dict[int, str] = {}
    by_key = {key: group for key, group in checked.groupby(["station_id", "variable"], sort=False)}
    for (station, variable), group in by_key.items():
        found: dict[int, str] = {}
        found.update(outside_range(group, variable))
        found.update({k: v for k, v in copied_periods(group).items() if k not in found})
        if variable in ("water_level_m", "discharge_m3s"):
            other_variable = "discharge_m3s" if variable == "water_level_m" else "water_level_m"
            other = by_key.get((station, other_variable))
            for k, v in flat_runs(group, other).items():
                found.setdefault(k, v)
            for k, v in spikes(group, variable).items():
                found.setdefault(k, v)
            if variable == "water_level_m" and other is not None:
                for k, v in contradicts_discharge(group, other).items():
                    found.setdefault(k, v)
        flags.update(found)
    return Findings(flags)


def apply_suspect(long: pd.DataFrame) -> tuple[pd.DataFrame, Findings]:
    """``long`` with suspect rows marked (``quality`` ``suspect``, the reason in ``flag``)."""
    findings = find_suspect(long)
    out = long.copy()
    if "flag" not in out:
        out["flag"] = ""
    rows = list(findings.flags)
    out.loc[rows, "quality"] = SUSPECT
    out.loc[rows, "flag"] = [findings.flags[i] for i in rows]
    return out, findings
