"""The evaluation metrics (nlp/evaluate.py), with expectations computed by hand."""
from __future__ import annotations

import json

import pytest

from nlp import evaluate as ev

TEXT = ("Ban Thường vụ Tỉnh đoàn kiểm tra Huyện đoàn Yên Khánh. Kết quả tốt. "
        "Còn hạn chế về sinh hoạt. Đề nghị khắc phục ngay.")


def gold(**kw) -> dict:
    base = {"title": "T", "published": None, "doc_number": None, "activity": [], "inspecting_bodies": [],
            "inspected_units": [], "organizations": [], "references": [], "dates": [], "people": [],
            "figures": [], "findings": []}
    base.update(kw)
    return base


def one(field, pred, gold_, text=TEXT):
    return ev.score_document(text, pred, gold_, fields=(field,))[field]


def test_precision_recall_f1_by_hand():
    s = ev.Score(tp=2, predicted=3, gold=4)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))   # 4/7
    assert s.f1 == pytest.approx(4 / 7)
    empty = ev.Score()
    assert (empty.precision, empty.recall, empty.f1) == (1.0, 1.0, 1.0)
    assert ev.Score(tp=0, predicted=2, gold=0).precision == 0.0
    assert ev.Score(tp=0, predicted=0, gold=2).recall == 0.0


def test_micro_average_sums_counts_over_documents():
    d1 = (TEXT, gold(activity=["kiểm tra"]), gold(activity=["kiểm tra", "giám sát"]))  # tp 1, p 1, g 2
    d2 = (TEXT, gold(activity=["giám sát"]), gold(activity=[]))                         # tp 0, p 1, g 0
    s = ev.evaluate([d1, d2], fields=("activity",))["activity"]
    assert (s.tp, s.predicted, s.gold) == (1, 2, 2)
    assert s.precision == 0.5 and s.recall == 0.5


def test_references_match_by_number_and_symbol_then_attributes():
    g = gold(references=[
        {"text": "Kế hoạch số 261- KH/TĐTN-XDĐ", "type": "Kế hoạch", "number": "261", "symbol": "KH/TĐTN-XDĐ",
         "date": "2022-05-04", "issuer": "Ban Thường vụ Tỉnh đoàn"},
        {"text": "Chỉ thị 42", "type": "Chỉ thị", "number": "42", "symbol": "", "date": None, "issuer": None},
    ])
    p = gold(references=[
        {"text": "x", "type": "Kế hoạch", "number": "261", "symbol": "KH/TĐTN–XDĐ",   # en dash: same key
         "date": "2022-05-05", "issuer": "Ban Thuong vu Tinh doan"},                  # folded issuer equal
        {"text": "y", "type": "Quyết định", "number": "43", "symbol": "", "date": None, "issuer": None},
    ])
    s = one("references", p, g)
    assert (s.tp, s.predicted, s.gold) == (1, 2, 2)
    assert s.attrs == {"type": [1, 1], "date": [0, 1], "issuer": [1, 1]}


def test_dates_match_by_value_and_end():
    g = gold(dates=[{"text": "a", "value": "2023-11-02", "end": "2023-11-10"},
                    {"text": "b", "value": "2023-10-18", "end": None}])
    p = gold(dates=[{"text": "c", "value": "2023-11-02", "end": None},          # end differs: no match
                    {"text": "d", "value": "2023-10-18", "end": None}])
    s = one("dates", p, g)
    assert (s.tp, s.predicted, s.gold) == (1, 2, 2)


def test_names_fold_and_tolerate_spelling_but_not_parts():
    assert ev.name_score("Uỷ ban Kiểm tra Tỉnh đoàn", "Ủy ban Kiểm tra Tỉnh đoàn") == 100
    assert ev.name_score("Tỉnh đoàn", "Tỉnh đoàn Ninh Bình") == 0          # a part is another unit
    assert ev.name_score("Đoàn xã Tam An", "Đoàn xã Tam Anh") >= ev.NAME_RATIO
    assert ev.name_score("Huyện đoàn Cầu Kè", "Huyện đoàn Trà Cú") == 0
    assert ev.name_score("Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu") == 100   # punctuation ignored
    g = gold(inspected_units=["Huyện đoàn Tiểu Cần", "Huyện đoàn Cầu Kè", "Thị đoàn Duyên Hải"])
    p = gold(inspected_units=["Huyện đoàn Tiểu Cần", "Huyện Đoàn Cầu Kè", "Tỉnh đoàn Trà Vinh",
                              "Huyện đoàn Tiểu Cần"])                          # duplicate counted once
    s = one("inspected_units", p, g)
    assert (s.tp, s.predicted, s.gold) == (2, 3, 3)


