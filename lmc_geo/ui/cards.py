"""Feature cards and the one text-escaping helper: data text is shown as text, never as HTML or markdown."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lmc_geo import cards
from lmc_geo.i18n import t

_MD_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def md_text(text) -> str:
    r"""Text for a Markdown renderer that shows it literally.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows it for all
    of them), so nothing becomes emphasis, a link, an autolinked URL, an emoji code or
    HTML: a name like ``<img src=x onerror=...>`` or ``[a](javascript:...)`` shows as typed.

    >>> md_text("<b>x</b> www.a.org")
    '\\<b\\>x\\<\\/b\\> www\\.a\\.org'
    """
    return "".join("\\" + ch if ch in _MD_PUNCTUATION else ch for ch in str(text))


def render_facts(facts: list[tuple[str, str]], key: str) -> None:
    """(label, value) pairs as a two-column grid; st.dataframe draws cells as plain text (no markdown, no links)."""
    table = pd.DataFrame(facts, columns=["fact", "value"])
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=35 * (len(table) + 1) + 3,
        key=key,
        column_config={
            "fact": st.column_config.TextColumn("", width="medium"),
            "value": st.column_config.TextColumn("", width="large"),
        },
    )


def render_card(kind: str, row: pd.Series, lang: str) -> None:
    """A bordered card: title, kind, warnings where due, and every fact as text."""
    title = row.get("name") if kind != "project" else row.get("name_en")
    facts = {"station": cards.station_facts, "dam": cards.dam_facts, "project": cards.project_facts}[kind](row, lang)
    with st.container(border=True, key=f"card_{kind}"):
        st.markdown(f"#### {md_text(title)}")
        st.caption(t(f"card.{kind}", lang))
        if kind == "project" and row.get("provenance") == "illustrative":
            st.warning(t("card.illustrative_warning", lang))
        render_facts(facts, key=f"card_{kind}_facts")
