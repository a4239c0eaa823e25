"""Pages for people: search, findings, statistics, document, exports."""
from __future__ import annotations

import io
from pathlib import Path

from flask import (Blueprint, Response, abort, current_app, redirect, render_template, request, stream_with_context,
                   url_for)

from search import QueryError, parse
from search.filters import filter_names, for_facet
from search.highlight import match_spans
from search.query import to_string

import pipeline

from . import annotate, charts, get_backend
from .exports import TABLES, WRITERS, export, safe_cell, stream_text

bp = Blueprint("pages", __name__)

FACET_LABELS = {
    "inspected_unit": "Đơn vị được kiểm tra",
    "inspecting_body": "Cơ quan kiểm tra",
    "year": "Năm",
    "kind": "Loại phát hiện",
    "activity": "Hoạt động",
    "format": "Định dạng",
}
KIND_LABELS = {"strength": "Ưu điểm", "limitation": "Hạn chế", "recommendation": "Kiến nghị"}
SORT_LABELS = {"relevance": "Liên quan nhất", "-date": "Mới nhất", "date": "Cũ nhất"}
TABLE_LABELS = {"documents": "văn bản", "findings": "phát hiện", "figures": "số liệu"}
SINGLE_PARAMS = ("q", "from", "to", "sort", "page", "per_page", "indicator")  # one value each