@pytest.mark.parametrize("a, b", [
    ("UBND huyện Kiên Lương", "Ủy ban nhân dân huyện Kiên Lương"),       # an abbreviation is its long form
    ("Ủy ban Kiểm tra T.Ư", "UBKT Trung ương"),
    ("Phòng GDĐT huyện Đồng Hỷ", "Phòng Giáo dục và Đào tạo huyện Đồng Hỷ"),
    ("Ban Thường vụ Tỉnh ủy Thanh Hóa", "Tỉnh ủy Thanh Hóa"),             # a standing committee is its organ
    ("Thường trực HĐND tỉnh Sơn La", "HĐND tỉnh Sơn La"),
    ("xã Nghĩa Trụ", "Nghĩa Trụ"),                                        # a place alone, with or without level
    ("Huyện đoàn Gia Viễn", "huyện Gia Viễn"),                            # a unit named after the place
    ("UBND xã Mỹ Hòa", "Mỹ Hòa"),
])
def test_bodies_and_units_compare_as_the_rules_say(a, b):
    assert ev.same_unit_score(a, b) >= ev.NAME_RATIO
    assert ev.same_unit_score(b, a) >= ev.NAME_RATIO


@pytest.mark.parametrize("a, b", [
    ("Tỉnh đoàn", "Tỉnh đoàn Ninh Bình"),                 # a part is still another unit
    ("thị xã Phú Thọ", "tỉnh Phú Thọ"),                   # the same name at two levels
    ("Trường THCS Nguyễn Trãi", "Nguyễn Trãi"),          # named after a person, not the place
    ("Ủy ban Kiểm tra Tỉnh ủy Thanh Hóa", "Tỉnh ủy Thanh Hóa"),   # a committee is not its organ
    ("Huyện đoàn Cầu Kè", "Huyện đoàn Trà Cú"),
])
def test_bodies_and_units_that_stay_apart(a, b):
    assert ev.same_unit_score(a, b) == 0
    assert ev.same_unit_score(b, a) == 0


def test_organizations_keep_the_strict_names():
    # organizations list an organ and its unit apart: the equivalences of bodies and units do not apply
    g = gold(organizations=["Tỉnh ủy Thanh Hóa"], inspected_units=["Tỉnh ủy Thanh Hóa"])
    p = gold(organizations=["Ban Thường vụ Tỉnh ủy Thanh Hóa"], inspected_units=["Ban Thường vụ Tỉnh ủy Thanh Hóa"])
    assert one("organizations", p, g).tp == 0
    assert one("inspected_units", p, g).tp == 1


def test_matching_is_one_to_one():
    g = gold(organizations=["Tỉnh đoàn Ninh Bình"])
    p = gold(organizations=["Tỉnh đoàn Ninh Bình", "Tỉnh Đoàn Ninh Bình"])
    s = one("organizations", p, g)
    assert (s.tp, s.predicted, s.gold) == (1, 2, 1)


def test_people_by_name_with_role_accuracy():
    g = gold(people=[{"name": "Trần Trí Cường", "role": "Bí thư Tỉnh đoàn"},
                     {"name": "Lê Văn Hùng", "role": None}])
    p = gold(people=[{"name": "Trần Trí Cường", "role": "Bí thư"},
                     {"name": "Lê Văn Hùng", "role": None},
                     {"name": "Ninh Bình", "role": None}])
    s = one("people", p, g)
    assert (s.tp, s.predicted, s.gold) == (2, 3, 2)
    assert s.attrs["role"] == [1, 2]


def test_figures_by_value_and_fuzzy_unit():
    assert ev.unit_score("%", "%") == 100
    assert ev.unit_score("%", "đoàn viên") == 0
    assert ev.unit_score("đoàn viên", "đoàn viên ưu tú") == 95               # leading words
    assert ev.unit_score("Huyện, Thị, Thành đoàn", "Huyện, Thị, Thành Đoàn") == 100
    assert ev.unit_score("chi đoàn", "đoàn viên") == 0
    g = gold(figures=[{"text": "19 đoàn viên ưu tú", "value": 19, "unit": "đoàn viên ưu tú"},
                      {"text": "hơn 70%", "value": 70, "unit": "%"},
                      {"text": "89,9%", "value": 89.9, "unit": "%"}])
    p = gold(figures=[{"text": "19 đoàn viên", "value": 19, "unit": "đoàn viên"},
                      {"text": "70 cơ sở", "value": 70, "unit": "cơ sở"},          # unit differs
                      {"text": "89,9%", "value": 89.9, "unit": "%"},
                      {"text": "5 lần", "value": 5, "unit": "lần"}])
    s = one("figures", p, g, text="19 đoàn viên ưu tú, hơn 70%, 89,9%")
    assert (s.tp, s.predicted, s.gold) == (2, 4, 3)


