"""ingest: files → ``Document``.

    read(path) -> Document                    one file, dispatched on its real type
    read_bytes(data, source) -> Document      the same for bytes already in memory
    walk(paths) -> Iterator[Item]             folders and zip archives expanded, one item per file
    archive_member(zipfile, name) -> ZipInfo  the member walk named ``archive.zip!/name`` (None if gone)
    read_member(path, info, source) -> bytes  a member of an archive on disk, as an ``Item.member`` names it
    sniff(head, name) -> str                  the format: pdf | docx | doc | odt | rtf | html | txt | zip

Every failure is an ``IngestError`` (``UnsupportedFormat``, ``CorruptFile``, ``EncryptedFile``,
``EmptyFile``, ``TooLarge``, ``Unreadable``, ``NeedsOCR``, ``UnsafeArchive``, ``TimedOut``,
``ConverterMissing``, and ``Skipped`` for what is not a document to read) carrying the source and a short reason for people. File I/O happens here and in ``walk``; readers only see bytes.
"""
from __future__ import annotations

import hashlib
import os

from .detect import sniff
from .document import MEMBER_SEP, Block, Document
from .messages import msg
from .errors import (ConverterMissing, CorruptFile, EmptyFile, EncryptedFile, IngestError, NeedsOCR, Skipped,
                     TimedOut, TooLarge, Unreadable, UnsafeArchive, UnsupportedFormat)
from .readers import READERS, get_reader
from .walk import (DEFAULT_MAX_BYTES, Item, archive_member, close_archives, disk_path, hash_file, inside, litter,
                   printable, read_file, read_member, root, shown, walk)

__all__ = [
    "read", "read_bytes", "walk", "hash_file", "read_file", "sniff", "Item", "Document", "Block", "READERS",
    "DEFAULT_MAX_BYTES", "MEMBER_SEP", "shown", "disk_path", "root", "inside", "archive_member", "read_member",
    "close_archives", "litter", "printable",
    "IngestError", "UnsupportedFormat", "CorruptFile", "EncryptedFile", "EmptyFile", "TooLarge",
    "Unreadable", "NeedsOCR", "UnsafeArchive", "TimedOut", "ConverterMissing", "Skipped",
]


def read(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one file into a Document (``source`` is the path as given)."""
    source = os.fspath(path)
    return read_bytes(read_file(path, source, max_bytes=max_bytes), source, max_bytes=max_bytes)


def read_bytes(data: bytes, source: str, *, sha256: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a file's bytes into a Document; ``source`` names it (and its suffix breaks ties)."""
    if not data:
        raise EmptyFile(source, msg("empty-file"))
    if len(data) > max_bytes:
        raise TooLarge(source, msg("file-too-large", size=f"{len(data) // 2**20} MB", limit=f"{max_bytes // 2**20} MB"))
    fmt = sniff(data, source)
    if fmt == "zip":
        raise UnsupportedFormat(source, msg("zip-read-by-walk"))
    reader = get_reader(fmt, source)
    return reader(data, source, sha256=sha256 or hashlib.sha256(data).hexdigest())
