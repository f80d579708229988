"""Selections shared by pages: countries, with the same rules on the map and in tables."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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
    # Never the frame itself: a value kept beside a frame must not keep that frame alive (lmc_geo.memo).
    return frame.copy(deep=False) if mask.all() else frame[mask]


def isin(column: pd.Series, values) -> pd.Series:
    """``column.isin(values)``, without pandas' cost for text columns: for an Arrow-backed text column
    pandas makes an Arrow scalar of every value looked for (about 6 ms for 1,000 ids, against 0.1 ms
    for Arrow's own lookup). Missing values match a missing value looked for, as in pandas.

    >>> s = pd.Series(["a", "b", None], dtype="str")
    >>> isin(s, {"b", "c"}).tolist(), isin(s, ["a", None]).tolist(), isin(pd.Series([1, 2]), [2]).tolist()
    ([False, True, False], [True, False, True], [False, True])
    """
    dtype = column.dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        return column.isin(values)
    if isinstance(values, (pd.Series, pd.Index, np.ndarray, pd.api.extensions.ExtensionArray)):
        values = pd.Series(values).astype(dtype)
        wanted = pa.array(values.array)
    else:
        looked = [v for v in values if isinstance(v, str) or v is None or (isinstance(v, float) and v != v)]
        wanted = pa.array([v if isinstance(v, str) else None for v in looked], type=pa.string())
    if not len(wanted):
        return pd.Series(False, index=column.index)
    have = pa.array(column.array)
    found = pc.is_in(have, value_set=wanted.cast(have.type))
    return pd.Series(np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool), index=column.index)
