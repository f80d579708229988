"""English messages of the About-the-data page."""

EN: dict[str, str] = {
    "about.title": "About the data",
    "about.intro": "Every figure in the atlas comes from the public sources below. The atlas derives its own small "
    "files from them (`make data`), keeps their attribution, and never presents an estimated, gap-filled or "
    "illustrative value as measured. Where sources disagree, both values are shown (see the Dams page).",
    "about.sources.header": "Sources, licences and derivation",
    "about.files": "Files",
    "about.rows": "{n:,} rows",
    "about.row": "1 row",
    "about.provider": "Source",
    "about.licence": "Licence",
    "about.date": "Date",
    "about.derivation": "Derivation",
    "about.caveats": "Known caveats",
    "about.link": "Link",
    "about.uncovered": "These data files are not described here yet: {files}.",
    "about.sharing.header": "Hydrological data sharing",
    "about.sharing.caption": "China has provided flood-season hydrological data of the Lancang to the "
    "Mekong River Commission since 2002, and year-round data to the five other countries and the MRC since "
    "1 November 2020. The Chinese working group notifies the others of large changes in the operation of the "
    "Jinghong hydropower station.",
    "about.replace.header": "Replacing a data file",
    "about.replace.body": (
        "- **Rebuild everything** from the reference data with `make data` (`python -m lmc_geo.build`). "
        "The build writes into a staging folder and moves files in only when every file succeeded: a missing or "
        "malformed reference file stops it with a message naming the file, and `data/` stays as it was.\n"
        "- **Replace a reference file**: put the new file in the reference folder under the same name "
        "(or point `LMC_REFERENCE_DIR` at another folder) and run `make data`.\n"
        "- **Load the official project list**: on the Projects page, or with "
        "`python -m lmc_geo import-projects FILE`. Every row is validated first; the file is written atomically "
        "and the previous list is kept in `data/backups/`.\n"
        "- The app picks up a rebuilt or imported file on the next page load; no restart is needed."
    ),
}
