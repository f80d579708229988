"""The About-the-data page: every source, the data-sharing timeline, how to replace a file."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from lmc_geo import database, loaders, sources
from lmc_geo.hydrology import charts as hydro_charts
from lmc_geo.i18n import format_number, t, text_list
from lmc_geo.projects import selection as project_selection
from lmc_geo.schema import QUALITIES
from lmc_geo.ui import cache
from lmc_geo.ui.components import render_events
from lmc_geo.validate import DataFileError


def registry_counts() -> dict[str, int] | None:
    """Records of the project registry as it is now (total, documented, illustrative); None if unreadable."""
    registry, error = cache.projects()
    if error or registry is None:
        return None
    figures = project_selection.key_figures(registry)
    return {"total": figures["count"], "documented": figures["documented"], "illustrative": figures["illustrative"]}


def render_source(src: sources.Source, rows: dict, lang: str) -> None:
    src = sources.in_language(src, lang)
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
    render_events("data_sharing", lang)
    st.caption(t("about.sharing.caption", lang))


def render_quality(notes: dict, lang: str) -> None:
    """What the build's checks found: values by stored quality, suspect values by rule, dam values
    made unknown; and the full report (data/QUALITY.md, in English) to download."""
    st.subheader(t("about.quality.header", lang))
    st.markdown(t("about.quality.intro", lang))
    by_variable = (notes.get("series") or {}).get("quality") or {}
    if by_variable:
        table = pd.DataFrame({hydro_charts.variable_label(v, lang): counts for v, counts in by_variable.items()})
        table = table.reindex(QUALITIES).fillna(0).astype(int)
        table.index = [t(f"hydro.quality.{q}", lang) for q in table.index]
        table.index.name = t("about.quality.col_quality", lang)
        st.table(table.map(lambda n: format_number(n, lang)))
    suspect = (notes.get("series") or {}).get("suspect") or {}
    dams = notes.get("dam_checks") or {}
    if suspect or dams:
        st.caption(t("about.quality.counts", lang,
                     rules=text_list([t("about.quality.rule", lang, rule=t(f"export.flag.{r}", lang), n=n)
                                              for r, n in suspect.items()], lang),
                     dams=sum(dams.values())))
    report = loaders.read_quality_report()
    if report:
        st.download_button(t("about.quality.download", lang), data=functools.partial(report.encode, "utf-8"),
                           file_name="QUALITY.md",
                           mime="text/markdown", key="about_quality", on_click="ignore", icon=":material/download:")


def render(countries: tuple[str, ...], lang: str) -> None:
    """The About the data page: every source, whatever the shared ``countries``; in language ``lang``."""
    st.title(t("about.title", lang))
    st.markdown(t("about.intro", lang))
    try:
        notes = loaders.read_build_notes()
    except DataFileError as exc:  # row counts are a nicety: name the file, keep the page
        st.warning(exc.message(lang))
        notes = {}
    rows = dict(notes.get("rows", {}))
    rows.update({k: v for k, v in (notes.get("series", {}).get("rows") or {}).items()})
    missing = [] if database.enabled() else sources.uncovered_files()  # files of data/ without a source card
    if missing:
        st.warning(t("about.uncovered", lang, files=", ".join(missing)))
    st.subheader(t("about.sources.header", lang))
    counts = registry_counts()
    for src in sources.SOURCES:
        render_source(sources.with_registry_counts(src, counts), rows, lang)
    render_quality(notes, lang)
    render_data_sharing(lang)
    st.subheader(t("about.replace.header", lang))
    st.markdown(t("about.replace.body", lang))
