"""Uploads from the browser (and POST /api/documents): token-protected writes, originals kept in the
storage folder under their sha256 so downloads can never name another path."""
from __future__ import annotations

import hashlib
import hmac
import io
import os
import tempfile
from pathlib import Path

from flask import (Blueprint, abort, current_app, jsonify, render_template, request, send_file,
                   url_for)
from werkzeug.utils import secure_filename

import ingest
import nlp
from nlp.record import Record
from search import FileEntry

from . import get_backend, originals, pipeline

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


def store_and_ingest(name: str, data: bytes) -> Record:
    """Read, extract, index one uploaded file and keep its original; IngestError if unreadable."""
    backend = get_backend()
    sha = hashlib.sha256(data).hexdigest()
    source = f"upload/{secure_filename(name) or 'tep-tai-len'}"
    try:
        record = nlp.extract(ingest.read_bytes(data, source, sha256=sha))
    except ingest.IngestError as err:
        backend.record_file(FileEntry(source, sha, len(data), None, "failed", f"{err.code}: {err.reason}"))
        raise
    folder = _storage()
    folder.mkdir(parents=True, exist_ok=True)
    target = originals.stored(folder, record)
    if not target.exists():
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    backend.upsert([record])
    backend.record_file(FileEntry(source, sha, len(data), record.document.format, "indexed"))
    return record


@bp.route("/upload", methods=["GET", "POST"], endpoint="upload_page")
def upload_page():
    if request.method == "GET":
        return render_template("upload.html", enabled=bool(current_app.config.get("TOKEN")), results=None)
    try:
        check_token()
    except Unauthorized:
        return render_template("upload.html", enabled=bool(current_app.config.get("TOKEN")), results=None,
                               error="Mã quản trị không đúng hoặc chưa nhập."), 401
    files = [f for f in request.files.getlist("file") if f and f.filename]
    if not files:
        return render_template("upload.html", enabled=True, results=None, error="Chưa chọn tệp nào."), 400
    results = []
    for f in files:
        try:
            rec = store_and_ingest(f.filename, f.read())
            results.append((f.filename, rec, None))
        except ingest.IngestError as err:
            results.append((f.filename, None, err.reason))
    status = 200 if all(r for _, r, _ in results) else 422
    return render_template("upload.html", enabled=True, results=results), status


@bp.route("/api/documents", methods=["POST"])
def api_upload():
    try:
        check_token()
    except Unauthorized:
        return jsonify(error="missing or wrong administrator token"), 401
    f = request.files.get("file")
    if not f or not f.filename:
        return jsonify(error="send the file as multipart/form-data field 'file'"), 400
    try:
        rec = store_and_ingest(f.filename, f.read())
    except ingest.IngestError as err:
        return jsonify(error=err.reason, error_code=err.code), 422
    return jsonify(id=rec.doc_id, url=url_for("pages.document_page", doc_id=rec.doc_id),
                   record=rec.to_json()), 201


@bp.route("/doc/<doc_id>/original")
def original(doc_id: str):
    if len(doc_id) != 64 or any(c not in "0123456789abcdef" for c in doc_id):
        abort(404)
    record = get_backend().get(doc_id)
    if record is None:
        abort(404)
    download = (Path(record.document.source.split(ingest.MEMBER_SEP)[-1]).name
                or originals.stored(_storage(), record).name)
    # a name is sent in a header: no control characters (CR/LF would split it)
    download = "".join(c if c.isprintable() else "_" for c in download) or originals.stored(_storage(), record).name
    found = originals.read(_storage(), record, pipeline.roots(get_backend()))
    if found is None:
        abort(404, description="Không còn tệp gốc: tệp đã được chuyển, xoá hoặc sửa từ khi nạp vào chỉ mục.")
    # ``read`` gives the stored upload named by the (hex-checked) id, or content that hashes to it
    body = io.BytesIO(found) if isinstance(found, bytes) else found.resolve()
    return send_file(body, as_attachment=True, download_name=download)