def vn_date(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = str(iso)[:10].split("-")
    return f"{d}/{m}/{y}"


def query_from_request(per_page=None):
    args = request.args
    return parse(
        args.get("q", ""),
        **{name: args.getlist(name) for name in filter_names()},
        date_from=args.get("from") or None, date_to=args.get("to") or None,
        sort=args.get("sort") or None, page=args.get("page", 1),
        per_page=args.get("per_page") or per_page or current_app.config["PER_PAGE"],
    )


def current_state() -> dict[str, list[str]]:
    """What the request asks for, as the pages' links carry it on: the first value of each single
    parameter and the distinct values of each filter, nothing else (no stray or repeated parameters
    copied into every link)."""
    args = request.args
    state = {name: [args[name]] for name in SINGLE_PARAMS if args.get(name)}
    for name in filter_names():
        values = list(dict.fromkeys(v for v in args.getlist(name) if v))
        if values:
            state[name] = values
    return state


def url_with(endpoint: str, drop=("page",), **changes) -> str:
    """The current request's URL for ``endpoint`` with some parameters changed."""
    args = current_state()
    for key in drop:
        args.pop(key, None)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value if isinstance(value, list) else [str(value)]
    return url_for(endpoint, **args)


def _facet_helpers(state: dict[str, list[str]]):
    def facet_url(field: str, value: str) -> str:
        param = for_facet(field).name
        values = state.get(param, [])
        new = [v for v in values if v != value] if value in values else values + [value]
        return url_with(request.endpoint, **{param: new})

    def facet_active(field: str, value: str) -> bool:
        return value in state.get(for_facet(field).name, ())

    return facet_url, facet_active


def _without_removed(state: dict[str, list[str]]) -> dict[str, list[str]]:
    """The filters after the chips' ``remove=<parameter>:<value>`` (the active filters are one form
    holding the state once, each chip a button, rather than one link per chip holding every other
    filter: that made a page's size grow with the square of its filters)."""
    changes: dict[str, list[str]] = {}
    for item in request.args.getlist("remove"):
        name, _, value = item.partition(":")
        if name in filter_names():
            changes[name] = [v for v in changes.get(name, state.get(name, [])) if v != value]
    return changes


def _page(template: str, compute, **context):
    state = current_state()
    if "remove" in request.args:
        return redirect(url_with(request.endpoint, **_without_removed(state)), 303)
    error, result, query = None, None, None
    try:
        query = query_from_request()
        result = compute(query)
    except QueryError as exc:
        error = str(exc)
    facet_url, facet_active = _facet_helpers(state)
    return render_template(
        template, result=result, error=error, q=request.args.get("q", ""), args=request.args, state=state,
        filter_params=filter_names(), url_with=url_with, facet_url=facet_url, facet_active=facet_active,
        facet_labels=FACET_LABELS, kind_labels=KIND_LABELS, sort_labels=SORT_LABELS, table_labels=TABLE_LABELS,
        query_string=to_string(query) if query else "", **context,
    ), (400 if error else 200)


@bp.route("/")
def search_page():
    return _page("search.html", lambda q: get_backend().search(q))


@bp.route("/findings")
def findings_page():
    return _page("findings.html", lambda q: get_backend().search_findings(q))


@bp.route("/stats")
def stats_page():
    indicator = request.args.get("indicator", "").strip()[:100]

    def compute(q):
        st = get_backend().stats(q, indicator or None)
        years = sorted({y for y, _, _ in st.findings_by_year})
        series = {k: [sum(n for y2, k2, n in st.findings_by_year if y2 == y and k2 == k) for y in years]
                  for k in KIND_LABELS}
        return {
            "stats": st,
            "findings_chart": charts.stacked_columns(years, series, KIND_LABELS, "Phát hiện theo loại và năm"),
            "months_chart": charts.columns(list(st.documents_by_month), "Số cuộc kiểm tra, giám sát theo tháng"),
            "units_chart": charts.horizontal_bars(list(st.top_units), "Đơn vị được kiểm tra nhiều nhất"),
            "figures_chart": charts.points_over_time([(vn_date(d), v) for d, v, _, _ in st.figures],
                                                     f"Số liệu “{indicator}” theo thời gian")
            if st.figures else None,
        }

    return _page("stats.html", compute, indicator=indicator)


STATS_DATA = {
    "findings": (("year", "kind", "findings"), lambda st: st.findings_by_year),
    "months": (("month", "documents"), lambda st: st.documents_by_month),
    "units": (("inspected_unit", "documents"), lambda st: st.top_units),
    "figures": (("date", "value", "unit", "document"), lambda st: st.figures),
}


@bp.route("/stats/<chart>.csv")
def stats_data(chart: str):
    if chart not in STATS_DATA:
        abort(404)
    try:
        st = get_backend().stats(query_from_request(), request.args.get("indicator", "").strip()[:100] or None)
    except QueryError as exc:
        return Response(str(exc), status=400, mimetype="text/plain")
    import csv

    header, pick = STATS_DATA[chart]
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows([safe_cell(cell) for cell in row] for row in pick(st))
    return Response(buf.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="kiemtra-{chart}.csv"'})


def export_response(query, table: str, fmt: str) -> Response:
    if table not in TABLES:
        raise QueryError(f"bảng “{table}” không hợp lệ (documents, findings, figures)")
    if fmt not in WRITERS:
        raise QueryError(f"định dạng xuất “{fmt}” không hợp lệ (csv, xlsx, json)")
    _, binary, mime = WRITERS[fmt]
    records = get_backend().iter_records(query)
    name = f"kiemtra-{table}.{'jsonl' if fmt == 'json' else fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if binary:
        buf = io.BytesIO()
        export(table, fmt, records, buf, query.values("kind"))
        return Response(buf.getvalue(), mimetype=mime.split(";")[0], headers=headers)
    return Response(stream_with_context(stream_text(table, fmt, records, query.values("kind"))), mimetype=mime,
                    headers=headers)


@bp.route("/export")
def export_download():
    try:
        return export_response(query_from_request(), request.args.get("table", "documents"),
                               request.args.get("output", "csv"))
    except QueryError as exc:
        return render_template("error.html", code=400, message=f"Yêu cầu xuất không hợp lệ: {exc}"), 400


@bp.route("/doc/<doc_id>")
def document_page(doc_id: str):
    if not doc_id.isalnum() or len(doc_id) > 128:
        abort(404)
    backend = get_backend()
    record = backend.get(doc_id)
    if record is None:
        abort(404)
    highlight_q = request.args.get("q", "")
    spans = annotate.item_spans(record)
    try:
        spans += [(s, e, "match") for s, e in match_spans(record.text, parse(highlight_q))] if highlight_q else []
    except QueryError:
        pass
    data = record.to_json()
    related = {}
    for r in data["references"][:5]:
        key = f"{r['number']}-{r['symbol']}" if r["symbol"] else r["number"]
        res = backend.search(parse("", ref=[key], per_page=6, sort="-date"))
        others = [h for h in res.hits if h.doc_id != doc_id][:5]
        if others:
            related[f"{r['type'] or 'Văn bản'} {key}"] = (key, others)
    for unit in data["inspected_units"][:3]:
        res = backend.search(parse("", unit=[unit], per_page=6, sort="-date"))
        others = [h for h in res.hits if h.doc_id != doc_id][:5]
        if others:
            related[unit] = (None, others)
    has_original = pipeline.originals.may_exist(Path(current_app.config["STORAGE"]), record)
    return render_template("document.html", record=record, data=data, has_original=has_original,
                           paragraphs=annotate.paragraphs(record.text, spans), labels=annotate.LABELS,
                           kind_labels=KIND_LABELS, q=highlight_q, related=related)
