"""Where the original file of an indexed document can be read back from, for its download.

Uploads are kept in the storage folder under their sha256 (a zip's members are read out of it); their
source is ``upload/<sha256>/<name>``. Files ingested from disk by ``kiemtra
ingest`` stay where they were: the document's source path, or a member of a zip archive there
(``archive.zip!/inner/file.docx``, nested archives too). Nothing is served unless its content still
hashes to the document's id, so a download can only ever return the bytes that were indexed — never
another file, whatever the path says — and nothing is read from outside the storage folder and the
folders and files given to ``kiemtra ingest`` (its roots, kept in the manifest): a link that points
elsewhere, or a path that has become one since, is not followed.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

from ingest import DEFAULT_MAX_BYTES, MEMBER_SEP, IngestError, archive_member, disk_path, hash_file, inside
from nlp.record import Record

UPLOAD_PREFIX = "upload/"
_UPLOAD = re.compile(r"^upload/([0-9a-f]{64})/")


def upload_source(sha: str, name: str) -> str:
    """The source of an uploaded file: its hash, then the name it was sent as (no folders)."""
    name = re.split(r"[\\/]", name)[-1].strip()
    name = "".join(c if c.isprintable() else "_" for c in name) or "tep-tai-len"
    return f"{UPLOAD_PREFIX}{sha}/{name}"


def stored(storage: Path, record: Record) -> Path:
    return storage / f"{record.doc_id}.{record.document.format}"


def _outer(storage: Path, outer: str) -> Path | None:
    """The file a source's outer path names: the kept upload for ``upload/<sha256>/...``."""
    m = _UPLOAD.match(outer)
    if m is None:
        return Path(disk_path(outer))
    return next(iter(sorted(storage.glob(f"{m.group(1)}.*"))), None)


def may_exist(storage: Path, record: Record) -> bool:
    """Cheap check for the document page: is there a file where the original should be?"""
    if stored(storage, record).is_file():
        return True
    outer = _outer(storage, record.document.source.split(MEMBER_SEP, 1)[0])
    return outer is not None and outer.is_file()


def read(storage: Path, record: Record, roots: list[str]) -> bytes | Path | None:
    """The original, as a path to send or the bytes of an archive member; None when it is gone, has
    changed since it was indexed, or lies outside ``roots`` (the real paths ingested from)."""
    kept = stored(storage, record)
    if kept.is_file():
        return kept
    outer, *members = record.document.source.split(MEMBER_SEP)
    try:
        found = _outer(storage, outer)
        if found is None:
            return None
        path = Path(os.path.realpath(found))
        if not inside(str(path), [*roots, os.path.realpath(storage)]):
            return None
        if not members:
            return path if path.is_file() and hash_file(path)[0] == record.doc_id else None
        data = _member(path, members)
    except (IngestError, OSError, zipfile.BadZipFile, KeyError, RuntimeError, ValueError):
        return None
    return data if data is not None and hashlib.sha256(data).hexdigest() == record.doc_id else None


def _member(path: Path, members: list[str]) -> bytes | None:
    source: Path | io.BytesIO = path
    data = None
    for name in members:
        with zipfile.ZipFile(source) as zf:
            info = archive_member(zf, name)      # as walk named it: a repeated name is ``name (2).ext``
            if info is None or info.file_size > DEFAULT_MAX_BYTES:
                return None
            data = zf.read(info)
        source = io.BytesIO(data)
    return data

