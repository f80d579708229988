"""One viewer's session, spoken over Streamlit's websocket the way the browser speaks it, with no browser.

The browser opens ``/_stcore/stream`` (subprotocol ``streamlit``), sends a ``BackMsg`` with
``rerun_script`` (the page's URL path, its query string and the widget values it holds) and receives
``ForwardMsg`` deltas until ``script_finished``. This client does the same, keeps the widgets the
server drew (id, label, options) so it can set one by its key, and records for every interaction
the wall time to the finished run, the bytes received, and anything a viewer would see as an
error: an exception on the page, an ``st.error`` box, a page not found, a dropped connection.

Used by ``scripts/loadtest.py`` and its short form in the test suite.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
import urllib.request
from dataclasses import dataclass, field

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

#: A run that takes longer than this is counted as an error (the viewer would have given up).
RUN_TIMEOUT_S = 60.0
_DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


@dataclass
class Widget:
    """A widget as the server drew it: enough to send it a new value."""

    id: str
    kind: str
    label: str
    options: list[str]


@dataclass
class Outcome:
    """What one interaction cost and showed."""

    action: str
    seconds: float
    bytes: int
    errors: list[str] = field(default_factory=list)


def run(coro):
    """``asyncio.run(coro)`` in a thread of its own, so it also works where the calling thread already
    runs an event loop (beside Playwright's sync API, as in the test session)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


class SessionError(RuntimeError):
    """The session could not go on: connection dropped or a run never finished."""


class MissingWidget(LookupError):
    """The page has no widget with that key (the viewer cannot make that choice here)."""


class Session:
    """A protocol-level viewer. ``async with Session(base_url) as s: await s.open("hydrology")``."""

    def __init__(self, base_url: str, query: str = "") -> None:
        self.ws_url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.query = query
        self.page = ""
        self.widgets: dict[str, Widget] = {}
        self.texts: list[str] = []  # markdown, captions and alert boxes, as sent
        self.html: list[str] = []  # the markdown sent with HTML allowed
        self._states: dict[str, WidgetState] = {}
        self._ws = None
        self.cookies: list[str] = []
        self.served_by: str | None = None  # the app process behind a proxy that names it

    async def __aenter__(self) -> Session:
        # As a browser: the page first (behind a proxy its answer sets the affinity cookie), then the
        # websocket with the cookies it was given, so both reach the same app process.
        self.cookies, self.served_by = await asyncio.to_thread(self._fetch_page)
        headers = {"Cookie": "; ".join(self.cookies)} if self.cookies else None
        self._ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                            open_timeout=RUN_TIMEOUT_S, ping_interval=None,
                                            additional_headers=headers)
        return self

    def _fetch_page(self) -> tuple[list[str], str | None]:
        page = self.ws_url.replace("ws://", "http://").rsplit("/_stcore/stream", 1)[0] + "/"
        with urllib.request.urlopen(page, timeout=RUN_TIMEOUT_S) as answer:
            answer.read()
            cookies = [c.split(";", 1)[0] for c in answer.headers.get_all("Set-Cookie") or []]
            return cookies, answer.headers.get("X-Atlas-Process")

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def open(self, page: str, query: str | None = None) -> Outcome:
        """Go to a page (its URL path; "" for the default), as a click in the menu does."""
        if query is not None:
            self.query = query
        self.page = page
        self._states.clear()  # the browser drops the old page's widgets
        return await self._rerun(f"open {page or 'overview'}")

    def options(self, key: str) -> list[str]:
        """The option labels of the widget with this key on the page (MissingWidget if none)."""
        if key not in self.widgets or not self.widgets[key].options:
            raise MissingWidget(f"no widget {key!r} with options on {self.page!r}")
        return self.widgets[key].options

    async def set(self, key: str, value, action: str | None = None) -> Outcome:
        """Give the widget with this key a value (its option label, or labels for a multiselect)."""
        widget = self.widgets.get(key)
        if widget is None:
            raise MissingWidget(f"no widget {key!r} on {self.page!r}; have {sorted(self.widgets)}")
        state = WidgetState(id=widget.id)
        if isinstance(value, (list, tuple)):
            state.string_array_value.data.extend(value)
        elif isinstance(value, bool):
            state.bool_value = value
        elif isinstance(value, int):
            state.int_value = value
        else:
            state.string_value = str(value)
        self._states[widget.id] = state
        return await self._rerun(action or f"set {key}")

    async def _rerun(self, action: str) -> Outcome:
        if self._ws is None:
            raise SessionError("session is closed")
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_name = self.page
        msg.rerun_script.widget_states.widgets.extend(self._states.values())
        started = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        received, errors = 0, []
        self.widgets, self.texts, self.html = {}, [], []
        try:
            async with asyncio.timeout(RUN_TIMEOUT_S):
                while True:
                    data = await self._ws.recv()
                    received += len(data)
                    fwd = ForwardMsg()
                    fwd.ParseFromString(data)
                    kind = fwd.WhichOneof("type")
                    if kind == "delta":
                        self._read_delta(fwd.delta, errors)
                    elif kind == "page_not_found":
                        errors.append(f"page not found: {fwd.page_not_found.page_name}")
                    elif kind == "page_info_changed":
                        self.query = fwd.page_info_changed.query_string
                    elif kind == "script_finished" and fwd.script_finished in _DONE:
                        if fwd.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                            errors.append("script compile error")
                        break
        except TimeoutError as exc:
            raise SessionError(f"{action}: no finished run in {RUN_TIMEOUT_S:.0f} s") from exc
        except websockets.ConnectionClosed as exc:
            raise SessionError(f"{action}: connection dropped ({exc})") from exc
        return Outcome(action, time.perf_counter() - started, received, errors)

    def _read_delta(self, delta, errors: list[str]) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind is None:
            return
        proto = getattr(element, kind)
        if kind == "exception":
            errors.append(f"exception: {proto.type}: {proto.message[:200]}")
        elif kind == "alert":
            if proto.format == Alert.ERROR:
                errors.append(f"error box: {proto.body[:200]}")
            self.texts.append(proto.body)
        elif kind == "markdown":
            self.texts.append(proto.body)
            if proto.allow_html:
                self.html.append(proto.body)
        widget_id = getattr(proto, "id", "") if kind not in ("exception", "alert", "markdown") else ""
        if widget_id.startswith("$$ID"):
            key = widget_id.split("-", 2)[-1]
            options = list(getattr(proto, "options", []) or [])
            self.widgets[key] = Widget(widget_id, kind, getattr(proto, "label", ""), options)
