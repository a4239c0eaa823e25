"""The kiemtra command line over real sample files."""
from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from openpyxl import load_workbook

from ..conftest import SAMPLES


@pytest.fixture
def sample_dir(tmp_path):
    d = tmp_path / "archive"
    d.mkdir()
    for p in sorted(SAMPLES.glob("00[0-4].*")):
        shutil.copy(p, d / p.name)
    return d


def test_extract_json_is_one_schema_record_per_file_in_input_order(runner):
    files = [str(SAMPLES / f"00{i}.txt") for i in (3, 0, 4, 1, 2)]
    result = runner.invoke(args=["extract", *files, "--json"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().split("\n")
    assert len(lines) == 5
    records = [json.loads(line) for line in lines]
    assert [r["source"] for r in records] == files
    schema_fields = ["source", "sha256", "format", "title", "published", "doc_number", "activity",
                     "inspecting_bodies", "inspected_units", "organizations", "references", "dates",
                     "people", "figures", "findings"]
    for r in records:
        assert list(r)[:len(schema_fields)] == schema_fields
        assert r["format"] == "txt" and len(r["sha256"]) == 64
    assert records[1]["references"][0]["symbol"] == "KH/UBKT"


def test_extract_reports_an_unreadable_file_on_its_own_line(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(args=["extract", str(SAMPLES / "000.txt"), str(empty), "--json"])
    assert result.exit_code == 1
    lines = [json.loads(x) for x in result.stdout.strip().split("\n")]
    assert len(lines) == 2 and lines[1]["source"] == str(empty) and lines[1]["error_code"] == "empty"
    assert lines[1]["error"] == "tệp rỗng (0 byte)"


def test_ingest_then_search_then_export(runner, sample_dir, tmp_path):
    result = runner.invoke(args=["ingest", str(sample_dir), "--no-progress"])
    assert result.exit_code == 0, result.output
    # each sample is one report in four formats: one is read for it, the three others are its files
    assert "5 tệp đã lập chỉ mục" in result.output and "15 tệp trùng nội dung" in result.output

    again = runner.invoke(args=["ingest", str(sample_dir), "--no-progress"])
    assert "0 tệp đã lập chỉ mục, 20 tệp không đổi" in again.output

    found = runner.invoke(args=["search", "ke", "hoach", "383", "--json"])
    assert found.exit_code == 0
    hits = [json.loads(x) for x in found.stdout.strip().split("\n")]
    assert len(hits) == 1 and hits[0]["source"].endswith(".docx")
    assert hits[0]["formats"] == ["docx", "html", "pdf", "txt"]

    out = runner.invoke(args=["export", "ref:383-KH/UBKT", "--format", "csv"])
    assert out.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.stdout.lstrip("\ufeff"))))
    assert len(rows) == 1 and all("383-KH/UBKT" in r["Văn bản trích dẫn"] for r in rows)
    semi = runner.invoke(args=["export", "ref:383-KH/UBKT", "--format", "csv", "--sep", "semicolon"])
    rows = list(csv.DictReader(io.StringIO(semi.stdout.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 1 and all("383-KH/UBKT" in r["Văn bản trích dẫn"] for r in rows)

    xlsx = tmp_path / "out.xlsx"
    assert runner.invoke(args=["export", "--format", "xlsx", "-o", str(xlsx)]).exit_code == 0
    ws = load_workbook(xlsx).active
    assert ws.max_row == 6
    title_column = [c.value for c in ws[1]].index("Tiêu đề")
    titles = [row[title_column].value for row in ws.iter_rows(min_row=2)]
    assert any(t and t.startswith("Tỉnh đoàn Ninh Bình kiểm tra Huyện đoàn Yên Khánh") for t in titles)


def test_bad_files_are_reported_and_the_rest_ingested(runner, tmp_path):
    d = tmp_path / "mixed"
    d.mkdir()
    shutil.copy(SAMPLES / "004.txt", d / "good.txt")
    shutil.copy(SAMPLES / "000.pdf", d / "good.pdf")
    (d / "broken.pdf").write_bytes((SAMPLES / "001.pdf").read_bytes()[:400])
    (d / "empty.txt").write_bytes(b"")
    (d / "mystery.bin").write_bytes(bytes(range(256)) * 40)
    result = runner.invoke(args=["ingest", str(d), "--no-progress"])
    assert result.exit_code == 3, result.output
    assert "2 tệp đã lập chỉ mục" in result.output
    for name in ("broken.pdf", "empty.txt", "mystery.bin"):
        assert name in result.output
    failures = runner.invoke(args=["failures"])
    failed = dict(line.split("\t") for line in failures.stdout.strip().split("\n"))
    assert {p.rsplit("/", 1)[1] for p in failed} == {"broken.pdf", "empty.txt", "mystery.bin"}
    assert all(reason.strip() for reason in failed.values())


def test_search_with_a_bad_query_exits_2(runner):
    result = runner.invoke(args=["search", "from:2022-44"])
    assert result.exit_code == 2
    assert "không hợp lệ" in result.output
