"""Chinese names of rivers, gauging stations and dams, from a list with a source for every name.

``names_zh.csv`` holds one row per name: the layer (``river``, ``station``, ``dam``), the key
(a river's romanised name, a station or dam id), the romanised name it translates, the Chinese name
and the source it was taken from (a key of :data:`SOURCES`). A feature not in the list keeps its
romanised name in every language: no Chinese name is made up.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

NAMES_PATH = Path(__file__).with_name("names_zh.csv")

#: Where each Chinese name was taken from (cited in data/README.md).
SOURCES: dict[str, str] = {
    "seed": "The source report: LMC Water Resources Cooperation Center, 澜湄水资源合作进展 (2021)",
    "zhwiki": "Chinese Wikipedia (zh.wikipedia.org): the title of the article on the place or dam",
    "textbook": "Standard Chinese geography of the Mekong: 湄公河 articles citing 金边、巴色、沙湾拿吉、廊开、桔井, "
                "前江/后江 and 洞里萨河 (e.g. shexun.cn 《湄公河——六国之河》, tianqi.com 2022-05-19)",
    "basin_text": "Chinese descriptions of the basin naming 扎曲 (source river), 子曲 and 锡河 (Chi) "
                  "(e.g. gansulong.com 湄公河; lulutongfan.com 2024-06-25)",
    "xinhua_ou": "Xinhua, 2013-12-11 and 2019-03-26: reports on the Nam Ou (南乌江/南欧江) cascade",
    "cascade_2023": "China Energy Engineering Gezhouba Group, 2023-04-23: the Lancang cascade plants "
                    "(糯扎渡、小湾、漫湾、景洪、大朝山、乌弄龙、苗尾、功果桥)",
    "cec_2020": "China Electricity Council news, 2020-08-18: 华能澜沧江水电 黄登水电站",
    "people_daily": "People's Daily (人民网): 澜沧江水电跨境河流开发的典范 (橄榄坝)",
}

LAYERS = ("river", "station", "dam")


class NameListError(ValueError):
    """The name list is malformed: the message names the row and the problem."""


def read_names(path: Path = NAMES_PATH) -> pd.DataFrame:
    """The name list, checked: known layers and sources, no blank or repeated key."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"layer", "key", "name", "name_zh", "source"} - set(frame.columns)
    if missing:
        raise NameListError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}")
    for line, row in enumerate(frame.itertuples(), start=2):
        if row.layer not in LAYERS:
            raise NameListError(f"{path.name} line {line}: unknown layer {row.layer!r}")
        if row.source not in SOURCES:
            raise NameListError(f"{path.name} line {line}: unknown source {row.source!r}")
        if not row.key.strip() or not row.name_zh.strip():
            raise NameListError(f"{path.name} line {line}: a key and a Chinese name are needed")
    repeated = frame[frame.duplicated(["layer", "key"])]
    if len(repeated):
        first = repeated.iloc[0]
        raise NameListError(f"{path.name}: {first.layer} {first.key!r} is listed twice")
    return frame


def with_chinese_names(frame: pd.DataFrame, layer: str, names: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``name_zh`` (by id, or by English name for river labels) and ``river_zh``.

    >>> names = pd.DataFrame({"layer": ["station", "river"], "key": ["s1", "Mekong"],
    ...                       "name": ["Pakse", "Mekong"], "name_zh": ["巴色", "湄公河"], "source": ["x", "x"]})
    >>> out = with_chinese_names(pd.DataFrame({"station_id": ["s1", "s2"], "name": ["Pakse", "Other"],
    ...                                        "river": ["Mekong", "Kong"]}), "station", names)
    >>> out[["name_zh", "river_zh"]].values.tolist()
    [['巴色', '湄公河'], [None, None]]
    """
    rivers = names[names.layer == "river"].set_index("key")["name_zh"]
    out = frame.copy()
    if layer == "river":  # river labels: the romanised name is also the shown name
        out["name"] = out["name_en"]
        out["name_zh"] = _lookup(out["name_en"], rivers)
        return out
    own = names[names.layer == layer].set_index("key")["name_zh"]
    out["name_zh"] = _lookup(out[f"{layer}_id"], own)
    if "river" in out:
        out["river_zh"] = _lookup(out["river"], rivers)
    return out


def _lookup(keys: pd.Series, table: pd.Series) -> pd.Series:
    return keys.map(table).astype(object).where(keys.map(table).notna(), None)
