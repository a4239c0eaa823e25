"""The original on the document page, with every extracted item marked where it is.

A PDF is shown as its pages, drawn on the server by PDFium (``/doc/<id>/page/<n>.png``), each with an
SVG layer on top that outlines every extracted item (``pipeline.marks`` finds them on the page:
PDFium's character boxes on text pages, Tesseract's word boxes on scanned ones, read again for the
page on demand and kept in memory). DOCX, HTML and text documents keep their text view (the page's
"Toàn văn"), whose marks the same field list leads to. Only an original that ``pipeline.originals.read``
gives back is drawn, as for its download: nothing outside the ingested folders and the storage.

The template ``_original.html`` asks ``original_view(record)`` for what to show; its section can be
fetched alone (``/doc/<id>/ban-goc``), which is how ``original.js`` fills in the scanned pages' marks
one page per request (``?ocr=<n>``), since Tesseract takes seconds a page.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for

import pipeline
from ingest import IngestError
from nlp.record import Record
from pipeline import marks

from . import get_backend
from .annotate import LABELS
from .errors import Refused

bp = Blueprint("original", __name__)

WIDTH = 1200                # the page image's src; srcset offers the other widths
LAYOUTS_KEPT = 64           # documents whose layout is kept in memory
WORDS_KEPT = 256            # scanned pages whose OCR word boxes are kept in memory
READS_KEPT = 256            # originals found on disk, remembered with their size, time and inode
INLINE_CHARS = 15_000       # a longer text is placed on its pages after the page is shown (original.js)
MENTIONS = (("inspecting_bodies", "body"), ("inspected_units", "unit"), ("organizations", "org"))
LISTS = (("references", "ref", None), ("dates", "date", None), ("people", "person", None),
         ("figures", "figure", None), ("findings", "finding", "kind"))


@dataclass(frozen=True)
class Item:
    """One extracted item where the document states it. ``key`` names its entry in the page's field
    list (``data-mark``): a unit named three times has three items with one key."""
    key: str
    kind: str           # a key of annotate.LABELS: unit, body, org, ref, date, person, figure, a finding's kind
    text: str
    span: tuple[int, int]

    @property
    def label(self) -> str:
        return LABELS.get(self.kind, self.kind)


def items(record: Record) -> list[Item]:
    """Every extracted item, keyed as the document page's field list shows it: a mention by the index
    of its name among the field's names, an item of a list by its index."""
    out = []
    if record.doc_number:
        out.append(Item("docnum", "ref", record.doc_number.text, record.doc_number.span))
    for name, kind in MENTIONS:
        names: dict[str, int] = {}
        for m in getattr(record, name):
            i = names.setdefault(m.text, len(names))
            out.append(Item(f"{kind}-{i}", kind, m.text, m.span))
    for name, kind, kind_field in LISTS:
        for i, x in enumerate(getattr(record, name)):
            text = getattr(x, "text", None) or getattr(x, "name", "")
            out.append(Item(f"{kind}-{i}", getattr(x, kind_field) if kind_field else kind, text, x.span))
    return out


@dataclass(frozen=True)
class Mark:
    id: str
    item: Item
    rects: tuple[marks.Rect, ...]


@dataclass
class PageView:
    number: int
    width: float                     # points: the SVG layer's viewBox
    height: float
    pixels: tuple[int, int]          # the image's width and height at WIDTH (its attributes, for the layout)
    src: str
    srcset: str
    scanned: bool = False
    waiting: bool = False            # a scanned page whose word boxes are not read yet
    unread: bool = False             # a scanned page on which Tesseract gave no word boxes
    marks: list[Mark] = field(default_factory=list)


@dataclass
class OriginalView:
    """What ``_original.html`` shows. ``mode``: ``pages`` (a PDF drawn), ``text`` (the text view is
    the original's view), ``gone`` (a PDF whose original cannot be read back)."""
    record: Record
    mode: str
    pages: list[PageView] = field(default_factory=list)
    page_count: int = 0
    unplaced: list[Item] = field(default_factory=list)
    index: dict = field(default_factory=dict)       # key -> {"marks": [mark ids], "text": [starts]}
    note: str | None = None
    pending: bool = False                           # pages shown, items not placed yet (a long document)
    next: tuple[str, str, str] | None = None        # what original.js asks next: (section URL, the same
    #                                                 without JavaScript, that link's words)


