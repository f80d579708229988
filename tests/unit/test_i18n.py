"""The catalogues are complete in both languages, a broken one is named and never breaks a page,
and dates, numbers, ordinals and country names follow the reader's language."""

import datetime as dt
import re
from pathlib import Path

import pytest

from lmc_geo import i18n
from lmc_geo.i18n import (
    CATALOGUE,
    CATALOGUE_PROBLEMS,
    EN,
    LANGUAGES,
    country_label,
    country_name,
    format_day,
    format_day_range,
    format_days,
    format_number,
    load_catalogues,
    month_names,
    native_country_name,
    normalise_lang,
    ordinal,
    t,
)
from lmc_geo.loaders import LAYER_COLUMNS
from lmc_geo.maps.basin_map import LAYERS
from lmc_geo.schema import COUNTRIES, DAM_STATUSES, THEMES

ROOT = Path(__file__).resolve().parents[2]
#: A key named in code: as the first argument of t(), or as a string kept for it (a page list, a legend).
LITERAL_KEY = re.compile(r"""["']([a-z_]+\.[A-Za-z0-9_.]+)["']""")
#: A key built in code: t(f"country.{code}", ...), t("status." + ...), t(key, ...) with key = f"...".
DYNAMIC_PREFIX = re.compile(
    r"""(?:\bt\(\s*f?["']|\bkey = f?["']|\bkey="|["'])([a-z_]+\.(?:[a-z_]+\.)*)(?:\{|["']\s*\+)""")


def code_texts() -> list[str]:
    paths = [*ROOT.glob("lmc_geo/**/*.py"), *ROOT.glob("app_pages/*.py"), ROOT / "app.py"]
    return ["\n".join(line for line in p.read_text().splitlines() if ">>>" not in line) for p in paths]


def used_keys() -> tuple[set[str], set[str]]:
    literal, prefixes = set(), set()
    for code in code_texts():
        literal.update(LITERAL_KEY.findall(code))
        prefixes.update(DYNAMIC_PREFIX.findall(code))
    return literal, prefixes


def test_both_catalogues_load_without_problems():
    assert set(CATALOGUE) == set(LANGUAGES) | {i18n.PSEUDO_LANG} == {"en", "zh", "qps"}
    assert not CATALOGUE_PROBLEMS, "\n".join(map(str, CATALOGUE_PROBLEMS))


def test_every_literal_key_is_in_english():
    called = set()
    for code in code_texts():
        called.update(re.findall(r"""\bt\(\s*["']([a-z_]+\.[A-Za-z0-9_. ]+)["']""", code))
    missing = sorted(k for k in called if k not in EN)
    assert not missing, f"keys used in code but absent from en.toml: {missing}"


def test_no_unused_keys():
    literal, prefixes = used_keys()
    unused = sorted(k for k in EN if k not in literal and not any(k.startswith(p) for p in prefixes))
    assert not unused, f"keys in en.toml used nowhere: {unused}"


def test_every_locale_has_every_key_with_the_same_placeholders():
    for lang, messages in CATALOGUE.items():
        assert set(messages) == set(EN), f"{lang}: {sorted(set(EN) ^ set(messages))}"
        for key, message in messages.items():
            assert i18n.placeholders(message) == i18n.placeholders(EN[key]), (lang, key)


def test_chinese_is_chinese():
    """Every Chinese message that has letters in English has Chinese characters (not left in English)."""
    han = re.compile(r"[\u4e00-\u9fff]")
    english_only = [k for k, v in CATALOGUE["zh"].items() if isinstance(v, str) and not han.search(v)
                    and re.search(r"[a-z]{4,}", re.sub(r"\{[^}]*\}|`[^`]*`|\([^)]*https?://[^)]*\)", "", EN[k]))]
    names = ("HydroSHEDS", "HydroRIVERS", "HydroLAKES", "Natural Earth", "OpenStreetMap", "Esri", "CLDR", "Ang et al")
    allowed = {k for k in english_only if re.fullmatch(r"[A-Za-z0-9 ./,()+·:;%-]+", EN[k]) and
               any(name in EN[k] for name in names)}
    assert not sorted(set(english_only) - allowed)


def test_dynamic_keys_exist():
    for code in COUNTRIES:
        assert f"country.{code}" in EN
    for theme in THEMES:
        assert f"theme.{theme}" in EN
    for status in DAM_STATUSES:
        assert f"status.{status}" in EN


def test_every_map_layer_has_label_and_data_spec():
    for spec in LAYERS:
        assert spec.label_key in EN, spec
        assert spec.name in LAYER_COLUMNS or spec.name == "projects", spec


def test_fallback_to_english_then_key():
    assert t("layer.dams", "xx") == "Dams"
    assert t("layer.dams", "zh") == "大坝"
    assert t("does.not.exist") == "does.not.exist"


