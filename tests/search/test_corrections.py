"""Corrections on both backends: kept apart from the records (``put_item``), applied in one place
(``pipeline.corrections``) and written into the stored record, so that search, facets, findings,
statistics and the export order read them; a record written again (a batch, ``--force``) is written
corrected; undo gives the extraction back; ``kiemtra reindex`` (Elasticsearch) keeps them."""
from __future__ import annotations

import shutil

import pytest

from pipeline import corrections as fixes
from pipeline import run_batch
from search import parse

from ..conftest import SAMPLES
from .records import CORPUS, make_record

TRA_VINH = CORPUS[2]          # inspected units: Huyện đoàn Tiểu Cần, Huyện đoàn Cầu Kè
NINH_BINH = CORPUS[1]


def _people_record():
    text = ("Ngày 05/3/2023, Ban Thường vụ Huyện đoàn Kim Sơn kiểm tra Chi đoàn Thôn Đông. Đồng chí Nguyễn Văn An, "
            "Bí thư, báo cáo. Thôn Lê Lợi có 12 đoàn viên. Đề nghị Chi đoàn Thôn Đông cập nhật sổ sách.")
    rec = make_record("k/kimson.txt", text, title="Kiểm tra Chi đoàn Thôn Đông", published="2023-03-05",
                      units=("Chi đoàn Thôn Đông",), bodies=("Ban Thường vụ Huyện đoàn Kim Sơn",),
                      activity=("kiểm tra",), findings=(("strength", "Đề nghị Chi đoàn Thôn Đông cập nhật sổ sách"),))
    from dataclasses import replace

    from nlp.record import Person

    def span(s):
        i = text.index(s)
        return (i, i + len(s))

    return replace(rec, people=(Person("Nguyễn Văn An", "Bí thư", span("Nguyễn Văn An")),
                                Person("Thôn Lê Lợi", None, span("Thôn Lê Lợi"))))


KIM_SON = _people_record()


def facet(backend, name: str) -> dict[str, int]:
    return dict(backend.search(parse("", per_page=1)).facets[name])


@pytest.fixture
def loaded(backend):
    backend.upsert([*CORPUS, KIM_SON])
    return backend


def test_corrections_are_kept_apart_from_the_records(loaded):
    fixes.save(loaded, TRA_VINH.doc_id, {"action": "remove", "field": "inspected_units", "text": "Huyện đoàn Cầu Kè"})
    [item] = loaded.items(fixes.KIND)
    assert item.key == TRA_VINH.doc_id
    [c] = item.value["corrections"]
    assert (c["action"], c["field"], c["text"]) == ("remove", "inspected_units", "Huyện đoàn Cầu Kè")
    assert loaded.item(fixes.KIND, TRA_VINH.doc_id) == item.value
    assert loaded.item(fixes.KIND, NINH_BINH.doc_id) is None
    assert loaded.count() == len(CORPUS) + 1          # no record more or less


def test_a_removed_unit_leaves_the_record_the_facets_the_filters_and_the_export(loaded):
    assert facet(loaded, "inspected_unit")["Huyện đoàn Cầu Kè"] == 1
    fixed = fixes.save(loaded, TRA_VINH.doc_id,
                       {"action": "remove", "field": "inspected_units", "text": "Huyện đoàn Cầu Kè"})
    assert [m.text for m in fixed.inspected_units] == ["Huyện đoàn Tiểu Cần"]
    stored = loaded.get(TRA_VINH.doc_id)
    assert [m.text for m in stored.inspected_units] == ["Huyện đoàn Tiểu Cần"]
    assert stored.document.meta["corrections"]["fields"] == ["inspected_units"]
    assert "Huyện đoàn Cầu Kè" not in facet(loaded, "inspected_unit")
    assert facet(loaded, "inspected_unit")["Huyện đoàn Tiểu Cần"] == 1
    assert loaded.search(parse("", inspected=["Huyện đoàn Cầu Kè"])).total == 0
    assert loaded.search(parse("", inspected=["Huyện đoàn Tiểu Cần"])).total == 1
    assert "Huyện đoàn Cầu Kè" not in dict(loaded.stats(parse("")).top_units)
    exported = {r.doc_id: r for r in loaded.iter_records(parse(""))}
    assert [m.text for m in exported[TRA_VINH.doc_id].inspected_units] == ["Huyện đoàn Tiểu Cần"]
    # the text still holds the name: the document is found by its words, only the field changed
    assert loaded.search(parse("Cầu Kè")).total == 1


