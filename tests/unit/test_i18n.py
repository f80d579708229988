"""The message catalogue and the layer registry are complete."""

import re
from pathlib import Path

from lmc_geo.i18n import CATALOGUE, EN, t
from lmc_geo.loaders import LAYER_COLUMNS
from lmc_geo.maps.basin_map import LAYERS
from lmc_geo.schema import COUNTRIES, DAM_STATUSES, THEMES

ROOT = Path(__file__).resolve().parents[2]
KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z_]+\.[A-Za-z_. ]+)["']""")


def used_keys() -> set[str]:
    keys = set()
    for path in [*ROOT.glob("lmc_geo/**/*.py"), *ROOT.glob("app_pages/*.py"), ROOT / "app.py"]:
        code = "\n".join(line for line in path.read_text().splitlines() if ">>>" not in line)  # not doctests
        keys.update(KEY_CALL.findall(code))
    return keys


def test_every_literal_key_is_in_english():
    missing = sorted(k for k in used_keys() if k not in EN)
    assert not missing, f"keys used in code but absent from the English catalogue: {missing}"


def test_every_locale_has_every_key():
    for lang, messages in CATALOGUE.items():
        assert set(EN) <= set(messages), f"{lang} lacks {sorted(set(EN) - set(messages))}"


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
    assert t("does.not.exist") == "does.not.exist"
