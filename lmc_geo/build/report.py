"""``data/QUALITY.md``: the data-quality report of ``make data``, per layer and per station.

It counts every series value by stored quality and every suspect value by rule, lists the stations
whose record is too short for a rule to judge and those whose values are all suspect, lists the dam
values the plausibility checks made unknown, and writes down every rule with its threshold. A new
reference file is checked by the same rules, with no code change.
"""

from __future__ import annotations

import pandas as pd

from lmc_geo.build import dam_checks, quality, station_checks
from lmc_geo.schema import QUALITIES, VARIABLES

#: Fewer days than this, or only one year, and a station's record is too short for the rules.
SHORT_RECORD_DAYS = 365


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def quality_report(long: pd.DataFrame, dams: pd.DataFrame, names: dict[str, str],
                   stations: pd.DataFrame | None = None) -> tuple[str, list[str]]:
    """(the report as markdown, a short summary for the build's output)."""
    lines = ["# Data quality", "",
             "Written by `make data` (`lmc_geo/build/report.py`); the rules are in `lmc_geo/build/quality.py`"
             " and `lmc_geo/build/dam_checks.py`. Suspect values stay in the data with their reason (`flag`),"
             " and are left out of bands, percentiles, records, aggregates and the gauges' status.", ""]
    lines += ["## Daily series: values by quality", ""]
    rows = []
    for variable in VARIABLES:
        part = long[long["variable"] == variable]
        counts = part["quality"].value_counts()
        rows.append([variable, f"{len(part):,}", *[f"{int(counts.get(q, 0)):,}" for q in QUALITIES]])
    lines += _table(["variable", "values", *QUALITIES], rows) + [""]
    suspect = long[long["quality"] == quality.SUSPECT]
    rule = suspect["flag"].str.split(":").str[0]
    lines += ["## Suspect values by rule", ""]
    lines += _table(["rule", *VARIABLES], [[r, *[int(((rule == r) & (suspect["variable"] == v)).sum())
                                                 for v in VARIABLES]] for r in quality.RULES]) + [""]
    lines += ["## Per station", "", "Stations with at least one suspect value, or too short a record to judge.", ""]
    rows, short, all_suspect = [], [], []
    for (sid, variable), part in long.groupby(["station_id", "variable"]):
        valued = part[part["quality"] != "missing"]
        years = pd.to_datetime(valued["date"]).dt.year.nunique()
        n_suspect = int((part["quality"] == quality.SUSPECT).sum())
        name = names.get(sid, sid)
        if len(valued) < SHORT_RECORD_DAYS or years < 2:
            short.append(f"{name} ({sid}), {variable}: {len(valued)} days in {years} year(s)")
        if len(valued) and n_suspect == len(valued):
            all_suspect.append(f"{name} ({sid}), {variable}: all {n_suspect} values suspect")
        if n_suspect:
            by_rule = part.loc[part["quality"] == quality.SUSPECT, "flag"].value_counts()
            rows.append([name, sid, variable, f"{len(valued):,}", n_suspect,
                         ", ".join(f"{flag} ({n})" for flag, n in by_rule.items())])
    lines += _table(["station", "id", "variable", "values", "suspect", "flags (count)"], rows) + [""]
    lines += ["Too short a record to judge (copies need two years, spikes a month):", ""]
    lines += [f"- {item}" for item in short] or ["- none"]
    lines += ["", "All values suspect:", ""] + ([f"- {item}" for item in all_suspect] or ["- none"])
    flagged = dams[dams["suspect_values"].astype(str) != ""]
    lines += ["", "## Dams: values made unknown by the plausibility checks", ""]
    lines += _table(["dam", "id", "source value and reason"],
                    [[r["name"], r["dam_id"], r["suspect_values"]] for _, r in flagged.iterrows()]) + [""]
    if stations is not None:
        lines += ["## Station positions", "",
                  f"Distance of each gauge to the nearest river line of the reference data and to the town it is"
                  f" named after (`lmc_geo/build/station_checks.py`: more than {station_checks.MAX_RIVER_KM:g} km"
                  f" from a river or {station_checks.MAX_PLACE_KM:g} km from its town needs a look). Corrections"
                  " made by the build are in the `coord_note` column and `build_notes.json`.", ""]
        rows = [[r["name"], r["station_id"], r["river_distance_km"],
                 "" if pd.isna(r.get("place_distance_km")) else f"{r['place_distance_km']} ({r['place']})",
                 r["position_check"], r["coord_note"] if isinstance(r.get("coord_note"), str) else ""]
                for _, r in stations.iterrows()]
        lines += _table(["station", "id", "to river (km)", "to town (km)", "check", "correction"], rows) + [""]
        other = stations[stations["other_stages"].astype(str) != ""]
        lines += ["Stages another source gives differently (the map uses the stations layer's, from the MRC):", ""]
        lines += [f"- {r['name']} ({r['station_id']}): {r['other_stages']}; the map uses flood {r['flood_m']} m,"
                  f" alarm {r['alarm_m']} m" for _, r in other.iterrows()] or ["- none"]
        lines += [""]
    lines += ["## Rules and thresholds", "", "Daily series (`lmc_geo/build/quality.py`):", ""]
    for name in ("COPY_MIN_DAYS", "COPY_MIN_DISTINCT", "FLAT_MIN_DAYS", "FLAT_ALONE_DAYS", "FLAT_OTHER_MOVES",
                 "RATING_Q_TOLERANCE", "RATING_YEARS", "RATING_MIN_DAYS", "RATING_MIN_GAP_M", "RATING_MAD_FACTOR",
                 "RATING_MAX_EPISODE_DAYS", "SPIKE_FACTOR", "SPIKE_PERCENTILE", "MAX_RAIN_MM"):
        lines.append(f"- `{name}` = {getattr(quality, name)}")
    lines += ["", "Dams (`lmc_geo/build/dam_checks.py`):", ""]
    for name in ("MAX_HEIGHT_M", "MAX_CAPACITY_MW", "MAX_STORAGE_MCM", "FIRST_YEAR", "LAST_YEAR"):
        lines.append(f"- `{name}` = {getattr(dam_checks, name)}")
    lines += ["", "The reason for each threshold is written beside it in the module."]
    summary = [f"suspect values: {len(suspect):,} ("
               + ", ".join(f"{r} {int((rule == r).sum())}" for r in quality.RULES) + ")",
               f"dam values made unknown: {len(flagged)}", f"records too short to judge: {len(short)}"]
    return "\n".join(lines) + "\n", summary
