"""Saved searches: a search kept under a name, and what is new for it.

A saved search keeps what its page's URL held (``params``: the query, filters, dates and order, as
``web.views.current_state`` reads them) and which page it was (``view``: the documents' search or the
findings), plus the query as one string (``search.query.to_string``), which ``search.query.parse``
reads back to the same query without the web layer. It is kept beside the documents
(``Backend.put_item``, kind ``saved-search``), so re-ingest and reindex leave it as it is.

What is new for it are the documents matching it by the time their record was written in the index
(``Backend.indexed_since``: ``indexed_at``, kept by both backends; a re-ingest with ``--force`` writes
a record again, so its document is new again). Its feed lists the most recently written of them.
``kiemtra alerts`` lists those written since its last run: what a run has seen is kept in the index
too (kind ``saved-search-seen``: the newest ``indexed_at`` seen and the documents seen within
``OVERLAP`` seconds before it, so that a document written just before a run but searchable only after
it, as a long write or Elasticsearch's refresh can make it, is still reported, and only once). Saving
a search marks what matches it already as seen: its alerts start from then.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

from ingest.messages import msg
from ingest.text import nfc

from .base import Backend, Query
from .highlight import match_spans
from .query import SORTS, parse, to_string

KIND = "saved-search"
SEEN_KIND = "saved-search-seen"
VIEWS = ("search", "findings")
NAME_MAX = 200
OVERLAP = 120            # seconds before the newest document seen that a run looks at again
FEED_LIMIT = 50          # entries in a feed
ALERT_LIMIT = 10_000     # documents a run of the alerts reads at most, per saved search
FINDINGS_SHOWN = 10      # findings listed per document


class SavedSearchError(ValueError):
    """What a person gave cannot be saved; ``code`` for machines, the message (Vietnamese) for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class SavedSearch:
    key: str
    name: str
    view: str                              # search | findings
    params: dict                           # URL parameter -> its values, as the page's URL held them
    query: str                             # search.query.to_string of the search
    sort: str
    created: str                           # ISO UTC time

    def as_query(self, **params) -> Query:
        """The search, as ``search.query.parse`` reads it back (``params``: paging and the like)."""
        return parse(self.query, sort=self.sort, **params)

    def value(self) -> dict:
        return {"name": self.name, "view": self.view, "params": self.params, "query": self.query,
                "sort": self.sort, "created": self.created}

    @classmethod
    def from_value(cls, key: str, value: dict) -> "SavedSearch":
        return cls(key=key, name=value.get("name") or key, view=value.get("view") if value.get("view") in VIEWS
                   else "search", params={k: list(v) for k, v in (value.get("params") or {}).items()},
                   query=value.get("query") or "", sort=value.get("sort") if value.get("sort") in SORTS
                   else "relevance", created=value.get("created") or "")


@dataclass(frozen=True)
class NewDocument:
    """A document matching a saved search, with when its record was written in the index and the
    findings of it that match the search (kind filter and words)."""

    doc_id: str
    indexed_at: str
    title: str | None
    source: str
    published: str | None
    inspected_units: tuple[str, ...]
    findings: tuple[tuple[str, str], ...]   # (kind, text)

    def as_json(self) -> dict:
        return {"id": self.doc_id, "indexed_at": self.indexed_at, "title": self.title, "source": self.source,
                "published": self.published, "inspected_units": list(self.inspected_units),
                "findings": [{"kind": k, "text": t} for k, t in self.findings]}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def valid_key(key: str) -> bool:
    return 1 <= len(key) <= 32 and all(c in "0123456789abcdef" for c in key)


