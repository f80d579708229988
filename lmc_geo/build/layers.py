"""Derive the map layers in ``data/layers/`` from the public reference data.

Every function reads named files under the reference folder and returns a
GeoDataFrame in EPSG:4326, simplified for display. Tolerances are in degrees
(0.01 deg is about 1.1 km at these latitudes, below one screen pixel at the
basin-wide zoom levels the atlas opens at).
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from lmc_geo.schema import COUNTRIES, COUNTRY_NAME_TO_ISO2, CRS, ISO3_TO_ISO2

#: Simplification tolerances (degrees) per layer; documented in data/README.md.
TOLERANCE = {
    "countries": 0.02,
    "basin": 0.01,
    "basin_countries": 0.01,
    "rivers": 0.01,
    "lakes": 0.005,
}
#: Coordinates are rounded to this grid (degrees): 1e-4 deg is about 11 m.
GRID = 1e-4
#: Tributaries of at least this Strahler order (FAO/HydroSHEDS network) are drawn.
MIN_STRAHLER = 5
#: An equal-area projection (World Mollweide) for areas in km2.
EQUAL_AREA = "ESRI:54009"
#: Largest distance (km) from the main stem for a gauge to be given a river kilometre.
MAINSTREAM_SNAP_KM = 5.0

#: The official language of each country, as a CLDR column suffix.
NATIONAL_LANGUAGE = {"CN": "zh_hans", "MM": "my", "LA": "lo", "TH": "th", "KH": "km", "VN": "vi"}


class ReferenceDataError(RuntimeError):
    """A reference file is missing or does not hold what the build expects."""


def _need(path: Path) -> Path:
    if not path.is_file():
        raise ReferenceDataError(f"missing reference file: {path}")
    return path


def read_reference(ref: Path, rel: str, columns: list[str] | None = None) -> gpd.GeoDataFrame | pd.DataFrame:
    """Read one reference file, failing with a message that names it.

    Parameters
    ----------
    ref : Path
        The reference-data folder.
    rel : str
        Path of the file inside it, e.g. ``"dams/mekong_dams_ang2024.csv"``.
    columns : list of str, optional
        Columns that must be present.
    """
    path = _need(ref / rel)
    try:
        if path.suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        else:
            frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio/pandas raise many kinds; the message is what matters
        raise ReferenceDataError(f"cannot read reference file {path}: {exc}") from exc
    missing = [c for c in (columns or []) if c not in frame.columns]
    if missing:
        raise ReferenceDataError(f"reference file {path} lacks column(s): {', '.join(missing)}")
    if isinstance(frame, gpd.GeoDataFrame):
        if frame.crs is not None and frame.crs.to_epsg() != 4326:
            frame = frame.to_crs(CRS)
        bad = ~frame.geometry.is_valid
        if bad.any():
            frame.loc[bad, "geometry"] = shapely.make_valid(frame.geometry[bad].values)
    return frame


def _simplify(geoms: gpd.GeoSeries, tolerance: float) -> gpd.GeoSeries:
    out = geoms.simplify(tolerance, preserve_topology=True)
    out = gpd.GeoSeries(shapely.set_precision(out.values, GRID), crs=CRS, index=geoms.index)
    return gpd.GeoSeries(shapely.make_valid(out.values), crs=CRS, index=geoms.index)


def _gdf(frame: pd.DataFrame, geometry) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(frame.reset_index(drop=True), geometry=list(geometry), crs=CRS)


# ---------------------------------------------------------------- countries
def build_countries(ref: Path) -> gpd.GeoDataFrame:
    """The six LMC countries plus the neighbours in the map frame, named in en, zh and local."""
    clip = read_reference(ref, "countries/countries_ne10m_region_clip.geojson", ["ISO_A2", "NAME_EN", "NAME_ZH"])
    names = read_reference(ref, "countries/mekong_country_names.csv", ["ISO_A2", "cldr_en", "cldr_zh_hans"])
    names = names.set_index("ISO_A2")
    rows = []
    for _, c in clip.iterrows():
        iso2 = c["ISO_A2"]
        lmc = iso2 in COUNTRIES
        row = {
            "iso2": iso2,
            "lmc": lmc,
            "name_en": names.at[iso2, "cldr_en"] if lmc else c["NAME_EN"],
            "name_zh": names.at[iso2, "cldr_zh_hans"] if lmc else c["NAME_ZH"],
            "name_local": names.at[iso2, f"cldr_{NATIONAL_LANGUAGE[iso2]}"] if lmc else None,
            "upstream_order": int(names.at[iso2, "upstream_order"]) if lmc else None,
        }
        for lang in ("th", "lo", "km", "my", "vi"):
            row[f"name_{lang}"] = names.at[iso2, f"cldr_{lang}"] if lmc else None
        rows.append(row)
    frame = pd.DataFrame(rows)
    # Myanmar is "Myanmar (Burma)" in CLDR English; the short official form reads better on a map.
    frame.loc[frame.iso2 == "MM", "name_en"] = "Myanmar"
    out = _gdf(frame, _simplify(clip.geometry, TOLERANCE["countries"]))
    out["upstream_order"] = out["upstream_order"].astype("Int64")
    return out.sort_values(["lmc", "upstream_order", "iso2"], ascending=[False, True, True]).reset_index(drop=True)


def build_borders(ref: Path) -> gpd.GeoDataFrame:
    """International land boundaries in the map frame (crisper than polygon outlines)."""
    lines = read_reference(ref, "countries/ne_10m_boundary_lines_land_region.geojson", ["adm0_a3_l", "adm0_a3_r"])
    frame = lines[["adm0_a3_l", "adm0_a3_r"]].rename(columns={"adm0_a3_l": "left_iso3", "adm0_a3_r": "right_iso3"})
    return _gdf(frame, _simplify(lines.geometry, TOLERANCE["countries"]))


# ---------------------------------------------------------------- basin
def build_basin(ref: Path) -> gpd.GeoDataFrame:
    """Basin outline (HydroSHEDS-derived, with the delta), with its area in km2."""
    basin = read_reference(ref, "basin/mekong_basin_with_delta.geojson")
    geom = shapely.union_all(basin.geometry.values)
    area = gpd.GeoSeries([geom], crs=CRS).to_crs(EQUAL_AREA).area.iloc[0] / 1e6
    frame = pd.DataFrame(
        {"name_en": ["Lancang-Mekong basin"], "name_zh": ["澜沧江-湄公河流域"], "area_km2": [round(area)]}
    )
    return _gdf(frame, _simplify(gpd.GeoSeries([geom], crs=CRS), TOLERANCE["basin"]))


def build_basin_countries(ref: Path) -> gpd.GeoDataFrame:
    """The part of the basin in each country, with area (km2) and share (%), computed here."""
    parts = read_reference(ref, "countries/mekong_basin_by_country.geojson", ["ADM0_A3"])
    iso2 = parts["ADM0_A3"].map(ISO3_TO_ISO2)
    if iso2.isna().any() or set(iso2) != set(COUNTRIES):
        raise ReferenceDataError("countries/mekong_basin_by_country.geojson must hold exactly the six LMC countries")
    area = parts.geometry.to_crs(EQUAL_AREA).area / 1e6
    frame = pd.DataFrame({"iso2": iso2.values, "area_km2": area.round().astype("int64").values})
    frame["share_pct"] = (100 * frame.area_km2 / frame.area_km2.sum()).round(1)
    out = _gdf(frame, _simplify(parts.geometry, TOLERANCE["basin_countries"]))
    out["order"] = out.iso2.map({c: i for i, c in enumerate(COUNTRIES)})
    return out.sort_values("order").drop(columns="order").reset_index(drop=True)


# ---------------------------------------------------------------- rivers
def _mainstream(ref: Path) -> gpd.GeoDataFrame:
    return read_reference(
        ref, "rivers/mekong_mainstream_hydrorivers.geojson", ["HYRIV_ID", "DIST_DN_KM", "river", "part"]
    )


def build_rivers(ref: Path) -> gpd.GeoDataFrame:
    """Main stem as one line source to sea, the Tonle Sap River, and tributaries of order >= MIN_STRAHLER."""
    main = _mainstream(ref)
    stem = main[main.river != "Tonle Sap"]
    tonle = main[main.river == "Tonle Sap"]
    stem_line = shapely.line_merge(shapely.union_all(stem.geometry.values))
    tonle_line = shapely.line_merge(shapely.union_all(tonle.geometry.values))
    network = read_reference(ref, "rivers/mekong_river_network_fao_hydrosheds.geojson", ["strahler", "sub_name"])
    network["strahler"] = pd.to_numeric(network["strahler"], errors="coerce")
    tribs = network[network.strahler >= MIN_STRAHLER].copy()
    tribs["sub_name"] = tribs["sub_name"].fillna("").str.strip()
    # One line per sub-basin and order: far fewer features, same drawing.
    grouped = tribs.dissolve(by=["sub_name", "strahler"], as_index=False)
    grouped["geometry"] = shapely.line_merge(grouped.geometry.values)
    rows = [
        {
            "kind": "mainstream",
            "name_en": "Lancang-Mekong",
            "name_zh": "澜沧江-湄公河",
            "strahler": None,
            "geometry": stem_line,
        },
        {
            "kind": "tonle_sap_river",
            "name_en": "Tonle Sap River",
            "name_zh": "洞里萨河",
            "strahler": None,
            "geometry": tonle_line,
        },
    ]
    for _, r in grouped.sort_values(["strahler", "sub_name"], ascending=[False, True]).iterrows():
        rows.append(
            {
                "kind": "tributary",
                "name_en": r.sub_name or None,
                "name_zh": None,
                "strahler": int(r.strahler),
                "geometry": r.geometry,
            }
        )
    frame = pd.DataFrame(rows)
    out = _gdf(frame.drop(columns="geometry"), _simplify(gpd.GeoSeries(frame.geometry, crs=CRS), TOLERANCE["rivers"]))
    out["strahler"] = out["strahler"].astype("Int64")
    return out


def build_lakes(ref: Path) -> gpd.GeoDataFrame:
    """Tonle Sap (HydroLAKES mean outline) with its area and volume."""
    lake = read_reference(ref, "rivers/tonle_sap_hydrolakes.geojson", ["Lake_area", "Vol_total"])
    frame = pd.DataFrame(
        {
            "name_en": ["Tonle Sap"],
            "name_zh": ["洞里萨湖"],
            "area_km2": [float(lake.Lake_area.iloc[0])],
            "volume_mcm": [float(lake.Vol_total.iloc[0])],
            "note": ["Mean outline (HydroLAKES); the flood-season lake reaches about 10,000 km2 or more."],
        }
    )
    return _gdf(frame, _simplify(lake.geometry, TOLERANCE["lakes"]))


def build_river_labels(ref: Path, basin: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Label points for named rivers in the basin (Natural Earth names)."""
    ne = read_reference(ref, "rivers/ne_10m_rivers_lake_centerlines_region.geojson", ["name", "name_en"])
    outline = basin.geometry.iloc[0]
    ne = ne[ne["name"].notna()].copy()
    ne["geometry"] = ne.geometry.intersection(outline)
    ne = ne[~ne.geometry.is_empty]
    rows = []
    for name, group in ne.groupby("name"):
        line = shapely.line_merge(shapely.union_all(group.geometry.values))
        parts = list(getattr(line, "geoms", [line]))
        longest = max(parts, key=lambda g: g.length)
        if longest.length < 0.5:  # under ~50 km inside the basin: no label at basin zoom
            continue
        point = longest.interpolate(0.5, normalized=True)
        rows.append({"name_en": name, "geometry": point})
    frame = pd.DataFrame(rows).sort_values("name_en")
    return _gdf(frame.drop(columns="geometry"), shapely.set_precision(np.array(list(frame.geometry)), GRID))


