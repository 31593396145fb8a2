"""A throwaway PostgreSQL cluster for the test run (TEST_DATABASE=postgres).

postgres refuses to run as root, so when the tests run as root (as CI does)
every server command runs as the `postgres` system user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bindir() -> Path:
    configured = os.environ.get("PG_BINDIR")
    if configured:
        return Path(configured)
    for version in ("15", "16", "17"):
        candidate = Path(f"/usr/lib/postgresql/{version}/bin")
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError("PostgreSQL server binaries not found; run `make test` to install them.")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """initdb + pg_ctl in a temporary directory; `url` points at an empty database."""

    def __init__(self) -> None:
        self.bindir = _bindir()
        self.base = Path(tempfile.mkdtemp(prefix="rounds-pg-"))
        self.data = self.base / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        self.url = f"postgresql+psycopg://rounds@127.0.0.1:{self.port}/rounds_test"

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def start(self) -> Cluster:
        if self.as_root:
            shutil.chown(self.base, "postgres", "postgres")
        self.base.chmod(0o700)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "rounds",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.base / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        self._run(
            "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "rounds", "rounds_test"
        )
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            time.sleep(0.5)
        shutil.rmtree(self.base, ignore_errors=True)
