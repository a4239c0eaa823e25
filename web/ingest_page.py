"""The ``/ingest`` page: the queue's batches with counts per state, rate, ETA, workers seen and
failures with reasons, and "retry failed" (a POST). Token-protected like the upload page: the same
administrator token, remembered for the browser session."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, session

from .queue_cli import STATE_LABELS, _duration
from .upload import _remembered, authorized

bp = Blueprint("ingest", __name__)


def _render(status: int = 200, **context):
    cfg = current_app.config
    context.setdefault("error", None)
    context.setdefault("notice", None)
    return render_template("ingest.html", enabled=bool(cfg.get("TOKEN")), configured=bool(cfg.get("QUEUE")),
                           labels=STATE_LABELS, duration=_duration, **context), status


def _status():
    from pipeline.queue import QueueUnavailable, queue_status

    try:
        return queue_status(current_app.config["QUEUE"]), None
    except QueueUnavailable as exc:
        return None, f"Không kết nối được hàng đợi PostgreSQL: {exc.reason}"


@bp.route("/ingest", methods=["GET", "POST"], endpoint="ingest_page")
def ingest_page():
    cfg = current_app.config
    if not cfg.get("TOKEN") or not cfg.get("QUEUE"):
        return _render(remembered=False, status_=None)
    notice = None
    if request.method == "POST":
        if request.form.get("forget"):
            session.pop("upload_token", None)
            return _render(remembered=False, status_=None)
        if not authorized():
            return _render(401, remembered=False, status_=None, error="Mã quản trị không đúng hoặc chưa nhập.")
        if request.form.get("action") == "retry":
            from pipeline.queue import QueueUnavailable, retry_failed

            try:
                notice = f"Đã xếp lại {retry_failed(cfg['QUEUE'])} tệp lỗi vào hàng đợi."
            except QueueUnavailable as exc:
                return _render(503, remembered=True, status_=None,
                               error=f"Không kết nối được hàng đợi PostgreSQL: {exc.reason}")
    elif not _remembered():
        return _render(remembered=False, status_=None)
    st, error = _status()
    return _render(503 if error else 200, remembered=True, status_=st, error=error, notice=notice)
