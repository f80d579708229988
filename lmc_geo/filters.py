"""Selections shared by pages: countries, with the same rules on the map and in tables."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from lmc_geo.schema import COUNTRIES


def normalise_countries(codes: Iterable[str] | None) -> tuple[str, ...]:
    """Valid LMC codes from any input, in upstream-to-downstream order; all six when empty.

    >>> normalise_countries(["vn", "CN", "XX"])
    ('CN', 'VN')
    >>> normalise_countries([])
    ('CN', 'MM', 'LA', 'TH', 'KH', 'VN')
    """
    wanted = {str(c).strip().upper() for c in (codes or [])}
    chosen = tuple(c for c in COUNTRIES if c in wanted)
    return chosen or COUNTRIES


def country_mask(frame: pd.DataFrame, countries: Iterable[str], column: str = "iso2") -> pd.Series:
    """True for the rows whose country is selected: the one rule every layer and table selects by.

    ``column`` holds one ISO code per row (stations, dams) or a tuple of codes (a project in
    several countries, kept when any of its countries is selected).

    >>> p = pd.DataFrame({"countries": [("KH", "LA"), ("TH",), ()]})
    >>> country_mask(p, ["LA"], column="countries").tolist()
    [True, False, False]
    """
    selected = set(countries)
    values = frame[column]

    def chosen(value) -> bool:
        if isinstance(value, (tuple, list, set, frozenset)):
            return bool(selected.intersection(value))
        return value in selected

    return values.map(chosen).astype(bool) if len(values) else pd.Series(False, index=frame.index)


def by_countries(frame: pd.DataFrame, countries: Iterable[str], column: str = "iso2") -> pd.DataFrame:
    """Rows whose country (a code, or a tuple of codes for multi-country projects) is selected.

    A project in several countries is kept when any of its countries is selected.

    >>> df = pd.DataFrame({"iso2": ["CN", "LA", "VN"], "v": [1, 2, 3]})
    >>> by_countries(df, ["LA", "VN"]).v.tolist()
    [2, 3]
    >>> p = pd.DataFrame({"countries": [("KH", "LA"), ("TH",)]})
    >>> len(by_countries(p, ["LA"], column="countries"))
    1
    """
    return frame[country_mask(frame, countries, column)]
