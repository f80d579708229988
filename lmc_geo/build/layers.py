"""Derive the map layers in ``data/layers/`` from the public reference data.

Every function reads named files under the reference folder and returns a
GeoDataFrame in EPSG:4326, simplified for display. Tolerances are in degrees
(0.01 deg is about 1.1 km at these latitudes, below one screen pixel at the
basin-wide zoom levels the atlas opens at).

The reference country files are clipped to the region box; the basemap (countries
and borders) carries on beyond it to ``BASEMAP_EXTENT`` with the Natural Earth 1:50m
world file kept in ``world_atlas/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from lmc_geo.schema import (
    BASEMAP_EXTENT,
    COUNTRIES,
    COUNTRY_NAME_TO_ISO2,
    CRS,
    ISO3_TO_ISO2,
)

#: Simplification tolerances (degrees) per layer; documented in data/README.md. The world's are
#: coverage simplification's (GEOS, area-based, shared borders kept shared), the others Douglas-Peucker.
TOLERANCE = {
    "countries": 0.02,
    "world_near": 0.06,
    "world": 0.3,
    "basin": 0.01,
    "basin_countries": 0.01,
    "rivers": 0.01,
    "lakes": 0.005,
}
#: Coordinates are rounded to this grid (degrees): 1e-4 deg is about 11 m.
GRID = 1e-4
#: The world basemap outside the region box is rounded to 0.01 deg (about 1.1 km), a fifth of its
#: finest simplification.
WORLD_GRID = 0.01
#: The box (west, south, east, north) the reference country files are clipped to: inside it the
#: basemap is Natural Earth 1:10m; outside it, up to BASEMAP_EXTENT, the 1:50m world file below.
REGION_BOX = (90.0, 7.0, 112.0, 35.0)
#: Natural Earth 1:50m admin-0 countries as published in the world-atlas 2.0.2 package (TopoJSON,
#: unmodified; see world_atlas/README.md): the source of the basemap outside the region box.
WORLD_FILE = Path(__file__).resolve().parent / "world_atlas" / "countries-50m.json"
#: Around the region box, within this box, the world basemap is simplified less: it is what the
#: map shows beside the region at its opening zoom (lon 80-122 on a 1,140 px wide map).
NEAR_BOX = (78.0, -2.0, 124.0, 42.0)
#: Islands smaller than this (deg2) are left out of the world basemap: in NEAR_BOX about 120 km2
#: (under three pixels across at the opening zoom), beyond it about 1,800 km2.
MIN_ISLAND_DEG2 = {"near": 0.01, "far": 0.15}
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
def read_world(path: Path | None = None) -> gpd.GeoDataFrame:
    """The world file's countries over the basemap extent: ``iso_n3`` (ISO 3166 numeric), ``name``.

    Polygons are cut to the extent plus a 2-degree margin (so simplification leaves the extent's
    edges alone) and made valid; countries that lie outside are dropped.
    """
    path = _need(path or WORLD_FILE)
    try:
        world = gpd.read_file(path, layer="countries")
    except Exception as exc:  # pyogrio raises several kinds; the message is what matters
        raise ReferenceDataError(f"cannot read world file {path}: {exc}") from exc
    if not {"id", "name"} <= set(world.columns):
        raise ReferenceDataError(f"world file {path} lacks the id and name of each country")
    west, south, east, north = BASEMAP_EXTENT
    window = shapely.box(west - 2, south - 2, east + 2, north + 2)
    geoms = shapely.make_valid(shapely.clip_by_rect(world.geometry.values, *window.bounds), method="structure")
    # A few features (e.g. Somaliland, Siachen Glacier) have no ISO code.
    codes = [str(v).zfill(3) if isinstance(v, str) and v else None for v in world["id"]]
    world = gpd.GeoDataFrame({"iso_n3": codes, "name": world["name"]}, geometry=list(geoms), crs=CRS)
    kept = ~world.geometry.is_empty & world.geometry.geom_type.isin(["Polygon", "MultiPolygon"])
    return world[kept].reset_index(drop=True)


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Each geometry's polygons only (set operations may leave lines or points at shared edges)."""
    out = []
    for geom in geoms:
        parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
        out.append(parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts))
    return np.array(out, dtype=object)


