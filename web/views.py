"""Pages for people: search, findings, statistics, document, exports."""
from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from flask import (Blueprint, Response, abort, current_app, g, redirect, render_template, request, stream_with_context,
                   url_for)

from nlp.normalize import fold
from search import QueryError, nearcopy, parse
from search.filters import filter_names, for_facet
from search.facets import record_date
from search.highlight import match_spans
from search.query import to_string

import ingest
import pipeline
import search.filters

from . import annotate, charts, get_backend
from .exports import SEPARATORS, TABLES, WRITERS, export, safe_cell, stream_text
from .exports import header as column_header
from .labels import KIND_LABELS

bp = Blueprint("pages", __name__)

FACET_LABELS = {
    "inspected_unit": "Đơn vị được kiểm tra",
    "inspecting_body": "Cơ quan kiểm tra",
    "year": "Năm",
    "kind": "Loại phát hiện",
    "activity": "Hoạt động",
    "format": "Định dạng",
}
SORT_LABELS = {"relevance": "Liên quan nhất", "-date": "Mới nhất", "date": "Cũ nhất"}
TABLE_LABELS = {"documents": "văn bản", "findings": "phát hiện", "figures": "số liệu"}
SINGLE_PARAMS = ("q", "from", "to", "sort", "page", "per_page", "indicator")  # one value each


def vn_date(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = str(iso)[:10].split("-")
    return f"{d}/{m}/{y}"


def query_from_request(per_page=None, args=None):
    """The query of the request's URL (or of ``args``: a form holding the same parameters)."""
    args = request.args if args is None else args
    return parse(
        args.get("q", ""),
        **{name: args.getlist(name) for name in filter_names()},
        date_from=args.get("from") or None, date_to=args.get("to") or None,
        sort=args.get("sort") or None, page=args.get("page", 1),
        per_page=args.get("per_page") or per_page or current_app.config["PER_PAGE"],
    )


def current_state(args=None) -> dict[str, list[str]]:
    """What the request asks for, as the pages' links carry it on: the first value of each single
    parameter and the distinct values of each filter, nothing else (no stray or repeated parameters
    copied into every link). ``args``: a form holding the same parameters, instead of the URL's."""
    args = request.args if args is None else args
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
    # one value is passed as itself: a list would be written into a path part as "['findings']"
    return url_for(endpoint, **{k: v[0] if len(v) == 1 else v for k, v in args.items()})


def _facet_helpers(state: dict[str, list[str]]):
    # a page lists up to hundreds of facet values: their links are the current URL with one parameter
    # changed, built from the state and the page's path once (url_for per link took a third of a page)
    base = {k: v for k, v in state.items() if k != "page"}
    path = url_for(request.endpoint)

    def facet_url(field: str, value: str) -> str:
        param = for_facet(field).name
        values = base.get(param, [])
        args = dict(base)
        args[param] = [v for v in values if v != value] if value in values else values + [value]
        query = urlencode([(k, v) for k, vs in args.items() for v in vs], safe="!$'()*,/:;?@")
        return f"{path}?{query}" if query else path

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
    error, result, query, past_end = None, None, None, None
    try:
        query = query_from_request()
        result = compute(query)
        pages = getattr(result, "pages", None)
        if pages is not None and query.page > pages:
            # a page past the last (an old link, a typed URL): say so and show the last one
            past_end = query.page
            query = replace(query, page=pages)
            result = compute(query)
    except QueryError as exc:
        error = str(exc)
    facet_url, facet_active = _facet_helpers(state)
    return render_template(
        template, result=result, error=error, q=request.args.get("q", ""), args=request.args, state=state,
        filter_params=filter_names(), url_with=url_with, facet_url=facet_url, facet_active=facet_active,
        facet_labels=FACET_LABELS, kind_labels=KIND_LABELS, sort_labels=SORT_LABELS, table_labels=TABLE_LABELS,
        query_string=to_string(query) if query else "", past_end=past_end, **context,
    ), (400 if error else 200)


@bp.route("/")
def search_page():
    # the first FACET_SHOWN values of each facet are listed, the others up to FACET_LISTED behind "Xem thêm"
    return _page("search.html", search_with_facets, facet_shown=FACET_SHOWN)


FACET_SHOWN, FACET_LISTED = 15, 100


def search_with_facets(q):
    """The search, with facet lists whose numbers are what a click gives. Without a value chosen in a
    list, a value's count is the number of results its click gives. Once values are chosen in a list,
    a click on another one adds its documents to the results (values of one filter are ORed): that
    list then shows every value of the documents matching the other filters, the chosen ones with the
    results they hold, the others with ``+N``, the results their click adds (``g.facet_adds`` names
    these lists)."""
    backend = get_backend()
    q = replace(q, facet_size=FACET_LISTED)
    result = backend.search(q)
    facets, adds = dict(result.facets), set()
    _, active = _facet_helpers(current_state())
    for field in result.facets:
        f = for_facet(field)
        if f is None or not q.values(f.name):
            continue
        wider = backend.search(replace(q.without(f.name), page=1, per_page=1))
        inside = dict(result.facets[field])
        facets[field] = tuple((value, inside.get(value, 0) if active(field, value) else n - inside.get(value, 0))
                              for value, n in wider.facets[field])
        adds.add(field)
    g.facet_adds = adds
    field, text = request.args.get("facet", ""), request.args.get("facet_q", "").strip()[:100]
    if field in facets and text:    # a facet list narrowed by its box, without JavaScript
        needle = fold(text)
        facets[field] = tuple(row for row in facets[field] if needle in fold(row[0]))
        g.facet_narrowed = {"field": field, "text": text}
    return replace(result, facets=facets)


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
            "months_chart": charts.columns(list(st.documents_by_month), MONTHS_TITLE, months=True),
            "units_chart": charts.horizontal_bars(list(st.top_units), "Đơn vị được kiểm tra nhiều nhất"),
            "figures_chart": charts.points_over_time([(vn_date(d), v) for d, v, _, _ in st.figures],
                                                     f"Số liệu “{indicator}” theo thời gian")
            if st.figures else None,
        }

    return _page("stats.html", compute, indicator=indicator, months_title=MONTHS_TITLE)


