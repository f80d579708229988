"""Where dam sources disagree: ``data/layers/dam_source_values.csv``.

The atlas shows the dams of Ang et al. (2024). For the same dam, other public sources
sometimes give another installed capacity, reservoir storage or completion year. This
module matches the dams of

* Open Development Mekong, *Hydropower dams in the Mekong region in 2022* (103 dams),
* the MRC hydropower database codes table (Barbarossa & Schmitt 2024, 74 Lower Mekong dams),
* a short list of values published elsewhere (``dam_values_published.csv`` next to this
  file, each with its page), e.g. Jinghong storage 249 vs 1,140 million m3,

to the Ang et al. dams, and keeps every quantity where two sources disagree, with all
sources' values side by side (long format: one row per dam, quantity and source). The app
shows both values instead of picking one.

Matching: a record matches the nearest Ang et al. dam whose name or alternative name is the
same after normalisation (within 30 km); failing that, the nearest dam within 2 km whose name
is similar (a word alike at 75 %, the same unit numbers, both or neither an extension).
A source value of 0 means "unknown" and is ignored, as in the Ang et al. data.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import numpy as np
import pandas as pd

from lmc_geo import paths
from lmc_geo.build.layers import ReferenceDataError, _deg_km, read_reference

PUBLISHED_PATH = Path(__file__).with_name("dam_values_published.csv")

#: Output columns, in order.
COLUMNS = ["dam_id", "name", "iso2", "quantity", "unit", "value", "source", "source_url", "matched_by", "note"]

#: Quantities compared: column in the Ang et al. layer -> unit.
QUANTITIES = {"capacity_mw": "MW", "reservoir_volume_mcm": "million m3", "completion_year": "year"}

#: Values closer than this (relative) count as the same figure (rounding, unit conversions).
RELATIVE_TOLERANCE = 0.02
NAME_MATCH_KM = 30.0
NEAR_MATCH_KM = 2.0

ANG = "Ang et al. (2024), ESSD 16:1209"
ANG_URL = "https://doi.org/10.5194/essd-16-1209-2024"
ODM = "Open Development Mekong, Hydropower dams in the Mekong region in 2022"
ODM_URL = "https://data.opendevelopmentcambodia.net/dataset/hydropower-dams-in-the-mekong-region-in-2022"
MRC = "MRC hydropower database, via Barbarossa & Schmitt (2024), One Earth"
MRC_URL = "https://github.com/vbarbarossa/optifish"

#: Words too common in dam names to show that two names are alike.
_GENERIC = {"nam", "xe", "se", "huai", "houay", "huay", "stung", "mekong", "at", "the", "river", "dam",
            "hydropower", "prek", "o", "hpp", "project", "station"}


def normalise_name(name) -> str | None:
    """A dam name reduced for comparison.

    >>> normalise_name("Theun-Hinboun Hydropower"), normalise_name("Nam Theun II"), normalise_name(None)
    ('theunhinboun', 'namtheun2', None)
    """
    if not isinstance(name, str) or not name.strip():
        return None
    s = f" {name.lower()} "
    s = re.sub(r"\b(hydropower|hpp|dam|project|station)\b", " ", s)
    s = re.sub(r"\biii\b", "3", s)
    s = re.sub(r"\bii\b", "2", s)
    s = re.sub(r"[^a-z0-9]", "", s)
    return s or None


def _tokens(name: str) -> tuple[set[str], set[str], bool]:
    words = [w for w in re.split(r"[\s\-().,/]+", name.lower()) if w]
    numbers = {w for w in words if w.isdigit()}
    extension = any(w.startswith(("ext", "exp")) for w in words)
    rest = {w for w in words if not w.isdigit() and w not in _GENERIC and not w.startswith(("ext", "exp"))}
    return rest, numbers, extension


def similar_names(a: str, b: str) -> bool:
    """Whether two names plausibly name the same dam (for matches by position).

    >>> similar_names("Mekong at Xayabuly", "Xayaburi"), similar_names("Nam Ou 6", "Nam Ou 5")
    (True, False)
    >>> similar_names("Nam Ngum 1 Extension", "Nam Ngum 1")
    False
    """
    wa, na, ea = _tokens(a)
    wb, nb, eb = _tokens(b)
    if na != nb or ea != eb:
        return False
    return any(difflib.SequenceMatcher(None, x, y).ratio() >= 0.75 for x in wa for y in wb)


def _distances(lat: float, lon: float, dams: pd.DataFrame) -> np.ndarray:
    return np.array([_deg_km(lat, lon, a, b) for a, b in zip(dams["lat"].to_numpy(), dams["lon"].to_numpy())])


def _same_name(dams: pd.DataFrame, key: str | None) -> np.ndarray:
    """True where the dam's name or alternative name normalises to ``key``."""
    same = dams["name"].map(normalise_name) == key
    if "name_alt" in dams:
        same |= dams["name_alt"].map(normalise_name) == key
    return same.to_numpy(dtype=bool)


