"""The basin map drawn on the server for paper: no browser, no network, no tiles.

matplotlib draws the same layers, colours and symbols as the interactive map (DESIGN.md): the six
countries with the selected ones stronger, the basin outline, rivers and Tonle Sap, the gauges
coloured by their status on the "as of" day, dams by status and sized by capacity, and the
cooperation projects by theme (illustrative records hollow). The map carries its legend, a scale
bar, a north arrow and the source line; text is drawn as outlines in the SVG (shaped by matplotlib's
HarfBuzz layout), so the document embeds no font for it.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from lmc_geo.briefing.content import Briefing
from lmc_geo.briefing.fonts import FAMILIES
from lmc_geo.filters import country_mask
from lmc_geo.i18n import country_label, t
from lmc_geo.maps.basin_map import dam_radius
from lmc_geo.schema import (
    COUNTRIES,
    DAM_STATUS_COLOURS,
    DAM_STATUSES,
    PALETTE,
    STATUS_COLOURS,
    THEME_COLOURS,
    THEMES,
)

#: Fonts in the order matplotlib falls back through them (Latin, Chinese, then each script).
FONT_FAMILIES = [*FAMILIES, "DejaVu Sans"]
STYLE = {"font.family": FONT_FAMILIES, "svg.fonttype": "path", "font.size": 8}
GAUGE_STATUSES = ("flood", "alarm", "high", "normal", "low", "no_threshold", "no_data")
EARTH_KM_PER_DEG = 111.32
#: Parts of the chosen countries' basin smaller than this share of the largest part do not set the frame.
MAIN_PART_SHARE = 0.05


@dataclass(frozen=True)
class StaticMap:
    """The drawn map (SVG bytes) and how many features of each point layer it shows."""

    svg: bytes
    counts: dict[str, int]


def _extent(briefing: Briefing) -> tuple[float, float, float, float]:
    """Longitude and latitude bounds: the basin in the selected countries, with a margin."""
    basin = briefing.layers["basin"]
    countries = briefing.layers["countries"]
    chosen = countries[country_mask(countries, briefing.request.countries) & countries["lmc"].fillna(False)]
    if tuple(briefing.request.countries) == COUNTRIES or chosen.empty:
        x0, y0, x1, y1 = basin.total_bounds
    else:
        part = gpd.overlay(basin[["geometry"]], chosen[["geometry"]], how="intersection", keep_geom_type=True)
        pieces = part.explode(index_parts=False)
        # Framed on the main parts: a sliver of a country far up a tributary would zoom the map out.
        pieces = pieces[pieces.area >= pieces.area.max() * MAIN_PART_SHARE] if len(pieces) else pieces
        x0, y0, x1, y1 = (pieces if not pieces.empty else chosen).total_bounds
    pad = max(x1 - x0, y1 - y0) * 0.06 + 0.3
    return x0 - pad, x1 + pad, y0 - pad, y1 + pad


def _fit(extent: tuple[float, float, float, float], ratio: float) -> tuple[float, float, float, float]:
    """Widen the extent to the frame's width/height ratio (on the map's own aspect)."""
    x0, x1, y0, y1 = extent
    aspect = 1 / math.cos(math.radians((y0 + y1) / 2))
    width, height = x1 - x0, (y1 - y0) * aspect
    if width / height < ratio:
        grow = (height * ratio - width) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = (width / ratio - height) / 2 / aspect
        y0, y1 = y0 - grow, y1 + grow
    return x0, x1, y0, y1


def _scale_bar(ax, extent) -> None:
    x0, x1, y0, y1 = extent
    km_per_deg = EARTH_KM_PER_DEG * math.cos(math.radians((y0 + y1) / 2))
    target = (x1 - x0) * km_per_deg / 5
    length = max(s for s in (10, 20, 50, 100, 200, 250, 500, 1000) if s <= max(target, 10))
    span = length / km_per_deg
    bx, by = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04
    ax.plot([bx, bx + span], [by, by], color="#222222", lw=2.2, solid_capstyle="butt", zorder=20)
    for tick in (bx, bx + span):
        ax.plot([tick, tick], [by, by + (y1 - y0) * 0.008], color="#222222", lw=1, zorder=20)
    ax.text(bx + span / 2, by + (y1 - y0) * 0.012, f"{length:,} km", ha="center", va="bottom", fontsize=7,
            color="#222222", zorder=20)


def _north_arrow(ax, extent) -> None:
    x0, x1, y0, y1 = extent
    x, y = x1 - (x1 - x0) * 0.05, y1 - (y1 - y0) * 0.12
    ax.annotate("N", xy=(x, y + (y1 - y0) * 0.07), xytext=(x, y), ha="center", va="center", fontsize=10,
                fontweight="bold", color="#222222", zorder=20,
                arrowprops={"arrowstyle": "-|>", "color": "#222222", "lw": 1.2})


def _capacity_size(capacity) -> np.ndarray:
    """Marker area (points²) from the interactive map's radius rule (square-root scale of capacity)."""
    radius_px = np.array([dam_radius(None if pd.isna(c) else float(c)) for c in pd.to_numeric(capacity)])
    return (radius_px * 0.75 * 0.8) ** 2 * math.pi / 2