def test_equal_figures_pair_with_the_nearest_gold_item():
    text = "Đạt 100% ở đầu. Rồi 100% ở cuối."
    g = gold(figures=[{"text": "100%", "value": 100, "unit": "%"}, {"text": "100%", "value": 100, "unit": "%"}])
    p = gold(figures=[{"text": "100%", "value": 100, "unit": "%", "span": [20, 24]}])
    pairs = ev.match_figures(p["figures"], g["figures"], [4, 20])
    assert pairs == [(0, 1)]
    s = one("figures", p, g, text=text)
    assert (s.tp, s.predicted, s.gold) == (1, 1, 2)


def test_overlap_is_a_share_of_the_shorter_span():
    assert ev.overlap_share((0, 10), (5, 20)) == 0.5      # 5 of the shorter 10
    assert ev.overlap_share((0, 10), (2, 6)) == 1.0       # the shorter lies inside
    assert ev.overlap_share((0, 10), (10, 20)) == 0.0
    assert ev.overlap_share((0, 10), (6, 30)) == 0.4


def test_findings_match_by_span_overlap_with_kind_accuracy():
    strength = "Kết quả tốt"
    limitation = "Còn hạn chế về sinh hoạt"
    rec = "Đề nghị khắc phục ngay"
    g = gold(findings=[{"kind": "strength", "text": strength}, {"kind": "limitation", "text": limitation},
                       {"kind": "recommendation", "text": rec}])
    s0 = TEXT.index(limitation)
    r0 = TEXT.index(rec)
    p = gold(findings=[
        {"kind": "strength", "text": limitation[:12], "span": [s0, s0 + 12]},    # 12 of 12 inside: match
        {"kind": "recommendation", "text": "x", "span": [r0 + 15, r0 + 40]},     # 7 of 22 chars: no match
    ])
    s = one("findings", p, g)
    assert (s.tp, s.predicted, s.gold) == (1, 2, 3)
    assert s.attrs["kind"] == [0, 1]


def test_gold_spans_are_located_in_reading_order():
    text = "tốt. tốt. xấu. tốt."
    assert ev.locate(text, ["tốt", "tốt", "xấu", "tốt", "không có"]) == [(0, 3), (5, 8), (10, 13), (15, 18), None]


def test_published_title_and_doc_number():
    g = gold(published="2022-06-04", title="Tiêu  đề", doc_number={"number": "03", "symbol": "KH/ĐTN-UBKT",
                                                                   "type": "Kế hoạch"})
    p = gold(published="2022-06-05", title="Tiêu đề", doc_number={"number": "03", "symbol": "KH/ĐTN-UBKT",
                                                                  "type": "Báo cáo"})
    scores = ev.score_document(TEXT, p, g, fields=("published", "title", "doc_number"))
    assert scores["published"].accuracy == 0.0
    assert scores["title"].accuracy == 1.0
    dn = scores["doc_number"]
    assert (dn.tp, dn.predicted, dn.gold) == (1, 1, 1) and dn.attrs["type"] == [0, 1]
    none = ev.score_document(TEXT, gold(), gold(), fields=("published", "doc_number"))
    assert none["published"].accuracy == 1.0 and none["doc_number"].f1 == 1.0


def test_real_documents_split_dev_and_a_frozen_third_written_ones_apart():
    stems = [f"{i:03d}" for i in range(100, 160)]
    test = [s for s in stems if ev.split_of(s) == "test"]
    assert len(test) == 20 and test[:3] == ["102", "105", "108"] and all(int(s) % 3 == 0 for s in test)
    assert {ev.split_of(s) for s in stems} == {"dev", "test"}
    assert {ev.split_of(f"{i:03d}") for i in range(72)} == {"written"}
    assert ev.split_of("notes") == "dev"


def test_all_is_everything_but_the_test_split():
    assert [s for s in ("000", "071", "100", "101", "102") if ev.in_split(s, "all")] == ["000", "071", "100", "101"]
    assert [s for s in ("000", "100", "102") if ev.in_split(s, "dev")] == ["100"]
    assert [s for s in ("000", "100", "102") if ev.in_split(s, "test")] == ["102"]
    assert [s for s in ("000", "100", "102") if ev.in_split(s, "written")] == ["000"]


def test_split_rows_keep_parts_apart():
    right = (TEXT, gold(activity=["kiểm tra"]), gold(activity=["kiểm tra"]))
    wrong = (TEXT, gold(activity=["giám sát"]), gold(activity=["kiểm tra"]))
    cases = [("000", *wrong), ("100", *right), ("101", *right)]
    rows = ev.split_rows(cases)
    assert list(rows) == ["all", "dev", "written"]
    assert rows["dev"]["activity"].f1 == 1.0 and rows["dev"]["activity"].gold == 2
    assert rows["written"]["activity"].f1 == 0.0
    only = ev.split_rows([("102", *wrong)], "test")
    assert list(only) == ["test"] and only["test"]["activity"].predicted == 1
    assert list(ev.split_rows([("100", *right)])) == ["all"]    # one part only: no repeated row set


