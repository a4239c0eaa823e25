"""Bytes to text for the text readers (txt, HTML): what is valid is decoded, what is not is replaced.

A damaged file (one flipped bit, a cut inside a multi-byte letter, a lone UTF-16 surrogate) is read as
far as it is valid: each stretch that does not decode becomes one U+FFFD (Python's ``errors="replace"``),
and the number of them is reported (``Decoded.replaced``; readers put it in ``Document.meta`` as
``replaced_chars`` with a ``warning`` for people). The encoding is the one that explains the bytes, not
the first one to decode them without an error:

- UTF-16 or UTF-32 announced by a BOM (or UTF-16 by the NULs of its ASCII letters) is taken with its
  damage replaced; a file of which not even half decodes that way is refused.
- UTF-8 is taken when at least 90% of the bytes at or above 0x80 lie in valid UTF-8 sequences (a BOM
  counts), when the only damage is a letter cut off at the end (after some valid letter beyond ASCII,
  or keeping two bytes of it: one lone byte says nothing), or when a UTF-8 BOM is followed by at most
  three bad bytes. Text in a single-byte code page practically never forms valid multi-byte
  sequences (not one of the 1,000-1,400 non-ASCII bytes of a sample report saved as Windows-1258,
  TCVN3 or VNI does), so a file that is 99.9% valid UTF-8 is UTF-8 with a few replacements, never
  Windows-1258 mojibake; while ASCII text with a few legacy bytes is left to the code pages.
- Anything else is in a code page: ``ingest.readers.txt`` chooses which, among those that define nearly
  all of its bytes (``code_page_reading``); the partial UTF-8 reading competes with them when more than
  half of it is valid.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

from .detect import HEAD_SIZE, text_encoding_of
from .errors import CorruptFile
from .messages import msg

UTF8_SHARE = 0.9          # of the non-ASCII bytes, the share valid UTF-8 must explain to be taken as is
PARTIAL_SHARE = 0.5       # ... to compete with the code pages at all
CODE_PAGE_SHARE = 0.98    # of the non-ASCII characters, the share a code page must define
_HIGH = bytes(range(0x80, 0x100))


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0     # U+FFFD put in for stretches of bytes that did not decode
    share: float = 1.0    # of the bytes (characters) beyond ASCII, the share that decoded

    def meta(self) -> dict:
        """What a reader records of the decoding in ``Document.meta`` beside the encoding."""
        if not self.replaced:
            return {}
        return {"replaced_chars": self.replaced, "warning": replacement_warning(self.replaced, self.encoding)}


def replacement_warning(replaced: int, encoding: str) -> str:
    return msg("replaced-chars", count=replaced, encoding=encoding)


def decode_with(data: bytes, encoding: str) -> Decoded:
    """``data`` decoded with ``encoding``, each stretch that does not decode replaced and counted."""
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        pass
    text = data.decode(encoding, "replace")
    kept = data.decode(encoding, "ignore")     # the same error stretches, each dropped instead
    replaced = len(text) - len(kept)
    beyond_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return Decoded(text, encoding, replaced, 1 - replaced / max(1, beyond_ascii))


def utf8_reading(data: bytes) -> Decoded:
    """``data`` as UTF-8 (``utf-8-sig`` after a BOM), damage replaced; ``share``: of its bytes at or
    above 0x80, those in valid UTF-8 sequences (the BOM's included)."""
    bom = data.startswith(codecs.BOM_UTF8)
    encoding = "utf-8-sig" if bom else "utf-8"
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        pass
    text = data.decode(encoding, "replace")
    kept = data.decode(encoding, "ignore")
    high = len(data) - len(data.translate(None, _HIGH))
    bad = len(data) - (3 if bom else 0) - len(kept.encode("utf-8"))
    return Decoded(text, encoding, len(text) - len(kept), (high - bad) / max(1, high))


def unicode_reading(data: bytes, source: str = "", hint: str | None = None) -> Decoded | None:
    """The file read as the Unicode encoding that explains it (rules in the module's docstring), its
    damage replaced; None when it is not Unicode (a code page). Raises ``CorruptFile`` when a BOM or
    NULs announce UTF-16/32 of which almost nothing decodes."""
    hint = hint or text_encoding_of(data[:HEAD_SIZE])
    if hint and hint.startswith(("utf-16", "utf-32")):
        reading = decode_with(data, hint)
        if reading.replaced * 2 > len(reading.text):
            name = hint.split("-")[0].upper() + "-" + hint.split("-")[1]
            raise CorruptFile(source, msg("not-text-unicode", name=name))
        return reading
    reading = utf8_reading(data)
    if not reading.replaced:
        return reading
    cut = _cut_at_the_end(data)
    if reading.share >= UTF8_SHARE or cut and (reading.share > 0 or cut > 1):
        return reading       # a cut is UTF-8 when some letter (or a BOM) is, or it keeps two bytes of one
    if reading.encoding == "utf-8-sig" and _bad_bytes(data) <= 3:
        return reading
    return None


def code_page_reading(data: bytes, encoding: str) -> Decoded | None:
    """``data`` in the code page ``encoding`` when it defines nearly all of its bytes, else None."""
    try:
        reading = decode_with(data, encoding)
    except LookupError:
        return None
    if reading.replaced > 1 and reading.share < CODE_PAGE_SHARE:
        return None
    return reading


def is_unicode(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name.startswith(("utf-8", "utf-16", "utf-32"))
    except LookupError:
        return False


def _cut_at_the_end(data: bytes) -> int:
    """How many bytes of an incomplete letter end ``data`` when it is valid UTF-8 but for them (a
    truncated file), else 0."""
    try:
        _, consumed = codecs.utf_8_decode(data, "strict", False)
    except UnicodeDecodeError:
        return 0
    return len(data) - consumed


def _bad_bytes(data: bytes) -> int:
    body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    return len(body) - len(body.decode("utf-8", "ignore").encode("utf-8"))
