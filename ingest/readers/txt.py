"""Plain text: find the encoding (BOM, UTF-8, UTF-16, Windows-1258 and other legacy code pages)."""
from __future__ import annotations

import unicodedata

import charset_normalizer

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
    encodings (charset-normalizer's, plus Windows-1258) are scored on how Vietnamese the result is."""
    hint = text_encoding_of(data[:4096])
    if hint and hint != "8bit":
        try:
            return data.decode(hint), hint
        except UnicodeDecodeError:
            pass  # a misleading head (e.g. valid UTF-8 start, legacy bytes later): detect below
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
