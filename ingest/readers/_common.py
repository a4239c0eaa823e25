"""What every reader shares: turning (kind, text) pieces into a Document with block offsets."""
from __future__ import annotations

import hashlib
from typing import Iterable

from ..text import clean_text

from ..document import Block, Document
from ..errors import EmptyFile
from ..messages import msg


def build_document(
    *,
    source: str,
    data: bytes,
    sha256: str | None,
    fmt: str,
    pieces: Iterable[tuple[str, str]],
    title: str | None = None,
    published: str | None = None,
    meta: dict | None = None,
    empty_reason: str | None = None,
) -> Document:
    """Normalize each piece with ``clean_text`` and join them, one line per paragraph.

    ``pieces`` are ``(kind, text)`` in reading order; a piece whose text holds several lines becomes
    several blocks of the same kind. Empty pieces are dropped. Raises EmptyFile if no text is left.
    """
    lines: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for kind, raw in pieces:
        if not raw:
            continue
        for line in clean_text(raw).split("\n"):
            if not line:
                continue
            if lines:
                pos += 1
            lines.append(line)
            blocks.append(Block(kind, pos, pos + len(line)))
            pos += len(line)
    if not lines:
        raise EmptyFile(source, empty_reason or msg("no-text", fmt=fmt.upper()))
    return Document(
        source=source,
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        format=fmt,
        text="\n".join(lines),
        title=one_line(title),
        published=published,
        blocks=tuple(blocks),
        meta=meta or {},
    )


def one_line(text: str | None) -> str | None:
    """A title or similar: normalized, on one line, None if empty."""
    if not text:
        return None
    cleaned = " ".join(clean_text(text).split())
    return cleaned or None
