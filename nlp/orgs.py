"""Named organizations, with spaCy as the span container.

A blank multi-language pipeline (``spacy.blank("xx")``: no model, works offline) with a
``span_ruler`` whose phrase patterns are data (``data/org_patterns.jsonl``) finds the *heads*:
units (``Huyện đoàn``, ``Đoàn trường``, ``UBND``, ``Chi bộ`` ...; label ``ORG``) and organs of a unit
(``Ban Thường vụ``, ``Ủy ban Kiểm tra`` ...; label ``BODY``). Code then

- extends a unit to the right over its name: an optional level word (``tỉnh``, ``thành phố`` ...)
  and a run of capitalised words (``Huyện đoàn`` + ``Yên Khánh``), where a lower-case syllable may
  follow a capitalised one when the pair is a known word of names (``Công ty``, ``Đại học``);
- joins an organ to the unit right after it (``Ban Thường vụ`` + ``Tỉnh đoàn`` → one mention);
- drops generic uses: lower-case heads (``sinh hoạt chi đoàn``) and plural lists
  (``các Huyện, Thị, Thành đoàn``).

The pipeline is built once (lazily) and never changed afterwards.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .normalize import fold
from .resources import folded_set, jsonl, word_list
from .text import Text

SPANS_KEY = "org"
MAX_NAME_TOKENS = 8
_LEVELS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
_GENERIC_BEFORE = re.compile(r"(?:(?<![a-z])cac[ \t]+(?:cap[ \t]+)?|(?<![a-z])(?:huyen|thi|thanh|quan|tinh|xa)[ \t]*,[ \t]*)$")


@functools.lru_cache(maxsize=1)
def pipeline():
    import spacy

    nlp = spacy.blank("xx")
    nlp.max_length = 100_000_000
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": SPANS_KEY, "phrase_matcher_attr": "LOWER",
                                               "validate": True})
    ruler.add_patterns(jsonl("org_patterns.jsonl"))
    return nlp


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset:
    return frozenset(w.lower() for w in word_list("org_stopwords.txt"))


@dataclass
class OrgSpan:
    start: int
    end: int
    label: str          # ORG | BODY
    head: str           # pattern id of the head (``huyen-doan``), of the unit for merged spans
    named: bool         # the unit carries its own name/place after the head
    body: str | None = None  # pattern id of the organ in front, if any
    unit_start: int = -1     # where the unit's head starts (after the organ, if any)
    head_end: int = -1       # where the head ends and the unit's own name begins

    @property
    def place(self) -> tuple[int, int] | None:
        """Span of the name written after the head (``Yên Khánh`` of ``Huyện đoàn Yên Khánh``)."""
        return (self.head_end, self.end) if self.named and self.end > self.head_end >= 0 else None


def _is_cap(tok) -> bool:
    t = tok.text
    return bool(t) and (t[0].isupper() or (t[0].isdigit() and any(c.isalpha() for c in t)))


def _extend(doc, end_tok: int) -> tuple[int, bool]:
    """Token index where a unit's name ends, starting right after its head; and whether a proper
    name was consumed."""
    compounds = folded_set("name_compounds.txt")
    stop = _stopwords()
    i = end_tok
    n = len(doc)
    named = False
    # optional level word(s) in lower case: "UBND thành phố", "UBND tỉnh Ninh Bình"
    for level in _LEVELS:
        parts = level.split()
        if i + len(parts) <= n and all(doc[i + k].text == p for k, p in enumerate(parts)):
            i += len(parts)
            named = True
            break
    taken = 0
    while i < n and taken < MAX_NAME_TOKENS:
        tok = doc[i]
        low = tok.text.lower()
        if tok.is_space or not tok.text:
            break
        pair = low + " " + doc[i + 1].text.lower() if i + 1 < n else low
        if _is_cap(tok) and low not in stop and pair not in stop:
            i += 1
            taken += 1
            named = True
            continue
        if taken and tok.text[:1].islower() and fold(doc[i - 1].text + " " + tok.text) in compounds:
            i += 1
            taken += 1
            continue
        if (tok.text in ("-", "–") and taken and i + 1 < n and _is_cap(doc[i + 1])
                and doc[i + 1].text.lower() not in stop and i + 2 < n
                and doc[i + 1].text.lower() + " " + doc[i + 2].text.lower() not in stop):
            i += 1
            taken += 1
            continue
        break
    return i, named


_ROLE_BEFORE = re.compile(r"(?:Bí[ \t]+thư|Chủ[ \t]+tịch|Ủy[ \t]+viên|Uỷ[ \t]+viên|Trưởng[ \t]+ban|Chủ[ \t]+nhiệm"
                          r"|Giám[ \t]+đốc|Thường[ \t]+trực|Chánh[ \t]+Văn[ \t]+phòng)[ \t]+$")


@functools.lru_cache(maxsize=1)
def _surnames() -> frozenset:
    return frozenset(word_list("surnames.txt"))


def _before_person(doc, head, end_tok: int, raw: str) -> int:
    """``Phó Bí thư Tỉnh đoàn Lê Văn Hùng``: after a role word, a unit's name stops where a person's
    name (a family name and two or three more capitalised syllables ending the run) begins."""
    if end_tok - head.end < 3 or not _ROLE_BEFORE.search(raw, max(0, head.start_char - 30), head.start_char):
        return end_tok
    for k in range(head.end, end_tok - 2):
        if doc[k].text in _surnames() and end_tok - k in (3, 4):
            return k
    return end_tok


def find(text: Text, exclude: list[tuple[int, int]] = ()) -> list[OrgSpan]:
    """Organization mentions in reading order; spans overlapping ``exclude`` (document numbers and
    symbols: the ``UBND`` of ``28/KH-UBND``) are left out."""
    raw = text.safe
    if not raw.strip():
        return []
    doc = pipeline()(raw)
    spans = sorted(doc.spans[SPANS_KEY], key=lambda s: (s.start, -(s.end - s.start)))
    # longest first, no overlaps
    chosen = []
    last_end = -1
    for sp in spans:
        if sp.start >= last_end:
            chosen.append(sp)
            last_end = sp.end
        elif chosen and sp.end > chosen[-1].end and sp.start == chosen[-1].start:
            chosen[-1] = sp
            last_end = sp.end
    f = text.folded
    out: list[OrgSpan] = []
    for sp in chosen:
        if any(a < sp.end_char and sp.start_char < b for a, b in exclude):
            continue
        label = sp.label_
        head = sp.id_ or sp.label_
        end_tok = sp.end
        named = False
        if label == "ORG":
            end_tok, named = _extend(doc, sp.end)
            end_tok = _before_person(doc, sp, end_tok, raw)
            named = named and end_tok > sp.end
        start_c = sp.start_char
        end_c = doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
        out.append(OrgSpan(start_c, end_c, label, head, named, None, start_c, sp.end_char))
    # join organ + unit ("Ban Thường vụ" "Tỉnh đoàn Ninh Bình"), drop generic heads
    merged: list[OrgSpan] = []
    for o in out:
        prev = merged[-1] if merged else None
        adjacent = prev is not None and prev.end <= o.start and not raw[prev.end:o.start].strip() \
            and "\n" not in raw[prev.end:o.start]
        if prev is not None and prev.end > o.start:
            continue  # swallowed by an extension
        if o.label == "ORG":
            lower_head = not raw[o.start].isupper()
            generic = _GENERIC_BEFORE.search(f, max(0, o.start - 20), o.start) is not None
            if adjacent and prev.label == "BODY":
                if generic:
                    continue
                merged[-1] = OrgSpan(prev.start, o.end, "ORG", o.head, o.named, prev.head,
                                     o.unit_start, o.head_end)
                continue
            if lower_head or generic:
                continue
        elif o.label == "BODY" and not raw[o.start].isupper():
            continue
        merged.append(o)
    return merged
