from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpora" / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"


def _sqlite_backend(tmp_path):
    from search import open_backend

    return open_backend(f"sqlite:///{tmp_path / 'index.db'}")


class ElasticsearchNode:
    """One Elasticsearch for the whole session: ``KIEMTRA_ES_URL`` if set, else a node started with
    scripts/elasticsearch.sh on first use and wiped when the session ends (its name holds the
    session's pid, so sessions running side by side each have their own). Without Java >= 21 or
    Maven the Elasticsearch tests are skipped, except under ``CI=true``, where they error."""

    SCRIPT = ROOT / "scripts" / "elasticsearch.sh"

    def __init__(self, name: str):
        self.name = name
        self.started = False
        self._url: str | None = None
        self._problem: str | None = None

    def _run(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(self.SCRIPT), *args, "--name", self.name], capture_output=True,
                              text=True, timeout=timeout)

    def url(self) -> str:
        if self._url is None and self._problem is None:
            self._url = os.environ.get("KIEMTRA_ES_URL") or self._start()
        if self._problem is not None:
            if os.environ.get("CI") == "true":
                pytest.fail(f"Elasticsearch tests cannot run: {self._problem}", pytrace=False)
            pytest.skip(f"Elasticsearch tests skipped: {self._problem}")
        return self._url

    def start(self, port: int | None = None) -> str:
        """(Re)start this node (a stopped node keeps its data), on ``port`` if given."""
        self._problem = None
        self._url = self._start(port)
        return self.url()

    def _start(self, port: int | None = None) -> str | None:
        missing = []
        if not shutil.which("mvn"):
            missing.append("Maven is missing: apt-get install maven")
        java = self._run("java", timeout=60)
        if java.returncode != 0:
            missing.append(java.stderr.strip().removeprefix("es-node: error: "))
        if missing:
            self._problem = ("; ".join(missing) + " (or set KIEMTRA_ES_URL to a running Elasticsearch 9)")
            return None
        proc = self._run("start", *(("--port", str(port)) if port else ()))
        if proc.returncode != 0:
            self._problem = f"scripts/elasticsearch.sh start failed:\n{proc.stderr[-3000:]}"
            return None
        self.started = True
        return proc.stdout.strip().splitlines()[-1]

    def stop(self) -> None:
        if self.started:
            self._run("stop", timeout=120)
            self.started = False

    def wipe(self) -> None:
        """Stop the node and delete its data."""
        self._run("wipe", timeout=120)
        self.started = False
        self._url = None


ELASTICSEARCH = ElasticsearchNode(f"pytest-{os.getpid()}")


def pytest_configure(config):
    config.addinivalue_line("markers", "elasticsearch: needs an Elasticsearch node (started if need be)")
    config.addinivalue_line("markers", "browser: drives Chromium through Playwright")
    config.addinivalue_line("markers", "libreoffice: converts legacy office files with LibreOffice")
    config.addinivalue_line("markers", "queue: starts PostgreSQL and kiemtra worker processes (tests/queue)")


_LIBREOFFICE_FILES = {"test_office.py", "test_formats_agree.py"}


def pytest_collection_modifyitems(config, items):
    """Marks what each test needs, so that ``make test-fast`` (``-m "not elasticsearch and not browser
    and not libreoffice"``) leaves out the heavy parts; ``make test`` runs everything."""
    for item in items:
        name = Path(str(item.fspath)).name
        params = getattr(getattr(item, "callspec", None), "params", {})
        if ("elasticsearch" in name or "elastic" in name or "elasticsearch_url" in item.fixturenames
                or params.get("backend") == "elasticsearch" or "elasticsearch" in str(params.values())):
            item.add_marker(pytest.mark.elasticsearch)
        if name.startswith("test_browser"):
            item.add_marker(pytest.mark.browser)
        if name in _LIBREOFFICE_FILES or "libreoffice" in item.name:
            item.add_marker(pytest.mark.libreoffice)


@pytest.fixture(scope="session", autouse=True)
def _elasticsearch_session():
    """Stops and deletes the session's node at the end, if a test started it."""
    yield ELASTICSEARCH
    if ELASTICSEARCH.started:
        ELASTICSEARCH.wipe()


@pytest.fixture(scope="session")
def elasticsearch_url(_elasticsearch_session) -> str:
    return _elasticsearch_session.url()


def _elasticsearch_backend(tmp_path):
    from search.elastic import ElasticsearchBackend

    class TestIndex(ElasticsearchBackend):
        """A fresh index for one test, deleted when the test closes the backend."""

        def close(self):
            self.drop()
            super().close()

    return TestIndex(ELASTICSEARCH.url(), index=f"kiemtra-test-{uuid.uuid4().hex[:12]}")


BACKEND_FACTORIES = {"sqlite": _sqlite_backend, "elasticsearch": _elasticsearch_backend}


@pytest.fixture(params=sorted(BACKEND_FACTORIES))
def backend(request, tmp_path):
    b = BACKEND_FACTORIES[request.param](tmp_path)
    yield b
    b.close()
