"""The card of a cooperation project: its facts as (label, value) pairs of plain text."""

from __future__ import annotations

import pandas as pd

from lmc_geo.cards import is_blank, position_text, with_unknowns
from lmc_geo.i18n import country_label, t


def project_facts(row: pd.Series, lang: str = "en") -> list[tuple[str, str]]:
    """Facts of one project of the registry; says 'illustrative' where so."""
    budget = row.get("budget")
    budget_text = f"{budget:,.0f} {row.get('currency') or ''}".strip() if pd.notna(budget) else None
    return with_unknowns(
        [
            (t("card.provenance", lang), t("provenance." + str(row.get("provenance")), lang)),
            (t("card.countries", lang), ", ".join(country_label(c, lang) for c in row["countries"])),
            (t("card.theme", lang), t("theme." + str(row.get("theme")), lang)),
            (t("card.year_approved", lang), str(row.get("year_approved"))),
            (t("card.status", lang), row.get("status")),
            (t("card.budget", lang), budget_text),
            (t("card.partner", lang), row.get("partner")),
            (t("card.summary", lang), row.get("summary")),
            (t("card.coords", lang), position_text(row['lat'], row['lon'], lang)
             + (f" ({t('card.location_approximate', lang).lower()})" if row.get("location_approximate") else "")),
            (t("card.source", lang), "-" if is_blank(row.get("source_url")) else row.get("source_url")),
        ],
        lang,
    )
