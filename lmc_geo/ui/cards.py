"""Feature cards and the one text-escaping helper: data text is shown as text, never as HTML or markdown."""

from __future__ import annotations

import re

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


#: Look of the card fact tables: compact rows, labels in grey, lines between rows only. Sent with
#: each table (one line, no blank line), so pages without a card load no styling element.
FACTS_CSS = (
    "table.lmc-facts{border-collapse:collapse;width:100%;font-size:0.92rem;margin:0 0 0.5rem 0}"
    "table.lmc-facts th,table.lmc-facts td{border:none;border-bottom:1px solid #e5e5e5;padding:0.3rem 0.5rem;"
    "vertical-align:top;text-align:left}"
    "table.lmc-facts th{color:#555555;font-weight:600;width:38%}"
    "table.lmc-facts tr:last-child th,table.lmc-facts tr:last-child td{border-bottom:none}"
)


def render_facts(facts: list[tuple[str, str]], key: str) -> None:
    """(label, value) pairs as a two-column table of plain text (:func:`lmc_geo.cards.facts_html`).

    A plain HTML table, not ``st.dataframe``: it shows with the rest of the card (no grid
    library to load first), can be selected and copied, and prints.
    """
    with st.container(key=key):
        st.markdown(f"<div><style>{FACTS_CSS}</style>{cards.facts_html(facts)}</div>", unsafe_allow_html=True)


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


#: A blank line (only spaces or tabs between two line ends): it would end a raw HTML block.
_BLANK_LINE = re.compile(r"(\r\n?|\n)[ \t]*(\r\n?|\n)")


def render_svg(svg: str) -> None:
    """Show a server-drawn SVG chart (:mod:`lmc_geo.plotting.svg`) inline, at once, with no chart script.

    ``st.html`` strips SVG, so the document goes through markdown as a raw HTML block: wrapped in
    a ``<div>`` and free of blank lines, markdown leaves it untouched. Every text in it was
    escaped when it was drawn. On a page narrower than the chart's smallest scale
    (:data:`lmc_geo.plotting.svg.MIN_SCALE`) the block scrolls sideways rather than shrink the text.
    """
    if _BLANK_LINE.search(svg) or not svg.startswith("<svg"):
        raise ValueError("not a single-block SVG document")
    st.markdown(f'<div class="lmc-svg" style="overflow-x:auto">{svg}</div>', unsafe_allow_html=True)


