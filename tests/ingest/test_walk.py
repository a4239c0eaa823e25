from __future__ import annotations

import os
import time
import zipfile

import pytest

import ingest
from ingest import CorruptFile, EmptyFile, EncryptedFile, IngestError, TooLarge, Unreadable, UnsafeArchive, walk

from .builders import SAMPLES, VIET, simple_pdf, zip_bytes


def _outcomes(items) -> dict[str, str]:
    """source -> format of the Document, or the error's code, reading every ready item."""
    out = {}
    for item in items:
        if item.error is not None:
            out[item.source] = item.error.code
            continue
        try:
            out[item.source] = ingest.read_bytes(item.load(), item.source).format
        except IngestError as exc:
            out[item.source] = exc.code
    return out


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "batch"
    (root / "b" / "deep").mkdir(parents=True)
    (root / "a.txt").write_text(VIET, encoding="utf-8")
    (root / "b" / "report.pdf").write_bytes(simple_pdf([VIET]))
    (root / "b" / "deep" / "page.html").write_bytes((SAMPLES / "004.html").read_bytes())
    (root / "b" / "deep" / "empty.txt").write_bytes(b"")
    (root / "broken.pdf").write_bytes((SAMPLES / "004.pdf").read_bytes()[:3000])
    (root / "noise.bin").write_bytes(bytes(range(256)) * 4)
    (root / "c.docx").write_bytes((SAMPLES / "004.docx").read_bytes())
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    return root


def test_folder_with_good_and_bad_files_walks_fully(folder):
    items = list(walk(folder))
    sources = [item.source for item in items]
    base = str(folder)
    assert sources == [os.path.join(base, p) for p in
                       (".DS_Store", "a.txt", "b/deep/empty.txt", "b/deep/page.html", "b/report.pdf", "broken.pdf",
                        "c.docx", "noise.bin")]
    assert _outcomes(items) == {
        os.path.join(base, ".DS_Store"): "skipped",      # operating-system litter: listed, not read
        os.path.join(base, "a.txt"): "txt",
        os.path.join(base, "b/deep/empty.txt"): "empty",
        os.path.join(base, "b/deep/page.html"): "html",
        os.path.join(base, "b/report.pdf"): "pdf",
        os.path.join(base, "broken.pdf"): "corrupt",
        os.path.join(base, "c.docx"): "docx",
        os.path.join(base, "noise.bin"): "unsupported",
    }
    assert all(item.parent is None for item in items)


def test_walk_is_deterministic_and_takes_several_paths(folder):
    first = [i.source for i in walk([folder / "c.docx", folder / "b"])]
    assert first == [str(folder / "c.docx"), str(folder / "b/deep/empty.txt"), str(folder / "b/deep/page.html"),
                     str(folder / "b/report.pdf")]
    assert [i.source for i in walk([folder / "c.docx", folder / "b"])] == first


def test_missing_path_and_oversized_file_are_error_items(folder):
    items = list(walk([folder / "nope.pdf", folder / "a.txt"], max_bytes=10))
    assert [type(i.error) for i in items] == [Unreadable, TooLarge]
    assert items[0].error.reason == "không có tệp hay thư mục này"


def test_symlink_loop_does_not_recurse_forever(folder):
    os.symlink(folder, folder / "b" / "loop")
    sources = [i.source for i in walk(folder)]
    assert len(sources) == len(set(sources)) == 8


def _archive(tmp_path, members: dict[str, bytes], name="hoso.zip", **kw):
    path = tmp_path / name
    path.write_bytes(zip_bytes(members, **kw))
    return path


