"""Message catalogue: every UI string goes through ``t(key, lang)``.

English is complete; another locale only adds a dict to :data:`CATALOGUE`
(missing keys fall back to English, a test checks completeness per locale).
Country names on the map come from the countries layer (CLDR names in every
national language); the short English names for controls are here.
"""

from __future__ import annotations

DEFAULT_LANG = "en"

EN: dict[str, str] = {
    "app.title": "Lancang-Mekong Basin Atlas",
    "app.subtitle": "Water cooperation, hydrology and infrastructure of the six Lancang-Mekong countries",
    "nav.map": "Basin map",
    "sidebar.countries": "Countries",
    "sidebar.countries_help": "Applies to every page and layer; the map zooms to the selection. Shared in the page link.",
    "sidebar.all": "All six",
    "sidebar.online_tiles": "Online base maps (OSM, satellite)",
    "sidebar.online_tiles_help": "Off by default: the atlas works offline. Needs internet when on.",
    "sidebar.sources": "Sources: HydroSHEDS, Natural Earth, CLDR, Ang et al. 2024 (ESSD), Mekong River Commission.",
    "map.header": "Basin map",
    "map.caption": "{stations} gauging stations, {dams} dams and {projects} projects in {countries}. Click a symbol for its card.",
    "map.attribution": "Basin, rivers: HydroSHEDS/FAO · Countries: Natural Earth · Dams: Ang et al. 2024 · Stations: MRC",
    "map.base_vector": "Vector basemap (offline)",
    "map.base_osm": "OpenStreetMap (online)",
    "map.base_satellite": "Satellite, Esri (online)",
    "layer.basin": "Basin outline",
    "layer.rivers": "Rivers",
    "layer.lakes": "Tonle Sap",
    "layer.stations": "Gauging stations",
    "layer.dams": "Dams",
    "layer.projects": "Cooperation projects",
    "legend.title": "Legend",
    "legend.station": "Gauging station (MRC)",
    "legend.station_thresholds": "with alarm and flood levels",
    "legend.dams": "Dams (size: installed MW)",
    "legend.projects": "Projects by theme",
    "legend.illustrative": "hollow: illustrative record",
    "legend.mainstream": "Lancang-Mekong mainstream",
    "legend.basin": "Basin boundary",
    "status.Operational": "Operational",
    "status.Under construction": "Under construction",
    "status.Planned": "Planned",
    "status.Cancelled": "Cancelled",
    "status.Closed": "Closed",
    "theme.water_resources_management": "Water resources management",
    "theme.water_infrastructure": "Water infrastructure",
    "theme.flood_drought_management": "Flood and drought management",
    "theme.dam_safety": "Dam safety",
    "theme.information_systems": "Information systems",
    "provenance.documented": "documented",
    "provenance.illustrative": "illustrative",
    "card.none": "Click a gauging station, dam or project on the map to see its card here.",
    "card.station": "Gauging station",
    "card.dam": "Dam",
    "card.project": "Project",
    "card.source": "Source",
    "card.country": "Country",
    "card.countries": "Countries",
    "card.river": "River",
    "card.mrc_id": "MRC station id",
    "card.alarm": "Alarm level",
    "card.flood": "Flood level",
    "card.datum": "Gauge datum",
    "card.gauge_zero": "Gauge zero",
    "card.river_km": "Distance to the sea along the river",
    "card.coords": "Position",
    "card.coord_note": "Position note",
    "card.series": "Daily series in the atlas",
    "card.status": "Status",
    "card.capacity": "Installed capacity",
    "card.storage": "Reservoir storage",
    "card.year": "Completion year",
    "card.use": "Primary use",
    "card.height": "Height",
    "card.sub_basin": "Sub-basin",
    "card.mainstream": "On the mainstream",
    "card.theme": "Theme",
    "card.year_approved": "Year approved",
    "card.budget": "Budget",
    "card.partner": "Partner",
    "card.summary": "Summary",
    "card.provenance": "Provenance",
    "card.location_approximate": "Location is approximate",
    "card.illustrative_warning": "Illustrative record: a placeholder consistent with the seed report, not an official project. Load the official list on the Projects page.",
    "card.unknown": "unknown",
    "card.yes": "yes",
    "card.no": "no",
    "source.station": "Mekong River Commission (station metadata, alarm and flood levels set by member countries)",
    "source.dam": "Ang et al. (2024), Dams in the Mekong, ESSD 16:1209, doi:10.5194/essd-16-1209-2024",
    "error.layer": "The {layer} layer could not be loaded: {problem}. The other layers are shown.",
    "error.no_layers": "No map layer could be loaded. Run `make data` to rebuild data/.",
    "filter.empty": "No country selected: showing all six.",
    "country.CN": "China",
    "country.MM": "Myanmar",
    "country.LA": "Laos",
    "country.TH": "Thailand",
    "country.KH": "Cambodia",
    "country.VN": "Vietnam",
}

CATALOGUE: dict[str, dict[str, str]] = {"en": EN}


def t(key: str, lang: str = DEFAULT_LANG, **values) -> str:
    """Look up a message, falling back to English, then to the key itself.

    >>> t("layer.dams")
    'Dams'
    >>> t("map.caption", stations=3, dams=4, projects=5, countries="Laos")[:24]
    '3 gauging stations, 4 da'
    >>> t("no.such.key")
    'no.such.key'
    """
    text = CATALOGUE.get(lang, EN).get(key) or EN.get(key) or key
    return text.format(**values) if values else text