def test_table_and_json():
    rows = {"all": ev.evaluate([(TEXT, gold(activity=["kiểm tra"]), gold(activity=["kiểm tra"]))]),
            "baseline": ev.evaluate([(TEXT, gold(), gold())], fields=("organizations",))}
    out = ev.table(rows)
    assert "| activity | 1.00 | 1.00 | 1.00 |" in out
    assert "| organizations — baseline | 1.00 | 1.00 | 1.00 |" in out
    json.dumps({f: s.to_json() for f, s in rows["all"].items()})


def test_evaluate_command_on_a_small_gold_dir(tmp_path):
    from click.testing import CliRunner

    from web.cli import cli

    (tmp_path / "docs").mkdir()
    text = "Thứ Bảy, 04/06/2022\nTỉnh đoàn Ninh Bình kiểm tra Huyện đoàn Yên Khánh.\n"
    (tmp_path / "docs" / "000.txt").write_text(text, encoding="utf-8")
    (tmp_path / "000.json").write_text(json.dumps(gold(published="2022-06-04", activity=["kiểm tra"],
                                                       inspected_units=["Huyện đoàn Yên Khánh"]),
                                                  ensure_ascii=False), encoding="utf-8")
    res = CliRunner().invoke(cli, ["evaluate", str(tmp_path), "--json", "--no-baseline"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["documents"] == 1
    assert data["scores"]["all"]["published"]["tp"] == 1
    assert data["scores"]["all"]["activity"]["f1"] == 1.0
    assert data["scores"]["all"]["inspected_units"]["recall"] == 1.0


def _gold_dir(tmp_path, stems_right: dict) -> None:
    """A gold dir whose documents are right (one inspected unit found) or wrong (a unit not in the text)."""
    (tmp_path / "docs").mkdir()
    text = "Thứ Bảy, 04/06/2022\nTỉnh đoàn Ninh Bình kiểm tra Huyện đoàn Yên Khánh.\n"
    for stem, right in stems_right.items():
        (tmp_path / "docs" / f"{stem}.txt").write_text(text, encoding="utf-8")
        unit = "Huyện đoàn Yên Khánh" if right else "Huyện đoàn Kim Sơn"
        (tmp_path / f"{stem}.json").write_text(json.dumps(gold(inspected_units=[unit]), ensure_ascii=False),
                                               encoding="utf-8")


def _evaluate(*args):
    from click.testing import CliRunner

    from web.cli import cli

    return CliRunner().invoke(cli, ["evaluate", *args])


def test_runner_scores_only_the_split_asked_and_never_reads_the_test_split_otherwise(tmp_path):
    _gold_dir(tmp_path, {"100": True, "101": True, "102": False})
    res = _evaluate(str(tmp_path), "--json", "--no-baseline", "--only", "test")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["documents"] == 1 and data["parts"]["test"] == 1
    assert list(data["scores"]) == ["test"] and data["scores"]["test"]["inspected_units"]["tp"] == 0
    # without --only test, the test document is not even read: a broken one does not matter
    (tmp_path / "docs" / "102.txt").write_bytes(b"")
    res = _evaluate(str(tmp_path), "--json", "--no-baseline")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["documents"] == 2 and data["scores"]["all"]["inspected_units"]["f1"] == 1.0
    res = _evaluate(str(tmp_path), "--no-baseline", "--only", "test")
    assert res.exit_code == 2 and "102.txt" in res.output


def test_runner_with_no_documents_in_the_split(tmp_path):
    _gold_dir(tmp_path, {"100": True})
    res = _evaluate(str(tmp_path), "--only", "test")
    assert res.exit_code == 2 and "không có tài liệu chuẩn" in res.output


def test_gold_documents_are_read_through_the_readers(tmp_path):
    """A gold text is scored on what the txt reader gives (spaces normalized), and a copied string
    with the page's double spaces is still found."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "100.txt").write_text("Tỉnh đoàn  Ninh Bình kiểm tra   Huyện đoàn Yên Khánh.  \n",
                                               encoding="utf-8")
    (tmp_path / "100.json").write_text(json.dumps(gold(inspected_units=["Huyện đoàn Yên Khánh"]),
                                                  ensure_ascii=False), encoding="utf-8")
    from pipeline.gold import load_cases

    [(stem, text, pred, _)] = load_cases(tmp_path)
    assert stem == "100" and text == "Tỉnh đoàn Ninh Bình kiểm tra Huyện đoàn Yên Khánh."
    assert ev.locate(text, ["đoàn  Ninh Bình"]) == [(5, 19)]