def test_zip_members_go_through_the_same_dispatch(tmp_path):
    inner = zip_bytes({"con/bao-cao.txt": VIET.encode("utf-8")})
    path = _archive(tmp_path, {
        "2023/kiem-tra/bao-cao.pdf": simple_pdf([VIET]),
        "2023/kiem-tra/": b"",                                  # a directory entry
        "2023/tin.html": (SAMPLES / "001.html").read_bytes(),
        "ke-hoach.docx": (SAMPLES / "000.docx").read_bytes(),
        "../evil.txt": b"escaped",
        "/etc/passwd": b"root",
        "long.zip": inner,
        "__MACOSX/2023/._tin.html": b"\x00\x05\x16\x07",
    })
    items = list(walk(path))
    src = str(path)
    assert _outcomes(items) == {
        f"{src}!/../evil.txt": "unsafe",
        f"{src}!//etc/passwd": "unsafe",
        f"{src}!/2023/kiem-tra/bao-cao.pdf": "pdf",
        f"{src}!/2023/tin.html": "html",
        f"{src}!/ke-hoach.docx": "docx",
        f"{src}!/long.zip!/con/bao-cao.txt": "txt",
        f"{src}!/__MACOSX/2023/._tin.html": "skipped",       # listed with why, not read
    }
    evil = next(i for i in items if i.source.endswith("evil.txt"))
    assert isinstance(evil.error, UnsafeArchive) and "path traversal" in evil.error.reason
    assert evil.load is None
    pdf = next(i for i in items if i.source.endswith(".pdf"))
    assert pdf.parent == src
    doc = ingest.read_bytes(pdf.load(), pdf.source)
    assert doc.source == f"{src}!/2023/kiem-tra/bao-cao.pdf" and doc.text == VIET


def test_members_can_be_loaded_after_the_walk(tmp_path):
    path = _archive(tmp_path, {"a.txt": b"mot", "b.txt": b"hai"})
    items = list(walk(path))            # the archive is closed once the walk is over
    assert [i.load() for i in items] == [b"mot", b"hai"]


def test_zip_bomb_is_refused(tmp_path):
    path = _archive(tmp_path, {"bomb.txt": b"0" * (5 * 2**20), "ok.txt": VIET.encode()})
    items = {i.source.rsplit("/", 1)[-1]: i for i in walk(path)}
    assert isinstance(items["bomb.txt"].error, UnsafeArchive)
    assert "bom zip" in items["bomb.txt"].error.reason
    assert items["ok.txt"].load() == VIET.encode()


def test_archive_total_size_limit_stops_the_archive(tmp_path):
    members = {f"{k}.txt": (VIET * 20).encode() for k in range(5)}
    path = _archive(tmp_path, members, compression=zipfile.ZIP_STORED)
    items = list(walk(path, max_archive_bytes=3 * len(members["0.txt"]) + 10))
    assert [i.ok for i in items] == [True, True, True, False]
    assert isinstance(items[-1].error, UnsafeArchive) and "các tệp sau bị bỏ qua" in items[-1].error.reason


def test_nesting_depth_is_limited(tmp_path):
    data = b"day la van ban"
    for level in range(4):
        data = zip_bytes({f"level{level}.zip" if level else "doc.txt": data})
    path = _archive(tmp_path, {"outer.zip": data})
    items = list(walk(path, max_depth=3))
    assert len(items) == 1 and isinstance(items[0].error, UnsafeArchive)
    assert "lồng nhau" in items[0].error.reason
    deep = list(walk(path, max_depth=10))
    assert deep[0].ok and deep[0].load() == b"day la van ban"
    assert deep[0].source.count("!/") == 5


def test_encrypted_member_and_damaged_archive(tmp_path):
    data = bytearray(zip_bytes({"mat.txt": b"secret", "open.txt": b"open"}, compression=zipfile.ZIP_STORED))
    # mark the first member encrypted, as a password-protected member is (zipfile cannot write one):
    # general-purpose flag bit 0 in its local header and in its central directory entry
    data[6] |= 0x1
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1
    path = tmp_path / "enc.zip"
    path.write_bytes(bytes(data))
    items = list(walk(path))
    assert isinstance(items[0].error, EncryptedFile) and items[1].ok

    broken = tmp_path / "broken.zip"
    broken.write_bytes(zip_bytes({"a.txt": b"x" * 1000})[:-30])   # central directory cut
    (item,) = walk(broken)
    assert isinstance(item.error, CorruptFile) and item.error.reason == "tệp nén zip bị hỏng"
    assert isinstance(item.error.__cause__, zipfile.BadZipFile)


def test_member_with_bad_checksum_is_corrupt(tmp_path):
    data = bytearray(zip_bytes({"a.txt": VIET.encode() * 10}, compression=zipfile.ZIP_STORED))
    data[40] ^= 0xFF                     # one byte of the stored data
    path = tmp_path / "crc.zip"
    path.write_bytes(bytes(data))
    (item,) = walk(path)
    with pytest.raises(CorruptFile) as info:
        item.load()
    assert isinstance(info.value.__cause__, zipfile.BadZipFile)


