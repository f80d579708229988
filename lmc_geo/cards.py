"""Key facts of a station, dam or project as (label, value) pairs, ready for any renderer.

Values are plain text; renderers must show them as text (never as HTML/markdown).
"""

from __future__ import annotations

import html
import math
import re

import pandas as pd

from lmc_geo.i18n import t


def _num(value, unit: str, digits: int = 0) -> str | None:
    if value is None or pd.isna(value) or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return f"{value:,.{digits}f} {unit}".strip()


def _blank(value) -> bool:
    """None, empty text or a missing number (NaN, NA): nothing to show.

    >>> [_blank(v) for v in (None, "", float("nan"), pd.NA, "x", 0)]
    [True, True, True, True, False, False]
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like values are not blank
        return False


def _keep(pairs: list[tuple[str, str | None]], lang: str) -> list[tuple[str, str]]:
    unknown = t("card.unknown", lang)
    return [(label, unknown if _blank(value) else value) for label, value in pairs]


def station_facts(row: pd.Series, lang: str = "en") -> list[tuple[str, str]]:
    """Facts of one gauging station row of the stations layer.

    >>> r = pd.Series({"name": "Pakse", "iso2": "LA", "river": "Mekong", "mrc_id": "013901", "alarm_m": 11.0,
    ...     "flood_m": 12.0, "datum": "local gauge", "gauge_zero_m_asl": 86.49, "river_km": 866.6,
    ...     "lat": 15.1, "lon": 105.81, "coord_note": None, "has_series": True})
    >>> dict(station_facts(r))["Alarm level"]
    '11.00 m (local gauge)'
    """
    yes, no = t("card.yes", lang), t("card.no", lang)
    datum = "" if _blank(row.get("datum")) else row.get("datum")
    return _keep(
        [
            (t("card.country", lang), t(f"country.{row['iso2']}", lang)),
            (t("card.river", lang), row.get("river")),
            (t("card.mrc_id", lang), row.get("mrc_id") if isinstance(row.get("mrc_id"), str) else None),
            (t("card.alarm", lang), f"{_num(row.get('alarm_m'), 'm', 2)} ({datum})" if pd.notna(row.get("alarm_m")) else None),
            (t("card.flood", lang), f"{_num(row.get('flood_m'), 'm', 2)} ({datum})" if pd.notna(row.get("flood_m")) else None),
            (t("card.datum", lang), datum),
            (t("card.gauge_zero", lang), _num(row.get("gauge_zero_m_asl"), "m above sea level", 2)),
            (t("card.river_km", lang), _num(row.get("river_km"), "km")),
            (t("card.coords", lang), f"{row['lat']:.4f} N, {row['lon']:.4f} E"),
            (t("card.coord_note", lang), "-" if _blank(row.get("coord_note")) else row.get("coord_note")),
            (t("card.series", lang), yes if row.get("has_series") else no),
            (t("card.source", lang), t("source.station", lang)),
        ],
        lang,
    )


def dam_facts(row: pd.Series, lang: str = "en") -> list[tuple[str, str]]:
    """Facts of one dam row of the dams layer (Ang et al. 2024), unknowns said as such.

    A completion year after the database year (2023) is marked expected. Where sources
    disagree on a value (``data/layers/dam_source_values.csv``), one more line per quantity
    gives every value with its source; without that file the card simply has no such line.
    """
    from lmc_geo.dams import registry as dams

    yes, no = t("card.yes", lang), t("card.no", lang)
    year = row.get("completion_year")
    year_text = None
    if year is not None and pd.notna(year):
        year_text = str(int(year))
        if dams.is_expected_year(year):
            year_text += f" ({t('dams.year_expected', lang)})"
    differ = [
        (t("dams.card.sources_differ", lang, quantity=t(f"dams.quantity.{c.quantity}", lang)), c.text)
        for c in dams.conflicts_of(row.get("dam_id")).itertuples(index=False)
    ]
    return _keep(
        [
            (t("card.country", lang), t(f"country.{row['iso2']}", lang)),
            (t("card.river", lang), row.get("river")),
            (t("card.sub_basin", lang), row.get("sub_basin")),
            (t("card.status", lang), t("status." + str(row.get("status")), lang)),
            (t("card.capacity", lang), _num(row.get("capacity_mw"), "MW")),
            (t("card.storage", lang), _num(row.get("reservoir_volume_mcm"), "million m3")),
            (t("card.height", lang), _num(row.get("height_m"), "m")),
            (t("card.year", lang), year_text),
            (t("card.use", lang), row.get("use_primary")),
            (t("card.mainstream", lang), yes if row.get("mainstream") else no),
            (t("card.coords", lang), f"{row['lat']:.4f} N, {row['lon']:.4f} E"),
            (t("card.source", lang), t("source.dam", lang) + (f"; references: {row['refs']}" if row.get("refs") else "")),
            *differ,
        ],
        lang,
    )


def project_facts(row: pd.Series, lang: str = "en") -> list[tuple[str, str]]:
    """Facts of one project of the registry; says 'illustrative' where so."""
    budget = row.get("budget")
    budget_text = f"{budget:,.0f} {row.get('currency') or ''}".strip() if pd.notna(budget) else None
    return _keep(
        [
            (t("card.provenance", lang), t("provenance." + str(row.get("provenance")), lang)),
            (t("card.countries", lang), ", ".join(t(f"country.{c}", lang) for c in row["countries"])),
            (t("card.theme", lang), t("theme." + str(row.get("theme")), lang)),
            (t("card.year_approved", lang), str(row.get("year_approved"))),
            (t("card.status", lang), row.get("status")),
            (t("card.budget", lang), budget_text),
            (t("card.partner", lang), row.get("partner")),
            (t("card.summary", lang), row.get("summary")),
            (t("card.coords", lang), f"{row['lat']:.4f} N, {row['lon']:.4f} E"
             + (f" ({t('card.location_approximate', lang).lower()})" if row.get("location_approximate") else "")),
            (t("card.source", lang), "-" if _blank(row.get("source_url")) else row.get("source_url")),
        ],
        lang,
    )


def raw_html_text(text) -> str:
    """Text escaped for a raw HTML block shown through markdown (cards, server-drawn charts).

    ``$`` is written as an entity: the page would otherwise load its maths renderer for it.

    >>> raw_html_text('<b title="x">5 $</b>')
    '&lt;b title=&quot;x&quot;&gt;5 &#36;&lt;/b&gt;'
    """
    return html.escape(str(text), quote=True).replace("$", "&#36;")


def facts_html(facts: list[tuple[str, str]]) -> str:
    """A card's facts as one HTML table on one line: every label and value escaped, line breaks
    as ``<br>`` (so the table stays one raw HTML block for the markdown renderer).

    >>> facts_html([("Name", "<img src=x onerror=alert(1)>"), ("Note", "a\\n\\nb")])
    '<table class="lmc-facts"><tbody><tr><th scope="row">Name</th><td>&lt;img src=x onerror=alert(1)&gt;</td></tr><tr><th scope="row">Note</th><td>a<br><br>b</td></tr></tbody></table>'
    """
    def cell(text) -> str:
        return re.sub(r"[ \t]*(\r\n?|\n)[ \t]*", "<br>", raw_html_text(text))

    rows = "".join(f'<tr><th scope="row">{cell(label)}</th><td>{cell(value)}</td></tr>' for label, value in facts)
    return f'<table class="lmc-facts"><tbody>{rows}</tbody></table>'