def match_dam(name: str, lat: float, lon: float, dams: pd.DataFrame) -> tuple[int | None, str]:
    """Position (iloc) of the Ang et al. dam a record names, and how it was matched.

    >>> dams = pd.DataFrame({"name": ["Manwan", "Jinghong"], "name_alt": ["Man Wan", None],
    ...                      "lat": [24.62, 22.05], "lon": [100.45, 100.77]})
    >>> match_dam("Man Wan", 24.6, 100.4, dams)
    (0, 'same name')
    >>> match_dam("Somewhere", 22.05, 100.77, dams)
    (None, '')
    """
    if not (np.isfinite(lat) and np.isfinite(lon)) or dams.empty:
        return None, ""
    dist = _distances(lat, lon, dams)
    key = normalise_name(name)
    if key:
        candidates = np.flatnonzero(_same_name(dams, key) & (dist <= NAME_MATCH_KM))
        if len(candidates):
            return int(candidates[np.argmin(dist[candidates])]), "same name"
    nearest = int(np.argmin(dist))
    if (
        dist[nearest] <= NEAR_MATCH_KM
        and isinstance(name, str)
        and similar_names(name, str(dams["name"].iloc[nearest]))
    ):
        return nearest, f"position ({dist[nearest]:.1f} km) and similar name"
    return None, ""


def _positive(value) -> float | None:
    number = pd.to_numeric(value, errors="coerce")
    return float(number) if pd.notna(number) and number > 0 else None


def _values(ref: Path, rel: str, name_col: str, value_cols: dict[str, str], extra: list[str], describe) -> list[dict]:
    """One row per dam of a reference table: its name, position and the positive values of
    ``value_cols`` (our quantity -> the file's column); ``describe(row)`` gives source, url and note."""
    table = read_reference(ref, rel, [name_col, "lat", "lon", *value_cols.values(), *extra])
    rows = []
    for _, r in table.iterrows():
        values = {quantity: _positive(r[column]) for quantity, column in value_cols.items()}
        rows.append({"name": r[name_col], "lat": float(r["lat"]), "lon": float(r["lon"]), "values": values,
                     **describe(r)})
    return rows


def _odm_values(ref: Path) -> list[dict]:
    return _values(
        ref, "dams/mekong_hydropower_dams_odm2022.geojson", "project",
        {"capacity_mw": "installed_capacity_mw", "reservoir_volume_mcm": "total_storage_mcm",
         "completion_year": "expected_cod_year"},
        [],
        lambda r: {"source": ODM, "source_url": ODM_URL, "note": "derived: leading number of the source's text field"},
    )


def _mrc_values(ref: Path) -> list[dict]:
    return _values(
        ref, "dams/lmb_dams_mrc_codes_barbarossa2024.csv", "name",
        {"capacity_mw": "installed_capacity_mw", "reservoir_volume_mcm": "gross_storage_mcm",
         "completion_year": "cod_year"},
        ["mrc_code"],
        lambda r: {"source": f"{MRC} (code {r['mrc_code']})", "source_url": MRC_URL,
                   "note": "MRC baseline (about 2018); storage is gross storage"},
    )


