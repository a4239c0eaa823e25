"""The query compiler: a ``search.Query`` as an Elasticsearch query (the conditions of SQLite's
``_where``), its sort, and the aggregations behind facets and statistics, with the requests that
read them until their counts are cut exactly as SQLite cuts them."""
from __future__ import annotations

from nlp.normalize import fold

from ..base import Query, Term
from ..filters import FILTERS
from ..query import words
from .mapping import US

TITLE_BOOST = 5.0   # as SQLite's bm25(docs_fts, 5.0, 1.0)
FACET_SIZE = 15     # values per facet field, as SQLite
HIT_SOURCE = ["sha256", "source", "title", "date", "format", "body", "inspected_units", "fk.format"]
MAX_BUCKETS = 65536  # Elasticsearch's default search.max_buckets
FIGURES_LIMIT = 2000  # figures per statistics answer, as SQLite

DOC_FIELDS = (("title_folded", TITLE_BOOST), ("body_folded", 1.0))


def _wildcard_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")


def _term_clause(t: Term, fields=DOC_FIELDS) -> dict | None:
    """Where one query term matches: all its words (or its phrase) within one of ``fields`` (the
    title or the body, as SQLite's FTS5 columns)."""
    ws = words(t.text)
    if not ws:
        return None

    def either(phrase: str) -> dict:
        return {"bool": {"should": [{"match_phrase": {f: {"query": phrase, "boost": boost}}}
                                    for f, boost in fields], "minimum_should_match": 1}}

    if t.phrase:
        return either(" ".join(ws))
    if len(ws) == 1:
        return either(ws[0])
    return {"bool": {"must": [either(w) for w in ws]}}


def _facet_filter(fields, keys, *, wildcard: bool = False) -> dict:
    if wildcard:
        match = {"bool": {"should": [{"wildcard": {"facets.key": {"value": f"*{_wildcard_escape(k)}*"}}}
                                     for k in keys], "minimum_should_match": 1}}
    else:
        match = {"terms": {"facets.key": list(keys)}}
    return {"nested": {"path": "facets", "query": {"bool": {"filter": [
        {"terms": {"facets.field": list(fields)}}, match]}}}}


def build_query(q: Query, fields=DOC_FIELDS, scored: bool = True) -> dict:
    """The bool query for ``q``'s text (searched in ``fields``) and filters: the conditions of
    SQLite's ``_where``. Works on both indices: each has ``facets`` and ``date``. Unless
    ``scored``, the text is matched in filter context too (no scores; cached per segment)."""
    must = [c for c in (_term_clause(t, fields) for t in q.positive_terms) if c]
    must_not = [c for c in (_term_clause(t, fields) for t in q.terms if t.negate) if c]
    flt: list[dict] = []
    for name, values in q.filters:
        f = FILTERS[name]
        flt.append(_facet_filter(f.fields, f.keys(values), wildcard=f.contains))
    if q.date_from or q.date_to:
        rng = {}
        if q.date_from:
            rng["gte"] = q.date_from
        if q.date_to:
            rng["lte"] = q.date_to
        flt.append({"range": {"date": rng}})
    if not (must or must_not or flt):
        return {"match_all": {}}
    if not scored:
        flt, must = must + flt, []
    return {"bool": {"must": must, "must_not": must_not, "filter": flt}}


def _sort(q: Query, scored: bool) -> list:
    if scored:
        return [{"_score": "desc"}, {"seq": "asc"}, {"sha256": "asc"}]
    order = "asc" if q.sort == "date" else "desc"
    return [{"date": {"order": order, "missing": "_last"}}, {"seq": "asc"}, {"sha256": "asc"}]


# -- facets and statistics ----------------------------------------------------------------------
def _facet_aggs(sizes: dict[str, int]) -> dict:
    """The top keys of each field by document count (ties by key)."""
    return {f"fk_{field}": {"terms": {"field": f"fk.{field}", "size": size,
                                      "order": [{"_count": "desc"}, {"_key": "asc"}]}}
            for field, size in sizes.items()}


def _regex_literal(s: str) -> str:
    return "".join(c if c.isalnum() else "\\" + c for c in s)


def _value_aggs(keys: dict[str, list[str]], per_key: int) -> dict:
    """For each field, the ``key<US>value`` pairs of the given keys in key order: the first pair of
    a key holds the smallest value shown for it (as SQLite shows it)."""
    return {f"fv_{field}": {"terms": {
        "field": f"fv.{field}", "size": max(1, len(ks) * per_key), "order": {"_key": "asc"},
        "include": "(" + "|".join(_regex_literal(k) for k in ks) + ")" + _regex_literal(US) + ".*"}}
        for field, ks in keys.items() if ks}


