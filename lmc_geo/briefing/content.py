"""What a briefing shows, gathered from the shipped data: the same selection as the app's pages.

A :class:`BriefingRequest` names the countries, the language, the "as of" day, an optional
station and the Dams filters; :func:`gather` checks it (an unknown country, station or date is a
:class:`BriefingError` that says which) and reads every layer, the gauges' status that day, the
dams and projects of those countries and the station's record and band.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd

from lmc_geo import i18n, loaders
from lmc_geo.dams import registry as dams
from lmc_geo.filters import by_countries, isin, normalise_countries
from lmc_geo.hydrology import store
from lmc_geo.hydrology.meta import read_sources, source_line
from lmc_geo.hydrology.status import station_status_for
from lmc_geo.i18n import Text
from lmc_geo.projects import selection as projects
from lmc_geo.schema import COUNTRIES
from lmc_geo.validate import DataFileError

#: The layers a briefing map draws beneath its points.
BASE_LAYERS = ("countries", "borders", "basin", "rivers", "lakes")


class BriefingError(ValueError):
    """A briefing that cannot be made as asked: the message says what to change."""

    def __init__(self, said: Text):
        self.said = said
        super().__init__(str(said))

    def message(self, lang: str = i18n.DEFAULT_LANG) -> str:
        return self.said.in_lang(lang)


@dataclass(frozen=True)
class BriefingRequest:
    """What to brief on, as a page shows it: countries (ISO codes), language, "as of" day, station,
    the Dams page's filters (keyword arguments of :func:`lmc_geo.dams.registry.filter_dams`, as
    pairs) and the Projects page's selection (project ids; None for all of the countries')."""

    countries: tuple[str, ...] = COUNTRIES
    lang: str = i18n.DEFAULT_LANG
    as_of: str | None = None
    station: str | None = None
    dam_filters: tuple[tuple[str, object], ...] = ()
    project_ids: tuple[str, ...] | None = None

    def for_countries(self, countries: tuple[str, ...]) -> BriefingRequest:
        """The same request for other countries (no station, as a meeting pack asks)."""
        return replace(self, countries=countries, station=None)


@dataclass
class Briefing:
    """Everything one briefing draws, already filtered to its countries."""

    request: BriefingRequest
    as_of: str
    layers: dict[str, gpd.GeoDataFrame]
    stations: gpd.GeoDataFrame
    status: pd.DataFrame
    dams: gpd.GeoDataFrame
    projects: pd.DataFrame
    station_row: pd.Series | None = None
    series: pd.DataFrame | None = None
    band: pd.DataFrame | None = None
    series_source: str = ""
    made: dt.date = field(default_factory=dt.date.today)

    @property
    def lang(self) -> str:
        return self.request.lang


def parse_countries(text: str | None) -> tuple[str, ...]:
    """Countries from a list such as ``LA,KH`` (any case, any order; empty for all six), upstream first.

    >>> parse_countries("kh,LA"), parse_countries(None) == COUNTRIES
    (('LA', 'KH'), True)
    >>> parse_countries("LA,XX")
    Traceback (most recent call last):
    ...
    lmc_geo.briefing.content.BriefingError: unknown country code XX; use CN, MM, LA, TH, KH, VN
    """
    codes = [c.strip().upper() for c in (text or "").replace(";", ",").split(",") if c.strip()]
    unknown = [c for c in codes if c not in COUNTRIES]
    if unknown:
        raise BriefingError(Text.of("briefing.error.country", codes=", ".join(unknown), known=", ".join(COUNTRIES)))
    return normalise_countries(codes) if codes else COUNTRIES


def _last_level_day(base: Path | None) -> tuple[str, str]:
    catalogue = store.stations_with_series(base)
    levels = catalogue[catalogue["variable"] == "water_level_m"]
    return str(pd.to_datetime(levels["first_date"]).min().date()), str(pd.to_datetime(levels["last_date"]).max().date())


def _checked_day(as_of: str | None, base: Path | None) -> str:
    first, last = _last_level_day(base)
    if not as_of:
        return last
    try:
        day = dt.date.fromisoformat(str(as_of))
    except ValueError:
        raise BriefingError(Text.of("briefing.error.date_format", date=str(as_of))) from None
    if not first <= day.isoformat() <= last:
        raise BriefingError(Text.of("briefing.error.date_range", date=day.isoformat(), first=first, last=last))
    return day.isoformat()


def gather(request: BriefingRequest, base: Path | None = None) -> Briefing:
    """Read and select what ``request`` asks for; :class:`BriefingError` names what it cannot find.

    A broken data file is a :class:`~lmc_geo.validate.DataFileError` (it names the file).
    """
    countries = normalise_countries(request.countries) or COUNTRIES
    request = replace(request, countries=countries, lang=i18n.normalise_lang(request.lang))
    day = _checked_day(request.as_of, base)
    layers = {name: i18n.localised_names(loaders.read_layer(name, base), request.lang) for name in BASE_LAYERS}
    all_stations = i18n.localised_names(loaders.read_layer("stations", base), request.lang)
    stations = by_countries(all_stations, countries)
    all_dams = i18n.localised_names(loaders.read_layer("dams", base), request.lang)
    chosen_dams = dams.filter_dams(all_dams, countries=countries, **dict(request.dam_filters))
    registry = loaders.read_projects(base)
    chosen_projects = by_countries(registry, countries, column="countries")
    if request.project_ids is not None:
        chosen_projects = chosen_projects[isin(chosen_projects["id"], set(request.project_ids))]
    try:
        status = station_status_for(day, base)
    except (DataFileError, FileNotFoundError):  # no water levels: the gauges are drawn without status
        status = pd.DataFrame(columns=["station_id", "value", "status", "rule", "quality", "p10"])
    status = status[isin(status["station_id"], set(stations["station_id"].astype(str)))]
    briefing = Briefing(request, day, layers, stations, status, chosen_dams, chosen_projects)
    if request.station:
        _add_station(briefing, request.station, all_stations, base)
    return briefing


def _add_station(briefing: Briefing, station_id: str, all_stations: pd.DataFrame, base: Path | None) -> None:
    rows = all_stations[all_stations["station_id"].astype(str) == str(station_id)]
    if rows.empty:
        raise BriefingError(Text.of("briefing.error.station", station=str(station_id)))
    row = rows.iloc[0]
    briefing.station_row = row
    series = store.station_series(str(station_id), "water_level_m", base=base)
    if series is None or series.empty:
        return
    briefing.series = series
    briefing.band = store.doy_band(str(station_id), "water_level_m", base=base)
    try:
        sources = read_sources(base)
    except DataFileError:
        sources = None
    briefing.series_source = source_line(dict.fromkeys(series["source"].astype(str)), sources, briefing.lang)


def key_figures(briefing: Briefing) -> dict[str, float | int]:
    """The first page's figures: countries, stations, dams and their installed MW, projects."""
    dam_figures = dams.key_figures(briefing.dams)
    return {
        "countries": len(briefing.request.countries),
        "stations": len(briefing.stations),
        "dams": len(briefing.dams),
        "capacity_mw": dam_figures["capacity_mw"],
        "projects": len(briefing.projects),
        "illustrative": int(projects.key_figures(briefing.projects)["illustrative"]) if len(briefing.projects) else 0,
    }
