"""Robustness check of ``kiemtra ingest`` against hostile input (issue 16). Not a test: run it by hand.

    .venv/bin/python bench/fuzz_ingest.py [--files 1000] [--seed 16] [--jobs 2] [--keep] [--details]
                                          [--timeout 1800] [--max-memory-mb 3072] [--build-only]

Builds a folder of hostile input in a temporary directory, from the real samples of every format
(``corpora/samples``: txt, html, pdf, docx, plus .doc, .odt and .rtf converted from them by
LibreOffice, and zips of them):

- ``--files`` mutated files (bit flips, truncations, random bytes, valid headers with garbage bodies,
  spliced, filled, repeated and inserted regions, damaged members inside DOCX/ODT/zip packages, XML
  bombs, external entities, broken PDF and OLE2 structures, re-encoded text, wrong extensions...);
- hand-made hostile cases: zips with path traversal, names flagged UTF-8 that are not, very long
  names, control characters, CR/LF and NUL in names, duplicate names, wrong or "negative" offsets,
  unsupported compression, CRC errors, nested, empty and bomb archives; symbolic links inside the
  folder and out of it (/etc/passwd, /proc/self/status, /dev/zero, /, a secret file beside the
  folder), link loops, FIFOs, a socket, character devices, file names that are not UTF-8 and names
  with control characters or line breaks, permissions (chmod 000), paths longer than PATH_MAX,
  sparse files, names kiemtra's manifest cannot tell apart;
- good files: unmutated samples of every format, each made unique by a word of its own, to search.

The same seed builds the same bytes (the folder's digest is printed): each mutated file has a random
generator of its own, LibreOffice runs without address-space randomization, and what it still varies
(an ODT's zip times and revision ids, a PDF's /ID) is fixed afterwards. Files that name the secret
file do so as /proc/self/cwd/outside/... (kiemtra runs in the temporary directory).

Then it runs ``kiemtra ingest FOLDER --jobs 2 --no-progress`` into a fresh SQLite index
(``KIEMTRA_INDEX=sqlite:///TMP/index.db``), measuring the wall time and the peak memory of the
whole process tree (RSS summed over the process and its descendants, sampled from /proc every
0.2 s), runs it a second time, and checks, printing PASS or FAIL for each:

- the batch ends (``--timeout``), with no Python traceback on stderr;
- its exit code is min(number of failures, 100);
- every input is accounted for: each file on disk, zip member and special file is indexed, a
  duplicate of indexed content, failed with a reason (``kiemtra failures --json``), skipped with a
  reason (manifest status ``skipped``), an archive whose members are listed, or inside a folder or
  archive listed as failed; read from the SQLite ``files`` table;
- links out of the folder and special files are skipped, not failures;
- every good file is found by ``kiemtra search`` with its word, and nothing from outside the folder
  is in the index (/etc/passwd, /proc/self/status, the secret file);
- peak memory stays under ``--max-memory-mb``;
- a second run is idempotent: no new documents, the same failures;
- as root, permission bits do not stop a read (root has CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH:
  a chmod 000 file or folder and a folder without x are read); what root cannot open either is in
  the main folder (a path longer than PATH_MAX, link loops); the unreadable cases are run once more
  with those two capabilities dropped (``setpriv --bounding-set``), in a small folder and index of
  their own.

WARN lines (not failures) report what is worth a look without breaking the contract: internal
errors among the failures, a re-run that reads files again, names printed with raw control
characters, and changes to the product's code on disk during the check (others work in this
checkout: a re-run difference is then not conclusive). Prints tables of counts per outcome, status,
failure code and kind of input (``--details``: each hand-made case), the inputs behind each failed
check, then a summary line, and exits 1 when a check fails. About 6 to 15 minutes on 2 cores, most
of it LibreOffice (.doc/.odt/.rtf) and OCR (PDFs whose text layer was damaged), both runs included.
"""
from __future__ import annotations

import argparse
import bisect
import concurrent.futures
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import warnings
import zipfile
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from bench_ingest import _rss, _tree  # noqa: E402 - the process tree and its memory, as bench_ingest samples them

SAMPLES = ROOT / "corpora" / "samples"
KIEMTRA = ROOT / ".venv" / "bin" / "kiemtra"
if not KIEMTRA.exists():
    KIEMTRA = Path(sys.executable).parent / "kiemtra"

SEP = "!/"                                   # between an archive and a member in a manifest path
SECRET_VIA_CWD = "/proc/self/cwd/outside/bi-mat.txt"   # the secret file, for a process started in TMP
LITTER = (".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# words of files outside the folder: none may be searchable
OUTSIDE_WORDS = ("nologin", "TracerPid", "VmRSS", "SigBlk")
OUTSIDE_TEXT = ("root:x:0:0", "TracerPid:", "VmPeak:", "/usr/sbin/nologin")
# the reason of the member that passes an archive's total size limit (English before reasons moved to Vietnamese)
REST_SKIPPED = re.compile(r"remaining members were skipped|các tệp sau bị bỏ qua")
SUMMARY = re.compile(r"(\d+) tệp đã lập chỉ mục, (\d+) tệp không đổi đã bỏ qua, (\d+) tệp trùng nội dung, "
                     r"(?:(\d+) mục không phải văn bản đã bỏ qua, )?(\d+) tệp lỗi")


def shown(raw: bytes) -> str:
    """A path as the manifest shows it: bytes that are not UTF-8 as ``\\xNN``, and so that no name
    reads like another, a backslash that starts ``\\xNN`` in the name itself as ``\\x5c`` and a ``!``
    before ``/`` as ``\\x21``."""
    return escaped(raw.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape").decode(
        "utf-8", "backslashreplace")


def escaped(name: str) -> str:
    """What the manifest escapes in a real name (a file's, or a zip member's)."""
    return re.sub(r"\\(?=x[0-9a-f]{2})|!(?=/)", lambda m: f"\\x{ord(m.group(0)):02x}", name)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- the inputs -----------------------------------------------------------------------------------
@dataclass
class Input:
    key: str                          # the path the manifest should list it under
    kind: str                         # family/case, e.g. "mutated/pdf/bitflip", "zip/traversal"
    expect: str = "any"               # any | good | skipped
    token: str | None = None          # a good file's word of its own
    sha: str | None = None            # sha256 of its bytes (a good file's document id)
    ancestors: tuple[str, ...] = ()   # folders and archives it is inside of, outermost first
    link: str | None = None           # a symbolic link to a folder: "inside" or "cycle"
    parent_zip: str | None = None     # the archive a member is in


@dataclass
class Member:
    """A member of a zip built here: the name kiemtra should list it under, and what it is."""

    name: str
    kind: str
    expect: str = "any"
    token: str | None = None
    data: bytes | None = None
    children: list["Member"] | None = None    # a nested zip's members


class Corpus:
    """The folder given to kiemtra, and what was put in it."""

    def __init__(self, top: Path, rng: random.Random):
        self.top = top
        self.top_b = os.fsencode(top)
        self.rng = rng
        self.meta: dict[bytes, dict] = {}
        self.members: list[Input] = []
        self.n_tokens = 0
        self.notes: list[str] = []

    def key(self, rel: bytes) -> str:
        return shown(self.top_b + b"/" + rel)

    def token(self) -> str:
        i, s = self.n_tokens, ""
        self.n_tokens += 1
        for _ in range(4):
            s = chr(97 + i % 26) + s
            i //= 26
        return "zqgood" + s

    def _path(self, rel) -> tuple[bytes, bytes]:
        rel = os.fsencode(rel)
        path = self.top_b + b"/" + rel
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return path, rel

    def file(self, rel, data: bytes, kind: str, expect: str = "any", token: str | None = None) -> bytes:
        path, rel = self._path(rel)
        with open(path, "wb") as fh:
            fh.write(data)
        self.meta[rel] = dict(kind=kind, expect=expect, token=token, sha=sha(data))
        return path

    def zip(self, rel, data: bytes, kind: str, members: list[Member]) -> bytes:
        path = self.file(rel, data, kind)
        rel = os.fsencode(rel)
        self._members(self.key(rel), members, dir_keys(self, rel) + (self.key(rel),))
        return path

    def _members(self, zkey: str, members: list[Member], ancestors: tuple[str, ...]) -> None:
        for m in members:
            key = zkey + SEP + escaped(m.name)
            self.members.append(Input(key, m.kind, m.expect, m.token, sha(m.data) if m.data is not None else None,
                                      ancestors, parent_zip=zkey))
            if m.children is not None:
                self._members(key, m.children, ancestors + (key,))

    def link(self, rel, target, kind: str, expect: str = "any", to_folder: str | None = None) -> None:
        path, rel = self._path(rel)
        os.symlink(os.fsencode(target), path)
        self.meta[rel] = dict(kind=kind, expect=expect, link=to_folder)

    def special(self, rel, kind: str, make) -> bool:
        path, rel = self._path(rel)
        try:
            make(path)
        except OSError as exc:
            self.notes.append(f"{kind}: cannot be made here ({exc.strerror}); not tested")
            return False
        self.meta[rel] = dict(kind=kind, expect="skipped")
        return True


def dir_keys(c: Corpus, rel: bytes) -> tuple[str, ...]:
    """The keys of the folders ``rel`` is inside of, the given folder first."""
    keys = [shown(c.top_b)]
    parts = rel.split(b"/")[:-1]
    for i in range(len(parts)):
        keys.append(c.key(b"/".join(parts[:i + 1])))
    return tuple(keys)


def inventory(c: Corpus) -> list[Input]:
    """Every input: what is on disk (found by walking it, so nothing is forgotten) and the members of
    the zips built here."""
    inputs: list[Input] = []
    for dirpath, dirnames, filenames, dirfd in os.fwalk(c.top_b, follow_symlinks=False):
        rel_dir = dirpath[len(c.top_b) + 1:]
        for name in sorted(dirnames + filenames):
            st = os.lstat(name, dir_fd=dirfd)
            if stat.S_ISDIR(st.st_mode):
                continue
            rel = rel_dir + b"/" + name if rel_dir else name
            meta = c.meta.get(rel, {"kind": "unregistered"})
            inputs.append(Input(c.key(rel), meta["kind"], meta.get("expect", "any"), meta.get("token"),
                                meta.get("sha"), dir_keys(c, rel), meta.get("link")))
    return inputs + c.members


# -- fixtures -------------------------------------------------------------------------------------
def load_samples() -> dict[str, list[tuple[str, bytes]]]:
    by_fmt: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
    for p in sorted(SAMPLES.iterdir()):
        if p.is_file():
            by_fmt[p.suffix.lstrip(".").lower()].append((p.stem, p.read_bytes()))
    return by_fmt


def tokenized(fmt: str, data: bytes, token: str, encoding: str = "utf-8") -> bytes:
    """A sample with a sentence holding ``token`` added to its body."""
    line = f"Mã kiểm thử {token} của bộ dữ liệu thử nghiệm."
    if fmt == "txt":
        head, _, rest = data.decode("utf-8-sig").partition("\n")
        return f"{head}\n{line}\n{rest}".encode(encoding)
    if fmt == "html":
        text = data.decode("utf-8")
        at = text.find("<p>", max(text.find("<article"), 0))
        if at < 0:
            return text.replace("</body>", f"<p>{line}</p></body>", 1).encode("utf-8")
        return (text[:at + 3] + line + " " + text[at + 3:]).encode("utf-8")
    if fmt == "docx":
        return rewrite_zip(data, {"word/document.xml": lambda x: re.sub(
            rb"(<w:body[^>]*>)", lambda m: m.group(1) + f'<w:p><w:r><w:t xml:space="preserve">{line}</w:t></w:r></w:p>'
            .encode("utf-8"), x, count=1)})
    if fmt == "pdf":
        return pdf_with_text(data, f"{token} fuzz")
    raise ValueError(fmt)


def pdf_with_text(data: bytes, text: str) -> bytes:
    """The PDF with a line of text drawn on its first page (PDFium: a text object, content regenerated)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(10))
        buf = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 40, 20)
        raw.FPDFPage_InsertObject(page.raw, obj)
        raw.FPDFPage_GenerateContent(page.raw)
        out = io.BytesIO()
        pdf.save(out)
        # the second half of the file /ID is random: fixed, so that a seed always builds the same bytes
        return re.sub(rb"(/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<)([0-9A-Fa-f]*)>",
                      lambda m: m.group(1) + sha(text.encode()).upper()[:len(m.group(2))].encode() + b">",
                      out.getvalue(), count=1)
    finally:
        pdf.close()


def rewrite_zip(data: bytes, changes: dict, add: dict | None = None, drop: tuple = (),
                dup: str | None = None) -> bytes:
    """A copy of a zip package with members changed (name -> function of the bytes), added, dropped
    or written twice; order, compression and a stored ODF ``mimetype`` first are kept."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")        # "Duplicate name"
        with zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                if info.filename in drop:
                    continue
                body = src.read(info)
                if info.filename in changes:
                    body = changes[info.filename](body)
                zi = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
                zi.compress_type = info.compress_type
                dst.writestr(zi, body)
                if info.filename == dup:
                    dst.writestr(zi, body[: len(body) // 2])
            for name, body in (add or {}).items():
                dst.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def make_zip(members: list[tuple[str, bytes]], method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(out, "w", method) as zf:
            for name, body in members:
                zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), body, method)
    return out.getvalue()


def raw_zip(members: list[dict], *, prefix: bytes = b"", comment: bytes = b"", eocd: dict | None = None,
            before_eocd: bytes = b"") -> bytes:
    """A zip written byte by byte, so that every field can lie. A member: ``name`` (bytes), ``data``,
    and optionally ``method`` (0 stored, 8 deflated, anything else: ``compressed`` as given),
    ``flags``, ``crc``, ``csize``, ``usize``, ``local_name``, ``ext_attr``, ``offset`` (what the
    central directory says), ``share`` (index of an earlier member whose local header it points at)."""
    out = bytearray(prefix)
    offsets: list[int] = []
    fields = []
    for m in members:
        data = m.get("data", b"")
        method = m.get("method", 8)
        if "compressed" in m:
            comp = m["compressed"]
        elif method == 8:
            co = zlib.compressobj(9, zlib.DEFLATED, -15)
            comp = co.compress(data) + co.flush()
        else:
            comp = data
        f = (m.get("flags", 0), method, m.get("crc", zlib.crc32(data)), m.get("csize", len(comp)),
             m.get("usize", len(data)))
        fields.append(f)
        if m.get("share") is not None:
            offsets.append(offsets[m["share"]])
            continue
        offsets.append(len(out))
        lname = m.get("local_name", m["name"])
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, f[0], f[1], 0, 0x5821, f[2], f[3], f[4], len(lname), 0)
        out += lname + comp
    cd_start = len(out)
    for m, off, f in zip(members, offsets, fields):
        out += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, f[0], f[1], 0, 0x5821, f[2], f[3],
                           f[4], len(m["name"]), 0, 0, 0, 0, m.get("ext_attr", 0o100644 << 16), m.get("offset", off))
        out += m["name"]
    cd_size = len(out) - cd_start
    out += before_eocd
    e = {"count": len(members), "cd_size": cd_size, "cd_offset": cd_start, "comment_len": len(comment), **(eocd or {})}
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, e["count"] & 0xFFFF, e["count"] & 0xFFFF,
                       e["cd_size"] & 0xFFFFFFFF, e["cd_offset"] & 0xFFFFFFFF, e["comment_len"] & 0xFFFF)
    return bytes(out + comment)


