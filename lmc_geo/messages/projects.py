"""English messages of the Projects page."""

EN: dict[str, str] = {
    "projects.title": "Water-cooperation projects",
    "projects.subtitle": (
        "The 36 water-related projects supported since 2017 in the six member countries "
        "(2021 progress report of the Lancang-Mekong Water Resources Cooperation Center)."
    ),
    "projects.banner": (
        "**{illustrative} of the {total} records are illustrative placeholders**, not official projects: "
        "no public list of the 36 projects exists. Only {documented} are documented, each with its public source. "
        "Illustrative records are hatched in charts, hollow on the map and marked in the table, cards and exports. "
        "To load the Center's official list, use *Load the official project list* at the bottom of this page, "
        "or run `python -m lmc_geo import-projects FILE`."
    ),
    "projects.banner_documented": "All {total} records are documented, each with its source.",
    "projects.error.registry": "The project registry could not be loaded: {problem}. Load a corrected list below.",
    "projects.empty": "No project matches these filters. Widen the theme, year, status or provenance choice, or the countries in the sidebar.",
    "projects.year_unknown": "Year unknown",
    # filters
    "projects.filter.theme": "Theme",
    "projects.filter.year": "Year approved",
    "projects.filter.status": "Status",
    "projects.filter.provenance": "Provenance",
    "projects.filter.all_themes": "All themes",
    "projects.filter.all_years": "All years",
    "projects.filter.all_statuses": "All statuses",
    "projects.filter.all_provenances": "Documented and illustrative",
    "projects.filter.year_help": "Two documented records have no published year: choose 'Year unknown' to see them.",
    "projects.filter.provenance_help": (
        "Documented: a public source names the project. Illustrative: a placeholder consistent with the "
        "2021 progress report, until the Center's official list is loaded."
    ),
    "projects.filter.countries": "Countries: {countries} (set in the sidebar). A project in several countries is shown when any of them is chosen.",
    "projects.filter.countries_label": "Countries",
    # statuses of projects
    "projects.status.approved": "Approved",
    "projects.status.ongoing": "Ongoing",
    "projects.status.completed": "Completed",
    "projects.status.unknown": "Not published",
    # key figures
    "projects.kf.count": "Projects",
    "projects.kf.count_help": "Projects matching the filters; a project in several countries counts once.",
    "projects.kf.countries": "Countries with projects",
    "projects.kf.countries_help": "How many of the six member countries have at least one of these projects.",
    "projects.kf.budget": "Total budget where published",
    "projects.kf.budget_none": "Not published",
    "projects.kf.budget_help": "Sum of published budgets, per currency: known for {known} of {count} projects. No figure is estimated.",
    "projects.kf.illustrative": "Illustrative records",
    "projects.kf.illustrative_help": "{illustrative} of {count} projects shown are illustrative placeholders.",
    # map and card
    "projects.map.caption": (
        "Projects on the map: {count}, coloured by theme; hollow dashed symbols are illustrative records. "
        "Locations are approximate. Click a symbol for its card."
    ),
    "projects.card.pick": "Project card",
    "projects.card.placeholder": "Choose a project, or click one on the map or in the table",
    "projects.card.none": "Click a project on the map, pick a row in the table, or choose one above to see its card.",
    "projects.card.id": "Project id",
    "projects.card.name_zh": "Name (Chinese)",
    "projects.card.open_source": "Open the source",
    "projects.card.no_source": "No public source: this record is not documented.",
    # charts
    "projects.charts.header": "Where, what and when",
    "projects.charts.caption": (
        "A project in several countries counts in each of them in the chart by country, and once in the other charts. "
        "Hatched: illustrative records."
    ),
    "projects.chart.by_country": "Projects by country",
    "projects.chart.by_theme": "Projects by theme",
    "projects.chart.by_year": "Projects by year approved",
    "projects.chart.unit": "project(s)",
    "projects.chart.documented": "Documented",
    "projects.chart.illustrative": "Illustrative (hatched)",
    "projects.chart.source": "Source: atlas project registry",
    "projects.chart.hover_source": "Source: project registry",
    # table
    "projects.table.header": "Project list",
    "projects.table.caption": "Projects shown: {count}. Click a column header to sort; select a row to see its card.",
    "projects.col.id": "Id",
    "projects.col.provenance": "Provenance",
    "projects.col.provenance_help": "documented: with a public source; illustrative: placeholder, not an official project",
    "projects.col.name_en": "Name",
    "projects.col.countries": "Countries",
    "projects.col.theme": "Theme",
    "projects.col.year": "Year approved",
    "projects.col.year_help": "Dash: year not published",
    "projects.table.missing": "—",
    "projects.col.status": "Status",
    "projects.col.budget": "Budget",
    "projects.col.budget_help": "Dash: not published",
    "projects.col.currency": "Currency",
    "projects.col.partner": "Partner",
    "projects.col.source": "Source",
    "projects.col.source_help": "Public source of a documented record (links only to http/https addresses)",
    "projects.col.name_zh": "Name (Chinese)",
    "projects.col.summary": "Summary",
    "projects.col.lat": "Latitude (°N)",
    "projects.col.lon": "Longitude (°E)",
    "projects.col.approximate": "Approx. location",
    # exports
    "projects.export.csv": "Download CSV (rows: {count})",
    "projects.export.xlsx": "Download Excel (rows: {count})",
    "projects.export.caption": (
        "Exports hold the filtered rows with every field and a provenance column (documented or illustrative). "
        "Cells starting with = + - @ are prefixed with ' so spreadsheets never run them as formulas."
    ),
    "projects.export.title": "Lancang-Mekong Basin Atlas: water-cooperation projects",
    "projects.export.source": "Source",
    "projects.export.source_text": (
        "Project registry of the atlas (data/projects.csv); documented records cite their public source in "
        "source_url; illustrative records are placeholders consistent with the 2021 progress report of the "
        "Lancang-Mekong Water Resources Cooperation Center."
    ),
    "projects.export.date": "Exported on",
    "projects.export.rows": "Projects",
    "projects.export.illustrative": "Of which illustrative",
    "projects.export.all": "all",
    "projects.export.note": "Note",
    "projects.export.note_text": (
        "Text cells starting with = + - @ are prefixed with a single quote so they are never run as formulas."
    ),
    # import
    "projects.import.write_failed": "The list passed every check but could not be written to {path}: {problem}. "
    "Nothing was changed; ask for the data folder to be made writable, or use `python -m lmc_geo import-projects` "
    "where it is.",
    "projects.import.header": "Load the official project list",
    "projects.import.howto": (
        "Replace the registry with the Center's official list, as **CSV (UTF-8)** or **Excel (.xlsx)**, "
        "one row per project, with the columns of the template. Every row is checked first: required columns, "
        "unique ids, country codes (CN MM LA TH KH VN, several joined with ;), themes, plausible years, "
        "locations inside the six countries, non-negative budgets with a currency, http(s) sources. "
        "**Nothing is changed unless every row passes.** The previous list is kept in `data/backups/`. "
        "Command line: `python -m lmc_geo import-projects FILE`."
    ),
    "projects.import.template": "Download the template (CSV)",
    "projects.import.upload": "Official project list (.csv or .xlsx)",
    "projects.import.upload_help": "The file is checked as soon as it is uploaded; the registry is replaced only when you confirm.",
    "projects.import.refused": "{file}: {count} problem(s). Nothing was changed. Correct the file and upload it again.",
    "projects.import.passed": "{file}: all {rows} rows pass every check.",
    "projects.import.replace": "Replace the registry with these {rows} projects",
    "projects.import.done": "Imported {rows} projects. The previous list was saved as {backup}.",
    "projects.import.no_backup": "(no previous list, or it was identical)",
    "projects.import.col_line": "Line",
    "projects.import.col_line_help": "The line as a spreadsheet shows the file: the header is line 1.",
    "projects.import.col_column": "Column",
    "projects.import.col_problem": "Problem",
}