# ---------------------------------------------------------------- stations
def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


#: Coordinates corrected by the build, with the reason shown on the station card.
STATION_COORD_FIXES = {
    "Savannakhet": (
        16.5636,
        104.75,
        "MRC feed longitude 105.743 is about 1 degree east of the town on the Mekong; set to 104.750",
    ),
    "Lumphat": (
        13.50,
        106.97,
        "source position (11.30, 104.63) is far from the Srepok; set to the gauge at about 13.50 N, 106.97 E",
    ),
}
#: Gauges with series in the reference data that no station table lists.
EXTRA_STATIONS = [
    {
        "station_id": "020102",
        "mrc_id": "020102",
        "name": "Prek Kdam",
        "iso2": "KH",
        "river": "Tonle Sap",
        "lat": 11.811,
        "lon": 104.803,
        "coord_note": "approximate position (Prek Kdam bridge on the Tonle Sap River); no station file gives it",
    }
]


def build_stations(ref: Path) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The 31 MRC mainstream stations joined with the gauges that have series.

    Returns the layer and a list of human-readable notes on coordinates
    corrected or replaced (also kept per station in ``coord_note``).
    """
    thr = read_reference(
        ref, "stations/mrc_mainstream_stations_thresholds.csv",
        ["mrc_id", "name", "country", "lat", "lon", "alarm_m", "flood_m", "gauge_zero_m_asl"],
    )
    old = read_reference(
        ref, "stations/mekong_stations_mrc.csv",
        ["station_name", "iso2", "lat", "lon", "mrc_hydro_station_code", "river_annotation", "qa_flag",
         "in_ts_water_level_1989_2002", "in_ts_discharge_1989_2002", "in_ts_water_level_1992_2023"],
    )
    notes: list[str] = []
    rows: dict[str, dict] = {}
    for _, t in thr.iterrows():
        iso2 = COUNTRY_NAME_TO_ISO2.get(t["country"])
        if iso2 is None:
            raise ReferenceDataError(
                f"stations/mrc_mainstream_stations_thresholds.csv: unknown country {t['country']!r}"
            )
        rows[t["mrc_id"]] = {
            "station_id": t["mrc_id"], "mrc_id": t["mrc_id"], "name": t["name"], "iso2": iso2,
            "river": "Lancang" if iso2 == "CN" else "Mekong", "lat": float(t["lat"]), "lon": float(t["lon"]),
            "alarm_m": pd.to_numeric(t["alarm_m"]), "flood_m": pd.to_numeric(t["flood_m"]),
            "gauge_zero_m_asl": pd.to_numeric(t["gauge_zero_m_asl"]),
            "mrc_telemetry": True, "coord_source": "MRC telemetry feed", "coord_note": None,
            "series_name": None,
        }
    by_name = {r["name"]: k for k, r in rows.items()}
    flags = ["in_ts_water_level_1989_2002", "in_ts_discharge_1989_2002", "in_ts_water_level_1992_2023"]
    for _, s in old.iterrows():
        if not any(s[f] == "True" for f in flags):
            continue
        code = s["mrc_hydro_station_code"] if isinstance(s["mrc_hydro_station_code"], str) else None
        key = code if code in rows else by_name.get(s["station_name"])
        if key is not None:
            r = rows[key]
            r["series_name"] = s["station_name"]
            if isinstance(s["river_annotation"], str) and s["river_annotation"]:
                r["river"] = s["river_annotation"]
            dist = _deg_km(float(s["lat"]), float(s["lon"]), r["lat"], r["lon"])
            if dist > 5:
                note = (f"{r['name']}: station-table position ({s['lat']}, {s['lon']}) is {dist:.0f} km from the MRC "
                        f"telemetry position; the MRC position is used")
                r["coord_note"] = note
                notes.append(note)
            continue
        sid = code or _slug(s["station_name"])
        qa = s["qa_flag"] if isinstance(s["qa_flag"], str) and s["qa_flag"] else None
        rows[sid] = {
            "station_id": sid,
            "mrc_id": code,
            "name": s["station_name"],
            "iso2": s["iso2"],
            "river": s["river_annotation"]
            if isinstance(s["river_annotation"], str) and s["river_annotation"]
            else None,
            "lat": float(s["lat"]),
            "lon": float(s["lon"]),
            "alarm_m": np.nan,
            "flood_m": np.nan,
            "gauge_zero_m_asl": np.nan,
            "mrc_telemetry": False,
            "coord_source": "station table (rounded to 2-3 decimals)",
            "coord_note": f"unverified: {qa}" if qa else None,
            "series_name": s["station_name"],
        }
    for extra in EXTRA_STATIONS:
        rows[extra["station_id"]] = {
            **extra, "alarm_m": np.nan, "flood_m": np.nan, "gauge_zero_m_asl": np.nan,
            "mrc_telemetry": False, "coord_source": "approximate", "series_name": extra["name"],
        }
    for r in rows.values():
        fix = STATION_COORD_FIXES.get(r["name"])
        if fix:
            r["lat"], r["lon"], why = fix
            r["coord_note"] = why
            r["coord_source"] = "corrected by the build"
            notes.append(f"{r['name']}: {why}")
    frame = pd.DataFrame(list(rows.values()))
    frame["datum"] = np.where(frame["name"] == "Jinghong", "m above sea level", "local gauge")
    frame["has_series"] = frame["series_name"].notna()
    out = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame.lon, frame.lat), crs=CRS)
    out["river_km"] = _river_km(ref, out)
    # Tien-branch gauges (Tan Chau, My Thuan) are mainstream although HydroRIVERS follows the Bassac there.
    out["mainstream"] = out["river"].fillna("").str.contains("Mekong|Lancang")
    out = out.sort_values(["river_km", "station_id"], ascending=[False, True], na_position="last").reset_index(
        drop=True
    )
    return out, notes


def _deg_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return float(6371.0 * 2 * np.arcsin(np.sqrt(a)))


def _river_km(ref: Path, points: gpd.GeoDataFrame) -> pd.Series:
    """Distance to the sea along the HydroRIVERS main stem (km), for points within MAINSTREAM_SNAP_KM of it."""
    main = _mainstream(ref)
    main = main[main.river != "Tonle Sap"].to_crs("EPSG:32648")
    pts = points.to_crs("EPSG:32648")
    joined = gpd.sjoin_nearest(pts[["geometry"]], main[["DIST_DN_KM", "LENGTH_KM", "geometry"]], distance_col="d_m")
    joined = joined[~joined.index.duplicated(keep="first")]
    km = pd.to_numeric(joined["DIST_DN_KM"]).where(joined["d_m"] <= MAINSTREAM_SNAP_KM * 1000)
    return km.reindex(points.index).round(1)


# ---------------------------------------------------------------- dams
DAM_NUMERIC = [
    "lat", "lon", "completion_year", "closure_year", "capacity_mw", "mean_annual_energy_gwh", "height_m",
    "length_m", "reservoir_area_km2", "reservoir_volume_mcm", "catchment_area_km2", "elevation_m",
    "strahler_order", "discharge_m3s",
]
#: Source fields where 0 means "unknown" (PROVENANCE.md); stored as null.
DAM_ZERO_IS_UNKNOWN = [
    "capacity_mw",
    "mean_annual_energy_gwh",
    "height_m",
    "length_m",
    "reservoir_area_km2",
    "reservoir_volume_mcm",
]


def build_dams(ref: Path) -> gpd.GeoDataFrame:
    """Ang et al. (2024) dams with a mainstream flag and river kilometre for mainstream dams."""
    dams = read_reference(ref, "dams/mekong_dams_ang2024.csv", ["dam_id", "name", "country", "status", *DAM_NUMERIC])
    main = read_reference(ref, "dams/mekong_mainstream_dams_ang2024.csv", ["dam_id"])
    frame = dams.copy()
    for col in DAM_NUMERIC:
        frame[col] = pd.to_numeric(frame[col], errors="coerce")
    for col in DAM_ZERO_IS_UNKNOWN:
        frame.loc[frame[col] == 0, col] = np.nan
    for col in ("completion_year", "closure_year", "strahler_order"):
        frame.loc[frame[col] == 0, col] = np.nan
        frame[col] = frame[col].astype("Int64")
    frame["iso2"] = frame["country"].map(COUNTRY_NAME_TO_ISO2)
    if frame["iso2"].isna().any():
        bad = sorted(frame.loc[frame.iso2.isna(), "country"].unique())
        raise ReferenceDataError(f"dams/mekong_dams_ang2024.csv: unknown country name(s) {bad}")
    frame["mainstream"] = frame["dam_id"].isin(set(main["dam_id"]))
    frame["refs"] = frame[["ref_1", "ref_2", "ref_3"]].apply(
        lambda r: " | ".join(x for x in r if isinstance(x, str) and x), axis=1
    )
    keep = [
        "dam_id", "name", "name_alt", "iso2", "river", "sub_basin", "status", "completion_year", "closure_year",
        "capacity_mw", "mean_annual_energy_gwh", "height_m", "length_m", "reservoir_area_km2",
        "reservoir_volume_mcm", "catchment_area_km2", "use_primary", "use_secondary", "elevation_m",
        "strahler_order", "discharge_m3s", "mainstream", "refs", "lat", "lon",
    ]
    frame = frame[keep]
    out = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame.lon, frame.lat), crs=CRS)
    out["river_km"] = _river_km(ref, out).where(out["mainstream"])
    return out.sort_values("dam_id").reset_index(drop=True)
