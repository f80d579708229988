"""Render a feature card below the map; every value is shown as text, never as HTML."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lmc_geo import cards
from lmc_geo.i18n import t


def _md_text(text: str) -> str:
    """Escape markdown so a name renders literally (no links, no emphasis, no HTML)."""
    out = str(text)
    for ch in "\\`*_{}[]()#+-.!|<>~$":
        out = out.replace(ch, "\\" + ch)
    return out


def render_card(kind: str, row: pd.Series, lang: str) -> None:
    """A bordered card: title, kind, and a two-column fact table (rendered as text)."""
    title = row.get("name") if kind != "project" else row.get("name_en")
    facts = {"station": cards.station_facts, "dam": cards.dam_facts, "project": cards.project_facts}[kind](row, lang)
    with st.container(border=True, key=f"card_{kind}"):
        st.markdown(f"#### {_md_text(title)}")
        st.caption(t(f"card.{kind}", lang))
        if kind == "project" and row.get("provenance") == "illustrative":
            st.warning(t("card.illustrative_warning", lang))
        table = pd.DataFrame(facts, columns=["", " "]).set_index("")
        st.table(table)