# -- caches -------------------------------------------------------------------------------------------
class _Kept:
    """A small thread-safe LRU map."""

    def __init__(self, size: int):
        self.size = size
        self.data: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.data:
                self.data.move_to_end(key)
                return self.data[key]
        return None

    def put(self, key, value) -> None:
        with self.lock:
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > self.size:
                self.data.popitem(last=False)


def _kept(name: str, size: int) -> _Kept:
    ext = current_app.extensions
    key = f"kiemtra.original.{name}"
    if key not in ext:
        ext[key] = _Kept(size)
    return ext[key]


# -- reading the original -----------------------------------------------------------------------------
def _valid_id(doc_id: str) -> bool:
    return len(doc_id) == 64 and all(c in "0123456789abcdef" for c in doc_id)


def _record(doc_id: str) -> Record:
    if not _valid_id(doc_id):
        abort(404)
    record = get_backend().get(doc_id)
    if record is None:
        abort(404)
    return record


def _read(record: Record) -> bytes | Path | None:
    """The original's bytes or path, as its download reads it (None when gone or out of bounds). A
    file found by hashing it is remembered with its size, time and inode: a page shows up to
    PAGE_LIMIT images, and hashing a large file for each would cost more than drawing it."""
    storage = Path(current_app.config["STORAGE"])
    if not pipeline.originals.may_exist(storage, record):
        return None
    roots = pipeline.known_roots(get_backend())
    kept = _kept("read", READS_KEPT)
    key = (record.doc_id, record.document.source, tuple(roots))
    seen = kept.get(key)
    if seen is not None and _signature(seen[0]) == seen[1]:
        return seen[0]
    found = pipeline.originals.read(storage, record, roots)
    if isinstance(found, Path):
        signature = _signature(found)
        if signature is not None:
            kept.put(key, (found, signature))
    return found


