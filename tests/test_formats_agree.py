"""The same document as txt, html, docx and pdf gives the same references and dates."""
from __future__ import annotations

import pytest

import ingest
import nlp

from .conftest import SAMPLES


def facts(path):
    rec = nlp.extract(ingest.read(path)).to_json()
    refs = [(r["type"], r["number"], r["symbol"], r["date"], r["issuer"]) for r in rec["references"]]
    dates = [(d["value"], d["end"]) for d in rec["dates"]]
    return refs, dates, rec["published"], rec["title"]


@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004"])
@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_formats_give_the_same_references_dates_and_published(stem, fmt):
    refs, dates, published, title = facts(SAMPLES / f"{stem}.txt")
    other = facts(SAMPLES / f"{stem}.{fmt}")
    assert other[0] == refs
    assert other[1] == dates
    assert other[2] == published
    assert other[3] == title


def test_the_samples_are_not_trivially_empty():
    refs, dates, _, _ = facts(SAMPLES / "000.txt")
    assert ("Kế hoạch", "383", "KH/UBKT", "2022-04-28", "Ủy ban Kiểm tra Thành Đoàn") in refs
    assert ("2022-07-08", None) in dates
    _, dates, published, _ = facts(SAMPLES / "001.txt")
    assert ("2023-11-02", "2023-11-10") in dates and published == "2024-06-20"