def zip_name(raw: bytes, flags: int = 0) -> str:
    """The name a zip member is listed under: UTF-8 when flagged and valid, else the legacy code page
    (cp437), with UTF-8 written without the flag repaired; cut at a NUL (as Python's zipfile does)."""
    name = None
    if flags & 0x800:
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if name is None:
        name = raw.decode("cp437")
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name.split("\0", 1)[0]


def mini_pdf(pages: list[tuple[int, int]], content: bytes = b"", extra_trailer: bytes = b"",
             kids_extra: bytes = b"", count: int | None = None, info: bytes | None = None) -> bytes:
    """A small PDF with blank pages (or ``content`` on each), classic xref; ``info``: its document
    information dictionary."""
    objs: list[bytes | None] = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
                                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for w, h in pages:
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> "
                    b"/Contents %d 0 R >>" % (w, h, len(objs) + 2))
        kids.append(len(objs))
        objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    if info is not None:
        objs.append(info)
        extra_trailer += b"/Info %d 0 R " % len(objs)
    objs[1] = (b"<< /Type /Pages /Kids [" + kids_extra + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>"
               % (len(kids) if count is None else count))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, extra_trailer, xref)
    return bytes(out)


def steady(fmt: str, data: bytes) -> bytes:
    """LibreOffice's output without what changes from one conversion to the next (an ODT's zip times
    and random revision id), so that a seed always builds the same bytes."""
    if fmt != "odt":
        return data
    return rewrite_zip(data, {"settings.xml": lambda b: re.sub(rb'(config:name="Rsid(?:Root)?" config:type="int">)\d+',
                                                               rb"\g<1>1000000", b)})


