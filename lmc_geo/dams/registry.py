"""Dams: filters, key figures, the mainstream cascade, accumulation by year, source conflicts.

Plain pandas on the dams layer (Ang et al. 2024, ``data/layers/dams.parquet``); no Streamlit.
Unknown values stay unknown: a dam without capacity, year or coordinates is kept in every
table and left out only of the chart that cannot draw it, and each function says how many.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from lmc_geo import database, paths
from lmc_geo.filters import country_mask, isin
from lmc_geo.i18n import Text, t
from lmc_geo.schema import COUNTRIES, DAM_STATUSES
from lmc_geo.text import guard_formula
from lmc_geo.validate import DataFileError, check_columns

#: Length of the HydroRIVERS v1.0 Lancang-Mekong main stem from source to sea (km): the largest
#: ``DIST_DN_KM + LENGTH_KM`` of its reaches. ``river_km`` (distance to the sea) is measured on
#: the same line, so distance from the source = this length - ``river_km``.
MAINSTREAM_LENGTH_KM = 4788.7

#: Year of the database's statuses (Ang et al. 2024: statuses as of 2023). Later completion
#: years are expected dates of planned or under-construction dams.
DATABASE_YEAR = 2023

#: The value used by the filters for a dam without a sub-basin.
NO_SUB_BASIN = ""

#: File of source values (built by ``make data`` from the reference data).
SOURCE_VALUE_COLUMNS = [
    "dam_id",
    "name",
    "iso2",
    "quantity",
    "unit",
    "value",
    "source",
    "source_url",
    "matched_by",
    "note",
]

#: Units of the dam quantities, for tables and charts.
UNITS = {"capacity_mw": "MW", "reservoir_volume_mcm": "million m³", "completion_year": "year", "height_m": "m",
         "elevation_m": "m above sea level", "river_km": "km"}
#: The message (``unit.<name>``) that writes each quantity with its unit in the reader's language.
UNIT_MESSAGES = {"capacity_mw": "MW", "reservoir_volume_mcm": "mcm", "height_m": "m", "elevation_m": "m_asl",
                 "river_km": "km"}


def _known(series: pd.Series) -> pd.Series:
    """True where a numeric value is present and finite."""
    values = pd.to_numeric(series, errors="coerce").astype("float64")
    return values.notna() & np.isfinite(values.fillna(0.0))


def has_coordinates(df: pd.DataFrame) -> pd.Series:
    """True where latitude and longitude are both known and in range.

    >>> has_coordinates(pd.DataFrame({"lat": [20.0, None, 95.0], "lon": [100.0, 101.0, 100.0]})).tolist()
    [True, False, False]
    """
    lat = pd.to_numeric(df["lat"], errors="coerce")
    lon = pd.to_numeric(df["lon"], errors="coerce")
    return (_known(lat) & _known(lon) & lat.between(-90, 90) & lon.between(-180, 180)).astype(bool)


def filter_dams(
    df: pd.DataFrame,
    countries: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    uses: Iterable[str] | None = None,
    sub_basins: Iterable[str] | None = None,
    capacity_range: tuple[float, float] | None = None,
    mainstream_only: bool = False,
    keep_unknown_capacity: bool = True,
) -> pd.DataFrame:
    """Dams matching every given filter (``None`` = no filter on that field).

    Parameters
    ----------
    countries, statuses, uses : iterable of str, optional
        ISO alpha-2 codes; statuses as in :data:`lmc_geo.schema.DAM_STATUSES`; primary uses.
    sub_basins : iterable of str, optional
        Sub-basin names; :data:`NO_SUB_BASIN` selects dams without one.
    capacity_range : (min, max), optional
        Installed capacity in MW, both ends included.
    mainstream_only : bool
        Only dams on the Lancang-Mekong main stem.
    keep_unknown_capacity : bool
        Keep dams of unknown capacity when a capacity range is given (they cannot be said
        to be outside it).

    >>> df = pd.DataFrame({"iso2": ["CN", "LA", "LA"], "status": ["Operational", "Planned", "Operational"],
    ...     "use_primary": ["Hydropower"] * 3, "sub_basin": ["Lancang", None, "Nam Ou"],
    ...     "capacity_mw": [5850.0, None, 180.0], "mainstream": [True, True, False]})
    >>> len(filter_dams(df, countries=["LA"])), len(filter_dams(df, capacity_range=(100, 1000)))
    (2, 2)
    >>> len(filter_dams(df, capacity_range=(100, 1000), keep_unknown_capacity=False))
    1
    >>> filter_dams(df, sub_basins=[NO_SUB_BASIN]).status.tolist(), len(filter_dams(df, mainstream_only=True))
    (['Planned'], 2)
    """
    mask = pd.Series(True, index=df.index)
    if countries is not None:
        mask &= country_mask(df, countries)
    if statuses is not None:
        mask &= df["status"].isin(list(statuses))
    if uses is not None:
        mask &= df["use_primary"].isin(list(uses))
    if sub_basins is not None:
        wanted = list(sub_basins)
        mask &= df["sub_basin"].fillna(NO_SUB_BASIN).isin(wanted)
    if capacity_range is not None:
        lo, hi = capacity_range
        capacity = pd.to_numeric(df["capacity_mw"], errors="coerce")
        inside = capacity.between(lo, hi).fillna(False).astype(bool)
        if keep_unknown_capacity:
            inside |= ~_known(capacity)
        mask &= inside
    if mainstream_only:
        mask &= df["mainstream"].fillna(False).astype(bool)
    return df[mask.astype(bool)]


def key_figures(df: pd.DataFrame) -> dict[str, float | int]:
    """Count, installed capacity (MW), reservoir storage (million m³), and how many are unknown.

    Sums are over the dams whose value is known; the ``unknown_*`` counts say how many were not.

    >>> df = pd.DataFrame({"capacity_mw": [100.0, None], "reservoir_volume_mcm": [None, None],
    ...     "completion_year": [2010, None], "lat": [20.0, None], "lon": [100.0, None]})
    >>> kf = key_figures(df)
    >>> kf["count"], kf["capacity_mw"], kf["storage_mcm"], kf["unknown_capacity"], kf["unknown_coordinates"]
    (2, 100.0, 0.0, 1, 1)
    """
    capacity = pd.to_numeric(df["capacity_mw"], errors="coerce")
    storage = pd.to_numeric(df["reservoir_volume_mcm"], errors="coerce")
    return {
        "count": int(len(df)),
        "capacity_mw": float(capacity[_known(capacity)].sum()),
        "storage_mcm": float(storage[_known(storage)].sum()),
        "unknown_capacity": int((~_known(capacity)).sum()),
        "unknown_storage": int((~_known(storage)).sum()),
        "unknown_year": int((~_known(df["completion_year"])).sum()),
        "unknown_coordinates": int((~has_coordinates(df)).sum()),
    }


# ---------------------------------------------------------------- the mainstream cascade
def distance_from_source(river_km: pd.Series | float, length_km: float = MAINSTREAM_LENGTH_KM):
    """Distance from the source (km) from the distance to the sea along the same line.

    >>> distance_from_source(4788.7), distance_from_source(0.0)
    (0.0, 4788.7)
    """
    return (length_km - river_km) if not isinstance(river_km, pd.Series) else (length_km - river_km).round(1)


@dataclass(frozen=True)
class Cascade:
    """Mainstream dams placed source to sea, and those that cannot be placed (and why)."""

    dams: pd.DataFrame
    left_out: pd.DataFrame = field(default_factory=pd.DataFrame)

    def reasons(self) -> dict[str, int]:
        """Number of dams left out per missing field (a dam may miss both)."""
        if self.left_out.empty:
            return {}
        return {col: int((~_known(self.left_out[col])).sum()) for col in ("river_km", "elevation_m")
                if (~_known(self.left_out[col])).any()}


def cascade(df: pd.DataFrame, length_km: float = MAINSTREAM_LENGTH_KM) -> Cascade:
    """Mainstream dams ordered from source to sea, with ``distance_from_source_km``.

    A dam needs its river kilometre and elevation to be placed; the others are in
    ``left_out``. Capacity may be unknown (the chart draws the smallest symbol).

    >>> df = pd.DataFrame({"name": ["Sambor", "Xiaowan", "Tributary", "Nowhere"],
    ...     "mainstream": [True, True, False, True], "river_km": [557.5, 3302.7, None, None],
    ...     "elevation_m": [17, 1049, 300, 500]})
    >>> c = cascade(df)
    >>> c.dams.name.tolist(), c.dams.distance_from_source_km.tolist(), c.left_out.name.tolist()
    (['Xiaowan', 'Sambor'], [1486.0, 4231.2], ['Nowhere'])
    >>> c.reasons()
    {'river_km': 1}
    """
    main = df[df["mainstream"].fillna(False).astype(bool)]
    placeable = _known(main["river_km"]) & _known(main["elevation_m"])
    placed = main[placeable].copy()
    placed["distance_from_source_km"] = distance_from_source(pd.to_numeric(placed["river_km"]).astype(float), length_km)
    placed = placed.sort_values(["distance_from_source_km", "dam_id" if "dam_id" in placed else "name"])
    return Cascade(placed.reset_index(drop=True), main[~placeable].reset_index(drop=True))


def country_reaches(
    line,
    countries: pd.DataFrame,
    control: pd.DataFrame,
    length_km: float = MAINSTREAM_LENGTH_KM,
    step_km: float = 2.0,
    border_km: float = 3.0,
    min_reach_km: float = 25.0,
) -> pd.DataFrame:
    """Reaches of the main stem by country (and border reaches), in km from the source.

    The line (the simplified mainstream of the rivers layer, source to sea) is sampled every
    ``step_km``; each sample takes the countries within ``border_km`` (two countries = a
    border reach, e.g. Laos/Thailand). Positions along the simplified line are mapped to the
    distance used by the dams through ``control`` points with known ``river_km`` (gauges
    and dams on the main stem), so reach ends line up with the dams.

    Parameters
    ----------
    line : shapely LineString (EPSG:4326)
    countries : GeoDataFrame with ``iso2`` (the six LMC countries are used)
    control : DataFrame with ``lat, lon, river_km``

    Returns
    -------
    DataFrame with ``countries`` (tuple of ISO codes, upstream first), ``start_km``, ``end_km``.
    """

    utm = "EPSG:32648"
    lmc = countries[countries["iso2"].isin(COUNTRIES)]
    geom = gpd.GeoSeries([line], crs="EPSG:4326").to_crs(utm).iloc[0]
    polys = lmc.to_crs(utm)
    total = geom.length
    n = max(2, int(total / (step_km * 1000)) + 1)
    along = np.linspace(0.0, total, n)
    points = shapely.line_interpolate_point(geom, along)
    near = np.array([shapely.distance(points, p) <= border_km * 1000 for p in polys.geometry.values])
    codes = polys["iso2"].to_numpy()
    order = {c: i for i, c in enumerate(COUNTRIES)}
    labels = [tuple(sorted(codes[near[:, j]], key=order.get)) for j in range(n)]

    # Along-line metres -> distance from source (km), through the control points.
    ctrl = control[_known(control["river_km"]) & has_coordinates(control)]
    x_line, x_km = [0.0, total], [0.0, length_km]
    if len(ctrl):
        pts = gpd.GeoSeries(gpd.points_from_xy(ctrl["lon"], ctrl["lat"]), crs="EPSG:4326").to_crs(utm)
        proj = shapely.line_locate_point(geom, pts.values)
        km = length_km - pd.to_numeric(ctrl["river_km"]).to_numpy(dtype=float)
        pairs = sorted(zip(proj, km))
        x_line, x_km = [0.0], [0.0]
        for a, b in pairs:  # keep the mapping monotone: drop control points that go backwards
            if a > x_line[-1] and b > x_km[-1] and b < length_km:
                x_line.append(a)
                x_km.append(b)
        x_line.append(total)
        x_km.append(length_km)
    dist = np.interp(along, x_line, x_km)

    runs: list[list] = []
    for j, lab in enumerate(labels):
        if not lab:
            lab = runs[-1][0] if runs else ()
        if runs and runs[-1][0] == lab:
            runs[-1][2] = dist[j]
        else:
            runs.append([lab, dist[j - 1] if j else 0.0, dist[j]])
    # Merge short runs (simplified borders wobble) into their longer neighbour.
    merged: list[list] = []
    for run in runs:
        if merged and (run[2] - run[1] < min_reach_km or not run[0]):
            merged[-1][2] = run[2]
        elif merged and merged[-1][2] - merged[-1][1] < min_reach_km:
            merged[-1] = [run[0], merged[-1][1], run[2]]
        else:
            merged.append(run)
    clean: list[list] = []
    for run in merged:
        if clean and clean[-1][0] == run[0]:
            clean[-1][2] = run[2]
        else:
            clean.append(run)
    if clean:
        clean[-1][2] = length_km
    return pd.DataFrame(
        [
            {"countries": tuple(r[0][:2]), "start_km": round(float(r[1]), 1), "end_km": round(float(r[2]), 1)}
            for r in clean
        ]
    )


# ---------------------------------------------------------------- accumulation by year
@dataclass(frozen=True)
class Accumulation:
    """Cumulative ``value`` by year and country, plus what could not be placed in time.

    ``table``: ``year, iso2, added, cumulative`` for every year of the range and every country
    with data (so the series stack). ``unknown_year``: dams with a value but no completion year.
    ``left_out``: reason -> number of dams not counted (unknown value, cancelled).
    """

    value: str
    table: pd.DataFrame
    unknown_year: pd.DataFrame
    left_out: dict[str, int]


def accumulate_by_year(df: pd.DataFrame, value: str = "capacity_mw") -> Accumulation:
    """Cumulative installed capacity (or storage) by completion year, per country.

    Cancelled dams were never built and are not counted; a closed dam is subtracted in its
    closure year when that is known. Dams with a value but no completion year are returned
    in ``unknown_year`` (not silently dropped); dams without the value are counted in ``left_out``.

    >>> df = pd.DataFrame({"dam_id": ["a", "b", "c", "d", "e"], "iso2": ["CN", "LA", "CN", "LA", "TH"],
    ...     "status": ["Operational", "Operational", "Operational", "Cancelled", "Operational"],
    ...     "completion_year": [1995, 2000, None, 2001, 1998], "closure_year": [None] * 5,
    ...     "capacity_mw": [1500.0, 200.0, 90.0, 300.0, None]})
    >>> acc = accumulate_by_year(df)
    >>> acc.table.groupby("year").cumulative.sum().to_dict()
    {1995: 1500.0, 1996: 1500.0, 1997: 1500.0, 1998: 1500.0, 1999: 1500.0, 2000: 1700.0}
    >>> acc.unknown_year.dam_id.tolist(), acc.left_out
    (['c'], {'cancelled': 1, 'unknown_value': 1})
    """
    cancelled = df["status"].eq("Cancelled")
    has_value = _known(df[value])
    left_out = {"cancelled": int(cancelled.sum()), "unknown_value": int((~has_value & ~cancelled).sum())}
    built = df[has_value & ~cancelled]
    has_year = _known(built["completion_year"])
    unknown_year = built[~has_year].reset_index(drop=True)
    dated = built[has_year]
    events = pd.DataFrame(
        {"year": pd.to_numeric(dated["completion_year"]).astype(int), "iso2": dated["iso2"],
         "added": pd.to_numeric(dated[value]).astype(float)}
    )
    if "closure_year" in dated:
        closed = dated[dated["status"].eq("Closed") & _known(dated["closure_year"])]
        events = pd.concat([events, pd.DataFrame(
            {"year": pd.to_numeric(closed["closure_year"]).astype(int), "iso2": closed["iso2"],
             "added": -pd.to_numeric(closed[value]).astype(float)})], ignore_index=True)
    left_out = {k: v for k, v in left_out.items() if v}
    if events.empty:
        return Accumulation(
            value, pd.DataFrame(columns=["year", "iso2", "added", "cumulative"]), unknown_year, left_out
        )
    years = range(int(events["year"].min()), int(events["year"].max()) + 1)
    present = [c for c in COUNTRIES if c in set(events["iso2"])]
    added = events.groupby(["iso2", "year"])["added"].sum()
    grid = pd.MultiIndex.from_product([present, list(years)], names=["iso2", "year"])
    table = added.reindex(grid, fill_value=0.0).reset_index()
    table["cumulative"] = table.groupby("iso2")["added"].cumsum().round(3)
    table = table[["year", "iso2", "added", "cumulative"]].sort_values(["year", "iso2"], key=_country_key)
    return Accumulation(value, table.reset_index(drop=True), unknown_year, left_out)


def _country_key(column: pd.Series) -> pd.Series:
    if column.name == "iso2":
        return column.map({c: i for i, c in enumerate(COUNTRIES)})
    return column


# ---------------------------------------------------------------- where sources disagree


def read_source_values(base: Path | None = None) -> pd.DataFrame:
    """Every dam quantity on which sources disagree, one row per source (long format).

    Raises
    ------
    DataFileError
        Naming the file when it is missing, unreadable or lacks a column.
    """
    path = paths.dam_source_values_path(base)
    if not database.data_exists(path):
        raise DataFileError(path, Text.of("datafile.not_found"))
    try:
        frame = pd.read_csv(io.BytesIO(database.data_bytes(path)), dtype={"dam_id": str, "name": str, "iso2": str},
                            keep_default_na=False,
                            na_values=[""])
    except Exception as exc:  # pandas raises several types for a malformed CSV
        raise DataFileError(path, Text.of("datafile.unreadable", kind="CSV"), f"{type(exc).__name__}: {exc}") from exc
    check_columns(frame, SOURCE_VALUE_COLUMNS, path)
    values = pd.to_numeric(frame["value"], errors="coerce")
    bad = frame.index[values.isna()]
    if len(bad):
        rows = ", ".join(str(i + 2) for i in bad[:10])
        raise DataFileError(path, Text.of("datafile.non_numeric", lines=rows))
    frame["value"] = values
    return frame


def source_conflicts(values: pd.DataFrame | None = None, dam_ids: Iterable[str] | None = None,
                     base: Path | None = None) -> pd.DataFrame:
    """One row per dam and quantity where sources disagree, with every value and its source.

    Columns: ``dam_id, name, iso2, quantity, unit, values`` where ``values`` is a list of
    ``(value, source, source_url, note)`` with the atlas' own source first, and ``text``,
    e.g. ``"1,140 million m³ (Ang et al. ...; Open Development Mekong ...) vs 249 million m³ (Wikipedia ...)"``
    (sources giving the same value named together).

    >>> v = pd.DataFrame({"dam_id": ["J"] * 3, "name": ["Jinghong"] * 3, "iso2": ["CN"] * 3,
    ...     "quantity": ["reservoir_volume_mcm"] * 3, "unit": ["million m³"] * 3, "value": [1140.0, 1140.0, 249.0],
    ...     "source": ["Ang", "ODM", "Wiki"], "source_url": ["u1", "u2", "u3"], "matched_by": [""] * 3,
    ...     "note": [""] * 3})
    >>> source_conflicts(v).text.iloc[0]
    '1,140 million m³ (Ang; ODM) vs 249 million m³ (Wiki)'
    """
    values = read_source_values(base) if values is None else values
    if dam_ids is not None:
        values = values[isin(values["dam_id"], set(dam_ids))]
    rows = []
    for (dam_id, quantity), group in values.groupby(["dam_id", "quantity"], sort=True):
        first = group.iloc[0]
        entries = [
            (float(r.value), r.source, r.source_url if isinstance(r.source_url, str) else "",
             r.note if isinstance(r.note, str) else "")
            for r in group.itertuples(index=False)
        ]
        text = conflict_text(entries, quantity)
        rows.append({"dam_id": dam_id, "name": first["name"], "iso2": first["iso2"], "quantity": quantity,
                     "unit": first["unit"], "values": entries, "text": text})
    return pd.DataFrame(rows, columns=CONFLICT_COLUMNS)


CONFLICT_COLUMNS = ["dam_id", "name", "iso2", "quantity", "unit", "values", "text"]


def conflicts_of(conflicts: pd.DataFrame | None, dam_id) -> pd.DataFrame:
    """The rows of ``conflicts`` (:func:`source_conflicts`) for one dam; empty when there are none.

    >>> c = pd.DataFrame({"dam_id": ["J", "M"], "text": ["a", "b"]})
    >>> conflicts_of(c, "M").text.tolist(), len(conflicts_of(None, "M"))
    (['b'], 0)
    """
    if conflicts is None or dam_id is None:
        return pd.DataFrame(columns=CONFLICT_COLUMNS)
    return conflicts[conflicts["dam_id"] == str(dam_id)]


def is_expected_year(year) -> pd.Series | bool:
    """True for a completion year after :data:`DATABASE_YEAR`: an expected date, not a fact.

    >>> is_expected_year(2030), is_expected_year(2023), is_expected_year(None)
    (True, False, False)
    >>> is_expected_year(pd.Series([2019, 2027, None])).tolist()
    [False, True, False]
    """
    if isinstance(year, pd.Series):
        return (pd.to_numeric(year, errors="coerce") > DATABASE_YEAR).fillna(False).astype(bool)
    try:
        return bool(year is not None and not pd.isna(year) and float(year) > DATABASE_YEAR)
    except (TypeError, ValueError):
        return False


def format_value(value: float, quantity: str, lang: str = "en") -> str:
    """A value with thousands separators and its unit, in the reader's language.

    >>> format_value(23703.0, "reservoir_volume_mcm"), format_value(2012.0, "completion_year")
    ('23,703 million m³', '2012')
    >>> format_value(0.8, "reservoir_volume_mcm"), format_value(0.8, "reservoir_volume_mcm", "zh")
    ('0.8 million m³', '0.8 百万立方米')
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if quantity == "completion_year":
        return str(int(value))
    digits = 0 if abs(value) >= 100 or float(value).is_integer() else (1 if abs(value) >= 1 else 2)
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return t(f"unit.{UNIT_MESSAGES[quantity]}", lang, value=text) if quantity in UNIT_MESSAGES else text


