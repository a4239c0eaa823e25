"""Corrections on the document page: staff with the administrator token (the token of the upload page,
remembered in the browser's session the same way) remove a wrong inspected unit or inspecting body,
add a missing one by selecting it in the full text, change a finding's kind, say a name is not a
person's, and take any of these back. Plain forms (POST, then a redirect to the page): they work
without JavaScript; ``corrections.js`` only fills the "add" form from a selection. What a correction
does to the record is ``pipeline.corrections``'s alone."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, get_flashed_messages, redirect, request, session, url_for

from markupsafe import Markup

from ingest.messages import msg
from pipeline import corrections as fixes

from . import get_backend
from .upload import _remembered, authorized

bp = Blueprint("corrections", __name__)

EDIT = "sua"          # the document page's parameter that shows the correction controls
FIELD_LABELS = {"inspected_units": "Đơn vị được kiểm tra, giám sát",
                "inspecting_bodies": "Cơ quan kiểm tra, giám sát"}
FLASH = "correction"  # flashed messages of this page: (category, text)


def _doc_id(doc_id: str) -> str:
    if len(doc_id) != 64 or any(c not in "0123456789abcdef" for c in doc_id):
        abort(404)
    return doc_id


def _back(doc_id: str, anchor: str = "hieu-chinh"):
    """Back to the document page in edit mode (303: the browser follows with a GET)."""
    return redirect(url_for("pages.document_page", doc_id=doc_id, **{EDIT: 1}) + f"#{anchor}", 303)


def _span(form) -> list[int] | None:
    start, end = form.get("start", ""), form.get("end", "")
    if start.isdigit() and end.isdigit():
        return [int(start), int(end)]
    return None


@bp.route("/doc/<doc_id>/hieu-chinh", methods=["POST"])
def correct(doc_id: str):
    doc_id = _doc_id(doc_id)
    if not current_app.config.get("TOKEN"):
        flash(msg("correction.disabled"), "error")
        return _back(doc_id)
    if not authorized():
        flash(msg("correction.unauthorized"), "error")
        return _back(doc_id)
    form = request.form
    if form.get("action") is None:          # only the token was given: the controls are shown now
        return _back(doc_id)
    correction = {"action": form.get("action"), "field": form.get("field"), "text": form.get("text"),
                  "selected": form.get("selected"), "span": _span(form), "kind": form.get("kind"),
                  "name": form.get("name")}
    try:
        fixes.save(get_backend(), doc_id, correction)
    except KeyError:
        abort(404)
    except fixes.CorrectionError as err:
        flash(str(err), "error")
        return _back(doc_id)
    flash(msg("correction.saved"), "saved")
    return _back(doc_id)


@bp.route("/doc/<doc_id>/hieu-chinh/<correction_id>/hoan-tac", methods=["POST"])
def undo(doc_id: str, correction_id: str):
    doc_id = _doc_id(doc_id)
    if not current_app.config.get("TOKEN") or not authorized():
        flash(msg("correction.unauthorized"), "error")
        return _back(doc_id)
    try:
        fixes.undo(get_backend(), doc_id, correction_id)
    except KeyError:
        flash(msg("correction.gone"), "error")
        return _back(doc_id)
    flash(msg("correction.undone"), "saved")
    return _back(doc_id)


@bp.route("/doc/<doc_id>/hieu-chinh/quen-ma", methods=["POST"])
def forget(doc_id: str):
    session.pop("upload_token", None)
    return redirect(url_for("pages.document_page", doc_id=_doc_id(doc_id)), 303)


def describe(c: dict) -> str:
    """One correction as people read it in the page's list."""
    action = c.get("action")
    if action == "remove":
        return f"Bỏ “{c['text']}” khỏi {FIELD_LABELS[c['field']].lower()}"
    if action == "add":
        return f"Thêm “{c['text']}” vào {FIELD_LABELS[c['field']].lower()}"
    if action == "kind":
        from .labels import KIND_LABELS

        text = c.get("text") or ""
        short = text if len(text) <= 80 else text[:79].rstrip() + "…"
        return f"Đổi loại của kết quả “{short}” thành {KIND_LABELS.get(c['kind'], c['kind']).lower()}"
    return f"“{c.get('name')}” không phải tên người"


class State:
    """What the document page shows of its corrections (``correction_state(record)`` in templates)."""

    def __init__(self, record):
        info = fixes.info(record)
        self.items = [(c, describe(c)) for c in info.get("items", ())]
        self.fields = set(info.get("fields", ()))
        applied = [c for c, _ in self.items if c.get("applied")]
        self.added = {(c["field"], c["text"]) for c in applied if c["action"] == "add"}
        self.kinds = {tuple(c["span"]) for c in applied if c["action"] == "kind"}
        self.enabled = bool(current_app.config.get("TOKEN"))
        self.remembered = _remembered()
        self.editing = request.args.get(EDIT) == "1"
        self.messages = get_flashed_messages(with_categories=True)
        self.record = record
        self.field_labels = FIELD_LABELS

    def is_added(self, field: str, text: str) -> bool:
        return (field, text) in self.added

    def kind_changed(self, span) -> bool:
        return tuple(span) in self.kinds


def mark(record, field: str, span=None) -> Markup:
    """The label the document page puts beside a field (or, with ``span``, a finding) that staff
    corrected: text and a sign, not a colour alone; empty when nothing there was corrected."""
    info = fixes.info(record)
    if span is not None:
        corrected = any(c.get("applied") and c["action"] == "kind" and list(c["span"]) == list(span)
                        for c in info.get("items", ()))
        label = "✎ đã đổi loại"
    else:
        corrected = field in info.get("fields", ())
        label = "✎ đã hiệu chỉnh"
    if not corrected:
        return Markup("")
    return Markup(' <a class="corrected" href="#hieu-chinh">{}</a>').format(label)


@bp.app_context_processor
def _globals():
    return {"correction_state": State, "correction_edit_param": EDIT, "correction_mark": mark}
