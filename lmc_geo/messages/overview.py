"""English messages of the Overview page."""

EN: dict[str, str] = {
    "overview.title": "The Lancang-Mekong basin at a glance",
    "overview.kf.area": "Basin area",
    "overview.kf.area_help": "HydroSHEDS/FAO-derived basin outline with the delta; area computed in an equal-area projection.",
    "overview.kf.countries": "Countries selected",
    "overview.kf.stations": "Gauging stations",
    "overview.kf.stations_help": "{series} with daily series in the atlas; {levels} with alarm and flood levels (MRC).",
    "overview.kf.dams": "Dams",
    "overview.kf.dams_help": "{operational:,} operational (Ang et al. 2024, statuses as of 2023).",
    "overview.kf.projects": "Cooperation projects",
    "overview.kf.projects_help": "{documented} documented, {illustrative} illustrative placeholders.",
    "overview.share.header": "Basin area by country",
    "overview.share.country": "Country",
    "overview.share.area": "Area in the basin (km²)",
    "overview.share.share": "Share (%)",
    "overview.share.total": "Total",
    "overview.share.outside": "Delta coast and river mouths (in no country's outline)",
    "overview.share.overlap": "Counted in two country outlines",
    "overview.share.no_share": "–",
    "overview.share.missing": "The basin area by country could not be loaded.",
    "overview.share.caption": "Computed by the atlas in an equal-area projection (World Mollweide); the MRC publishes "
    "21, 3, 25, 23, 20 and 8 %. Shares are of the basin's part in the six countries, rounded to 0.1 %. "
    "Along the delta's coast and river mouths the basin outline (HydroSHEDS/FAO) reaches past the countries' "
    "coastline (Natural Earth): that area is in the basin's total, as in the headline, but in no country.",
    "overview.chart.share_title": "Share of the basin area (%)",
    "overview.chart.share_source": "Source: HydroSHEDS/FAO basin; Natural Earth countries",
    "overview.map.header": "The basin",
    "overview.map.caption": "The basin coloured by country (as in the chart), the mainstream, main tributaries, "
    "Tonle Sap and the gauging stations. The Basin map page has every layer, zoom and cards.",
    "overview.map.of_basin": "of the basin",
    "overview.map.attribution": "Basin, rivers: HydroSHEDS/FAO · Countries: Natural Earth (de facto boundaries) · Stations: MRC",
    "overview.dams.header": "Dams by status",
    "overview.dams.caption": "Filters, the mainstream cascade, capacity over time and source conflicts: see the Dams page.",
    "overview.chart.dams_title": "Dams per country by status",
    "overview.projects.header": "Cooperation projects by country and theme",
    "overview.projects.illustrative": "{n} of these {total} project records are illustrative placeholders (hatched), "
    "not official projects: no public list of the 36 projects exists. Staff load the official list on the Projects page.",
    "overview.chart.projects_title": "Projects per country by theme",
    "overview.chart.projects_axis": "Number of projects",
    "overview.projects.caption": "A project in several countries counts once in each. Hatched: illustrative record.",
    "overview.timeline.header": "Water cooperation timeline",
    "timeline.date": "Date",
    "timeline.event": "Event",
    "timeline.event_zh": "事件 (Chinese)",
    "timeline.source": "Source",
    "overview.timeline.caption": "Dates as given in the progress report of the Lancang-Mekong Water Resources "
    "Cooperation Center (7 Dec 2021); oldest first, newest last.",
}