def _facet_rows(buckets: list[dict], other: int, values: dict[str, str],
                limit: int) -> tuple[list[tuple[str, int]], bool]:
    """``((value, count), ...)`` ordered as SQLite orders them (count desc, then the smallest value
    shown for the key), and whether that top ``limit`` is exact given the buckets returned."""
    rows = [(values.get(b["key"], b["key"]), b["doc_count"]) for b in buckets]
    rows.sort(key=lambda r: (-r[1], r[0]))
    top = rows[:limit]
    exact = other == 0 or len(top) < limit or buckets[-1]["doc_count"] < top[-1][1]
    return top, exact


def _stats_aggs(sizes: dict[str, int]) -> dict:
    """Findings per year and kind, documents reporting an activity per month, and the top keys of
    the facet fields in ``sizes``."""
    activity = {"exists": {"field": "fk.activity"}}
    return {
        "years": {"terms": {"field": "year", "size": 10_000, "order": {"_key": "asc"}}, "aggs": {
            "findings": {"nested": {"path": "findings"}, "aggs": {
                "kinds": {"terms": {"field": "findings.kind", "size": 100, "order": {"_key": "asc"}}}}}}},
        "active": {"filter": activity, "aggs": {
            "months": {"terms": {"field": "month", "size": MAX_BUCKETS, "order": {"_key": "asc"}}}}},
        **_facet_aggs(sizes)}


def read_facets(client, index: str, query: dict, sizes: dict[str, int], aggs: dict | None = None,
                limit: int = FACET_SIZE) -> dict:
    """Top ``limit`` ``(value, count)`` per field for documents of ``index`` matching ``query``,
    cut as SQLite cuts them: when values tie at the cut, ask again for more buckets until the
    ones returned hold every value that could make the cut (``aggs``: the first answer, if an
    earlier request already asked for ``_facet_aggs(sizes)``). The value shown for each key
    returned is then read in one more request."""
    sizes = dict(sizes)
    buckets: dict[str, tuple[list, int]] = {}
    while sizes:
        if aggs is None:
            aggs = client.search(index=index, query=query, size=0, track_total_hits=False,
                                 aggs=_facet_aggs(sizes))["aggregations"]
        for name in list(sizes):
            agg = aggs[f"fk_{name}"]
            buckets[name] = (agg["buckets"], agg["sum_other_doc_count"])
            _, exact = _facet_rows(*buckets[name], {}, limit)
            if exact or sizes[name] >= MAX_BUCKETS:
                sizes.pop(name)
            else:
                sizes[name] = min(MAX_BUCKETS, sizes[name] * 4)
        aggs = None
    values = read_facet_values(client, index, query, {f: [b["key"] for b in bs] for f, (bs, _) in buckets.items()})
    return {f: tuple(_facet_rows(bs, other, values[f], limit)[0]) for f, (bs, other) in buckets.items()}


def read_facet_values(client, index: str, query: dict, keys: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """``{field: {key: smallest value shown}}`` in documents of ``index`` matching ``query``."""
    values: dict[str, dict[str, str]] = {f: {} for f in keys}
    missing = {f: ks for f, ks in keys.items() if ks}
    per_key = 2
    while missing:
        aggs = client.search(index=index, query=query, size=0, track_total_hits=False,
                             aggs=_value_aggs(missing, per_key))["aggregations"]
        for name, ks in list(missing.items()):
            found = values[name]
            for b in aggs[f"fv_{name}"]["buckets"]:
                key, _, value = b["key"].partition(US)
                found.setdefault(key, value)
            if aggs[f"fv_{name}"]["sum_other_doc_count"] == 0:
                missing.pop(name)  # every pair of these keys was returned
            else:
                missing[name] = [k for k in ks if k not in found]
                if not missing[name]:
                    missing.pop(name)
        per_key *= 4
    return values


def read_figures(client, index: str, query: dict, indicator: str) -> tuple:
    """``(date, value, unit, doc_id)`` of the figures whose unit contains ``indicator`` (folded),
    in dated documents of ``index`` matching ``query``: by date, then write order; at most
    FIGURES_LIMIT. The ``figs`` keys of the documents with such a figure, paged in key order by a
    composite aggregation (an ``include`` pattern for the unit would cost more than reading past
    the documents' other figures here)."""
    key = fold(indicator).strip()
    full = {"bool": {"must": [query], "filter": [
        {"wildcard": {"figure_units": {"value": f"*{_wildcard_escape(key)}*"}}}]}}
    out: list[tuple] = []
    after = None
    while len(out) < FIGURES_LIMIT:
        composite = {"size": FIGURES_LIMIT, "sources": [{"fig": {"terms": {"field": "figs"}}}]}
        if after:
            composite["after"] = after
        agg = client.search(index=index, query=full, size=0, track_total_hits=False,
                            aggs={"figs": {"composite": composite}})["aggregations"]["figs"]
        for b in agg["buckets"]:
            date, _, _, value, unit, doc_id, unit_key = b["key"]["fig"].split(US)
            if key in unit_key:
                out.append((date, float(value), unit or None, doc_id))
        after = agg.get("after_key")
        if len(agg["buckets"]) < FIGURES_LIMIT or not after:
            break
    return tuple(out[:FIGURES_LIMIT])
