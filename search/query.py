"""Query syntax, parsed once above the backends.

    kiểm tra "phần mềm quản lý" -thi đua unit:"Huyện đoàn Yên Khánh" ref:383-KH/UBKT
    kind:limitation from:2022-01 to:2023 year:2022 activity:"giám sát" format:pdf

Bare words must all match (diacritics and case folded); ``"..."`` is a phrase; ``-`` excludes.
The filters (``key:value``) and their Vietnamese keys are declared in ``search.filters``;
``from:``/``to:`` take ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``dd/mm/yyyy`` and are inclusive.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ingest.text import nfc
from nlp.normalize import fold

from . import filters as registry
from .base import Query, QueryError, Term
from .filters import date_bound, whole_number

SORTS = ("relevance", "date", "-date")
MAX_PER_PAGE = 100
MAX_PAGE = 10_000

_TOKEN = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))')


def parse(text: str | None, **params) -> Query:
    """Parse the query string; ``params`` (from a form or the API: each filter's name, ``date_from``,
    ``date_to``, ``sort``, ``page``, ``per_page``) add filters and paging."""
    text = nfc(text or "").strip()
    if len(text) > 1000:
        raise QueryError("truy vấn quá dài (tối đa 1000 ký tự)")
    terms: list[Term] = []
    given: dict[str, list[str]] = {}
    bounds: dict[str, str] = {}
    for m in _TOKEN.finditer(text):
        neg, key, quoted, bare = m.group(1) == "-", m.group(2) or "", m.group(3), m.group(4)
        value = (quoted if quoted is not None else bare or "").strip()
        entry = registry.by_key(key) if key else None
        if entry is not None and not value:
            continue
        if isinstance(entry, registry.Filter):
            given.setdefault(entry.name, []).append(entry.canonical(value))
        elif isinstance(entry, registry.Bound):
            bounds[entry.name] = entry.canonical(value)
        else:
            whole = m.group(0).lstrip("-") if key else value
            if key and quoted is not None:
                whole = f"{key}:{quoted}"
            if not re.search(r"\w", whole):
                continue
            terms.append(Term(whole, phrase=quoted is not None and not key, negate=neg))
    q = Query(terms=tuple(terms), filters=_ordered(given),
              date_from=bounds.get("from"), date_to=bounds.get("to"))
    return with_params(q, **params)


def _ordered(given: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each filter's distinct values, filters in the registry's order."""
    return tuple((name, tuple(dict.fromkeys(given[name]))) for name in registry.FILTERS
                 if given.get(name))


def with_params(q: Query, *, date_from=None, date_to=None, sort=None, page=None, per_page=None,
                **values) -> Query:
    """Merge form/API parameters (strings or lists of strings; each filter by its name) into a
    parsed query."""
    def many(v):
        return [v] if isinstance(v, (str, int)) else [x for x in v if x]

    unknown = [name for name in values if name not in registry.FILTERS]
    if unknown:
        raise TypeError(f"unknown filter parameters: {unknown}")
    given = {name: list(vals) for name, vals in q.filters}
    for name, vals in values.items():
        f = registry.FILTERS[name]
        given.setdefault(name, []).extend(f.canonical(str(v)) for v in many(vals))
    changes: dict = {"filters": _ordered(given)}
    if date_from:
        changes["date_from"] = date_bound(date_from, end=False)
    if date_to:
        changes["date_to"] = date_bound(date_to, end=True)
    if sort:
        if sort not in SORTS:
            raise QueryError(f"sắp xếp “{sort}” không hợp lệ (relevance, date, -date)")
        changes["sort"] = sort
    if page is not None:
        changes["page"] = whole_number(page, "page", 1, MAX_PAGE)
    if per_page is not None:
        changes["per_page"] = whole_number(per_page, "per_page", 1, MAX_PER_PAGE)
    q = replace(q, **changes)
    if q.date_from and q.date_to and q.date_from > q.date_to:
        raise QueryError("ngày bắt đầu sau ngày kết thúc")
    return q


def words(text: str) -> list[str]:
    """The folded index words of a text, as both backends tokenize it."""
    return re.findall(r"[^\W_]+", fold(text))


def to_string(q: Query) -> str:
    """A query string that parses back to the same query's text and filters (for links)."""
    def quote(v: str) -> str:
        return f'"{v}"' if re.search(r"\s", v) else v

    parts = [("-" if t.negate else "") + (f'"{t.text}"' if t.phrase else t.text) for t in q.terms]
    parts += [f"{name}:{quote(str(v))}" for name, values in q.filters for v in values]
    if q.date_from:
        parts.append(f"from:{q.date_from}")
    if q.date_to:
        parts.append(f"to:{q.date_to}")
    return " ".join(parts)