def test_unknown_language_in_link_is_english():
    assert normalise_lang("xx") == "en" and normalise_lang("zh-TW") == "zh" and normalise_lang("") == "en"


# ---------------------------------------------------------------- broken catalogue files
def _write(folder: Path, en: str, zh: str) -> Path:
    (folder / "en.toml").write_text(en, encoding="utf-8")
    (folder / "zh.toml").write_text(zh, encoding="utf-8")
    return folder


EN_FILE = '[common]\n"a.b" = "A {n} b"\n"c.d" = "C"\n'


def test_a_missing_key_is_named_with_the_file(tmp_path):
    catalogues, problems = load_catalogues(_write(tmp_path, EN_FILE, '[common]\n"a.b" = "甲 {n}"\n'))
    assert [str(p) for p in problems] == ["zh.toml: c.d: missing (in en.toml)"]
    assert catalogues["zh"]["a.b"] == "甲 {n}"


def test_a_broken_placeholder_is_named_with_file_key_and_line(tmp_path):
    _, problems = load_catalogues(_write(tmp_path, EN_FILE, '[common]\n"a.b" = "甲 {m}"\n"c.d" = "丙"\n'))
    assert len(problems) == 1 and str(problems[0]).startswith("zh.toml:2: a.b: placeholders ['{m}'] differ")
    _, problems = load_catalogues(_write(tmp_path, EN_FILE, '[common]\n"a.b" = "甲 {n"\n"c.d" = "丙"\n'))
    assert str(problems[0]).startswith("zh.toml:2: a.b: broken placeholder")


def test_invalid_syntax_is_named_with_file_and_line_and_english_shows(tmp_path):
    catalogues, problems = load_catalogues(_write(tmp_path, EN_FILE, '[common]\n"a.b" = "甲 {n}"\n"c.d" = 丙\n'))
    assert "zh" not in catalogues and str(problems[0]).startswith("zh.toml:3: invalid TOML")


def test_at_run_time_a_broken_translation_shows_english(monkeypatch):
    monkeypatch.setitem(i18n.CATALOGUE, "zh", {**CATALOGUE["zh"], "map.caption": "{nope} 个"})
    text = t("map.caption", "zh", stations=3, dams=4, projects=5, countries="Laos")
    assert text.startswith("3 gauging stations")


def test_plural_forms_follow_the_language(monkeypatch):
    monkeypatch.setitem(i18n.EN, "x.rows", {"one": "{count} row", "other": "{count} rows"})
    monkeypatch.setitem(i18n.CATALOGUE, "en", i18n.EN)
    monkeypatch.setitem(i18n.CATALOGUE, "zh", {**CATALOGUE["zh"], "x.rows": {"other": "{count} 行"}})
    assert [t("x.rows", "en", count=n) for n in (1, 2)] == ["1 row", "2 rows"]
    assert t("x.rows", "zh", count=1) == "1 行"


# ---------------------------------------------------------------- dates, numbers, ordinals, names
def test_dates_in_both_languages():
    assert format_day(dt.date(2008, 8, 15)) == "15 Aug 2008"
    assert format_day("2008-08-15", "zh") == "2008年8月15日"
    assert format_day("2018-11-01", "zh", skeleton="yMMM") == "2018年11月"
    assert format_day_range("2019-10-29", "2019-11-02") == "29 Oct\u2009–\u20092 Nov 2019"
    assert format_days(["2008-08-15", "2019-01-02"], "zh").tolist() == ["2008年8月15日", "2019年1月2日"]
    assert format_days(["2008-08-15"], "en", skeleton="MMMd").tolist() == ["15 Aug"]


def test_month_names_in_both_languages():
    assert month_names()[0] == "Jan" and month_names()[11] == "Dec"
    assert month_names("zh") == [f"{m}月" for m in range(1, 13)]


def test_numbers_in_both_languages():
    assert format_number(795934.4) == "795,934" and format_number(795934.4, "zh") == "795,934"
    assert format_number(12.346, "en", 2) == "12.35"


def test_ordinals_in_both_languages():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 21, 112)] == ["1st", "2nd", "3rd", "4th", "11th", "21st", "112th"]
    assert ordinal(4, "zh") == "第4"


@pytest.mark.parametrize(("code", "own"), [("CN", "中国"), ("MM", "မြန်မာ"), ("LA", "ລາວ"), ("TH", "ไทย"),
                                           ("KH", "កម្ពុជា"), ("VN", "Việt Nam")])
def test_every_country_has_its_own_name(code, own):
    assert native_country_name(code) == own
    assert country_label(code).endswith(own) and country_label(code, "zh").startswith(country_name(code, "zh"))


def test_lmc_names_of_the_countries():
    assert [country_name(c, "zh") for c in COUNTRIES] == ["中国", "缅甸", "老挝", "泰国", "柬埔寨", "越南"]
