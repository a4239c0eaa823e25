"""Plain text: find the encoding (BOM, UTF-8, UTF-16, Windows-1258 and other legacy code pages), and
repair text typed in the legacy Vietnamese font encodings TCVN3 (ABC) and VNI (see ``ingest.legacy``)."""
from __future__ import annotations

import unicodedata

import charset_normalizer

from .. import legacy
from ..detect import text_encoding_of
from ..document import Document
from ..errors import CorruptFile
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


def decode_text(data: bytes, source: str = "") -> tuple[str, str]:
    """``(text, encoding)``. UTF-8 and BOMs are taken at their word; otherwise the candidate
    encodings (charset-normalizer's, plus Windows-1258) are scored on how Vietnamese the result is.
    Text in a legacy font encoding comes back converted, its encoding named ``tcvn3`` or ``vni``
    (``utf-8+tcvn3`` when TCVN3 mojibake was saved as UTF-8)."""
    hint = text_encoding_of(data[:4096])
    if hint and hint != "8bit":
        try:
            text = data.decode(hint)
        except UnicodeDecodeError:
            pass  # a misleading head (e.g. valid UTF-8 start, legacy bytes later): detect below
        else:
            repaired, found = legacy.repair(text)
            return (repaired, f"{hint}+{found}") if found else (text, hint)
    candidates: list[str] = []
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        candidates.append(best.encoding)
    candidates += [e for e in _LEGACY if e not in candidates]
    scored = []
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_score(text), -len(scored), text, encoding))
    if not scored:
        raise CorruptFile(source, "text encoding could not be determined")
    _, _, text, encoding = max(scored)
    return _legacy_or(data, text, encoding)


def _legacy_or(data: bytes, text: str, encoding: str) -> tuple[str, str]:
    """The legacy-font reading of 8-bit ``data`` when it reads as better Vietnamese than ``text``."""
    try:
        surface = data.decode("cp1252")     # what Windows shows for a legacy font's bytes
    except UnicodeDecodeError:
        surface = data.decode("latin-1")
    found = legacy.detect(surface)
    if found is None:
        return text, encoding
    converted = legacy.convert(surface, found)
    valid, invalid = legacy.syllable_score(converted)
    valid0, invalid0 = legacy.syllable_score(unicodedata.normalize("NFC", text))
    if valid - invalid > valid0 - invalid0:
        return converted, found
    return text, encoding


def _score(text: str) -> float:
    sample = unicodedata.normalize("NFC", text[:20000])
    viet = sum(1 for ch in sample if ch in _VIET)
    bad = sum(1 for ch in sample if ch in _MOJIBAKE or unicodedata.category(ch) in ("Cc", "Mn"))
    bad -= sample.count("\n") + sample.count("\r") + sample.count("\t")
    return viet - 4 * bad


def read_txt(data: bytes, source: str, sha256: str | None = None) -> Document:
    text, encoding = decode_text(data, source)
    pieces = (("paragraph", line) for line in text.splitlines())
    return build_document(source=source, data=data, sha256=sha256, fmt="txt", pieces=pieces,
                          meta={"encoding": encoding}, empty_reason="text file holds only whitespace")
