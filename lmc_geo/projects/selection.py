"""Which projects are shown: the filters, the year choices, key figures and counts by country, theme and year."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import pandas as pd

from lmc_geo.filters import country_mask
from lmc_geo.schema import COUNTRIES, PROVENANCES, THEMES

#: Filter value standing for "year approved not published" (two documented records).
YEAR_UNKNOWN = "unknown"


def _chosen(values: Iterable[Any] | None) -> set | None:
    """The chosen values as a set, or ``None`` (no restriction) when nothing is chosen."""
    if values is None:
        return None
    chosen = set(values)
    return chosen or None


def filter_projects(
    df: pd.DataFrame,
    countries: Iterable[str] | None = None,
    themes: Iterable[str] | None = None,
    years: Iterable[int | str | None] | None = None,
    statuses: Iterable[str] | None = None,
    provenances: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The projects matching every filter; ``None`` or an empty choice means "all".

    A project in several countries is kept when any of its countries is chosen.
    ``years`` holds whole years and, for records whose year is not published,
    :data:`YEAR_UNKNOWN` (or ``None``).

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["a", "b", "c"], "countries": [("LA", "KH"), ("TH",), ("CN",)],
    ...     "theme": ["dam_safety", "dam_safety", "water_infrastructure"],
    ...     "year_approved": pd.array([2020, None, 2018], dtype="Int64"),
    ...     "status": ["approved", "unknown", "completed"],
    ...     "provenance": ["documented", "documented", "illustrative"]})
    >>> filter_projects(df, countries=["KH"]).id.tolist()
    ['a']
    >>> filter_projects(df, themes=["dam_safety"], years=[YEAR_UNKNOWN]).id.tolist()
    ['b']
    >>> filter_projects(df, provenances=[], statuses=None).id.tolist()
    ['a', 'b', 'c']
    """
    mask = pd.Series(True, index=df.index)
    chosen = _chosen(countries)
    if chosen is not None:
        mask &= country_mask(df, chosen, column="countries")
    for column, values in (("theme", themes), ("status", statuses), ("provenance", provenances)):
        chosen = _chosen(values)
        if chosen is not None:
            mask &= df[column].isin(chosen)
    chosen = _chosen(years)
    if chosen is not None:
        whole = {int(y) for y in chosen if y is not None and y != YEAR_UNKNOWN}
        year = df["year_approved"]
        hit = year.isin(whole).fillna(False).astype(bool)
        if YEAR_UNKNOWN in chosen or None in chosen:
            hit |= year.isna()
        mask &= hit
    return df[mask]


def year_options(df: pd.DataFrame) -> list[int | str]:
    """Years present, oldest first, then :data:`YEAR_UNKNOWN` if any record has no year.

    >>> year_options(pd.DataFrame({"year_approved": pd.array([2020, None, 2017], dtype="Int64")}))
    [2017, 2020, 'unknown']
    """
    years = df["year_approved"]
    options: list[int | str] = sorted(int(y) for y in years.dropna().unique())
    if years.isna().any():
        options.append(YEAR_UNKNOWN)
    return options


def key_figures(df: pd.DataFrame) -> dict:
    """Headline numbers of a selection of projects (each project counted once).

    Returns
    -------
    dict
        ``count``; ``countries`` (how many of the six have at least one project);
        ``budget`` (currency -> total of the published budgets, largest first);
        ``budget_known`` (projects with a published budget); ``documented``,
        ``illustrative`` and ``share_illustrative`` (0 to 1; 0 when empty).

    Examples
    --------
    >>> df = pd.DataFrame({"countries": [("LA", "KH"), ("LA",), ("TH",)],
    ...     "budget": [100.0, float("nan"), 50.0], "currency": ["CNY", None, "USD"],
    ...     "provenance": ["documented", "illustrative", "illustrative"]})
    >>> f = key_figures(df)
    >>> f["count"], f["countries"], f["budget"], f["budget_known"], round(f["share_illustrative"], 3)
    (3, 3, {'CNY': 100.0, 'USD': 50.0}, 2, 0.667)
    """
    count = len(df)
    present = {c for cs in df["countries"] for c in cs}
    # In plain Python (a few dozen records): the pandas group-by costs ~5 ms.
    sums: dict[str, float] = {}
    known = 0
    for amount, currency in zip(df["budget"].tolist(), df["currency"].tolist()):
        if pd.isna(amount) or pd.isna(currency):
            continue
        known += 1
        sums[str(currency)] = sums.get(str(currency), 0.0) + float(amount)
    budget = sorted(sorted(sums.items()), key=lambda kv: -kv[1])  # largest first; equal sums by currency
    illustrative = sum(p == "illustrative" for p in df["provenance"].tolist())
    return {
        "count": count,
        "countries": sum(c in present for c in COUNTRIES),
        "budget": dict(budget),
        "budget_known": known,
        "documented": count - illustrative,
        "illustrative": illustrative,
        "share_illustrative": illustrative / count if count else 0.0,
    }