def soffice_convert(work: Path, docs: dict[str, bytes], target: str) -> dict[str, bytes]:
    """DOCX files converted by LibreOffice (a profile of its own) to doc, odt or rtf."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return {}
    src, out = work / f"src-{target}", work / f"out-{target}"
    src.mkdir(parents=True)
    for stem, data in docs.items():
        (src / f"{stem}.docx").write_bytes(data)
    filt = {"doc": "doc:MS Word 97", "odt": "odt", "rtf": "rtf"}[target]
    # Without address-space randomization, and one file per call for RTF, LibreOffice writes the same
    # bytes each time (else the order of an RTF's font table changes from one run to the next).
    steady_arch = [shutil.which("setarch"), os.uname().machine, "-R"] if shutil.which("setarch") else []
    files = sorted(str(p) for p in src.iterdir())
    for group in ([[f] for f in files] if target == "rtf" else [files]):
        cmd = [*steady_arch, exe, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
               f"-env:UserInstallation={(work / 'lo-profile').as_uri()}", "--convert-to", filt,
               "--outdir", str(out), *group]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                                env=dict(os.environ, HOME=str(work)))
        try:
            proc.wait(timeout=600)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return {stem: (out / f"{stem}.{target}").read_bytes() for stem in docs if (out / f"{stem}.{target}").exists()}


# -- mutations ------------------------------------------------------------------------------------
MAGIC = {"pdf": [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b"%PDF-"], "docx": [b"PK\x03\x04"], "odt": [b"PK\x03\x04"],
         "zip": [b"PK\x03\x04", b"PK\x05\x06"], "doc": [OLE2], "rtf": [b"{\\rtf1\\ansi\\deff0 ", b"{\\rtf"],
         "html": [b"<!DOCTYPE html><html><head><meta charset='utf-8'>", b"<html><body>"],
         "txt": [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"]}
TEXT_JUNK = [b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\x00", b"\x00" * 64, b"\xef\xbb\xbf", b"\x1b[2J\x1b]0;x\x07",
             b"\xc0\xaf", b"\xf4\x90\x80\x80", "\u0301".encode() * 500, "\u202e".encode(), b"\r", b"\x1a",
             bytes(range(32)), b"\x80\x81\x82", "\ufffe\uffff".encode("utf-8", "surrogatepass")]


def _bitflip(rng, d, fmt, ctx, body=False):
    d = bytearray(d)
    start = min(1024, len(d) - 1) if body and len(d) > 1100 else 0
    for _ in range(rng.choice([1, 2, 4, 8, 32, 128])):
        i = rng.randrange(start, len(d))
        d[i] ^= 1 << rng.randrange(8)
    return bytes(d)


def m_bitflip(rng, d, fmt, ctx):
    return _bitflip(rng, d, fmt, ctx)


def m_bitflip_body(rng, d, fmt, ctx):
    return _bitflip(rng, d, fmt, ctx, body=True)


def m_truncate(rng, d, fmt, ctx):
    return d[:rng.randrange(1, len(d))]


def m_truncate_head(rng, d, fmt, ctx):
    return d[:rng.randrange(1, min(len(d), 600))]


def m_random(rng, d, fmt, ctx):
    return rng.randbytes(rng.choice([1, 3, 7, 100, 1000, 4096, 65536]))


def m_header_garbage(rng, d, fmt, ctx):
    head = rng.choice(MAGIC.get(fmt, [b""])) if rng.random() < 0.5 else d[:rng.choice([8, 30, 64, 200, 512, 2048])]
    return head + rng.randbytes(rng.choice([0, 10, 500, 5000, 50000]))


def m_keep_head(rng, d, fmt, ctx):
    k = rng.randrange(4, max(5, len(d) // 2))
    return d[:k] + rng.randbytes(len(d) - k)


def m_splice(rng, d, fmt, ctx):
    other = rng.choice(ctx["all"])
    i, j = sorted(rng.randrange(len(d)) for _ in range(2))
    a = rng.randrange(len(other))
    return d[:i] + other[a:a + rng.randrange(1, 20000)] + d[j:]


def m_fill(rng, d, fmt, ctx):
    i = rng.randrange(len(d))
    n = rng.randrange(1, max(2, len(d) // 4))
    return d[:i] + bytes([rng.choice([0, 0xFF, 0x20])]) * n + d[i + n:]


def m_repeat(rng, d, fmt, ctx):
    i = rng.randrange(len(d))
    chunk = d[i:i + rng.randrange(1, 4096)]
    times = rng.randrange(2, max(3, (2 << 20) // max(1, len(chunk))))
    return d[:i] + chunk * times + d[i:]


def m_insert(rng, d, fmt, ctx):
    i = rng.randrange(len(d))
    return d[:i] + rng.randbytes(rng.choice([1, 16, 1000])) + d[i:]


def m_concat(rng, d, fmt, ctx):
    other = rng.choice(ctx["all"])
    return d + other if rng.random() < 0.5 else other + d


def m_wrong_ext(rng, d, fmt, ctx):
    return d            # the name changes (see mutate)


def m_textual(rng, d, fmt, ctx):
    if rng.random() < 0.25:
        text = d.decode("utf-8", "replace")
        enc = rng.choice(["utf-16-le", "utf-16-be", "utf-32", "cp1258", "latin-1", "utf-7", "cp1252"])
        return text.encode(enc, "replace")
    d = bytearray(d)
    for _ in range(rng.choice([1, 3, 10, 50])):
        i = rng.randrange(len(d) + 1)
        d[i:i] = rng.choice(TEXT_JUNK)
    return bytes(d)


def m_markup(rng, d, fmt, ctx):
    n = rng.choice([1000, 10000, 100000])
    if fmt == "rtf":
        junk = rng.choice([b"{" * n, b"{\\b " * n + b"x" + b"}" * n, b"\\bin999999999 ", b"\\u-32768?" * n,
                           b"{\\*\\zzunknown " * n, b"\\'zz\\'" * n, b"{\\pict\\wmetafile8 " + b"ff" * n + b"}"])
    else:
        junk = rng.choice([b"<div>" * n, b"<p><b><i><span>" * n, b"<a title='" + b"x" * (n * 10) + b"'>",
                           b"<p>x</p>" * n, b"<!--" + b"-" * n, b"<table><tr><td>" * n, b"<script>" + b"</" * n,
                           b"<meta charset='utf-16'>", b"<iframe src='file:///etc/passwd'></iframe>",
                           b"<meta http-equiv='refresh' content='0;url=file:///etc/passwd'>",
                           b"&#x110000;&#xD800;&#0;&#" + b"9" * 50 + b";"])
    i = rng.randrange(len(d))
    return d[:i] + junk + d[i:]


XML_BOMB = ("<?xml version='1.0'?><!DOCTYPE r [<!ENTITY a 'zqbomb zqbomb zqbomb zqbomb zqbomb zqbomb zqbomb zqbomb'>"
            + "".join(f"<!ENTITY {chr(98 + i)} '{('&' + chr(97 + i) + ';') * 10}'>" for i in range(8)) + "]>")


def _xml_doc(fmt: str, body: str, doctype: str = "") -> bytes:
    if fmt == "odt":
        return (f"<?xml version='1.0' encoding='UTF-8'?>{doctype}<office:document-content "
                "xmlns:office='urn:oasis:names:tc:opendocument:xmlns:office:1.0' "
                "xmlns:text='urn:oasis:names:tc:opendocument:xmlns:text:1.0' office:version='1.2'>"
                f"<office:body><office:text><text:p>{body}</text:p></office:text></office:body>"
                "</office:document-content>").encode()
    return (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>{doctype}<w:document xmlns:w='{W_NS}'><w:body>"
            f"<w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body></w:document>").encode()


def m_package(rng, d, fmt, ctx):
    """Damage one member of a DOCX/ODT/zip and write the package again."""
    try:
        return _package(rng, d, fmt, ctx)
    except Exception:  # noqa: BLE001 - an already damaged package (a second mutation): flip bits instead
        return m_bitflip(rng, d, fmt, ctx)


def _package(rng, d, fmt, ctx):
    names = [i.filename for i in zipfile.ZipFile(io.BytesIO(d)).infolist()]
    main = {"docx": "word/document.xml", "odt": "content.xml"}.get(fmt)
    target = main if main in names and rng.random() < 0.6 else rng.choice(names)
    op = rng.choice(["bitflip", "truncate", "random", "empty", "drop", "dup", "huge", "add-traversal"]
                    + (["bomb", "xxe", "deep", "garbage-xml", "xxe-outside"] * 2 if target == main else []))
    doctype_root = "office:document-content" if fmt == "odt" else "w:document"
    if op == "drop":
        return rewrite_zip(d, {}, drop=(target,))
    if op == "dup":
        return rewrite_zip(d, {}, dup=target)
    if op == "huge":
        return rewrite_zip(d, {}, add={"word/zz-huge.xml": b"<x>" + b"a" * (8 << 20) + b"</x>"})
    if op == "add-traversal":
        return rewrite_zip(d, {}, add={"../../../../tmp/zq-evil.txt": b"evil", "/etc/zq-abs.txt": b"abs"})
    change = {
        "bitflip": lambda b: _bitflip(rng, b, fmt, ctx) if b else b"\x00",
        "truncate": lambda b: b[:rng.randrange(0, max(1, len(b)))],
        "random": lambda b: rng.randbytes(rng.choice([0, 10, 1000, 30000])),
        "empty": lambda b: b"",
        "bomb": lambda b: _xml_doc(fmt, "&i;", XML_BOMB.replace("DOCTYPE r", "DOCTYPE " + doctype_root)),
        "xxe": lambda b: _xml_doc(fmt, "&x;", f"<!DOCTYPE {doctype_root} [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"),
        "xxe-outside": lambda b: _xml_doc(fmt, "&x;", f"<!DOCTYPE {doctype_root} [<!ENTITY x SYSTEM "
                                                      f"'file://{ctx['secret']}'>]>"),
        "deep": lambda b: _xml_doc(fmt, "<w:r>" * 100000 if fmt != "odt" else "<text:span>" * 100000),
        "garbage-xml": lambda b: b[: len(b) // 2] + b"<<<&&&]]>" + b[len(b) // 2:],
    }[op]
    return rewrite_zip(d, {target: change})


def m_pdf_struct(rng, d, fmt, ctx):
    op = rng.choice(["count", "startxref", "kids-loop", "encrypt", "length", "mediabox", "filter", "xref"])
    if op == "count":
        out = re.sub(rb"/Count \d+", rng.choice([b"/Count 2147483647", b"/Count -1", b"/Count 0"]), d)
    elif op == "startxref":
        out = re.sub(rb"startxref\s+\d+", b"startxref\n" + str(rng.choice([0, 1, len(d) * 3, 2 ** 40])).encode(), d)
    elif op == "kids-loop":
        out = re.sub(rb"/Kids \[", b"/Kids [2 0 R 1 0 R ", d, count=1)
    elif op == "encrypt":
        out = re.sub(rb"trailer\s*<<", b"trailer\n<< /Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /P -4 "
                                       b"/O <" + b"00" * 32 + b"> /U <" + b"11" * 32 + b"> >> ", d, count=1)
    elif op == "length":
        out = re.sub(rb"/Length \d+", lambda m: rng.choice([b"/Length 0", b"/Length 99999999", b"/Length -5"]), d)
    elif op == "mediabox":
        out = re.sub(rb"/MediaBox\s*\[[^\]]*\]", rng.choice([b"/MediaBox [0 0 0 0]", b"/MediaBox [0 0 -1 1e30]",
                                                             b"/MediaBox [1 2]"]), d)
    elif op == "filter":
        out = re.sub(rb"/Filter\s*/FlateDecode", rng.choice([b"/Filter /DCTDecode", b"/Filter /JBIG2Decode",
                                                             b"/Filter [/FlateDecode /FlateDecode]",
                                                             b"/Filter /LZWDecode"]), d)
    else:
        out = re.sub(rb"\d{10} \d{5} [nf]", lambda m: b"%010d 00000 n" % rng.randrange(10 ** 10)
                     if rng.random() < 0.3 else m.group(0), d)
    return out if out != d else m_bitflip(rng, d, fmt, ctx)


def m_ole_struct(rng, d, fmt, ctx):
    d = bytearray(d)
    if len(d) < 512:
        return m_bitflip(rng, bytes(d), fmt, ctx)
    offset, value = rng.choice([(30, b"\xff\xff"), (30, b"\x00\x00"), (44, b"\xff\xff\xff\x7f"), (48, b"\xfe\xff\xff\xff"),
                                (48, b"\x00\x00\x00\x00"), (60, b"\xff\xff\xff\x7f"), (68, b"\x00\x00\x00\x00"),
                                (76, b"\xfd\xff\xff\xff" * 4), (76, b"\x00\x00\x00\x00" * 4)])
    d[offset:offset + len(value)] = value
    return bytes(d)


# (name, function, weight, formats it applies to or None for all)
MUTATORS = [
    ("bitflip", m_bitflip, 3, None), ("bitflip-body", m_bitflip_body, 2, None), ("truncate", m_truncate, 3, None),
    ("truncate-head", m_truncate_head, 1, None), ("random", m_random, 1.2, None),
    ("header-garbage", m_header_garbage, 2, None), ("keep-head", m_keep_head, 1.2, None),
    ("splice", m_splice, 1, None), ("fill", m_fill, 1, None), ("repeat", m_repeat, 0.6, None),
    ("insert", m_insert, 1, None), ("concat", m_concat, 0.5, None), ("wrong-ext", m_wrong_ext, 0.6, None),
    ("package", m_package, 4, {"docx", "odt", "zip"}), ("textual", m_textual, 3, {"txt", "html", "rtf"}),
    ("markup", m_markup, 1.5, {"html", "rtf"}), ("pdf-struct", m_pdf_struct, 3, {"pdf"}),
    ("ole-struct", m_ole_struct, 2, {"doc"}),
]
# .doc, .odt and .rtf cost a LibreOffice start each (~2.5 s with 2 jobs): fewer of them
FORMAT_WEIGHTS = {"txt": 15, "html": 15, "pdf": 18, "docx": 17, "zip": 20, "doc": 5, "odt": 5, "rtf": 5}
EXTS = ["txt", "html", "htm", "pdf", "docx", "doc", "odt", "rtf", "zip", "xlsx", "jpg"]


def mutate(rng: random.Random, fmt: str, data: bytes, ctx: dict) -> tuple[bytes, str, str]:
    """A mutation of ``data``: (bytes, mutator names, extension)."""
    usable = [m for m in MUTATORS if m[3] is None or fmt in m[3]]
    names = []
    if len(data) < 16:
        data += rng.randbytes(16)
    for _ in range(2 if rng.random() < 0.15 else 1):
        name, fn, _, _ = rng.choices(usable, [m[2] for m in usable])[0]
        data = fn(rng, data, fmt, ctx) if len(data) >= 16 else data + rng.randbytes(16)
        names.append(name)
    r = rng.random()
    ext = fmt
    if "wrong-ext" in names or r < 0.08:
        ext = rng.choice([e for e in EXTS if e != fmt])
    elif r < 0.12:
        ext = ""
    elif r < 0.15:
        ext = fmt.upper()
    return data, "+".join(names), ext


# -- building the folder --------------------------------------------------------------------------
def build(c: Corpus, n_files: int, work: Path, outside: Path, seed: int) -> dict:
    rng = c.rng
    samples = load_samples()
    docx_of = dict(samples.get("docx", []))
    info: dict = {"formats": {}}

    # good files: every sample of every format, with a word of its own
    good: dict[str, list[tuple[str, bytes, str]]] = defaultdict(list)   # fmt -> (stem, bytes, token)
    for fmt in ("txt", "html", "pdf", "docx"):
        for stem, data in samples.get(fmt, []):
            token = c.token()
            good[fmt].append((stem, tokenized(fmt, data, token), token))
    for target in ("doc", "odt", "rtf"):
        tokens = {stem: c.token() for stem in docx_of}
        converted = soffice_convert(work, {s: tokenized("docx", d, tokens[s]) for s, d in docx_of.items()}, target)
        if not converted:
            c.notes.append(f"{target}: LibreOffice could not make fixtures; {target} not tested")
        for stem in sorted(converted):
            good[target].append((stem, steady(target, converted[stem]), tokens[stem]))
    for fmt in sorted(samples):      # anything else in corpora/samples (zip, doc...): as it is
        if fmt not in good and fmt != "zip":
            for stem, data in samples[fmt]:
                good[fmt].append((stem, data, None))
    for fmt, items in good.items():
        for stem, data, token in items:
            c.file(f"tot/{fmt}/{stem}.{fmt}", data, f"good/{fmt}", "good" if token else "any", token)
    # text in other encodings
    for enc, label in (("utf-16", "utf16"), ("utf-8-sig", "bom")):
        stem, data = samples["txt"][rng.randrange(len(samples["txt"]))]
        token = c.token()
        c.file(f"tot/txt/{stem}-{label}.txt", tokenized("txt", data, token, enc), f"good/txt-{label}", "good", token)

    def fresh(fmt: str = "txt") -> tuple[bytes, str]:
        stem, data = samples[fmt][rng.randrange(len(samples[fmt]))]
        token = c.token()
        return tokenized(fmt, data, token), token

    # bases to mutate: the good files, and zips of them
    bases: dict[str, list[bytes]] = {fmt: [d for _, d, _ in items] for fmt, items in good.items()}
    flat = [(f"{s}.{fmt}", d) for fmt, items in good.items() for s, d, _ in items]
    bases["zip"] = [make_zip([(f"ho-so/{n}", d) for n, d in rng.sample(flat, 3)],
                             rng.choice([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])) for _ in range(6)]
    secret_token = "zqoutside" + "".join(rng.choice("abcdefghij") for _ in range(6))
    secret = outside / "bi-mat.txt"
    secret.write_text(f"Tài liệu mật bên ngoài thư mục: {secret_token} không được lập chỉ mục.\n", encoding="utf-8")
    (outside / "thu-muc").mkdir()
    (outside / "thu-muc" / "ngoai.txt").write_text(f"Tệp bên ngoài {secret_token}.\n", encoding="utf-8")
    # inside files, the secret is named through the reader's working directory (kiemtra runs in the
    # temporary folder): the same bytes whatever that folder is called
    ctx = {"all": [d for ds in bases.values() for d in ds], "secret": SECRET_VIA_CWD}
    info["secret_token"] = secret_token
    info["good_bytes"] = flat

    build_specials(c, fresh, samples, bases, outside, secret, info)

    # the mutated files
    fmts = [f for f in FORMAT_WEIGHTS if bases.get(f)]
    for i in range(n_files):
        r = random.Random(f"{seed}:{i}")     # one generator per file: each file depends on the seed alone
        fmt = r.choices(fmts, [FORMAT_WEIGHTS[f] for f in fmts])[0]
        data, names, ext = mutate(r, fmt, r.choice(bases[fmt]), ctx)
        kind = f"mutated/{fmt}/{names}"
        info["formats"][fmt] = info["formats"].get(fmt, 0) + 1
        c.file(f"dot-bien/{fmt}/{i:05d}-{names}" + (f".{ext}" if ext else ""), data, kind)
    return info


def build_specials(c: Corpus, fresh, samples, bases, outside: Path, secret: Path, info: dict) -> None:
    top = c.top

    # --- zip archives with hostile names -------------------------------------------------------
    g1, t1 = fresh("txt")
    g2, t2 = fresh("html")
    g3, t3 = fresh("docx")
    members = [Member("bao-cao.txt", "zip/good", "good", t1, g1), Member("tin/bai-viet.html", "zip/good", "good", t2, g2),
               Member("van-ban/ke-hoach.docx", "zip/good", "good", t3, g3)]
    hostile = [("../../zq-evil.txt", "traversal"), ("../../../../../../tmp/zq-evil2.txt", "traversal"),
               ("/etc/zq-abs.txt", "traversal-absolute"), ("..\\..\\zq-win.txt", "traversal-backslash"),
               ("C:\\Windows\\zq.txt", "traversal-drive"), ("a/../../zq-mid.txt", "traversal-middle"),
               ("./chấm/./a.txt", "dot-segments"), ("a//b///c.txt", "double-slash"),
               ("ctrl-\x01\x02\x1b[31mđỏ\x1b[0m\x07.txt", "control-chars"), ("dòng\r\nmới.txt", "crlf"),
               ("tab\tname.txt", "tab"), ("xoá\x7f.txt", "del"), ("\u202etxt.exe", "rtl-override"),
               ("zero\u200b\u200dwidth\ufeff.txt", "zero-width"), (" ", "space-only"), ("...", "dots"),
               ("CON", "windows-device"), ("dài-" + "x" * 300 + ".txt", "long-300"),
               ("rất-dài-" + "y" * 4000 + ".txt", "long-4000"), ("/".join(["sâu"] * 200) + "/a.txt", "deep-path"),
               ("emoji-📄🇻🇳.txt", "emoji")]
    for name, case in hostile:
        data = f"Nội dung thử {case} của tệp nén.\n".encode("utf-8")
        members.append(Member(name, f"zip/name-{case}", data=data))
    zdata = make_zip([(m.name, m.data) for m in members])
    c.zip("nen/ten-doc-hai.zip", zdata, "zip/container", members)

    # names as bytes: NUL, flagged UTF-8 that are not, unflagged UTF-8, cp437, very long (65,000 bytes)
    raw_names = [(b"nul\x00hidden.txt", 0, "name-nul"), (b"bad-\xff\xfe.txt", 0x800, "flagged-not-utf8"),
                 ("Báo cáo".encode("cp1258") + b".txt", 0x800, "flagged-cp1258"),
                 ("Kế hoạch kiểm tra.txt".encode("utf-8"), 0, "unflagged-utf8"),
                 (b"legacy-\x80\x81\xe9.txt", 0, "cp437"), (b"\xed\xa0\x80surrogate.txt", 0x800, "flagged-surrogate"),
                 (b"L" * 65000 + b".txt", 0, "long-65000")]
    g4, t4 = fresh("txt")
    ms = [dict(name=n, data=f"Nội dung thử {case}.\n".encode(), flags=fl) for n, fl, case in raw_names]
    ms.append(dict(name=b"tot.txt", data=g4))
    mm = [Member(zip_name(n, fl), f"zip/raw-{case}") for n, fl, case in raw_names]
    mm.append(Member("tot.txt", "zip/good", "good", t4, g4))
    c.zip("nen/ten-byte.zip", raw_zip(ms), "zip/container", mm)
    # a bad UTF-8 flag on a name in a nested zip, and in the local header too
    inner = raw_zip([dict(name=b"b\xe1o-c\xe1o.txt", data=b"Noi dung long.\n", flags=0x800)])
    c.zip("nen/long-co-co-sai.zip", make_zip([("trong.zip", inner)]), "zip/container",
          [Member("trong.zip", "zip/nested-bad-flag", children=[Member(zip_name(b"b\xe1o-c\xe1o.txt", 0x800),
                                                                         "zip/nested-bad-flag-member")])])
    # two members with the same name, different content
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dup = make_zip([("trung.txt", b"Ban thu nhat zqdupone.\n"), ("trung.txt", b"Ban thu hai zqduptwo.\n")])
    c.zip("nen/trung-ten.zip", dup, "zip/container", [Member("trung.txt", "collision/zip-duplicate-name"),
                                                      Member("trung.txt", "collision/zip-duplicate-name")])
    # a member that is a symbolic link to /etc/passwd (only its text, "/etc/passwd", may be read)
    c.zip("nen/lien-ket.zip", raw_zip([dict(name=b"passwd", data=b"/etc/passwd", ext_attr=0o120777 << 16),
                                       dict(name=b"secret", data=SECRET_VIA_CWD.encode(), ext_attr=0o120777 << 16)]),
          "zip/container", [Member("passwd", "zip/symlink-member"), Member("secret", "zip/symlink-member")])
    # operating-system litter inside a zip
    c.zip("nen/rac-he-thong.zip", make_zip([("__MACOSX/._bao-cao.txt", b"\x00\x05\x16\x07" + b"\x00" * 60),
                                           (".DS_Store", b"\x00\x00\x00\x01Bud1" + b"\x00" * 100),
                                           ("Thumbs.db", OLE2 + b"\x00" * 100), ("bao-cao.txt", b"Bao cao that.\n")]),
          "zip/container", [Member("__MACOSX/._bao-cao.txt", "litter/zip-macosx"), Member(".DS_Store", "litter/zip-ds-store"),
                            Member("Thumbs.db", "litter/zip-thumbs"), Member("bao-cao.txt", "zip/plain")])

    # --- zip structure --------------------------------------------------------------------------
    body = [dict(name=b"mot.txt", data=b"Tep mot cua kho nen.\n" * 20), dict(name=b"hai.txt", data=b"Tep hai.\n" * 30)]
    plain = raw_zip(body)
    size = len(plain)

    def two(case):
        return [Member("mot.txt", f"zip/{case}"), Member("hai.txt", f"zip/{case}")]

    struct_cases = [
        ("offset-past-end", raw_zip([dict(body[0], offset=size + 1000), body[1]])),
        ("offset-ffffffff", raw_zip([dict(body[0], offset=0xFFFFFFFF), body[1]])),
        ("offset-into-data", raw_zip([body[0], dict(body[1], offset=35)])),
        ("cd-offset-past-end", raw_zip(body, eocd=dict(cd_offset=size * 10))),
        ("cd-offset-negative", raw_zip(body, eocd=dict(cd_offset=0xFFFFFFF0))),
        ("cd-offset-too-big", raw_zip(body, eocd=dict(cd_offset=len(plain) - 22 - 10))),   # concat < 0
        ("cd-size-too-big", raw_zip(body, eocd=dict(cd_size=size * 3))),
        ("cd-size-zero", raw_zip(body, eocd=dict(cd_size=0))),
        ("count-65535", raw_zip(body, eocd=dict(count=65535))),
        ("comment-length-lies", raw_zip(body, comment=b"hi", eocd=dict(comment_len=65535))),
        ("stub-prepended", raw_zip(body, prefix=b"MZ" + b"\x00" * 4000)),
        ("zip64-locator-garbage", raw_zip(body, before_eocd=b"PK\x06\x07" + b"\xff" * 16)),
        ("csize-huge", raw_zip([dict(body[0], csize=0xFFFFFFFE), body[1]])),
        ("usize-lies", raw_zip([dict(body[0], usize=5), dict(body[1], usize=50_000_000)])),
        ("crc-wrong", raw_zip([dict(body[0], crc=0x12345678), body[1]])),
        ("encrypted-flag", raw_zip([dict(body[0], flags=1), body[1]])),
        ("method-implode", raw_zip([dict(body[0], method=6, compressed=b"\x01\x02\x03" * 10), body[1]])),
        ("method-bzip2-bad", raw_zip([dict(body[0], method=12, compressed=b"BZh9" + b"\x00" * 40), body[1]])),
        ("method-lzma-bad", raw_zip([dict(body[0], method=14, compressed=b"\x09\x14\x05\x00" + b"\xff" * 40), body[1]])),
        ("method-aes", raw_zip([dict(body[0], method=99, compressed=b"\x00" * 40), body[1]])),
        ("deflate-garbage", raw_zip([dict(body[0], compressed=b"\xff" * 200), body[1]])),
        ("local-name-differs", raw_zip([dict(body[0], local_name=b"../../khac.txt"), body[1]])),
        ("truncated-in-cd", plain[: size - 40]),
        ("version-needed-99", zip_version_needed(plain, 99)),
    ]
    for case, data in struct_cases:
        c.zip(f"nen/cau-truc/{case}.zip", data, "zip/container", two(case))
    for case, data, mem in [
        ("empty-eocd-only", raw_zip([]), []),
        ("only-folders", make_zip([("thu-muc/", b""), ("thu-muc/con/", b"")]), []),
        ("zero-byte-member", make_zip([("rong.txt", b""), ("co.txt", b"Co noi dung.\n")]),
         [Member("rong.txt", "zip/zero-byte-member"), Member("co.txt", "zip/plain")]),
        ("content-types-plain-zip", make_zip([("[Content_Types].xml", b"<Types/>"), ("bao-cao.txt", b"Bao cao.\n")]),
         [Member("[Content_Types].xml", "zip/package-marker"), Member("bao-cao.txt", "zip/package-marker")]),
        ("zip64", _zip64(), [Member("mot.txt", "zip/zip64")]),
    ]:
        c.zip(f"nen/cau-truc/{case}.zip", data, "zip/container" if mem else f"zip/{case}", mem)

    # --- nested zips and bombs --------------------------------------------------------------
    g5, t5 = fresh("txt")
    g6, t6 = fresh("docx")
    lvl2 = make_zip([("cap2.txt", g5), ("cap2.docx", g6)])
    lvl3 = make_zip([("cap3.zip", lvl2), ("cap3.txt", b"Cap ba.\n")])
    c.zip("nen/long/long-2.zip", make_zip([("cap1.zip", lvl2)]), "zip/container",
          [Member("cap1.zip", "zip/nested", children=[Member("cap2.txt", "zip/good-nested", "good", t5, g5),
                                                      Member("cap2.docx", "zip/good-nested", "good", t6, g6)])])
    c.zip("nen/long/long-3.zip", make_zip([("cap1.zip", lvl3)]), "zip/container",
          [Member("cap1.zip", "zip/nested", children=[
              Member("cap3.txt", "zip/nested-3"),
              Member("cap3.zip", "zip/nested-3", children=[Member("cap2.txt", "zip/nested-3-leaf", data=g5),
                                                           Member("cap2.docx", "zip/nested-3-leaf", data=g6)])])])
    deep = b"Sau nhat.\n"
    for _ in range(6):
        deep = make_zip([("sau.zip", deep)]) if deep.startswith(b"PK") else make_zip([("sau.txt", deep)])
    c.zip("nen/long/long-6.zip", deep, "zip/nested-6", [Member("sau.zip", "zip/nested-6")])
    bad_inner = make_zip([("hong.zip", b"PK\x03\x04" + b"\x00" * 100), ("hong2.zip", plain[:60])])
    c.zip("nen/long/long-hong.zip", bad_inner, "zip/container",
          [Member("hong.zip", "zip/nested-damaged"), Member("hong2.zip", "zip/nested-damaged")])
    zeros_mib = b"\x00" * (1 << 20)
    c.zip("nen/bom/ty-le.zip", make_zip([("zeros.txt", b"\x00" * (64 << 20))]), "zip/container",
          [Member("zeros.txt", "zip/bomb-ratio")])
    c.zip("nen/bom/nhieu-1mib.zip", make_zip([(f"z{i:02d}.txt", zeros_mib) for i in range(30)]), "zip/container",
          [Member(f"z{i:02d}.txt", "zip/bomb-1mib-members") for i in range(30)])
    inner_bomb = make_zip([(f"z{i}.txt", zeros_mib + bytes([i])) for i in range(5)])
    c.zip("nen/bom/long-bom.zip", make_zip([(f"b{j}.zip", inner_bomb) for j in range(5)]), "zip/container",
          [Member(f"b{j}.zip", "zip/bomb-nested", children=[Member(f"z{i}.txt", "zip/bomb-nested-leaf")
                                                           for i in range(5)]) for j in range(5)])
    kernel = [dict(name=b"k.txt", data=zeros_mib)] + [dict(name=b"k%03d.txt" % i, data=zeros_mib, share=0)
                                                      for i in range(40)]
    c.zip("nen/bom/chong-lan.zip", raw_zip(kernel), "zip/container",
          [Member("k.txt", "zip/bomb-overlap")] + [Member(f"k{i:03d}.txt", "zip/bomb-overlap") for i in range(40)])
    declared = [dict(name=b"lon%02d.txt" % i, data=b"nho", method=0, usize=190 << 20, csize=190 << 20)
                for i in range(14)]
    c.zip("nen/bom/khai-lon.zip", raw_zip(declared), "zip/container",
          [Member(f"lon{i:02d}.txt", "zip/declared-2gb") for i in range(14)])

    # --- symbolic links ---------------------------------------------------------------------
    good_target = "tot/txt/" + sorted(p for p in os.listdir(top / "tot" / "txt"))[0]
    depth = len(Path("lien-ket").parts)
    up = "../" * (depth + 1)       # from TOP/lien-ket to the temporary folder holding TOP and outside/
    links = [("etc-passwd", "/etc/passwd", "link/outside-etc-passwd", "skipped", None),
             ("etc-shadow", "/etc/shadow", "link/outside-etc-shadow", "skipped", None),
             ("proc-status", "/proc/self/status", "link/outside-proc", "skipped", None),
             ("proc-environ.txt", "/proc/self/environ", "link/outside-proc", "skipped", None),
             ("dev-zero.txt", "/dev/zero", "link/outside-dev", "skipped", None),
             ("dev-urandom", "/dev/urandom", "link/outside-dev", "skipped", None),
             ("etc-dir", "/etc", "link/outside-dir", "skipped", None),
             ("goc", "/", "link/outside-root-dir", "skipped", None),
             ("bi-mat.txt", str(secret), "link/outside-secret-absolute", "skipped", None),
             ("bi-mat-tuong-doi.txt", up + "outside/bi-mat.txt", "link/outside-secret-relative", "skipped", None),
             ("thu-muc-ngoai", str(outside / "thu-muc"), "link/outside-dir", "skipped", None),
             ("passwd-tuong-doi", up + "../" * 12 + "etc/passwd", "link/outside-relative", "skipped", None),
             ("treo-ngoai.txt", "/nonexistent/zq/none.txt", "link/dangling-outside", "any", None),
             ("treo-trong.txt", "khong-co.txt", "link/dangling-inside", "any", None),
             ("vong-tu-than", "vong-tu-than", "link/loop-self", "any", None),
             ("vong-a", "vong-b", "link/loop-pair", "any", None), ("vong-b", "vong-a", "link/loop-pair", "any", None),
             ("chuoi-1", "chuoi-2", "link/chain-to-outside", "skipped", None),
             ("chuoi-2", "/etc/passwd", "link/outside-etc-passwd", "skipped", None),
             ("tep-trong.txt", "../" + good_target, "link/inside-file", "any", None),
             ("thu-muc-trong", "../tot/html", "link/inside-folder", "any", "inside"),
             ("len-tren", "..", "link/inside-ancestor", "any", "cycle"),
             ("chinh-no", ".", "link/inside-self-folder", "any", "cycle")]
    for name, target, kind, expect, folder in links:
        c.link(f"lien-ket/{name}", target, kind, expect, folder)
    c.link(b"lien-ket/ngoai-\xff\xfe", "/etc/passwd", "link/outside-name-not-utf8", "skipped")
    c.link("lien-ket/\x1b]0;zq-title\x07\x1b[31mra-ngoai", "/etc/passwd", "link/outside-name-escape", "skipped")
    os.link(top / good_target, top / "lien-ket" / "cung.txt")       # a hard link: the same file twice
    c.meta[b"lien-ket/cung.txt"] = dict(kind="link/hard-link-inside", expect="any")

    # --- special files ----------------------------------------------------------------------
    c.special("dac-biet/ong.fifo", "special/fifo", os.mkfifo)
    c.special("dac-biet/ong-co-duoi.txt", "special/fifo", os.mkfifo)

    def make_socket(path):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.bind(path)
        finally:
            s.close()

    c.special("dac-biet/o-cam.sock", "special/socket", make_socket)
    for name, (major, minor) in (("null", (1, 3)), ("zero.txt", (1, 5)), ("random", (1, 8))):
        c.special(f"dac-biet/{name}", "special/char-device",
                  lambda p, mm=(major, minor): os.mknod(p, stat.S_IFCHR | 0o644, os.makedev(*mm)))

    # --- names on disk ----------------------------------------------------------------------
    def good_named(rel, kind, fmt="txt"):
        data, token = fresh(fmt)
        c.file(rel, data, kind, "good", token)

    names = [(b"ten/khong-utf8-\xff\xfe.txt", "name/not-utf8"),
             (b"ten/" + "Báo cáo thẩm tra".encode("cp1258", "replace") + b".txt", "name/cp1258-bytes"),
             (b"ten/\xed\xa0\x80-surrogate.txt", "name/encoded-surrogate"),
             ("ten/dòng\nmới.txt", "name/newline"), ("ten/về\rđầu.txt", "name/carriage-return"),
             ("ten/tab\tten.txt", "name/tab"), ("ten/\x1b[31mđỏ\x1b[0m\x1b]0;zq\x07.txt", "name/terminal-escape"),
             ("ten/-rf --help.txt", "name/leading-dash"), ("ten/$(id) `uname` 'q' \"dq\" ;|&.txt", "name/shell-chars"),
             ("ten/" + "a" * 251 + ".txt", "name/255-bytes"),
             ("ten/" + unicodedata.normalize("NFD", "Báo cáo kiểm tra NFD") + ".txt", "name/nfd"),
             ("ten/kết thúc bằng dấu chấm.", "name/trailing-dot"),
             ("ten/dấu cách ở cuối ", "name/trailing-space"), ("ten/không-đuôi", "name/no-extension"),
             ("ten/\u202etxt.exe", "name/rtl-override"), ("ten/📄 báo cáo.txt", "name/emoji"),
             ("ten/" + "thư mục/" * 40 + "sâu.txt", "name/40-folders-deep")]
    for rel, kind in names:
        good_named(rel, kind)
    data, token = fresh("html")
    c.file("ten/trang-web-mang-duoi.pdf", data, "name/html-named-pdf", "good", token)
    data, token = fresh("docx")
    c.file("ten/van-ban-mang-duoi.txt", data, "name/docx-named-txt", "good", token)
    # names kiemtra cannot tell apart in its manifest
    good_named(b"trung/ten-\xff.txt", "collision/escaped-name-bytes")
    good_named("trung/ten-\\xff.txt", "collision/escaped-name-literal")
    # failing files whose names would rewrite the terminal or forge a line of the report
    c.file("ten/\x1b]0;zq-title\x07\x1b[2J\x1b[31mrỗng.txt", b"", "name/terminal-escape-failed")
    c.file("ten/giả\nLỖI  /etc/passwd: dòng giả mạo\r.txt", b"", "name/newline-failed")
    g7, t7 = fresh("txt")
    c.zip("trung/ho-so.zip", make_zip([("a.txt", g7)]), "collision/member-vs-folder",
          [Member("a.txt", "collision/member-vs-folder", "good", t7, g7)])
    good_named("trung/ho-so.zip!/a.txt", "collision/folder-named-like-archive")
    # operating-system litter
    c.file("rac/.DS_Store", b"\x00\x00\x00\x01Bud1" + bytes(200), "litter/ds-store")
    c.file("rac/Thumbs.db", OLE2 + bytes(500), "litter/thumbs-db")
    c.file("rac/desktop.ini", b"[.ShellClassInfo]\r\nIconResource=x\r\n", "litter/desktop-ini")
    c.file("rac/__MACOSX/._bao-cao.txt", b"\x00\x05\x16\x07" + bytes(60), "litter/macosx")
    c.file("rac/.an.txt", "Báo cáo kiểm tra trong một tệp ẩn.".encode(), "litter/hidden")

    # --- permissions: as root none of these stop a read (see run_noperm) ---------------------------
    good_named("quyen/khoa-000.txt", "perm/chmod-000-file")
    good_named("quyen/chi-ghi-200.txt", "perm/write-only-file")
    good_named("quyen/thu-muc-000/ben-trong.txt", "perm/in-chmod-000-folder")
    good_named("quyen/khong-x-644/ben-trong.txt", "perm/in-folder-without-x")
    os.chmod(top / "quyen" / "khoa-000.txt", 0)
    os.chmod(top / "quyen" / "chi-ghi-200.txt", 0o200)
    os.chmod(top / "quyen" / "thu-muc-000", 0)
    os.chmod(top / "quyen" / "khong-x-644", 0o644)

    # --- sizes ------------------------------------------------------------------------------------
    c.file("co/rong.txt", b"", "size/empty")
    c.file("co/rong.pdf", b"", "size/empty")
    c.file("co/mot-byte.txt", b"x", "size/one-byte")
    c.file("co/chi-bom.txt", b"\xef\xbb\xbf", "size/bom-only")
    c.file("co/khoang-trang.txt", b" \n\t\r\n" * 100, "size/whitespace-only")
    text = samples["txt"][0][1].decode("utf-8").replace("\n", " ")
    c.file("co/mot-dong-3mb.txt", (text * (3_000_000 // len(text) + 1)).encode("utf-8")[:3_000_000],
           "size/one-line-3mb")
    for name, n, kind in (("thua-150mb.txt", 150 << 20, "size/sparse-150mb"),
                          ("thua-300mb.pdf", 300 << 20, "size/sparse-300mb")):
        path = c.file(f"co/{name}", b"", kind)
        os.truncate(path, n)
    # a path longer than PATH_MAX (4096): no one, root included, can open it by its path
    fd = os.open(top, os.O_RDONLY)
    os.mkdir("qua-dai", dir_fd=fd)
    fds = [fd, os.open("qua-dai", os.O_RDONLY, dir_fd=fd)]
    rel = b"qua-dai"
    for i in range(18):
        name = (f"{i:02d}-" + "d" * 240).encode()
        os.mkdir(name, dir_fd=fds[-1])
        fds.append(os.open(name, os.O_RDONLY, dir_fd=fds[-1]))
        rel += b"/" + name
    g8, _ = fresh("txt")
    with open(os.open(b"qua-path-max.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fds[-1]), "wb") as fh:
        fh.write(g8)
    c.meta[rel + b"/qua-path-max.txt"] = dict(kind="deep/past-path-max", expect="any", sha=sha(g8))
    for f in fds:
        os.close(f)

    # --- format-specific structures --------------------------------------------------------------
    c.file("dinh-dang/trang-200-inch.pdf", mini_pdf([(14400, 14400)]), "pdf/huge-blank-page")
    c.file("dinh-dang/ba-trang-trang.pdf", mini_pdf([(595, 842)] * 3), "pdf/blank-pages-ocr")
    c.file("dinh-dang/khong-trang.pdf", mini_pdf([], count=0), "pdf/no-pages")
    c.file("dinh-dang/dem-sai.pdf", mini_pdf([(595, 842)], b"BT /F1 12 Tf 50 700 Td (Dem sai) Tj ET",
                                              count=2147483647), "pdf/count-lies")
    c.file("dinh-dang/cay-vong.pdf", mini_pdf([(595, 842)], b"BT /F1 12 Tf 50 700 Td (Vong) Tj ET",
                                              kids_extra=b"2 0 R 1 0 R "), "pdf/page-tree-loop")
    c.file("dinh-dang/ma-hoa.pdf", mini_pdf([(595, 842)], b"BT /F1 12 Tf 50 700 Td (Ma hoa) Tj ET",
                                            extra_trailer=b"/Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /P -4 "
                                                          b"/O <" + b"00" * 32 + b"> /U <" + b"11" * 32 + b"> >> "),
           "pdf/encrypt-dict")
    c.file("dinh-dang/tieu-de-utf16-hong.pdf", mini_pdf([(595, 842)], b"BT /F1 12 Tf 50 700 Td (Bao cao) Tj ET",
                                                       info=b"<< /Title <FEFF0041D800> /Author <FEFFDC00D800> >>"),
           "pdf/metadata-lone-surrogate")
    c.file("dinh-dang/khong-xref.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", "pdf/no-xref")
    docx = samples["docx"][0][1]
    for case, change in (("xxe-passwd", lambda b: _xml_doc("docx", "&x;", "<!DOCTYPE w:document [<!ENTITY x SYSTEM "
                                                                         "'file:///etc/passwd'>]>")),
                         ("xxe-secret", lambda b: _xml_doc("docx", "&x;", f"<!DOCTYPE w:document [<!ENTITY x SYSTEM "
                                                                         f"'file://{SECRET_VIA_CWD}'>]>")),
                         ("xxe-proc", lambda b: _xml_doc("docx", "&x;", "<!DOCTYPE w:document [<!ENTITY x SYSTEM "
                                                                       "'file:///proc/self/status'>]>")),
                         ("billion-laughs", lambda b: _xml_doc("docx", "&i;", XML_BOMB.replace("DOCTYPE r",
                                                                                               "DOCTYPE w:document"))),
                         ("deep-xml", lambda b: _xml_doc("docx", "<w:r>" * 200000)),
                         ("document-xml-missing", None)):
        data = rewrite_zip(docx, {}, drop=("word/document.xml",)) if change is None else \
            rewrite_zip(docx, {"word/document.xml": change})
        c.file(f"dinh-dang/{case}.docx", data, f"docx/{case}")
    c.file("dinh-dang/phien-ban-99.docx", zip_version_needed(docx, 99), "docx/zip-version-needed-9.9")
    c.file("dinh-dang/include-passwd.rtf", b"{\\rtf1\\ansi{\\field{\\*\\fldinst INCLUDETEXT \"/etc/passwd\"}"
                                           b"{\\fldrslt cho giu cho}}\\par Bao cao.\\par}", "rtf/includetext-passwd")
    c.file("dinh-dang/include-secret.rtf", b"{\\rtf1\\ansi{\\field{\\*\\fldinst INCLUDETEXT \"" + SECRET_VIA_CWD.encode()
           + b"\"}{\\fldrslt cho giu cho}}\\par Bao cao.\\par}", "rtf/includetext-secret")
    c.file("dinh-dang/sau-10000.rtf", b"{\\rtf1\\ansi " + b"{" * 10000 + b"x" + b"}" * 10000 + b"}", "rtf/deep-groups")
    odt = next(iter(d for d in bases.get("odt", [])), None)
    if odt is not None:      # a real ODT's content.xml, with a section linked to a file, or an external entity
        for case, target in (("linked-section-passwd", "file:///etc/passwd"),
                             ("linked-section-secret", f"file://{SECRET_VIA_CWD}")):
            section = (f"<text:section text:name='s1'><text:section-source xlink:href='{target}' "
                       "text:filter-name='Text'/></text:section>").encode()
            c.file(f"dinh-dang/{case}.odt", rewrite_zip(odt, {"content.xml": lambda b, x=section: re.sub(
                rb"(<office:text[^>]*>)", lambda m: m.group(1) + x, b, count=1)}), f"odt/{case}")

        def xxe(b):
            b = re.sub(rb"(<office:document-content)", b"<!DOCTYPE office:document-content [<!ENTITY x SYSTEM "
                                                       b"'file:///etc/passwd'>]>\\1", b, count=1)
            return re.sub(rb"(<text:p[^>]*>)", lambda m: m.group(1) + b"&x;", b, count=1)
        c.file("dinh-dang/xxe-passwd.odt", rewrite_zip(odt, {"content.xml": xxe}), "odt/xxe-passwd")
    c.file("dinh-dang/ole-rac.doc", OLE2 + bytes(504) + b"\xff" * 4096, "doc/ole2-garbage")
    c.file("dinh-dang/xlsx-gia.xlsx", make_zip([("xl/workbook.xml", b"<workbook/>")]), "zip/xlsx")
    c.file("dinh-dang/xhtml-xxe.html", b"<?xml version='1.0'?><!DOCTYPE html [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
           b"<html xmlns='http://www.w3.org/1999/xhtml'><head><title>x</title></head><body><p>&x; Bao cao.</p>"
           b"</body></html>", "html/xhtml-xxe")
    c.file("dinh-dang/iframe.html", b"<html><body><iframe src='file:///etc/passwd'></iframe><object data='/etc/passwd'>"
           b"</object><p>Bao cao kiem tra.</p></body></html>", "html/iframe-passwd")
    c.file("dinh-dang/long-200000.html", b"<html><body>" + b"<div>" * 200000 + b"Sau." + b"</div>" * 200000
           + b"</body></html>", "html/deep-nesting")
    c.file("dinh-dang/pdf-va-zip.pdf", bases["pdf"][0] + bases["zip"][0], "polyglot/pdf-then-zip")
    c.file("dinh-dang/zip-va-pdf.zip", bases["zip"][0] + bases["pdf"][0], "polyglot/zip-then-pdf")


def zip_version_needed(data: bytes, version: int) -> bytes:
    """The zip with every central directory entry saying it needs ``version`` (99: 9.9) to extract."""
    b = bytearray(data)
    i = b.find(b"PK\x01\x02")
    while i >= 0:
        struct.pack_into("<H", b, i + 6, version)
        i = b.find(b"PK\x01\x02", i + 4)
    return bytes(b)


def _zip64() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        with zf.open(zipfile.ZipInfo("mot.txt", date_time=(2024, 1, 1, 0, 0, 0)), "w", force_zip64=True) as fh:
            fh.write(b"Tep zip64.\n")
    return out.getvalue()


# -- the product under test ----------------------------------------------------------------------
PRODUCT_DIRS = ("ingest", "nlp", "search", "pipeline", "web")


def fingerprint() -> str:
    """A digest of the product's code as it is on disk now (names, sizes, modification times): others
    work in this checkout, and a change during the check means its runs read files with different code."""
    h = hashlib.sha256()
    for d in PRODUCT_DIRS:
        for path in sorted((ROOT / d).rglob("*.py")):
            try:
                st = path.stat()
            except OSError:
                continue
            h.update(f"{path.relative_to(ROOT)} {st.st_size} {st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:12]


def version() -> str:
    def git(*args):
        try:
            return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                                  timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    head = git("rev-parse", "--short", "HEAD") or "?"
    dirty = [line for line in git("status", "--porcelain", "--", *PRODUCT_DIRS).splitlines() if line.strip()]
    return f"commit {head}" + (f" with {len(dirty)} uncommitted changes in {', '.join(PRODUCT_DIRS)}" if dirty else "")


# -- running kiemtra ------------------------------------------------------------------------------
@dataclass
class Run:
    rc: int | None
    seconds: float
    stdout: str
    stderr: str
    stderr_raw: bytes
    peak_tree: int
    peak_main: int
    peak_procs: int
    timed_out: bool
    summary: tuple | None = None


def kiemtra(args: list[str], index: Path, cwd: Path, timeout: float, prefix: list[str] | None = None,
            sample: bool = False) -> Run:
    env = dict(os.environ, KIEMTRA_INDEX=f"sqlite:///{index}", PYTHONDONTWRITEBYTECODE="1")
    started = time.monotonic()
    proc = subprocess.Popen([*(prefix or []), str(KIEMTRA), *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, start_new_session=True)
    out: dict[str, bytes] = {}
    reader = threading.Thread(target=lambda: out.update(zip(("stdout", "stderr"), proc.communicate())), daemon=True)
    reader.start()
    peak_tree = peak_main = peak_procs = 0
    timed_out = False
    while reader.is_alive():
        if sample:
            tree = _tree(proc.pid)
            peak_procs = max(peak_procs, len(tree))
            peak_main = max(peak_main, _rss(proc.pid))
            peak_tree = max(peak_tree, sum(_rss(p) for p in tree))
        if time.monotonic() - started > timeout and not timed_out:
            timed_out = True
            for p in reversed(_tree(proc.pid)):      # the process started here and its descendants
                try:
                    os.kill(p, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        reader.join(0.2)
    seconds = time.monotonic() - started
    err = out.get("stderr", b"")
    text = out.get("stdout", b"").decode("utf-8", "backslashreplace")
    m = SUMMARY.search(text)
    summary = tuple(int(x) if x else 0 for x in m.groups()) if m else None
    return Run(proc.returncode, seconds, text, err.decode("utf-8", "backslashreplace"), err, peak_tree, peak_main,
               peak_procs, timed_out, summary)


@dataclass
class State:
    rows: dict[str, tuple]             # path -> (sha256, size, format, status, error)
    docs: dict[str, str]               # doc_id -> source
    failures: list[dict]               # kiemtra failures --json
    failures_rc: int | None


def read_state(index: Path, cwd: Path) -> State:
    rows, docs = {}, {}
    if index.exists():
        conn = sqlite3.connect(str(index))      # read only here (mode=ro cannot open a WAL file alone)
        try:
            for path, digest, size, fmt, status, error in conn.execute(
                    "SELECT path, sha256, size, format, status, error FROM files"):
                rows[path] = (digest, size, fmt, status, error)
            docs = dict(conn.execute("SELECT doc_id, source FROM docs"))
        finally:
            conn.close()
    r = kiemtra(["failures", "--json"], index, cwd, 300)
    failures = [json.loads(line) for line in r.stdout.splitlines() if line.strip().startswith("{")]
    return State(rows, docs, failures, r.rc)


def outside_text(index: Path, needles) -> list[tuple[str, str]]:
    """(document source, needle) for every indexed text holding a needle (read from SQLite)."""
    found = []
    conn = sqlite3.connect(str(index))
    try:
        for needle in needles:
            for (source,) in conn.execute("SELECT source FROM docs WHERE instr(text, ?) > 0 OR instr(record, ?) > 0",
                                          (needle, needle)):
                found.append((source, needle))
    finally:
        conn.close()
    return found


def search_ids(word: str, index: Path, cwd: Path, want: str | None = None) -> tuple[list[str], str]:
    """The ids of the documents ``kiemtra search WORD`` finds (pages of 100 until ``want`` is among them)."""
    ids: list[str] = []
    for page in range(1, 11):
        r = kiemtra(["search", word, "--json", "-n", "100", "--page", str(page)], index, cwd, 300)
        hits = []
        for line in r.stdout.splitlines():
            try:
                hits.append(json.loads(line)["id"])
            except (ValueError, KeyError, TypeError):
                pass
        ids += hits
        if len(hits) < 100 or want is None or want in ids:
            break
    return ids, r.stderr.strip()


# -- accounting -----------------------------------------------------------------------------------
@dataclass
class Outcome:
    input: Input
    status: str          # indexed | duplicate | failed | skipped | archive | covered | lost
    detail: str = ""     # the code, the covering row, or why lost


def account(inputs: list[Input], state: State) -> tuple[list[Outcome], list[str]]:
    rows = state.rows
    keys = sorted(k for k, v in rows.items() if v[3] != "root")
    containers = {inp.parent_zip for inp in inputs if inp.parent_zip}    # archives whose members are inputs
    claimed: set[str] = set()
    outcomes: dict[int, Outcome] = {}
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, inp in enumerate(inputs):
        by_key[inp.key].append(i)

    def under(prefix: str) -> list[str]:
        lo = bisect.bisect_left(keys, prefix)
        out = []
        for k in keys[lo:]:
            if not k.startswith(prefix):
                break
            out.append(k)
        return out

    def row_outcome(inp: Input, key: str) -> Outcome:
        digest, _, _, status, error = rows[key]
        if status == "indexed":
            return Outcome(inp, "indexed" if state.docs.get(digest) == key else "duplicate")
        if status == "failed":
            return Outcome(inp, "failed", (error or "").partition(": ")[0])
        return Outcome(inp, status, error or "")

    # 1. an exact manifest line (one line answers for one input only; the others of a path are left to
    #    step 4, which pairs them with lines under another name in their archive, if any)
    shared: set[int] = set()
    for key, idx in by_key.items():
        if key in rows and rows[key][3] != "root":
            claimed.add(key)
            outcomes[idx[0]] = row_outcome(inputs[idx[0]], key)
            shared.update(idx[1:])
        elif len(idx) > 1:
            shared.update(idx[1:])
    # 2. an archive (or a link to a folder) whose members are listed
    for i, inp in enumerate(inputs):
        if i in outcomes or i in shared:
            continue
        inner = under(inp.key + SEP) + (under(inp.key + "/") if inp.link else [])
        if inner:
            if inp.key not in containers:      # its members are not known here: its lines are its own
                claimed.update(inner)
            outcomes[i] = Outcome(inp, "archive" if not inp.link else "folder-link", f"{len(inner)} lines under it")
        elif inp.link == "cycle":
            outcomes[i] = Outcome(inp, "folder-link", "link to a folder it is inside of: not walked again, no line")
    # 3. inside a folder or archive listed as failed or skipped
    for i, inp in enumerate(inputs):
        if i in outcomes or i in shared:
            continue
        for anc in reversed(inp.ancestors):
            if anc in rows and rows[anc][3] in ("failed", "skipped"):
                claimed.add(anc)
                outcomes[i] = Outcome(inp, "covered", f"{anc} {rows[anc][3]}: {rows[anc][4]}")
                break
    # 4. a member listed under another name than expected: pair by count within its archive
    spare: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        if k not in claimed and SEP in k:
            spare[k.rsplit(SEP, 1)[0]].append(k)
    for i, inp in enumerate(inputs):
        if i in outcomes or inp.parent_zip is None:
            continue
        if spare.get(inp.parent_zip):
            k = spare[inp.parent_zip].pop(0)
            claimed.add(k)
            o = row_outcome(inp, k)
            o.detail = (o.detail + f" (listed as {k.rsplit(SEP, 1)[1][:60]!r})").strip()
            outcomes[i] = o
        elif any(REST_SKIPPED.search(rows[k][4] or "") for k in under(inp.parent_zip + SEP)):
            outcomes[i] = Outcome(inp, "covered", "an earlier member's line: 'this and the remaining members were skipped'")
    for i, inp in enumerate(inputs):
        if i not in outcomes and i in shared:
            outcomes[i] = Outcome(inp, "lost", "same manifest path as another input")
        elif i not in outcomes:
            why = ("operating-system litter: ignored without a line" if inp.kind.startswith("litter/") else
                   "archive with no member to list: no line" if inp.kind.startswith("zip/") and not inp.parent_zip
                   else "no manifest line")
            outcomes[i] = Outcome(inp, "lost", why)
    extra = [k for k in keys if k not in claimed]
    return [outcomes[i] for i in range(len(inputs))], extra


# -- the run --------------------------------------------------------------------------------------
class Checks:
    def __init__(self):
        self.results: list[tuple[str, bool | None, str]] = []

    def add(self, name: str, ok: bool | None, detail: str = "") -> None:
        self.results.append((name, ok, detail))
        mark = "PASS" if ok else "WARN" if ok is None else "FAIL"
        print(f"{mark}  {name}" + (f": {detail}" if detail else ""), flush=True)

    @property
    def failed(self) -> list[str]:
        return [n for n, ok, _ in self.results if ok is False]


def table(title: str, counter: Counter, width: int = 60) -> None:
    print(f"\n{title}")
    for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        print(f"  {str(k)[:width]:<{width}} {v:>6}")


def short(s: str, n: int = 150) -> str:
    s = s.encode("unicode_escape", "backslashreplace").decode("ascii") if any(ord(ch) < 32 for ch in s) else s
    return s if len(s) <= n else s[: n - 1] + "…"


def run_noperm(tmp: Path, fresh_txt, checks: Checks, timeout: float) -> str:
    """The unreadable cases, with root's DAC capabilities dropped (files and folders a user cannot read)."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        checks.add("unreadable files (root without DAC capabilities)", None, "setpriv missing: not run")
        return "not run"
    folder = tmp / "khong-doc-duoc"
    cases = [("khoa-000.txt", 0, None), ("chi-ghi-200.txt", 0o200, None),
             ("thu-muc-000/ben-trong.txt", None, ("thu-muc-000", 0)),
             ("khong-x-644/ben-trong.txt", None, ("khong-x-644", 0o644)), ("doc-duoc.txt", None, None)]
    for rel, mode, folder_mode in cases:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(fresh_txt())
        if mode is not None:
            os.chmod(path, mode)
    for rel, mode, folder_mode in cases:
        if folder_mode:
            os.chmod(folder / folder_mode[0], folder_mode[1])
    index = tmp / "index-khong-quyen.db"
    r = kiemtra(["ingest", str(folder), "--jobs", "2", "--no-progress"], index, tmp, timeout,
                prefix=[setpriv, "--bounding-set", "-dac_override,-dac_read_search"])
    state = read_state(index, tmp)
    lines = []
    lost = []
    failed = 0
    for rel, _, folder_mode in cases:
        key = str(folder / rel)
        row = state.rows.get(key)
        anc = state.rows.get(str(folder / folder_mode[0])) if folder_mode else None
        got = row or anc
        if got is None:
            lost.append(rel)
        lines.append(f"{rel}: {got[3] + ' ' + (got[4] or '') if got else 'NO LINE'}"
                     + (" (its folder's line)" if row is None and anc else ""))
    failed = sum(1 for v in state.rows.values() if v[3] == "failed")
    ok = (not r.timed_out and "Traceback" not in r.stderr and not lost and r.rc == min(failed, 100)
          and failed == 4 and state.rows.get(str(folder / "doc-duoc.txt"), (0, 0, 0, ""))[3] == "indexed")
    checks.add("unreadable files (root without CAP_DAC_OVERRIDE/READ_SEARCH, own folder)", ok,
               f"exit {r.rc}, {failed} failed; " + "; ".join(lines))
    return "; ".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=1000, help="mutated files to make (default 1000)")
    ap.add_argument("--seed", type=int, default=16, help="random seed: the same seed builds the same folder")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=1800, help="seconds one batch may take (default 1800)")
    ap.add_argument("--max-memory-mb", type=float, default=3072,
                    help="bound on the peak memory of the whole process tree (default 3072)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (and the runs' output)")
    ap.add_argument("--details", action="store_true", help="print what became of each hand-made case")
    ap.add_argument("--build-only", action="store_true",
                    help="build the folder, print its digest (the same for the same seed) and stop")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="kiemtra-fuzz-"))
    top, outside, work = tmp / "vao", tmp / "outside", tmp / "work"
    for p in (top, outside, work):
        p.mkdir()
    index = tmp / "index.db"
    checks = Checks()
    try:
        return _main(args, tmp, top, outside, work, index, checks)
    finally:
        if args.keep:
            print(f"\nkept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _main(args, tmp: Path, top: Path, outside: Path, work: Path, index: Path, checks: Checks) -> int:
    t0 = time.monotonic()
    rng = random.Random(args.seed)
    c = Corpus(top, rng)
    info = build(c, args.files, work, outside, args.seed)
    inputs = inventory(c)
    built = time.monotonic() - t0
    good = [i for i in inputs if i.expect == "good"]
    digest = hashlib.sha256("\n".join(f"{i.key[len(str(top)):]}\t{i.kind}\t{i.sha}" for i in inputs)
                            .encode("utf-8", "surrogateescape")).hexdigest()[:12]
    print(f"folder {top}: {len(inputs)} inputs ({sum(1 for i in inputs if i.kind.startswith('mutated/'))} mutated "
          f"files: " + ", ".join(f"{k} {v}" for k, v in sorted(info["formats"].items())) + f"; {len(good)} good "
          f"files; {len(c.members)} zip members) built in {built:.0f} s, seed {args.seed}, digest {digest}")
    for note in c.notes:
        print(f"note: {note}")
    if args.build_only:
        return 0

    print(f"product: {version()}, code fingerprint {fingerprint()}")
    prints = [fingerprint()]
    cmd = ["ingest", str(top), "--jobs", str(args.jobs), "--no-progress"]
    print(f"\n$ KIEMTRA_INDEX=sqlite:///{index} {KIEMTRA} {' '.join(cmd)}", flush=True)
    r1 = kiemtra(cmd, index, tmp, args.timeout, sample=True)
    s1 = read_state(index, tmp)
    print(f"run 1: exit {r1.rc}, {r1.seconds:.1f} s, peak {r1.peak_tree / 2**20:.0f} MB whole tree "
          f"({r1.peak_main / 2**20:.0f} MB main process, up to {r1.peak_procs} processes); "
          f"summary: {r1.stdout.strip().splitlines()[-1] if r1.stdout.strip() else '(none)'}", flush=True)
    prints.append(fingerprint())
    print("$ (second run, same command)", flush=True)
    r2 = kiemtra(cmd, index, tmp, args.timeout, sample=True)
    s2 = read_state(index, tmp)
    prints.append(fingerprint())
    for n, r in ((1, r1), (2, r2)):       # kept with --keep
        (tmp / f"run{n}.stdout").write_text(r.stdout, encoding="utf-8")
        (tmp / f"run{n}.stderr").write_bytes(r.stderr_raw)
    print(f"run 2: exit {r2.rc}, {r2.seconds:.1f} s, peak {r2.peak_tree / 2**20:.0f} MB; summary: "
          f"{r2.stdout.strip().splitlines()[-1] if r2.stdout.strip() else '(none)'}", flush=True)

    outcomes, extra = account(inputs, s1)
    status = Counter(o.status for o in outcomes)
    failed_rows = {k: v for k, v in s1.rows.items() if v[3] == "failed"}
    codes = Counter((v[4] or "").partition(": ")[0] for v in failed_rows.values())
    skipped_reasons = Counter(re.sub(r" to .*?, outside", " to …, outside", (v[4] or "").removeprefix("skipped: "))[:70]
                              for v in s1.rows.values() if v[3] == "skipped")
    table("inputs by outcome (run 1)", status)
    table("manifest lines by status (run 1)", Counter(v[3] for v in s1.rows.values()))
    table("failures by code (run 1)", codes)
    table("skipped, by reason (run 1)", skipped_reasons)
    fam = defaultdict(Counter)
    for o in outcomes:
        k = o.input.kind
        fam["/".join(k.split("/")[:2]) if k.startswith("mutated/") else k.split("/")[0]][o.status] += 1
    print("\ninputs by kind and outcome (run 1)")
    for k in sorted(fam):
        print(f"  {k:<22} " + ", ".join(f"{s} {n}" for s, n in sorted(fam[k].items(), key=lambda kv: -kv[1])))
    if args.details:
        cases = defaultdict(Counter)
        for o in outcomes:
            if not o.input.kind.startswith(("mutated/", "good/")):
                cases[o.input.kind][o.status + (f" {o.detail}" if o.status == "failed" else "")] += 1
        print("\nhand-made cases and what became of them (run 1)")
        for k in sorted(cases):
            print(f"  {k:<34} " + ", ".join(f"{s} {n}" if n > 1 else s for s, n in sorted(cases[k].items())))

    print()
    # 1. the batch ends
    checks.add("the batch ends (run 1)", not r1.timed_out and r1.rc is not None,
               f"{r1.seconds:.1f} s (limit {args.timeout:.0f} s)")
    # 2. no traceback
    tb = [r for r, n in ((r1, 1), (r2, 2)) if "Traceback (most recent call last)" in r.stderr]
    checks.add("no Python traceback on stderr (both runs)", not tb,
               "" if not tb else short(tb[0].stderr[tb[0].stderr.find("Traceback"):], 600))
    # 3. exit code
    n_failed = len(s1.failures)
    reported = r1.summary[4] if r1.summary else None
    checks.add("exit code = min(failures, 100) (run 1)", r1.rc == min(n_failed, 100) and (reported is None or
                                                                                         r1.rc == min(reported, 100)),
               f"exit {r1.rc}; {n_failed} failures listed by `kiemtra failures`, {reported} in the summary line"
               + (" (inputs that share a manifest path count once there)" if reported != n_failed else ""))
    # 4. every input accounted for
    lost = [o for o in outcomes if o.status == "lost"]
    no_reason = [f for f in s1.failures if not (f.get("reason") or "").strip() or not f.get("code")]
    mismatch = set(f["path"] for f in s1.failures) ^ set(failed_rows)
    skipped_no_reason = [k for k, v in s1.rows.items() if v[3] == "skipped" and not (v[4] or "").strip()]
    checks.add("every input accounted for (indexed, duplicate, failed or skipped with a reason)",
               not lost and not no_reason and not mismatch and not skipped_no_reason,
               f"{len(inputs)} inputs, {len(lost)} lost; {len(no_reason)} failures without a reason; "
               f"{len(skipped_no_reason)} skipped without a reason; "
               f"{len(mismatch)} differences between `kiemtra failures` and the manifest")
    if lost:
        by_why = Counter((o.input.kind, o.detail) for o in lost)
        for (kind, why), n in sorted(by_why.items()):
            ex = next(o.input.key for o in lost if o.input.kind == kind and o.detail == why)
            print(f"      lost {n:>3} {kind}: {why} (e.g. {short(ex.replace(str(top), 'FOLDER'), 110)})")
    if extra:
        print(f"      {len(extra)} manifest lines match no input (e.g. "
              + ", ".join(short(k.replace(str(top), "FOLDER"), 80) for k in extra[:3]) + ")")
    # 5. special files and links out
    should_skip = [o for o in outcomes if o.input.expect == "skipped" and o.status != "skipped"]
    checks.add("links out of the folder, FIFOs, sockets and devices are skipped with a reason, not read",
               not should_skip, f"{sum(1 for o in outcomes if o.input.expect == 'skipped')} such inputs"
               + "".join(f"; {short(o.input.key.replace(str(top), 'FOLDER'), 80)} -> {o.status} {o.detail}"
                         for o in should_skip[:8]))
    # 6. every good file searchable
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda g: (g, *search_ids(g.token, index, tmp, g.sha)), good))
    missing = [(g, ids, err) for g, ids, err in found if g.sha not in ids]
    checks.add("every good file is found by `kiemtra search` with its own word", not missing,
               f"{len(good) - len(missing)}/{len(good)} found")
    for g, ids, err in missing:
        o = next(o for o in outcomes if o.input is g)
        print(f"      not found: {g.kind} {short(g.key.replace(str(top), 'FOLDER'), 90)} ({g.token}): "
              f"{o.status} {short(o.detail, 120)}; hits {len(ids)} {err[:80]}")
    # 7. nothing from outside
    leaks = []
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for word, (ids, _) in zip(OUTSIDE_WORDS + (info["secret_token"],),
                                  pool.map(lambda w: search_ids(w, index, tmp), OUTSIDE_WORDS + (info["secret_token"],))):
            if ids:
                leaks.append(f"search {word}: {len(ids)} documents ({', '.join(short(s1.docs.get(i, i), 60) for i in ids[:3])})")
    leaks += [f"text {needle!r} in {short(src, 80)}" for src, needle in
              outside_text(index, OUTSIDE_TEXT + (info["secret_token"],))] if index.exists() else []
    outside_rows = [k for k, v in s1.rows.items() if v[3] != "root" and not k.startswith(str(top) + "/")]
    leaks += [f"manifest line outside the folder: {short(k, 80)}" for k in outside_rows[:5]]
    checks.add("nothing from outside the folder is indexed (/etc/passwd, /proc/self/status, the secret file)",
               not leaks, "; ".join(leaks[:6]) or "searched: " + ", ".join(OUTSIDE_WORDS) + ", the secret's word; "
               "documents' text scanned for " + ", ".join(OUTSIDE_TEXT))
    # 8. memory
    peak = max(r1.peak_tree, r2.peak_tree) / 2**20
    checks.add(f"peak memory of the process tree under {args.max_memory_mb:.0f} MB", peak < args.max_memory_mb,
               f"{peak:.0f} MB (run 1 {r1.peak_tree / 2**20:.0f} MB, main process {r1.peak_main / 2**20:.0f} MB; "
               f"RSS summed over up to {r1.peak_procs} processes, sampled every 0.2 s)")
    # 9. idempotent re-run
    new_docs = set(s2.docs) - set(s1.docs)
    gone_docs = set(s1.docs) - set(s2.docs)
    f1 = {(f["path"], f["code"]) for f in s1.failures}
    f2 = {(f["path"], f["code"]) for f in s2.failures}
    checks.add("the batch ends (run 2)", not r2.timed_out and r2.rc is not None, f"{r2.seconds:.1f} s")
    same = not new_docs and not gone_docs and f1 == f2 and r1.rc == r2.rc
    moved = prints[0] != prints[1] or prints[1] != prints[2]
    checks.add("re-run is idempotent: no new documents, the same failures, the same exit code"
               + (" (NOT CONCLUSIVE: the product's code changed on disk during the runs)" if moved and not same else ""),
               True if same else None if moved else False,
               f"documents {len(s1.docs)} -> {len(s2.docs)} ({len(new_docs)} new, {len(gone_docs)} gone); "
               f"failures {len(f1)} -> {len(f2)} ({len(f2 - f1)} new, {len(f1 - f2)} gone); exit {r1.rc} -> {r2.rc}")
    for p, code in sorted(f1 ^ f2)[:10]:
        print(f"      {'only run 1' if (p, code) in f1 else 'only run 2'}: {code} {short(p.replace(str(top), 'FOLDER'), 100)}")
    changed = sorted(k for k in set(s1.rows) | set(s2.rows)
                     if (s1.rows.get(k) or (None,) * 5)[:4] != (s2.rows.get(k) or (None,) * 5)[:4])
    r2_new = (r2.summary[0], r2.summary[2]) if r2.summary else None
    shared = sum(1 for o in outcomes if o.detail == "same manifest path as another input")
    checks.add("re-run reads nothing again but failures: 0 indexed, 0 duplicates, manifest unchanged",
               None if (r2_new and (r2_new != (0, 0) or changed)) else True,
               f"run 2: {r2_new[0] if r2_new else '?'} indexed, {r2_new[1] if r2_new else '?'} duplicates, "
               f"{len(changed)} manifest lines changed"
               + (f" ({shared} inputs share a manifest path with another: each run finds the other's content "
                  "under their path and reads them again)" if shared and r2_new and r2_new[1] else "")
               + "".join(f"; {short(k.replace(str(top), 'FOLDER'), 70)}: {(s1.rows.get(k) or ('',) * 5)[3]} "
                         f"{(s1.rows.get(k) or ('',) * 5)[0] and (s1.rows.get(k))[0][:8]} -> "
                         f"{(s2.rows.get(k) or ('',) * 5)[3]} {(s2.rows.get(k) or ('',) * 5)[0] and s2.rows[k][0][:8]}"
                         for k in changed[:4]))
    # 10. root and permissions
    perm = [o for o in outcomes if o.input.kind.startswith("perm/")]
    checks.add("as root, mode bits do not stop a read (chmod 000 file and folder, folder without x)",
               None if any(o.status not in ("indexed", "duplicate") for o in perm) else True,
               ", ".join(f"{o.input.kind.split('/')[1]}: {o.status}" for o in perm))

    def fresh_txt():
        stem, data = load_samples()["txt"][0]
        return tokenized("txt", data, c.token())

    run_noperm(tmp, fresh_txt, checks, args.timeout)

    # what went wrong, for the people who own the code
    internal = [(k, v[4]) for k, v in failed_rows.items() if (v[4] or "").split(":")[0] in ("error", "crashed", "timeout")]
    checks.add("no internal errors, crashes or timeouts among the failures", None if internal else True,
               f"{len(internal)}" + "".join(f"; {short(k.replace(str(top), 'FOLDER'), 70)}: {short(e, 160)}"
                                            for k, e in internal[:12]))
    esc = r1.stderr_raw.count(b"\x1b") + r1.stdout.count("\x1b")
    listed = sum(1 for line in r1.stderr.splitlines() if line.startswith("LỖI  "))
    forged = listed - min(reported or 0, 1000) if reported is not None else 0
    checks.add("names are printed without raw control characters (terminal escapes, line breaks)",
               None if esc or forged > 0 else True,
               f"{esc} ESC bytes in the output of run 1; {listed} lines start with 'LỖI' for {reported} failures"
               + (f" ({forged} lines forged by names holding a line break)" if forged > 0 else ""))

    prints.append(fingerprint())
    checks.add("the product's code did not change on disk during the check (others work in this checkout)",
               None if len(set(prints)) > 1 else True, " -> ".join(dict.fromkeys(prints)))
    total = time.monotonic() - t0
    indexed, dups = status["indexed"], status["duplicate"]
    line = (f"{len(inputs):,} inputs: {indexed:,} indexed, {dups:,} duplicates, {status['failed']:,} failed with a "
            f"reason, {status['skipped']:,} skipped, {status['archive']:,} archives listed member by member, "
            f"{status['covered'] + status['folder-link']:,} inside a failed folder or archive or behind a link to a "
            f"folder; {len(lost):,} lost; exit code {r1.rc}; {r1.seconds:.0f} s; peak {r1.peak_tree / 2**20:.0f} MB")
    print(f"\nSUMMARY (seed {args.seed}, --files {args.files}, jobs {args.jobs}): {line}")
    print(f"re-run {r2.seconds:.0f} s; whole check {total:.0f} s (building {built:.0f} s)")
    if checks.failed:
        print("FAILED: " + "; ".join(checks.failed))
        return 1
    print("ALL CHECKS PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