def conflict_text(values: list[tuple], quantity: str, lang: str = "en") -> str:
    """Sources' differing values, each with the sources that give it: ``1,140 million m³ (Ang; ODM) vs 249 ...``.

    >>> conflict_text([(1140.0, "Ang", "", ""), (1140.0, "ODM", "", ""), (249.0, "Wiki", "", "")],
    ...               "reservoir_volume_mcm", "zh")
    '1,140 百万立方米（Ang；ODM） 对比 249 百万立方米（Wiki）'
    """
    by_value: dict[float, list[str]] = {}
    for v, s, _, _ in values:  # sources giving the same value are named together
        if s not in by_value.setdefault(v, []):
            by_value[v].append(s)
    parts = [t("dams.conflict.value", lang, value=format_value(v, quantity, lang), sources=t("dams.conflict.and", lang)
               .join(s)) for v, s in by_value.items()]
    return t("dams.conflict.versus", lang).join(parts)


def table_columns() -> list[str]:
    """Columns of the dams table, in order (the table and its CSV export)."""
    return ["dam_id", "name", "iso2", "status", "river", "sub_basin", "use_primary", "capacity_mw",
            "reservoir_volume_mcm", "height_m", "completion_year", "year_expected", "mainstream", "river_km", "lat",
            "lon", "missing", "conflicts", "refs"]


