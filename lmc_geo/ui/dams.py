"""The Dams page: filters, key figures, cascade, accumulation by year, table, card, conflicts."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from lmc_geo import memo
from lmc_geo.briefing.content import BriefingRequest
from lmc_geo.dams import charts as dam_charts
from lmc_geo.dams import registry as dams
from lmc_geo.filters import isin
from lmc_geo.i18n import country_list, t
from lmc_geo.projects import registry as projects
from lmc_geo.ui import cache, state
from lmc_geo.ui.components import FigureRow, render_briefing_downloads, render_card, render_svg

# Session-state keys of this page's own filters (the countries come from the shared sidebar).
STATUS_KEY = "dams_statuses"
USE_KEY = "dams_uses"
SUB_BASIN_KEY = "dams_sub_basins"
CAPACITY_KEY = "dams_capacity"
MAINSTREAM_KEY = "dams_mainstream_only"
UNKNOWN_CAPACITY_KEY = "dams_keep_unknown_capacity"
PICK_KEY = "dams_pick"
SECTION_KEY = "dams_section"

#: The page's parts below the key figures, one tab each (the first is open by default).
SECTIONS = ("cascade", "year", "table", "card", "conflicts")

#: Steps of the capacity filter (MW): capacities span 0.1 to 5,850 MW, so a linear slider would not do.
CAPACITY_STEPS = (0, 1, 10, 50, 100, 500, 1000, 2000, 6000)




def _selection(selected: pd.DataFrame) -> tuple[str, ...]:
    return memo.per_frame(selected, "ids", lambda: tuple(selected["dam_id"].astype(str)))


# ---------------------------------------------------------------- page parts


def _use_label(use: str, lang: str) -> str:
    key = "dams.use." + use
    text = t(key, lang)
    return use if text == key else text  # a use not in the catalogue shows as in the data


def _restore_switches() -> None:
    """The capacity range and the two switches: from the link on the first draw, else their defaults."""
    if CAPACITY_KEY not in st.session_state:
        raw = (state.query_value("mw") or "").split("-")
        if len(raw) == 2 and all(p.isdigit() and int(p) in CAPACITY_STEPS for p in raw) and int(raw[0]) <= int(raw[1]):
            st.session_state[CAPACITY_KEY] = (int(raw[0]), int(raw[1]))
    if MAINSTREAM_KEY not in st.session_state and state.query_value("mainstream") == "1":
        st.session_state[MAINSTREAM_KEY] = True
    if UNKNOWN_CAPACITY_KEY not in st.session_state and state.query_value("unknown") == "0":
        st.session_state[UNKNOWN_CAPACITY_KEY] = False


def render_filters(layer: pd.DataFrame, lang: str) -> dict:
    """The page's own filters in one row; empty multiselects mean "all"."""
    opts = cache.dam_filter_options()
    for key, param, options in ((STATUS_KEY, "status", opts["status"]), (USE_KEY, "use", opts["use"]),
                                (SUB_BASIN_KEY, "basin", opts["sub_basin"])):
        state.restore_from_link(key, param, options, many=True)
    _restore_switches()
    with st.container(border=True, key="dams_filters"):
        c1, c2, c3 = st.columns([1.1, 1, 1.2])
        every = t("dams.filter.all", lang)
        statuses = c1.multiselect(t("dams.filter.status", lang), opts["status"], key=STATUS_KEY, placeholder=every,
                                  format_func=lambda s: t("status." + s, lang))
        uses = c2.multiselect(t("dams.filter.use", lang), opts["use"], key=USE_KEY, placeholder=every,
                              format_func=lambda u: _use_label(u, lang))
        sub_basins = c3.multiselect(t("dams.filter.sub_basin", lang), opts["sub_basin"], key=SUB_BASIN_KEY,
                                    placeholder=every, format_func=lambda s: s or t("dams.filter.no_sub_basin", lang))
        # The range and the two switches share a row that wraps where the page is narrow, so no label is cut short.
        row = st.container(horizontal=True, wrap=True, gap="medium", vertical_alignment="center")
        lo, hi = row.select_slider(t("dams.filter.capacity", lang), options=list(CAPACITY_STEPS), key=CAPACITY_KEY,
                                   value=(CAPACITY_STEPS[0], CAPACITY_STEPS[-1]), format_func=lambda v: f"{v:,} MW",
                                   width=440)
        mainstream = row.toggle(t("dams.filter.mainstream", lang), key=MAINSTREAM_KEY, width="content",
                                help=t("dams.filter.mainstream_help", lang))
        keep_unknown = row.checkbox(t("dams.filter.unknown_capacity", lang), key=UNKNOWN_CAPACITY_KEY, value=True,
                                    width="content", help=t("dams.filter.unknown_capacity_help", lang))
    full = (lo, hi) == (CAPACITY_STEPS[0], CAPACITY_STEPS[-1])
    for param, value in (("status", statuses), ("use", uses), ("basin", sub_basins)):
        state.keep_in_link(param, value, [])
    state.keep_in_link("mw", None if full else f"{lo}-{hi}")
    state.keep_in_link("mainstream", "1" if mainstream else None)
    state.keep_in_link("unknown", None if keep_unknown else "0")
    return {
        "statuses": statuses or None,
        "uses": uses or None,
        "sub_basins": sub_basins or None,
        "capacity_range": None if full else (lo, hi),
        "mainstream_only": bool(mainstream),
        "keep_unknown_capacity": bool(keep_unknown),
    }


