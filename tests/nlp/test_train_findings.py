"""The findings model's training script reads only the dev split and labels points as the evaluation matches them."""
from __future__ import annotations

import importlib.util

from ..conftest import ROOT

_spec = importlib.util.spec_from_file_location("train_findings", ROOT / "scripts" / "train_findings.py")
train_findings = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(train_findings)


def test_only_dev_numbers_are_taken(tmp_path):
    (tmp_path / "docs").mkdir()
    for n in (42, 100, 101, 102, 150, 376, 377, 378, 380):
        (tmp_path / f"{n}.json").write_text("{}", encoding="utf-8")
        (tmp_path / "docs" / f"{n}.txt").write_text("x", encoding="utf-8")
    (tmp_path / "103.json").write_text("{}", encoding="utf-8")  # no text: not a document
    assert train_findings.dev_stems(tmp_path, last=377) == ["100", "101", "376", "377"]


def test_points_take_the_kind_of_the_gold_finding_they_cover():
    text = "Qua kiểm tra, chi đoàn sinh hoạt đều đặn hằng tháng. Đoàn kiểm tra làm việc với xã."
    gold = [{"kind": "strength", "text": "chi đoàn sinh hoạt đều đặn hằng tháng"}]
    points = train_findings.label_points(text, [(14, 51), (53, 83)], gold)
    assert [(p["text"], p["label"], p["context"]) for p in points] == [
        ("chi đoàn sinh hoạt đều đặn hằng tháng", "strength", "Qua kiểm tra,"),
        ("Đoàn kiểm tra làm việc với xã.", "none", "sinh hoạt đều đặn hằng tháng.")]