def read_published(path: Path = PUBLISHED_PATH) -> pd.DataFrame:
    """Values published elsewhere, one row per dam, quantity and source (with its page)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    missing = {"name", "quantity", "value", "source", "source_url", "note"} - set(frame.columns)
    if missing:
        raise ReferenceDataError(f"{path} lacks column(s): {', '.join(sorted(missing))}")
    bad = sorted(set(frame["quantity"]) - set(QUANTITIES))
    if bad:
        raise ReferenceDataError(f"{path}: unknown quantity {bad}; expected one of {', '.join(QUANTITIES)}")
    frame["value"] = pd.to_numeric(frame["value"], errors="raise")
    return frame


def _differ(values: list[float], quantity: str) -> bool:
    lo, hi = min(values), max(values)
    if quantity == "completion_year":
        return hi != lo
    return (hi - lo) > RELATIVE_TOLERANCE * hi


def build_dam_conflicts(ref_dir: Path, dams: pd.DataFrame, published: Path = PUBLISHED_PATH) -> pd.DataFrame:
    """Every dam quantity on which the sources disagree, with each source's value.

    Parameters
    ----------
    ref_dir : Path
        The reference-data folder (reads ``dams/mekong_hydropower_dams_odm2022.geojson`` and
        ``dams/lmb_dams_mrc_codes_barbarossa2024.csv``).
    dams : DataFrame
        The dams layer (Ang et al. 2024) with ``dam_id, name, name_alt, iso2, lat, lon`` and the
        quantities of :data:`QUANTITIES`.
    published : Path
        CSV of values published elsewhere, matched to dams by name.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`, one row per dam, quantity and source; only quantities where
        at least two sources differ (by more than :data:`RELATIVE_TOLERANCE`, or any year).
        The Ang et al. value comes first in each group. Sorted by dam and quantity.
    """
    dams = dams.reset_index(drop=True)
    records = _odm_values(ref_dir) + _mrc_values(ref_dir)
    others: dict[tuple[int, str], list[dict]] = {}
    for rec in records:
        pos, how = match_dam(rec["name"], rec["lat"], rec["lon"], dams)
        if pos is None:
            continue
        for quantity, value in rec["values"].items():
            if value is None:
                continue
            others.setdefault((pos, quantity), []).append(
                {"value": value, "source": rec["source"], "source_url": rec["source_url"],
                 "matched_by": f"{rec['name']}: {how}", "note": rec["note"]}
            )
    for _, p in read_published(published).iterrows():
        key = normalise_name(p["name"])
        hits = np.flatnonzero(_same_name(dams, key))
        if len(hits) != 1:
            raise ReferenceDataError(f"{published}: {p['name']!r} matches {len(hits)} dams, expected exactly one")
        others.setdefault((int(hits[0]), p["quantity"]), []).append(
            {"value": float(p["value"]), "source": p["source"], "source_url": p["source_url"],
             "matched_by": f"{p['name']}: same name", "note": p["note"] if isinstance(p["note"], str) else ""}
        )

    rows = []
    for (pos, quantity), found in others.items():
        dam = dams.iloc[pos]
        own = dam[quantity]
        own = float(own) if pd.notna(own) else None
        values = [f["value"] for f in found] + ([own] if own is not None else [])
        if len(values) < 2 or not _differ(values, quantity):
            continue
        base = {"dam_id": dam["dam_id"], "name": dam["name"], "iso2": dam["iso2"], "quantity": quantity,
                "unit": QUANTITIES[quantity]}
        if own is not None:
            rows.append({**base, "value": own, "source": ANG, "source_url": ANG_URL, "matched_by": "",
                         "note": "the value the atlas shows"})
        # Identical figures from one source (e.g. two records of one dam) are listed once.
        seen = set()
        for f in sorted(found, key=lambda f: (f["source"], f["value"])):
            if (f["source"], f["value"]) in seen:
                continue
            seen.add((f["source"], f["value"]))
            rows.append({**base, **f})
    out = pd.DataFrame(rows, columns=COLUMNS)
    if out.empty:
        return out
    out["order"] = (out["source"] != ANG).astype(int)
    out = out.sort_values(["dam_id", "quantity", "order", "source", "value"]).drop(columns="order")
    out["value"] = out["value"].round(2)
    return out.reset_index(drop=True)


def write_dam_source_values(ref_dir: Path, dams: pd.DataFrame, out: Path) -> int:
    """Write ``out/layers/dam_source_values.csv`` (for ``make data``); returns its row count."""
    frame = build_dam_conflicts(ref_dir, dams)
    path = paths.dam_source_values_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n")
    return len(frame)
