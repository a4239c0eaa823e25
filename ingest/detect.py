"""What a file really is: magic bytes first, the name's suffix only to break ties.

``sniff`` returns one of ``pdf``, ``docx``, ``doc``, ``odt``, ``rtf``, ``html``, ``txt`` or ``zip`` (an archive to be
expanded by ``walk``), or raises an ``IngestError`` saying why the file cannot be read.
"""
from __future__ import annotations

import codecs
import io
import os
import zipfile

from .document import MEMBER_SEP
from .errors import CorruptFile, EmptyFile, EncryptedFile, UnsupportedFormat
from .messages import msg

HEAD_SIZE = 4096

PDF_MAGIC = b"%PDF-"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")   # a local file header; an empty archive
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Signatures of formats we recognise but do not read: (magic, offset, what to tell people: ``file.<key>``
# of the message table).
_OTHER_MAGICS = (
    (b"\x89PNG\r\n\x1a\n", 0, "png"),
    (b"\xff\xd8\xff", 0, "jpeg"),
    (b"GIF87a", 0, "gif"),
    (b"GIF89a", 0, "gif"),
    (b"II*\x00", 0, "tiff"),
    (b"MM\x00*", 0, "tiff"),
    (b"\x1f\x8b", 0, "gzip"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7z"),
    (b"Rar!\x1a\x07", 0, "rar"),
    (b"\x7fELF", 0, "elf"),
    (b"MZ", 0, "exe"),
    (b"ftyp", 4, "video"),
    (b"ID3", 0, "mp3"),
    (b"RIFF", 0, "riff"),
    (b"OggS", 0, "ogg"),
)

# Zip-based office formats other than DOCX: (member that identifies it, what to tell people).
_OTHER_ZIP_KINDS = (
    ("xl/workbook.xml", "xlsx"),
    ("ppt/presentation.xml", "pptx"),
    ("mimetype", "odf-other"),
    ("META-INF/manifest.xml", "odf-other"),
)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
RTF_MAGIC = b"{\\rtf"

_OLE2_OTHER_SUFFIXES = {".xls": "xls", ".ppt": "ppt", ".msg": "msg"}
# Suffixes that claim a binary format: a file that has them but not their signature is damaged.
_CLAIMED = {".pdf": ("pdf", "not-pdf-header"), ".docx": ("docx", "not-docx-zip"), ".doc": ("doc", "not-doc-header")}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_MARKERS = ("<!doctype html", "<html")
_HTML_WEAK_MARKERS = ("<head", "<body", "<meta ", "<title")
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1a\x1b")
_CONTROLS = bytes(b for b in range(0x20) if b not in _TEXT_CONTROLS)    # the ones binary files are full of


def name_suffix(name: str) -> str:
    """The only part of a file's name that ``sniff`` (and so reading) depends on: its suffix, in
    lower case (the member's, for ``archive.zip!/member``)."""
    # pathlib's rule for ``suffix``, without ``PurePath``: it interns every part of every name it
    # parses, and a batch of a million names would keep growing the interpreter's table of them
    parts = [p for p in name.rsplit(MEMBER_SEP, 1)[-1].split("/") if p and p != "."]
    last = parts[-1] if parts else ""
    dot = last.rfind(".")
    return last[dot:].lower() if 0 < dot < len(last) - 1 else ""


def sniff(head: bytes | str | os.PathLike, name: str | None = None) -> str:
    """The format of a file, from its bytes (all of them or a head of at least 1 KB) or its path.

    ``name`` (defaults to the path) is consulted only as a tie-breaker: a ``.pdf`` that has no PDF
    signature is reported as a damaged PDF rather than read as text.
    """
    zip_source: object
    if isinstance(head, (str, os.PathLike)):
        path = os.fspath(head)
        name = path if name is None else name
        with open(path, "rb") as fh:
            data = fh.read(HEAD_SIZE)
        zip_source = path
    else:
        data = bytes(head)
        zip_source = io.BytesIO(data)
    name = name or ""
    suffix = name_suffix(name)

    if not data:
        raise EmptyFile(name, msg("empty-file"))
    if PDF_MAGIC in data[:1024]:
        return "pdf"
    if data.startswith(ZIP_MAGICS):
        return _zip_kind(zip_source, data, name, suffix)
    if data.startswith(RTF_MAGIC):
        return "rtf"
    if data.startswith(OLE2_MAGIC):
        if suffix in _OLE2_OTHER_SUFFIXES:
            raise UnsupportedFormat(name, _not_supported(_OLE2_OTHER_SUFFIXES[suffix]))
        return "doc"
    for magic, offset, what in _OTHER_MAGICS:
        if len(magic) >= 3 and data[offset:offset + len(magic)] == magic:
            raise UnsupportedFormat(name, _not_supported(what))
    encoding = text_encoding_of(data)
    if encoding is None:
        if suffix in _CLAIMED:
            raise CorruptFile(name, msg(_CLAIMED[suffix][1]))
        raise UnsupportedFormat(name, _binary_reason(data))
    if _looks_like_html(data, encoding):
        return "html"
    if suffix in _CLAIMED:
        raise CorruptFile(name, msg("claimed-but-text", reason=msg(_CLAIMED[suffix][1])))
    return "txt"


def _zip_kind(source, head: bytes, name: str, suffix: str) -> str:
    try:
        with zipfile.ZipFile(source) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and zf.getinfo("mimetype").flag_bits & 0x1:
                raise EncryptedFile(name, msg("package-encrypted"))
            mimetype = zf.read("mimetype")[:100].strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, NotImplementedError, RuntimeError):
        # Only a head, or a damaged archive: look for the package's part names in what we have.
        if b"word/document.xml" in head or suffix == ".docx":
            return "docx"   # the DOCX reader will say precisely what is wrong with it
        if head[30:38] == b"mimetype" and ODT_MIMETYPE in head[:200]:
            return "odt"    # ODF stores its mimetype first, uncompressed
        return "zip"        # walk() reports a damaged archive when it opens it
    if "word/document.xml" in names:
        return "docx"
    if mimetype == ODT_MIMETYPE:
        return "odt"
    for member, what in _OTHER_ZIP_KINDS:
        if member in names:
            raise UnsupportedFormat(name, _not_supported(what))
    if suffix == ".docx":
        raise CorruptFile(name, msg("docx-no-document"))
    return "zip"


def text_encoding_of(head: bytes) -> str | None:
    """A codec that decodes ``head`` as text, or None if it looks binary. Cheap: no statistics."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    sample = head[:HEAD_SIZE]
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return utf16
    if sample.count(0) > 2:      # one or two NULs are damage (a flipped bit), not a binary file
        return None
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    if controls > max(2, len(sample) // 50):
        return None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "8bit"   # a legacy single-byte encoding; the txt reader works out which


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte (for Latin-script text)."""
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    z_even, z_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if z_odd > 0.3 and z_even < 0.05:
        return "utf-16-le"
    if z_even > 0.3 and z_odd < 0.05:
        return "utf-16-be"
    return None


def _looks_like_html(data: bytes, encoding: str) -> bool:
    head = data[:2048]
    if encoding.startswith(("utf-16", "utf-32")):
        text = head.decode(encoding, errors="ignore")
    else:
        text = head.decode("latin-1")
    text = text.lstrip("\ufeff \t\r\n").lower()[:1024]
    if any(marker in text for marker in _HTML_MARKERS):
        return True
    return text.startswith("<") and any(marker in text for marker in _HTML_WEAK_MARKERS)


def _binary_reason(data: bytes) -> str:
    for magic, offset, what in _OTHER_MAGICS:
        if data[offset:offset + len(magic)] == magic:
            return _not_supported(what)
    return msg("unrecognized-binary")


def _not_supported(what: str) -> str:
    return msg("not-supported", what=msg(f"file.{what}"))