def _drop_small_land(geoms: np.ndarray) -> np.ndarray:
    """Take out islands (land masses touching no other country) smaller than ``MIN_ISLAND_DEG2``.

    Land that reaches the region box is kept whatever its size: its other part is inside.
    """
    land = shapely.union_all(geoms)
    edge = shapely.box(*REGION_BOX).boundary
    near = shapely.box(*NEAR_BOX)
    small = []
    for part in getattr(land, "geoms", [land]):
        limit = MIN_ISLAND_DEG2["near" if near.contains(part.representative_point()) else "far"]
        if part.area < limit and not part.intersects(edge):
            small.append(part)
    return shapely.difference(geoms, shapely.union_all(small)) if small else geoms


def world_outside_region(world: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The world countries between the region box and the basemap extent, simplified as one coverage.

    The countries are simplified together, so shared borders stay shared and no sliver opens
    between neighbours: with ``TOLERANCE["world_near"]`` in ``NEAR_BOX`` (what the map shows
    around the region at its opening zoom), with ``TOLERANCE["world"]`` beyond it. Each part is
    cut exactly at its box, so the parts of one country join without a gap. Small islands are
    left out (``MIN_ISLAND_DEG2``). One row per country, ``iso_n3``, ``name``.
    """
    region = shapely.box(*REGION_BOX)
    near = shapely.coverage_simplify(world.geometry.values, TOLERANCE["world_near"])
    near = shapely.difference(shapely.clip_by_rect(near, *NEAR_BOX), region)
    far = shapely.coverage_simplify(world.geometry.values, TOLERANCE["world"])
    far = shapely.difference(shapely.clip_by_rect(far, *BASEMAP_EXTENT), shapely.box(*NEAR_BOX))
    near, far = (_polygonal(shapely.set_precision(g, WORLD_GRID)) for g in (near, far))
    geoms = _drop_small_land(_polygonal(shapely.union(near, far)))
    geoms = _polygonal(shapely.make_valid(shapely.set_precision(geoms, WORLD_GRID)))
    out = gpd.GeoDataFrame(world[["iso_n3", "name"]].copy(), geometry=list(geoms), crs=CRS)
    return out[~out.geometry.is_empty].reset_index(drop=True)


def build_countries(ref: Path, world: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """The basemap's countries: the six LMC countries and every other country up to the basemap extent.

    Inside the region box each country is Natural Earth 1:10m (the reference clip), outside it
    1:50m (``world``, :func:`world_outside_region` of the world file, read when not given),
    joined into one polygon per country so no edge of the box shows. The six are named in en, zh
    and their national language, the others by Natural Earth; ``iso_n3`` is every row's ISO
    numeric code, ``iso2`` is given for the region's countries.
    """
    clip = read_reference(
        ref, "countries/countries_ne10m_region_clip.geojson", ["ISO_A2", "iso_n3_worldatlas", "NAME_EN", "NAME_ZH"]
    )
    names = read_reference(ref, "countries/mekong_country_names.csv", ["ISO_A2", "cldr_en", "cldr_zh_hans"])
    names = names.set_index("ISO_A2")
    outside = world if world is not None else world_outside_region(read_world())
    joined = set(clip["iso_n3_worldatlas"].astype(str).str.zfill(3))
    outside_of = {r.iso_n3: r.geometry for r in outside.itertuples() if r.iso_n3 in joined}
    rows, geoms = [], []
    region = shapely.box(*REGION_BOX)
    for _, c in clip.iterrows():
        iso2 = c["ISO_A2"]
        iso_n3 = str(c["iso_n3_worldatlas"]).zfill(3)
        lmc = iso2 in COUNTRIES
        row = {
            "iso2": iso2,
            "iso_n3": iso_n3,
            "lmc": lmc,
            "name_en": names.at[iso2, "cldr_en"] if lmc else c["NAME_EN"],
            "name_zh": names.at[iso2, "cldr_zh_hans"] if lmc else c["NAME_ZH"],
            "name_local": names.at[iso2, f"cldr_{NATIONAL_LANGUAGE[iso2]}"] if lmc else None,
            "upstream_order": int(names.at[iso2, "upstream_order"]) if lmc else None,
        }
        for lang in ("th", "lo", "km", "my", "vi"):
            row[f"name_{lang}"] = names.at[iso2, f"cldr_{lang}"] if lmc else None
        geom = c.geometry
        if iso_n3 in outside_of:
            # Simplified joined to its outer part, then cut back to the box: the cut edges meet the
            # outer part's exactly, where a box edge simplified on its own would leave a sliver.
            inner = _simplify(gpd.GeoSeries([shapely.union(geom, outside_of[iso_n3])], crs=CRS), TOLERANCE["countries"])
            geom = shapely.union(shapely.intersection(inner.iloc[0], region), outside_of[iso_n3])
        else:
            geom = _simplify(gpd.GeoSeries([geom], crs=CRS), TOLERANCE["countries"]).iloc[0]
        rows.append(row)
        geoms.append(geom)
    for w in outside[~outside.iso_n3.isin(joined)].itertuples():
        rows.append({"iso2": None, "iso_n3": w.iso_n3, "lmc": False, "name_en": w.name, "name_zh": None})
        geoms.append(w.geometry)
    frame = pd.DataFrame(rows)
    # Myanmar is "Myanmar (Burma)" in CLDR English; the short official form reads better on a map.
    frame.loc[frame.iso2 == "MM", "name_en"] = "Myanmar"
    geoms = shapely.make_valid(shapely.set_precision(np.array(geoms, dtype=object), GRID))
    out = _gdf(frame, geoms)
    out["upstream_order"] = out["upstream_order"].astype("Int64")
    return out.sort_values(["lmc", "upstream_order", "iso2", "name_en"], ascending=[False, True, True, True],
                           na_position="last").reset_index(drop=True)


def _shared_edges(frame: gpd.GeoDataFrame) -> list[tuple[int, int, object]]:
    """(i, j, line) for every pair of polygons of ``frame`` that share an edge."""
    tree = shapely.STRtree(frame.geometry.values)
    left, right = tree.query(frame.geometry.values, predicate="intersects")
    out = []
    boundaries = shapely.boundary(frame.geometry.values)
    for i, j in zip(left, right):
        if i >= j:
            continue
        line = shapely.line_merge(shapely.intersection(boundaries[i], boundaries[j]))
        parts = [g for g in getattr(line, "geoms", [line]) if g.geom_type in ("LineString", "MultiLineString")]
        if parts:
            out.append((int(i), int(j), shapely.line_merge(shapely.union_all(parts))))
    return out


def build_borders(ref: Path, world: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """International land boundaries up to the basemap extent (crisper than polygon outlines).

    Inside the region box: Natural Earth 1:10m boundary lines. Outside it: the borders shared by
    neighbouring 1:50m countries of ``world`` (as for :func:`build_countries`), so they match
    the countries layer.
    Alpha-3 codes are given for the region's countries (the world file has numeric codes only).
    """
    lines = read_reference(ref, "countries/ne_10m_boundary_lines_land_region.geojson", ["adm0_a3_l", "adm0_a3_r"])
    frame = lines[["adm0_a3_l", "adm0_a3_r"]].rename(columns={"adm0_a3_l": "left_iso3", "adm0_a3_r": "right_iso3"})
    inside = _gdf(frame, _simplify(lines.geometry, TOLERANCE["countries"]))
    clip = read_reference(ref, "countries/countries_ne10m_region_clip.geojson", ["ISO_A3", "iso_n3_worldatlas"])
    iso3 = dict(zip(clip["iso_n3_worldatlas"].astype(str).str.zfill(3), clip["ISO_A3"]))
    outside = world if world is not None else world_outside_region(read_world())
    rows = []
    for i, j, line in _shared_edges(outside):
        a, b = sorted(str(c) if isinstance(c, str) else "" for c in (outside.iso_n3[i], outside.iso_n3[j]))
        rows.append({"left_iso3": iso3.get(a), "right_iso3": iso3.get(b), "geometry": line})
    if not rows:
        return inside
    coarse = gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)
    return pd.concat([inside, coarse], ignore_index=True)


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
    "Nakhon Phanom": (
        17.40,
        104.78,
        "MRC telemetry position (17.62, 104.52) is 37 km from the town and its gauge on the Mekong; "
        "set to 17.40 N, 104.78 E, the position of 013101 in the MRC station table",
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
