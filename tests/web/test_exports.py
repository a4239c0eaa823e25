"""Exports as a person opens them in Excel (XLSX; CSV with `,` or, for Vietnamese regional settings,
`;`) and as a program reads them (JSON Lines with codes and lists)."""
from __future__ import annotations

import csv
import io
import json
import re

from openpyxl import load_workbook

from web import get_backend

from ..search.records import make_record

PERCENT = make_record(
    "p/tyle.txt", "Tỷ lệ đoàn viên tham gia đạt 87,5%; Chi đoàn Một và Chi đoàn Hai được kiểm tra.",
    title="Báo cáo tỷ lệ", published="2023-05-02", units=("Chi đoàn Một", "Chi đoàn Hai"),
    findings=(("strength", "Tỷ lệ đoàn viên tham gia đạt 87,5%"),), figures=(("87,5%", 87.5, "%"),))


def _csv(client, sep=None, **params):
    r = client.get("/export", query_string={**params, "output": "csv", **({"sep": sep} if sep else {})})
    assert r.status_code == 200, r.get_data(as_text=True)
    text = r.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return r, text.lstrip("\ufeff")


def test_xlsx_has_a_frozen_header_an_autofilter_widths_and_vietnamese_kinds(client):
    x = client.get("/export", query_string={"table": "findings", "output": "xlsx"})
    ws = load_workbook(io.BytesIO(x.data)).active
    assert ws.title == "Phát hiện"
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Loại", "Nội dung", "Ngày"]
    assert len(header) == 9 and ws.max_row == 5        # the header and the four findings of the corpus
    assert ws.auto_filter.ref == "A1:I5"
    assert ws.column_dimensions["B"].width >= 50        # the finding's text
    assert all(ws.column_dimensions[c.column_letter].width >= len(c.value) for c in ws[1])
    kinds = {row[0].value for row in ws.iter_rows(min_row=2)}
    assert kinds == {"Ưu điểm", "Hạn chế", "Kiến nghị"}


def test_csv_headers_and_kinds_are_vietnamese_and_json_keeps_codes_and_lists(client):
    with client.application.app_context():
        get_backend().upsert([PERCENT])
    _, text = _csv(client, table="findings")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:3] == ["Loại", "Nội dung", "Ngày"]
    assert {r["Loại"] for r in rows} == {"Ưu điểm", "Hạn chế", "Kiến nghị"}
    _, text = _csv(client, q="ty le")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["Đơn vị được kiểm tra"] == "Chi đoàn Một; Chi đoàn Hai"
    j = client.get("/export", query_string={"output": "json", "q": "ty le"})
    item = json.loads(j.get_data(as_text=True).splitlines()[0])
    assert item["inspected_units"] == ["Chi đoàn Một", "Chi đoàn Hai"]
    assert isinstance(item["references"], list) and isinstance(item["people"], list)
    assert item["published"] == "2023-05-02" and "title" in item
    f = client.get("/api/export", query_string={"output": "json", "table": "findings", "q": "ty le"})
    assert [json.loads(line)["kind"] for line in f.get_data(as_text=True).splitlines()] == ["strength"]


def test_semicolon_csv_splits_into_the_columns_excel_shows_under_vietnamese_settings(client):
    with client.application.app_context():
        get_backend().upsert([PERCENT])
    r, text = _csv(client, sep="semicolon", table="figures", q="ty le")
    lines = text.splitlines()
    header = lines[0].split(";")
    assert header[:4] == ["Giá trị", "Đơn vị tính", "Số liệu", "Câu"] and len(header) == 11
    cells = next(csv.reader(io.StringIO(lines[1]), delimiter=";"))
    assert len(cells) == 11
    assert cells[0] == "87,5"                     # a decimal comma, as Vietnamese Excel reads numbers
    assert cells[2] == "87,5%" and cells[5] == "Chi đoàn Một; Chi đoàn Hai"
    # the same export with commas: one column per header too
    _, text = _csv(client, table="figures", q="ty le")
    assert next(csv.reader(io.StringIO(text.splitlines()[1])))[0] == "87.5"
    assert len(text.splitlines()[0].split(",")) == 11


def test_csv_content_type_names_its_charset_once(client):
    for url in ("/export?output=csv", "/export?output=csv&sep=semicolon", "/api/export?output=csv",
                "/stats/units.csv"):
        r = client.get(url)
        assert r.status_code == 200 and r.get_data(as_text=True).startswith("\ufeff"), url
        assert r.headers["Content-Type"] == "text/csv; charset=utf-8", url
    j = client.get("/export?output=json")
    assert j.get_data() and j.headers["Content-Type"] == "application/x-ndjson; charset=utf-8"


def test_a_semicolon_csv_still_neutralizes_formulas_and_a_bad_separator_is_400(client):
    evil = make_record("e/evil.txt", "Nội dung =cmd|' /C calc'!A0", title="=HYPERLINK(\"http://x\",\"bấm\")")
    with client.application.app_context():
        get_backend().upsert([evil])
    _, text = _csv(client, sep="semicolon", q="cmd")
    row = next(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert row["Tiêu đề"] == "'=HYPERLINK(\"http://x\",\"bấm\")"
    assert client.get("/export?output=csv&sep=tab").status_code == 400
    assert client.get("/api/export?output=csv&sep=tab").get_json()["error_code"] == "bad-parameter"


def test_the_search_page_offers_both_csv_kinds_and_says_which_to_choose(client):
    html = client.get("/", query_string={"q": "doan vien"}).get_data(as_text=True)
    assert "định dạng vùng Việt Nam" in html and "CSV ;" in html and "CSV ," in html
    link = re.search(r'href="([^"]*table=findings[^"]*sep=semicolon[^"]*)"', html).group(1).replace("&amp;", "&")
    r = client.get(link)
    header = r.get_data(as_text=True).lstrip("\ufeff").splitlines()[0]
    assert header.split(";")[:2] == ["Loại", "Nội dung"]
