"""Typed ingest errors. Each carries the source it concerns, a stable English ``code`` for machines (the
manifest, the API's ``error_code``) and a ``reason`` for people, in Vietnamese, from the message table
(``ingest.messages``: ``msg("empty-file")``)."""
from __future__ import annotations


class IngestError(Exception):
    """A file could not be turned into a Document. ``reason`` is shown to people (a text of the message
    table); ``code`` says what went wrong to programs and does not change."""

    code = "error"

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = str(source)
        self.reason = reason


class UnsupportedFormat(IngestError):
    code = "unsupported"


class CorruptFile(IngestError):
    code = "corrupt"


class EncryptedFile(IngestError):
    code = "encrypted"


class EmptyFile(IngestError):
    code = "empty"


class TooLarge(IngestError):
    code = "too-large"


class Unreadable(IngestError):
    code = "unreadable"


class TimedOut(IngestError):
    """Reading the file (a converter, OCR, or the whole reader in a batch) went past its time limit."""

    code = "timeout"


class ConverterMissing(IngestError):
    """The format needs an external program (LibreOffice, Tesseract) that is not installed."""

    code = "converter-missing"


class NeedsOCR(IngestError):
    """The file holds only images of text (a scan); reading it needs OCR."""

    code = "needs-ocr"


class UnsafeArchive(IngestError):
    """An archive member was refused: path traversal, zip bomb, nesting too deep."""

    code = "unsafe"


class Skipped(IngestError):
    """Not a document to read, and not a failure: a link that leaves the ingested folder, a special
    file (FIFO, device, socket, ``/proc``), operating-system litter. Listed with its reason."""

    code = "skipped"
