"""Exports of records as tables: documents (one row each), findings and figures (one row per item,
with the document, sentence, unit and date).

Rows hold codes and lists (``kind: "strength"``, ``inspected_units: [...]``): JSON Lines keeps them as
they are, for programs. CSV and XLSX are for people: headers, finding kinds and sheet names in Vietnamese
(from the message table, ``ingest/messages.py``), lists joined with ``; ``. CSV is UTF-8 with a BOM so
Excel reads Vietnamese, with ``,`` between columns, or ``;`` (and a decimal comma) for Excel under
Vietnamese regional settings, whose list separator is ``;``. XLSX has typed cells (dates as dates,
numbers as numbers), a frozen header row, an autofilter and column widths. Cells a spreadsheet would run
as a formula are neutralized in CSV and XLSX."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Callable, Iterable, Iterator

from ingest.messages import has, msg
from nlp.record import Record
from search import nearcopy

from .labels import KIND_LABELS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# the ``sep`` parameter of an export: the column separator of a CSV file
SEPARATORS = {"comma": ",", ",": ",", "semicolon": ";", ";": ";"}


def _date(iso: str | None):
    return dt.date.fromisoformat(iso) if iso else None


def _record_date(rec: Record):
    from search.facets import record_date

    return _date(record_date(rec))


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence (or line) of ``text`` around ``[start, end)``."""
    left = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in (". ", "; ", "? ", "! ")))
    left = 0 if left < 0 else left + (1 if text[left] == "\n" else 2)
    stops = [i for i in (text.find("\n", end), *(text.find(p, end) for p in (". ", "; "))) if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    return text[left:right].strip()


def _doc_cols(rec: Record) -> dict:
    return {"id": rec.doc_id, "source": rec.document.source, "title": rec.title,
            "date": _record_date(rec), "inspected_units": list(dict.fromkeys(m.text for m in rec.inspected_units))}


def document_rows(rec: Record) -> Iterator[dict]:
    data = rec.to_json()
    dn = data["doc_number"]
    yield {
        **_doc_cols(rec),
        "format": data["format"],
        "other_files": [c["source"] for c in nearcopy.copies(rec)],
        "published": _date(data["published"]),
        "doc_number": f"{dn['number']}-{dn['symbol']}" if dn else None,
        "activity": list(data["activity"]),
        "inspecting_bodies": list(data["inspecting_bodies"]),
        "references": [f"{r['type'] or ''} {r['number']}-{r['symbol']}".strip() for r in data["references"]],
        "dates": [d["value"] + (f"/{d['end']}" if d["end"] else "") for d in data["dates"]],
        "people": [p["name"] for p in data["people"]],
        "figures": len(data["figures"]),
        "findings": len(data["findings"]),
    }


def finding_rows(rec: Record, kinds: tuple[str, ...] = ()) -> Iterator[dict]:
    base = _doc_cols(rec)
    for f in rec.findings:
        if not kinds or f.kind in kinds:
            yield {**base, "kind": f.kind, "text": f.text, "start": f.span[0], "end": f.span[1]}


def figure_rows(rec: Record, kinds: tuple[str, ...] = ()) -> Iterator[dict]:
    base = _doc_cols(rec)
    for g in rec.figures:
        yield {**base, "value": g.value, "unit": g.unit, "text": g.text,
               "sentence": sentence_at(rec.text, *g.span), "start": g.span[0], "end": g.span[1]}


# table name -> (row function, its columns in order)
_COLUMNS: dict[str, tuple[Callable, tuple[str, ...]]] = {
    "documents": (document_rows, ("id", "source", "format", "other_files", "title", "date", "published", "doc_number", "activity",
                                  "inspecting_bodies", "inspected_units", "references", "dates", "people",
                                  "figures", "findings")),
    "findings": (finding_rows, ("kind", "text", "date", "inspected_units", "title", "source", "id", "start", "end")),
    "figures": (figure_rows, ("value", "unit", "text", "sentence", "date", "inspected_units", "title", "source",
                              "id", "start", "end")),
}


def header(table: str, key: str) -> str:
    """The Vietnamese header of a column: ``column.<table>.<key>`` of the message table, else ``column.<key>``."""
    return msg(f"column.{table}.{key}") if has(f"column.{table}.{key}") else msg(f"column.{key}")


# table name -> (row function, ((key, Vietnamese header), ...))
TABLES: dict[str, tuple[Callable, tuple[tuple[str, str], ...]]] = {
    table: (fn, tuple((key, header(table, key)) for key in keys)) for table, (fn, keys) in _COLUMNS.items()}

# XLSX column widths (in characters) for the columns that need more or less than their header
WIDTHS = {"id": 16, "source": 30, "title": 50, "text": 60, "sentence": 60, "doc_number": 16, "activity": 16,
          "inspecting_bodies": 32, "inspected_units": 32, "references": 32, "dates": 24, "people": 32,
          "date": 12, "published": 12, "unit": 14, "value": 10, "format": 10,
          "other_files": 30}


def rows(table: str, records: Iterable[Record], kinds: tuple[str, ...] = ()) -> Iterator[dict]:
    fn = TABLES[table][0]
    for rec in records:
        yield from (fn(rec, kinds) if table != "documents" else fn(rec))


def safe_cell(value):
    """Text that a spreadsheet would evaluate is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return "" if value is None else value


def _shown(key: str, value):
    """A row's value as people read it in a spreadsheet: lists joined, finding kinds named."""
    if isinstance(value, list):
        return "; ".join(value)
    if key == "kind":
        return KIND_LABELS.get(value, value)
    return value


def _csv_cell(key: str, value, sep: str):
    value = _plain(_shown(key, value))
    if sep == ";" and isinstance(value, float):
        return repr(value).replace(".", ",")       # Vietnamese settings: a decimal comma
    return safe_cell(value)


class _Line:
    """A file-like that keeps what was written last, for streaming one row at a time."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, s: str) -> int:
        self.parts.append(s)
        return len(s)

    def take(self) -> str:
        out = "".join(self.parts)
        self.parts.clear()
        return out


def _csv_lines(table: str, items: Iterable[dict], sep: str = ",") -> Iterator[str]:
    """The BOM and the Vietnamese header, then one CSV line per row, ``sep`` between columns."""
    cols = TABLES[table][1]
    line = _Line()
    w = csv.writer(line, delimiter=sep)
    line.write("\ufeff")
    w.writerow([label for _, label in cols])
    yield line.take()
    for row in items:
        w.writerow([_csv_cell(key, row[key], sep) for key, _ in cols])
        yield line.take()


def _jsonl_lines(table: str, items: Iterable[dict], sep: str = ",") -> Iterator[str]:
    for row in items:
        yield json.dumps({k: _plain(v) if isinstance(v, dt.date) else v for k, v in row.items()},
                         ensure_ascii=False) + "\n"


def _write(lines: Iterator[str], out) -> int:
    n = 0
    for text in lines:
        out.write(text)
        n += 1
    return n


def write_csv(table: str, items: Iterable[dict], out: io.TextIOBase, sep: str = ",") -> int:
    return _write(_csv_lines(table, items, sep), out) - 1  # rows, without the header


def write_jsonl(table: str, items: Iterable[dict], out: io.TextIOBase, sep: str = ",") -> int:
    return _write(_jsonl_lines(table, items), out)


_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_xlsx(table: str, items: Iterable[dict], out: io.BufferedIOBase, sep: str = ",") -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    cols = TABLES[table][1]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(msg(f"sheet.{table}"))
    ws.freeze_panes = "A2"                          # the header stays in view
    for i, (key, label) in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(WIDTHS.get(key, 0), len(label) + 4)
    bold = Font(bold=True)
    header = []
    for _, label in cols:
        cell = WriteOnlyCell(ws, value=label)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    n = 0
    for row in items:
        cells = []
        for key, _ in cols:
            value = _shown(key, row[key])
            if isinstance(value, str):
                value = safe_cell(_ILLEGAL_XLSX.sub("", value))
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        ws.append(cells)
        n += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{n + 1}"
    wb.save(out)
    return n


# format -> (writer, binary, mime type)
WRITERS: dict[str, tuple[Callable, bool, str]] = {
    "csv": (write_csv, False, "text/csv; charset=utf-8"),
    "json": (write_jsonl, False, "application/x-ndjson; charset=utf-8"),
    "xlsx": (write_xlsx, True, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def stream_text(table: str, fmt: str, records: Iterable[Record], kinds: tuple[str, ...] = (),
                sep: str = ",") -> Iterator[str]:
    """CSV or JSON Lines as a stream of chunks, so a large export never sits in memory."""
    lines = (_csv_lines if fmt == "csv" else _jsonl_lines)(table, rows(table, records, kinds), sep)
    chunk: list[str] = []
    for text in lines:
        chunk.append(text)
        if len(chunk) == 200:
            yield "".join(chunk)
            chunk.clear()
    yield "".join(chunk)


def export(table: str, fmt: str, records: Iterable[Record], out, kinds: tuple[str, ...] = (), sep: str = ",") -> int:
    """Write the rows of ``table`` for ``records`` to ``out`` as ``fmt``; ``sep`` is the CSV column separator."""
    writer = WRITERS[fmt][0]
    return writer(table, rows(table, records, kinds), out, sep)
