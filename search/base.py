"""The Backend protocol every index implements, and the value types it speaks.

Backends take and return these plain objects only: no rows, cursors or engine hits leak out.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator, Protocol, Sequence, runtime_checkable

from nlp.record import Record

FACET_FIELDS = ("inspected_unit", "inspecting_body", "year", "kind", "activity", "format")


class IndexUnavailable(Exception):
    """The index cannot be reached or opened; ``reason`` is shown to people."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class QueryError(ValueError):
    """A query or parameter a person gave is malformed; the message says how."""


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False
    negate: bool = False


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...] = ()
    # (filter name, its values) for each filter given, in the order of search.filters.FILTERS
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"  # relevance | date | -date
    page: int = 1
    per_page: int = 20
    facet_size: int = 15  # values listed per facet field (the pages ask for more, behind "xem thêm")
    snippets: bool = True  # hits with a snippet of their text (a list that shows none reads no text)

    @property
    def positive_terms(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.negate)

    def values(self, name: str) -> tuple[str, ...]:
        """The values of the filter ``name`` (``()`` when not given)."""
        return next((v for n, v in self.filters if n == name), ())

    def without(self, name: str) -> "Query":
        """This query without the filter ``name``."""
        return replace(self, filters=tuple((n, v) for n, v in self.filters if n != name))

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.filters or self.date_from or self.date_to)


@dataclass(frozen=True)
class Hit:
    doc_id: str
    source: str
    title: str | None
    date: str | None
    format: str
    snippet: tuple[tuple[str, bool], ...]  # (text, is_match) segments, unescaped
    score: float = 0.0
    inspected_units: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()     # every file's format, when the report is held in several (its own first)


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: tuple[Hit, ...]
    query: Query
    facets: dict = field(default_factory=dict)  # field -> tuple[(value, count), ...]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


@dataclass(frozen=True)
class FindingHit:
    """One finding (a sentence or clause) with the document it comes from."""

    doc_id: str
    source: str
    title: str | None
    date: str | None
    kind: str
    text: str
    span: tuple[int, int]
    inspected_units: tuple[str, ...] = ()
    marked: tuple[tuple[str, bool], ...] = ()  # ``text`` as (segment, is_match) pieces


@dataclass(frozen=True)
class FindingsResult:
    total: int
    hits: tuple[FindingHit, ...]
    query: Query
    counts: dict = field(default_factory=dict)  # kind -> number of matching findings

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


@dataclass(frozen=True)
class Stats:
    """Aggregates over the documents matching a query, for the statistics page and API."""

    documents: int
    findings_by_year: tuple[tuple[str, str, int], ...]      # (year, kind, findings)
    documents_by_month: tuple[tuple[str, int], ...]         # (YYYY-MM, documents with an activity)
    top_units: tuple[tuple[str, int], ...]                  # (inspected unit, documents)
    figures: tuple[tuple[str, float, str, str], ...] = ()   # (date, value, unit, doc_id) for `indicator`
    indicator: str | None = None


@dataclass(frozen=True)
class Summary:
    """Aggregates over the documents matching any of several queries (``Backend.summary``): a unit's
    page counts the documents where it is the inspected unit or the inspecting body with it."""

    documents: int
    months: tuple[tuple[str, int], ...]                 # (YYYY-MM, documents), in order; undated ones under ""
    # (type, number, symbol, documents citing it): one row per reference key (the ``ref`` facet key,
    # ``filters.ref_key`` of number and symbol), as the documents write it most often (ties: the
    # smallest (type, number, symbol)); most documents first, ties by key
    references: tuple[tuple[str, str, str, int], ...]


@dataclass(frozen=True)
class FileEntry:
    """One line of the ingest manifest: a path seen by a batch and what became of it."""

    path: str
    sha256: str | None
    size: int | None
    format: str | None
    status: str  # indexed | failed
    error: str | None = None
    updated: str | None = None


@dataclass(frozen=True)
class StoredItem:
    """One thing people keep beside the documents (``Backend.put_item``)."""

    kind: str
    key: str
    value: dict
    updated: str


