"""The extraction Record (see ../shared/record-schema.md) and its items.

Every item keeps ``span = (start, end)``: character offsets into ``Record.document.text``.
``to_json()`` produces the schema's fields in the schema's order, plus added fields
(``doc_id``, ``spans`` for the string-list fields, ``meta``).
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from ingest.document import Document

Span = tuple[int, int]


@dataclass(frozen=True)
class Mention:
    """A unit, organization or activity: ``text`` is the name as the record states it (possibly
    completed with a place), ``span`` where it is written in the document."""

    text: str
    span: Span


@dataclass(frozen=True)
class DocNumber:
    text: str
    number: str
    symbol: str
    type: str | None
    span: Span


@dataclass(frozen=True)
class Reference:
    text: str
    type: str | None
    number: str
    symbol: str
    date: str | None
    issuer: str | None
    span: Span


@dataclass(frozen=True)
class DateItem:
    text: str
    value: str
    end: str | None
    span: Span


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None
    span: Span


@dataclass(frozen=True)
class Figure:
    text: str
    value: float | int
    unit: str | None
    span: Span


@dataclass(frozen=True)
class Finding:
    kind: str  # strength | limitation | recommendation
    text: str
    span: Span


FINDING_KINDS = ("strength", "limitation", "recommendation")
ACTIVITIES = ("kiểm tra", "giám sát")
_MENTION_FIELDS = ("activity", "inspecting_bodies", "inspected_units", "organizations")


def _unique_texts(mentions) -> list[str]:
    seen: dict[str, None] = {}
    for m in mentions:
        seen.setdefault(m.text, None)
    return list(seen)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _item(obj) -> dict:
    """``asdict(obj)`` with ``span`` as a list (items hold only plain values, so no deep copy)."""
    names = _FIELD_NAMES.get(type(obj))
    if names is None:
        names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in fields(obj))
    d = {name: getattr(obj, name) for name in names}
    d["span"] = list(obj.span)
    return d


@dataclass(frozen=True)
class Record:
    document: Document
    title: str | None = None
    published: str | None = None
    doc_number: DocNumber | None = None
    activity: tuple[Mention, ...] = ()
    inspecting_bodies: tuple[Mention, ...] = ()
    inspected_units: tuple[Mention, ...] = ()
    organizations: tuple[Mention, ...] = ()
    references: tuple[Reference, ...] = ()
    dates: tuple[DateItem, ...] = ()
    people: tuple[Person, ...] = ()
    figures: tuple[Figure, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def doc_id(self) -> str:
        return self.document.sha256

    @property
    def text(self) -> str:
        return self.document.text

    def to_json(self, *, text: bool = False) -> dict:
        doc = self.document
        out: dict = {
            "source": doc.source,
            "sha256": doc.sha256,
            "format": doc.format,
            "title": self.title,
            "published": self.published,
            "doc_number": _item(self.doc_number) if self.doc_number else None,
        }
        for name in _MENTION_FIELDS:
            out[name] = _unique_texts(getattr(self, name))
        for name in ("references", "dates", "people", "figures", "findings"):
            out[name] = [_item(x) for x in getattr(self, name)]
        out["spans"] = {
            name: [{"text": m.text, "span": list(m.span)} for m in getattr(self, name)]
            for name in _MENTION_FIELDS
        }
        out["meta"] = dict(doc.meta)
        if text:
            out["text"] = doc.text
        return out

    @classmethod
    def from_json(cls, data: dict, text: str) -> "Record":
        """Rebuild a Record from ``to_json()`` output and the document text (index round trip)."""
        doc = Document(
            source=data["source"], sha256=data["sha256"], format=data["format"], text=text,
            title=data.get("title"), published=data.get("published"), meta=data.get("meta") or {},
        )

        def items(kind, rows):
            names = {f.name for f in fields(kind)}
            return tuple(kind(**{**{k: v for k, v in r.items() if k in names},
                                 "span": tuple(r["span"])}) for r in rows or ())

        spans = data.get("spans") or {}
        mentions = {
            name: tuple(Mention(m["text"], tuple(m["span"])) for m in spans.get(name, ()))
            for name in _MENTION_FIELDS
        }
        dn = data.get("doc_number")
        return cls(
            document=doc, title=data.get("title"), published=data.get("published"),
            doc_number=items(DocNumber, [dn])[0] if dn else None,
            references=items(Reference, data.get("references")),
            dates=items(DateItem, data.get("dates")),
            people=items(Person, data.get("people")),
            figures=items(Figure, data.get("figures")),
            findings=items(Finding, data.get("findings")),
            **mentions,
        )
