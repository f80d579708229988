"""What every card shares: numbers with units, blanks said as unknown.

Each domain builds its own card (``hydrology.cards``, ``dams.cards``, ``projects.cards``) as
(label, value) pairs of plain text; renderers show them as text, never as HTML or markdown.
"""

from __future__ import annotations

import math

import pandas as pd

from lmc_geo.i18n import format_number, t

#: The units a card writes, each a message ``unit.<name>`` that places the number.
UNITS = ("m", "km", "MW", "m_asl", "mcm")


def number_text(value, unit: str, digits: int = 0, lang: str = "en") -> str | None:
    """A number with the reader's separators and its unit (a name of :data:`UNITS`), or None when unknown.

    >>> number_text(86.49, "m_asl", 2), number_text(86.49, "m_asl", 2, "zh"), number_text(None, "m")
    ('86.49 m above sea level', '海拔 86.49 米', None)
    """
    if value is None or pd.isna(value) or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; known: {', '.join(UNITS)}")
    return t(f"unit.{unit}", lang, value=format_number(value, lang, digits))


def position_text(lat: float, lon: float, lang: str = "en") -> str:
    """A point's latitude and longitude as the reader writes them.

    >>> position_text(17.4, 104.78), position_text(17.4, 104.78, "zh")
    ('17.4000 N, 104.7800 E', '北纬 17.4000°，东经 104.7800°')
    """
    return t("unit.position", lang, lat=format_number(lat, lang, 4), lon=format_number(lon, lang, 4))


def is_blank(value) -> bool:
    """None, empty text or a missing number (NaN, NA): nothing to show.

    >>> [is_blank(v) for v in (None, "", float("nan"), pd.NA, "x", 0)]
    [True, True, True, True, False, False]
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like values are not blank
        return False


def with_unknowns(pairs: list[tuple[str, str | None]], lang: str) -> list[tuple[str, str]]:
    unknown = t("card.unknown", lang)
    return [(label, unknown if is_blank(value) else value) for label, value in pairs]


