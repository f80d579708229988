"""Selections shared by pages: countries, with the same rules on the map and in tables."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from lmc_geo import memo
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
    if not len(values):
        return pd.Series(False, index=frame.index)
    if pd.api.types.is_string_dtype(values) and not pd.api.types.is_object_dtype(values):
        return values.isin(selected).astype(bool)  # one code per row: vectorised

    def chosen(value) -> bool:
        if isinstance(value, (tuple, list, set, frozenset)):
            return bool(selected.intersection(value))
        return value in selected

    return values.map(chosen).astype(bool)


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
    chosen = memo.per_frame(frame, ("by_countries", column, frozenset(countries)),
                            lambda: _rows_of(frame, country_mask(frame, countries, column)))
    return chosen.copy(deep=False)  # the caller's own frame: copy-on-write keeps the kept one as it is


def _rows_of(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    return frame.copy(deep=False) if mask.all() else frame[mask]
