"""A real PostgreSQL for the queue tests: ``initdb`` and ``pg_ctl`` in a temporary folder, as an
unprivileged user (``postgres`` or ``nobody`` when the tests run as root), on loopback only, with
trust authentication for its one user. Skipped with what to install when PostgreSQL is missing,
and failed instead under ``CI=true``."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

PG_GLOBS = ("/usr/lib/postgresql/*/bin",)


def _pg_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    dirs = sorted(glob.glob(PG_GLOBS[0]), key=lambda d: int(d.split("/")[-2]) if d.split("/")[-2].isdigit() else 0)
    for d in reversed(dirs):
        if (Path(d) / "pg_ctl").exists() and (Path(d) / "initdb").exists():
            return Path(d)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One throwaway cluster; ``stop()`` and ``start()`` keep its data (the broker-restart test)."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="kiemtra-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    self.user = pwd.getpwnam(name)
                    break
                except KeyError:
                    continue
            if self.user is None:
                raise RuntimeError("running as root and no unprivileged user (postgres, nobody) to run PostgreSQL")
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        os.chmod(self.root, 0o755)
        self._run("initdb", "-D", str(self.data), "-U", "kiemtra", "-A", "trust", "-E", "UTF8", "--no-locale")
        with open(self.data / "postgresql.conf", "a") as fh:
            fh.write(f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = '{self.root}'\n"
                     "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n")

    @property
    def url(self) -> str:
        return f"postgresql://kiemtra@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / program), *args]
        if self.user is not None:
            cmd = ["runuser", "-u", self.user.pw_name, "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=self.root)
        if proc.returncode != 0:
            raise RuntimeError(f"{program} failed: {proc.stdout[-2000:]}{proc.stderr[-2000:]}")
        return proc

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def destroy(self) -> None:
        if self.running():
            try:
                self.stop("immediate")
            except RuntimeError:
                pass
        shutil.rmtree(self.root, ignore_errors=True)

    def fresh_database(self) -> str:
        """A new empty database on this server: each test gets its own queue."""
        import psycopg

        name = f"q{int(time.time() * 1000) % 10**9}{os.getpid() % 1000}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def postgres_server():
    bindir = _pg_bin()
    problem = None
    if bindir is None:
        problem = "PostgreSQL is missing: apt-get install postgresql (or bash scripts/install-system-packages)"
    elif os.geteuid() == 0 and not shutil.which("runuser"):
        problem = "running as root without runuser to start PostgreSQL as an unprivileged user"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"queue tests cannot run: {problem}", pytrace=False)
        pytest.skip(f"queue tests skipped: {problem}")
    server = PostgresServer(bindir)
    server.start()
    yield server
    server.destroy()


@pytest.fixture
def queue_url(postgres_server) -> str:
    if not postgres_server.running():
        postgres_server.start()
    return postgres_server.fresh_database()
