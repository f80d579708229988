"""Gauging stations checked for position in ``make data``: each gauge's distance to the nearest river
line of the reference data (every Strahler order of the FAO network, HydroRIVERS, the GMS rivers and
Natural Earth) and to the place it is named after (Natural Earth populated places), both
recorded in the stations layer (``river_distance_km``, ``place_distance_km``, ``position_check``);
and published stages that differ between sources, kept side by side (``other_stages``).

A gauge farther than :data:`MAX_RIVER_KM` from any mapped river, or than :data:`MAX_PLACE_KM`
from the town it is named after, is marked in ``position_check`` and listed in ``data/QUALITY.md``;
a correction, where one is known, is made in the stations build with its source.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

#: A gauge stands on its river: more than 5 km from every river line of the reference data needs a
#: look (the lines are generalised to about 1-2 km, and the delta's canals are not mapped).
MAX_RIVER_KM = 5.0
#: A gauge named after a town is at the town: more than 15 km from it needs a look.
MAX_PLACE_KM = 15.0
#: A metric projection for the region's distances (UTM zone 48N; within 1 % over the basin).
METRIC_CRS = "EPSG:32648"

#: Stages that another source gives differently: (station id, stage column, value, that source).
#: The map uses the value in the stations layer (the MRC thresholds table).
OTHER_STAGES = (
    ("010501", "flood_m", 11.8, "older press reports (reference-data/PROVENANCE.md)"),
)


def check_positions(stations: gpd.GeoDataFrame, rivers: gpd.GeoDataFrame,
                    places: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[str]]:
    """(stations with distances and ``position_check``, one line per gauge that needs a look)."""
    out = stations.copy()
    points = out.to_crs(METRIC_CRS).geometry
    lines = rivers.to_crs(METRIC_CRS).geometry.union_all()
    out["river_distance_km"] = np.round(points.distance(lines).to_numpy() / 1000, 1)
    by_name = places.drop_duplicates("name").set_index("name").to_crs(METRIC_CRS).geometry
    base = out["name"].str.replace(r"\s+(KM\d+|\d+|Port)$", "", regex=True)
    place = base.where(base.isin(by_name.index))
    out["place"] = place
    out["place_distance_km"] = [
        round(points.iloc[i].distance(by_name[p]) / 1000, 1) if isinstance(p, str) else np.nan
        for i, p in enumerate(place)]
    checks, notes = [], []
    for row in out.itertuples():
        found = []
        if row.river_distance_km > MAX_RIVER_KM:
            found.append("far_from_river")
        if pd.notna(row.place_distance_km) and row.place_distance_km > MAX_PLACE_KM:
            found.append("far_from_place")
        checks.append(";".join(found) or "ok")
        if found:
            notes.append(f"{row.name} ({row.station_id}): {row.river_distance_km} km from the nearest river line"
                         + (f", {row.place_distance_km} km from {row.place}" if isinstance(row.place, str) else ""))
    out["position_check"] = checks
    return out, notes


def with_other_stages(stations: pd.DataFrame) -> pd.DataFrame:
    """``other_stages``: each stage another source gives differently, as ``stage=value:source``.

    >>> with_other_stages(pd.DataFrame({"station_id": ["010501", "x"]}))["other_stages"].tolist()
    ['flood_m=11.8:older press reports (reference-data/PROVENANCE.md)', '']
    """
    out = stations.copy()
    notes: dict[str, list[str]] = {}
    for sid, stage, value, source in OTHER_STAGES:
        notes.setdefault(sid, []).append(f"{stage}={value:g}:{source}")
    out["other_stages"] = [";".join(notes.get(str(s), [])) for s in out["station_id"]]
    return out