def render_key_figures(selected: pd.DataFrame, n_conflicts: int | None, lang: str) -> dict:
    kf = memo.per_frame(selected, "key_figures", lambda: dams.key_figures(selected))
    row = FigureRow("dams_figures")
    row.metric(t("dams.kf.count", lang), f"{kf['count']:,}")
    row.metric(t("dams.kf.capacity", lang), f"{kf['capacity_mw']:,.0f}",
                   help=t("dams.kf.known_of", lang, known=kf["count"] - kf["unknown_capacity"], total=kf["count"]))
    row.metric(t("dams.kf.storage", lang), f"{kf['storage_mcm'] / 1000:,.1f}",
                   help=t("dams.kf.known_of", lang, known=kf["count"] - kf["unknown_storage"], total=kf["count"]))
    row.metric(t("dams.kf.unknown_capacity", lang), f"{kf['unknown_capacity']:,}",
                   help=t("dams.kf.unknown_help", lang))
    row.metric(t("dams.kf.conflicts", lang), "-" if n_conflicts is None else f"{n_conflicts:,}",
                   help=t("dams.kf.conflicts_help", lang))
    return kf


def render_unknowns(kf: dict, lang: str) -> None:
    """Say how many dams lack a value, and that they stay in the table."""
    parts = []
    if kf["unknown_capacity"]:
        parts.append(t("dams.unknown.capacity", lang, n=kf["unknown_capacity"]))
    if kf["unknown_year"]:
        parts.append(t("dams.unknown.year", lang, n=kf["unknown_year"]))
    if kf["unknown_coordinates"]:
        parts.append(t("dams.unknown.coordinates", lang, n=kf["unknown_coordinates"]))
    if parts:
        st.caption(t("dams.unknown.summary", lang, parts="; ".join(parts)))


def render_cascade(selected: pd.DataFrame, lang: str) -> None:
    st.subheader(t("dams.cascade.header", lang))
    main = memo.per_frame(selected, "mainstream", lambda: selected[selected["mainstream"].fillna(False).astype(bool)])
    if main.empty:
        st.info(t("dams.cascade.none", lang))
        return
    svg, placed, left_out = cache.dam_cascade(_selection(main), lang)
    if svg is not None:
        with st.container(key="dams_cascade"):
            render_svg(svg)
    notes = [t("dams.cascade.caption", lang, n=len(placed))]
    unknown_cap = int(pd.to_numeric(placed["capacity_mw"], errors="coerce").isna().sum())
    if unknown_cap:
        notes.append(t("dams.cascade.unknown_capacity", lang, n=unknown_cap))
    if len(left_out):
        reasons = dams.Cascade(placed, left_out).reasons()
        why = ", ".join(t(f"dams.reason.{k}", lang, n=v) for k, v in reasons.items())
        notes.append(t("dams.cascade.left_out", lang, n=len(left_out), why=why,
                       names=", ".join(left_out["name"].astype(str).head(8))))
    st.caption(" ".join(notes))


