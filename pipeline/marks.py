"""Where a document's extracted items are on the pages of its PDF original, and the pages as images.

``layout(original, text, spans)`` gives, for each span ``(start, end)`` of the document text (an
extracted item), the rectangles it covers on the pages, in points from the top-left corner of the
page as shown (PDFium's own rendering: crop box and rotation applied), or nothing when the span cannot
be placed for sure. ``render_png`` draws a page with PDFium; ``scanned_words`` reads Tesseract's word
boxes on a scanned page.

How a span finds its place. The PDF reader (``ingest/readers/pdf.py``) builds the document text from
PDFium's text page by page, but not as PDFium gives it: lines are joined into paragraphs (a hyphen at
a line end glued to the next word), page numbers dropped, running headers and footers moved to the
start and end, two-column pages reordered, ruled tables replaced by pdfplumber's cells, legacy font
encodings converted, and everything normalized by ``clean_text``. So offsets are not computed but
found by alignment: both texts become streams of comparison keys, one per character, whitespace
left out (a letter and its combining marks composed, NFKC, case folded, PDFium's end-of-line hyphen
read as ``-``); the words of the two streams are aligned (walked side by side, meeting again after
each difference), then the characters inside the words that differ (difflib), then what is still
unaligned is looked up where it occurs once. Each key of a PDF character remembers the character; a
key from a Tesseract word, or from a word whose legacy encoding changed its length, stands for a
share of the word's box. A span is placed only when at least ``COVERAGE`` of its keys were aligned,
in order, onto PDF text no longer than the span allows; it is then drawn as one rectangle per line,
the union of PDFium's loose char boxes of the line's first and last characters (a line: no line
break between them in PDFium's text). Everything else is "not placed", never placed somewhere else.

PDFium is not thread-safe: every call into it here holds ``PDFIUM_LOCK``.
"""
from __future__ import annotations

import bisect
import contextlib
import ctypes
import difflib
import io
import math
import os
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest import ConverterMissing, CorruptFile, legacy, ocr
from ingest.messages import msg

PAGE_LIMIT = 60                 # pages shown on a document page (the download has them all)
WIDTHS = (400, 800, 1200, 1600)  # the widths a page image is drawn at, in pixels
MAX_HEIGHT = 4000               # a page image's height is bounded too (a very long page is drawn narrower)
COVERAGE = 0.9                  # share of a span's characters that must be found on the page to place it
_REGION = 800                   # longest unaligned stretch whose characters are aligned one by one
_LOOKUP = 8                     # shortest unaligned stretch looked up elsewhere in the PDF's text
_ANCHOR = 4                     # words in a row that agree where the two texts meet again after a difference
_SKIP_DOC, _SKIP_PDF = 300, 5000  # the most words skipped on either side to meet again

PDFIUM_LOCK = threading.RLock()   # held for every PDFium call in a process with threads (a server)


class PageError(Exception):
    """A page that does not exist, or a file PDFium cannot open."""


@dataclass(frozen=True)
class Rect:
    """A box on a page as shown: points from its top-left corner."""
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Word:
    """A word Tesseract read on a scanned page, and its box."""
    text: str
    rect: Rect


@dataclass(frozen=True)
class Page:
    number: int              # from 1
    width: float             # points, as shown
    height: float
    scanned: bool = False    # its text came from OCR: its marks need Tesseract's word boxes
    words: bool = False      # ... and these were given


@dataclass(frozen=True)
class Place:
    """Where (part of) a span is: the rectangles it covers on one page, one per line."""
    page: int
    rects: tuple[Rect, ...]


@dataclass(frozen=True)
class Layout:
    pages: tuple[Page, ...]                     # the pages shown: the first PAGE_LIMIT
    page_count: int                             # all the file's pages
    places: tuple[tuple[Place, ...], ...]       # per span given: where it is; () when not placed