def save(backend: Backend, name: str, view: str, params: dict, query: Query) -> SavedSearch:
    """Keep a search under ``name`` (a new key each time: two searches may share a name)."""
    name = " ".join(nfc(name or "").split())
    if not name:
        raise SavedSearchError("name-missing", msg("saved-search-name-missing"))
    if len(name) > NAME_MAX:
        raise SavedSearchError("name-too-long", msg("saved-search-name-too-long", limit=NAME_MAX))
    if view not in VIEWS:
        raise SavedSearchError("bad-view", msg("saved-search-bad-view"))
    key = secrets.token_hex(6)
    while backend.item(KIND, key) is not None:        # 48 bits: a clash is for the tests of a clash
        key = secrets.token_hex(6)
    keep = {k: [str(v) for v in vs] for k, vs in params.items() if k not in ("page", "per_page") and vs}
    saved = SavedSearch(key, name, view, keep, to_string(query), query.sort, _now())
    backend.put_item(KIND, key, saved.value())
    _seen(backend, saved, commit=True)               # its alerts start from now
    return saved


def load(backend: Backend, key: str) -> SavedSearch | None:
    if not valid_key(key):
        return None
    value = backend.item(KIND, key)
    return SavedSearch.from_value(key, value) if value is not None else None


def listed(backend: Backend) -> list[SavedSearch]:
    """Every saved search, the most recently saved first."""
    found = [SavedSearch.from_value(i.key, i.value) for i in backend.items(KIND)]
    return sorted(found, key=lambda s: (s.created, s.key), reverse=True)


def delete(backend: Backend, key: str) -> bool:
    if not valid_key(key):
        return False
    backend.delete_item(SEEN_KIND, key)
    return backend.delete_item(KIND, key)


def _documents(backend: Backend, saved: SavedSearch, rows: list[tuple[str, str]]) -> list[NewDocument]:
    q = saved.as_query()
    kinds = set(q.values("kind"))
    terms = [replace(q, terms=(t,)) for t in q.positive_terms]
    out = []
    for doc_id, at in rows:
        rec = backend.get(doc_id)
        if rec is None:                               # deleted meanwhile
            continue
        findings = tuple((f.kind, f.text) for f in rec.findings
                         if (not kinds or f.kind in kinds) and all(match_spans(f.text, t, 1) for t in terms))
        out.append(NewDocument(doc_id, at, rec.title, rec.document.source, rec.published,
                               tuple(m.text for m in rec.inspected_units), findings[:FINDINGS_SHOWN]))
    return out


def recent(backend: Backend, saved: SavedSearch, limit: int = FEED_LIMIT) -> list[NewDocument]:
    """The documents matching ``saved`` most recently written in the index, newest first (its feed)."""
    return _documents(backend, saved, backend.indexed_since(saved.as_query(), None, limit))


def _back(iso: str, seconds: int) -> str:
    t = datetime.fromisoformat(iso) - timedelta(seconds=seconds)
    return t.astimezone(timezone.utc).isoformat(timespec="seconds")


def _seen(backend: Backend, saved: SavedSearch, *, commit: bool) -> list[tuple[str, str]]:
    """The documents matching ``saved`` written since the last run, newest first (none at the first
    look, when it is saved: what matches already is not news); with ``commit``, remembered as seen."""
    q = saved.as_query()
    state = backend.item(SEEN_KIND, saved.key)
    if state is None:
        first = backend.indexed_since(q, None, 1)
        newest, ids = (first[0][1] if first else saved.created), set()
    else:
        newest, ids = state.get("newest") or saved.created, set(state.get("ids") or ())
    rows = backend.indexed_since(q, _back(newest, OVERLAP), ALERT_LIMIT)
    new = [] if state is None else [(d, at) for d, at in rows if d not in ids]
    if commit:
        top = max([newest, *(at for _, at in rows)])
        edge = _back(top, OVERLAP)
        backend.put_item(SEEN_KIND, saved.key, {"newest": top, "ids": [d for d, at in rows if at >= edge],
                                                "run": _now()})
    return new


def news(backend: Backend, saved: SavedSearch, *, commit: bool = True) -> list[NewDocument]:
    """What is new for ``saved`` since the last run (``kiemtra alerts``), newest first; with ``commit``
    it is remembered as seen, so the next run does not list it again."""
    return _documents(backend, saved, _seen(backend, saved, commit=commit))
