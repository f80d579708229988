"""What a page shows a person, read from an AppTest run: every text, and the Latin words in it that
came from neither the shipped data nor the list of names, units and citations that stay as they are.

Used by the language tests (every word in Chinese; every word from the catalogue, by the pseudo-locale).
"""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pandas as pd
from streamlit.testing.v1 import AppTest

from lmc_geo import paths

#: Names of products, sources and formats that stay as they are in every language.
PROPER_NAMES = {
    "HydroSHEDS", "HydroRIVERS", "HydroLAKES", "HydroBASINS", "FAO", "Natural", "Earth", "CLDR", "Unicode",
    "OpenStreetMap", "OSM", "Esri", "Ang", "ESSD", "Dams", "Mekong", "World", "Mollweide", "MRC", "FHI",
    "CSV", "Excel", "UTF", "xlsx", "csv", "CC", "BY", "SA", "ISC", "ODM", "Open", "Development", "Leaflet",
    "Noto", "Sans", "Arial", "sans", "serif", "Barbarossa", "Schmitt", "Lehner", "Grill", "Messager", "Strahler",
    "Tien", "Bassac", "Hau", "babel", "Unverified", "Mekong River Commission", "Lancang", "PDF", "PNG", "A4",
    "PageDown", "PageUp",
}
#: Units and symbols.
UNITS = {"MW", "GWh", "km", "m³", "mm", "million", "asl", "deg", "http", "https"}
#: Titles cited as published (a paper's title stays in its language).
CITATIONS = ("Dams in the Mekong: a comprehensive database", "Dams in the Mekong")
MARKUP = re.compile(r"https?://\S+|\S*\?\S*=\S*|<[^>]+>|&[#\w]+;|%\{[^}]*\}|`[^`]*`|\{[^}]*\}|\b[\w.-]+\.(?:csv|xlsx|parquet|json|md)\b")


#: The data columns of names, shown as the data has them (romanised where no Chinese name is established).
NAME_COLUMNS = {"stations": ("name", "river", "series_name", "datum"), "dams": ("name", "river", "sub_basin"),
                "river_labels": ("name_en",), "countries": ("name_en",)}


def data_words() -> set[str]:
    """The words of the names in the shipped data (stations, dams, rivers, projects' names and partners)."""
    words: set[str] = set()
    base = paths.data_dir()
    for layer, columns in NAME_COLUMNS.items():
        frame = gpd.read_parquet(paths.layer_path(layer, base))
        for column in columns:
            for value in frame[column].dropna().astype(str):
                words.update(re.findall(r"[A-Za-z]+", value))
    projects = pd.read_csv(paths.projects_path(base), dtype=str, keep_default_na=False)
    for value in [*projects["name_en"], *projects["partner"]]:
        words.update(re.findall(r"[A-Za-z]+", value))
    datums = pd.read_csv(paths.series_datums_path(base), dtype=str, keep_default_na=False)
    for value in datums["datum"]:
        words.update(re.findall(r"[A-Za-z]+", value))
    return words


def _facts_labels(text: str) -> str:
    """A card's facts table: its labels only (the values are the record's own data)."""
    return " ".join(re.findall(r"<th[^>]*>(.*?)</th>", text)) if 'class="lmc-facts"' in text else text


def visible_texts(at: AppTest) -> list[str]:
    texts: list[str] = []

    def walk(node) -> None:
        kind = type(node).__name__
        for attr in ("label", "body", "help", "placeholder"):
            value = getattr(node, attr, None)
            if isinstance(value, str):
                texts.append(value)
        if kind in ("Markdown", "Caption", "Title", "Header", "Subheader", "Text", "Alert", "Error", "Warning",
                    "Info", "Success", "Latex", "Code"):
            texts.append(str(node.value))
        if kind == "Metric":
            texts.append(str(node.value))
        if hasattr(node, "options") and kind in ("Radio", "Selectbox", "Multiselect", "SelectSlider"):
            texts.extend(str(o) for o in node.options)
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        layout = spec.get("layout", {})
        parts = [layout.get("title", {})] + [v.get("title", {}) for k, v in layout.items()
                                              if k.startswith(("xaxis", "yaxis")) and isinstance(v, dict)]
        texts += [p.get("text", "") if isinstance(p, dict) else str(p) for p in parts]
        texts += [a.get("text", "") for a in layout.get("annotations", [])]
        texts += [" ".join(map(str, v.get("ticktext", []))) for k, v in layout.items()
                  if k.startswith(("xaxis", "yaxis")) and isinstance(v, dict)]
        for trace in spec.get("data", []):
            texts += [str(trace.get("name") or ""), str(trace.get("hovertemplate") or "")]
    for frame in [*at.get("arrow_data_frame"), *at.get("arrow_table")]:
        try:
            texts.append(" ".join(map(str, frame.value.columns)))
        except (AttributeError, TypeError, ValueError):
            pass
    for element in at.get("component_instance"):  # the folium map: its legend and layer names
        script = json.loads(element.proto.json_args).get("script", "")
        found = re.findall(r'(?:"html": |innerHTML = )("(?:[^"\\]|\\.)*")', script)
        texts += [json.loads(text) for text in found]  # JSON strings in the script: decoded as the browser does
        texts += re.findall(r"(?:addOverlay|addBaseLayer)\([^,]+,\s*\"([^\"]*)\"", script)
    return [text for text in texts if not text.lstrip().startswith("<style")]  # page styles are not words


def english_words(texts: list[str], allowed: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for text in texts:
        plain = MARKUP.sub(" ", _facts_labels(text))
        for title in CITATIONS:
            plain = plain.replace(title, " ")
        for word in re.findall(r"[A-Za-z][A-Za-z]{2,}", plain):
            if word not in allowed and word not in PROPER_NAMES and word not in UNITS:
                found.setdefault(word, text[:120])
    return found