def _by_provenance(frame: pd.DataFrame, column: str, order: list) -> pd.DataFrame:
    """Counts per value of ``column`` (rows in ``order``), split by provenance, with a total."""
    return _provenance_table(frame[column].tolist(), frame["provenance"].tolist(), pd.Index(order, name=column))


def _provenance_table(keys: list, provenances: list, index: pd.Index) -> pd.DataFrame:
    """Records counted per key (one row per value of ``index``), split by provenance, with a total."""
    counted = Counter(zip(keys, provenances))  # a crosstab or group-by costs 5-10 ms
    table = pd.DataFrame([[counted.get((key, p), 0) for p in PROVENANCES] for key in index],
                         index=index, columns=list(PROVENANCES), dtype=int)
    table["total"] = table[list(PROVENANCES)].sum(axis=1)
    table.columns.name = None
    return table


def counts_by_country(df: pd.DataFrame, countries: Iterable[str] | None = None) -> pd.DataFrame:
    """Projects per country (upstream to downstream), split into documented and illustrative.

    A project in several countries counts once in each of them, so the column sums can
    exceed the number of projects; ``countries`` limits the rows (default: all six).

    Examples
    --------
    >>> df = pd.DataFrame({"countries": [("LA", "KH"), ("LA",)], "provenance": ["documented", "illustrative"]})
    >>> counts_by_country(df, ["LA", "KH"]).to_dict("index")
    {'LA': {'documented': 1, 'illustrative': 1, 'total': 2}, 'KH': {'documented': 1, 'illustrative': 0, 'total': 1}}
    """
    order = country_order(countries)
    return _by_provenance(_per_country(df), "country", order)


def country_order(countries: Iterable[str] | None) -> list[str]:
    wanted = set(countries) if countries is not None else set(COUNTRIES)
    return [c for c in COUNTRIES if c in wanted]


def _per_country(df: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """One row per project and country (a project in several countries once in each)."""
    names = ["countries", "provenance", *columns]
    # As ``DataFrame.explode`` (a project without a country keeps one row, country missing), in
    # plain Python: the pandas route costs ~4 ms for the 36 projects.
    rows = [(c, *rest) for cs, *rest in zip(*(df[n].tolist() for n in names)) for c in (tuple(cs) or (None,))]
    return pd.DataFrame(rows, columns=["country", *names[1:]])


def counts_by_country_theme(df: pd.DataFrame, countries: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
    """Projects per country (rows, upstream to downstream) for each theme, as :func:`counts_by_country`.

    Returns theme -> table (documented, illustrative, total), every theme of the schema.

    Examples
    --------
    >>> df = pd.DataFrame({"countries": [("LA", "KH"), ("LA",)], "theme": ["dam_safety"] * 2,
    ...     "provenance": ["documented", "illustrative"]})
    >>> counts_by_country_theme(df, ["LA", "KH"])["dam_safety"].to_dict("index")["LA"]
    {'documented': 1, 'illustrative': 1, 'total': 2}
    """
    order = country_order(countries)
    exploded = _per_country(df, "theme")
    return {theme: _by_provenance(exploded[exploded["theme"] == theme], "country", order) for theme in THEMES}


def counts_by_theme(df: pd.DataFrame) -> pd.DataFrame:
    """Projects per theme (the five themes in schema order), documented/illustrative/total."""
    return _by_provenance(df, "theme", list(THEMES))


def counts_by_year(df: pd.DataFrame) -> pd.DataFrame:
    """Projects per year approved and theme: index (year or :data:`YEAR_UNKNOWN`, theme).

    Columns documented, illustrative and total; only years present, oldest first.
    """
    years = year_options(df)
    approved = [YEAR_UNKNOWN if pd.isna(y) else int(y) for y in df["year_approved"].tolist()]
    index = pd.MultiIndex.from_product([years, list(THEMES)], names=["year", "theme"])
    return _provenance_table(list(zip(approved, df["theme"].tolist())), df["provenance"].tolist(), index)
