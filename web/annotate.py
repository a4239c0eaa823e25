"""The document text cut into paragraphs of labelled pieces, from the record's offsets: every
extracted item (and every search match) becomes a class on the characters it covers."""
from __future__ import annotations

from collections import Counter

from nlp.record import Record

from .labels import KIND_LABELS

LABELS = {
    "ref": "Văn bản trích dẫn", "date": "Ngày", "person": "Người", "figure": "Số liệu",
    "body": "Cơ quan kiểm tra", "unit": "Đơn vị được kiểm tra", "org": "Tổ chức",
    **KIND_LABELS, "match": "Từ khóa",
}


def item_spans(rec: Record) -> list[tuple[int, int, str]]:
    spans = [(*r.span, "ref") for r in rec.references]
    spans += [(*d.span, "date") for d in rec.dates]
    spans += [(*p.span, "person") for p in rec.people]
    spans += [(*f.span, "figure") for f in rec.figures]
    spans += [(*m.span, "org") for m in rec.organizations]
    spans += [(*m.span, "body") for m in rec.inspecting_bodies]
    spans += [(*m.span, "unit") for m in rec.inspected_units]
    spans += [(*f.span, f.kind) for f in rec.findings]
    if rec.doc_number:
        spans.append((*rec.doc_number.span, "ref"))
    return spans


def paragraphs(text: str, spans: list[tuple[int, int, str]]) -> list[list[tuple[str, tuple[str, ...]]]]:
    """``[[(piece, labels), ...] per line]``; labels sorted, empty for plain text."""
    n = len(text)
    events: dict[int, list[tuple[int, str]]] = {}
    for s, e, label in spans:
        s, e = max(0, s), min(n, e)
        if s < e:
            events.setdefault(s, []).append((1, label))
            events.setdefault(e, []).append((-1, label))
    cuts = set(events)
    pos = text.find("\n")
    while pos >= 0:
        cuts.update((pos, pos + 1))
        pos = text.find("\n", pos + 1)
    cuts.update((0, n))
    active: Counter = Counter()
    out: list[list[tuple[str, tuple[str, ...]]]] = [[]]
    points = sorted(cuts)
    for a, b in zip(points, points[1:]):
        for delta, label in events.get(a, ()):
            active[label] += delta
        piece = text[a:b]
        if piece == "\n":
            out.append([])
            continue
        labels = tuple(sorted(label for label, c in active.items() if c > 0))
        out[-1].append((piece, labels))
    return out
