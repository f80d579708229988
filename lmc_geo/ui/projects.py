"""The Projects page: filters, key figures, map and card, charts, table, exports, import.

One filtered table drives everything on the page, so the map, the charts, the table
and the exports always show the same projects. Free text from the registry is shown
only through widgets that render text (dataframe, table, escaped markdown, map tooltips
set with ``textContent``); links are made only from plain http(s) addresses.
"""

from __future__ import annotations

import datetime as _dt
import functools
from pathlib import Path

import pandas as pd
import streamlit as st

from lmc_geo import memo, paths
from lmc_geo.briefing.content import BriefingRequest
from lmc_geo.i18n import country_list, t
from lmc_geo.maps.basin_map import BASE_LAYERS, MapOptions, build_basin_map
from lmc_geo.projects import charts as project_charts
from lmc_geo.projects import export as project_export
from lmc_geo.projects import registry as projects
from lmc_geo.projects import selection as project_selection
from lmc_geo.projects.cards import project_facts
from lmc_geo.schema import COUNTRIES, PROVENANCES, THEMES
from lmc_geo.ui import cache, map_component, state
from lmc_geo.ui.components import FigureRow, clicked_feature, md_text, render_briefing_downloads, render_facts
from lmc_geo.validate import DataFileError

# Session-state keys of this page (widgets and remembered choices).
THEME_KEY = "projects_theme"
YEAR_KEY = "projects_year"
STATUS_KEY = "projects_status"
PROVENANCE_KEY = "projects_provenance"
CARD_KEY = "projects_card"
MAP_KEY = "projects_map"
MAP_SEEN_KEY = "projects_map_seen"
TABLE_KEY = "projects_table"
TABLE_IDS_KEY = "projects_table_ids"
UPLOAD_GEN_KEY = "projects_upload_gen"
CHECK_KEY = "projects_import_check"
IMPORTED_KEY = "projects_imported"
#: The link parameter of each filter (``?theme=dam_safety&year=2020``).
LINK_PARAMS = {THEME_KEY: "theme", YEAR_KEY: "year", STATUS_KEY: "status", PROVENANCE_KEY: "provenance"}

MAP_HEIGHT = 620

# --------------------------------------------------------------------------- page


def render(countries: tuple[str, ...], lang: str) -> None:
    """The Projects page: the shared ``countries`` (ISO codes, upstream first) in language ``lang``."""
    st.title(t("projects.title", lang))
    st.caption(t("projects.subtitle", lang))
    done = st.session_state.pop(IMPORTED_KEY, None)
    if done:
        st.success(done)

    registry, error = cache.projects()
    if error:
        st.error(t("projects.error.registry", lang, problem=error))
    else:
        render_banner(registry, lang)
        selection = render_filters(registry, countries, lang)
        render_key_figures(selection, lang)
        if selection.empty:
            st.info(t("projects.empty", lang))
        render_map_and_card(selection, countries, lang)
        if not selection.empty:
            render_charts(selection, countries, lang)
        render_table(selection, lang)
        render_exports(selection, countries, lang)
        ids = memo.per_frame(selection, "ids", lambda: tuple(selection["id"]))
        render_briefing_downloads(BriefingRequest(countries, lang, project_ids=ids), "projects")
    render_import(lang)


def render_banner(registry: pd.DataFrame, lang: str) -> None:
    """How many records are placeholders, and how to load the official list."""
    figures = _key_figures(registry)
    if figures["illustrative"]:
        st.warning(t("projects.banner", lang, illustrative=figures["illustrative"], total=figures["count"],
                     documented=figures["documented"]))
    else:
        st.caption(t("projects.banner_documented", lang, total=figures["count"]))


# --------------------------------------------------------------------------- filters


