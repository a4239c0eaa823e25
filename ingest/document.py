"""The Document: what a reader makes of one file, before any extraction."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

MEMBER_SEP = "!/"  # between an archive's path and a member's name in a source: ``archive.zip!/dir/file.pdf``


@dataclass(frozen=True)
class Block:
    """A structural piece of ``Document.text``: ``text[start:end]``.

    ``kind`` is one of ``heading``, ``paragraph``, ``table-row``, ``header``, ``footer``. The
    extractor reads ``header`` and ``footer`` blocks (running page headers and footers: page chrome,
    from which no finding is read); the offsets hold for ``text`` as the reader made it.
    """

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    source: str                 # path (or path inside a zip: ``archive.zip!/dir/file.pdf``)
    sha256: str                 # hex digest of the file's bytes
    format: str                 # txt | html | pdf | docx | doc | ...
    text: str                   # NFC, paragraphs separated by "\n"
    title: str | None = None    # from metadata (HTML <title>, DOCX core properties); may be None
    published: str | None = None  # ISO date from metadata, when the format carries one
    blocks: tuple[Block, ...] = ()
    meta: dict = field(default_factory=dict)

    def replace(self, **changes) -> "Document":
        return dataclasses.replace(self, **changes)
