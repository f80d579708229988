"""Memory a server process no longer uses goes back to the system.

When viewers leave, Streamlit drops their sessions (``server.disconnectedSessionTTL`` after the
connection closes) and Python frees their objects, but glibc's allocator keeps the freed pages
in the process for reuse, so the process's resident memory (RSS) stays at its peak. Once a
minute, this asks the allocator to give back what is free (``malloc_trim(0)``, glibc only;
elsewhere nothing is done). The call runs outside the GIL (ctypes) in a thread of its own.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import threading

LOG = logging.getLogger(__name__)

#: Seconds between two trims (``LMC_MEMORY_TRIM_S`` sets another).
PERIOD_S = float(os.environ.get("LMC_MEMORY_TRIM_S") or 60.0)


def _trim_function():
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def resident_mb() -> float:
    """This process's resident memory in MB (``/proc/self/statm``), or 0.0 where there is none."""
    try:
        pages = int(open("/proc/self/statm").read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def start(period_s: float | None = None, before=None) -> threading.Thread | None:
    """Trim every ``period_s`` seconds in a daemon thread (one per process: call once); None without glibc.

    ``before()``, if given, runs first each time and returns how many closed sessions it dropped (the
    app drops the sessions whose time is up there); a trim after a drop is logged with the memory it gave back.
    """
    function = _trim_function()
    if function is None:
        LOG.info("memory: no malloc_trim in this C library; freed memory stays with the process")
        return None
    stop = threading.Event()
    period_s = PERIOD_S if period_s is None else period_s

    def loop() -> None:
        while not stop.wait(period_s):
            dropped = 0
            if before is not None:
                try:
                    dropped = before() or 0
                except Exception:  # a failed clean-up must not end the trimming
                    LOG.exception("memory: the clean-up before trimming failed")
            held = resident_mb() if dropped else 0.0
            function(0)
            if dropped:
                LOG.info(
                    "memory: trimmed after %d sessions closed: resident %.1f -> %.1f MB", dropped, held, resident_mb()
                )

    thread = threading.Thread(target=loop, name="lmc-memory-trim", daemon=True)
    thread.stop = stop  # type: ignore[attr-defined]
    thread.start()
    return thread
