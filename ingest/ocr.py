"""OCR of page images with Tesseract and its Vietnamese model (Debian ``tesseract-ocr-vie``).

A page is rendered by PDFium at 300 dpi in grey, handed to ``tesseract - - -l vie`` on standard input
as a PGM image, and read back as text; Tesseract separates paragraphs with blank lines. It runs with
``OMP_THREAD_LIMIT=1``: Tesseract's OpenMP threads fight each other and the batch's own workers (on
2 cores a page is several times faster single-threaded), and the batch already runs one process
per core. Each call has a time limit after which the process is killed.
"""
from __future__ import annotations

import contextlib
import contextvars
import io
import os
import shutil
import subprocess
from functools import lru_cache

from .errors import ConverterMissing, CorruptFile
from .messages import msg

DPI = 300
TIMEOUT = 180          # seconds for one page
LANG = "vie"


def tesseract() -> str | None:
    return shutil.which("tesseract")


_deferred = contextvars.ContextVar("kiemtra_ocr_deferred", default=False)


@contextlib.contextmanager
def deferred():
    """Read without OCR inside this block (text first, OCR later: queue workers): scanned pages are
    left without text as if Tesseract were missing, and a PDF that is all scans raises ``NeedsOCR``."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def available(lang: str = LANG) -> bool:
    """Whether Tesseract and its ``lang`` model are installed (and OCR is not deferred)."""
    return not _deferred.get() and _installed(lang)


@lru_cache(maxsize=8)
def _installed(lang: str = LANG) -> bool:
    exe = tesseract()
    if exe is None:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return lang in out.split()


def missing_reason(lang: str = LANG) -> str:
    return msg("ocr-missing", lang=lang)


def page_image(page, dpi: int = DPI) -> bytes:
    """A PDFium page rendered in grey as PGM bytes."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        image = bitmap.to_pil().convert("L")
    finally:
        bitmap.close()
    buf = io.BytesIO()
    image.save(buf, format="PPM")      # Pillow writes a grey image as PGM (P5)
    return buf.getvalue()


def image_text(image: bytes, source: str, *, lang: str = LANG, timeout: float = TIMEOUT, dpi: int = DPI) -> str:
    """The text Tesseract reads in an image (PNG, PNM, TIFF... bytes)."""
    from .readers.office import run

    exe = tesseract()
    if exe is None:
        raise ConverterMissing(source, missing_reason(lang))
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    proc = run([exe, "-", "-", "-l", lang, "--dpi", str(dpi)], source, timeout=timeout, what="OCR (Tesseract)",
               env=env, input=image)
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        if any("Failed loading language" in line for line in message):
            raise ConverterMissing(source, missing_reason(lang))
        raise CorruptFile(source, msg("ocr-failed", detail=message[-1] if message else f"exit {proc.returncode}"))
    return proc.stdout.decode("utf-8", "replace")


def paragraphs(text: str) -> list[str]:
    """Tesseract's output as paragraphs: blank lines separate them, wrapped lines are joined (a line
    ending in a hyphen after a letter joins without a space)."""
    out: list[str] = []
    current = ""
    for line in text.replace("\f", "\n").split("\n"):
        line = line.strip()
        if not line:
            if current:
                out.append(current)
            current = ""
        elif not current:
            current = line
        elif len(current) >= 2 and current[-1] == "-" and current[-2].isalnum():
            current += line
        else:
            current += " " + line
    if current:
        out.append(current)
    return out