# what the month chart counts: documents about an inspection or supervision, not inspections (several
# documents, a plan, a report and a notice, may be about one)
MONTHS_TITLE = "Văn bản về kiểm tra, giám sát theo tháng"


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
    w.writerow([column_header("stats", key) for key in header])
    kind = header.index("kind") if "kind" in header else None
    w.writerows([safe_cell(KIND_LABELS.get(cell, cell) if i == kind else cell) for i, cell in enumerate(row)]
                for row in pick(st))
    return Response(buf.getvalue(), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="kiemtra-{chart}.csv"'})


def export_response(query, table: str, fmt: str) -> Response:
    if table not in TABLES:
        raise QueryError(f"bảng “{table}” không hợp lệ (documents, findings, figures)")
    if fmt not in WRITERS:
        raise QueryError(f"định dạng xuất “{fmt}” không hợp lệ (csv, xlsx, json)")
    sep = SEPARATORS.get(request.args.get("sep", "comma"))
    if sep is None:
        raise QueryError(f"dấu phân cách “{request.args['sep']}” không hợp lệ (comma, semicolon)")
    _, binary, mime = WRITERS[fmt]
    records = get_backend().iter_records(query)
    name = f"kiemtra-{table}.{'jsonl' if fmt == 'json' else fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if binary:
        buf = io.BytesIO()
        export(table, fmt, records, buf, query.values("kind"))
        return Response(buf.getvalue(), mimetype=mime.split(";")[0], headers=headers)
    return Response(stream_with_context(stream_text(table, fmt, records, query.values("kind"), sep)),
                    content_type=mime, headers=headers)


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
    filed = record_date(record)
    return render_template("document.html", record=record, data=data, has_original=has_original,
                           paragraphs=annotate.paragraphs(record.text, spans), labels=annotate.LABELS,
                           kind_labels=KIND_LABELS, q=highlight_q, related=related, back=back_link(),
                           date=filed, date_inferred=bool(filed) and not record.published,
                           doc_number=doc_number(record), other_files=nearcopy.copies(record))


BACK_PAGES = {"/": "‹ Quay lại kết quả tìm kiếm", "/findings": "‹ Quay lại danh sách phát hiện"}


def back_link() -> tuple[str, str]:
    """Where the document page's link back leads: the results page the document was opened from,
    with its query, filters and page (the ``back`` parameter, accepted only when it is one of
    kiemtra's result pages), else the search for the highlighted words."""
    back = urlsplit(request.args.get("back", ""))
    if not back.scheme and not back.netloc and back.path in BACK_PAGES:
        return BACK_PAGES[back.path], back.path + (f"?{back.query}" if back.query else "")
    return BACK_PAGES["/"], url_for("pages.search_page", q=request.args.get("q") or None)


def doc_number(record) -> str:
    """The document's own number as written, without the ``Số:`` label the page already shows."""
    if not record.doc_number:
        return ""
    return re.sub(r"^\s*(?:s[ốô]|so)\b\s*:?\s*", "", record.doc_number.text, flags=re.I).strip() \
        or record.doc_number.text


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page says: the same icon as the pages' link."""
    return current_app.send_static_file("favicon.svg")


def accepted_formats() -> tuple[str, ...]:
    """What an upload may hold, as people know the formats: every format a reader exists for, and zip
    archives (read member by member). The type is read from the content, not the name."""
    return (*ingest.READERS, "zip")


@bp.app_context_processor
def _page_globals():
    return {"accepted_formats": accepted_formats,
            "filter_labels": {name: f.label for name, f in search.filters.FILTERS.items()}}
