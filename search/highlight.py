"""Hit highlighting shared by every backend.

Matching runs on ``fold(text)``, which is character-aligned with ``text``, so the spans found there
are the spans to mark in the original. Output is a tuple of ``(text, is_match)`` segments: the caller
escapes them (templates do), nothing here produces markup.
"""
from __future__ import annotations

import re

from nlp.normalize import fold

from .base import Query, Term
from .query import words

Segments = tuple[tuple[str, bool], ...]


def _pattern(terms: tuple[Term, ...]) -> re.Pattern | None:
    alts = []
    for t in terms:
        ws = words(t.text)
        if not ws:
            continue
        if t.phrase:
            alts.append(r"\W+".join(map(re.escape, ws)))
        else:
            alts.extend(re.escape(w) for w in ws)
    if not alts:
        return None
    alts.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)")


def match_spans(text: str, query: Query, limit: int = 10_000) -> list[tuple[int, int]]:
    pat = _pattern(query.positive_terms)
    if pat is None or not text:
        return []
    spans = []
    for m in pat.finditer(fold(text)):
        spans.append(m.span())
        if len(spans) >= limit:
            break
    return spans


def segments(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> Segments:
    end = len(text) if end is None else end
    out: list[tuple[str, bool]] = []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < end:
        out.append((text[pos:end], False))
    return tuple(out)


def snippet(text: str, query: Query, width: int = 260) -> Segments:
    """The window of ``text`` (about ``width`` characters) holding the most matches, marked."""
    spans = match_spans(text, query, limit=2000)
    if not spans:
        cut = _cut(text, 0, width)
        return ((text[:cut] + ("…" if cut < len(text) else "")), False),
    best, best_n = 0, 0
    for i, (s, _) in enumerate(spans):
        # matches in the window that starts shortly before span i
        n = sum(1 for a, _ in spans[i:i + 50] if a < s + width - 80)
        if n > best_n:
            best, best_n = i, n
    start = max(0, spans[best][0] - 80)
    if start:
        sp = text.rfind(" ", 0, start + 1)
        nl = text.rfind("\n", 0, spans[best][0])
        start = max(sp + 1, nl + 1, 0) if max(sp, nl) >= start - 30 else start
    end = _cut(text, start, width)
    segs = list(segments(text, spans, start, end))
    segs = [(t.replace("\n", " "), m) for t, m in segs]
    if start > 0:
        segs.insert(0, ("…", False))
    if end < len(text):
        segs.append(("…", False))
    return tuple(segs)


def _cut(text: str, start: int, width: int) -> int:
    end = start + width
    if end >= len(text):
        return len(text)
    sp = text.rfind(" ", start + width // 2, end)
    return sp if sp > 0 else end
