"""The span model's training script reads only the dev split and turns gold names into spans."""
from __future__ import annotations

import importlib.util
import json

from ..conftest import ROOT

_spec = importlib.util.spec_from_file_location("train_spans", ROOT / "scripts" / "train_spans.py")
train_spans = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(train_spans)


def test_only_dev_numbers_are_taken(tmp_path):
    (tmp_path / "docs").mkdir()
    for n in (99, 100, 101, 102, 150, 299, 300, 301, 302, 304):
        (tmp_path / f"{n}.json").write_text("{}", encoding="utf-8")
        (tmp_path / "docs" / f"{n}.txt").write_text("x", encoding="utf-8")
    (tmp_path / "103.json").write_text("{}", encoding="utf-8")  # no text: not a document
    assert train_spans.dev_stems(tmp_path) == ["100", "101", "299", "301"]


def test_gold_names_become_spans_and_unwritten_ones_are_left_unknown():
    text = ("Ban Thường vụ Tỉnh đoàn kiểm tra Huyện đoàn Yên Khánh.\n"
            "Huyện đoàn Yên Khánh và Ủy ban nhân dân huyện được kiểm tra.")
    gold = {"inspecting_bodies": ["Ban Thường vụ Tỉnh đoàn"],
            "inspected_units": ["Huyện đoàn Yên Khánh", "Ủy ban nhân dân huyện Kim Sơn"]}
    stats: dict = {}
    labelled, missing = train_spans.annotate(text, json.loads(json.dumps(gold)), stats=stats)
    assert [(text[s:e], lab) for s, e, lab in labelled] == [
        ("Ban Thường vụ Tỉnh đoàn", "BODY"), ("Huyện đoàn Yên Khánh", "UNIT"), ("Huyện đoàn Yên Khánh", "UNIT")]
    assert [text[s:e] for s, e in missing] == ["Ủy ban nhân dân huyện"]
    assert stats == {"BODY names": 1, "UNIT names": 2, "UNIT skipped": 1}

    nlp = train_spans.build()
    examples = train_spans._line_examples(nlp, text, labelled, missing)
    second = examples[1].reference
    assert [(e.text, e.label_) for e in second.ents] == [("Huyện đoàn Yên Khánh", "UNIT")]
    unknown = [t.text for t in second if t.ent_iob == 0]
    assert unknown == ["Ủy", "ban", "nhân", "dân", "huyện"]
