"""What a function derives from a data frame, kept while that frame lives.

The app's frames are shared and read-only (one object per file version, see
:mod:`lmc_geo.ui.cache`), so a value derived from one (an index, a map's simplified outlines, the
rows of the chosen countries) can be kept beside it and dropped with it. A new version of the file
is a new frame, hence a new value. Not for frames that are changed in place after the first call.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

#: Values kept per frame, most recently used last; the oldest goes beyond this many.
LIMIT = 64

_held: dict[int, tuple[weakref.ref, OrderedDict]] = {}
_lock = threading.RLock()  # re-entrant: a weakref callback may run inside a locked block (GC)


def per_frame(frame, key: Hashable, build: Callable[[], T]) -> T:
    """``build()``, made once for ``frame`` (the object) and ``key``, and forgotten with the frame.

    At most :data:`LIMIT` values are kept per frame (the least recently used goes first), so a
    value per view (the rows of each choice of countries) stays bounded.

    >>> import pandas as pd
    >>> f = pd.DataFrame({"a": [1, 2]})
    >>> calls = []
    >>> per_frame(f, "sum", lambda: calls.append(1) or int(f["a"].sum())), per_frame(f, "sum", lambda: 0), len(calls)
    (3, 3, 1)
    """
    slot = id(frame)
    with _lock:
        held = _held.get(slot)
        if held is not None and held[0]() is frame and key in held[1]:
            held[1].move_to_end(key)
            return held[1][key]
    value = build()
    with _lock:
        held = _held.get(slot)
        if held is None or held[0]() is not frame:
            held = (weakref.ref(frame, lambda _ref, slot=slot: _forget(slot, _ref)), OrderedDict())
            _held[slot] = held
        held[1][key] = value
        while len(held[1]) > LIMIT:
            held[1].popitem(last=False)
    return value


def _forget(slot: int, ref: weakref.ref) -> None:
    held, lock = _held, _lock
    if held is None or lock is None:  # the interpreter is shutting down: module globals are gone
        return
    with lock:
        if slot in held and held[slot][0] is ref:
            del held[slot]