def pages(original: bytes | Path, *, ocr_pages: Iterable[int] = (), max_pages: int = PAGE_LIMIT
          ) -> tuple[int, tuple[Page, ...]]:
    """``(page count, the first max_pages pages)``: their sizes, nothing placed yet."""
    ocr_pages = set(ocr_pages)
    with _document(original) as pdf:
        out = []
        for i in range(min(len(pdf), max_pages)):
            with contextlib.closing(pdf[i]) as page:
                width, height = page.get_size()
            out.append(Page(i + 1, width, height, i + 1 in ocr_pages))
        return len(pdf), tuple(out)


def image_size(width: float, height: float, pixels: int) -> tuple[int, int, float]:
    """``(width, height, scale)`` of a page of ``width`` × ``height`` points drawn ``pixels`` wide,
    the height bounded by MAX_HEIGHT."""
    scale = pixels / max(width, 1.0)
    if height * scale > MAX_HEIGHT:
        scale = MAX_HEIGHT / max(height, 1.0)
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale)), scale     # as PDFium draws it


def render_png(original: bytes | Path, number: int, pixels: int) -> bytes:
    """Page ``number`` (from 1) drawn by PDFium ``pixels`` wide (one of WIDTHS), as PNG."""
    if pixels not in WIDTHS:
        raise PageError(f"width {pixels} is not one of {WIDTHS}")
    with _document(original, f"page {number} cannot be drawn") as pdf:
        if not 1 <= number <= min(len(pdf), PAGE_LIMIT):
            raise PageError(f"no page {number}")
        with contextlib.closing(pdf[number - 1]) as page:
            width, height = page.get_size()
            _, _, scale = image_size(width, height, pixels)
            with contextlib.closing(page.render(scale=scale, may_draw_forms=True)) as bitmap:
                image = bitmap.to_pil()
                image.load()
                image = image.copy()       # the bitmap's buffer is freed on leaving
    return _png(image.convert("RGB"))


def _png(image) -> bytes:
    """PNG of a drawn page: in grey when it has no colour (most pages: a third of the size and time)."""
    from PIL import ImageChops

    r, g, b = image.split()
    if max(ImageChops.difference(r, g).getextrema()[1], ImageChops.difference(g, b).getextrema()[1]) <= 12:
        image = g
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=3)
    return buf.getvalue()


def scanned_words(original: bytes | Path, number: int, source: str = "", *, lang: str = ocr.LANG) -> tuple[Word, ...]:
    """The words Tesseract reads on page ``number`` with their boxes: the page drawn as the reader
    draws it for OCR (``ingest.ocr.page_image``, 300 dpi, grey), read as TSV. Raises
    ``ConverterMissing`` without Tesseract, ``TimedOut`` or ``CorruptFile`` when it fails."""
    with _document(original, failure=None) as pdf:
        if not 1 <= number <= len(pdf):
            raise PageError(f"no page {number}")
        with contextlib.closing(pdf[number - 1]) as page:
            width, _ = page.get_size()
            image = ocr.page_image(page)
    return _tsv_words(_tesseract_tsv(image, source, lang), width, image)


def _tesseract_tsv(image: bytes, source: str, lang: str) -> str:
    from ingest.readers.office import run

    exe = ocr.tesseract()
    if exe is None:
        raise ConverterMissing(source, ocr.missing_reason(lang))
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    proc = run([exe, "-", "-", "-l", lang, "--dpi", str(ocr.DPI), "tsv"], source, timeout=ocr.TIMEOUT,
               what="OCR (Tesseract)", env=env, input=image)
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        if any("Failed loading language" in line for line in lines):
            raise ConverterMissing(source, ocr.missing_reason(lang))
        raise CorruptFile(source, msg("ocr-failed", detail=lines[-1] if lines else f"exit {proc.returncode}"))
    return proc.stdout.decode("utf-8", "replace")


