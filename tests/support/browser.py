"""The browser the tests and benchmarks drive: Debian's Chromium, headless, one set of flags.

``LMC_CHROMIUM`` names another Chromium build than ``/usr/bin/chromium``. When it is missing,
:func:`missing_message` gives the one line ``scripts/system_deps.sh`` prints, naming the command
that installs it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.support.apprunner import ROOT

CHROMIUM = Path(os.environ.get("LMC_CHROMIUM") or "/usr/bin/chromium")
# Flags that keep Chromium quiet on a closed network (no updates, sync or background fetches).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1600, "height": 1000}
SYSTEM_DEPS = ROOT / "scripts" / "system_deps.sh"


def chromium_present() -> bool:
    return os.access(CHROMIUM, os.X_OK)


def missing_message() -> str:
    """What is missing and the command that installs it, in one line (from ``system_deps.sh check``)."""
    try:
        result = subprocess.run(
            ["bash", str(SYSTEM_DEPS), "check"], capture_output=True, text=True, timeout=30, check=False
        )
        line = result.stderr.strip()
    except (OSError, subprocess.SubprocessError):
        line = ""
    return line or f"missing Chromium at {CHROMIUM}: install Debian's chromium package or set LMC_CHROMIUM"


def launch_browser(playwright, **kwargs):
    """Launch :data:`CHROMIUM` headless with :data:`CHROMIUM_ARGS` through a Playwright instance."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, **kwargs)
