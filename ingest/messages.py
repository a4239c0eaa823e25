"""What kiemtra says to people, in Vietnamese, from one table: ``ingest/data/messages.tsv``.

Machines read codes: an ``IngestError``'s ``code`` (``empty``, ``corrupt``...), the API's ``error_code``,
the keys of the JSON export. People read the texts of this table: why a file could not be read (in the
manifest, ``kiemtra failures``, the upload page and the API's ``error``), the headers of the CSV and XLSX
exports and the names of finding kinds. Each line of the table is a key, a tab and the text, in which
``{name}`` is filled in with what the message is about (a size, a limit, a file name). A translator edits
the table alone; ``tests/ingest/test_messages.py`` checks that every key the code asks for is there and
names the same fields. The table sits in ``ingest``, the first layer, so that every layer can read it.
"""
from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("data") / "messages.tsv"


@cache
def table() -> dict[str, str]:
    """``{key: text}``, read once per process (lines starting with ``#`` are comments)."""
    out: dict[str, str] = {}
    for n, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, tab, text = line.partition("\t")
        if not tab or not key.strip() or not text.strip() or key.strip() in out:
            raise ValueError(f"{TABLE.name}:{n}: expected a new key, a tab and a text: {line!r}")
        out[key.strip()] = unicodedata.normalize("NFC", text.strip())
    return out


def msg(key: str, **fields) -> str:
    """The text for ``key`` with its ``{fields}`` filled in."""
    return table()[key].format_map(fields)


def has(key: str) -> bool:
    return key in table()