def _keep_valid(key: str, options: list) -> None:
    """Drop remembered choices that are no longer offered (e.g. after an import)."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]


def render_filters(registry: pd.DataFrame, countries: tuple[str, ...], lang: str) -> pd.DataFrame:
    """Theme, year, status and provenance filters; returns the selected projects."""
    years = project_selection.year_options(registry)
    statuses = [s for s in projects.STATUSES if s in set(registry["status"])]
    choices = {
        THEME_KEY: list(THEMES),
        YEAR_KEY: years,
        STATUS_KEY: statuses,
        PROVENANCE_KEY: list(PROVENANCES),
    }
    for key, options in choices.items():
        state.restore_from_link(key, LINK_PARAMS[key], options, many=True)
        _keep_valid(key, options)

    def year_label(y) -> str:
        return t("projects.year_unknown", lang) if y == project_selection.YEAR_UNKNOWN else str(y)

    cols = st.columns(4)
    with cols[0]:
        st.multiselect(t("projects.filter.theme", lang), choices[THEME_KEY], key=THEME_KEY,
                       format_func=lambda th: t(f"theme.{th}", lang), placeholder=t("projects.filter.all_themes", lang))
    with cols[1]:
        st.multiselect(t("projects.filter.year", lang), choices[YEAR_KEY], key=YEAR_KEY, format_func=year_label,
                       placeholder=t("projects.filter.all_years", lang), help=t("projects.filter.year_help", lang))
    with cols[2]:
        st.multiselect(t("projects.filter.status", lang), choices[STATUS_KEY], key=STATUS_KEY,
                       format_func=lambda s: t(f"projects.status.{s}", lang),
                       placeholder=t("projects.filter.all_statuses", lang))
    with cols[3]:
        st.multiselect(t("projects.filter.provenance", lang), choices[PROVENANCE_KEY], key=PROVENANCE_KEY,
                       format_func=lambda p: t(f"provenance.{p}", lang),
                       placeholder=t("projects.filter.all_provenances", lang),
                       help=t("projects.filter.provenance_help", lang))
    for key, param in LINK_PARAMS.items():
        state.keep_in_link(param, st.session_state.get(key) or [], [])
    names = country_list(countries, lang)
    st.caption(
        t("projects.filter.countries", lang, countries=names if countries != COUNTRIES else t("sidebar.all", lang))
    )
    chosen = {k: st.session_state.get(k) for k in (THEME_KEY, YEAR_KEY, STATUS_KEY, PROVENANCE_KEY)}
    # The selection is kept beside the (shared, read-only) registry: one frame per choice, for every session.
    return memo.per_frame(registry, ("selected", tuple(countries), *(_chosen_key(v) for v in chosen.values())),
                          lambda: project_selection.filter_projects(
                              registry, countries=countries, themes=chosen[THEME_KEY], years=chosen[YEAR_KEY],
                              statuses=chosen[STATUS_KEY], provenances=chosen[PROVENANCE_KEY]))


def _chosen_key(value) -> tuple | None:
    """A filter's choice as part of a key: None (nothing chosen) or the choices in order."""
    return None if value is None else tuple(value)


def _key_figures(frame: pd.DataFrame) -> dict:
    """:func:`lmc_geo.projects.selection.key_figures` of a shared frame, once per frame."""
    return memo.per_frame(frame, "key_figures", lambda: project_selection.key_figures(frame))


# --------------------------------------------------------------------------- key figures


def budget_text(budget: dict[str, float], lang: str) -> str:
    """Totals per currency, e.g. 'CNY 1,500,000 · USD 20,000', or 'not published'."""
    if not budget:
        return t("projects.kf.budget_none", lang)
    return " · ".join(f"{cur} {total:,.0f}" for cur, total in budget.items())


def render_key_figures(selection: pd.DataFrame, lang: str) -> None:
    f = _key_figures(selection)
    row = FigureRow("projects_figures")
    row.metric(t("projects.kf.count", lang), f"{f['count']:,}", help=t("projects.kf.count_help", lang), border=True)
    row.metric(t("projects.kf.countries", lang), f"{f['countries']} / {len(COUNTRIES)}",
                   help=t("projects.kf.countries_help", lang), border=True)
    row.metric(t("projects.kf.budget", lang), budget_text(f["budget"], lang),
                   help=t("projects.kf.budget_help", lang, known=f["budget_known"], count=f["count"]), border=True)
    row.metric(t("projects.kf.illustrative", lang), f"{f['share_illustrative']:.0%}",
                   help=t("projects.kf.illustrative_help", lang, illustrative=f["illustrative"], count=f["count"]),
                   border=True)


# --------------------------------------------------------------------------- map and card


def map_frames(selection: pd.DataFrame, lang: str) -> tuple[dict, dict]:
    """The base layers plus the selected projects (no stations, no dams); and load errors."""
    frames, errors = {}, {}
    for name in BASE_LAYERS:
        frame, err = cache.layer(name, lang)
        if err:
            errors[name] = err
        else:
            frames[name] = frame
    frames["projects"] = selection
    return frames, errors


def _project_label(row: pd.Series, lang: str) -> str:
    mark = f" ({t('provenance.illustrative', lang)})" if row["provenance"] == "illustrative" else ""
    return f"{row['id']} · {row['name_en']}{mark}"


