"""AppTest of the presenter tour: every scene in both languages, the link's scene, bad links, broken files."""

from __future__ import annotations

import pytest

from lmc_geo import paths, tour
from lmc_geo.i18n import t
from lmc_geo.ui.tour import SCENE_KEY
from tests.app.conftest import page_test


def run_scene(number, lang="en", **state):
    at = page_test("tour", lang=lang, **state)
    at.query_params["scene"] = str(number)
    return at.run()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("number", range(1, len(tour.SCENES) + 1))
def test_every_scene_has_its_title_text_sources_and_view(number, lang):
    at = run_scene(number, lang)
    assert not at.exception and not at.error
    scene = tour.SCENES[number - 1]
    assert at.title[0].value and "{" not in at.title[0].value
    assert any(t(f"tour.{scene.key}.sources", lang) in c.value for c in at.caption)
    text = " ".join(m.value for m in at.markdown)
    assert "{" not in at.title[0].value and "{" not in text.replace("{display", "")
    views = len(at.get("plotly_chart")) + len(at.get("table")) + sum("<svg" in m.value for m in at.markdown)
    assert views >= 1
    assert at.query_params["scene"] in (str(number), [str(number)])


def test_the_buttons_move_and_stop_at_the_ends():
    at = run_scene(1)
    assert at.button(key="tour_prev").disabled
    at.button(key="tour_next").click().run()
    assert at.session_state[SCENE_KEY] == 2 and at.title[0].value == t("tour.cascade.title", "en")
    at = run_scene(len(tour.SCENES))
    assert at.button(key="tour_next").disabled


def test_the_scene_figures_come_from_the_data():
    at = run_scene(4)
    text = " ".join(m.value for m in at.markdown)
    assert "13.67 m on 14 Aug 2008" in text and "flood level of 12.50 m" in text


@pytest.mark.parametrize("raw", ["99", "0", "abc", "<script>alert(1)</script>", "9" * 5000])
def test_an_odd_scene_link_says_so_and_shows_the_first(raw):
    at = page_test("tour")
    at.query_params["scene"] = raw
    at.run()
    assert not at.exception
    assert at.title[0].value == t("tour.basin.title", "en")
    (warning,) = at.warning
    assert warning.value.startswith("There is no scene ") and len(warning.value) < 200


def test_a_broken_registry_is_named_and_the_tour_goes_on(data_copy):
    (data_copy / "projects.csv").write_text("id,name\n1,x\n")
    at = run_scene(6)
    assert not at.exception
    assert any("projects.csv" in e.value for e in at.error)
    at.button(key="tour_next").click().run()
    assert not at.exception and at.title[0].value == t("tour.timeline.title", "en")


def test_a_broken_stations_layer_keeps_other_scenes(data_copy):
    paths.layer_path("stations", data_copy).write_bytes(b"garbage")
    at = run_scene(4)
    assert not at.exception and at.error
    assert not run_scene(2).exception
