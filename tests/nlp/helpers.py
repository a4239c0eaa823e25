"""Shared helpers for the nlp tests: build a Document from a string and extract."""
from __future__ import annotations

from nlp.orgs import match_key

from ingest.document import Document

import nlp


def doc(text: str, **kw) -> Document:
    return Document(source="test.txt", sha256="0" * 64, format="txt", text=text, **kw)


def ex(text: str, **kw):
    return nlp.extract(doc(text, **kw))


def dates(text: str, **kw) -> list[tuple]:
    return [(d.value, d.end) for d in ex(text, **kw).dates]


def refs(text: str, **kw) -> list[tuple]:
    return [(r.type, r.number, r.symbol, r.date, r.issuer) for r in ex(text, **kw).references]


def check_spans(record) -> None:
    """Every item's span lies in the text and (for copied strings) slices to its text."""
    text = record.document.text
    for name in ("references", "dates", "figures", "findings"):
        for item in getattr(record, name):
            s, e = item.span
            assert 0 <= s <= e <= len(text), (name, item)
            assert text[s:e] == item.text, (name, item, text[s:e])
    for p in record.people:
        s, e = p.span
        assert " ".join(text[s:e].split()) == p.name
    for name in ("activity", "inspecting_bodies", "inspected_units", "organizations"):
        for m in getattr(record, name):
            s, e = m.span
            assert 0 <= s < e <= len(text), (name, m)
            # the span slices the words written: the stated name may add a place or write out an
            # abbreviation, never name other text
            written = set(match_key(text[s:e]).split())
            assert written and written <= set(match_key(m.text).split()), (name, m.text, text[s:e])
    if record.doc_number:
        s, e = record.doc_number.span
        assert text[s:e] == record.doc_number.text
