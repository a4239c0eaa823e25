"""Text as every reader hands it on: Unicode NFC, no control characters, tidy spaces and lines.

Owned by ingest (every reader ends with ``clean_text``); ``nlp`` adds its folded form for matching.
"""
from __future__ import annotations

import re
import unicodedata


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Look-alikes that OCR and some fonts put in place of Vietnamese letters: the Icelandic eth Ð/ð (U+00D0,
# U+00F0) for Đ/đ (U+0110, U+0111), as in ``CTr/ÐĐTN-BTV``. Vietnamese has no eth, and a search for
# ``Đoàn`` or ``doan`` must find what OCR read as ``Ðoàn``. (Legacy TCVN3 bytes, where U+00D0 is ``é``,
# are converted by the readers before the text gets here.)
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def clean_text(text: str) -> str:
    """NFC, no control characters, Vietnamese Đ/đ for their look-alikes, runs of spaces collapsed, lines
    stripped, blank runs squeezed."""
    text = nfc(text).translate(_LOOKALIKES).replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