def _tsv_words(tsv: str, width_pt: float, image: bytes) -> tuple[Word, ...]:
    pixels = _pnm_width(image)
    scale = width_pt / pixels if pixels else 72 / ocr.DPI
    out = []
    for line in tsv.splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        left, top, w, h = (int(c) for c in cols[6:10])
        out.append(Word(cols[11].strip(), Rect(left * scale, top * scale, w * scale, h * scale)))
    return tuple(out)


def _pnm_width(image: bytes) -> int:
    """The width in a PGM/PPM header (``P5\\n<w> <h>\\n<max>\\n``), 0 if it cannot be read."""
    fields_ = image[:64].split()
    try:
        return int(fields_[1])
    except (IndexError, ValueError):
        return 0


@contextlib.contextmanager
def _document(original: bytes | Path, failure: str | None = "the PDF cannot be read"):
    """The PDF, open while PDFIUM_LOCK is held and closed after; a PDFium error inside becomes a
    PageError that says ``failure`` (none when ``failure`` is None)."""
    with PDFIUM_LOCK:
        pdf = _open(original)
        try:
            yield pdf
        except pdfium.PdfiumError as exc:
            if failure is None:
                raise
            raise PageError(f"{failure}: {exc}") from exc
        finally:
            pdf.close()


def _open(original: bytes | Path):
    try:
        return pdfium.PdfDocument(original if isinstance(original, bytes) else Path(original))   # a Path: any name
    except pdfium.PdfiumError as exc:
        raise PageError(f"the PDF cannot be opened: {exc}") from exc


# -- comparison keys ----------------------------------------------------------------------------------
_FIX = {"\x02": "-", "\u00d0": "\u0110", "\u00f0": "\u0111", "\ufffe": "-"}
_WORD = re.compile(r"\S+")


@lru_cache(maxsize=8192)
def _key(c: str) -> str:
    """What a character is compared as: NFKC, case folded, no whitespace or control characters."""
    c = _FIX.get(c, c)
    if c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return ""
    return "".join(k for k in unicodedata.normalize("NFKC", c).casefold() if not k.isspace())


def _keys(text: str) -> str:
    return "".join(_key(c) for c in text)


class _KeyTable(dict):
    """``str.translate`` table: a code point -> its key."""

    def __missing__(self, code: int) -> str:
        self[code] = _key(chr(code))
        return self[code]


_TABLE = _KeyTable()