def dams_table(df: pd.DataFrame, conflicts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The dams table: every dam, unknown values left blank and named in ``missing``.

    ``conflicts`` (from :func:`source_conflicts`) adds the quantities sources disagree on;
    ``year_expected`` is true where the completion year is after :data:`DATABASE_YEAR`.

    >>> df = pd.DataFrame({"dam_id": ["a"], "name": ["X"], "iso2": ["LA"], "status": ["Planned"], "river": [None],
    ...     "sub_basin": [None], "use_primary": ["Hydropower"], "capacity_mw": [None], "reservoir_volume_mcm": [5.0],
    ...     "height_m": [None], "completion_year": [None], "mainstream": [False], "river_km": [None],
    ...     "lat": [18.0], "lon": [None], "refs": [""]})
    >>> dams_table(df).missing.iloc[0]
    'capacity, year, position'
    """
    out = df.copy()
    missing = pd.DataFrame(
        {"capacity": ~_known(out["capacity_mw"]), "year": ~_known(out["completion_year"]),
         "position": ~has_coordinates(out)}, index=out.index)
    out["missing"] = missing.apply(lambda r: ", ".join(k for k, v in r.items() if v), axis=1) if len(out) else ""
    out["year_expected"] = is_expected_year(out["completion_year"])
    if conflicts is not None and len(conflicts):
        names = {"capacity_mw": "capacity", "reservoir_volume_mcm": "storage", "completion_year": "year"}
        by_dam = conflicts.groupby("dam_id")["quantity"].apply(lambda q: ", ".join(names.get(x, x) for x in q))
        out["conflicts"] = out["dam_id"].map(by_dam).fillna("")
    else:
        out["conflicts"] = ""
    for col in table_columns():
        if col not in out:
            out[col] = None
    return pd.DataFrame(out[table_columns()]).reset_index(drop=True)


def table_csv(table: pd.DataFrame) -> bytes:
    """The dams table as CSV (UTF-8 with a byte-order mark, so Excel reads Chinese names).

    Text cells that a spreadsheet would read as a formula get a leading single quote
    (:func:`lmc_geo.text.guard_formula`, the same guard as the project export);
    numbers are written as numbers.

    >>> df = pd.DataFrame({"name": ["@SUM(A1)", "Nam Ou 1"], "capacity_mw": [-1.5, 180.0]})
    >>> table_csv(df).decode("utf-8-sig").splitlines()
    ['name,capacity_mw', "'@SUM(A1),-1.5", 'Nam Ou 1,180.0']
    """

    out = table.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(guard_formula)
    return ("\ufeff" + out.to_csv(index=False)).encode("utf-8")


def mainstream_reaches(rivers: gpd.GeoDataFrame | None, countries: gpd.GeoDataFrame | None,
                       *control_layers: pd.DataFrame | None) -> pd.DataFrame | None:
    """:func:`country_reaches` of the mainstream in the rivers layer, pinned by the ``river_km`` of the
    control layers given (dams, stations); None when the rivers or countries layer is missing."""
    if rivers is None or countries is None:
        return None
    main = rivers[rivers["kind"] == "mainstream"]
    if main.empty:
        return None
    control = [f[["lat", "lon", "river_km"]] for f in control_layers if f is not None and "river_km" in f]
    control = pd.concat(control, ignore_index=True) if control else pd.DataFrame(columns=["lat", "lon", "river_km"])
    return country_reaches(main.geometry.iloc[0], countries, control)


def filter_options(layer: pd.DataFrame) -> dict[str, list[str]]:
    """The Dams page's filter choices: statuses (catalogue order), uses and sub-basins found in ``layer``."""
    uses = sorted(u for u in layer["use_primary"].dropna().unique())
    subs = sorted(s for s in layer["sub_basin"].dropna().unique())
    if layer["sub_basin"].isna().any():
        subs.append(NO_SUB_BASIN)
    statuses = [s for s in DAM_STATUSES if s in set(layer["status"])]
    return {"status": statuses, "use": uses, "sub_basin": subs}