def test_empty_member_loads_as_empty_error(tmp_path):
    (item,) = walk(_archive(tmp_path, {"rong.txt": b""}))
    with pytest.raises(EmptyFile):
        item.load()


# -- large trees ------------------------------------------------------------------------------------------
_NAMES = ["Báo cáo", "bao-cao", "Kế hoạch", "ke_hoach", "10", "2", "Đoàn", "a.b", "Z", "ý kiến"]


def _tree(root, dirs: int, files_per_dir: int) -> list[str]:
    """A tree of ``dirs`` folders (nested three deep, Vietnamese and mixed-case names) holding
    ``files_per_dir`` small files each; the relative paths of the files."""
    made = []
    for d in range(dirs):
        parts = [f"{_NAMES[d % len(_NAMES)]} {d // len(_NAMES)}", _NAMES[(d * 7) % len(_NAMES)], f"nam {2000 + d}"]
        folder = root.joinpath(*parts[: 1 + d % 3])
        folder.mkdir(parents=True, exist_ok=True)
        for f in range(files_per_dir):
            name = f"{_NAMES[f % len(_NAMES)]}-{f}.txt"
            (folder / name).write_bytes(b"x")
            made.append(os.path.relpath(folder / name, root))
    return made


def test_walking_a_generated_tree_yields_every_file_once_in_a_fixed_order(tmp_path):
    root = tmp_path / "kho"
    made = _tree(root, dirs=60, files_per_dir=25)
    sources = [item.source for item in walk(root)]
    assert len(sources) == len(set(sources)) == len(made) == 1500
    # depth first, each folder's entries (files and folders together) in code-point order
    expected = [os.path.join(str(root), p) for p in sorted(made, key=lambda p: p.split(os.sep))]
    assert sources == expected
    assert [item.source for item in walk(root)] == sources


def test_walk_lists_a_folder_only_when_it_gets_there(tmp_path):
    root = tmp_path / "kho"
    for name in ("a", "b", "c"):
        (root / name).mkdir(parents=True)
        (root / name / "1.txt").write_bytes(b"x")
    items = walk(root)
    assert next(items).source == str(root / "a" / "1.txt")
    (root / "c" / "2.txt").write_bytes(b"x")          # added after the walk began: still found
    assert [i.source for i in items] == [str(root / "b" / "1.txt"), str(root / "c" / "1.txt"),
                                         str(root / "c" / "2.txt")]


def test_walk_memory_does_not_grow_with_the_number_of_folders(tmp_path):
    import tracemalloc

    def peak(root) -> tuple[int, int]:
        tracemalloc.start()
        try:
            count = sum(1 for _ in walk(root))
            return count, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small = _tree(tmp_path / "small", dirs=2, files_per_dir=200)
    large = _tree(tmp_path / "large", dirs=50, files_per_dir=200)
    n_small, small_peak = peak(tmp_path / "small")
    n_large, large_peak = peak(tmp_path / "large")
    assert (n_small, n_large) == (len(small), len(large)) == (400, 10_000)
    # 25 times the files: the peak is one folder's listing (and the folders above it), not the tree's
    assert large_peak < 2 * small_peak, (small_peak, large_peak)


def test_reading_a_small_file_does_not_allocate_the_size_limit(tmp_path):
    import tracemalloc

    path = tmp_path / "nho.txt"
    path.write_bytes(VIET.encode())
    tracemalloc.start()
    try:
        data = ingest.read_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data == VIET.encode()
    assert peak < 2**20, peak          # not the 200 MB a read up to the limit would ask for


def test_a_file_that_grows_while_read_is_read_to_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "lon-dan.txt"
    path.write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    def says_empty(fd):             # the size it had when opened: nothing yet
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 0,
                               st.st_atime, st.st_mtime, st.st_ctime))

    monkeypatch.setattr(os, "fstat", says_empty)
    with pytest.raises(TooLarge):
        ingest.read_file(path, max_bytes=4000)
    assert ingest.read_file(path, max_bytes=6000) == b"x" * 5000


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "ong"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(ingest.Skipped, match="FIFO"):
        ingest.read_file(fifo)
    with pytest.raises(ingest.Skipped, match="FIFO"):
        ingest.hash_file(fifo)
    assert time.monotonic() - started < 5
