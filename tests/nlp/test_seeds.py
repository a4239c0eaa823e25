"""The five seed documents: title, published, references and dates, expected values written by hand
from reading the documents (not from running the extractor)."""
from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import check_spans, ex

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
SAMPLES = ROOT / "corpora" / "samples"
NBSP = "\u00a0"


def seed_text(stem: str) -> str:
    sample = SAMPLES / f"{stem}.txt"
    if sample.exists():
        return sample.read_text(encoding="utf-8")
    found = sorted(SEEDS.glob(f"{stem}_*.txt"))
    if not found:
        pytest.skip(f"seed {stem} not available")
    return found[0].read_text(encoding="utf-8")


EXPECTED = {
    "000": {
        "title": "Ủy ban Kiểm tra Thành Đoàn Đà Nẵng tổ chức giám sát định kỳ năm 2022",
        "published": None,
        "references": [
            ("Kế hoạch số 383-KH/UBKT ngày 28/4/2022", "Kế hoạch", "383", "KH/UBKT", "2022-04-28",
             "Ủy ban Kiểm tra Thành Đoàn"),
            ("Chỉ thị 03-CT/TWĐTN-BTC ngày 21/7/2021", "Chỉ thị", "03", "CT/TWĐTN-BTC", "2021-07-21",
             "Ban Bí thư Trung ương Đoàn"),
            ("Kế hoạch số 28/KH-UBND ngày 28/01/2022", "Kế hoạch", "28", "KH-UBND", "2022-01-28",
             "UBND thành phố"),
        ],
        "dates": [("28/4/2022", "2022-04-28", None), ("08/7/2022", "2022-07-08", None),
                  ("21/7/2021", "2021-07-21", None), ("28/01/2022", "2022-01-28", None)],
        "activity": ["kiểm tra", "giám sát"],
    },
    "001": {
        "title": "TRÀ VINH: THỰC HIỆN KIỂM TRA CÔNG TÁC ĐOÀN VÀ PHONG TRÀO THANH THIẾU NHI NĂM 2023",
        "published": "2024-06-20",
        "references": [
            ("Kế hoạch số 128-KH/UBKTTĐ, ngày 18/10/2023", "Kế hoạch", "128", "KH/UBKTTĐ", "2023-10-18",
             "Ban Thường vụ Tỉnh đoàn"),
        ],
        "dates": [("20 Tháng Sáu, 2024", "2024-06-20", None), ("18/10/2023", "2023-10-18", None),
                  ("02/11 đến ngày 10/11/2023", "2023-11-02", "2023-11-10")],
        "activity": ["kiểm tra"],
    },
    "002": {
        "title": "Phù Cát: Nâng cao chất lượng tổ chức qua xây dựng Đoàn cơ sở “3 chủ động”",
        "published": None,
        "references": [],
        "dates": [],
        "activity": [],
    },
    "003": {
        "title": "Công tác phát triển Đảng từ đoàn viên, thanh niên trong Khối các cơ quan Trung ương",
        "published": "2020-11-20",
        "references": [],
        "dates": [("20/11/2020", "2020-11-20", None)],
        "activity": [],
    },
    "004": {
        "title": "Tỉnh đoàn Ninh Bình kiểm tra Huyện đoàn Yên Khánh công tác Đoàn và phong trào thanh thiếu nhi "
                 "6 tháng đầu năm 2022",
        "published": "2022-06-04",
        "references": [
            (f"Kế hoạch số 261-{NBSP}KH/TĐTN-XDĐ, ngày 04/5/2022", "Kế hoạch", "261", "KH/TĐTN-XDĐ", "2022-05-04",
             "Ban Thường vụ Tỉnh đoàn"),
        ],
        "dates": [("04/06/2022", "2022-06-04", None), ("04/5/2022", "2022-05-04", None)],
        "activity": ["kiểm tra"],
    },
}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def seed(request):
    stem = request.param
    return stem, ex(seed_text(stem))


def test_title(seed):
    stem, r = seed
    assert r.title == EXPECTED[stem]["title"]


def test_published(seed):
    stem, r = seed
    assert r.published == EXPECTED[stem]["published"]


def test_no_doc_number_in_news(seed):
    assert seed[1].doc_number is None


def test_references(seed):
    stem, r = seed
    got = [(x.text, x.type, x.number, x.symbol, x.date, x.issuer) for x in r.references]
    assert got == EXPECTED[stem]["references"]


def test_dates(seed):
    stem, r = seed
    assert [(d.text, d.value, d.end) for d in r.dates] == EXPECTED[stem]["dates"]


def test_activity(seed):
    stem, r = seed
    assert [m.text for m in r.activity] == EXPECTED[stem]["activity"]


def test_spans_are_valid(seed):
    check_spans(seed[1])


def test_seed_004_inspection():
    r = ex(seed_text("004"))
    assert [m.text for m in r.inspecting_bodies] == ["Ban Thường vụ Tỉnh đoàn Ninh Bình"]
    assert [m.text for m in r.inspected_units] == ["Huyện đoàn Yên Khánh"]


def test_seed_001_people_and_figures():
    r = ex(seed_text("001"))
    assert [(p.name, p.role) for p in r.people] == [
        ("Trần Trí Cường", "Ủy viên Ban Chấp hành Trung ương Đoàn, Bí thư Tỉnh đoàn"),
        ("Nguyễn Thanh Nhã", "Phó Bí thư Thường trực Tỉnh đoàn"),
    ]
    assert [(f.value, f.unit) for f in r.figures] == [(11, "Huyện, Thị, Thành đoàn")]
