"""A throwaway PostgreSQL cluster with PostGIS for the backend tests, on loopback, in a temporary folder.

Debian's server binaries (``/usr/lib/postgresql/<version>/bin``) run as an unprivileged user: the
current one, or ``postgres`` when the tests run as root (PostgreSQL refuses to run as root). The
cluster listens on 127.0.0.1 on a free port with password login (scram), and is stopped by its
``pg_ctl``. ``missing()`` says in one line what is not installed (``make test`` installs it where
it may: ``scripts/system_deps.sh postgres``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.apprunner import free_port

USER, PASSWORD, DATABASE = "atlas", "atlas-test-password", "atlas"


def bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def missing() -> str | None:
    """None when PostgreSQL and PostGIS are installed, else one line naming the packages."""
    bins = bindir()
    if bins is None:
        return "PostgreSQL is not installed (apt-get install postgresql-15 postgresql-15-postgis-3)"
    version = bins.parent.name
    if not glob.glob(f"/usr/share/postgresql/{version}/extension/postgis.control"):
        return f"PostGIS is not installed (apt-get install postgresql-{version}-postgis-3)"
    return None


@dataclass
class Cluster:
    folder: Path
    port: int
    run_as: str | None

    @property
    def url(self) -> str:
        return f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{DATABASE}"

    def url_with_password(self, password: str) -> str:
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{DATABASE}"

    def stop(self) -> None:
        _run(self.run_as, [str(bindir() / "pg_ctl"), "-D", str(self.folder / "db"), "-m", "fast", "-w", "stop"],
             check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def _run(user: str | None, args: list[str], check: bool = True, **kw) -> subprocess.CompletedProcess:
    if user:
        args = ["runuser", "-u", user, "--", *args]
    return subprocess.run(args, check=check, capture_output=True, text=True, **kw)


def start() -> Cluster:
    """initdb, start on a free loopback port, create the database; return the running cluster."""
    bins = bindir()
    run_as = "postgres" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="lmc-pg-"))
    if run_as:
        pw = pwd.getpwnam(run_as)
        os.chown(folder, pw.pw_uid, pw.pw_gid)
    pwfile = folder / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if run_as:
        os.chown(pwfile, pw.pw_uid, pw.pw_gid)
    _run(run_as, [str(bins / "initdb"), "-D", str(folder / "db"), "-U", USER, "--auth=scram-sha-256",
                  f"--pwfile={pwfile}", "-E", "UTF8", "--no-sync"])
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c max_connections=100"
    _run(run_as, [str(bins / "pg_ctl"), "-D", str(folder / "db"), "-o", options, "-l", str(folder / "log"),
                  "-w", "start"])
    cluster = Cluster(folder, port, run_as)
    env = {**os.environ, "PGPASSWORD": PASSWORD}
    _run(None, [str(bins / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", USER, DATABASE], env=env)
    return cluster
