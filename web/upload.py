"""Uploads from the browser (and POST /api/documents): token-protected writes handed to
``pipeline.ingest_upload`` (kept under their sha256, read by a worker under the batch's limits, a zip
walked member by member); and the download of a document's original."""
from __future__ import annotations

import hmac
import io
from dataclasses import replace
from pathlib import Path

from flask import (Blueprint, abort, current_app, jsonify, render_template, request, send_file, session,
                   url_for)

import ingest
import pipeline
from search import nearcopy
from ingest.messages import msg
from nlp.record import Record

from . import get_backend
from .errors import Refused, api_error

bp = Blueprint("upload", __name__)


class Unauthorized(Exception):
    pass


def check_token() -> None:
    """The administrator token, from ``Authorization: Bearer`` or the form's ``token`` field."""
    expected = current_app.config.get("TOKEN")
    header = request.headers.get("Authorization", "")
    given = header[7:].strip() if header.lower().startswith("bearer ") else request.form.get("token", "")
    if not expected or not given or not hmac.compare_digest(given.encode(), str(expected).encode()):
        raise Unauthorized()


def _storage() -> Path:
    return Path(current_app.config["STORAGE"])


def _upload(name: str, data: bytes) -> list[tuple[str, Record | None, pipeline.Outcome]]:
    """Ingest one uploaded file (``pipeline.ingest_upload``): ``(name shown, record, outcome)`` per
    document it held, the name without the storage prefix."""
    backend = get_backend()
    out = []
    cfg = current_app.config
    for o in pipeline.ingest_upload(backend, _storage(), name, data, time_limit=float(cfg["UPLOAD_TIME_LIMIT"]),
                                    memory_limit_mb=int(cfg["UPLOAD_MEMORY_LIMIT_MB"])):
        shown = o.source.split("/", 2)[-1] if o.source.startswith(pipeline.originals.UPLOAD_PREFIX) else o.source
        record = backend.get(o.sha256) if o.sha256 and o.status != "failed" else None
        out.append((shown, record, o))
    return out


def _token_proof() -> str:
    """What the signed session cookie keeps once the token was given on the upload page: not the
    token, a keyed hash of it (changing the token or the secret key ends every such session)."""
    cfg = current_app.config
    return hmac.new(str(cfg["SECRET_KEY"]).encode(), str(cfg.get("TOKEN")).encode(), "sha256").hexdigest()


def _remembered() -> bool:
    given = session.get("upload_token")
    return bool(current_app.config.get("TOKEN")) and isinstance(given, str) and hmac.compare_digest(
        given, _token_proof())


def authorized() -> bool:
    """The token was given with this request, or earlier in this browser session (then it is
    remembered for the session, as on the upload page): what every form that changes the index asks."""
    if _remembered():
        return True
    try:
        check_token()
    except Unauthorized:
        return False
    session["upload_token"] = _token_proof()
    return True


@bp.route("/upload", methods=["GET", "POST"], endpoint="upload_page")
def upload_page():
    if request.method == "GET":
        return render_template("upload.html", enabled=bool(current_app.config.get("TOKEN")), results=None,
                               remembered=_remembered())
    if request.form.get("forget"):
        session.pop("upload_token", None)
        return render_template("upload.html", enabled=bool(current_app.config.get("TOKEN")), results=None,
                               remembered=False)
    if not _remembered():
        try:
            check_token()
        except Unauthorized:
            return render_template("upload.html", enabled=bool(current_app.config.get("TOKEN")), results=None,
                                   error="Mã quản trị không đúng hoặc chưa nhập.", remembered=False), 401
        session["upload_token"] = _token_proof()  # a browser session cookie: until the browser closes
    files = [f for f in request.files.getlist("file") if f and f.filename]
    if not files:
        return render_template("upload.html", enabled=True, results=None, error="Chưa chọn tệp nào.",
                               remembered=True), 400
    results = []
    for f in files:
        results += [(shown, rec, None if rec else o.reason) for shown, rec, o in _upload(f.filename, f.read())]
    status = 200 if results and all(r for _, r, _ in results) else 422
    return render_template("upload.html", enabled=True, results=results, remembered=True), status


@bp.route("/api/documents", methods=["POST"])
def api_upload():
    try:
        check_token()
    except Unauthorized:
        return api_error(401, "unauthorized", "missing or wrong administrator token")
    f = request.files.get("file")
    if not f or not f.filename:
        return api_error(400, "no-file", "send the file as multipart/form-data field 'file'")
    results = _upload(f.filename, f.read())
    documents = [{"source": shown, "id": rec.doc_id, "status": o.status,
                  "url": url_for("pages.document_page", doc_id=rec.doc_id)} for shown, rec, o in results if rec]
    failures = [{"source": shown, "error_code": o.code, "error": o.reason} for shown, rec, o in results if not rec]
    if not documents:
        first = failures[0] if failures else {"error_code": "empty", "error": msg("archive-no-document")}
        return api_error(422, first["error_code"], first["error"], failures=failures)
    rec = next(rec for _, rec, _ in results if rec)
    return jsonify(id=rec.doc_id, url=documents[0]["url"], record=rec.to_json(), documents=documents,
                   failures=failures), 201


@bp.route("/doc/<doc_id>/original")
def original(doc_id: str):
    if len(doc_id) != 64 or any(c not in "0123456789abcdef" for c in doc_id):
        abort(404)
    record = get_backend().get(doc_id)
    if record is None:
        abort(404)
    wanted = request.args.get("tep")          # another file of the report (search.nearcopy.copies)
    if wanted and wanted != doc_id:
        copy = next((c for c in nearcopy.copies(record) if c.get("sha256") == wanted), None)
        if copy is None:
            abort(404)
        record = replace(record, document=replace(record.document, source=copy["source"], sha256=copy["sha256"],
                                                  format=copy["format"]))
    download = (Path(record.document.source.split(ingest.MEMBER_SEP)[-1]).name
                or pipeline.originals.stored(_storage(), record).name)
    # a name is sent in a header: no control characters (CR/LF would split it)
    download = "".join(c if c.isprintable() else "_" for c in download) or pipeline.originals.stored(_storage(), record).name
    found = pipeline.originals.read(_storage(), record, pipeline.known_roots(get_backend()))
    if found is None:
        raise Refused(404, "original-gone", "Không còn tệp gốc: tệp đã được chuyển, xoá hoặc sửa từ khi nạp "
                      "vào chỉ mục.", "the original file is gone (moved, deleted or changed since it was indexed)")
    # ``read`` gives the stored upload named by the (hex-checked) id, or content that hashes to it
    body = io.BytesIO(found) if isinstance(found, bytes) else found.resolve()
    return send_file(body, as_attachment=True, download_name=download)
