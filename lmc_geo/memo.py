"""Values kept for every session of a server process: :func:`shared` per call arguments, and
:func:`per_frame` beside a data frame, while that frame lives.

:func:`shared` is what Streamlit's resource cache does for the app's shared, read-only values, without its
cost on each call: Streamlit inspects the function's signature and hashes every argument (a tuple
of station ids, a nested key) on every call, up to a tenth of a page's run. Here the key is the
arguments themselves (strings, numbers and tuples of them), looked up in a dictionary.

The app's frames are shared and read-only (one object per file version, see
:mod:`lmc_geo.ui.cache`), so a value derived from one (an index, a map's simplified outlines, the
rows of the chosen countries) can be kept beside it and dropped with it. A new version of the file
is a new frame, hence a new value. Not for frames that are changed in place after the first call.
"""

from __future__ import annotations

import functools
import inspect
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

#: Values kept per frame, most recently used last; the oldest goes beyond this many.
LIMIT = 128

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


def shared(max_entries: int):
    """Decorator: one value per call's arguments for the whole process, at most ``max_entries`` (the
    least recently used goes first), as Streamlit's resource cache keeps them.

    Arguments whose name starts with ``_`` are not part of the key (the build callable, a frame
    the other arguments already identify). The others must be hashable and passed by position. A
    call that raises keeps nothing. Concurrent first calls with one key build it once (thirty
    viewers opening one link wait for one build, not thirty).

    >>> calls = []
    >>> @shared(2)
    ... def double(x, _note=None):
    ...     calls.append(x)
    ...     return 2 * x
    >>> double(1), double(1, "ignored"), double(2), double(3), double(1), len(calls)
    (2, 2, 4, 6, 2, 4)
    >>> double.clear(); double(3), len(calls)
    (6, 5)
    """

    def decorate(fn: Callable[..., T]) -> Callable[..., T]:
        names = list(inspect.signature(fn).parameters)
        keyed = tuple(i for i, name in enumerate(names) if not name.startswith("_"))
        values: OrderedDict = OrderedDict()
        building: dict = {}
        lock = threading.Lock()

        @functools.wraps(fn)
        def cached(*args):
            key = tuple(args[i] for i in keyed if i < len(args))
            with lock:
                if key in values:
                    values.move_to_end(key)
                    return values[key]
                one = building.setdefault(key, [threading.Lock(), 0])
                one[1] += 1
            try:
                with one[0]:
                    with lock:
                        if key in values:
                            return values[key]
                    value = fn(*args)
                    with lock:
                        values[key] = value
                        while len(values) > max_entries:
                            values.popitem(last=False)
                    return value
            finally:
                with lock:
                    one[1] -= 1
                    if not one[1]:
                        building.pop(key, None)

        def clear() -> None:
            """Forget every kept value (the benchmark's first visits)."""
            with lock:
                values.clear()

        cached.clear = clear  # type: ignore[attr-defined]
        return cached

    return decorate