def draw_map(briefing: Briefing, width_in: float = 7.2, height_in: float = 5.6) -> StaticMap:
    """The briefing's map as SVG; ``counts`` says how many stations, dams and projects it draws."""
    fig = Figure(figsize=(width_in, height_in), dpi=100)
    with rc_context(STYLE):
        ax = fig.add_axes((0, 0, 1, 1))
        extent = _fit(_extent(briefing), width_in / height_in)
        x0, x1, y0, y1 = extent
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))
        ax.set_facecolor(PALETTE["sea"])
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_edgecolor("#8c8c8c")
        counts = _draw_layers(ax, briefing)
        ax.set_xlabel("")  # geopandas names the axes after the CRS; a map needs no axis titles
        ax.set_ylabel("")
        _country_labels(ax, briefing, extent)
        _legend(ax, briefing)
        _scale_bar(ax, extent)
        _north_arrow(ax, extent)
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return StaticMap(out.getvalue(), counts)


def _draw_layers(ax, briefing: Briefing) -> dict[str, int]:
    layers = briefing.layers
    countries = layers["countries"]
    lmc = countries["lmc"].fillna(False).astype(bool)
    selected = country_mask(countries, briefing.request.countries) & lmc
    countries[~lmc].plot(ax=ax, color=PALETTE["land_other"], edgecolor="none", zorder=1)
    countries[lmc & ~selected].plot(ax=ax, color=PALETTE["land_lmc"], edgecolor="none", zorder=1)
    countries[selected].plot(ax=ax, color=PALETTE["land_selected"], edgecolor="none", zorder=1)
    layers["borders"].plot(ax=ax, color=PALETTE["border"], linewidth=0.5, zorder=2)
    basin = layers["basin"]
    basin.plot(ax=ax, color=PALETTE["basin"], alpha=0.06, edgecolor="none", zorder=3)
    basin.boundary.plot(ax=ax, color=PALETTE["basin"], linewidth=1.4, zorder=4)
    rivers = layers["rivers"]
    tributary = rivers[rivers["kind"] == "tributary"]
    widths = np.where(pd.to_numeric(tributary["strahler"], errors="coerce").fillna(0) >= 6, 0.8, 0.45)
    tributary.plot(ax=ax, color=PALETTE["mainstream"], linewidth=widths, alpha=0.7, zorder=5)
    rivers[rivers["kind"] == "tonle_sap_river"].plot(ax=ax, color=PALETTE["mainstream"], linewidth=1.2, zorder=5)
    rivers[rivers["kind"] == "mainstream"].plot(ax=ax, color=PALETTE["mainstream"], linewidth=2.0, zorder=6)
    layers["lakes"].plot(ax=ax, color=PALETTE["lake"], edgecolor=PALETTE["mainstream"], linewidth=0.3, zorder=6)

    projects = briefing.projects
    for theme in THEMES:
        rows = projects[projects["theme"] == theme]
        illustrative = rows["provenance"] == "illustrative"
        colour = THEME_COLOURS[theme]
        ax.scatter(rows.loc[~illustrative, "lon"], rows.loc[~illustrative, "lat"], marker="D", s=26, c=colour,
                   edgecolors="white", linewidths=0.5, zorder=8)
        ax.scatter(rows.loc[illustrative, "lon"], rows.loc[illustrative, "lat"], marker="D", s=26,
                   facecolors="none", edgecolors=colour, linewidths=1.0, zorder=8)

    dams = briefing.dams[briefing.dams["lat"].notna() & briefing.dams["lon"].notna()]
    for status in DAM_STATUSES:
        rows = dams[dams["status"] == status]
        colour = DAM_STATUS_COLOURS[status]
        sizes = _capacity_size(rows["capacity_mw"])
        if colour:
            ax.scatter(rows["lon"], rows["lat"], s=sizes, c=colour, alpha=0.85, edgecolors="white",
                       linewidths=0.3, zorder=9)
        else:
            ax.scatter(rows["lon"], rows["lat"], s=sizes, facecolors="none", edgecolors="#666666",
                       linewidths=0.6, zorder=9)

    stations = briefing.stations.merge(briefing.status[["station_id", "status"]], on="station_id", how="left")
    stations["status"] = stations["status"].fillna("no_data")
    for status in GAUGE_STATUSES:
        rows = stations[stations["status"] == status]
        colour = STATUS_COLOURS[status]
        if colour:
            ax.scatter(rows["lon"], rows["lat"], marker="o", s=30, c=colour, edgecolors="#222222",
                       linewidths=0.6, zorder=10)
        else:
            ax.scatter(rows["lon"], rows["lat"], marker="o", s=30, facecolors="white", edgecolors="#969696",
                       linewidths=1.2, zorder=10)
    if briefing.station_row is not None:
        row = briefing.station_row
        ax.scatter([row["lon"]], [row["lat"]], marker="o", s=120, facecolors="none", edgecolors="#222222",
                   linewidths=1.4, zorder=11)
        ax.annotate(str(row["name"]), (row["lon"], row["lat"]), xytext=(6, 6), textcoords="offset points",
                    fontsize=8, fontweight="bold", color="#222222", zorder=12)
    return {"stations": len(stations), "dams": len(dams), "projects": len(projects)}


