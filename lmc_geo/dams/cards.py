"""The card of a dam: its facts as (label, value) pairs of plain text, with the values sources disagree on."""

from __future__ import annotations

import pandas as pd

from lmc_geo.cards import number_text, position_text, with_unknowns
from lmc_geo.dams.registry import conflict_text, conflicts_of, is_expected_year
from lmc_geo.i18n import country_label, format_number, t


def suspect_facts(text, lang: str = "en") -> list[tuple[str, str]]:
    """The values the build found implausible, as the source gives them, each with why it is not shown.

    >>> suspect_facts("height_m=1310.2:above_tallest_dam")
    [('Height in the source', '1,310.2: not shown, taller than any dam built or planned (335 m)')]
    """
    facts = []
    for item in str(text or "").split(";"):
        if "=" not in item or ":" not in item:
            continue
        quantity, rest = item.split("=", 1)
        value, reason = rest.rsplit(":", 1)
        try:
            shown = format_number(float(value), lang, 0 if float(value).is_integer() else 1)
        except ValueError:
            continue
        facts.append((t(f"dams.suspect.label.{quantity}", lang),
                      t("dams.suspect.value", lang, value=shown, reason=t(f"dams.suspect.{reason}", lang))))
    return facts


def dam_facts(row: pd.Series, lang: str = "en", conflicts: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """Facts of one dam row of the dams layer (Ang et al. 2024), unknowns said as such.

    A completion year after the database year (2023) is marked expected. ``conflicts`` (from
    :func:`lmc_geo.dams.registry.source_conflicts`, any dams) adds one line per quantity on which
    sources disagree for this dam, with every value and its source; without it the card has no
    such line.
    """
    yes, no = t("card.yes", lang), t("card.no", lang)
    year = row.get("completion_year")
    year_text = None
    if year is not None and pd.notna(year):
        year_text = str(int(year))
        if is_expected_year(year):
            year_text += f" ({t('dams.year_expected', lang)})"
    differ = [
        (t("dams.card.sources_differ", lang, quantity=t(f"dams.quantity.{c.quantity}", lang)),
         conflict_text(c.values, c.quantity, lang))
        for c in conflicts_of(conflicts, row.get("dam_id")).itertuples(index=False)
    ]
    return with_unknowns(
        [
            (t("card.country", lang), country_label(row["iso2"], lang)),
            (t("card.river", lang), row.get("river")),
            (t("card.sub_basin", lang), row.get("sub_basin")),
            (t("card.status", lang), t("status." + str(row.get("status")), lang)),
            (t("card.capacity", lang), number_text(row.get("capacity_mw"), "MW", 0, lang)),
            (t("card.storage", lang), number_text(row.get("reservoir_volume_mcm"), "mcm", 0, lang)),
            (t("card.height", lang), number_text(row.get("height_m"), "m", 0, lang)),
            (t("card.year", lang), year_text),
            (t("card.use", lang), row.get("use_primary")),
            (t("card.mainstream", lang), yes if row.get("mainstream") else no),
            (t("card.coords", lang), position_text(row['lat'], row['lon'], lang)),
            (
                t("card.source", lang),
                t("source.dam", lang) + (t("dams.card.references", lang, refs=row["refs"]) if row.get("refs") else ""),
            ),
            *differ,
            *suspect_facts(row.get("suspect_values"), lang),
        ],
        lang,
    )
