"""The unit page: one inspected unit or inspecting body, under every name the documents give it
(across the 2025 merger too); unit names as one types (``/api/units/suggest``); and, on the search
page, a unit's other names across the merger (``merger_searches``)."""
from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request, url_for

from search import QueryError
from search.base import UNIT_SUGGEST_FIELDS
from search.filters import for_facet
from search.units import linked_keys, shown_name, suggest, unit_key, unit_names, unit_profile, variants

from . import charts, get_backend
from .limits import MAX_FILTER_VALUES
from .labels import KIND_LABELS
from .views import url_with

bp = Blueprint("units", __name__)

MONTH_NAMES = {f"{m:02d}": f"Tháng {m}" for m in range(1, 13)}
DOCUMENTS_SHOWN = 100


def unit_url(name: str) -> str:
    """The page of the unit ``name`` (any of its names leads to the same page)."""
    return url_for("units.unit_page", ten=name)


@bp.route("/don-vi")
def unit_page():
    name = request.args.get("ten", "").strip()[:300]
    profile = unit_profile(get_backend(), name) if name else None
    if profile is None:
        message = (f"Không có đơn vị nào tên “{name}” trong các văn bản đã lưu (đơn vị được kiểm tra "
                   "hoặc cơ quan kiểm tra)." if name else "Chưa nêu tên đơn vị.")
        return render_template("error.html", code=404, message=message), 404
    years = sorted({y for y, _, _ in profile.findings_by_year})
    series = {k: [sum(n for y2, k2, n in profile.findings_by_year if y2 == y and k2 == k) for y in years]
              for k in KIND_LABELS}
    chart = charts.stacked_columns(years, series, KIND_LABELS, f"Phát hiện về {profile.name} theo loại và năm") \
        if years else None
    rows = [(y, [series[k][i] for k in KIND_LABELS]) for i, y in reversed(list(enumerate(years)))]
    return render_template("unit.html", unit=profile, month_names=MONTH_NAMES, kind_labels=KIND_LABELS,
                           findings_chart=chart, findings_rows=rows, documents_shown=DOCUMENTS_SHOWN,
                           names=list(profile.variants[:MAX_FILTER_VALUES]))


SUGGEST_LIMIT = (8, 20)     # names suggested: by default, at most


def suggestions_response():
    """``/api/units/suggest?q=&field=&limit=``: unit names holding ``q`` (case and diacritics aside),
    most documents first, as ``{"q", "filter", "adds", "suggestions": [{"name", "documents", "page"}]}``.

    The current search, when given (``search``: its text; its filters and dates by their names, as
    the pages take them), narrows the names to those of its documents, counted in them, as its facets
    count them; a filter on the filter a name is searched with is left out (a name picked is added to
    it: its values are ORed). When the facet's own filter has values, its list counts what a click
    adds to the results, so do the suggestions (``adds``: true), and the values chosen are not offered."""
    from werkzeug.datastructures import MultiDict

    from nlp.normalize import fold

    from .views import query_from_request

    text = request.args.get("q", "")[:100]
    field = request.args.get("field", "").strip()
    if field and field not in UNIT_SUGGEST_FIELDS:
        raise QueryError(f"field must be one of {', '.join(UNIT_SUGGEST_FIELDS)}")
    try:
        limit = int(request.args.get("limit", SUGGEST_LIMIT[0]))
    except ValueError:
        raise QueryError("limit must be a whole number") from None
    if not 1 <= limit <= SUGGEST_LIMIT[1]:
        raise QueryError(f"limit must be between 1 and {SUGGEST_LIMIT[1]}")
    # the filter a name is searched with: ``unit`` (a part of a name), or the facet's own filter
    f = for_facet(field) if field else None
    param = f.name if f else "unit"
    # the current search: its text is ``search`` here (``q`` is what is typed), paging and order aside
    args = MultiDict(request.args)
    args.setlist("q", [request.args.get("search", "")])
    for name in ("page", "per_page", "sort"):
        args.pop(name, None)
    query = query_from_request(args=args)
    chosen = query.values(param)
    adds = bool(f and chosen)
    fields = (field,) if field else None
    backend = get_backend()

    def key(name: str) -> str:
        return unit_key(name) or fold(name)

    rows: tuple = ()
    if len(text.strip()) >= 2:
        rows = suggest(backend, text, limit + len(chosen), fields, query.without(param))
        if adds:
            # as the facet list: the results a click adds, the values chosen left out (the results'
            # names are read whole: a thousand is more than the documents of a few chosen units name)
            inside = {key(name): n for name, n in suggest(backend, text, 1000, fields, query)}
            taken = {key(v) for v in chosen}
            rows = tuple((name, n - inside.get(key(name), 0)) for name, n in rows if key(name) not in taken)
        rows = rows[:limit]
    return jsonify(q=text, filter=param, adds=adds,
                   suggestions=[{"name": name, "documents": n, "page": unit_url(name)} for name, n in rows])


MERGER_FILTERS = ("unit", "inspected", "inspector")     # the filters that name units


def merger_searches(query) -> list[tuple[str, tuple[str, ...], str]]:
    """For each unit a search filters on by a whole name that the 2025 merger links to other names
    the documents give (``search.units.linked_keys``): (that name, the other names, the URL of this
    search with them added to its filter, so that the unit is found under every name)."""
    out = []
    backend = get_backend()
    for f in MERGER_FILTERS:
        values = query.values(f)
        have = {unit_key(v) for v in values}
        for v in values:
            keys = linked_keys(backend, v)
            others = [k for k in keys if k not in have]
            if len(keys) < 2 or not others:
                continue
            names = unit_names(backend)
            # unit: finds a part of a name, one name each is enough; the others match whole names
            add = [shown_name(names[k]) for k in others] if f == "unit" else \
                [n for k in others for n in variants(backend, k)]
            shown = tuple(shown_name(names[k]) for k in others)
            params = list(request.args.getlist(f)) + add
            out.append((v, shown, url_with(request.endpoint, **{f: params})))
    return out


@bp.app_context_processor
def _unit_links():
    return {"unit_url": unit_url, "merger_searches": merger_searches}