def _country_labels(ax, briefing: Briefing, extent) -> None:
    x0, x1, y0, y1 = extent
    countries = briefing.layers["countries"]
    for row in countries[countries["lmc"].fillna(False).astype(bool)].itertuples():
        point = row.geometry.representative_point()
        if not (x0 < point.x < x1 and y0 < point.y < y1):
            continue
        strong = row.iso2 in briefing.request.countries
        ax.text(point.x, point.y, country_label(row.iso2, briefing.lang).replace(" · ", "\n"), ha="center",
                va="center", fontsize=9 if strong else 7.5, fontweight="bold" if strong else "normal",
                color=PALETTE["label"], alpha=1 if strong else 0.75, zorder=15, linespacing=1.1)


def _legend(ax, briefing: Briefing) -> None:
    lang = briefing.lang
    handles = [Line2D([], [], color=PALETTE["basin"], lw=1.4, label=t("layer.basin", lang)),
               Line2D([], [], color=PALETTE["mainstream"], lw=2, label=t("briefing.legend.mainstream", lang)),
               Patch(facecolor=PALETTE["land_selected"], edgecolor=PALETTE["border"],
                     label=t("briefing.legend.selected", lang))]
    for status in GAUGE_STATUSES:
        colour = STATUS_COLOURS[status]
        handles.append(Line2D([], [], marker="o", ls="", markersize=5, markerfacecolor=colour or "white",
                              markeredgecolor="#222222" if colour else "#969696",
                              label=t(f"briefing.gauge.{status}", lang)))
    for status in ("Operational", "Under construction", "Planned", "Cancelled"):
        colour = DAM_STATUS_COLOURS[status]
        handles.append(Line2D([], [], marker="o", ls="", markersize=6, markerfacecolor=colour or "none",
                              markeredgecolor="white" if colour else "#666666",
                              label=t("briefing.legend.dam", lang, status=t("status." + status, lang))))
    handles.append(Line2D([], [], marker="D", ls="", markersize=5, markerfacecolor="#4e79a7",
                          markeredgecolor="white", label=t("briefing.legend.project", lang)))
    handles.append(Line2D([], [], marker="D", ls="", markersize=5, markerfacecolor="none",
                          markeredgecolor="#4e79a7", label=t("briefing.legend.project_illustrative", lang)))
    legend = ax.legend(handles=handles, loc="lower right", fontsize=6.5, frameon=True, framealpha=0.92,
                       edgecolor="#bbbbbb", title=t("briefing.legend.title", lang), title_fontsize=7,
                       borderpad=0.6, labelspacing=0.35)
    legend.set_zorder(25)
