"""Names and archives that once lost an input or broke a reader: operating-system litter is listed as
skipped with its reason, every input has a source of its own, members of archives on disk are
streamed, and damaged packages fail with a reason instead of an internal error."""
from __future__ import annotations

import hashlib
import io
import os
import struct
import zipfile

import pytest

import ingest
from ingest import CorruptFile, IngestError, MEMBER_SEP, Skipped, walk

from .builders import SAMPLES, VIET, zip_bytes

LITTER = [".DS_Store", "Thumbs.db", "desktop.ini", "~$bao-cao.docx", "~$cu.doc", "~$bang.xlsx", "._bao-cao.txt",
          ".~lock.bao-cao.odt#"]


def test_litter_in_a_folder_is_listed_as_skipped_with_a_reason(tmp_path):
    folder = tmp_path / "ho-so"
    (folder / "__MACOSX" / "con").mkdir(parents=True)
    (folder / "__MACOSX" / "con" / "._a.txt").write_bytes(b"\x00\x05\x16\x07")
    for name in LITTER:
        (folder / name).write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "bao-cao.txt").write_text(VIET, encoding="utf-8")
    (folder / ".an.txt").write_text(VIET, encoding="utf-8")      # hidden: listed as skipped, not read
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    items = {os.path.basename(i.source): i for i in walk(folder)}
    assert sorted(items) == sorted([*LITTER, "__MACOSX", "bao-cao.txt", ".an.txt", ".git"])   # one line each
    for name in [*LITTER, "__MACOSX", ".an.txt", ".git"]:
        error = items[name].error
        assert isinstance(error, Skipped), name
        assert error.code == "skipped" and error.reason.strip(), name
    assert "Office" in items["~$bao-cao.docx"].error.reason
    assert "macOS" in items["__MACOSX"].error.reason
    assert "ẩn" in items[".an.txt"].error.reason
    assert items["bao-cao.txt"].ok


def test_litter_in_a_zip_is_listed_member_by_member(tmp_path):
    path = tmp_path / "nen.zip"
    path.write_bytes(zip_bytes({"__MACOSX/._bao-cao.txt": b"\x00\x05\x16\x07", ".DS_Store": b"Bud1",
                                "ho-so/~$ke-hoach.docx": b"lock", "ho-so/Thumbs.db": b"\xd0\xcf\x11\xe0",
                                "bao-cao.txt": VIET.encode()}))
    items = list(walk(path))
    by_name = {i.source.split(MEMBER_SEP, 1)[1]: i for i in items}
    assert sorted(by_name) == [".DS_Store", "__MACOSX/._bao-cao.txt", "bao-cao.txt", "ho-so/Thumbs.db",
                               "ho-so/~$ke-hoach.docx"]
    assert all(i.parent == str(path) for i in items)
    assert [n for n, i in by_name.items() if i.ok] == ["bao-cao.txt"]
    assert all(isinstance(i.error, Skipped) for n, i in by_name.items() if n != "bao-cao.txt")


def test_names_that_read_alike_get_sources_of_their_own(tmp_path):
    """A name with the byte 0xff and a name with the four characters ``\\xff``; a folder named
    ``x.zip!`` and the archive ``x.zip``: each file keeps a source that names it alone."""
    folder = tmp_path / "trung"
    folder.mkdir()
    as_byte = os.fsdecode(os.fsencode(folder) + b"/ten-\xff.txt")
    as_text = str(folder / "ten-\\xff.txt")
    for i, path in enumerate((as_byte, as_text)):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(f"Báo cáo số {i}\n{VIET}")
    (folder / "x.zip!").mkdir()
    (folder / "x.zip!" / "a.txt").write_text("Trong thư mục\n" + VIET, encoding="utf-8")
    (folder / "x.zip").write_bytes(zip_bytes({"a.txt": ("Trong tệp nén\n" + VIET).encode()}))
    items = list(walk(folder))
    sources = [i.source for i in items]
    assert len(sources) == len(set(sources)) == 4, sources
    assert f"{folder}/ten-\\xff.txt" in sources                      # the byte, as before
    assert f"{folder}/ten-\\x5cxff.txt" in sources                   # the backslash itself
    assert f"{folder}/x.zip{MEMBER_SEP}a.txt" in sources             # the member
    assert f"{folder}/x.zip\\x21/a.txt" in sources                   # the file in the folder
    texts = {}
    for item in items:
        if item.parent is None:
            assert ingest.disk_path(item.source) == item.disk_path      # the source leads back to the file
            texts[item.source] = ingest.read_file(ingest.disk_path(item.source)).decode()
        else:
            texts[item.source] = item.load().decode()
    assert texts[f"{folder}/ten-\\xff.txt"].startswith("Báo cáo số 0")
    assert texts[f"{folder}/ten-\\x5cxff.txt"].startswith("Báo cáo số 1")
    assert texts[f"{folder}/x.zip\\x21/a.txt"].startswith("Trong thư mục")
    assert texts[f"{folder}/x.zip{MEMBER_SEP}a.txt"].startswith("Trong tệp nén")


