"""The analysed text: original (NFC) string, its character-aligned folded form, lines and sentences.

Everything here is computed once per document and shared (read-only) by the extractors.
Offsets are always offsets into the original text.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from .normalize import TONE_MARKS, fold

Span = tuple[int, int]

# A sentence ends at . ! ? … (plus closing quotes/brackets) followed by space and a capital letter,
# a digit or an opening quote; lines always end sentences.
_CLOSES = frozenset(".!?…:;\"”’')]")     # what may close a sentence or a line's own item
_SENT_END = re.compile(r"[.!?…]+[\"”’')\]]*[ \t]+(?=[\"“‘(\[«]?(\w))")
# tokens before a period that do not end a sentence (folded)
# abbreviations a full stop does not end a sentence after, in lower case with their diacritics: folded,
# ``số`` would be ``sở`` (``cơ sở. Theo đó, ...`` ends a sentence)
_ABBREV = frozenset({"tp", "ths", "ts", "pgs", "gs", "bs", "ks", "cn", "th", "tt", "q", "p", "x",
                     "tx", "h", "đ/c", "đc", "d/c", "dc", "ông", "bà", "st", "vd", "v.v", "tr", "no", "số"})
_WORD_BEFORE = re.compile(r"([^\W_][\w/.]*)\.*$")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200b\ufeff]")

# Vietnamese letters by case (explicit: code-point ranges mix the cases)
UPPER = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴÐ"
LOWER = "a-zđàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵð"


def letter_count(s: str) -> int:
    """How many letters ``s`` holds (``str.isalpha``), counted at C speed: the header and findings
    rules ask it of every line."""
    return sum(map(str.isalpha, s))


def mostly_upper(s: str, share: float) -> bool:
    """``s`` has letters and at least ``share`` of them are upper case (``II. ĐÁNH GIÁ CHUNG``)."""
    letters = list(filter(str.isalpha, s))
    return bool(letters) and sum(map(str.isupper, letters)) >= share * len(letters)


@dataclass(frozen=True)
class Text:
    raw: str
    folded: str = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "folded", fold(self.raw))

    @cached_property
    def plain(self) -> str:
        """The text with no-break and other odd spaces as plain spaces (same length): match on this,
        report slices of ``raw``."""
        return _ODD_SPACES.sub(" ", self.raw) if _ODD_SPACES.search(self.raw) else self.raw

    @cached_property
    def safe(self) -> str:
        """The text with lone surrogates replaced by U+FFFD (same length), safe to encode."""
        return _SURROGATE.sub("\ufffd", self.raw) if _SURROGATE.search(self.raw) else self.raw

    @cached_property
    def lines(self) -> tuple[Span, ...]:
        """Non-empty lines as (start, end) with surrounding whitespace stripped."""
        out = []
        for m in re.finditer(r"[^\n]+", self.raw):
            s, e = m.span()
            line = m.group()
            ls = len(line) - len(line.lstrip())
            rs = len(line.rstrip())
            if rs > ls:
                out.append((s + ls, s + rs))
        return tuple(out)

    @cached_property
    def _line_starts(self) -> list[int]:
        return [s for s, _ in self.lines]

    def line_at(self, pos: int) -> Span | None:
        i = bisect.bisect_right(self._line_starts, pos) - 1
        if i >= 0 and self.lines[i][0] <= pos <= self.lines[i][1]:
            return self.lines[i]
        return None

    def line_index(self, pos: int) -> int:
        return bisect.bisect_right(self._line_starts, pos) - 1

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        out = []
        raw, folded = self.raw, self.folded
        for ls, le in self.lines:
            start = ls
            for m in _SENT_END.finditer(raw, ls, le):
                nxt = m.group(1)
                if not (nxt.isupper() or nxt.isdigit()):
                    continue
                before = _WORD_BEFORE.search(folded, max(ls, m.start() - 12), m.start() + 1)
                if before and m.group()[0] == "." and len(m.group().strip()) == 1:
                    word = before.group(1).rstrip(".")
                    if raw[before.start(1):before.end(1)].lower().rstrip(".") in _ABBREV \
                            or (len(word) == 1 and word.isalpha()):
                        continue
                end = m.start() + len(m.group().rstrip())
                if end > start:
                    out.append((start, end))
                start = m.end()
            if le > start:
                out.append((start, le))
        # a sentence the page broke over two lines goes on: the line ends with no mark that closes a
        # sentence and the next one opens in lower case ("Đoàn giám sát\ntrực tiếp tại ...")
        joined: list[tuple[int, int]] = []
        for s, e in out:
            if joined:
                ps, pe = joined[-1]
                gap = raw[pe:s]
                if (gap.count("\n") == 1 and not gap.strip() and raw[pe - 1] not in _CLOSES
                        and raw[s].isalpha() and raw[s].islower()):
                    joined[-1] = (ps, e)
                    continue
            joined.append((s, e))
        return tuple(joined)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_at(self, pos: int) -> Span:
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        if i >= 0:
            s, e = self.sentences[i]
            if s <= pos <= e:
                return (s, e)
        line = self.line_at(pos)
        return line if line else (pos, pos)

    def sentences_in(self, start: int, end: int) -> tuple[Span, ...]:
        """The sentences lying inside [start, end) (a line)."""
        i = bisect.bisect_left(self._sentence_starts, start)
        j = bisect.bisect_left(self._sentence_starts, end)
        return self.sentences[i:j]

    @cached_property
    def _content_end(self) -> int:
        return len(self.raw.rstrip())

    def runs_off(self, end: int) -> bool:
        """Whether ``[..., end)`` runs to the end of a text that ends without a stop: where the stored page
        was cut, a name there may be cut in two (``... làm việc tại Thành ủy Bi``)."""
        return end >= self._content_end and self.raw[self._content_end - 1:self._content_end] not in _STOPS

    def cut_at(self, end: int) -> bool:
        """Whether ``[..., end)`` runs to the end of the text and ends in a fragment of a syllable the
        stored page cut in two: a word with no vowel (``..., C``, ``tốt Ch``) or one ending in ``ă`` or
        ``â``, which close no Vietnamese syllable (``hơn 2 nă``)."""
        if end < self._content_end:
            return False
        m = _LAST_WORD.search(self.raw, max(0, end - 40), end)
        if m is None:
            return False
        word = m.group(1)
        return (not _VOWEL.search(fold(word))
                or _OPEN_FRAGMENT.search(_TONES.sub("", unicodedata.normalize("NFD", word))) is not None)


_LAST_WORD = re.compile(r"(\w+)\W*$")
_STOPS = frozenset(".!?…)\"”'»")    # what ends a whole text
_VOWEL = re.compile(r"[aeiouy]")
_TONES = re.compile(f"[{TONE_MARKS}]")
_OPEN_FRAGMENT = re.compile("[aA][\u0306\u0302]$")                # ă, â closing the word


class Spans:
    """A set of character intervals for fast "is this position/interval covered" questions."""

    def __init__(self, spans):
        merged: list[list[int]] = []
        for s, e in sorted((int(s), int(e)) for s, e in spans if e > s):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, max(start, end - 1)) - 1
        return i >= 0 and self._ends[i] > start and self._starts[i] < end

    def __bool__(self) -> bool:
        return bool(self._starts)
