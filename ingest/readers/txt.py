"""Plain text: find the encoding (BOM, UTF-8, UTF-16, Windows-1258 and other legacy code pages), and
repair text typed in the legacy Vietnamese font encodings TCVN3 (ABC) and VNI (see ``ingest.legacy``)."""
from __future__ import annotations

import codecs
import dataclasses
import unicodedata

import charset_normalizer

from .. import legacy
from ..decoding import PARTIAL_SHARE, Decoded, code_page_reading, is_unicode, unicode_reading, utf8_reading
from ..detect import text_encoding_of
from ..document import Document
from ..errors import CorruptFile
from ..messages import msg
from ._common import build_document

# Letters that only Vietnamese text has in quantity; mojibake shows up as the second set instead.
_VIET = frozenset(
    "ăâđêôơưĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
)
_MOJIBAKE = frozenset("ÃÂÐðÞþ¤¦¨ª¬®¯°±²³´µ¶·¸¹º»¼½¾¿ŒœŠšŽžŸƒ\u0080\u0081\u008d\u008f\u0090\u009d\ufffd")
# Single-byte code pages worth trying for Vietnamese files beside what charset-normalizer proposes.
_LEGACY = ("cp1258",)


def decode_text(data: bytes, source: str = "") -> Decoded:
    """The file's text, its encoding and how many damaged stretches were replaced (``Decoded``).

    Valid UTF-8, UTF-16 and UTF-32 (BOM or not) are taken at their word. A damaged file is read as
    the Unicode encoding that explains nearly all of it, with what does not decode replaced by
    U+FFFD (``ingest.decoding``). Anything else is in a code page: the candidates (charset-normalizer's,
    plus Windows-1258) that define nearly all of its bytes, and the partial UTF-8 reading when more
    than half of it is valid, are scored on how Vietnamese the result is. Text in a legacy font
    encoding comes back converted, its encoding named ``tcvn3`` or ``vni`` (``utf-8+tcvn3`` when
    TCVN3 mojibake was saved as UTF-8). Only a file that no encoding reads is refused."""
    hint = text_encoding_of(data[:4096])
    if hint and hint != "8bit":
        try:
            text = data.decode(hint)
        except UnicodeDecodeError:
            pass  # damaged, or a misleading head (valid UTF-8 start, legacy bytes later): see below
        else:
            return _repaired(Decoded(text, hint))
    reading = unicode_reading(data, source, hint)
    if reading is not None:
        return _repaired(reading)
    body = data[len(codecs.BOM_UTF8):] if hint == "utf-8-sig" else data
    names: list[str] = []
    best = charset_normalizer.from_bytes(body).best()
    if best is not None and not is_unicode(best.encoding):
        names.append(best.encoding)
    names += [e for e in _LEGACY if e not in names]
    scored = []
    for name in names:
        candidate = code_page_reading(body, name)
        if candidate is not None:
            scored.append((_score(candidate.text), -len(scored), candidate))
    partial = utf8_reading(data)
    if partial.share > PARTIAL_SHARE:
        scored.append((_score(partial.text), -len(scored), partial))
    if not scored:
        raise CorruptFile(source, msg("not-text", share=f"{1 - partial.share:.0%}"))
    _, _, chosen = max(scored)
    if chosen is partial:
        return _repaired(partial)
    return _legacy_or(body, chosen)


def _repaired(reading: Decoded) -> Decoded:
    """A Unicode reading, with legacy-font mojibake saved as Unicode converted."""
    repaired, found = legacy.repair(reading.text)
    if not found:
        return reading
    return dataclasses.replace(reading, text=repaired, encoding=f"{reading.encoding}+{found}")


def _legacy_or(data: bytes, reading: Decoded) -> Decoded:
    """The legacy-font reading of 8-bit ``data`` when it reads as better Vietnamese than ``reading``."""
    try:
        surface = data.decode("cp1252")     # what Windows shows for a legacy font's bytes
    except UnicodeDecodeError:
        surface = data.decode("latin-1")
    found = legacy.detect(surface)
    if found is None:
        return reading
    converted = legacy.convert(surface, found)
    valid, invalid = legacy.syllable_score(converted)
    valid0, invalid0 = legacy.syllable_score(unicodedata.normalize("NFC", reading.text))
    if valid - invalid > valid0 - invalid0:
        return Decoded(converted, found)        # every byte has a place in a legacy font's table
    return reading


def _score(text: str) -> float:
    sample = unicodedata.normalize("NFC", text[:20000])
    viet = sum(1 for ch in sample if ch in _VIET)
    bad = sum(1 for ch in sample if ch in _MOJIBAKE or unicodedata.category(ch) in ("Cc", "Mn"))
    bad -= sample.count("\n") + sample.count("\r") + sample.count("\t")
    return viet - 4 * bad


def read_txt(data: bytes, source: str, sha256: str | None = None) -> Document:
    decoded = decode_text(data, source)
    pieces = (("paragraph", line) for line in decoded.text.splitlines())
    return build_document(source=source, data=data, sha256=sha256, fmt="txt", pieces=pieces,
                          meta={"encoding": decoded.encoding, **decoded.meta()},
                          empty_reason=msg("txt-blank"))
