"""The JSON API: the same queries and records as the pages, as data."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify

from search import QueryError

from . import get_backend
from .views import query_from_request

bp = Blueprint("api", __name__)


def _segments_text(segs) -> str:
    return "".join(t for t, _ in segs)


@bp.errorhandler(QueryError)
def bad_query(exc):
    return jsonify(error=str(exc)), 400


@bp.errorhandler(404)
def not_found(exc):
    return jsonify(error="not found"), 404


@bp.route("/search")
def search():
    result = get_backend().search(query_from_request())
    return jsonify(
        total=result.total, page=result.query.page, per_page=result.query.per_page, pages=result.pages,
        hits=[{
            "id": h.doc_id, "source": h.source, "title": h.title, "date": h.date, "format": h.format,
            "score": h.score, "inspected_units": list(h.inspected_units),
            "snippet": _segments_text(h.snippet),
            "highlights": [[t, m] for t, m in h.snippet],
        } for h in result.hits],
        facets={f: [{"value": v, "count": n} for v, n in vals] for f, vals in result.facets.items()},
    )


@bp.route("/documents/<doc_id>")
def document(doc_id: str):
    record = get_backend().get(doc_id) if doc_id.isalnum() else None
    if record is None:
        abort(404)
    return jsonify(record.to_json(text=True))
