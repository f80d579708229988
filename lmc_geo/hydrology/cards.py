"""The card of a gauging station: its facts as (label, value) pairs of plain text."""

from __future__ import annotations

import pandas as pd

from lmc_geo.cards import is_blank, number_text, position_text, with_unknowns
from lmc_geo.i18n import country_label, t


def station_facts(row: pd.Series, lang: str = "en") -> list[tuple[str, str]]:
    """Facts of one gauging station row of the stations layer.

    >>> r = pd.Series({"name": "Pakse", "iso2": "LA", "river": "Mekong", "mrc_id": "013901", "alarm_m": 11.0,
    ...     "flood_m": 12.0, "datum": "local gauge", "gauge_zero_m_asl": 86.49, "river_km": 866.6,
    ...     "lat": 15.1, "lon": 105.81, "coord_note": None, "has_series": True})
    >>> dict(station_facts(r))["Alarm level"]
    '11.00 m (local gauge)'
    """
    yes, no = t("card.yes", lang), t("card.no", lang)
    datum = "" if is_blank(row.get("datum")) else row.get("datum")
    return with_unknowns(
        [
            (t("card.country", lang), country_label(row["iso2"], lang)),
            (t("card.river", lang), row.get("river")),
            (t("card.mrc_id", lang), row.get("mrc_id") if isinstance(row.get("mrc_id"), str) else None),
            (
                t("card.alarm", lang),
                f"{number_text(row.get('alarm_m'), 'm', 2, lang)} ({datum})" if pd.notna(row.get("alarm_m")) else None,
            ),
            (
                t("card.flood", lang),
                f"{number_text(row.get('flood_m'), 'm', 2, lang)} ({datum})" if pd.notna(row.get("flood_m")) else None,
            ),
            (t("card.datum", lang), datum),
            (t("card.gauge_zero", lang), number_text(row.get("gauge_zero_m_asl"), "m_asl", 2, lang)),
            (t("card.river_km", lang), number_text(row.get("river_km"), "km", 0, lang)),
            (t("card.coords", lang), position_text(row['lat'], row['lon'], lang)),
            (t("card.coord_note", lang), "-" if is_blank(row.get("coord_note")) else row.get("coord_note")),
            (t("card.series", lang), yes if row.get("has_series") else no),
            (t("card.source", lang), t("source.station", lang)),
        ],
        lang,
    )
