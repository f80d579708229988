"""``make serve-cluster N=2``: several app processes behind HAProxy, sticky by cookie, on loopback.

Each Streamlit process keeps its viewers' sessions in memory, so every request of one viewer (the
page, its websocket, the map's component files, downloads) must reach the same process. HAProxy
inserts a cookie (``LMCSRV``) naming the process on the first answer and routes by it after
(``cookie LMCSRV insert indirect nocache``); a viewer without the cookie goes to the next process
in turn. ``ip_hash``-style balancing would send a whole conference network behind one address to
one process, so it is not used.

Every process gets the same settings: the same ``LMC_DATABASE_URL`` (one shared PostGIS; without it
they all read the same ``data/``) and the same cookie secret (``STREAMLIT_SERVER_COOKIE_SECRET``,
from ``LMC_COOKIE_SECRET`` or made here), so any of them can read a cookie another one signed.

Usage: ``python scripts/cluster.py [--processes 2] [--port 8501]`` (Ctrl-C stops everything).
The processes and HAProxy bind to 127.0.0.1 and are stopped by their process ids.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lmc_geo import database  # noqa: E402
from tests.support import apprunner  # noqa: E402

COOKIE = "LMCSRV"

HAPROXY_CFG = """\
global
    maxconn 2000

defaults
    mode http
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h          # a viewer's websocket stays open while the page is
    option forwardfor

frontend atlas
    bind 127.0.0.1:{port}
    default_backend apps

backend apps
    balance roundrobin
    cookie {cookie} insert indirect nocache httponly
    option httpchk GET /_stcore/health
    http-response set-header X-Atlas-Process %s
{servers}
"""


@dataclass
class Cluster:
    """Running app processes and their proxy."""

    url: str
    apps: list[apprunner.AppServer]
    proxy: subprocess.Popen
    folder: Path
    pids: list[int] = field(default_factory=list)

    def stop(self) -> None:
        if self.proxy.poll() is None:
            self.proxy.send_signal(signal.SIGTERM)
            try:
                self.proxy.wait(10)
            except subprocess.TimeoutExpired:
                self.proxy.kill()
        for app in self.apps:
            apprunner.stop(app.proc)
        shutil.rmtree(self.folder, ignore_errors=True)


def haproxy_config(port: int, app_ports: list[int]) -> str:
    servers = "\n".join(f"    server app{i + 1} 127.0.0.1:{p} cookie app{i + 1} check inter 2s"
                        for i, p in enumerate(app_ports))
    return HAPROXY_CFG.format(port=port, cookie=COOKIE, servers=servers)


def start(processes: int = 2, port: int | None = None, env: dict | None = None) -> Cluster:
    """Start ``processes`` app servers and HAProxy in front of them; return once the proxy answers."""
    haproxy = shutil.which("haproxy")
    if not haproxy:
        raise RuntimeError("HAProxy is not installed: run 'apt-get install -y haproxy'")
    secret = os.environ.get("LMC_COOKIE_SECRET") or secrets.token_hex(32)
    apps = []
    try:
        for _ in range(processes):
            apps.append(apprunner.launch(env={**(env or {}), "STREAMLIT_SERVER_COOKIE_SECRET": secret}))
        port = port or apprunner.free_port()
        folder = Path(tempfile.mkdtemp(prefix="lmc-cluster-"))
        config = folder / "haproxy.cfg"
        config.write_text(haproxy_config(port, [a.port for a in apps]))
        log = open(folder / "haproxy.log", "wb")
        proxy = subprocess.Popen([haproxy, "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT,
                                 start_new_session=True)
    except BaseException:
        for app in apps:
            apprunner.stop(app.proc)
        raise
    cluster = Cluster(f"http://127.0.0.1:{port}", apps, proxy, folder, [a.proc.pid for a in apps])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(cluster.url + "/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return cluster
        except OSError:
            time.sleep(0.2)
    cluster.stop()
    raise RuntimeError(f"HAProxy did not answer on {cluster.url}: {(folder / 'haproxy.log').read_text()[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--port", type=int, default=8501)
    args = parser.parse_args(argv)
    cluster = start(args.processes, args.port)
    backend = f"PostGIS at {database.where()}" if database.enabled() else \
        "data/ (set LMC_DATABASE_URL for the shared database)"
    print(f"{args.processes} app processes (pids {', '.join(map(str, cluster.pids))}) behind HAProxy at "
          f"{cluster.url}, sticky by the {COOKIE} cookie; data from {backend}. Ctrl-C stops them.", flush=True)
    try:
        while cluster.proxy.poll() is None and all(a.proc.poll() is None for a in cluster.apps):
            time.sleep(1)
        print("a process ended; stopping the cluster", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