def test_member_names_that_read_alike_get_sources_of_their_own(tmp_path):
    """Inside an archive, the folder ``a!`` and the nested archive ``a`` both hold ``b.txt``."""
    path = tmp_path / "ngoai.zip"
    path.write_bytes(zip_bytes({"a!/b.txt": b"Trong thu muc a!\n", "a": zip_bytes({"b.txt": b"Trong tep nen a\n"}),
                                "c\\xff.txt": b"Ten co gach cheo\n"}))
    items = {i.source[len(str(path)):]: i for i in walk(path)}
    assert sorted(items) == ["!/a!/b.txt", "!/a\\x21/b.txt", "!/c\\x5cxff.txt"]
    assert items["!/a\\x21/b.txt"].load() == b"Trong thu muc a!\n"
    assert items["!/a!/b.txt"].load() == b"Trong tep nen a\n"
    with zipfile.ZipFile(path) as zf:        # the name in a source finds its member again (downloads)
        assert ingest.archive_member(zf, "a\\x21/b.txt").filename == "a!/b.txt"
        assert ingest.archive_member(zf, "c\\x5cxff.txt").filename == "c\\xff.txt"


def test_a_member_of_an_archive_on_disk_is_streamed_and_read_again_where_it_is_read(tmp_path):
    data = "".join(f"{i}. {VIET}\n" for i in range(15000))     # several chunks of a megabyte
    path = tmp_path / "nen.zip"
    path.write_bytes(zip_bytes({"bao-cao.txt": data.encode(), "trong.zip": zip_bytes({"con.txt": b"Con.\n"})}))
    items = {i.source.split(MEMBER_SEP, 1)[1]: i for i in walk(path)}
    top = items["bao-cao.txt"]
    assert top.member is not None and top.member[0] == str(path)
    assert top.digest() == (hashlib.sha256(data.encode()).hexdigest(), len(data.encode()))
    assert ingest.read_member(*top.member, top.source) == data.encode()
    nested = items[f"trong.zip{MEMBER_SEP}con.txt"]            # inside an archive held as bytes: loaded
    assert nested.member is None and nested.digest is None and nested.load() == b"Con.\n"
    ingest.close_archives()


def _damage_lzma_member(data: bytes) -> bytes:
    out = bytearray(data)
    start = 30 + struct.unpack_from("<H", out, 26)[0] + struct.unpack_from("<H", out, 28)[0]
    for i in range(start + 9, start + 60):          # past the LZMA properties
        out[i] ^= 0xA5
    return bytes(out)


def test_a_damaged_lzma_member_is_a_corrupt_file(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_LZMA) as zf:
        zf.writestr("bao-cao.txt", (VIET + "\n") * 200)
    path = tmp_path / "lzma.zip"
    path.write_bytes(_damage_lzma_member(buf.getvalue()))
    [item] = list(walk(path))
    for read in (item.load, item.digest, lambda: ingest.read_member(*item.member, item.source)):
        with pytest.raises(CorruptFile, match="bị hỏng"):
            read()
    ingest.close_archives()


def _docx_with_directory_offset_past_its_start() -> bytes:
    data = bytearray((SAMPLES / "004.docx").read_bytes())
    end = data.rfind(b"PK\x05\x06")
    offset = struct.unpack_from("<I", data, end + 16)[0]
    struct.pack_into("<I", data, end + 16, offset + 64)     # members now "start" 64 bytes before the file
    return bytes(data)


def _docx_needing_zip_version(version: int) -> bytes:
    data = bytearray((SAMPLES / "004.docx").read_bytes())
    i = data.find(b"PK\x01\x02")
    while i >= 0:
        struct.pack_into("<H", data, i + 6, version)
        i = data.find(b"PK\x01\x02", i + 4)
    return bytes(data)


@pytest.mark.parametrize("data", [_docx_with_directory_offset_past_its_start(), _docx_needing_zip_version(99)],
                         ids=["negative-seek", "zip-version-9.9"])
def test_a_docx_with_a_damaged_zip_is_a_corrupt_file(data):
    with pytest.raises(CorruptFile, match="không phải tệp DOCX hợp lệ"):
        ingest.read_bytes(data, "hong.docx")


def _pdf_with_info(info: bytes) -> bytes:
    content = b"BT /F1 12 Tf 50 700 Td (Bao cao ket qua kiem tra) Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
            b"/Contents 5 0 R >>", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content), info]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_a_pdf_title_with_a_lone_surrogate_keeps_what_is_valid():
    data = _pdf_with_info(b"<< /Title <FEFF00421EA30020D800> /Author <FEFFDC00D800> >>")
    try:
        document = ingest.read_bytes(data, "tieu-de.pdf")
    except IngestError as exc:          # never UnicodeDecodeError
        pytest.fail(f"refused: {exc}")
    assert "Bao cao ket qua kiem tra" in document.text
