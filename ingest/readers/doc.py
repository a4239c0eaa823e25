"""Legacy Word (.doc, OLE2). Not read yet (it needs a converter); says so, or that the file is a
password-protected Office document, which Office also stores in an OLE2 container."""
from __future__ import annotations

from ..document import Document
from ..errors import EncryptedFile, UnsupportedFormat

_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def read_doc(data: bytes, source: str, sha256: str | None = None) -> Document:
    if _ENCRYPTED_PACKAGE in data:
        raise EncryptedFile(source, "Office document is password-protected")
    raise UnsupportedFormat(source, "legacy Word .doc is not supported yet (convert it to DOCX)")