def test_an_added_unit_a_changed_kind_and_a_name_that_is_no_person(loaded):
    text = KIM_SON.text
    start = text.index("Thôn Lê Lợi")
    fixes.save(loaded, KIM_SON.doc_id, {"action": "add", "field": "inspected_units", "text": "Chi đoàn Thôn Lê Lợi",
                                        "span": [start, start + len("Thôn Lê Lợi")], "selected": "Thôn Lê Lợi"})
    [finding] = KIM_SON.findings
    fixes.save(loaded, KIM_SON.doc_id, {"action": "kind", "span": list(finding.span), "kind": "recommendation"})
    fixes.save(loaded, KIM_SON.doc_id, {"action": "not-person", "name": "Thôn Lê Lợi"})
    stored = loaded.get(KIM_SON.doc_id)
    assert [(m.text, m.span) for m in stored.inspected_units] == [
        ("Chi đoàn Thôn Đông", KIM_SON.inspected_units[0].span),
        ("Chi đoàn Thôn Lê Lợi", (start, start + len("Thôn Lê Lợi")))]
    assert [f.kind for f in stored.findings] == ["recommendation"]
    assert [p.name for p in stored.people] == ["Nguyễn Văn An"]
    assert sorted(stored.document.meta["corrections"]["fields"]) == ["findings", "inspected_units", "people"]
    assert facet(loaded, "inspected_unit")["Chi đoàn Thôn Lê Lợi"] == 1
    found = loaded.search_findings(parse("so sach"))
    assert [(h.doc_id, h.kind) for h in found.hits] == [(KIM_SON.doc_id, "recommendation")]
    assert found.counts.get("strength", 0) == 0
    assert loaded.search_findings(parse("", kind=["strength"])).total == 2    # Ninh Bình's and Trà Vinh's
    by_kind = {kind: n for _, kind, n in loaded.stats(parse("")).findings_by_year if _ == "2023"}
    assert by_kind == {"recommendation": 1}                                   # was {"strength": 1}


def test_a_name_typed_by_hand_is_found_in_the_text(loaded):
    fixed = fixes.save(loaded, KIM_SON.doc_id, {"action": "add", "field": "inspecting_bodies",
                                                 "text": "Huyện đoàn Kim Sơn"})
    at = KIM_SON.text.index("Huyện đoàn Kim Sơn")
    assert ("Huyện đoàn Kim Sơn", (at, at + len("Huyện đoàn Kim Sơn"))) in [(m.text, m.span)
                                                                         for m in fixed.inspecting_bodies]
    with pytest.raises(fixes.CorrectionError) as err:
        fixes.save(loaded, KIM_SON.doc_id, {"action": "add", "field": "inspecting_bodies", "text": "Tỉnh đoàn Hà Nam"})
    assert err.value.code == "not-in-text" and "Tỉnh đoàn Hà Nam" in str(err.value)
    for bad, code in (({"action": "remove", "field": "inspected_units", "text": "Không có"}, "not-found"),
                      ({"action": "remove", "field": "organizations", "text": "x"}, "bad-field"),
                      ({"action": "kind", "span": [0, 3], "kind": "limitation"}, "no-finding"),
                      ({"action": "kind", "span": list(KIM_SON.findings[0].span), "kind": "x"}, "bad-kind"),
                      ({"action": "add", "field": "inspected_units", "text": "x", "span": [5, 2]}, "bad-span"),
                      ({"action": "drop"}, "bad-action")):
        with pytest.raises(fixes.CorrectionError) as err:
            fixes.save(loaded, KIM_SON.doc_id, bad)
        assert err.value.code == code
    assert [i.key for i in loaded.items(fixes.KIND)] == [KIM_SON.doc_id]     # only the valid one was kept


def test_undo_gives_the_extraction_back(loaded):
    fixes.save(loaded, TRA_VINH.doc_id, {"action": "remove", "field": "inspected_units", "text": "Huyện đoàn Cầu Kè"})
    fixes.save(loaded, TRA_VINH.doc_id, {"action": "remove", "field": "inspected_units", "text": "Huyện đoàn Tiểu Cần"})
    assert loaded.get(TRA_VINH.doc_id).inspected_units == ()
    first, second = loaded.item(fixes.KIND, TRA_VINH.doc_id)["corrections"]
    fixes.undo(loaded, TRA_VINH.doc_id, first["id"])
    assert [m.text for m in loaded.get(TRA_VINH.doc_id).inspected_units] == ["Huyện đoàn Cầu Kè"]
    assert facet(loaded, "inspected_unit")["Huyện đoàn Cầu Kè"] == 1
    fixes.undo(loaded, TRA_VINH.doc_id, second["id"])
    stored = loaded.get(TRA_VINH.doc_id)
    assert stored.inspected_units == TRA_VINH.inspected_units
    assert "corrections" not in stored.document.meta
    assert loaded.item(fixes.KIND, TRA_VINH.doc_id) is None
    with pytest.raises(KeyError):
        fixes.undo(loaded, TRA_VINH.doc_id, second["id"])


def test_a_correction_made_twice_or_taken_back_by_its_opposite_is_one_or_none(loaded):
    [finding] = KIM_SON.findings
    for kind in ("limitation", "recommendation"):
        fixes.save(loaded, KIM_SON.doc_id, {"action": "kind", "span": list(finding.span), "kind": kind})
    assert [c["kind"] for c in loaded.item(fixes.KIND, KIM_SON.doc_id)["corrections"]] == ["recommendation"]
    fixes.save(loaded, KIM_SON.doc_id, {"action": "kind", "span": list(finding.span), "kind": "strength"})
    assert loaded.item(fixes.KIND, KIM_SON.doc_id) is None          # back to what was extracted
    fixes.save(loaded, KIM_SON.doc_id, {"action": "remove", "field": "inspected_units", "text": "Chi đoàn Thôn Đông"})
    fixes.save(loaded, KIM_SON.doc_id, {"action": "add", "field": "inspected_units", "text": "Chi đoàn Thôn Đông"})
    assert loaded.item(fixes.KIND, KIM_SON.doc_id) is None
    assert loaded.get(KIM_SON.doc_id).inspected_units == KIM_SON.inspected_units


