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


def client_over(backend, tmp_path, records):
    """A test client of an app that reads ``backend`` (either of the ``backend`` fixture's), which
    ``records`` were written to."""
    app = create_app({"INDEX": f"sqlite:///{tmp_path / 'unused.db'}", "SECRET_KEY": "t", "TESTING": True})
    app.extensions["kiemtra.backend"] = backend
    backend.upsert(records)
    return app.test_client()


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


@contextlib.contextmanager
def served_app(tmp, name: str, *, samples: bool = True, records=(), **config):
    """A real server (waitress, on a free loopback port) over a fresh SQLite index in ``tmp``: the
    samples 000–004 in every format ingested as one batch when ``samples``, then ``records`` written.
    Yields its base URL; the server and the index are closed afterwards."""
    import shutil
    import threading

    import waitress

    from ..conftest import SAMPLES

    app = create_app({"INDEX": f"sqlite:///{tmp / 'i.db'}", "SECRET_KEY": name, "STORAGE": str(tmp / "files"),
                      **config})
    with app.app_context():
        if samples:
            docs = tmp / "docs"
            docs.mkdir()
            for p in SAMPLES.glob("00[0-4].*"):
                shutil.copy(p, docs / p.name)
            assert not run_batch([docs], get_backend()).failed
        if records:
            get_backend().upsert(list(records))
    srv = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    stopping = threading.Event()

    def serve():
        # closing the server from this thread can catch its loop inside select() on the socket just closed
        # (EBADF): that is the shutdown asked for, not an error of the app (as WebTest's StopableWSGIServer)
        try:
            srv.run()
        except (OSError, ValueError):
            if not stopping.is_set():
                raise

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.effective_port}"
    finally:
        stopping.set()
        srv.close()
        thread.join(timeout=5)
        with app.app_context():
            get_backend().close()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (skipped with what to install when missing,
    failing under ``CI=true``)."""
    from .test_browser import ARGS, CHROMIUM, _require_browser

    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


WIDTHS = {"desktop": 1280, "phone": 390}     # the widths every page is tried at


def browser_context(browser, width: int, **options):
    return browser.new_context(accept_downloads=True, locale="vi-VN", viewport={"width": width, "height": 900},
                               **options)


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def page(browser, request):
    """A page at desktop and at phone width (``page.width``); the test fails if the page's security
    policy blocked anything, and a screenshot is kept."""
    from .test_browser import shot

    context = browser_context(browser, WIDTHS[request.param])
    pg = context.new_page()
    pg.width = WIDTHS[request.param]
    pg.csp_errors = []
    pg.on("console", lambda m: "Content Security Policy" in m.text and pg.csp_errors.append(m.text))
    yield pg
    shot(pg, request.node.name)
    assert not pg.csp_errors, pg.csp_errors
    context.close()