def render_map_and_card(selection: pd.DataFrame, countries: tuple[str, ...], lang: str) -> None:
    left, right = st.columns([2, 1], gap="medium")
    with left:
        frames, errors = map_frames(selection, lang)
        for name, message in errors.items():
            st.error(t("error.layer", lang, layer=name, problem=message))
        tiles = state.online_tiles()

        def build():  # base layers serialised once (layer_texts), not for every view
            return build_basin_map(frames, MapOptions(countries=countries, lang=lang, online_tiles=tiles),
                                   texts=cache.layer_texts())

        # Rendered once per view (countries, language, tiles, the chosen projects) and data version.
        view = (tuple(countries), lang, tiles, tuple(frames), tuple(selection["id"].astype(str)))
        args = cache.shared_map("projects", build, view, MAP_KEY, ("last_active_drawing",), layers=BASE_LAYERS,
                                registry=True)
        result = map_component.show(args, MAP_KEY, MAP_HEIGHT)
        st.caption(t("projects.map.caption", lang, count=len(selection)))
        picked = clicked_feature(result)
        if picked is None:
            st.session_state[MAP_SEEN_KEY] = None
        elif picked[0] == "project" and picked != st.session_state.get(MAP_SEEN_KEY):
            st.session_state[MAP_SEEN_KEY] = picked
            st.session_state[CARD_KEY] = picked[1]
    with right:
        render_card_picker(selection, lang)


def render_card_picker(selection: pd.DataFrame, lang: str) -> None:
    """A project chooser (set by a click on the map or a table row) and the chosen card."""
    ids = selection["id"].tolist()
    state.restore_from_link(CARD_KEY, "project", ids)
    if st.session_state.get(CARD_KEY) not in ids:
        st.session_state[CARD_KEY] = None
    labels = memo.per_frame(selection, ("labels", lang),
                            lambda: {r["id"]: _project_label(r, lang) for _, r in selection.iterrows()})
    chosen = st.selectbox(t("projects.card.pick", lang), ids, key=CARD_KEY, format_func=labels.get,
                          placeholder=t("projects.card.placeholder", lang))
    state.keep_in_link("project", chosen)
    if chosen is None:
        st.info(t("projects.card.none", lang))
        return
    render_project_card(selection[selection["id"] == chosen].iloc[0], lang)


def project_card_facts(row: pd.Series, lang: str) -> list[tuple[str, str]]:
    """Every field of one project as (label, text) pairs: the shared card facts plus id and Chinese name."""
    shown = row.copy()
    if pd.isna(shown.get("year_approved")):
        shown["year_approved"] = ""  # the shared card says "unknown" for empty values
    if isinstance(shown.get("status"), str):
        shown["status"] = t(f"projects.status.{shown['status']}", lang)
    facts = project_facts(shown, lang)
    head = [(t("projects.card.id", lang), str(row["id"])),
            (t("projects.card.name_zh", lang), str(row.get("name_zh") or "") or t("card.unknown", lang))]
    return head + facts


def render_project_card(row: pd.Series, lang: str) -> None:
    """The card: title, provenance warning, every field as a text table, and the source link."""
    illustrative = row["provenance"] == "illustrative"
    with st.container(border=True, key="card_project"):
        st.subheader(md_text(row["name_en"]), anchor=False)
        st.caption(t("card.project", lang) + " · " + t(f"provenance.{row['provenance']}", lang))
        if illustrative:
            st.warning(t("card.illustrative_warning", lang))
        render_facts(project_card_facts(row, lang), key="card_project_facts")
        url = projects.safe_url(row.get("source_url"))
        if url:
            st.link_button(t("projects.card.open_source", lang), url)
        else:
            st.caption(t("projects.card.no_source", lang))


# --------------------------------------------------------------------------- charts


def render_charts(selection: pd.DataFrame, countries: tuple[str, ...], lang: str) -> None:
    st.subheader(t("projects.charts.header", lang))
    cols = st.columns(3, gap="medium")
    shown = (tuple(selection["id"]),)  # the filters' result: the charts are made once per selection and language
    figures = (
        ("projects_chart_country", lambda: project_charts.country_figure(selection, lang, countries)),
        ("projects_chart_theme", lambda: project_charts.theme_figure(selection, lang)),
        ("projects_chart_year", lambda: project_charts.year_figure(selection, lang)),
    )
    for col, (key, build) in zip(cols, figures):
        with col:
            fig = cache.shared_figure(key, build, countries, lang, registry=True, key=shown)
            st.plotly_chart(fig, width="stretch", theme=None, key=key, config={"displaylogo": False})
    st.caption(t("projects.charts.caption", lang))


# --------------------------------------------------------------------------- table


