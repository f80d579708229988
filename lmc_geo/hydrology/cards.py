"""The card of a gauging station: its facts as (label, value) pairs of plain text."""

from __future__ import annotations

import pandas as pd

from lmc_geo.cards import is_blank, number_text, position_text, with_unknowns
from lmc_geo.i18n import country_label, t


def other_stage_facts(row, lang: str = "en") -> list[tuple[str, str]]:
    """Stages another source gives differently, beside the one the map uses.

    >>> other_stage_facts({"other_stages": "flood_m=11.8:older press reports", "flood_m": 12.8})
    [('Flood level in another source', '11.80 m (older press reports); the map uses 12.80 m (MRC)')]
    """
    facts = []
    for item in str(row.get("other_stages") or "").split(";"):
        if "=" not in item or ":" not in item:
            continue
        stage, rest = item.split("=", 1)
        value, source = rest.split(":", 1)
        label = {"flood_m": "card.other_flood", "alarm_m": "card.other_alarm"}.get(stage)
        if label is None:
            continue
        used = number_text(row.get(stage), "m", 2, lang) or t("card.unknown", lang)
        facts.append((t(label, lang), t("card.other_stage_value", lang, value=number_text(float(value), "m", 2, lang),
                                         source=source, used=used)))
    return facts


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
            (t("card.river_distance", lang), number_text(row.get("river_distance_km"), "km", 1, lang)),
            *([(t("card.place_distance", lang, place=row.get("place")),
                number_text(row.get("place_distance_km"), "km", 1, lang))] if not is_blank(row.get("place")) else []),
            *([(t("card.position_check", lang), t("card.position_far", lang, km=number_text(
                row.get("river_distance_km"), "km", 1, lang)))]
              if "far_from" in str(row.get("position_check") or "") else []),
            *other_stage_facts(row, lang),
            (t("card.series", lang), yes if row.get("has_series") else no),
            (t("card.source", lang), t("source.station", lang)),
        ],
        lang,
    )
