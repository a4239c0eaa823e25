"""nlp: Document → Record (see ../shared/record-schema.md).

Public API: ``extract(document) -> Record``. Everything else in this package is an implementation
detail of that function (one module per field) plus the shared contract ``record`` / ``normalize``.
"""
from .extract import extract
from .record import (DateItem, DocNumber, Figure, Finding, Mention, Person, Record, Reference)

__all__ = ["extract", "Record", "Mention", "DocNumber", "Reference", "DateItem", "Person", "Figure",
           "Finding"]
