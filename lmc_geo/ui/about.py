"""The About-the-data page: every source, the data-sharing timeline, how to replace a file."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lmc_geo import loaders, sources, timeline
from lmc_geo.i18n import t
from lmc_geo.ui import state


def render_source(src: sources.Source, rows: dict, lang: str) -> None:
    with st.container(border=True, key=f"source_{src.key}"):
        st.markdown(f"#### {src.title}")
        counts = []
        for f in src.files:
            n = rows.get(f.rsplit("/", 1)[-1].split(".")[0])
            if isinstance(n, int):
                f += f" ({t('about.row', lang) if n == 1 else t('about.rows', lang, n=n)})"
            counts.append(f)
        facts = [
            (t("about.files", lang), ", ".join(counts)),
            (t("about.provider", lang), src.provider),
            (t("about.licence", lang), src.licence),
            (t("about.date", lang), src.date),
            (t("about.derivation", lang), src.derivation),
            (t("about.caveats", lang), src.caveats or "-"),
        ]
        if src.url:
            facts.append((t("about.link", lang), src.url))
        st.table(pd.DataFrame(facts, columns=["", " "]).set_index(""))


def render_data_sharing(lang: str) -> None:
    st.subheader(t("about.sharing.header", lang))
    events = timeline.data_sharing_events(lang)
    table = pd.DataFrame({
        t("about.sharing.date", lang): events["date_text"],
        t("about.sharing.event", lang): events["title"],
        t("about.sharing.source", lang): events["source"],
    })
    st.table(table.set_index(t("about.sharing.date", lang)))
    st.caption(t("about.sharing.caption", lang))


def render_about_page() -> None:
    lang = state.lang()
    st.title(t("about.title", lang))
    st.markdown(t("about.intro", lang))
    notes = loaders.read_build_notes()
    rows = dict(notes.get("rows", {}))
    rows.update({k: v for k, v in (notes.get("series", {}).get("rows") or {}).items()})
    missing = sources.uncovered_files()
    if missing:
        st.warning(t("about.uncovered", lang, files=", ".join(missing)))
    st.subheader(t("about.sources.header", lang))
    for src in sources.SOURCES:
        render_source(src, rows, lang)
    render_data_sharing(lang)
    st.subheader(t("about.replace.header", lang))
    st.markdown(t("about.replace.body", lang))
