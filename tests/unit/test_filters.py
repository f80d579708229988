import pandas as pd

from lmc_geo.filters import by_countries, normalise_countries


def test_normalise_orders_upstream_to_downstream_and_drops_unknown():
    assert normalise_countries(["VN", "kh", "ZZ", "CN"]) == ("CN", "KH", "VN")


def test_multi_country_project_counts_in_each_country():
    p = pd.DataFrame({"id": ["a", "b", "c"], "countries": [("KH", "LA", "VN"), ("LA",), ("TH",)]})
    assert by_countries(p, ["KH"], column="countries").id.tolist() == ["a"]
    assert by_countries(p, ["LA"], column="countries").id.tolist() == ["a", "b"]
    assert by_countries(p, ["VN", "LA"], column="countries").id.tolist() == ["a", "b"]


def test_empty_frame():
    assert by_countries(pd.DataFrame({"iso2": []}), ["LA"]).empty
