"""The browser the tests and benchmarks drive: Debian's Chromium, headless, one set of flags.

``LMC_CHROMIUM`` names another Chromium build than ``/usr/bin/chromium``.
"""

from __future__ import annotations

import os
from pathlib import Path

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


def launch_browser(playwright, **kwargs):
    """Launch :data:`CHROMIUM` headless with :data:`CHROMIUM_ARGS` through a Playwright instance."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, **kwargs)