def test_a_record_written_again_is_written_corrected(loaded):
    """What a batch (and ``--force``) does: the freshly extracted record goes through ``corrected``."""
    fixes.save(loaded, TRA_VINH.doc_id, {"action": "remove", "field": "inspected_units", "text": "Huyện đoàn Cầu Kè"})
    loaded.upsert(fixes.corrected(loaded, [TRA_VINH, NINH_BINH]))
    assert [m.text for m in loaded.get(TRA_VINH.doc_id).inspected_units] == ["Huyện đoàn Tiểu Cần"]
    assert "corrections" not in loaded.get(NINH_BINH.doc_id).document.meta
    assert "Huyện đoàn Cầu Kè" not in facet(loaded, "inspected_unit")
    # applying to a record already corrected changes nothing (it starts again from the extraction)
    stored = loaded.get(TRA_VINH.doc_id)
    corrections = loaded.item(fixes.KIND, TRA_VINH.doc_id)["corrections"]
    assert fixes.apply(stored, corrections) == stored
    assert fixes.extracted(stored).inspected_units == TRA_VINH.inspected_units


@pytest.mark.parametrize("as_list", [True, False], ids=["one-record", "a-batch"])
def test_a_report_read_from_a_better_file_keeps_its_corrections(loaded, as_list):
    """``pipeline.copies``: when another file of a report comes to stand for it, the report's id
    changes; its corrections follow it."""
    from dataclasses import replace

    fixes.save(loaded, TRA_VINH.doc_id, {"action": "remove", "field": "inspected_units", "text": "Huyện đoàn Cầu Kè"})
    doc = TRA_VINH.document
    better = replace(TRA_VINH, document=doc.replace(
        sha256="b" * 64, source="c/travinh.docx", format="docx",
        meta={"copies": [{"source": doc.source, "sha256": doc.sha256, "format": doc.format}]}))
    written = fixes.corrected(loaded, [better] if as_list else iter([better]))
    loaded.upsert(written)
    loaded.delete(TRA_VINH.doc_id)
    assert [m.text for m in loaded.get(better.doc_id).inspected_units] == ["Huyện đoàn Tiểu Cần"]
    assert [i.key for i in loaded.items(fixes.KIND)] == [better.doc_id]
    assert "Huyện đoàn Cầu Kè" not in facet(loaded, "inspected_unit")


def test_ingest_force_reads_the_file_again_and_keeps_the_correction(backend, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for p in SAMPLES.glob("00[0-4].txt"):
        shutil.copy(p, docs / p.name)
    assert not run_batch([docs], backend).failed
    record = next(r for r in backend.iter_records(parse("")) if r.inspected_units)
    unit = record.inspected_units[0].text
    before = facet(backend, "inspected_unit").get(unit, 0)
    fixes.save(backend, record.doc_id, {"action": "remove", "field": "inspected_units", "text": unit})
    assert facet(backend, "inspected_unit").get(unit, 0) == before - 1
    report = run_batch([docs], backend, force=True)
    assert report.indexed == 5 and not report.failed
    again = backend.get(record.doc_id)
    assert unit not in [m.text for m in again.inspected_units]
    assert again.document.meta["corrections"]["items"][0]["applied"] is True
    assert facet(backend, "inspected_unit").get(unit, 0) == before - 1


@pytest.mark.elasticsearch
def test_reindex_copies_the_corrected_records(elasticsearch_url):
    import uuid

    from search.elastic import ElasticsearchBackend

    es = ElasticsearchBackend(elasticsearch_url, index=f"kiemtra-test-{uuid.uuid4().hex[:12]}")
    try:
        es.upsert([*CORPUS, KIM_SON])
        fixes.save(es, TRA_VINH.doc_id, {"action": "remove", "field": "inspected_units", "text": "Huyện đoàn Cầu Kè"})
        fixes.save(es, KIM_SON.doc_id, {"action": "kind", "span": list(KIM_SON.findings[0].span),
                                        "kind": "limitation"})
        done = es.reindex()
        assert done.documents == len(CORPUS) + 1
        assert [m.text for m in es.get(TRA_VINH.doc_id).inspected_units] == ["Huyện đoàn Tiểu Cần"]
        assert "Huyện đoàn Cầu Kè" not in facet(es, "inspected_unit")
        assert [h.kind for h in es.search_findings(parse("so sach")).hits] == ["limitation"]
        assert len(es.item(fixes.KIND, TRA_VINH.doc_id)["corrections"]) == 1   # the corrections stay too
    finally:
        es.drop()
        es.close()
