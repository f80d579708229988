"""The frames the cache shares across sessions (st.cache_resource) are left as loaded by every page."""

from __future__ import annotations

import pandas as pd
import pytest

from lmc_geo import i18n, loaders
from lmc_geo.hydrology import store
from lmc_geo.ui import cache
from tests.app.conftest import page_test

PAGES = ("overview", "basin_map", "hydrology", "dams", "projects", "tour", "about")
LAYERS = ("stations", "dams", "countries", "basin_countries", "rivers")


def fingerprint(frame: pd.DataFrame) -> int:
    plain = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    return int(pd.util.hash_pandas_object(plain.astype(str), index=True).sum())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_leaves_the_shared_frames_as_loaded(lang):
    for page in PAGES:
        at = page_test(page, lang=lang, hydro_station="010501")
        at.run()
        assert not at.exception, page
        for name in LAYERS:
            shared, err = cache.layer(name, lang)
            assert err is None
            expected = i18n.localised_names(loaders.read_layer(name), lang)
            assert fingerprint(shared) == fingerprint(expected), f"{page} changed the shared {name} layer"
        shared, _ = cache.station_series("010501", "water_level_m")
        assert fingerprint(shared) == fingerprint(store.station_series("010501", "water_level_m")), page
        shared, _ = cache.projects()
        assert fingerprint(shared) == fingerprint(loaders.read_projects()), page


def _counting(monkeypatch, module, name: str) -> list:
    calls: list = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_second_viewer_of_a_view_reuses_what_the_first_worked_out(monkeypatch):
    """What a page derives from the shared frames (the shown record, its years, a project selection and its
    key figures and table) is kept beside them: a second session's run of the same view works none of it out."""
    from lmc_geo.hydrology import meta as series_meta
    from lmc_geo.hydrology import timeseries
    from lmc_geo.projects import selection
    from lmc_geo.ui import projects as projects_page

    counted = {
        "shown record": _counting(monkeypatch, series_meta, "aggregate_for_display"),
        "years": _counting(monkeypatch, timeseries, "years_with_data"),
        "selection": _counting(monkeypatch, selection, "filter_projects"),
        "key figures": _counting(monkeypatch, selection, "key_figures"),
        "table": _counting(monkeypatch, projects_page, "table_frame"),
    }
    for page, state in (("hydrology", {"hydro_station": "010501"}), ("projects", {})):
        first = page_test(page, **state)
        first.run()
        assert not first.exception
        done = {k: len(v) for k, v in counted.items()}
        second = page_test(page, **state)
        second.run()
        assert not second.exception
        assert {k: len(v) for k, v in counted.items()} == done, page
