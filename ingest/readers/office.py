"""Legacy Word (.doc), OpenDocument text (.odt) and RTF: converted to DOCX by LibreOffice headless,
then read by the DOCX reader (paragraphs, tables as rows, headers and footers, core properties).

Why LibreOffice, of the three converters Debian has (measured here on a DOCX made by python-docx and
saved as .doc by LibreOffice: Vietnamese paragraphs, a 3-column table, a page header):

- ``antiword -m UTF-8.txt`` keeps Vietnamese but wraps lines at 80 columns, draws tables as
  ``|cell |cell |`` with long cells broken onto extra lines, drops page headers, and reads .doc only.
- ``catdoc -d utf-8`` keeps Vietnamese and puts a table row on one tab-separated line, but also
  wraps paragraphs, puts headers after the body, and reads .doc only (and RTF poorly).
- LibreOffice reads .doc, .odt and .rtf alike and writes a DOCX in which paragraphs, table rows,
  headers, footers, author and dates are all kept, and so are the font names: a run set in
  ``.VnTime`` (TCVN3) or ``VNI-Times`` is converted with its table even when the text alone is too
  short to tell (``ingest.legacy``). Its price is speed: ~0.8-1 s a file (the process start) against
  a few milliseconds for antiword/catdoc. Legacy office files are a small share of an archive, so
  keeping every table and every letter is worth that second.

Each conversion runs ``soffice`` in its own session with a fresh private profile directory
(``-env:UserInstallation``), so parallel workers never share LibreOffice's profile lock, and with a
time limit after which the whole process group is killed.
"""
from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..document import Document
from ..errors import ConverterMissing, CorruptFile, EncryptedFile, TimedOut
from ..messages import msg
from .docx import read_docx

#: seconds one conversion may take
TIMEOUT = 120
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, suffix: str, source: str, *, timeout: float = TIMEOUT) -> bytes:
    """The file (bytes with their format's ``suffix``: doc, odt, rtf) converted to DOCX bytes."""
    exe = soffice()
    if exe is None:
        raise ConverterMissing(source, msg("needs-libreoffice"))
    with tempfile.TemporaryDirectory(prefix="kiemtra-lo-") as tmp:
        work = Path(tmp)
        src = work / f"in.{suffix}"
        src.write_bytes(data)
        out = work / "out"
        profile = (work / "profile").as_uri()
        cmd = [exe, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
               f"-env:UserInstallation={profile}", "--convert-to", "docx:MS Word 2007 XML",
               "--outdir", str(out), str(src)]
        env = dict(os.environ, HOME=str(work), LC_ALL="C.UTF-8")
        run(cmd, source, timeout=timeout, env=env, what="LibreOffice")
        result = out / "in.docx"
        if not result.exists() or result.stat().st_size == 0:
            raise CorruptFile(source, msg("not-converted", what=msg(f"file.{suffix}")))
        return result.read_bytes()


def run(cmd: list[str], source: str, *, timeout: float, what: str, env=None, input: bytes | None = None,
        ) -> subprocess.CompletedProcess:
    """Run a converter in its own process group; kill the whole group on timeout."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            start_new_session=True, preexec_fn=_lift_memory_limit if _limited() else None)
    try:
        out, err = proc.communicate(input, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise TimedOut(source, msg("converter-timeout", what=what, seconds=f"{timeout:.0f}")) from None
    except BaseException:
        _kill_group(proc)
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()


def _limited() -> bool:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    return soft != hard


def _lift_memory_limit() -> None:
    """A batch worker limits its own address space; a converter (its own process, with its own
    time limit) gets the hard limit, since LibreOffice maps far more than it uses."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def _read(data: bytes, source: str, sha256: str | None, fmt: str) -> Document:
    document = read_docx(to_docx(data, fmt, source), source, sha256=sha256 or _sha(data))
    return document.replace(format=fmt, meta={**document.meta, "converter": "libreoffice"})


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def read_doc(data: bytes, source: str, sha256: str | None = None) -> Document:
    if _ENCRYPTED_PACKAGE in data:
        raise EncryptedFile(source, msg("office-encrypted"))
    if _word97_encrypted(data):
        raise EncryptedFile(source, msg("word-encrypted"))
    return _read(data, source, sha256, "doc")


def read_odt(data: bytes, source: str, sha256: str | None = None) -> Document:
    return _read(data, source, sha256, "odt")


def read_rtf(data: bytes, source: str, sha256: str | None = None) -> Document:
    return _read(data, source, sha256, "rtf")


def _word97_encrypted(data: bytes) -> bool:
    """The FIB's ``fEncrypted`` bit. The WordDocument stream starts on a 512-byte sector with the
    FIB: ``wIdent`` 0xA5EC, ``nFib`` >= 0x65 (Word 6 and later), flags at +0x0A (bit 8: encrypted)."""
    for offset in range(512, min(len(data), 1 << 22) - 12, 512):
        n_fib = int.from_bytes(data[offset + 2:offset + 4], "little")
        if data[offset:offset + 2] == b"\xec\xa5" and n_fib >= 0x65:
            return bool(data[offset + 0x0B] & 0x01)
    return False