def _word_keys(word: str, encoding: str | None = None) -> tuple[str, list[int] | None]:
    """The keys of a word (no whitespace in it) and, unless each key is the character at its place
    (the usual case), the index in the word of the character each key stands for: a letter and the
    combining marks after it are composed first (NFC), legacy encodings converted."""
    if encoding is None:
        key = word.translate(_TABLE)
        if len(key) == len(word) and unicodedata.is_normalized("NFC", word):
            return key, None
        parts, at = [], []
        i = 0
        while i < len(word):
            j = i + 1
            while j < len(word) and unicodedata.combining(word[j]):
                j += 1
            k = _keys(unicodedata.normalize("NFC", word[i:j]))
            parts.append(k)
            at.extend([i] * len(k))
            i = j
        return "".join(parts), at
    per_char = [_keys(legacy.convert(c, encoding)) for c in word]
    whole = _keys(legacy.convert(word, encoding))
    if "".join(per_char) == whole:
        return whole, [i for i, k in enumerate(per_char) for _ in k]
    # the word's keys are not its characters' (the encoding joined or split them): each key stands
    # for its share of the word
    n = len(word)
    return whole, [min(n - 1, j * n // len(whole)) for j in range(len(whole))]


# -- the PDF's side -----------------------------------------------------------------------------------
@dataclass
class _Stream:
    """The PDF's comparison keys in reading order (one code point each), with the page and what each
    stands for: a char index of a text page, or a Rect (a share of an OCR word); and the words as
    ``(start, end)`` key offsets."""
    keys: list[str] = field(default_factory=list)
    page: list[int] = field(default_factory=list)
    ref: list = field(default_factory=list)
    words: list[tuple[int, int]] = field(default_factory=list)

    def add(self, number: int, word: str, base: int = 0, rects: list[Rect] | None = None,
            encoding: str | None = None) -> None:
        """A word of page ``number``: its characters are char indexes ``base``, ``base + 1``...,
        or ``rects``."""
        key, at = _word_keys(word, encoding)
        if not key:
            return
        start = len(self.keys)
        self.keys.extend(key)
        self.page.extend([number] * len(key))
        if rects is not None:
            self.ref.extend(rects[i] for i in (range(len(key)) if at is None else at))
        elif at is None:
            self.ref.extend(range(base, base + len(key)))
        else:
            self.ref.extend(base + i for i in at)
        self.words.append((start, len(self.keys)))


def _page_text(textpage) -> str:
    """The page's characters as PDFium numbers them: a string index is a char index."""
    count = textpage.count_chars()
    if count <= 0:
        return ""
    text = textpage.get_text_range(0, count)
    if len(text) != count:
        get = pdfium_c.FPDFText_GetUnicode
        text = "".join(_char(get(textpage, i)) for i in range(count))
    return text


def _text_page(stream: _Stream, number: int, text: str, encoding: str | None) -> None:
    for m in _WORD.finditer(text):
        stream.add(number, m.group(), m.start(), encoding=encoding)


def _char(code: int) -> str:
    return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"


def _scanned_page(stream: _Stream, number: int, words: Sequence[Word]) -> None:
    for w in words:
        text = "".join(w.text.split())
        n, r = len(text), w.rect
        if n:     # each character: its share of the word's box
            stream.add(number, text, rects=[Rect(r.x + r.w * j / n, r.y, r.w / n, r.h) for j in range(n)])


# -- the document's side ------------------------------------------------------------------------------
def _doc_stream(text: str) -> tuple[str, list[tuple[int, int]], list[int]]:
    """``(keys, words as key offsets, first key of each character)``: the keys of ``text[a:b]`` are
    ``keys[first[a]:first[b]]``."""
    keys: list[str] = []
    words: list[tuple[int, int]] = []
    first = [0] * (len(text) + 1)
    done = 0                      # characters whose first key is set
    for m in _WORD.finditer(text):
        s, e = m.span()
        k0 = len(keys)
        first[done:s] = [k0] * (s - done)
        key, at = _word_keys(m.group())
        if at is None:
            first[s:e] = range(k0, k0 + len(key))
        else:
            j = 0
            for i in range(e - s):
                while j < len(at) and at[j] < i:
                    j += 1
                first[s + i] = k0 + j
        if key:
            keys.extend(key)
            words.append((k0, len(keys)))
        done = e
    first[done:] = [len(keys)] * (len(text) + 1 - done)
    return "".join(keys), words, first


# -- alignment ----------------------------------------------------------------------------------------
def _align(dkeys: list[str], dwords, pkeys: list[str], pwords) -> list[int]:
    """For each document key, the PDF key it is aligned with (-1: none). Monotone, but for the
    stretches found by lookup."""
    out = [-1] * len(dkeys)
    ptext = "".join(pkeys)
    da = [dkeys[a:b] for a, b in dwords]
    pa = [ptext[a:b] for a, b in pwords]
    for same, i1, i2, j1, j2 in _word_blocks(da, pa):
        if same:
            for (a, b), (c, _) in zip(dwords[i1:i2], pwords[j1:j2]):
                out[a:b] = range(c, c + b - a)
        elif i2 > i1 and j2 > j1:
            a0, a1 = dwords[i1][0], dwords[i2 - 1][1]
            b0, b1 = pwords[j1][0], pwords[j2 - 1][1]
            if a1 - a0 <= _REGION and b1 - b0 <= _REGION:
                _align_chars(out, dkeys, a0, a1, ptext, b0, b1)
    _lookup(out, dkeys, ptext)
    return out


def _word_blocks(da: list[str], pa: list[str]):
    """The two word sequences as blocks ``(same, i1, i2, j1, j2)``: runs of equal words, and the gaps
    between them. Both texts are mostly the same words in the same order, so they are walked side by
    side; where they differ, they meet again at the nearest place (fewest words skipped on both
    sides) where ``_ANCHOR`` words in a row agree, looked up in an index of the PDF's word runs.
    Linear in practice (``difflib`` is quadratic on long texts that repeat themselves)."""
    n, m = len(da), len(pa)
    index: dict[tuple[str, ...], list[int]] = {}
    for j in range(m - _ANCHOR + 1):
        index.setdefault(tuple(pa[j:j + _ANCHOR]), []).append(j)
    i = j = 0
    while i < n and j < m:
        if da[i] == pa[j]:
            i0, j0 = i, j
            while i < n and j < m and da[i] == pa[j]:
                i += 1
                j += 1
            yield True, i0, i, j0, j
            continue
        best = None
        for di in range(min(_SKIP_DOC, n - i - _ANCHOR + 1)):
            if best is not None and di >= best[0]:
                break
            positions = index.get(tuple(da[i + di:i + di + _ANCHOR]))
            if not positions:
                continue
            k = bisect.bisect_left(positions, j)
            if k < len(positions) and positions[k] - j <= _SKIP_PDF and (best is None or di + positions[k] - j < best[0]):
                best = (di + positions[k] - j, i + di, positions[k])
        if best is None:      # none of the next words is ahead in the PDF: left to the lookup
            step = max(1, min(_SKIP_DOC, n - i - _ANCHOR + 1))
            yield False, i, i + step, j, j
            i += step
            continue
        yield False, i, best[1], j, best[2]
        i, j = best[1], best[2]
    if i < n or j < m:
        yield False, i, n, j, m


def _align_chars(out: list[int], dkeys: str, a0: int, a1: int, ptext: str, b0: int, b1: int) -> None:
    a, b = dkeys[a0:a1], ptext[b0:b1]
    whole = min(len(a), len(b))
    for i, j, n in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        if n >= 3 or n == whole:          # a lone character matched inside another word is no evidence
            out[a0 + i:a0 + i + n] = range(b0 + j, b0 + j + n)


def _lookup(out: list[int], dkeys: str, ptext: str) -> None:
    """Stretches left unaligned (text the reader moved: running headers, columns read in another
    order) aligned where their keys occur exactly once in the PDF's text, on keys aligned with nothing."""
    used = bytearray(len(ptext))
    runs = []
    start = None
    for i, j in enumerate(out):
        if j >= 0:
            used[j] = 1
            if start is not None:
                runs.append((start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        runs.append((start, len(out)))
    for i, j in runs:
        if j - i < _LOOKUP:
            continue
        needle = dkeys[i:j]
        at = ptext.find(needle)
        if at >= 0 and ptext.find(needle, at + 1) < 0 and used.find(1, at, at + len(needle)) < 0:
            out[i:j] = range(at, at + len(needle))
            used[at:at + len(needle)] = b"\x01" * len(needle)


# -- boxes --------------------------------------------------------------------------------------------
def _transform(page, width: float, height: float) -> tuple[float, ...]:
    """The affine map from page space to points from the top-left corner of the page as PDFium draws
    it (crop box and rotation applied): ``(a, b, c, d, e, f)`` for ``x' = a x + b y + e``, ``y' = c x + d y + f``."""
    k = 64
    size = (max(1, round(width * k)), max(1, round(height * k)))
    dx, dy = ctypes.c_int(), ctypes.c_int()

    def device(x: float, y: float) -> tuple[float, float]:
        pdfium_c.FPDF_PageToDevice(page, 0, 0, size[0], size[1], 0, x, y, dx, dy)
        return dx.value / k, dy.value / k

    ox, oy = device(0, 0)
    ax, ay = device(1000, 0)
    bx, by = device(0, 1000)
    return (ax - ox) / 1000, (bx - ox) / 1000, (ay - oy) / 1000, (by - oy) / 1000, ox, oy


def _char_boxes(pdf, wanted: dict[int, list[int]], transforms: dict[int, tuple]) -> dict[tuple[int, int], Rect]:
    """PDFium's loose boxes of the characters ``wanted`` (page number -> char indexes), as shown."""
    out: dict[tuple[int, int], Rect] = {}
    r = pdfium_c.FS_RECTF()
    get = pdfium_c.FPDFText_GetLooseCharBox
    for number, indexes in wanted.items():
        with contextlib.closing(pdf[number - 1]) as page, contextlib.closing(page.get_textpage()) as textpage:
            a, b, c, d, e, f = transforms[number]
            for i in indexes:
                if not get(textpage, i, r) or r.right <= r.left or r.top <= r.bottom:
                    continue
                xs = (a * r.left + b * r.top + e, a * r.right + b * r.bottom + e)
                ys = (c * r.left + d * r.top + f, c * r.right + d * r.bottom + f)
                out[number, i] = Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    return out


def _rects(boxes: Iterable[tuple[int, Rect]]) -> tuple[Place, ...]:
    """Boxes in reading order joined into one rectangle per line (and per page)."""
    places: list[tuple[int, list[Rect]]] = []
    cur: list[float] | None = None       # x0, y0, x1, y1

    def flush():
        if cur is not None:
            places[-1][1].append(Rect(round(cur[0], 2), round(cur[1], 2), round(cur[2] - cur[0], 2),
                                      round(cur[3] - cur[1], 2)))

    for number, r in boxes:
        if not places or places[-1][0] != number:
            flush()
            cur = None
            places.append((number, []))
        if cur is not None:
            overlap = min(cur[3], r.y + r.h) - max(cur[1], r.y)
            height = min(cur[3] - cur[1], r.h)
            same_line = overlap >= 0.5 * height and r.x >= cur[0] - 0.5 * height and r.x <= cur[2] + 3 * height
            if same_line:
                cur = [min(cur[0], r.x), min(cur[1], r.y), max(cur[2], r.x + r.w), max(cur[3], r.y + r.h)]
                continue
            flush()
        cur = [r.x, r.y, r.x + r.w, r.y + r.h]
    flush()
    return tuple(Place(n, tuple(rs)) for n, rs in places if rs)


# -- the layout ---------------------------------------------------------------------------------------
def layout(original: bytes | Path, text: str, spans: Sequence[tuple[int, int]], *, ocr_pages: Iterable[int] = (),
           words: Mapping[int, Sequence[Word]] | None = None, encoding: str | None = None,
           max_pages: int = PAGE_LIMIT) -> Layout:
    """Where each of ``spans`` (offsets into ``text``, the document text the PDF reader made of
    ``original``) is on the first ``max_pages`` pages. ``ocr_pages`` are the pages (from 1) whose
    text was read by OCR; ``words`` gives Tesseract's words on some of them (``scanned_words``);
    ``encoding`` the legacy font encoding the reader converted from (``Document.meta``).

    PDFium is held only to read the pages' text and, once the spans are placed, the boxes of their
    characters; the alignment runs without it."""
    ocr_pages = set(ocr_pages)
    words = words or {}
    pages: list[Page] = []
    texts: dict[int, str] = {}
    transforms: dict[int, tuple] = {}
    with _document(original) as pdf:
        count = len(pdf)
        for i in range(min(count, max_pages)):
            number = i + 1
            with contextlib.closing(pdf[i]) as page:
                width, height = page.get_size()
                transforms[number] = _transform(page, width, height)
                if number in ocr_pages:
                    pages.append(Page(number, width, height, True, words.get(number) is not None))
                    continue
                with contextlib.closing(page.get_textpage()) as textpage:
                    texts[number] = _page_text(textpage)
                pages.append(Page(number, width, height))

    stream = _Stream()
    for p in pages:
        if p.number in texts:
            _text_page(stream, p.number, texts[p.number], encoding)
        elif p.words:
            _scanned_page(stream, p.number, words[p.number])
    chosen = _choose(text, spans, stream)

    # a line of a text page is drawn from the boxes of its first and last characters
    pieces = [_line_pieces(found, stream, texts) for found in chosen]
    wanted: dict[int, set[int]] = {}
    for lines in pieces:
        for number, first_, last in lines:
            if not isinstance(first_, Rect):
                wanted.setdefault(number, set()).update((first_, last))
    boxes: dict[tuple[int, int], Rect] = {}
    if wanted:
        with _document(original) as pdf:
            boxes = _char_boxes(pdf, {n: sorted(ix) for n, ix in wanted.items()}, transforms)

    places = []
    for lines in pieces:
        found = []
        for number, first_, last in lines:
            if isinstance(first_, Rect):
                found.append((number, first_))
                continue
            ends = [r for r in (boxes.get((number, first_)), boxes.get((number, last))) if r is not None]
            if ends:
                x0, y0 = min(r.x for r in ends), min(r.y for r in ends)
                x1, y1 = max(r.x + r.w for r in ends), max(r.y + r.h for r in ends)
                found.append((number, Rect(x0, y0, x1 - x0, y1 - y0)))
        places.append(_rects(found))
    return Layout(tuple(pages), count, tuple(places))


def _line_pieces(found: list[int], stream: _Stream, texts: dict[int, str]) -> list[tuple[int, object, object]]:
    """The PDF keys of a span as ``(page, first, last)`` per piece of a line: on a text page, the
    first and last char index of a run with no line break between them in PDFium's text; a Rect (a
    share of an OCR word) alone."""
    out: list[tuple[int, object, object]] = []
    for k in found:
        number, ref = stream.page[k], stream.ref[k]
        if out:
            page, first_, last = out[-1]
            if page == number and last == ref:
                continue                     # another key of the same character
            if page == number and not isinstance(ref, Rect) and not isinstance(last, Rect) and ref >= last \
                    and not _LINE_BREAK.intersection(texts[number][last + 1:ref]):
                out[-1] = (page, first_, ref)
                continue
        out.append((number, ref, ref))
    return out


_LINE_BREAK = frozenset("\r\n")


def _choose(text: str, spans, stream: _Stream) -> list[list[int]]:
    """For each span, the PDF keys it is aligned with, in reading order; none when it cannot be
    placed for sure."""
    dkeys, dwords, first = _doc_stream(text)
    aligned = _align(dkeys, dwords, stream.keys, stream.words) if stream.keys and dkeys else [-1] * len(dkeys)
    return [_found(start, end, first, aligned, len(text)) for start, end in spans]


def _found(start: int, end: int, first: list[int], aligned: list[int], n: int) -> list[int]:
    if not 0 <= start < end <= n:
        return []
    k0, k1 = first[start], first[end]
    size = k1 - k0
    if size <= 0:
        return []
    found = [aligned[k] for k in range(k0, k1) if aligned[k] >= 0]
    if len(found) < COVERAGE * size or any(b <= a for a, b in zip(found, found[1:])):
        return []
    if found[-1] - found[0] + 1 > size * 1.25 + 8:        # spread over more text than the item has
        return []
    return found


__all__ = ["layout", "render_png", "scanned_words", "pages", "image_size", "Layout", "Page", "Place", "Rect",
           "Word", "PageError", "PDFIUM_LOCK", "PAGE_LIMIT", "WIDTHS", "MAX_HEIGHT", "COVERAGE"]
