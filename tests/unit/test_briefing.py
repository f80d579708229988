"""Briefings on paper: the static map, the PDF and PNG, and the command line, on the shipped data."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from lmc_geo import loaders, paths
from lmc_geo.briefing import fonts
from lmc_geo.briefing.content import BriefingError, BriefingRequest, gather, parse_countries
from lmc_geo.briefing.document import document_data, file_name, make_document
from lmc_geo.briefing.static_map import draw_map
from lmc_geo.filters import by_countries
from lmc_geo.maps.basin_map import BASE_LAYERS, MapOptions, build_basin_map
from tests.support.page_texts import data_words, english_words

ROOT = Path(__file__).resolve().parents[2]
POPPLER = shutil.which("pdfinfo") and shutil.which("pdffonts")


@pytest.fixture(scope="module")
def laos_zh():
    briefing = gather(BriefingRequest(("LA",), "zh", "2008-08-15", "011901"))
    return briefing, make_document(briefing)


def pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_has_its_pages_and_says_it_in_the_readers_language(laos_zh):
    briefing, document = laos_zh
    pages, text = pdf_text(document.pdf)
    assert pages == 5  # map and figures, projects, dams, the station's hydrograph, sources
    assert "澜沧江-湄公河流域简报" in text and "老挝" in text and "2008年8月15日" in text
    for name in briefing.projects["name_zh"]:
        assert name in text
    assert "万象（KM4）" in text  # the selected station, by its Chinese name
    assert "Noto Sans" in text and "SIL" in text  # the fonts' licence on the sources page


def test_without_a_station_there_is_no_hydrograph_page():
    briefing = gather(BriefingRequest(("KH",), "en", "2019-07-15"))
    pages, text = pdf_text(make_document(briefing, png=False).pdf)
    assert pages == 4 and "Cambodia" in text and "Lancang-Mekong basin briefing" in text


@pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed (make test installs it)")
def test_poppler_finds_no_error_and_every_font_embedded(laos_zh, tmp_path):
    path = tmp_path / "b.pdf"
    path.write_bytes(laos_zh[1].pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True)
    assert info.returncode == 0 and not info.stderr.strip(), info.stderr
    assert fonts.returncode == 0 and not fonts.stderr.strip(), fonts.stderr
    assert "Pages:           5" in info.stdout
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts.stdout  # the "emb" column
    assert any("NotoSansCJK" in row for row in rows)


def test_the_png_is_page_one_at_150_ppi_and_not_blank(laos_zh):
    image = Image.open(io.BytesIO(laos_zh[1].png)).convert("L")
    assert image.size == (1754, 1240)
    assert np.asarray(image, dtype=float).std() > 20


@pytest.mark.parametrize("countries", [("LA",), ("CN", "MM"), ("CN", "MM", "LA", "TH", "KH", "VN")])
def test_the_static_map_draws_what_the_interactive_map_draws(countries):
    briefing = gather(BriefingRequest(countries, "en", "2008-08-15"))
    drawn = draw_map(briefing).counts
    frames = {name: loaders.read_layer(name) for name in BASE_LAYERS}
    frames["stations"] = by_countries(loaders.read_layer("stations"), countries)
    frames["dams"] = by_countries(loaders.read_layer("dams"), countries)
    frames["projects"] = by_countries(loaders.read_projects(), countries, column="countries")
    script = build_basin_map(frames, MapOptions(countries=countries)).get_root().render()
    interactive = {kind: int(n) for kind, n in re.findall(r"/\*lmc-layer:(\w+):(\d+)\*/", script)}
    assert drawn == {"stations": interactive["station"], "dams": interactive["dam"],
                     "projects": interactive["project"]}


def test_a_view_without_projects_says_so():
    briefing = gather(BriefingRequest(("TH",), "zh", project_ids=()))
    data = document_data(briefing, draw_map(briefing))
    assert data["projects"] == [] and data["projects_empty"] == "泰国没有记录的合作项目。"


def test_every_word_of_the_chinese_briefing_comes_from_the_catalogue_or_the_data(laos_zh):
    briefing, _ = laos_zh
    data = document_data(briefing, draw_map(briefing))
    texts = [v for k, v in data.items() if isinstance(v, str) and k not in ("lang", "station_source")]
    texts += [cell for k in ("figures", "status_rows", "status_header", "gauges_header", "projects_header",
                             "dams_status", "dams_status_header", "mainstream_header") for row in data[k]
              for cell in (row if isinstance(row, list) else [row])]
    allowed = data_words() | {"Noto", "Sans", "CJK", "SIL", "Google", "Natural", "Earth", "HydroSHEDS",
                              "HydroRIVERS", "HydroLAKES", "Ang", "Dams", "Mekong", "YYYY", "MM", "DD"}
    assert not english_words(texts, allowed)


def test_hostile_names_are_printed_as_text(data_copy):
    registry = data_copy / "projects.csv"
    text = registry.read_text()
    hostile = '#set text(red) <script>alert(1)</script> $x$ *bold*'
    registry.write_text(text.replace("Lao National Water Resources Information and Data Center", hostile, 1))
    briefing = gather(BriefingRequest(("LA",), "en"), data_copy)
    _, pdf = pdf_text(make_document(briefing, png=False).pdf)
    assert "#set text(red) <script>alert(1)</script> $x$ *bold*" in pdf.replace("\n", " ")


def test_unknown_countries_stations_and_dates_are_refused_by_name():
    with pytest.raises(BriefingError, match="unknown country code XX"):
        parse_countries("LA,XX")
    with pytest.raises(BriefingError, match="unknown station nope"):
        gather(BriefingRequest(("LA",), station="nope"))
    with pytest.raises(BriefingError, match="1850-01-01 is outside the water-level record"):
        gather(BriefingRequest(("LA",), as_of="1850-01-01"))
    with pytest.raises(BriefingError) as refused:
        gather(BriefingRequest(("LA",), "zh", as_of="15/08/2008"))
    assert refused.value.message("zh") == "15/08/2008 不是日期；请写作 YYYY-MM-DD"


def test_a_station_without_data_that_year_gets_a_line_not_a_chart():
    briefing = gather(BriefingRequest(("LA",), "en", "1965-06-01", "011901"))
    data = document_data(briefing, draw_map(briefing))
    assert data["station_missing"].startswith("This station has no water level in the year of 1 Jun 1965")


def test_file_names_say_countries_day_and_language():
    assert file_name(BriefingRequest(lang="en"), None, "png") == "briefing-all-en.png"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lmc_geo", "briefing", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_the_command_line_writes_the_pdf_and_the_png_beside_it(tmp_path):
    out = tmp_path / "brief.pdf"
    done = run_cli("--countries", "LA", "--lang", "zh", "--asof", "2008-08-15", "--station", "011901",
                   "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF") and (tmp_path / "brief.png").read_bytes()[:4] == b"\x89PNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf", "brief.png"]


def test_the_command_line_makes_a_meeting_pack_with_an_index(tmp_path):
    done = run_cli("--each-country", "--countries", "LA,KH", "--out", str(tmp_path / "pack"))
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "pack").iterdir())
    assert names == ["briefing-KH-en.pdf", "briefing-KH-en.png", "briefing-LA-en.pdf", "briefing-LA-en.png",
                     "index.pdf"]
    _, index = pdf_text((tmp_path / "pack" / "index.pdf").read_bytes())
    assert "Meeting pack" in index and "briefing-LA-en.pdf" in index and "Cambodia" in index


@pytest.mark.parametrize("args, message", [
    (("--countries", "XX"), "unknown country code XX"),
    (("--station", "nope"), "unknown station nope"),
    (("--asof", "2008-02-30"), "2008-02-30 is not a date"),
])
def test_the_command_line_refuses_bad_input_and_writes_nothing(tmp_path, args, message):
    done = run_cli(*args, "--out", str(tmp_path / "x.pdf"))
    assert done.returncode == 2 and message in done.stderr and "Nothing was written" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_broken_layer_is_named_and_nothing_is_written(data_copy, tmp_path):
    paths.layer_path("dams", data_copy).write_bytes(b"garbage")
    out = tmp_path / "out"
    done = run_cli("--countries", "LA", "--data-dir", str(data_copy), "--out", str(out / "x.pdf"))
    assert done.returncode == 1 and "dams.parquet" in done.stderr
    assert not out.exists()


def test_status_on_the_day_matches_the_map(laos_zh):
    briefing, _ = laos_zh
    flood = set(briefing.status.loc[briefing.status["status"] == "flood", "station_id"])
    assert "011901" in flood  # Vientiane was above flood level on 15 Aug 2008
    assert set(pd.Series(briefing.stations["iso2"])) == {"LA"}


def test_font_folders_of_ended_processes_are_swept(tmp_path):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                           text=True, check=True).stdout.strip()
    dead = tmp_path / f"lmc-fonts-{ended}-abc"
    alive = tmp_path / f"lmc-fonts-{os.getpid()}-def"
    old, fresh = tmp_path / "lmc-fonts-q1w2e3r4", tmp_path / "lmc-fonts-z9x8c7v6"  # named as an older release did
    for folder in (dead, alive, old, fresh):
        folder.mkdir()
        (folder / "NotoSans-Regular.ttf").symlink_to("/nonexistent")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    assert sorted(fonts.sweep_stale_folders(tmp_path)) == sorted([dead, old])
    assert alive.is_dir() and fresh.is_dir() and not dead.exists() and not old.exists()


def test_a_process_removes_its_font_folder_when_it_ends(tmp_path):
    code = "from lmc_geo.briefing import fonts; print(fonts.font_folder())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2], env={**os.environ, "TMPDIR": str(tmp_path)})
    folder = Path(done.stdout.strip())
    assert folder.parent == tmp_path and folder.name.startswith("lmc-fonts-")
    assert not folder.exists()
