"""nlp: Document → Record (see ../shared/record-schema.md).

Public API: ``extract(document) -> Record``. Everything else in this package is an implementation
detail of that function (one module per field) plus the shared contract ``record`` / ``normalize``.

The rules (the module ``nlp.extract`` and what it imports: compiled grammar, word lists) are loaded on
the first call, not when the package is imported: ``nlp.record`` is the contract every layer imports,
and a command that extracts nothing (``kiemtra search``, ``kiemtra ingest --queue``) starts without them.
"""
from __future__ import annotations

import importlib
import sys
import types

from ingest.document import Document

from .record import DateItem, DocNumber, Figure, Finding, Mention, Person, Record, Reference

_rules = None


def extract(document: Document, roles_model=True) -> Record:
    """Every field of ``document`` (``nlp.extract.extract``, loaded on the first call)."""
    global _rules
    if _rules is None:
        _rules = importlib.import_module(".extract", __name__).extract
    return _rules(document, roles_model)


class _Package(types.ModuleType):
    """This package, whose name ``extract`` stays the function above when the submodule of that name
    is imported (Python binds a submodule's name on its package when it first loads it)."""

    def __setattr__(self, name, value):
        if name == "extract" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = ["extract", "Record", "Mention", "DocNumber", "Reference", "DateItem", "Person", "Figure",
           "Finding"]