def _signature(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev


def _gone() -> Refused:
    return Refused(404, "original-gone", "Không còn tệp gốc: tệp đã được chuyển, xoá hoặc sửa từ khi nạp vào "
                   "chỉ mục.", "the original file is gone (moved, deleted or changed since it was indexed)")


def _ocr_pages(record: Record) -> list[int]:
    pages = record.document.meta.get("ocr_pages") or []
    return [p for p in pages if isinstance(p, int) and 1 <= p <= marks.PAGE_LIMIT]


def _words(record: Record) -> dict[int, tuple[marks.Word, ...]]:
    kept = _kept("words", WORDS_KEPT)
    out = {}
    for number in _ocr_pages(record):
        found = kept.get((record.doc_id, number))
        if found is not None:
            out[number] = found
    return out


def _read_words(record: Record, original, number: int) -> str | None:
    """Read the word boxes of scanned page ``number`` (kept for next time); a note when it failed."""
    kept = _kept("words", WORDS_KEPT)
    if kept.get((record.doc_id, number)) is not None:
        return None
    try:
        words = marks.scanned_words(original, number, record.document.source)
    except IngestError as exc:
        kept.put((record.doc_id, number), ())
        return f"Không đọc được vị trí chữ trên trang quét {number}: {exc.reason}"
    except (marks.PageError, OSError):
        kept.put((record.doc_id, number), ())
        return f"Không đọc được vị trí chữ trên trang quét {number}."
    kept.put((record.doc_id, number), words)
    return None


# -- the view -----------------------------------------------------------------------------------------
def original_view(record: Record) -> OriginalView:
    """What the document page shows of ``record``'s original.

    The items are placed on the pages while the page is made when the document is short (or its
    layout is kept from an earlier request); a long one shows its pages at once and its marks when
    ``original.js`` asks for the section (``/doc/<id>/ban-goc``, or ``?danh_dau=1`` without
    JavaScript). ``?ocr=<n>`` first reads the word boxes of scanned page ``n``."""
    found = items(record)
    index: dict[str, dict] = {}
    for it in found:
        index.setdefault(it.key, {"marks": [], "text": []})["text"].append(it.span[0])
    if record.document.format != "pdf":
        return OriginalView(record, "text", index=index)
    original = _read(record)
    if original is None:
        return OriginalView(record, "gone", index=index,
                            note="Không còn tệp gốc để hiển thị các trang (tệp đã được chuyển, xoá hoặc sửa); "
                                 "các mục được đánh dấu trong toàn văn bên dưới.")
    note = None
    asked = request.endpoint == "original.original_section" or request.args.get("danh_dau") == "1"
    wanted = request.args.get("ocr", "")
    if wanted.isdigit() and int(wanted) in _ocr_pages(record):
        note = _read_words(record, original, int(wanted))
        asked = True
    words = _words(record)
    spans = tuple(it.span for it in found)
    key = (record.doc_id, hash(record.text), spans, tuple(sorted((n, len(w)) for n, w in words.items())))
    kept = _kept("layouts", LAYOUTS_KEPT)
    layout = kept.get(key)
    pending = False
    try:
        if layout is None and (asked or len(record.text) <= INLINE_CHARS):
            layout = marks.layout(original, record.text, spans, ocr_pages=_ocr_pages(record), words=words,
                                  encoding=record.document.meta.get("legacy_encoding"))
            kept.put(key, layout)
        elif layout is None:
            count, shown = marks.pages(original, ocr_pages=_ocr_pages(record))
            layout, pending = marks.Layout(shown, count, tuple(() for _ in spans)), True
    except marks.PageError:
        return OriginalView(record, "gone", index=index, note="Không vẽ được các trang của tệp gốc.")
    view = OriginalView(record, "pages", page_count=layout.page_count, index=index, note=note, pending=pending)
    by_page = {}
    for p in layout.pages:
        w, h, _ = marks.image_size(p.width, p.height, WIDTH)
        src = url_for("original.page_image", doc_id=record.doc_id, number=p.number)
        srcset = ", ".join(f"{src}?w={px} {px}w" for px in marks.WIDTHS)
        page = PageView(p.number, round(p.width, 2), round(p.height, 2), (w, h), f"{src}?w={WIDTH}", srcset,
                        scanned=p.scanned, waiting=p.scanned and not p.words,
                        unread=p.scanned and p.words and not words.get(p.number))
        by_page[p.number] = page
        view.pages.append(page)
    counts: dict[str, int] = {}
    for it, places in zip(found, layout.places):
        if not places:
            view.unplaced.append(it)
            continue
        n = counts[it.key] = counts.get(it.key, -1) + 1
        mark_id = f"m-{it.key}-{n}"
        index[it.key]["marks"].append(mark_id)
        for k, place in enumerate(places):
            # a span across pages is one mark per page; the first is the one the field list leads to
            by_page[place.page].marks.append(Mark(mark_id if k == 0 else f"{mark_id}-p{place.page}", it, place.rects))
    section = url_for("original.original_section", doc_id=record.doc_id)
    page_url = url_for("pages.document_page", doc_id=record.doc_id)
    waiting = next((p.number for p in view.pages if p.waiting), None)
    if pending:
        view.unplaced = []
        view.next = (section, f"{page_url}?danh_dau=1#original", "Đánh dấu các mục trên trang")
    elif waiting:
        view.next = (f"{section}?ocr={waiting}", f"{page_url}?ocr={waiting}#page-{waiting}", f"Đọc trang {waiting}")
    view.unplaced = _distinct(view.unplaced)
    return view


def _distinct(found: list[Item]) -> list[Item]:
    seen: dict[tuple[str, str], Item] = {}
    for it in found:
        seen.setdefault((it.kind, it.text), it)
    return list(seen.values())


@bp.app_context_processor
def _original_globals():
    return {"original_view": original_view, "mark_labels": LABELS}


# -- routes -------------------------------------------------------------------------------------------
@bp.route("/doc/<doc_id>/page/<int:number>.png")
def page_image(doc_id: str, number: int):
    record = _record(doc_id)
    if record.document.format != "pdf" or not 1 <= number <= marks.PAGE_LIMIT:
        abort(404)
    try:
        pixels = int(request.args.get("w", WIDTH))
    except ValueError:
        abort(404)
    if pixels not in marks.WIDTHS:
        abort(404)
    original = _read(record)
    if original is None:
        raise _gone()
    etag = f"{doc_id}-{number}-{pixels}"
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        try:
            response = Response(marks.render_png(original, number, pixels), mimetype="image/png")
        except marks.PageError:
            abort(404)
    # the id is the file's sha256: a page of it never changes
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, max-age=604800, immutable"
    return response


@bp.route("/doc/<doc_id>/ban-goc")
def original_section(doc_id: str):
    """The original's section alone (for ``original.js``); ``?ocr=<n>`` first reads the word boxes
    of scanned page ``n``."""
    record = _record(doc_id)
    html = render_template("_original.html", record=record, view=original_view(record))
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response
