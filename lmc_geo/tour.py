"""The presenter tour: its scenes, in order, and the figures each scene's sentences cite.

Each scene has a key (its messages are ``tour.<key>.title``, ``.text`` and ``.sources``), the kind
of view it shows, and the figures computed here from the shipped data, so the sentences never
carry a number of their own. Scenes are numbered from 1 in the link (``?scene=3``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lmc_geo import loaders, timeline
from lmc_geo.hydrology import store
from lmc_geo.i18n import country_name, format_day, format_number
from lmc_geo.schema import COUNTRIES


@dataclass(frozen=True)
class Scene:
    """One scene: its key, its view, and for a hydrograph the station and year it shows."""

    key: str
    view: str  # "overview_map", "cascade", "band", "projects", "timeline"
    station: str | None = None
    year: int | None = None
    map_link: tuple[tuple[str, str], ...] = ()  # the basin map's link parameters for "open on the map"


SCENES: tuple[Scene, ...] = (
    Scene("basin", "overview_map"),
    Scene("cascade", "cascade"),
    Scene("gauges", "overview_map", map_link=(("asof", "2020-11-01"),)),
    Scene("flood_2008", "band", "011901", 2008, (("asof", "2008-08-15"), ("countries", "LA,TH"))),
    Scene("low_2019", "band", "010501", 2019, (("asof", "2019-07-15"), ("countries", "TH,LA"))),
    Scene("projects", "projects"),
    Scene("timeline", "timeline"),
)


def scene_number(raw, count: int = len(SCENES)) -> int | None:
    """The scene a link asks for (1 to ``count``), or None when the value is not one of them.

    >>> scene_number("3"), scene_number(" 7 "), scene_number("0"), scene_number("x"), scene_number(None)
    (3, 7, None, None, None)
    """
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= count else None


def _extreme(station_id: str, years: tuple[int, ...], highest: bool, base: Path | None) -> tuple[float, str]:
    daily = store.station_series(station_id, "water_level_m", base=base)
    part = daily[pd.to_datetime(daily["date"]).dt.year.isin(years) & daily["value"].notna()]
    row = part.loc[part["value"].idxmax() if highest else part["value"].idxmin()]
    return float(row["value"]), str(pd.Timestamp(row["date"]).date())


def scene_figures(scene: Scene, lang: str, base: Path | None = None) -> dict[str, str]:
    """The figures a scene's sentences cite, formatted for ``lang``."""
    if scene.key == "basin":
        basin = loaders.read_layer("basin", base)
        parts = loaders.read_layer("basin_countries", base).set_index("iso2")
        largest = parts["share_pct"].idxmax()
        return {"area": format_number(float(basin["area_km2"].iloc[0]), lang),
                "countries": format_number(len(COUNTRIES), lang),
                "largest_share": format_number(float(parts.loc[largest, "share_pct"]), lang, 1),
                "largest": country_name(largest, lang)}
    if scene.key == "cascade":
        dams = loaders.read_layer("dams", base)
        main = dams[dams["mainstream"].fillna(False).astype(bool)]
        return {"mainstream": format_number(len(main), lang),
                "operating": format_number(int((main["status"] == "Operational").sum()), lang),
                "lancang": format_number(int((main["iso2"] == "CN").sum()), lang)}
    if scene.key == "gauges":
        stations = loaders.read_layer("stations", base)
        return {"stations": format_number(len(stations), lang),
                "with_series": format_number(int(stations["has_series"].fillna(False).sum()), lang),
                "since": format_day("2020-11-01", lang)}
    if scene.key == "flood_2008":
        stations = loaders.read_layer("stations", base).set_index("station_id")
        value, day = _extreme(scene.station, (scene.year,), True, base)
        return {"peak": format_number(value, lang, 2), "day": format_day(day, lang),
                "flood": format_number(float(stations.loc[scene.station, "flood_m"]), lang, 2)}
    if scene.key == "low_2019":
        value, day = _extreme(scene.station, (2019, 2020), False, base)
        return {"low": format_number(value, lang, 2), "day": format_day(day, lang)}
    if scene.key == "projects":
        registry = loaders.read_projects(base)
        return {"projects": format_number(len(registry), lang),
                "illustrative": format_number(int((registry["provenance"] == "illustrative").sum()), lang),
                "approved_2020": format_number(int((registry["year_approved"] == 2020).sum()), lang)}
    if scene.key == "timeline":
        return {"events": format_number(len(timeline.cooperation_events(lang)), lang)}
    return {}
