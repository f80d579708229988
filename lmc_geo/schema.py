"""Names, codes, columns and colours shared by the whole atlas.

Countries are ISO 3166 alpha-2 codes everywhere, ordered upstream to downstream.
Display names come from :mod:`lmc_geo.i18n` and the countries layer, never from here.
"""

from __future__ import annotations

CRS = "EPSG:4326"

#: What the basemap (countries, borders, sea) covers, as (west, south, east, north) in degrees:
#: the map frame with a wide margin, centred on it in Web Mercator, so the map at its lowest zoom
#: shows coastlines and borders to its edges. Built by ``make data``; the map never shows more.
BASEMAP_EXTENT = (48.0, -14.0, 154.0, 50.0)

#: The six LMC countries, upstream to downstream.
COUNTRIES: tuple[str, ...] = ("CN", "MM", "LA", "TH", "KH", "VN")

#: ISO alpha-3 to alpha-2 for the six countries (reference data uses both).
ISO3_TO_ISO2 = {"CHN": "CN", "MMR": "MM", "LAO": "LA", "THA": "TH", "KHM": "KH", "VNM": "VN"}

#: Country names as written in the reference files, to alpha-2.
COUNTRY_NAME_TO_ISO2 = {
    "China": "CN", "Myanmar": "MM", "Laos": "LA", "Lao PDR": "LA", "Thailand": "TH",
    "Cambodia": "KH", "Vietnam": "VN", "Viet Nam": "VN",
}

#: Okabe-Ito colours per country (colour-blind safe), the same on every page.
COUNTRY_COLOURS = {
    "CN": "#D55E00", "MM": "#CC79A7", "LA": "#009E73",
    "TH": "#0072B2", "KH": "#E69F00", "VN": "#56B4E9",
}

#: Project themes (the seed report's five) and their colours.
THEMES: tuple[str, ...] = (
    "water_resources_management",
    "water_infrastructure",
    "flood_drought_management",
    "dam_safety",
    "information_systems",
)
THEME_COLOURS = {
    "water_resources_management": "#4e79a7",
    "water_infrastructure": "#59a14f",
    "flood_drought_management": "#e15759",
    "dam_safety": "#b07aa1",
    "information_systems": "#76b7b2",
}

PROVENANCES = ("documented", "illustrative")

#: Dam status (as in Ang et al. 2024) and its map colour; ``None`` = hollow symbol.
DAM_STATUSES = ("Operational", "Under construction", "Planned", "Cancelled", "Closed")
DAM_STATUS_COLOURS = {
    "Operational": "#1b7837",
    "Under construction": "#f1a340",
    "Planned": "#998ec3",
    "Cancelled": None,
    "Closed": None,
}

#: Gauge status colours (DESIGN.md), used by the map, charts and exports.
STATUS_COLOURS = {
    "normal": "#2c7fb8",
    "alarm": "#fdae61",
    "flood": "#d7191c",
    "low": "#a6611a",
    "high": "#6a3d9a",  # high for the season (no official levels): apart from alarm and flood
    "no_threshold": "#969696",
    "no_data": None,
}

#: Map palette (DESIGN.md).
PALETTE = {
    "sea": "#cfe3f0",
    "land_other": "#eeeeea",
    "land_lmc": "#f7f4ec",
    "land_selected": "#efe6cf",
    "border": "#8c8c8c",
    "basin": "#1f5f99",
    "mainstream": "#2b7bba",
    "lake": "#9ecae1",
    "label": "#444444",
}

#: Series variables with units.
VARIABLES = {"water_level_m": "m", "discharge_m3s": "m3/s", "rainfall_mm": "mm"}
#: Quality of a stored value: as published; from a series the source gap-filled as a whole; filled in
#: by the source; suspect by a rule of ``make data`` (reason in ``flag``); no value.
QUALITIES = ("measured", "gap_filled_series", "gap_filled", "suspect", "missing")
