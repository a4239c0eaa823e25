"""The administrative-name gazetteer: the package's shipped data, old and new names, read once."""
from __future__ import annotations

import sqlite3

from nlp import gazetteer as gz
from nlp.gazetteer import COMMUNE, DISTRICT, PROVINCE, gazetteer

from .helpers import ex


def test_data_ships_with_the_package():
    path = gz.data_file()
    assert path is not None and path.is_file()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    assert {"admin_units", "admin_units_legacy"} <= tables


def test_provinces_before_and_after_the_2025_merger():
    g = gazetteer()
    # merged away in 2025: still recognised, archives use them
    for old in ("Hà Giang", "Kon Tum", "Bình Phước", "Quảng Bình", "Hậu Giang", "Bà Rịa – Vũng Tàu", "Thừa Thiên Huế"):
        assert g.province(old), old
    # kept after the merger
    for new in ("Tuyên Quang", "Lâm Đồng", "Đồng Nai", "Cần Thơ", "Hải Phòng"):
        assert g.province(new), new
    assert len({g.province(n) for n in g.provinces}) >= 63


def test_province_spellings_fold_to_one_name():
    g = gazetteer()
    assert g.province("TP. Hồ Chí Minh") == g.province("Thành phố Hồ Chí Minh") == "Hồ Chí Minh"
    assert g.province("KON TUM") == g.province("tỉnh Kon Tum") == "Kon Tum"
    assert g.province("Bà Rịa - Vũng Tàu") == g.province("BÀ RỊA – VŨNG TÀU")
    assert g.province("Thừa Thiên - Huế") == g.province("Thừa Thiên Huế")
    assert g.province("Nguyễn Văn") is None
    assert g.province("") is None


def test_districts_and_communes_with_their_provinces():
    g = gazetteer()
    assert DISTRICT in g.levels("Mèo Vạc")          # a district before 2025
    assert COMMUNE in g.levels("Sơn Vĩ")
    assert "Hà Giang" in g.provinces_of("Mèo Vạc")   # old province
    assert "Tuyên Quang" in g.provinces_of("Mèo Vạc")  # the commune of the merged province
    assert PROVINCE in g.levels("Cần Thơ")
    assert g.canonical("MƯỜNG TÈ") == "Mường Tè"
    assert not g.is_place("Ban Thường vụ")


def test_loaded_once():
    assert gazetteer() is gazetteer()


def test_missing_data_file_keeps_the_former_names_only(tmp_path):
    g = gz.load(None)
    assert g.province("Thừa Thiên Huế") and not g.province("Kon Tum")
    broken = tmp_path / "dataset.db"
    broken.write_bytes(b"not a database")
    g = gz.load(broken)
    assert g.province("Thừa Thiên Huế") and not g.province("Kon Tum")


def test_title_place_recognised_from_the_gazetteer():
    # "KON TUM: ..." names a province (known from the gazetteer, not a typed list), so the bare
    # provincial unit of the text takes it
    r = ex("KON TUM: KIỂM TRA CÔNG TÁC ĐOÀN\n\nBan Thường vụ Tỉnh đoàn đã kiểm tra Huyện đoàn Đắk Hà.")
    assert [b.text for b in r.inspecting_bodies] == ["Ban Thường vụ Tỉnh đoàn Kon Tum"]
    assert [u.text for u in r.inspected_units] == ["Huyện đoàn Đắk Hà"]
