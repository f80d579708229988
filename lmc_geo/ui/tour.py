"""The presenter tour: prepared scenes for a projector, one at a time, in the reader's language.

Each scene shows a view (the basin map, the Lancang cascade, a hydrograph against its record, the
projects, the timeline) beside two or three sentences and their sources. Next and Previous are
buttons and a presenter's clicker keys (PageDown/PageUp, the arrow keys); the scene is in the link
(``?scene=3``); an optional auto-advance moves on by itself. The layout is for a projector: large
type, the sidebar folded, one screen without scrolling at 1920×1080 and 1280×720.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lmc_geo import tour
from lmc_geo.dams import charts as dam_charts
from lmc_geo.i18n import t
from lmc_geo.maps.overview import basin_overview_map
from lmc_geo.projects import charts as project_charts
from lmc_geo.schema import COUNTRIES
from lmc_geo.ui import cache, state
from lmc_geo.ui.components import render_events, render_station_hydrograph, render_svg
from lmc_geo.validate import DataFileError

SCENE_KEY = "tour_scene"
AUTO_KEY = "tour_auto"
QUERY_SCENE = "scene"
AUTO_SECONDS = 20
VISUAL_HEIGHT = 470
MAP_LAYERS = ("countries", "basin_countries", "basin", "rivers", "lakes", "stations")

#: Projector layout: large type, no page padding to speak of; the clicker-key buttons are hidden.
TOUR_CSS = """
.st-key-tour_page p, .st-key-tour_page li { font-size: 1.35rem; line-height: 1.45; }
.st-key-tour_page h1 { font-size: 2.3rem; padding-top: 0; }
.st-key-tour_page .stCaption p, .st-key-tour_page [data-testid="stCaptionContainer"] p { font-size: 0.95rem; }
.st-key-tour_keys { display: none; }
.st-key-tour_page table td, .st-key-tour_page table th { font-size: 0.9rem; padding: 0.2rem 0.5rem; }
[data-testid="stMainBlockContainer"] { padding-top: 3.6rem; padding-bottom: 0.5rem; }
@media (max-height: 760px) {  /* a 1280x720 projector: a little smaller, so a scene still fits */
  .st-key-tour_page p, .st-key-tour_page li { font-size: 1.2rem; line-height: 1.4; }
  .st-key-tour_page h1 { font-size: 2rem; }
}
"""


def current_scene(lang: str) -> int:
    """The scene shown (1-based): the session's, else the link's; an unknown ``?scene=`` gets a line."""
    if SCENE_KEY not in st.session_state:
        raw = state.query_value(QUERY_SCENE)
        number = tour.scene_number(raw)
        if raw is not None and number is None:
            st.warning(t("tour.unknown_scene", lang, scene=str(raw)[:20], count=len(tour.SCENES)))
        st.session_state[SCENE_KEY] = number or 1
    return int(st.session_state[SCENE_KEY])


def _move(step: int) -> None:
    now = int(st.session_state.get(SCENE_KEY, 1))
    st.session_state[SCENE_KEY] = min(max(now + step, 1), len(tour.SCENES))


def render_navigation(number: int, lang: str) -> None:
    last = len(tour.SCENES)
    st.markdown(t("tour.position", lang, n=number, count=last))
    prev, nxt = st.columns(2, vertical_alignment="center")
    prev.button(t("tour.previous", lang), key="tour_prev", on_click=_move, args=(-1,), disabled=number == 1,
                icon=":material/arrow_back:", shortcut="PageUp", width="stretch")
    nxt.button(t("tour.next", lang), key="tour_next", on_click=_move, args=(1,), disabled=number == last,
               icon=":material/arrow_forward:", shortcut="PageDown", width="stretch", type="primary")
    st.toggle(t("tour.auto", lang, seconds=AUTO_SECONDS), key=AUTO_KEY, help=t("tour.auto_help", lang))
    with st.container(key="tour_keys"):  # the arrow keys too (a clicker sends either)
        st.button("←", key="tour_prev_arrow", on_click=_move, args=(-1,), shortcut="Left")
        st.button("→", key="tour_next_arrow", on_click=_move, args=(1,), shortcut="Right")


@st.fragment(run_every=AUTO_SECONDS)
def _auto_advance() -> None:
    if st.session_state.get(AUTO_KEY) and st.session_state.get("_tour_ticks", 0):
        number = int(st.session_state.get(SCENE_KEY, 1))
        st.session_state[SCENE_KEY] = 1 if number >= len(tour.SCENES) else number + 1
        st.rerun(scope="app")
    st.session_state["_tour_ticks"] = 1  # the first run is the page's own, not a tick


def render_visual(scene: tour.Scene, lang: str) -> None:
    if scene.view == "overview_map":
        layers = {name: frame for name in MAP_LAYERS if (frame := cache.layer(name, lang)[0]) is not None}
        if layers:
            fig = basin_overview_map(layers, COUNTRIES, lang, height=VISUAL_HEIGHT)
            st.plotly_chart(fig, width="stretch", key=f"tour_map_{scene.key}", config=dam_charts.CONFIG)
    elif scene.view == "cascade":
        dams, err = cache.layer("dams", lang)
        if dams is not None:
            main = dams[dams["mainstream"].fillna(False).astype(bool)]
            svg, _, _ = cache.dam_cascade(tuple(main["dam_id"].astype(str)), lang)
            if svg:
                with st.container(key="tour_cascade"):
                    render_svg(svg)
        else:
            st.error(t("error.layer", lang, layer=t("layer.dams", lang), problem=err))
    elif scene.view == "band":
        stations, err = cache.layer("stations", lang)
        rows = stations[stations["station_id"] == scene.station] if stations is not None else pd.DataFrame()
        if rows.empty:
            st.error(t("tour.no_station", lang, station=scene.station))
        else:
            render_station_hydrograph(rows.iloc[0], lang, key=f"tour_{scene.key}", year=scene.year, link=False)
    elif scene.view == "projects":
        registry, err = cache.projects()
        if registry is not None:
            fig = project_charts.country_theme_figure(registry, lang, COUNTRIES, height=VISUAL_HEIGHT)
            st.plotly_chart(fig, width="stretch", key="tour_projects", config=dam_charts.CONFIG)
        else:
            st.error(t("projects.error.registry", lang, problem=err))
    elif scene.view == "timeline":
        render_events("cooperation", lang, sources=False)  # cited under the text


def render(countries: tuple[str, ...], lang: str) -> None:
    """The Tour page: one scene at a time (all six countries: the tour is the basin's story)."""
    st.set_page_config(initial_sidebar_state="collapsed")  # a projector needs the whole screen
    st.html(f"<style>{TOUR_CSS}</style>")
    number = current_scene(lang)
    state.set_query_value(QUERY_SCENE, str(number))
    scene = tour.SCENES[number - 1]
    with st.container(key="tour_page"):
        text_col, visual_col = st.columns([2, 3], gap="large")
        with text_col:
            try:
                figures, problem = cache.tour_figures(scene.key, lang), None
            except (DataFileError, KeyError, ValueError) as exc:  # a broken data file: say which, keep going
                figures = None
                problem = exc.message(lang) if isinstance(exc, DataFileError) else str(exc)
            st.title(t(f"tour.{scene.key}.title", lang, **(figures or {})), anchor=False)
            if problem:
                st.error(t("tour.no_figures", lang, problem=problem))
            if figures is not None:
                st.markdown(t(f"tour.{scene.key}.text", lang, **figures))
            st.caption(t(f"tour.{scene.key}.sources", lang))
            if scene.map_link:
                state.page_link("basin_map", t("tour.open_map", lang), dict(scene.map_link), icon=":material/map:")
            render_navigation(number, lang)
        with visual_col:
            render_visual(scene, lang)
    _auto_advance()
