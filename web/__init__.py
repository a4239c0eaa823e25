"""web: the Flask application, its JSON API and the ``kiemtra`` command line."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, Response, current_app, request

from search import Backend, open_backend

from . import errors, limits, settings

# Sent with every response (pages, API, static files, errors). No page has inline script, style or
# event handlers (upload.js and style.css are files), nothing is loaded from elsewhere, nothing frames it.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def _within_limits() -> None:
    limits.check(request.query_string, request.args)


def _secure(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. ``test_config`` replaces the environment (tests pass plain settings)."""
    app = Flask(__name__, instance_relative_config=False)
    app.config.update(settings.defaults())
    app.config.update(settings.from_env(os.environ) if test_config is None else test_config)
    if not app.config.get("INDEX"):
        app.config["INDEX"] = f"sqlite:///{Path(app.instance_path) / 'kiemtra.db'}"
    if not app.config.get("STORAGE"):
        app.config["STORAGE"] = str(Path(app.instance_path) / "files")
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or secrets.token_hex(32)
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_UPLOAD_MB"]) * 1024 * 1024
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"  # upload page
    app.json.ensure_ascii = False
    app.before_request(_within_limits)      # before CSRF and every view: nothing reads an oversized request
    app.after_request(_secure)
    errors.init_app(app)

    from flask_wtf.csrf import CSRFProtect

    from . import api, upload, views

    csrf = CSRFProtect(app)
    csrf.exempt(api.bp)  # the API authenticates writes with the bearer token, not a browser session
    csrf.exempt(upload.api_upload)
    app.register_blueprint(views.bp)
    app.register_blueprint(upload.bp)
    from . import ingest_page

    app.register_blueprint(ingest_page.bp)   # /ingest: the queue's progress (ingest on several machines)
    app.register_blueprint(api.bp, url_prefix="/api")
    from . import units

    app.register_blueprint(units.bp)          # /don-vi: a unit's page
    from . import original

    app.register_blueprint(original.bp)       # /doc/<id>/page/<n>.png: the original's pages, items marked
    from . import corrections

    app.register_blueprint(corrections.bp)    # /doc/<id>/hieu-chinh: staff correct extracted fields
    from . import saved

    app.register_blueprint(saved.bp)          # /tim-kiem-da-luu: saved searches, their links and feeds
    app.jinja_env.filters["vn_date"] = views.vn_date

    from .cli import cli

    for command in cli.commands.values():  # `flask --app web ...` and app.test_cli_runner() see them too
        app.cli.add_command(command)
    return app


def get_backend() -> Backend:
    """The app's index, opened on first use and shared by its requests and commands."""
    ext = current_app.extensions
    if "kiemtra.backend" not in ext:
        cfg = current_app.config
        options = {"rank_process": True} if cfg.get("SERVING") else {}
        if not str(cfg["INDEX"]).startswith("sqlite:"):
            options = {k: cfg.get(k) for k in ("ES_API_KEY", "ES_USER", "ES_PASSWORD", "ES_CA_CERTS",
                                                "ES_TIMEOUT", "ES_INDEX")}
            options = {k[3:].lower(): v for k, v in options.items() if v is not None}
        ext["kiemtra.backend"] = open_backend(cfg["INDEX"], **options)
    return ext["kiemtra.backend"]
