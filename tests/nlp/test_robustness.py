"""extract() never raises, returns a valid Record on bad input, keeps offsets valid, and is fast."""
from __future__ import annotations

import dataclasses
import random
import time
import unicodedata

import pytest

import nlp
from nlp.record import Record

from .helpers import check_spans, doc, ex
from .test_seeds import seed_text

BAD = {
    "empty": "",
    "blank": " \n\n\t \n",
    "only numbers": "1234567890 " * 2000,
    "only punctuation": "...,,,;;;---///:::" * 500,
    "no vietnamese": "The quick brown fox jumps over the lazy dog. " * 300,
    "lone surrogates": "ab\ud800cd Tỉnh đoàn \udfff ngày 04/6/2022 \udbff",
    "replacement chars": "K\ufffd ho\ufffdch s\ufffd 12-KH/T\ufffd ng\ufffdy 04/6/2022",
    "control chars": "Tỉnh\x00đoàn\x07 kiểm\x1b tra\x0c ngày 04/6/2022",
    "one long line": "Huyện đoàn A kiểm tra " * 20000,
    "dates everywhere": "17-19/11/2021, 01/3–10/4/2021, " * 3000,
    "slashes": "9/" * 50000 + "1",
    "kinds only": "Kế hoạch số " * 20000,
    "one word": "A" * 300000,
    "crlf": "Tiêu đề bài\r\nThứ Bảy, 04/06/2022\r\nNội dung ngày 04/6/2022.\r\n",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_gives_a_valid_record(name):
    start = time.perf_counter()
    r = ex(BAD[name])
    assert isinstance(r, Record)
    assert r.to_json()["sha256"] == "0" * 64
    check_spans(r)
    assert time.perf_counter() - start < 20


def test_random_text_never_raises():
    rng = random.Random(7)
    alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxy ÁÀẢÃẠĐƯ0123456789/-–.,;:()“”%\n"
    for _ in range(30):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3000)))
        check_spans(ex(text))


def test_nfd_input_is_normalised_and_offsets_stay_valid():
    text = unicodedata.normalize("NFD", seed_text("004"))
    d = doc(text)
    r = nlp.extract(d)
    assert r.document.text == unicodedata.normalize("NFC", text)
    assert r.document.text != text
    assert r.title.startswith("Tỉnh đoàn Ninh Bình kiểm tra Huyện đoàn Yên Khánh")
    assert r.published == "2022-06-04"
    assert [(x.number, x.symbol) for x in r.references] == [("261", "KH/TĐTN-XDĐ")]
    check_spans(r)


def test_input_document_is_not_changed_and_nfc_document_is_reused():
    d = doc(seed_text("001"))
    before = dataclasses.asdict(d)
    r1 = nlp.extract(d)
    r2 = nlp.extract(d)
    assert dataclasses.asdict(d) == before
    assert r1.document is d
    assert r1 == r2


def test_five_megabytes_finish_in_seconds():
    seed = seed_text("001") + "\n" + seed_text("000") + "\n"
    text = (seed * (5_000_000 // len(seed) + 1))[:5_000_000]
    start = time.perf_counter()
    r = ex(text)
    elapsed = time.perf_counter() - start
    assert r.published == "2024-06-20"
    assert elapsed < 60, elapsed
