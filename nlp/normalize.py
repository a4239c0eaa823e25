"""Folding: a character-aligned form of NFC text for matching (NFC itself is ``ingest.text``).

``fold`` maps every character of an NFC string to exactly one character, so an offset in the folded
text is the same offset in the original. That is what lets search highlight hits found in folded text
back in the original, and lets extractors match on folded text while reporting original offsets.
"""
from __future__ import annotations

import functools
import unicodedata

_SPECIAL = {"đ": "d", "Đ": "d", "\u00a0": " ", "\u2013": "-", "\u2014": "-", "\u2212": "-"}


@functools.lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    if ch.isascii():
        return ch.lower()
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    return low if len(low) == 1 else base


class _FoldTable(dict):
    """``str.translate`` table of ``_fold_char``, filled as code points are met (at most
    ``_FOLD_TABLE_MAX`` of them are kept)."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < _FOLD_TABLE_MAX:
            self[code] = folded
        return folded


_FOLD_TABLE_MAX = 65536
_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lowercase, strip diacritics, ``đ``→``d``; one output character per input character."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"   # the five tone marks, decomposed: grave, acute, tilde, hook, dot


def tone_apart(word: str) -> tuple[str, str]:
    """A word's letters without its tone marks (decomposed, NFD) and the tone marks it carries."""
    d = unicodedata.normalize("NFD", word)
    return "".join(c for c in d if c not in TONE_MARKS), "".join(c for c in d if c in TONE_MARKS)


def spelling_key(text: str) -> str:
    """Lower case with every accent kept, but blind to where a word's tone mark sits (``Uỷ`` and ``Ủy``,
    ``Hoà`` and ``Hòa`` are one spelling; ``tỉnh`` and ``Tĩnh`` are not), a dash of any length one dash."""
    out = []
    for word in text.lower().replace("\u2013", "-").replace("\u2014", "-").split():
        base, tones = tone_apart(word)
        out.append(unicodedata.normalize("NFC", base) + tones)
    return " ".join(out)