def render_accumulation(selected: pd.DataFrame, lang: str) -> None:
    st.subheader(t("dams.year.header", lang))
    cols = st.columns(2)
    ids = _selection(selected)
    for col, value in zip(cols, ("capacity_mw", "reservoir_volume_mcm")):
        fig, unknown_year, left_out = cache.dam_accumulation(value, ids, lang)
        with col:
            if fig is None:
                st.info(t("dams.year.none", lang))
            else:
                st.plotly_chart(fig, width="stretch", key=f"dams_year_{value}", config=dam_charts.CONFIG)
            what = t("dams.year.what_capacity" if value == "capacity_mw" else "dams.year.what_storage", lang)
            notes = []
            if len(unknown_year):
                total = pd.to_numeric(unknown_year[value]).sum()
                notes.append(t("dams.year.unknown_year", lang, n=len(unknown_year),
                               total=dams.format_value(float(total), value)))
            if left_out.get("unknown_value"):
                notes.append(t("dams.year.unknown_value", lang, n=left_out["unknown_value"], what=what))
            if left_out.get("cancelled"):
                notes.append(t("dams.year.cancelled", lang, n=left_out["cancelled"]))
            if notes:
                st.caption(t("dams.year.left_out", lang, notes="; ".join(notes)))
            if len(unknown_year):
                with st.expander(t("dams.year.unknown_list", lang, n=len(unknown_year))):
                    listing = unknown_year[["name", "iso2", "status", value]].rename(columns={
                        "name": t("dams.col.name", lang), "iso2": t("dams.col.country", lang),
                        "status": t("dams.col.status", lang), value: t(f"dams.col.{value}", lang)})
                    st.dataframe(listing, hide_index=True, width="stretch", height=240)


def column_config(lang: str) -> dict:
    cc = st.column_config
    return {
        "dam_id": cc.TextColumn(t("dams.col.dam_id", lang), width="small"),
        "name": cc.TextColumn(t("dams.col.name", lang), pinned=True),
        "iso2": cc.TextColumn(t("dams.col.country", lang), width="small"),
        "status": cc.TextColumn(t("dams.col.status", lang)),
        "river": cc.TextColumn(t("dams.col.river", lang)),
        "sub_basin": cc.TextColumn(t("dams.col.sub_basin", lang)),
        "use_primary": cc.TextColumn(t("dams.col.use", lang)),
        "capacity_mw": cc.NumberColumn(t("dams.col.capacity_mw", lang), format="%,.1f"),
        "reservoir_volume_mcm": cc.NumberColumn(t("dams.col.reservoir_volume_mcm", lang), format="%,.1f"),
        "height_m": cc.NumberColumn(t("dams.col.height_m", lang), format="%,.0f"),
        "completion_year": cc.NumberColumn(t("dams.col.completion_year", lang), format="%d"),
        "year_expected": cc.CheckboxColumn(t("dams.col.year_expected", lang), width="small",
                                           help=t("dams.col.year_expected_help", lang)),
        "mainstream": cc.CheckboxColumn(t("dams.col.mainstream", lang), width="small"),
        "river_km": cc.NumberColumn(t("dams.col.river_km", lang), format="%,.0f"),
        "lat": cc.NumberColumn(t("dams.col.lat", lang), format="%.4f"),
        "lon": cc.NumberColumn(t("dams.col.lon", lang), format="%.4f"),
        "missing": cc.TextColumn(t("dams.col.missing", lang), help=t("dams.col.missing_help", lang)),
        "conflicts": cc.TextColumn(t("dams.col.conflicts", lang), help=t("dams.col.conflicts_help", lang)),
        "refs": cc.TextColumn(t("dams.col.refs", lang)),
    }


