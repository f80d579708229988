"""The basin map view: load layers, filter by country, draw, and show the clicked card."""

from __future__ import annotations

import datetime as _dt
import re

import pandas as pd
import streamlit as st

from lmc_geo.briefing.content import BriefingRequest
from lmc_geo.filters import by_countries, isin
from lmc_geo.i18n import country_list, format_day, t
from lmc_geo.maps.basin_map import BASE_LAYERS, MapOptions, build_basin_map
from lmc_geo.text import shown_value
from lmc_geo.ui import cache, map_component, state
from lmc_geo.ui.components import (
    clicked_feature,
    md_text,
    render_briefing_downloads,
    render_card,
    render_station_hydrograph,
)

POINT_LAYERS = ("stations", "dams")
MAP_KEY = "basin_map"


def load_map_layers(countries: tuple[str, ...], lang: str) -> tuple[dict, dict]:
    """Every layer, point layers filtered by country; plus {layer: error message} for the broken ones."""
    frames, errors = {}, {}
    for name in BASE_LAYERS + POINT_LAYERS:
        frame, err = cache.layer(name, lang)
        if err:
            errors[name] = err
            continue
        frames[name] = by_countries(frame, countries) if name in POINT_LAYERS else frame
    registry, err = cache.projects()
    if err:
        errors["projects"] = err
    else:
        frames["projects"] = by_countries(registry, countries, column="countries")
    return frames, errors


def link_day(value) -> _dt.date | None:
    """A link's ``YYYY-MM-DD`` as a date, or None for anything else (no guessing at other forms).

    >>> link_day("2008-08-15"), link_day("2008-02-30"), link_day("-1"), link_day("20080815")
    (datetime.date(2008, 8, 15), None, None, None)
    """
    text = str(value or "")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return None


def as_of_control(lang: str) -> str | None:
    """The "gauges as of" date (in the link as ?asof=YYYY-MM-DD); None when status colours are off."""
    catalogue, err = cache.series_catalogue()
    if err:  # say why the gauges have no status colours and the date control is gone
        st.warning(t("map.as_of_unavailable", lang, problem=err))
        return None
    if catalogue is None or catalogue.empty:
        return None
    levels = catalogue[catalogue.variable == "water_level_m"]
    first, last = pd.to_datetime(levels.first_date).min(), pd.to_datetime(levels.last_date).max()
    if levels.empty or pd.isna(first) or pd.isna(last):  # no water levels: gauges drawn without status
        return None
    first, last = first.date(), last.date()
    if state.AS_OF_KEY not in st.session_state:
        wanted = state.query_value(state.QUERY_AS_OF)
        day = link_day(wanted)
        if wanted and day is None:  # say so, quoting the value short, and show the latest day
            st.warning(t("map.as_of_bad_link", lang, value=md_text(shown_value(wanted)), day=format_day(last, lang)))
        st.session_state[state.AS_OF_KEY] = min(max(day or last, first), last)
    left, right = st.columns([1, 3])
    with left:
        day = st.date_input(t("map.as_of", lang), key=state.AS_OF_KEY, min_value=first, max_value=last,
                            help=t("map.as_of_help", lang))
    with right:
        st.caption(t("map.as_of_examples", lang))
    iso = day.isoformat()
    state.set_query_value(state.QUERY_AS_OF, None if iso == last.isoformat() else iso)
    return iso


def render(countries: tuple[str, ...], lang: str, height: int = 760) -> None:
    """The Basin map page: the shared ``countries`` (ISO codes, upstream first) in language ``lang``."""
    st.title(t("map.header", lang))
    as_of = as_of_control(lang)
    restore_selected()
    frames, errors = load_map_layers(countries, lang)
    status = None
    if as_of and "stations" in frames:
        status, err = cache.station_status(as_of)
        if err:
            errors["water levels"] = err
    for name, message in errors.items():
        st.error(t("error.layer", lang, layer=name, problem=message))
    if not frames:
        st.error(t("error.no_layers", lang))
        return
    names = country_list(countries, lang)
    st.caption(
        t(
            "map.caption",
            lang,
            stations=len(frames.get("stations", [])),
            dams=len(frames.get("dams", [])),
            projects=len(frames.get("projects", [])),
            countries=names,
        )
    )
    picked = st.session_state.get(state.SELECTED_FEATURE_KEY)
    station = picked[1] if picked and picked[0] == "station" else None
    render_briefing_downloads(BriefingRequest(countries, lang, as_of, station), "map")
    tiles = state.online_tiles()

    def build():
        shown = status if status is None else status[isin(status["station_id"], frames["stations"]["station_id"])]
        options = MapOptions(countries=countries, lang=lang, online_tiles=tiles, as_of=as_of, station_status=shown)
        return build_basin_map(frames, options, texts=cache.layer_texts())

    # Rendered once per view (countries, language, tiles, date, layers that loaded) and data version.
    view = (tuple(countries), lang, tiles, as_of, tuple(frames), status is not None)
    args = cache.shared_map("basin", build, view, MAP_KEY, ("last_active_drawing",),
                            layers=BASE_LAYERS + POINT_LAYERS, registry=True,
                            series=("water_level_m",) if status is not None else ())
    result = map_component.show(args, MAP_KEY, height)
    picked = clicked_feature(result)
    if picked:
        st.session_state[state.SELECTED_FEATURE_KEY] = picked
    render_selected(frames, lang)


def restore_selected() -> None:
    """The clicked feature from the link (``?feature=station:011901``) on the first draw."""
    raw = state.query_value("feature")
    if state.SELECTED_FEATURE_KEY in st.session_state or not raw or ":" not in raw:
        return
    kind, fid = raw[:200].split(":", 1)
    if kind in ("station", "dam", "project") and fid:
        st.session_state[state.SELECTED_FEATURE_KEY] = (kind, fid)


def render_selected(frames: dict, lang: str) -> None:
    picked = st.session_state.get(state.SELECTED_FEATURE_KEY)
    state.keep_in_link("feature", f"{picked[0]}:{picked[1]}" if picked else None)
    if not picked:
        st.info(t("card.none", lang))
        return
    kind, fid = picked
    layer, id_col = {"station": ("stations", "station_id"), "dam": ("dams", "dam_id"), "project": ("projects", "id")}[
        kind
    ]
    frame = frames.get(layer)
    if frame is None:
        return
    rows = frame[frame[id_col].astype(str) == fid]
    if rows.empty:  # filtered out by the country selection
        st.info(t("card.none", lang))
        return
    if kind == "station":
        left, right = st.columns([2, 3])
        with left:
            render_card(kind, rows.iloc[0], lang)
        with right:
            render_station_hydrograph(rows.iloc[0], lang, key="map_hydrograph")
    else:
        render_card(kind, rows.iloc[0], lang)
