"""The JSON API: the same queries and records as the pages, as data. Described at /api/openapi.json."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from search import QueryError

from . import get_backend
from .errors import api_error
from .openapi import spec
from .views import export_response, query_from_request

bp = Blueprint("api", __name__)


def _text(segs) -> str:
    return "".join(t for t, _ in segs)


@bp.errorhandler(QueryError)
def bad_query(exc):
    return api_error(400, "bad-parameter", str(exc))


@bp.route("/search")
def search():
    result = get_backend().search(query_from_request())
    return jsonify(
        total=result.total, page=result.query.page, per_page=result.query.per_page, pages=result.pages,
        hits=[{
            "id": h.doc_id, "source": h.source, "title": h.title, "date": h.date, "format": h.format,
            "formats": list(h.formats or (h.format,)), "score": h.score, "inspected_units": list(h.inspected_units),
            "snippet": _text(h.snippet), "highlights": [[t, m] for t, m in h.snippet],
        } for h in result.hits],
        facets={f: [{"value": v, "count": n} for v, n in vals] for f, vals in result.facets.items()},
    )


@bp.route("/findings")
def findings():
    result = get_backend().search_findings(query_from_request())
    return jsonify(
        total=result.total, page=result.query.page, per_page=result.query.per_page, pages=result.pages,
        counts=result.counts,
        hits=[{
            "kind": f.kind, "text": f.text, "span": list(f.span), "highlights": [[t, m] for t, m in f.marked],
            "document": {"id": f.doc_id, "source": f.source, "title": f.title, "date": f.date,
                         "inspected_units": list(f.inspected_units)},
        } for f in result.hits],
    )


@bp.route("/stats")
def stats():
    st = get_backend().stats(query_from_request(), request.args.get("indicator", "").strip()[:100] or None)
    return jsonify(
        documents=st.documents, indicator=st.indicator,
        findings_by_year=[{"year": y, "kind": k, "findings": n} for y, k, n in st.findings_by_year],
        documents_by_month=[{"month": m, "documents": n} for m, n in st.documents_by_month],
        top_units=[{"unit": u, "documents": n} for u, n in st.top_units],
        figures=[{"date": d, "value": v, "unit": u, "document": i} for d, v, u, i in st.figures],
    )


@bp.route("/export")
def export():
    return export_response(query_from_request(), request.args.get("table", "documents"),
                           request.args.get("output", "json"))


@bp.route("/documents/<doc_id>")
def document(doc_id: str):
    record = get_backend().get(doc_id) if doc_id.isalnum() else None
    if record is None:
        abort(404)
    return jsonify(record.to_json(text=True))


@bp.route("/units/suggest")
def unit_suggestions():
    from .units import suggestions_response
    return suggestions_response()


@bp.route("/openapi.json")
def openapi():
    return jsonify(spec())
