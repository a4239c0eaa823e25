"""Exports of records as rows: CSV (UTF-8 with BOM, so Excel reads Vietnamese), XLSX (typed cells),
JSON Lines. Cells that a spreadsheet would run as a formula are neutralized."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Callable, Iterable, Iterator

from nlp.record import Record

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

DOCUMENT_COLUMNS = (
    ("id", "Mã văn bản"), ("source", "Tệp gốc"), ("format", "Định dạng"), ("title", "Tiêu đề"),
    ("published", "Ngày văn bản"), ("doc_number", "Số văn bản"), ("activity", "Hoạt động"),
    ("inspecting_bodies", "Cơ quan kiểm tra"), ("inspected_units", "Đơn vị được kiểm tra"),
    ("references", "Văn bản trích dẫn"), ("dates", "Ngày nêu trong văn bản"), ("people", "Người"),
    ("figures", "Số liệu"), ("findings", "Số phát hiện"),
)


def document_row(rec: Record) -> dict:
    data = rec.to_json()
    dn = data["doc_number"]
    return {
        "id": rec.doc_id,
        "source": data["source"],
        "format": data["format"],
        "title": data["title"],
        "published": dt.date.fromisoformat(data["published"]) if data["published"] else None,
        "doc_number": f"{dn['number']}-{dn['symbol']}" if dn else None,
        "activity": "; ".join(data["activity"]),
        "inspecting_bodies": "; ".join(data["inspecting_bodies"]),
        "inspected_units": "; ".join(data["inspected_units"]),
        "references": "; ".join(f"{r['type'] or ''} {r['number']}-{r['symbol']}".strip()
                                for r in data["references"]),
        "dates": "; ".join(d["value"] + (f"/{d['end']}" if d["end"] else "") for d in data["dates"]),
        "people": "; ".join(p["name"] for p in data["people"]),
        "figures": "; ".join(f["text"] for f in data["figures"]),
        "findings": len(data["findings"]),
    }


def safe_cell(value):
    """Text that a spreadsheet would evaluate is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return "" if value is None else value


def write_csv(records: Iterable[Record], out: io.TextIOBase) -> int:
    out.write("\ufeff")
    w = csv.writer(out)
    w.writerow([key for key, _ in DOCUMENT_COLUMNS])
    n = 0
    for rec in records:
        row = document_row(rec)
        w.writerow([safe_cell(_plain(row[key])) for key, _ in DOCUMENT_COLUMNS])
        n += 1
    return n


def write_jsonl(records: Iterable[Record], out: io.TextIOBase) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec.to_json(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_xlsx(records: Iterable[Record], out: io.BufferedIOBase) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Văn bản")
    ws.append([label for _, label in DOCUMENT_COLUMNS])
    n = 0
    for rec in records:
        row = document_row(rec)
        ws.append([safe_cell(row[key]) for key, _ in DOCUMENT_COLUMNS])
        n += 1
    wb.save(out)
    return n


WRITERS: dict[str, tuple[Callable, bool, str]] = {
    # name: (writer, binary, mime type)
    "csv": (write_csv, False, "text/csv; charset=utf-8"),
    "json": (write_jsonl, False, "application/x-ndjson; charset=utf-8"),
    "xlsx": (write_xlsx, True, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
