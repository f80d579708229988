"""Dam records checked for plausibility in ``make data``: each quantity against physical ranges and
against the record's other quantities. An implausible value becomes unknown (null) in its column and
is kept, with its reason, in ``suspect_values`` (``quantity=value:reason``, ``;`` between them), so
the card can show what the source says and why the atlas does not draw it.

Limits (each with its reason):

* height above :data:`MAX_HEIGHT_M` m: taller than the tallest dam built or planned anywhere
  (Rogun, 335 m; Jinping-I, 305 m, is the tallest built). Lower Sesan III's 1,310.2 m in the
  source is such a value (its height is about 75 m).
* annual energy above what the installed capacity gives running all year (capacity factor > 1).
* installed capacity above :data:`MAX_CAPACITY_MW` MW, storage above :data:`MAX_STORAGE_MCM`
  million m³: beyond the largest plants and reservoirs of the basin by a wide margin (Nuozhadu:
  5,850 MW, 23,703 million m³).
* completion year before :data:`FIRST_YEAR` or after :data:`LAST_YEAR`.
"""

from __future__ import annotations

import pandas as pd

MAX_HEIGHT_M = 335.0
MAX_CAPACITY_MW = 25_000.0
MAX_STORAGE_MCM = 100_000.0
FIRST_YEAR, LAST_YEAR = 1900, 2100
HOURS_PER_YEAR = 8760.0
#: Columns where the source writes 0 for "unknown" (the build already nulls the others).
ZERO_IS_UNKNOWN_TOO = ("catchment_area_km2", "elevation_m", "discharge_m3s")


def check_dams(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """(the dams with implausible values made unknown and listed in ``suspect_values``, counts by reason).

    >>> d = pd.DataFrame({"height_m": [1310.2, 75.0], "capacity_mw": [375.0, 6.4],
    ...     "mean_annual_energy_gwh": [1977.0, 89.0], "reservoir_volume_mcm": [100.0, 1.0],
    ...     "completion_year": [2030, 2010], "catchment_area_km2": [0.0, 10.0], "elevation_m": [0.0, 5.0],
    ...     "discharge_m3s": [0.0, 1.0]})
    >>> out, counts = check_dams(d)
    >>> out["suspect_values"].tolist(), out["height_m"].tolist()[1], pd.isna(out["height_m"][0])
    (['height_m=1310.2:above_tallest_dam', 'mean_annual_energy_gwh=89:energy_above_capacity'], 75.0, True)
    >>> counts["above_tallest_dam"], int(out["catchment_area_km2"].isna().sum())
    (1, 1)
    """
    out = frame.copy()
    for column in ZERO_IS_UNKNOWN_TOO:
        if column in out:
            out.loc[out[column] == 0, column] = pd.NA
    rules = [
        ("height_m", out["height_m"] > MAX_HEIGHT_M, "above_tallest_dam"),
        ("capacity_mw", out["capacity_mw"] > MAX_CAPACITY_MW, "above_largest_plant"),
        ("reservoir_volume_mcm", out["reservoir_volume_mcm"] > MAX_STORAGE_MCM, "above_largest_reservoir"),
        ("mean_annual_energy_gwh",
         out["mean_annual_energy_gwh"] * 1000 > out["capacity_mw"] * HOURS_PER_YEAR, "energy_above_capacity"),
        ("completion_year", (out["completion_year"] < FIRST_YEAR) | (out["completion_year"] > LAST_YEAR),
         "year_out_of_range"),
    ]
    notes: dict[int, list[str]] = {}
    counts = {reason: 0 for _, _, reason in rules}
    for column, bad, reason in rules:
        bad = bad.fillna(False).astype(bool)
        for i in out.index[bad]:
            value = out.at[i, column]
            notes.setdefault(i, []).append(f"{column}={float(value):g}:{reason}")
        counts[reason] += int(bad.sum())
        out.loc[bad, column] = pd.NA
    out["suspect_values"] = [";".join(notes.get(i, [])) for i in out.index]
    return out, counts
