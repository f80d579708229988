"""AppTest of the Hydrology page alone: picker, link, charts, key figures, comparison, bad series files."""

from __future__ import annotations

import json
import re

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from streamlit.testing.v1 import AppTest

from tests.app.conftest import page_test


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def titles(at) -> list[str]:
    return [(c["layout"].get("title") or {}).get("text", "") for c in charts(at)]


def trace_names(chart: dict) -> list[str]:
    return [d.get("name") for d in chart["data"]]


def unescape(markdown: str) -> str:
    """Text as the reader sees it: markdown backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def errors(at) -> str:
    return " ".join(unescape(e.value) for e in at.error)


def legend_names(chart: dict) -> list[str]:
    return [d.get("name") for d in chart["data"] if d.get("showlegend", True)]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_default_run_shows_the_first_station_upstream():
    at = page_test("hydrology").run()
    assert not at.exception and not at.error
    assert at.selectbox(key="hydro_station").value == "010501"  # Chiang Saen, furthest upstream
    band, record, compare = charts(at)
    assert titles(at)[0] == "Chiang Saen: water level in 2023 against the record"
    assert "Alarm level 11.50 m" in trace_names(band) and "Flood level 12.80 m" in trace_names(band)
    assert band["layout"]["yaxis"]["title"]["text"] == "Water level (m, local gauge datum)"
    assert "2023: gap-filled series" in trace_names(band)
    assert not any("measured" in n for n in trace_names(band) if n.startswith("2023"))
    assert {"Chiang Saen: measured", "Chiang Saen: gap-filled series"} <= set(trace_names(record))
    assert "Mekong River Commission" in band["layout"]["annotations"][0]["text"]
    figures = metrics(at)
    assert figures["Date of latest value"] == "31 Aug 2023"
    assert figures["Latest value"].endswith(" m")
    assert figures["Margin to alarm level"].endswith("m below")
    assert at.query_params["station"] == "010501"
    assert any("gauge zero 357.11 m above sea level" in c.value for c in at.caption)


def test_seeded_station_shows_its_chart():
    at = page_test("hydrology", hydro_station="013901").run()
    assert not at.exception
    assert titles(at)[0] == "Pakse: water level in 2023 against the record"
    assert at.query_params["station"] == "013901"


def test_query_param_opens_that_station():
    at = page_test("hydrology")
    at.query_params["station"] = "011901"
    at.run()
    assert not at.exception
    assert at.selectbox(key="hydro_station").value == "011901"
    assert titles(at)[0].startswith("Vientiane KM4:")


def test_unknown_query_param_says_so_and_falls_back():
    at = page_test("hydrology")
    at.query_params["station"] = "999999"
    at.run()
    assert not at.exception
    assert any("999999" in w.value and "Chiang Saen" in w.value for w in at.warning)
    assert titles(at)[0].startswith("Chiang Saen:")


def test_picker_follows_the_country_filter():
    at = page_test("hydrology", countries=["KH"]).run()
    assert not at.exception
    options = at.selectbox(key="hydro_station").options
    assert options and all("Cambodia" in o for o in options)
    assert options[0].startswith("Stung Treng")  # upstream first


def test_variable_aggregation_and_quick_year():
    at = page_test("hydrology", hydro_station="013901").run()
    at.radio(key="hydro_variable").set_value("discharge_m3s").run()
    assert not at.exception
    band, record = charts(at)[:2]
    assert band["layout"]["yaxis"]["title"]["text"] == "Discharge (m³/s)"
    assert not any(n.startswith(("Alarm", "Flood")) for n in trace_names(band))
    assert titles(at)[0] == "Pakse: discharge in 2002 against the record"
    at.radio(key="hydro_aggregation").set_value("monthly").run()
    assert titles(at)[1] == "Pakse: discharge, monthly"
    at.radio(key="hydro_variable").set_value("water_level_m").run()
    at.button(key="hydro_quick_2008").click().run()
    assert not at.exception
    assert titles(at)[0] == "Pakse: water level in 2008 against the record"
    assert "2008" in titles(at)[2]  # the comparison follows the chosen year


def test_comparison_is_ordered_and_can_be_normalised():
    at = page_test("hydrology").run()
    names = [n for n in legend_names(charts(at)[2]) if not n.startswith("Line style")]
    kms = [float(n.rsplit("km ", 1)[1].rstrip(")").replace(",", "")) for n in names]
    assert len(names) >= 3 and kms == sorted(kms, reverse=True)
    at.radio(key="hydro_compare_mode").set_value("percentile").run()
    assert "percentile" in charts(at)[2]["layout"]["yaxis"]["title"]["text"]
    assert at.dataframe, "travel-time table"


def test_comparison_draws_gap_filled_values_distinctly():
    at = page_test("hydrology").run()  # 2023: every value is from the gap-filled 1992-2023 series
    compare = charts(at)[2]
    drawn = [d for d in compare["data"] if d.get("legendgroup", "").startswith("station:")]
    assert drawn and all(d["line"]["dash"] != "solid" for d in drawn)
    assert all("gap-filled" in d["hovertemplate"] and "measured" not in d["hovertemplate"] for d in drawn)
    assert "Line style: gap-filled series" in legend_names(compare)


def test_downloads_offered_for_each_view():
    at = page_test("hydrology").run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download this year with the band (CSV)", "Briefing (PDF)", "Briefing (PNG)",
                      "Download the displayed series (CSV)", "Download the compared stations (CSV)"]


def test_station_id_from_the_url_is_shown_as_text():
    at = page_test("hydrology")
    at.query_params["station"] = "<img src=x onerror=alert(1)>[a](javascript:alert(2))"
    at.run()
    assert not at.exception
    (warning,) = at.warning
    given = warning.value.split(" is not available")[0]
    assert not re.search(r"(?<!\\)[<\[\]()]", given), "markup left unescaped"
    assert unescape(warning.value).startswith("Station <img src=x onerror=alert(1)>[a](javascript:alert(2)) is")


def test_station_name_with_markup_is_text_on_the_page_and_in_the_charts(data_copy):
    import geopandas as gpd

    path = data_copy / "layers" / "stations.parquet"
    layer = gpd.read_parquet(path)
    evil = "<b>Chiang</b> Saen [x](javascript:alert(1)) *"
    layer.loc[layer["station_id"] == "010501", "name"] = evil
    layer.to_parquet(path)
    at = page_test("hydrology", hydro_station="010501").run()
    assert not at.exception
    heading = [h.value for h in at.subheader if "Chiang" in h.value][0]
    assert not re.search(r"(?<!\\)[<\[\]()*]", heading) and unescape(heading) == evil
    band, record, compare = charts(at)
    assert band["layout"]["title"]["text"].startswith("&lt;b&gt;Chiang&lt;/b&gt; Saen")
    assert all("<b>" not in (d.get("name") or "") and "<b>" not in (d.get("hovertemplate") or "")
               for c in (band, record, compare) for d in c["data"])


def _link_app(station_id: str):
    from lmc_geo.ui.components import station_link

    station_link(station_id, "en")


def test_fallback_link_quotes_the_station_id():
    at = AppTest.from_function(_link_app, args=("01 & x=1)[y](javascript:z",), default_timeout=30).run()
    assert not at.exception
    (link,) = at.markdown
    assert link.value == "[Open in Hydrology](./hydrology?lang=en&station=01%20%26%20x%3D1%29%5By%5D%28javascript%3Az)"


def test_corrupt_water_level_file_is_named_and_other_series_still_work(data_copy):
    path = data_copy / "series" / "water_level_m.parquet"
    path.write_bytes(b"this is not a parquet file")
    at = page_test("hydrology").run()
    assert not at.exception
    assert "water_level_m.parquet" in errors(at) and "cannot be read as Parquet" in errors(at)
    # Chiang Saen still has discharge and rainfall.
    assert at.radio(key="hydro_variable").options == ["Discharge (m³/s)", "Rainfall (mm)"]
    assert titles(at)[0].startswith("Chiang Saen: discharge")


def _rewrite(path, change):
    df = pq.read_table(path).to_pandas(date_as_object=False)
    df = change(df)
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path)


def test_duplicate_dates_leave_that_station_out(data_copy):
    path = data_copy / "series" / "water_level_m.parquet"

    def dup(df):
        first = df.index[df["station_id"] == "013901"][0]
        return pd.concat([df, df.loc[[first]]], ignore_index=True)

    _rewrite(path, dup)
    at = page_test("hydrology").run()
    assert not at.exception
    text = errors(at)
    assert "series/water_level_m.parquet" in text and str(data_copy) not in text  # the path inside data/ only
    assert "duplicate (station_id, date, variable)" in text and "013901" in text
    at = page_test("hydrology", hydro_station="013901").run()
    assert not at.exception
    # Pakse keeps its discharge; its water level is left out.
    assert "Water level (m)" not in at.radio(key="hydro_variable").options
    at = page_test("hydrology", hydro_station="011901").run()
    assert titles(at)[0].startswith("Vientiane KM4: water level")


def test_text_values_and_unknown_station_named(data_copy):
    path = data_copy / "series" / "water_level_m.parquet"

    def spoil(df):
        df = df.copy()
        df["value"] = df["value"].map(lambda v: "" if pd.isna(v) else f"{v}").astype(object)
        row = df.index[df["station_id"] == "013901"][5]
        df.loc[row, "value"] = "n/a"
        ghost = df.iloc[:2].copy()
        ghost["station_id"] = "ghost"
        return pd.concat([df, ghost], ignore_index=True)

    _rewrite(path, spoil)
    at = page_test("hydrology").run()
    assert not at.exception
    text = errors(at)
    assert "non-numeric value on row" in text and "013901" in text
    assert "unknown station id(s) ghost" in text
    # The other stations still draw their record and band.
    assert titles(at)[0] == "Chiang Saen: water level in 2023 against the record"


def test_missing_column_is_named(data_copy):
    path = data_copy / "series" / "discharge_m3s.parquet"
    _rewrite(path, lambda df: df.drop(columns=["quality"]))
    at = page_test("hydrology").run()
    assert not at.exception
    assert "series/discharge_m3s.parquet: missing column(s) quality" in errors(at)
    assert str(data_copy) not in errors(at)
    assert at.radio(key="hydro_variable").options == ["Water level (m)", "Rainfall (mm)"]


def test_broken_datums_file_is_a_warning_not_a_failure(data_copy):
    (data_copy / "series" / "datums.csv").write_text("station_id\n010501\n")
    at = page_test("hydrology").run()
    assert not at.exception
    assert any("datums.csv" in unescape(w.value) for w in at.warning)
    assert titles(at)[0].startswith("Chiang Saen:")


# ------------------------------------------------------------------ the map's compact hydrograph
def _compact_app(station_id: str):
    import pandas as pd  # noqa: F401 (the app runs in its own namespace)

    from lmc_geo.ui import cache
    from lmc_geo.ui.components import render_station_hydrograph

    stations, _ = cache.layer("stations")
    row = stations[stations["station_id"] == station_id].iloc[0]
    render_station_hydrograph(row, "en", key="map_station")


def test_render_station_hydrograph_for_the_map():
    at = AppTest.from_function(_compact_app, args=("010501",), default_timeout=60).run()
    assert not at.exception and not charts(at)  # drawn as SVG by the server: no plotly to load
    (svg,) = [m.value for m in at.markdown if 'class="lmc-svg"' in m.value]
    assert "<title>Chiang Saen: water level in 2023 against the record</title>" in svg
    assert ">Alarm level 11.50 m</text>" in svg and ">Flood level 12.80 m</text>" in svg
    assert ">2023: gap-filled series</text>" in svg and "\n\n" not in svg
    # Run alone there is no menu: the link falls back to the page's URL.
    assert any("hydrology?lang=en&station=010501" in m.value for m in at.markdown)  # the language goes along


def test_render_station_hydrograph_without_series():
    at = AppTest.from_function(_compact_app, args=("092600",), default_timeout=60).run()  # Jinghong
    assert not at.exception and not charts(at)
    assert not any('class="lmc-svg"' in m.value for m in at.markdown)
    assert any("No daily series" in c.value for c in at.caption)


def test_record_with_a_datum_shift_is_compared_after_it_only():
    at = page_test("hydrology", hydro_station="440201").run()  # Kontum: shifts in 1995 and 2009
    assert not at.exception
    assert any("since 2010" in w.value for w in at.warning)
    band = charts(at)[0]
    assert "Highest and lowest of record (2010-2023)" in trace_names(band)
    assert min(at.selectbox(key="hydro_year").options) == "2010"


def _status_app(day: str):
    import streamlit as st

    from lmc_geo.ui import cache
    from lmc_geo.ui.hydrology import station_status_as_of

    stations, _ = cache.layer("stations")
    frame, err = station_status_as_of(day, stations)
    st.dataframe(frame)
    st.write(err or "ok")


def test_station_status_as_of_for_the_map():
    at = AppTest.from_function(_status_app, args=("2008-08-15",), default_timeout=60).run()
    assert not at.exception
    frame = at.dataframe[0].value.set_index("station_id")
    assert len(frame) == 56 and list(frame.columns[:3]) == ["value", "status", "rule"]
    assert frame.loc["092600", "status"] == "no_data"  # Jinghong: no series
    assert frame.loc["011901", "rule"] == "thresholds"


def test_station_status_as_of_never_calls_the_gap_filled_series_measured():
    at = AppTest.from_function(_status_app, args=("2015-08-15",), default_timeout=60).run()
    assert not at.exception
    frame = at.dataframe[0].value.set_index("station_id")
    assert list(frame.columns) == ["value", "status", "rule", "quality", "p10", "p90"]
    assert frame.loc["010501", "quality"] == "gap_filled_series"
    assert "measured" not in set(frame.loc[frame.index != "020102", "quality"])  # Prek Kdam: its own source


def test_hydrology_ui_caches_only_through_the_cache_seam():
    from pathlib import Path

    from lmc_geo.ui import cache, hydrology

    assert "cache_data" not in Path(hydrology.__file__).read_text()
    for name in ("series_sources", "series_datums", "series_check", "file_catalogue", "p10_on", "travel_times"):
        assert callable(getattr(cache, name))


def test_a_very_long_station_in_the_link_is_quoted_short():
    at = page_test("hydrology")
    at.query_params["station"] = "9" * 10_000
    at.run()
    assert not at.exception
    (warning,) = at.warning
    assert len(warning.value) < 400 and "9999…" in warning.value
