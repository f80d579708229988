"""The open fonts a briefing embeds: Noto Sans for Latin, Thai, Lao, Khmer and Burmese, Noto Sans CJK for
Chinese (SIL Open Font Licence 1.1; Debian packages ``fonts-noto-core`` and ``fonts-noto-cjk``).

The document is typeset with these files only (never the machine's other fonts), so a briefing looks
the same on every machine that has them; without them it is refused with a message naming the packages.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
import time
from pathlib import Path

from lmc_geo.i18n import Text

#: Folders searched, in order: ``LMC_FONT_DIRS`` (separated by ``:``), then Debian's Noto folders.
DEFAULT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto")
FONT_FILES = (
    "NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
    "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf",
    "NotoSansLao-Regular.ttf", "NotoSansLao-Bold.ttf",
    "NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf",
    "NotoSansMyanmar-Regular.ttf", "NotoSansMyanmar-Bold.ttf",
    "NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc",
)
#: Font families in the order text falls back through them.
FAMILIES = ("Noto Sans", "Noto Sans CJK SC", "Noto Sans Thai", "Noto Sans Lao", "Noto Sans Khmer",
            "Noto Sans Myanmar")
PACKAGES = "fonts-noto-core fonts-noto-cjk"


class FontsMissing(RuntimeError):
    """The Noto fonts are not on this machine: the message names the files and the packages."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        self.said = Text.of("briefing.error.fonts", files=", ".join(missing), packages=PACKAGES)
        super().__init__(str(self.said))


def _search_dirs() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("LMC_FONT_DIRS", "").split(":") if p]
    return extra + [Path(p) for p in DEFAULT_DIRS]


def find_fonts() -> dict[str, Path]:
    """Each font file of :data:`FONT_FILES` found, by name; :class:`FontsMissing` lists any not found."""
    found: dict[str, Path] = {}
    for folder in _search_dirs():
        for name in FONT_FILES:
            if name not in found and (folder / name).is_file():
                found[name] = folder / name
    missing = [name for name in FONT_FILES if name not in found]
    if missing:
        raise FontsMissing(missing)
    return found


#: The process's font folders are named ``lmc-fonts-<process id>-...`` in the system's temporary folder.
FOLDER_PREFIX = "lmc-fonts-"


@functools.lru_cache(maxsize=4)
def _font_folder(files: tuple[tuple[str, str], ...]) -> str:
    sweep_stale_folders()
    folder = Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # gone when the process ends
    for name, path in files:
        (folder / name).symlink_to(path)
    return str(folder)


def sweep_stale_folders(base: Path | None = None) -> list[Path]:
    """Remove the font folders of processes that have ended (one killed before it could remove its own);
    returns those removed. A folder holds only links to the fonts. A folder of an older release, not
    named by its process, goes once it is an hour old."""
    removed = []
    for folder in Path(base or tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*"):
        owner, sep, _ = folder.name[len(FOLDER_PREFIX):].partition("-")
        if sep and owner.isdigit():
            gone = not _alive(int(owner))
        else:
            gone = time.time() - _mtime(folder) > 3600
        if gone and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def font_folder() -> str:
    """A folder holding just the briefing's fonts (links to them), made once per process."""
    return _font_folder(tuple(sorted((name, str(path)) for name, path in find_fonts().items())))
