"""Exports of records as tables: documents (one row each), findings and figures (one row per item,
with the document, sentence, unit and date). CSV is UTF-8 with a BOM so Excel reads Vietnamese; XLSX
has typed cells (dates as dates, numbers as numbers); JSON is JSON Lines. Cells a spreadsheet would
run as a formula are neutralized in CSV and XLSX."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Callable, Iterable, Iterator

from nlp.record import Record

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
            "date": _record_date(rec), "inspected_units": "; ".join(dict.fromkeys(m.text for m in rec.inspected_units))}


def document_rows(rec: Record) -> Iterator[dict]:
    data = rec.to_json()
    dn = data["doc_number"]
    yield {
        **_doc_cols(rec),
        "format": data["format"],
        "published": _date(data["published"]),
        "doc_number": f"{dn['number']}-{dn['symbol']}" if dn else None,
        "activity": "; ".join(data["activity"]),
        "inspecting_bodies": "; ".join(data["inspecting_bodies"]),
        "references": "; ".join(f"{r['type'] or ''} {r['number']}-{r['symbol']}".strip()
                                for r in data["references"]),
        "dates": "; ".join(d["value"] + (f"/{d['end']}" if d["end"] else "") for d in data["dates"]),
        "people": "; ".join(p["name"] for p in data["people"]),
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


# table name -> (row function, ((key, Vietnamese header), ...))
TABLES: dict[str, tuple[Callable, tuple[tuple[str, str], ...]]] = {
    "documents": (document_rows, (
        ("id", "Mã văn bản"), ("source", "Tệp gốc"), ("format", "Định dạng"), ("title", "Tiêu đề"),
        ("date", "Ngày"), ("published", "Ngày văn bản"), ("doc_number", "Số văn bản"),
        ("activity", "Hoạt động"), ("inspecting_bodies", "Cơ quan kiểm tra"),
        ("inspected_units", "Đơn vị được kiểm tra"), ("references", "Văn bản trích dẫn"),
        ("dates", "Ngày nêu trong văn bản"), ("people", "Người"), ("figures", "Số số liệu"),
        ("findings", "Số phát hiện"))),
    "findings": (finding_rows, (
        ("kind", "Loại"), ("text", "Nội dung"), ("date", "Ngày"), ("inspected_units", "Đơn vị được kiểm tra"),
        ("title", "Văn bản"), ("source", "Tệp gốc"), ("id", "Mã văn bản"), ("start", "Từ ký tự"),
        ("end", "Đến ký tự"))),
    "figures": (figure_rows, (
        ("value", "Giá trị"), ("unit", "Đơn vị tính"), ("text", "Số liệu"), ("sentence", "Câu"),
        ("date", "Ngày"), ("inspected_units", "Đơn vị được kiểm tra"), ("title", "Văn bản"),
        ("source", "Tệp gốc"), ("id", "Mã văn bản"), ("start", "Từ ký tự"), ("end", "Đến ký tự"))),
}


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


def _csv_lines(table: str, items: Iterable[dict]) -> Iterator[str]:
    """The BOM and header, then one CSV line per row."""
    cols = TABLES[table][1]
    line = _Line()
    w = csv.writer(line)
    line.write("\ufeff")
    w.writerow([key for key, _ in cols])
    yield line.take()
    for row in items:
        w.writerow([safe_cell(_plain(row[key])) for key, _ in cols])
        yield line.take()


def _jsonl_lines(table: str, items: Iterable[dict]) -> Iterator[str]:
    for row in items:
        yield json.dumps({k: _plain(v) if isinstance(v, dt.date) else v for k, v in row.items()},
                         ensure_ascii=False) + "\n"


def _write(lines: Iterator[str], out) -> int:
    n = 0
    for text in lines:
        out.write(text)
        n += 1
    return n


def write_csv(table: str, items: Iterable[dict], out: io.TextIOBase) -> int:
    return _write(_csv_lines(table, items), out) - 1  # rows, without the header


def write_jsonl(table: str, items: Iterable[dict], out: io.TextIOBase) -> int:
    return _write(_jsonl_lines(table, items), out)


_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_xlsx(table: str, items: Iterable[dict], out: io.BufferedIOBase) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cols = TABLES[table][1]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet({"documents": "Văn bản", "findings": "Phát hiện", "figures": "Số liệu"}[table])
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
            value = row[key]
            if isinstance(value, str):
                value = safe_cell(_ILLEGAL_XLSX.sub("", value))
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        ws.append(cells)
        n += 1
    wb.save(out)
    return n


# format -> (writer, binary, mime type)
WRITERS: dict[str, tuple[Callable, bool, str]] = {
    "csv": (write_csv, False, "text/csv; charset=utf-8"),
    "json": (write_jsonl, False, "application/x-ndjson; charset=utf-8"),
    "xlsx": (write_xlsx, True, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def stream_text(table: str, fmt: str, records: Iterable[Record], kinds: tuple[str, ...] = ()) -> Iterator[str]:
    """CSV or JSON Lines as a stream of chunks, so a large export never sits in memory."""
    lines = (_csv_lines if fmt == "csv" else _jsonl_lines)(table, rows(table, records, kinds))
    chunk: list[str] = []
    for text in lines:
        chunk.append(text)
        if len(chunk) == 200:
            yield "".join(chunk)
            chunk.clear()
    yield "".join(chunk)


def export(table: str, fmt: str, records: Iterable[Record], out, kinds: tuple[str, ...] = ()) -> int:
    writer = WRITERS[fmt][0]
    return writer(table, rows(table, records, kinds), out)
