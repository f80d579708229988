"""scripts/system_deps.sh: what is missing comes as one line naming the command that installs it."""

import os
import re
import subprocess

from tests.support import browser

SCRIPT = browser.SYSTEM_DEPS


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(SCRIPT), *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=30
    )


def test_check_names_missing_chromium_and_the_command_in_one_line():
    result = run("check", LMC_CHROMIUM="/nonexistent/chromium")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert re.fullmatch(
        r"missing Chromium at /nonexistent/chromium((,| and) [^:]+)?: "
        r"run '(sudo )?apt-get install -y chromium chromium-driver( [a-z0-9.-]+)*'",
        lines[0],
    ), lines[0]


def test_browser_tests_fail_with_the_same_line(monkeypatch):
    monkeypatch.setenv("LMC_CHROMIUM", "/nonexistent/chromium")
    assert browser.missing_message() == run("check").stderr.strip()


def test_fonts_only_warns():
    assert run("fonts", FONTCONFIG_FILE=os.devnull).returncode == 0


def test_unknown_mode_is_an_error():
    assert run("nonsense").returncode == 2
