from __future__ import annotations

import contextlib

import pytest

from pipeline import run_batch
from web import create_app, get_backend

from ..search.records import CORPUS


@pytest.fixture
def app(tmp_path):
    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'index.db'}", "SECRET_KEY": "test", "TESTING": True})
    yield app
    with app.app_context():
        get_backend().close()


@pytest.fixture
def loaded_app(app):
    with app.app_context():
        get_backend().upsert(CORPUS)
    return app


@pytest.fixture
def client(loaded_app):
    return loaded_app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@contextlib.contextmanager
def ingested_app(tmp_path, *paths):
    """An app on a fresh SQLite index (storage in ``tmp_path``) into which ``paths`` were ingested as one
    batch: ``(app, report)``; the index is closed afterwards."""
    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'index.db'}", "SECRET_KEY": "test", "TESTING": True,
                      "STORAGE": str(tmp_path / "storage")})
    with app.app_context():
        report = run_batch(list(paths), get_backend())
    try:
        yield app, report
    finally:
        with app.app_context():
            get_backend().close()
