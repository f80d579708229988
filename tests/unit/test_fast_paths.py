"""The page-speed shortcuts give the answers of the plain code they replace."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import plotly.basedatatypes
import plotly.graph_objects as go

from lmc_geo.hydrology import compare
from lmc_geo.hydrology import meta as series_meta
from lmc_geo.plotting.style import style_figure


def test_plotly_property_paths_are_parsed_once_and_answer_as_before():
    parse = plotly.basedatatypes._str_to_dict_path_full
    assert parse.cache_info  # memoised at import
    original = parse.__wrapped__
    for path in ("xaxis.title.font.size", "paper_bgcolor", "annotations[0].text", "error_x.thickness", ""):
        fresh_path, fresh_positions = original(path)
        path_parts, positions = parse(path)
        assert path_parts == fresh_path and list(positions) == list(fresh_positions)
        assert isinstance(positions, tuple)  # shared between callers: cannot be changed
    fig = style_figure(go.Figure(go.Bar(x=[1], y=[2])), title="T", source="S")
    assert fig.layout.xaxis.gridcolor and fig.layout.annotations[0].text == "S"


def _pandas_order(stations: pd.DataFrame, ids=None) -> list[str]:
    frame = stations.copy()
    frame["station_id"] = frame["station_id"].astype(str)
    if ids is not None:
        frame = frame[frame["station_id"].isin([str(i) for i in ids])]
    frame = frame.assign(_km=frame["river_km"].astype("float64"), _name=frame["name"].astype(str))
    frame = frame.sort_values(["_km", "_name"], ascending=[False, True], na_position="last", kind="stable")
    return frame["station_id"].drop_duplicates().tolist()


def test_upstream_order_is_the_frame_sort():
    rng = random.Random(3)
    for _ in range(50):
        n = rng.randint(0, 30)
        stations = pd.DataFrame({
            "station_id": [f"s{rng.randint(0, 40)}" for _ in range(n)],
            "name": [rng.choice(["Pakse", "Kratie", "Chiang Saen", "Vientiane", "B"]) for _ in range(n)],
            "river_km": [rng.choice([np.nan, 100.0, 522.4, 866.6, 2474.8, rng.uniform(0, 4000)]) for _ in range(n)],
        })
        ids = None if rng.random() < 0.5 else [f"s{rng.randint(0, 40)}" for _ in range(5)]
        assert compare.order_upstream(stations, ids) == _pandas_order(stations, ids)


def test_datum_lookup_is_per_frame_and_follows_a_new_frame():
    datums = pd.DataFrame({"station_id": ["a", "a", "b"], "variable": ["water_level_m"] * 3,
                           "datum": ["local gauge", "other", "MSL"], "gauge_zero_m_asl": [1.5, 2.0, np.nan],
                           "note": ["datum shift in 1995 and 2009", "", np.nan]})
    first = series_meta.datum_of(datums, "a", "water_level_m")
    assert first["datum"] == "local gauge" and first["shift_years"] == [1995, 2009]  # the first row wins
    first["shift_years"].append(1)  # a caller's copy
    assert series_meta.datum_of(datums, "a", "water_level_m")["shift_years"] == [1995, 2009]
    assert series_meta.datum_of(datums, "b", "water_level_m")["note"] == ""
    assert series_meta.datum_of(datums, "c", "water_level_m")["datum"] is None
    changed = datums.assign(datum=["new", "other", "MSL"])
    assert series_meta.datum_of(changed, "a", "water_level_m")["datum"] == "new"


def test_freed_memory_goes_back_to_the_system():
    import gc
    import time

    from lmc_geo import heap as memory

    def rss_kb() -> int:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))

    if memory._trim_function() is None:  # not glibc: nothing to give back with
        assert memory.start() is None
        return
    # Many small blocks (below the mmap threshold, so they live in the heap), all but one in a hundred
    # freed: the ones kept pin the heap's top, so the allocator keeps the freed pages (as after sessions).
    blocks = [bytes(2000) for _ in range(60_000)]
    kept = blocks[::100]
    del blocks
    gc.collect()
    held = rss_kb()
    thread = memory.start(period_s=0.05)
    try:
        deadline = time.monotonic() + 5
        while rss_kb() > held - 40_000 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert rss_kb() <= held - 40_000, (held, rss_kb())  # at least 40 of the ~120 MB back
    finally:
        thread.stop.set()
    assert len(kept) == 600


def test_resident_memory_is_read_as_the_system_counts_it():
    from lmc_geo import heap as memory

    with open("/proc/self/status") as f:
        status_mb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024
    assert abs(memory.resident_mb() - status_mb) < 8, (memory.resident_mb(), status_mb)
    grown = bytearray(64 * 2**20)  # touched: resident
    assert memory.resident_mb() >= status_mb + 50
    del grown


def test_a_draft_makes_the_figure_the_plotly_calls_make():
    from lmc_geo.plotting.style import Draft, trace

    def build(fig, make):
        fig.add_trace(make("scatter", x=["2000-01-01", "2000-01-02"], y=np.array([1.0, np.nan], dtype="float32"),
                           mode="lines", name="Pakse", line={"color": "#1f5f99", "dash": "dash"}, customdata=None))
        fig.add_trace(make("bar", x=["a", "b"], y=[1, 2], name="B", marker={"pattern": {"shape": "/"}}))
        return fig

    plain = build(go.Figure(), lambda kind, **props: {"scatter": go.Scatter, "bar": go.Bar}[kind](**props))
    plain.update_yaxes(title_text="Level", tickformat=",.2f")
    style_figure(plain, title="T", source="Source: MRC", height=400, layout={"legend": {"x": 0}},
                 yaxes={"automargin": True})
    plain.layout.annotations[-1].update(y=-0.17)
    plain.update_xaxes(type="date", title_text=None)
    plain.update_layout(hovermode="closest")

    draft = build(Draft(), trace)
    draft.update_yaxes({"title": {"text": "Level"}, "tickformat": ",.2f"})
    style_figure(draft, title="T", source="Source: MRC", height=400, layout={"legend": {"x": 0}},
                 yaxes={"automargin": True})
    draft.layout["annotations"][-1].update(y=-0.17)
    draft.update_xaxes({"type": "date", "title": {"text": None}})
    draft.update_layout({"hovermode": "closest"})
    made = draft.figure()
    assert isinstance(made, go.Figure)
    assert made.to_plotly_json() == plain.to_plotly_json()
    assert made.layout.yaxis.title.text == "Level" and made.data[0].customdata is None


def test_travel_times_by_pair_are_those_of_the_whole_choice():
    from lmc_geo import loaders
    from lmc_geo.ui import cache

    stations = loaders.read_layer("stations")[["station_id", "name", "river_km"]]
    rng = random.Random(5)
    for variable in ("water_level_m", "discharge_m3s"):
        have = [s for s in stations["station_id"] if cache.numeric_series(s, variable)[0] is not None]
        for _ in range(4):
            chosen = tuple(compare.order_upstream(stations, rng.sample(have, rng.randint(2, min(8, len(have))))))
            whole = compare.travel_times({s: cache.numeric_series(s, variable)[0] for s in chosen}, stations)
            pd.testing.assert_frame_equal(cache.travel_times(chosen, variable, stations).reset_index(drop=True),
                                          whole.reset_index(drop=True))
