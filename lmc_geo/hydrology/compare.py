"""Stations compared upstream to downstream: their order, normalised values, the comparison table, travel times."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lmc_geo import memo

NORMALISATIONS = ("absolute", "percentile", "zscore")


def order_upstream(stations: pd.DataFrame, ids=None) -> list[str]:
    """Station ids ordered upstream to downstream by ``river_km`` (distance to the sea, descending).

    Stations without ``river_km`` come last, by name; ``ids`` restricts (and may repeat) nothing.

    Examples
    --------
    >>> st = pd.DataFrame({"station_id": ["pk", "cs", "kr", "tr"], "name": ["Pakse", "Chiang Saen", "Kratie", "Trib"],
    ...                    "river_km": [866.6, 2474.8, 522.4, float("nan")]})
    >>> order_upstream(st)
    ['cs', 'pk', 'kr', 'tr']
    >>> order_upstream(st, ["kr", "cs"])
    ['cs', 'kr']
    """
    sids = [str(s) for s in stations["station_id"].tolist()]
    kms = pd.to_numeric(stations["river_km"], errors="coerce").astype("float64").tolist()
    names = [str(n) for n in stations["name"].tolist()] if "name" in stations else sids
    if ids is not None:
        wanted = {str(i) for i in ids}
        keep = [i for i, sid in enumerate(sids) if sid in wanted]
    else:
        keep = range(len(sids))
    # Plain lists: this runs several times a page, on a few dozen rows (a frame sort costs ~1 ms).
    # Downstream by km (descending), then by name; no km last, by name; a stable sort as pandas'.
    order = sorted(keep, key=lambda i: (kms[i] != kms[i], -kms[i] if kms[i] == kms[i] else 0.0, names[i]))
    return list(dict.fromkeys(sids[i] for i in order))


def normalise(series: pd.DataFrame, how: str = "absolute") -> pd.Series:
    """Values made comparable between stations, against the station's own record.

    ``absolute``: unchanged. ``percentile``: share (0-100) of the record's valued days below
    the value, counting ties as half. ``zscore``: (value - mean) / standard deviation (ddof=1).
    Missing days stay NaN.

    Examples
    --------
    >>> df = pd.DataFrame({"value": [1.0, 2.0, 3.0, 4.0, float("nan")], "quality": ["measured"] * 4 + ["missing"]})
    >>> normalise(df, "percentile").tolist()
    [12.5, 37.5, 62.5, 87.5, nan]
    >>> [round(v, 3) for v in normalise(df, "zscore").dropna()]
    [-1.162, -0.387, 0.387, 1.162]
    """
    if how not in NORMALISATIONS:
        raise ValueError(f"how must be one of {', '.join(NORMALISATIONS)}, not {how!r}")
    values = series["value"].astype("float64")
    if "quality" in series.columns:
        missing = (series["quality"] == "missing").to_numpy()
        if missing.any():  # (no where() when nothing is missing: it aligns and copies the whole record)
            values = pd.Series(np.where(missing, np.nan, values.to_numpy()), index=values.index, name=values.name)
    if how == "absolute":
        return values
    if how == "zscore":
        sd = values.std(ddof=1)
        if not sd or np.isnan(sd):
            return values * np.nan
        return (values - values.mean()) / sd
    return values.rank(method="average", pct=False).sub(0.5).div(values.notna().sum()).mul(100.0)


LONGITUDINAL_COLUMNS = ["date", "station_id", "station", "river_km", "datum", "value", "quality", "source", "shown"]


def longitudinal_table(series_by_station: dict, stations: pd.DataFrame, *, how: str = "absolute",
                       start=None, end=None, datums: dict | None = None) -> pd.DataFrame:
    """What :func:`longitudinal` draws, as one long table (for the download).

    Stations upstream to downstream, days in order; ``value`` in the variable's unit, ``shown``
    the value drawn (normalised against the station's whole record as in the chart), ``datum``
    from ``datums`` (``{station_id: datum}``), empty when not given.

    Examples
    --------
    >>> st = pd.DataFrame({"station_id": ["kr", "cs"], "name": ["Kratie", "Chiang Saen"],
    ...                    "river_km": [522.4, 2474.8]})
    >>> one = pd.DataFrame({"date": pd.to_datetime(["2000-01-01", "2000-01-02"]), "value": [1.0, 3.0],
    ...                     "quality": ["measured", "gap_filled_series"], "source": ["a", "b"]})
    >>> out = longitudinal_table({"kr": one, "cs": one}, st, how="percentile", start="2000-01-02")
    >>> out[["station_id", "value", "quality", "shown"]].values.tolist()
    [['cs', 3.0, 'gap_filled_series', 75.0], ['kr', 3.0, 'gap_filled_series', 75.0]]
    """
    order = [sid for sid in order_upstream(stations, series_by_station.keys()) if sid in series_by_station]
    info = stations.assign(station_id=stations["station_id"].astype(str)).set_index("station_id")
    lo = pd.Timestamp(start) if start is not None else None
    hi = pd.Timestamp(end) if end is not None else None
    parts = []
    for sid in order:
        df = series_by_station[sid]
        dates = pd.to_datetime(df["date"])
        keep = np.ones(len(df), dtype=bool)
        if lo is not None:
            keep &= (dates >= lo).to_numpy()
        if hi is not None:
            keep &= (dates <= hi).to_numpy()
        shown = normalise(df, how).to_numpy(dtype="float64")
        value = df["value"].astype("float64").where(df["quality"] != "missing") if "quality" in df else df["value"]
        parts.append(pd.DataFrame({
            "date": dates[keep].to_numpy(),
            "station_id": sid,
            "station": str(info.loc[sid, "name"]) if sid in info.index else sid,
            "river_km": float(info.loc[sid, "river_km"]) if sid in info.index else np.nan,
            "datum": (datums or {}).get(sid) or "",
            "value": value.to_numpy(dtype="float64")[keep],
            "quality": df["quality"].astype(str).to_numpy()[keep] if "quality" in df else "measured",
            "source": df["source"].astype(str).to_numpy()[keep] if "source" in df else "",
            "shown": shown[keep],
        }))
    if not parts:
        return pd.DataFrame(columns=LONGITUDINAL_COLUMNS)
    return pd.concat(parts, ignore_index=True)[LONGITUDINAL_COLUMNS]


def upstream_pairs(stations: pd.DataFrame, ids) -> list[tuple[str, str]]:
    """Each of the stations ``ids`` with the next of them downstream, upstream first (the pairs whose
    travel time :func:`travel_times` works out).

    >>> st = pd.DataFrame({"station_id": ["kr", "cs", "pk"], "name": ["Kratie", "Chiang Saen", "Pakse"],
    ...                    "river_km": [522.4, 2474.8, 866.6]})
    >>> upstream_pairs(st, ["kr", "cs", "pk"]), upstream_pairs(st, ["kr"])
    ([('cs', 'pk'), ('pk', 'kr')], [])
    """
    order = [sid for sid in order_upstream(stations, ids) if sid in ids]
    return list(zip(order, order[1:]))


def _daily_change(df: pd.DataFrame) -> pd.Series:
    """Day-to-day change of a daily record on a regular daily axis (missing values as NaN)."""
    s = pd.Series(df["value"].astype("float64").to_numpy(), index=pd.DatetimeIndex(pd.to_datetime(df["date"])))
    if "quality" in df.columns:
        s[(df["quality"] == "missing").to_numpy()] = np.nan
    s = s[~s.index.duplicated()].asfreq("D")
    return s.diff()


def travel_times(series_by_station: dict, stations: pd.DataFrame, max_lag: int = 10,
                 min_days: int = 60, min_r: float = 0.3) -> pd.DataFrame:
    """Lag (days) at which each station best follows the one upstream of it.

    For consecutive stations (upstream to downstream), the day-to-day changes of the two daily
    series are correlated at lags 0..``max_lag`` (downstream later); the lag with the highest
    correlation is the travel time. Day-to-day changes remove the shared seasonal cycle. Below a
    best correlation of ``min_r`` there is no clear lag (e.g. tidal reaches): ``lag_days`` is NA.

    Returns
    -------
    pandas.DataFrame
        ``upstream, downstream, distance_km, lag_days, r, n_days`` (one row per pair with at
        least ``min_days`` common days); ``celerity_km_day`` = distance / lag (NaN at lag 0).

    Examples
    --------
    >>> days = pd.date_range("2000-01-01", periods=200)
    >>> rng = np.random.default_rng(1); up = np.cumsum(rng.normal(size=200))
    >>> a = pd.DataFrame({"date": days, "value": up, "quality": "measured"})
    >>> b = pd.DataFrame({"date": days, "value": np.r_[[0.0, 0.0], up[:-2]], "quality": "measured"})
    >>> st = pd.DataFrame({"station_id": ["a", "b"], "name": ["A", "B"], "river_km": [500.0, 300.0]})
    >>> travel_times({"a": a, "b": b}, st)[["upstream", "downstream", "lag_days", "celerity_km_day"]].values.tolist()
    [['a', 'b', 2, 100.0]]
    """
    km = stations.assign(station_id=stations["station_id"].astype(str)).set_index("station_id")["river_km"]
    cols = ["upstream", "downstream", "distance_km", "lag_days", "r", "n_days", "celerity_km_day"]
    rows = []

    def daily(df):
        # Once per (shared, read-only) record: a station is in two pairs and in many choices of stations.
        return memo.per_frame(df, "daily_change", lambda: _daily_change(df))

    for up, down in upstream_pairs(stations, series_by_station.keys()):
        if pd.isna(km.get(up)) or pd.isna(km.get(down)):
            continue
        a, b = daily(series_by_station[up]), daily(series_by_station[down])
        best = None
        if len(a) and len(b):
            # Both on one daily axis: the upstream change ``lag`` days earlier beside the downstream
            # one, on the upstream record's days (as a join of a.shift(lag) with b), without a frame per lag.
            axis = pd.date_range(min(a.index[0], b.index[0]), max(a.index[-1], b.index[-1]), freq="D")
            av, bv = a.reindex(axis).to_numpy(), b.reindex(axis).to_numpy()
            on_a = np.asarray((axis >= a.index[0]) & (axis <= a.index[-1]))
            for lag in range(min(max_lag, len(axis) - 1) + 1):
                x = np.concatenate([np.full(lag, np.nan), av[:len(av) - lag]])
                keep = on_a & ~np.isnan(x) & ~np.isnan(bv)
                n = int(keep.sum())
                if n < min_days:
                    continue
                r = float(np.corrcoef(x[keep], bv[keep])[0, 1])
                if best is None or r > best[1]:
                    best = (lag, r, n)
        if best is None:
            continue
        dist = float(km[up]) - float(km[down])
        lag = best[0] if best[1] >= min_r else None
        rows.append({"upstream": up, "downstream": down, "distance_km": dist, "lag_days": lag,
                     "r": best[1], "n_days": best[2],
                     "celerity_km_day": dist / lag if lag else np.nan})
    out = pd.DataFrame(rows, columns=cols)
    out["lag_days"] = out["lag_days"].astype("Int64")
    out["celerity_km_day"] = out["celerity_km_day"].astype("float64")
    return out
