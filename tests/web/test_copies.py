"""One result per report: the same report in several files (the samples are each a .docx, .html, .pdf
and .txt of one report) is one record listing its files, whatever order the files come in, on both
backends, through the batch a user's folder goes through."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import run_batch
from search import nearcopy, parse

SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "samples"
FORMATS = ("docx", "html", "pdf", "txt")


def _folder(tmp_path: Path, name: str, files: list[str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for f in files:
        shutil.copy(SAMPLES / f, folder / f)
    return folder


def _files_of(record) -> dict[str, str]:
    return {Path(f["source"]).name: f["format"] for f in nearcopy.files(record)}


def test_the_samples_in_four_formats_are_five_reports(backend, tmp_path):
    folder = _folder(tmp_path, "kho", [f"{n:03d}.{fmt}" for n in range(5) for fmt in FORMATS])
    outcomes = []
    report = run_batch([folder], backend, jobs=2, outcomes=outcomes)
    assert (report.indexed, report.duplicates, report.failed_count) == (5, 15, 0)
    assert backend.count() == 5
    for record in backend.iter_records():
        n = Path(record.document.source).stem
        # the .docx reads best: it stands for the report whatever file was read first
        assert record.document.format == "docx"
        assert _files_of(record) == {f"{n}.{fmt}": fmt for fmt in FORMATS}
    # every file is an outcome, and every outcome leads to a report in the index
    assert sorted(Path(o.source).name for o in outcomes) == sorted(p.name for p in folder.iterdir())
    assert {o.status for o in outcomes} == {"indexed", "duplicate"}
    assert all(backend.get(o.sha256) is not None for o in outcomes)
    # facets count reports, and a report is found by any of its files' formats
    result = backend.search(parse(""))
    assert result.total == 5
    assert dict(result.facets["format"]) == {fmt: 5 for fmt in FORMATS}
    pdf = backend.search(parse("dinhdang:pdf"))
    assert pdf.total == 5
    assert {h.formats for h in pdf.hits} == {FORMATS}
    findings = backend.search_findings(parse(""))
    assert len({h.doc_id for h in findings.hits}) <= 5
    # each file is in the manifest under its own content, so that a re-run skips every one
    again = run_batch([folder], backend)
    assert (again.skipped, again.indexed, again.duplicates) == (20, 0, 0)
    assert backend.count() == 5


def test_a_better_file_met_later_takes_the_report_over(backend, tmp_path):
    texts = _folder(tmp_path, "van-ban", ["000.txt", "001.txt"])
    first = run_batch([texts], backend)
    assert (first.indexed, backend.count()) == (2, 2)
    txt_ids = {r.doc_id for r in backend.iter_records()}
    later = _folder(tmp_path, "ban-goc", ["000.docx", "000.pdf", "001.docx"])
    outcomes = []
    second = run_batch([later], backend, outcomes=outcomes)
    assert (second.indexed, second.duplicates, backend.count()) == (2, 1, 2)
    records = {Path(r.document.source).name: r for r in backend.iter_records()}
    assert set(records) == {"000.docx", "001.docx"}
    assert _files_of(records["000.docx"]) == {"000.docx": "docx", "000.txt": "txt", "000.pdf": "pdf"}
    assert _files_of(records["001.docx"]) == {"001.docx": "docx", "001.txt": "txt"}
    # the text files' records left the index; their files are still listed, under their own content
    assert all(backend.get(i) is None for i in txt_ids)
    assert {backend.file(str(texts / "000.txt")).sha256} <= txt_ids
    assert {(Path(o.source).name, o.status) for o in outcomes} == {
        ("000.docx", "indexed"), ("000.pdf", "duplicate"), ("001.docx", "indexed")}


def test_forced_reading_keeps_the_files_of_each_report(backend, tmp_path):
    folder = _folder(tmp_path, "kho", ["002.docx", "002.html", "002.txt"])
    run_batch([folder], backend)
    forced = run_batch([folder], backend, force=True)
    assert (forced.indexed, forced.duplicates, backend.count()) == (1, 2, 1)
    (record,) = backend.iter_records()
    assert _files_of(record) == {"002.docx": "docx", "002.html": "html", "002.txt": "txt"}


def test_reports_that_only_look_alike_stay_apart(backend, tmp_path):
    """Two reports written from one template share their frame, not their findings and units."""
    frame = ("Thực hiện Kế hoạch số 12-KH/ĐTN ngày 02/3/2023 của Ban Thường vụ Huyện đoàn về kiểm tra công "
             "tác đoàn và phong trào thanh thiếu nhi năm 2023, đoàn kiểm tra đã làm việc với {unit}. ")
    body_a = ("Qua kiểm tra cho thấy chi đoàn duy trì sinh hoạt định kỳ hằng tháng, sổ sách ghi chép đầy đủ, "
              "đoàn viên tích cực tham gia các hoạt động tình nguyện tại địa phương và hỗ trợ người dân "
              "trong mùa thu hoạch lúa. Tuy nhiên việc thu nộp đoàn phí còn chậm, một số đoàn viên đi "
              "làm ăn xa chưa được quản lý chặt chẽ, phần mềm quản lý đoàn viên chưa được cập nhật.")
    body_b = ("Kết quả kiểm tra cho thấy đoàn cơ sở chưa xây dựng kế hoạch công tác năm, biên bản sinh hoạt "
              "chi đoàn thiếu chữ ký, nhiều chi đoàn không tổ chức sinh hoạt chủ điểm theo hướng dẫn của "
              "cấp trên. Đoàn kiểm tra đề nghị Ban Chấp hành khắc phục ngay các hạn chế, hoàn thiện hồ sơ "
              "trước ngày 30/6/2023 và báo cáo kết quả về Ban Thường vụ Huyện đoàn.")
    folder = tmp_path / "mau"
    folder.mkdir()
    (folder / "a.txt").write_text(frame.format(unit="Đoàn xã Yên Hòa") + body_a, encoding="utf-8")
    (folder / "b.txt").write_text(frame.format(unit="Đoàn xã Yên Lộc") + body_b, encoding="utf-8")
    report = run_batch([folder], backend)
    assert (report.indexed, report.duplicates, backend.count()) == (2, 0, 2)


def test_near_copies_finds_candidates_by_band_on_both_backends(backend, tmp_path):
    folder = _folder(tmp_path, "kho", ["003.docx", "004.docx"])
    run_batch([folder], backend)
    text = (SAMPLES / "003.txt").read_text(encoding="utf-8")
    ids = {Path(r.document.source).stem: r.doc_id for r in backend.iter_records()}
    other = (SAMPLES / "004.txt").read_text(encoding="utf-8")
    # one request for many texts, each with its own candidates, a short text with none
    found = backend.near_copies([text, "quá ngắn để so sánh", other])
    assert len(found) == 3
    assert found[0][:1] == [ids["003"]] and ids["004"] not in found[0]
    assert found[1] == []
    assert found[2][:1] == [ids["004"]] and ids["003"] not in found[2]
    assert backend.near_copies([]) == []


def test_get_many_reads_the_records_it_holds_in_one_request(backend, tmp_path):
    folder = _folder(tmp_path, "kho", ["000.txt", "001.txt"])
    run_batch([folder], backend)
    ids = sorted(r.doc_id for r in backend.iter_records())
    got = backend.get_many([*ids, "0" * 64, ids[0]])
    assert sorted(got) == ids
    assert all(got[i].text == backend.get(i).text and got[i].doc_id == i for i in ids)
    assert backend.get_many([]) == {}


@pytest.mark.parametrize("text, other, same", [
    ("Đoàn kiểm tra " * 30 + "kết luận", "ĐOÀN KIỂM TRA " * 30 + "kết luận", True),   # case and layout
    ("một hai ba bốn năm sáu bảy tám chín mười " * 5, "mười chín tám bảy sáu năm bốn ba hai một " * 5, False),
])
def test_resemblance_folds_case_and_diacritics_and_keeps_word_order(text, other, same):
    assert nearcopy.same_report(text, other) is same


class _Counting:
    """A real backend whose near-copy look-ups and reads are counted."""

    def __init__(self, backend):
        self.backend = backend
        self.calls: list[str] = []

    def __getattr__(self, name):
        if name in ("near_copies", "get", "get_many"):
            self.calls.append(name)
        return getattr(self.backend, name)


def _record(path: Path):
    import hashlib

    from pipeline import Task, process

    data = path.read_bytes()
    return process(Task(str(path), hashlib.sha256(data).hexdigest(), len(data), path=str(path))).record


def test_a_write_groups_files_with_the_index_in_two_requests(backend, tmp_path):
    """A queue worker's write (``grouped``): the index's candidates of all its records in one request,
    read in one more, and the same grouping as one record at a time."""
    from pipeline.copies import grouped

    run_batch([_folder(tmp_path, "truoc", ["000.txt", "001.txt", "002.txt"])], backend)
    before = {Path(r.document.source).name: r.doc_id for r in backend.iter_records()}
    later = _folder(tmp_path, "sau", ["000.docx", "001.pdf", "003.txt", "000.pdf"])
    records = [_record(later / n) for n in ("000.docx", "001.pdf", "003.txt", "000.pdf")]
    counting = _Counting(backend)
    written, retired = grouped(counting, records)
    assert sorted(counting.calls) == ["get_many", "near_copies"]
    by_name = {Path(r.document.source).name: r for r in written}
    # the .docx and .pdf read better than the indexed .txt files and take their reports over
    assert set(by_name) == {"000.docx", "001.pdf", "003.txt"}
    assert _files_of(by_name["000.docx"]) == {"000.docx": "docx", "000.txt": "txt", "000.pdf": "pdf"}
    # 001: the .pdf reads better than the indexed .txt too
    assert _files_of(by_name["001.pdf"]) == {"001.pdf": "pdf", "001.txt": "txt"}
    # the indexed records that became files of another report leave the index; 002 is not touched
    assert {before["000.txt"], before["001.txt"]} <= retired
    assert not retired & ({r.doc_id for r in written} | {before["002.txt"]})


_FRAME = ("Đoàn kiểm tra của Ban Thường vụ Huyện đoàn đã làm việc với chi đoàn về công tác tổ chức sinh "
          "hoạt định kỳ, quản lý đoàn viên, thu nộp đoàn phí, xây dựng kế hoạch và báo cáo kết quả thực "
          "hiện các chương trình công tác trong năm, đồng thời ghi nhận những cách làm hay ở cơ sở. ")


def report(n: int) -> str:
    """A report written from one template: the same frame, its own numbers."""
    return f"Kế hoạch số {n}-KH/ĐTN ngày {n % 28 + 1}/3/2023. " + _FRAME * 3 + f"Tổng số {n} đoàn viên."


def _template_indexed(backend, tmp_path):
    """The index holding ``report(12)``, and an empty folder for later files."""
    folder = tmp_path / "kho"
    folder.mkdir()
    (folder / "a.txt").write_text(report(12), encoding="utf-8")
    run_batch([folder], backend)
    later = tmp_path / "sau"
    later.mkdir()
    return next(backend.iter_records()), later


def test_a_look_alike_met_again_is_told_apart_by_its_remembered_numbers_until_it_is_written_again(backend, tmp_path):
    """A batch meets the same indexed look-alike for many files: its numbers are read once, and read
    again once the batch writes that record anew."""
    from pipeline.copies import Reports

    indexed, later = _template_indexed(backend, tmp_path)
    records = []
    for n in (34, 56, 78):
        (later / f"{n}.txt").write_text(report(n), encoding="utf-8")
        records.append(_record(later / f"{n}.txt"))
    counting = _Counting(backend)
    reports = Reports(counting)
    assert [reports.find(r, {}) for r in records[:2]] == [None, None]     # the same frame, other numbers
    assert counting.calls.count("get") == 1
    reports.flushed([indexed.doc_id])
    assert reports.find(records[2], {}) is None
    assert counting.calls.count("get") == 2
    # a copy of it, in capitals, is still found: its numbers are the indexed one's
    (later / "ban-sao.txt").write_text(report(12).upper(), encoding="utf-8")
    found = reports.find(_record(later / "ban-sao.txt"), {})
    assert found is not None and found.doc_id == indexed.doc_id


def test_a_workers_writes_remember_the_numbers_of_the_look_alikes_they_read(backend, tmp_path):
    """A queue worker's writes share one memory of numbers (``grouped(..., numbers)``): an indexed
    look-alike read for one write is not read again for a later one whose records state other numbers,
    and a copy of it is still found."""
    from collections import OrderedDict

    from pipeline.copies import grouped
    from search.nearcopy import copies

    indexed, later = _template_indexed(backend, tmp_path)
    for name, text in (("34.txt", report(34)), ("56.txt", report(56)), ("ban-sao.txt", report(12).upper())):
        (later / name).write_text(text, encoding="utf-8")
    read: list[list[str]] = []

    class Reading(_Counting):
        def get_many(self, ids):
            read.append(list(ids))
            return self.backend.get_many(ids)

    numbers: OrderedDict = OrderedDict()
    reading = Reading(backend)
    assert grouped(reading, [_record(later / "34.txt")], numbers)[1] == set()
    assert read[-1] == [indexed.doc_id] and indexed.doc_id in numbers
    assert grouped(reading, [_record(later / "56.txt")], numbers)[1] == set()
    assert read[-1] == [] and "get" not in reading.calls
    written, retired = grouped(reading, [_record(later / "ban-sao.txt")], numbers)
    assert read[-1] == [indexed.doc_id]
    # one report of the two files: the copy's record with the indexed file listed, or the other way
    assert len(written) == 1 and len(copies(written[0])) == 1
    assert indexed.doc_id in {written[0].doc_id} | retired
