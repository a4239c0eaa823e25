"""Pages for people: search and document."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for

from search import QueryError, parse
from search.highlight import match_spans, segments
from search.query import to_string

from . import get_backend

bp = Blueprint("pages", __name__)

FACET_LABELS = {
    "inspected_unit": "Đơn vị được kiểm tra",
    "inspecting_body": "Cơ quan kiểm tra",
    "year": "Năm",
    "kind": "Loại phát hiện",
    "activity": "Hoạt động",
    "format": "Định dạng",
}
FACET_PARAM = {"inspected_unit": "unit", "inspecting_body": "unit", "year": "year", "kind": "kind",
               "activity": "activity", "format": "format"}
KIND_LABELS = {"strength": "Ưu điểm", "limitation": "Hạn chế", "recommendation": "Kiến nghị"}
SORT_LABELS = {"relevance": "Liên quan nhất", "-date": "Mới nhất", "date": "Cũ nhất"}


def vn_date(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def query_from_request():
    args = request.args
    return parse(
        args.get("q", ""),
        unit=args.getlist("unit"), ref=args.getlist("ref"), kind=args.getlist("kind"),
        activity=args.getlist("activity"), format=args.getlist("format"), year=args.getlist("year"),
        date_from=args.get("from") or None, date_to=args.get("to") or None,
        sort=args.get("sort") or None, page=args.get("page", 1),
        per_page=args.get("per_page") or current_app.config["PER_PAGE"],
    )


@bp.route("/")
def search_page():
    error = None
    result = None
    try:
        query = query_from_request()
        result = get_backend().search(query)
    except QueryError as exc:
        error = str(exc)
        query = None
    status = 400 if error else 200

    def page_url(page: int) -> str:
        args = request.args.to_dict(flat=False)
        args["page"] = [str(page)]
        return url_for("pages.search_page", **args)

    def facet_url(field: str, value: str) -> str:
        args = request.args.to_dict(flat=False)
        param = FACET_PARAM[field]
        values = args.get(param, [])
        args[param] = [v for v in values if v != value] if value in values else values + [value]
        args.pop("page", None)
        return url_for("pages.search_page", **args)

    def facet_active(field: str, value: str) -> bool:
        return value in request.args.getlist(FACET_PARAM[field])

    return render_template(
        "search.html", result=result, error=error, q=request.args.get("q", ""), args=request.args,
        page_url=page_url, facet_url=facet_url, facet_active=facet_active, facet_labels=FACET_LABELS,
        kind_labels=KIND_LABELS, sort_labels=SORT_LABELS, query_string=to_string(query) if query else "",
    ), status


@bp.route("/doc/<doc_id>")
def document_page(doc_id: str):
    if not doc_id.isalnum() or len(doc_id) > 128:
        abort(404)
    record = get_backend().get(doc_id)
    if record is None:
        abort(404)
    highlight_q = request.args.get("q", "")
    try:
        spans = match_spans(record.text, parse(highlight_q)) if highlight_q else []
    except QueryError:
        spans = []
    paragraphs = []
    pos = 0
    for line in record.text.split("\n"):
        end = pos + len(line)
        paragraphs.append(segments(record.text, spans, pos, end))
        pos = end + 1
    return render_template("document.html", record=record, data=record.to_json(), paragraphs=paragraphs,
                           kind_labels=KIND_LABELS, q=highlight_q)


@bp.app_errorhandler(404)
def not_found(exc):
    return render_template("error.html", code=404, message="Không tìm thấy trang hoặc văn bản này."), 404


@bp.app_errorhandler(413)
def too_large(exc):
    return render_template("error.html", code=413, message="Tệp tải lên quá lớn."), 413
