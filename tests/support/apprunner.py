"""Start and stop the Streamlit app like ``make run`` does, for browser tests and benchmarks.

The server gets a free port, its output goes to ``artifacts/server-PORT.log``, and readiness is
the ``/_stcore/health`` endpoint answering 200 (polled, never a fixed sleep).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
DEFAULT_SCRIPT = ROOT / "app.py"
HEALTH_TIMEOUT_S = 60.0
POLL_INTERVAL_S = 0.1


def app_script() -> Path:
    """The app to serve: ``LMC_APP_SCRIPT`` if set (a throwaway app in development), else app.py."""
    return Path(os.environ.get("LMC_APP_SCRIPT") or DEFAULT_SCRIPT).resolve()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: The server settings of ``.streamlit/config.toml`` that are there for speed, at Streamlit's own
#: defaults: the baseline the benchmarks compare the shipped settings with.
STREAMLIT_DEFAULT_SPEED_OPTIONS = {"server.fileWatcherType": "auto", "runner.postScriptGC": "true"}


def streamlit_command(script_path: Path | str, port: int, options: Mapping[str, str] | None = None) -> list[str]:
    """The command ``make run`` uses, with the interpreter running this code (the .venv one).

    ``options`` are further Streamlit settings as command-line flags (they win over config.toml).
    """
    flags = [part for key, value in (options or {}).items() for part in (f"--{key}", str(value))]
    return [
        sys.executable, "-m", "streamlit", "run", str(script_path),
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        *flags,
    ]  # fmt: skip


@dataclass
class AppServer:
    """A running Streamlit server."""

    proc: subprocess.Popen
    port: int
    base_url: str
    log_path: Path
    env_overrides: dict = field(default_factory=dict)

    def log_text(self, tail_chars: int | None = None) -> str:
        """The server's output so far (the last ``tail_chars`` characters if given)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return text[-tail_chars:] if tail_chars else text


def launch(
    script_path: Path | str | None = None,
    port: int | None = None,
    env: Mapping[str, str | None] | None = None,
    timeout: float = HEALTH_TIMEOUT_S,
    options: Mapping[str, str] | None = None,
) -> AppServer:
    """Start Streamlit on ``script_path`` and return once it is healthy.

    ``env`` overrides the inherited environment (a value of None removes the variable);
    ``options`` are Streamlit settings passed as flags (see :func:`streamlit_command`).
    The server runs from the repository root, so ``.streamlit/config.toml`` applies, in its
    own process group so :func:`stop` also ends its children.
    Raises RuntimeError, with the end of the server log, if it exits or is not healthy in time.
    """
    script_path = Path(script_path) if script_path else app_script()
    port = port or free_port()
    full_env = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = str(value)
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"server-{port}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            streamlit_command(script_path, port, options),
            cwd=ROOT,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = AppServer(proc, port, f"http://127.0.0.1:{port}", log_path, dict(env or {}))
    try:
        wait_healthy(server, timeout)
    except BaseException:
        stop(proc)
        raise
    return server


def wait_healthy(server: AppServer, timeout: float = HEALTH_TIMEOUT_S) -> None:
    """Poll ``/_stcore/health`` until it answers 200."""
    url = f"{server.base_url}/_stcore/health"
    deadline = time.monotonic() + timeout
    last_error = "no answer"
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(
                f"Streamlit exited with code {server.proc.returncode} before it was healthy.\n"
                f"--- {server.log_path} ---\n{server.log_text(4000)}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
                last_error = f"HTTP {resp.status}"
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last_error = str(exc)
        time.sleep(POLL_INTERVAL_S)
    raise RuntimeError(
        f"Streamlit was not healthy at {url} after {timeout:.0f} s ({last_error}).\n"
        f"--- {server.log_path} ---\n{server.log_text(4000)}"
    )


def start_streamlit(
    script_path: Path | str | None = None,
    port: int | None = None,
    env: Mapping[str, str | None] | None = None,
) -> tuple[subprocess.Popen, str]:
    """Start the app and return ``(proc, base_url)`` once healthy; end it with :func:`stop`."""
    server = launch(script_path, port, env)
    return server.proc, server.base_url


def stop(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """End the server's process group: SIGTERM, then SIGKILL if it lingers."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout)
