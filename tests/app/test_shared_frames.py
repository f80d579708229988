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