def render_table(table: pd.DataFrame, lang: str) -> None:
    st.subheader(t("dams.table.header", lang))
    marked = int((table["missing"] != "").sum())
    st.caption(t("dams.table.caption", lang, n=len(table), marked=marked, expected=int(table["year_expected"].sum())))
    st.dataframe(table, hide_index=True, width="stretch", height=420, column_config=column_config(lang),
                 key="dams_table")
    # Made when clicked: a session keeps no copy of the CSV (the table itself is what it shows).
    st.download_button(t("dams.table.download", lang), data=functools.partial(dams.table_csv, table),
                       file_name="lmc_dams.csv",
                       mime="text/csv", key="dams_download", icon=None)


def _default_pick(selected: pd.DataFrame) -> str | None:
    picked = st.session_state.get(state.SELECTED_FEATURE_KEY)
    if picked and picked[0] == "dam" and picked[1] in set(selected["dam_id"]):
        return picked[1]
    capacity = pd.to_numeric(selected["capacity_mw"], errors="coerce")
    return str(selected.loc[capacity.idxmax(), "dam_id"] if capacity.notna().any() else selected["dam_id"].iloc[0])


def render_card_picker(selected: pd.DataFrame, conflicts: pd.DataFrame | None, lang: str) -> None:
    st.subheader(t("dams.card.header", lang))
    if selected.empty:
        return
    ordered = selected.sort_values("name", key=lambda s: s.str.lower())
    ids = [str(i) for i in ordered["dam_id"]]
    labels = {str(i): f"{n} ({c})" for i, n, c in zip(ordered["dam_id"], ordered["name"], ordered["iso2"])}
    state.restore_from_link(PICK_KEY, "dam", ids)
    if st.session_state.get(PICK_KEY) not in labels:
        st.session_state[PICK_KEY] = _default_pick(selected)
    dam_id = st.selectbox(t("dams.card.pick", lang), ids, key=PICK_KEY, format_func=labels.get)
    state.keep_in_link("dam", dam_id)
    row = selected[selected["dam_id"] == dam_id].iloc[0]
    left, right = st.columns([1.15, 1])
    with left:
        render_card("dam", row, lang)
    with right:
        st.markdown(f"**{t('dams.card.conflicts', lang)}**")
        if conflicts is None:
            st.caption(t("dams.card.conflicts_unavailable", lang))
            return
        mine = conflicts[conflicts["dam_id"] == dam_id]
        if mine.empty:
            st.caption(t("dams.card.no_conflicts", lang))
        cc = st.column_config
        for i, r in enumerate(mine.itertuples(index=False)):
            # st.dataframe draws cells as plain text: source names and notes are data, never markdown.
            rows = pd.DataFrame({"value": [dams.format_value(v, r.quantity, lang) for v, _, _, _ in r.values],
                                 "source": [s for _, s, _, _ in r.values],
                                 "source_url": [projects.safe_url(u) for _, _, u, _ in r.values],
                                 "note": [n for _, _, _, n in r.values]})
            st.caption(t(f"dams.quantity.{r.quantity}", lang))
            st.dataframe(rows, hide_index=True, width="stretch", key=f"dams_card_conflict_{i}",
                         height=35 * (len(rows) + 1) + 3, column_config={
                             "value": cc.TextColumn(t("dams.conflicts.value", lang)),
                             "source": cc.TextColumn(t("dams.conflicts.source", lang), width="large"),
                             "source_url": cc.LinkColumn(t("dams.conflicts.link", lang),
                                                         display_text=t("dams.conflicts.open", lang), width="small"),
                             "note": cc.TextColumn(t("dams.conflicts.note", lang), width="medium"),
                         })


