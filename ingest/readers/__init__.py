"""One reader per format, chosen through one registry.

A reader is ``read_<fmt>(data: bytes, source: str, sha256: str | None = None) -> Document``: it takes
the file's bytes, never touches the file system, and raises only ``IngestError`` subclasses.
Reader modules are imported the first time their format is met, so ``import ingest`` stays light.
"""
from __future__ import annotations

import importlib
from typing import Callable

from ..document import Document
from ..errors import UnsupportedFormat
from ..messages import msg

Reader = Callable[..., Document]

#: format -> "module:function" of its reader
READERS: dict[str, str] = {
    "txt": "ingest.readers.txt:read_txt",
    "html": "ingest.readers.html:read_html",
    "pdf": "ingest.readers.pdf:read_pdf",
    "docx": "ingest.readers.docx:read_docx",
    "doc": "ingest.readers.office:read_doc",
    "odt": "ingest.readers.office:read_odt",
    "rtf": "ingest.readers.office:read_rtf",
}


def get_reader(fmt: str, source: str = "") -> Reader:
    """The reader function for ``fmt`` (UnsupportedFormat if there is none)."""
    try:
        target = READERS[fmt]
    except KeyError:
        raise UnsupportedFormat(source, msg("no-reader", fmt=fmt)) from None
    module, _, func = target.partition(":")
    return getattr(importlib.import_module(module), func)
