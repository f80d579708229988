"""The Overview (landing) page: key figures, basin shares, a small map, dams, projects, timeline."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lmc_geo import memo
from lmc_geo.dams import charts as dam_charts
from lmc_geo.filters import by_countries
from lmc_geo.i18n import t
from lmc_geo.maps import overview as overview_maps
from lmc_geo.projects import charts as project_charts
from lmc_geo.ui import cache
from lmc_geo.ui.components import FigureRow, render_events

#: The small map draws the basin by country, rivers and gauges; dams and projects have their pages.
#: It is a static plotly figure (no map library, no tiles): light, and the same offline.
MAP_LAYERS = ("countries", "basin_countries", "basin", "rivers", "lakes", "stations")
MAP_HEIGHT = 640


def _layers(lang: str) -> tuple[dict, dict]:
    frames, errors = {}, {}
    for name in ("basin", "basin_countries", "stations", "dams"):
        frame, err = cache.layer(name, lang)
        if err:
            errors[name] = err
        else:
            frames[name] = frame
    registry, err = cache.projects()
    if err:
        errors["projects"] = err
    else:
        frames["projects"] = registry
    return frames, errors


def render_key_figures(frames: dict, countries: tuple[str, ...], lang: str) -> None:
    row = FigureRow("overview_figures")
    basin = frames.get("basin")
    row.metric(t("overview.kf.area", lang), f"{int(basin['area_km2'].iloc[0]):,} km²" if basin is not None else "-",
                   help=t("overview.kf.area_help", lang))
    row.metric(t("overview.kf.countries", lang), f"{len(countries)}")
    stations = frames.get("stations")
    if stations is not None:
        sel = by_countries(stations, countries)
        row.metric(t("overview.kf.stations", lang), f"{len(sel):,}",
                       help=t("overview.kf.stations_help", lang, series=int(sel["has_series"].sum()),
                              levels=int(sel["alarm_m"].notna().sum())))
    dams = frames.get("dams")
    if dams is not None:
        sel = by_countries(dams, countries)
        row.metric(t("overview.kf.dams", lang), f"{len(sel):,}",
                       help=t("overview.kf.dams_help", lang, operational=int((sel["status"] == "Operational").sum())))
    registry = frames.get("projects")
    if registry is not None:
        sel = by_countries(registry, countries, column="countries")
        row.metric(t("overview.kf.projects", lang), f"{len(sel):,}",
                       help=t("overview.kf.projects_help", lang,
                              documented=int((sel["provenance"] == "documented").sum()),
                              illustrative=int((sel["provenance"] == "illustrative").sum())))


def share_table(parts: pd.DataFrame, lang: str, basin_area_km2: int | None = None) -> pd.DataFrame:
    """Area and share per country, upstream to downstream, with the total row.

    With ``basin_area_km2`` (the headline area of the basin outline) the total is that area: the
    part of the outline in no country's outline (past the coastline at the delta) has a row of
    its own, with no share, since shares are of the basin's part in the six countries.
    """
    def row(name: str, area: float, share: str) -> dict[str, str]:
        return {t("overview.share.country", lang): name, t("overview.share.area", lang): f"{int(area):,}",
                t("overview.share.share", lang): share}

    rows = [row(t(f"country.{r.iso2}", lang), r.area_km2, f"{r.share_pct:.1f}") for r in parts.itertuples(index=False)]
    total = int(parts["area_km2"].sum())
    if basin_area_km2 is not None and int(basin_area_km2) != total:
        rest = int(basin_area_km2) - total
        key = "overview.share.outside" if rest > 0 else "overview.share.overlap"
        rows.append(row(t(key, lang), rest, t("overview.share.no_share", lang)))
        total = int(basin_area_km2)
    rows.append(row(t("overview.share.total", lang), total, f"{parts['share_pct'].sum():.1f}"))
    return pd.DataFrame(rows).set_index(t("overview.share.country", lang))


def render_basin(frames: dict, countries: tuple[str, ...], lang: str) -> None:
    left, right = st.columns([1, 1.15])
    parts = frames.get("basin_countries")
    basin = frames.get("basin")
    with left:
        st.subheader(t("overview.share.header", lang))
        if parts is None:
            st.info(t("overview.share.missing", lang))
        else:
            fig = cache.shared_figure("overview_share", lambda: overview_maps.basin_share_chart(parts, lang), (), lang,
                                      layers=("basin_countries",))
            st.plotly_chart(fig, width="stretch", key="overview_share", config=dam_charts.CONFIG)
            area = int(basin["area_km2"].iloc[0]) if basin is not None else None
            st.table(memo.per_frame(parts, ("share_table", lang, area), lambda: share_table(parts, lang, area)))
            st.caption(t("overview.share.caption", lang))
    with right:
        st.subheader(t("overview.map.header", lang))
        render_small_map(frames, countries, lang)


def render_small_map(frames: dict, countries: tuple[str, ...], lang: str) -> None:
    layers = {}
    for name in MAP_LAYERS:
        frame = frames.get(name)
        if frame is None:
            frame, _ = cache.layer(name, lang)
        if frame is not None:
            layers[name] = by_countries(frame, countries) if name == "stations" else frame
    if not layers:
        st.info(t("error.no_layers", lang))
        return
    fig = cache.shared_figure("overview_map", lambda: overview_maps.basin_overview_map(
        layers, countries, lang, height=MAP_HEIGHT), countries, lang, layers=tuple(layers))
    st.plotly_chart(fig, width="stretch", key="overview_map", config={**dam_charts.CONFIG, "displayModeBar": False})
    st.caption(t("overview.map.caption", lang))


def render_dams_projects(frames: dict, countries: tuple[str, ...], lang: str) -> None:
    left, right = st.columns(2)
    with left:
        st.subheader(t("overview.dams.header", lang))
        dams = frames.get("dams")
        if dams is not None:
            fig = cache.shared_figure("overview_dams", lambda: dam_charts.dams_by_status(
                by_countries(dams, countries), lang), countries, lang, layers=("dams",))
            st.plotly_chart(fig, width="stretch", key="overview_dams", config=dam_charts.CONFIG)
            st.caption(t("overview.dams.caption", lang))
    with right:
        st.subheader(t("overview.projects.header", lang))
        registry = frames.get("projects")
        if registry is not None:
            sel = by_countries(registry, countries, column="countries")
            illustrative = int((sel["provenance"] == "illustrative").sum())
            if illustrative:
                st.warning(t("overview.projects.illustrative", lang, n=illustrative, total=len(sel)))
            if len(sel):
                fig = cache.shared_figure("overview_projects", lambda: project_charts.country_theme_figure(
                    sel, lang, countries), countries, lang, registry=True)
                st.plotly_chart(fig, width="stretch", key="overview_projects", config=dam_charts.CONFIG)
                st.caption(t("overview.projects.caption", lang))


def render_timeline(lang: str) -> None:
    st.subheader(t("overview.timeline.header", lang))
    render_events("cooperation", lang, both_languages=True)
    st.caption(t("overview.timeline.caption", lang))


def render(countries: tuple[str, ...], lang: str) -> None:
    """The Overview (landing) page: the shared ``countries`` (ISO codes, upstream first) in language ``lang``."""
    st.title(t("overview.title", lang))
    st.markdown(f"##### {t('app.subtitle', lang)}")
    frames, errors = _layers(lang)
    for name, message in errors.items():
        st.error(t("error.layer", lang, layer=name, problem=message))
    render_key_figures(frames, countries, lang)
    render_basin(frames, countries, lang)
    render_dams_projects(frames, countries, lang)
    render_timeline(lang)