def table_frame(selection: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The selection as shown in the table: display names, the link only for http(s) sources."""
    return pd.DataFrame(
        {
            "id": selection["id"],
            "provenance": selection["provenance"].map(lambda p: t(f"provenance.{p}", lang)),
            "name_en": selection["name_en"],
            "countries": selection["countries"].map(lambda cs: ", ".join(t(f"country.{c}", lang) for c in cs)),
            "theme": selection["theme"].map(lambda th: t(f"theme.{th}", lang)),
            "year_approved": selection["year_approved"],
            "status": selection["status"].map(lambda s: t(f"projects.status.{s}", lang)),
            "budget": selection["budget"],
            "currency": selection["currency"],
            "partner": selection["partner"],
            "source": selection["source_url"].map(projects.safe_url),
            "name_zh": selection["name_zh"],
            "summary": selection["summary"],
            "lat": selection["lat"],
            "lon": selection["lon"],
            "location_approximate": selection["location_approximate"],
        }
    ).reset_index(drop=True)


def _on_table_select() -> None:
    """A row picked in the table shows its card."""
    rows = st.session_state[TABLE_KEY].selection.rows
    ids = st.session_state.get(TABLE_IDS_KEY, [])
    if rows and rows[0] < len(ids):
        st.session_state[CARD_KEY] = ids[rows[0]]


def render_table(selection: pd.DataFrame, lang: str) -> None:
    st.subheader(t("projects.table.header", lang))
    st.caption(t("projects.table.caption", lang, count=len(selection)))
    frame = memo.per_frame(selection, ("table", lang), lambda: table_frame(selection, lang))
    st.session_state[TABLE_IDS_KEY] = frame["id"].tolist()
    col = st.column_config
    st.dataframe(
        frame,
        key=TABLE_KEY,
        hide_index=True,
        on_select=_on_table_select,
        selection_mode="single-row",
        height=min(38 + 35 * max(len(frame), 1), 460),
        placeholder=t("projects.table.missing", lang),
        column_config={
            "id": col.TextColumn(t("projects.col.id", lang), width="small", pinned=True),
            "provenance": col.TextColumn(t("projects.col.provenance", lang), width=96,
                                         help=t("projects.col.provenance_help", lang)),
            "name_en": col.TextColumn(t("projects.col.name_en", lang), width="large"),
            "countries": col.TextColumn(t("projects.col.countries", lang), width="medium"),
            "theme": col.TextColumn(t("projects.col.theme", lang), width="medium"),
            "year_approved": col.NumberColumn(t("projects.col.year", lang), format="%d", width=110,
                                              help=t("projects.col.year_help", lang)),
            "status": col.TextColumn(t("projects.col.status", lang), width=110),
            "budget": col.NumberColumn(t("projects.col.budget", lang), format="localized",
                                       help=t("projects.col.budget_help", lang)),
            "currency": col.TextColumn(t("projects.col.currency", lang), width="small"),
            "partner": col.TextColumn(t("projects.col.partner", lang), width="medium"),
            "source": col.LinkColumn(t("projects.col.source", lang), display_text=r"https?://(?:www\.)?([^/]+)",
                                     help=t("projects.col.source_help", lang)),
            "name_zh": col.TextColumn(t("projects.col.name_zh", lang), width="medium"),
            "summary": col.TextColumn(t("projects.col.summary", lang), width="large"),
            "lat": col.NumberColumn(t("projects.col.lat", lang), format="%.4f", width="small"),
            "lon": col.NumberColumn(t("projects.col.lon", lang), format="%.4f", width="small"),
            "location_approximate": col.CheckboxColumn(t("projects.col.approximate", lang), width="small"),
        },
    )


# --------------------------------------------------------------------------- exports


def _filter_notes(countries: tuple[str, ...], lang: str) -> list[tuple[str, str]]:
    """The filters behind an export, for its "About" sheet."""

    def chosen(key: str, label) -> str:
        values = st.session_state.get(key) or []
        return ", ".join(label(v) for v in values) if values else t("projects.export.all", lang)

    return [
        (t("projects.filter.countries_label", lang), country_list(countries, lang)),
        (t("projects.filter.theme", lang), chosen(THEME_KEY, lambda v: t(f"theme.{v}", lang))),
        (t("projects.filter.year", lang), chosen(YEAR_KEY, lambda v: t("projects.year_unknown", lang)
                                                 if v == project_selection.YEAR_UNKNOWN else str(v))),
        (t("projects.filter.status", lang), chosen(STATUS_KEY, lambda v: t(f"projects.status.{v}", lang))),
        (t("projects.filter.provenance", lang), chosen(PROVENANCE_KEY, lambda v: t(f"provenance.{v}", lang))),
    ]


def render_exports(selection: pd.DataFrame, countries: tuple[str, ...], lang: str) -> None:
    stamp = _dt.date.today().strftime("%Y%m%d")
    cols = st.columns([1, 1, 4])
    with cols[0]:
        st.download_button(
            t("projects.export.csv", lang, count=len(selection)),
            data=functools.partial(project_export.export_csv, selection),  # made when clicked
            file_name=f"lmc-projects-{stamp}.csv",
            mime="text/csv",
            on_click="ignore",
            key="projects_export_csv",
            width="stretch",
        )
    with cols[1]:
        st.download_button(
            t("projects.export.xlsx", lang, count=len(selection)),
            data=functools.partial(project_export.export_xlsx, selection, about=_filter_notes(countries, lang),
                                   lang=lang),
            file_name=f"lmc-projects-{stamp}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
            key="projects_export_xlsx",
            width="stretch",
        )
    with cols[2]:
        st.caption(t("projects.export.caption", lang))


# --------------------------------------------------------------------------- import


def check_upload(data: bytes, filename: str) -> dict:
    """Check an uploaded list without writing anything: rows and every problem."""
    try:
        raw = projects.read_upload(data, filename)
    except projects.UploadError as exc:
        return {"rows": 0, "problems": [exc.problem()]}
    problems = projects.validate_registry(raw, countries_geom=cache.countries_outline())
    rows = 0 if problems else len(projects.parse_registry(raw))
    return {"rows": rows, "problems": problems}


def problems_frame(problems: list[projects.Problem], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("projects.import.col_line", lang): [p.line for p in problems],
            t("projects.import.col_column", lang): [p.column or "" for p in problems],
            t("projects.import.col_problem", lang): [p.text(lang) for p in problems],
        }
    ).astype({t("projects.import.col_line", lang): "Int64"})


def render_import(lang: str) -> None:
    st.divider()
    st.subheader(t("projects.import.header", lang))
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.markdown(t("projects.import.howto", lang))
        st.download_button(t("projects.import.template", lang), data=projects.template_csv,
                           file_name="lmc-projects-template.csv", mime="text/csv", on_click="ignore",
                           key="projects_template")
    with right:
        gen = st.session_state.get(UPLOAD_GEN_KEY, 0)
        uploaded = st.file_uploader(t("projects.import.upload", lang), type=["csv", "xlsx"],
                                    max_upload_size=projects.MAX_UPLOAD_BYTES // 2**20,
                                    key=f"projects_upload_{gen}", help=t("projects.import.upload_help", lang))
        if uploaded is None:
            return
        data = uploaded.getvalue()
        check = st.session_state.get(CHECK_KEY)
        if not check or check.get("file_id") != uploaded.file_id:
            check = {"file_id": uploaded.file_id, **check_upload(data, uploaded.name)}
            st.session_state[CHECK_KEY] = check
        name = md_text(Path(uploaded.name).name)
        if check["problems"]:
            st.error(t("projects.import.refused", lang, file=name, count=len(check["problems"])))
            st.dataframe(problems_frame(check["problems"], lang), hide_index=True, key="projects_import_problems",
                         column_config={
                             t("projects.import.col_line", lang): st.column_config.NumberColumn(
                                 help=t("projects.import.col_line_help", lang)),
                             t("projects.import.col_problem", lang): st.column_config.TextColumn(width="large"),
                         })
            return
        st.success(t("projects.import.passed", lang, file=name, rows=check["rows"]))
        if st.button(t("projects.import.replace", lang, rows=check["rows"]), type="primary", key="projects_import_go"):
            try:
                result = projects.import_registry(data, uploaded.name, countries_geom=cache.countries_outline())
            except OSError as exc:  # e.g. a read-only data folder: import_registry leaves no file behind
                where = md_text(exc.filename or paths.projects_path())
                st.error(t("projects.import.write_failed", lang, path=where, problem=md_text(exc.strerror or exc)))
                return
            except DataFileError as exc:  # the shared database unreachable: its transaction wrote nothing
                st.error(t("projects.import.write_failed", lang, path=md_text(exc.path), problem=md_text(
                    exc.message(lang))))
                return
            if not result.ok:
                st.session_state[CHECK_KEY] = {"file_id": uploaded.file_id, "rows": 0, "problems": result.problems}
                st.rerun()
            backup = result.backup.name if result.backup else t("projects.import.no_backup", lang)
            st.session_state[IMPORTED_KEY] = t("projects.import.done", lang, rows=result.rows, backup=md_text(backup))
            st.session_state.pop(CHECK_KEY, None)
            st.session_state[UPLOAD_GEN_KEY] = gen + 1
            st.rerun()