@runtime_checkable
class Backend(Protocol):
    url: str

    def upsert(self, records: Iterable[Record], *, refresh: bool = True) -> int: ...
    def refresh(self) -> None: ...
    def get(self, doc_id: str) -> Record | None: ...
    # the records of ``doc_ids`` the index holds, in one request (absent ones are left out)
    def get_many(self, doc_ids: Sequence[str]) -> dict[str, Record]: ...
    def delete(self, doc_id: str) -> bool: ...
    def count(self) -> int: ...
    def search(self, query: Query) -> SearchResult: ...
    def iter_records(self, query: Query | None = None) -> Iterator[Record]: ...
    def search_findings(self, query: Query) -> FindingsResult: ...
    def stats(self, query: Query, indicator: str | None = None) -> Stats: ...
    # counted in the index over the documents matching any of ``queries`` (their words, filters and
    # dates): how many, per month, and the references they cite (the ``references`` cited by most)
    def summary(self, queries: tuple[Query, ...], references: int = 100) -> Summary: ...
    def record_file(self, entry: FileEntry) -> None: ...
    def record_files(self, entries: Iterable[FileEntry]) -> None: ...
    def file(self, path: str) -> FileEntry | None: ...
    def files(self, status: str | None = None) -> list[FileEntry]: ...
    # for each of ``texts``, the documents that may be the same report in another file
    # (``search.nearcopy``), the most shared first; all of them in one request
    def near_copies(self, texts: Sequence[str], limit: int = 10) -> list[list[str]]: ...
    # what people keep beside the documents (saved searches, corrections): JSON objects by kind and key,
    # kept apart from the documents so that re-ingest and reindex leave them as they are
    def put_item(self, kind: str, key: str, value: dict) -> None: ...
    def item(self, kind: str, key: str) -> dict | None: ...
    def items(self, kind: str) -> list[StoredItem]: ...
    def delete_item(self, kind: str, key: str) -> bool: ...
    # the item made anew from what it holds, in one step: ``change(value or None)`` gives its new value
    # (``None`` deletes it) and is called again if someone else wrote the item meanwhile, so two
    # updates of one item at once are both kept (threads, processes, servers); an exception raised by
    # ``change`` leaves the item as it was. Returns the value written.
    def update_item(self, kind: str, key: str,
                    change: Callable[[dict | None], dict | None]) -> dict | None: ...
    # the documents matching ``query`` written in the index at or after ``since`` (ISO UTC time, as
    # ``indexed_at`` is kept: the last time the document's record was written, by ingest or re-ingest;
    # a reindex keeps it), as ``(doc_id, indexed_at)``, the most recently written first; at most ``limit``
    def indexed_since(self, query: Query, since: str | None = None,
                      limit: int = 50) -> list[tuple[str, str]]: ...
    def close(self) -> None: ...

    # -- unit names as one types (autocompletion) -------------------------------------------------
    # The names of ``fields`` (inspected units and inspecting bodies by default) whose folded facet
    # key holds ``suggestion_needle(text)`` (``ha giang`` finds ``Tỉnh đoàn Hà Giang``), as
    # ``(value shown, documents)``, most documents first, then by value; at most ``limit``. Over
    # every document, without counting any facet: fast enough for each key a person types. With a
    # ``query`` (not empty), only the names of the documents matching it, counted in them (as the
    # search's facets count them).
    def unit_suggestions(self, text: str, limit: int = 10, fields: tuple[str, ...] | None = None,
                         query: Query | None = None) -> tuple[tuple[str, int], ...]: ...


@dataclass(frozen=True)
class Reindexed:
    """What a ``reindex()`` did: the documents and findings copied from the ``old`` indices into
    the ``new`` ones (index names), which now serve the index's name."""

    documents: int
    findings: int
    seconds: float
    old: tuple[str, ...]
    new: tuple[str, ...]
    kept: tuple[str, ...] = ()          # old indices kept (read-only) instead of deleted
    from_version: object = None         # the old indices' mapping version
    to_version: object = None


@runtime_checkable
class Reindexable(Protocol):
    """A backend that can rebuild its index behind the name it is served from, while serving
    searches (Elasticsearch). Backends without it keep their derived data current by themselves."""

    def reindex(self, keep_old: bool = False,
                progress: Callable[[int, int], None] | None = None) -> Reindexed: ...


# -- unit names as one types (``Backend.unit_suggestions``) ----------------------------------------
UNIT_SUGGEST_FIELDS = ("inspected_unit", "inspecting_body")


def suggestion_needle(text: str) -> str:
    """What a typed text is looked for as, inside the folded facet keys (``search.facets``: keys are
    ``fold(value)``): folded, spaces collapsed, at most 100 characters."""
    from ingest.text import nfc
    from nlp.normalize import fold

    return " ".join(fold(nfc(text or "")[:100]).split())


def top_suggestions(rows, limit: int) -> tuple[tuple[str, int], ...]:
    """``(value, documents)`` rows, most documents first, then by value; the first ``limit``."""
    return tuple(sorted(rows, key=lambda r: (-r[1], r[0]))[:max(0, limit)])
