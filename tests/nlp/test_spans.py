"""Every extracted item's span slices the words it names, on real pages and written documents alike
(the document page marks these characters)."""
from __future__ import annotations

import pytest

from pipeline import Task, process

from ..conftest import ROOT, SAMPLES
from .helpers import check_spans

REAL = ROOT / "corpora" / "gold" / "real" / "docs"
WRITTEN = ROOT / "corpora" / "gold" / "docs"
# the real pages' dev split, the written set and the samples (the frozen test split is not read here)
FILES = ([p for p in sorted(REAL.glob("*.txt")) if int(p.stem) % 3] + sorted(WRITTEN.glob("*.txt"))
         + sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html", ".docx", ".pdf")))


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_spans_slice_what_they_name(path):
    result = process(Task(str(path), None, None, path=str(path)))
    assert result.ok, result.reason
    check_spans(result.record)
