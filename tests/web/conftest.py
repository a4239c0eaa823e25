from __future__ import annotations

import pytest

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