def render_conflicts(selected: pd.DataFrame, values: pd.DataFrame | None, error: str | None, lang: str) -> None:
    st.subheader(t("dams.conflicts.header", lang))
    if error:
        st.caption(t("dams.conflicts.unavailable", lang))  # the warning above the tabs names the file
        return
    mine = values[isin(values["dam_id"], selected["dam_id"])]
    if mine.empty:
        st.caption(t("dams.conflicts.none", lang))
        return
    groups = mine[["dam_id", "quantity"]].drop_duplicates()
    st.caption(t("dams.conflicts.caption", lang, n=len(groups), dams=groups["dam_id"].nunique()))
    show = mine.assign(
        value=[dams.format_value(v, q) for v, q in zip(mine["value"], mine["quantity"])],
        quantity=mine["quantity"].map(lambda q: t(f"dams.quantity.{q}", lang)),
        source_url=mine["source_url"].map(projects.safe_url),  # a link only for a plain http(s) address
    )
    show = show[["name", "iso2", "quantity", "value", "source", "source_url", "note", "matched_by"]]
    cc = st.column_config
    st.dataframe(show, hide_index=True, width="stretch", height=360, key="dams_conflicts", column_config={
        "name": cc.TextColumn(t("dams.col.name", lang), pinned=True),
        "iso2": cc.TextColumn(t("dams.col.country", lang), width="small"),
        "quantity": cc.TextColumn(t("dams.conflicts.quantity", lang)),
        "value": cc.TextColumn(t("dams.conflicts.value", lang)),
        "source": cc.TextColumn(t("dams.conflicts.source", lang), width="large"),
        "source_url": cc.LinkColumn(t("dams.conflicts.link", lang), display_text=t("dams.conflicts.open", lang)),
        "note": cc.TextColumn(t("dams.conflicts.note", lang), width="large"),
        "matched_by": cc.TextColumn(t("dams.conflicts.matched_by", lang)),
    })


def render(countries: tuple[str, ...], lang: str) -> None:
    """The Dams page: the shared ``countries`` (ISO codes, upstream first) in language ``lang``."""
    st.title(t("dams.title", lang))
    st.caption(t("dams.intro", lang))
    layer, error = cache.layer("dams", lang)
    if error:
        st.error(t("error.layer", lang, layer=t("layer.dams", lang), problem=error))
        return
    values, summary, values_error = cache.dam_source_values()
    choice = render_filters(layer, lang)
    filters = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in choice.items())
    # One frame per choice, kept beside the shared layer: what is derived from it is kept beside it in turn.
    selected = memo.per_frame(layer, ("selected", tuple(countries), filters),
                              lambda: dams.filter_dams(layer, countries=countries, **choice))
    names = country_list(countries, lang)
    st.caption(t("dams.selection", lang, n=len(selected), total=len(layer), countries=names))
    conflicts = None if summary is None else summary[isin(summary["dam_id"], selected["dam_id"])]
    kf = render_key_figures(selected, None if conflicts is None else len(conflicts), lang)
    render_unknowns(kf, lang)
    if values_error:
        st.warning(t("dams.conflicts.error", lang, problem=values_error))
    render_briefing_downloads(BriefingRequest(countries, lang, dam_filters=filters), "dams")
    if selected.empty:
        st.info(t("dams.empty", lang))
        return
    sections = {
        "cascade": lambda: render_cascade(selected, lang),
        "year": lambda: render_accumulation(selected, lang),
        "table": lambda: render_table(dams.dams_table(selected, conflicts), lang),
        "card": lambda: render_card_picker(selected, conflicts, lang),
        "conflicts": lambda: render_conflicts(selected, values, values_error, lang),
    }
    render_sections(sections, lang)


def _default_section() -> str:
    """The link's tab, else the card when a dam was clicked on the map, else the cascade."""
    if state.query_value("tab") in SECTIONS:
        return state.query_value("tab")
    picked = st.session_state.get(state.SELECTED_FEATURE_KEY)
    return "card" if picked and picked[0] == "dam" else SECTIONS[0]


def render_sections(sections: dict, lang: str) -> None:
    """The page's parts in tabs; only the open tab is computed and drawn (lazy tabs).

    Every plotly chart and data grid costs the browser a large script and a draw, and the
    server a figure or a table: drawing only the open tab keeps the first draw and a filter
    change to one part (scripts/bench_dams.py has the figures).
    """
    labels = {t(f"dams.section.{k}", lang): k for k in SECTIONS}
    tabs = st.tabs(list(labels), key=SECTION_KEY, on_change="rerun",
                   default=t(f"dams.section.{_default_section()}", lang))
    for tab, key in zip(tabs, labels.values()):
        if tab.open:
            state.keep_in_link("tab", key, SECTIONS[0])
            if key != "card":
                state.keep_in_link("dam", None)
            with tab:
                sections[key]()
