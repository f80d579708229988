"""What every card shares: numbers with units, blanks said as unknown.

Each domain builds its own card (``hydrology.cards``, ``dams.cards``, ``projects.cards``) as
(label, value) pairs of plain text; renderers show them as text, never as HTML or markdown.
"""

from __future__ import annotations

import math

import pandas as pd

from lmc_geo.i18n import t


def number_text(value, unit: str, digits: int = 0) -> str | None:
    if value is None or pd.isna(value) or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return f"{value:,.{digits}f} {unit}".strip()


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


