"""DOCX (python-docx): body paragraphs and tables in document order, headers first, footers last.

Table rows become one line each, cells joined with `` | `` (a merged cell appears once; a vertically
merged continuation cell stays as an empty cell so columns line up). Content controls (``w:sdt``)
are read through. Core properties give the title, author and creation date (``meta``, not
``published``: it is when the file was made, not the date of the document).
"""
from __future__ import annotations

import io
import lzma
import struct
import zipfile
import zlib

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.styles.style import StyleFactory
from docx.text.paragraph import Paragraph
from lxml import etree

from .. import legacy
from ..document import Document
from ..errors import CorruptFile, TooLarge, UnsupportedFormat
from ..messages import msg
from ._common import build_document, one_line

#: refuse to expand a DOCX whose parts add up to more than this (a zip bomb dressed as a DOCX)
MAX_UNPACKED = 512 * 1024 * 1024

_P, _TBL, _SDT, _SDT_CONTENT, _CUSTOM_XML = (qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent"),
                                              qn("w:customXml"))
_TR, _TC = qn("w:tr"), qn("w:tc")
_HEADING_STYLES = ("heading", "title", "subtitle")


def read_docx(data: bytes, source: str, sha256: str | None = None) -> Document:
    _check_package(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
        styles = _StyleNames(document)
        pieces, heading = _body_pieces(document, styles)
        headers, footers = _headers_footers(document, styles)
        pieces, headers, footers, found = _repair_legacy(document, pieces, headers, footers)
        props = document.core_properties
        core = {"title": props.title, "author": props.author, "created": props.created,
                "modified": props.modified}
    except zipfile.BadZipFile as exc:
        raise CorruptFile(source, msg("docx-zip-damaged")) from exc
    except KeyError as exc:
        raise CorruptFile(source, msg("docx-missing-part", part=exc)) from exc
    except PackageNotFoundError as exc:
        raise CorruptFile(source, msg("docx-bad-package")) from exc
    except etree.XMLSyntaxError as exc:
        raise CorruptFile(source, msg("docx-bad-xml")) from exc
    except (zlib.error, EOFError, lzma.LZMAError) as exc:
        raise CorruptFile(source, msg("docx-bad-data")) from exc
    except NotImplementedError as exc:
        # zipfile: a compression method or zip version it cannot read ("zip file version 9.9")
        raise CorruptFile(source, msg("docx-zip-unreadable", detail=exc)) from exc
    except ValueError as exc:
        # python-docx: "file '...' is not a Word file, content type is '...'"
        if "content type" in str(exc):
            raise UnsupportedFormat(source, msg("docx-not-word")) from exc
        # zipfile: offsets and sizes that point nowhere ("negative seek value")
        raise CorruptFile(source, msg("docx-zip-damaged-detail", detail=exc)) from exc
    except OSError as exc:       # bz2: "Invalid data stream" (no file is opened here)
        raise CorruptFile(source, msg("docx-bad-data-detail", detail=exc)) from exc
    meta = {"legacy_encoding": found} if found else {}
    if core["author"]:
        meta["author"] = one_line(core["author"])
    for key in ("created", "modified"):
        if core[key] is not None:
            meta[key] = core[key].isoformat()
    title = one_line(core["title"]) or heading
    return build_document(source=source, data=data, sha256=sha256, fmt="docx",
                          pieces=[*headers, *pieces, *footers], title=title, meta=meta,
                          empty_reason=msg("docx-no-text"))


def _legacy_fonts(document) -> set[str]:
    """Legacy encodings named by the fonts in the body, its styles and headers/footers."""
    found: set[str] = set()
    parts = [document.element, document.styles.element]
    for section in document.sections:
        for name in ("header", "footer", "first_page_header", "first_page_footer"):
            part = getattr(section, name)
            if not part.is_linked_to_previous:
                parts.append(part._element)
    for element in parts:
        for font in element.xpath(".//w:rFonts/@w:ascii | .//w:rFonts/@w:hAnsi"):
            encoding = legacy.font_encoding(font)
            if encoding:
                found.add(encoding)
    return found


def _repair_legacy(document, *groups):
    """Pieces typed in TCVN3/VNI fonts converted to Unicode: piece by piece when a legacy font is
    named in the file (a document may mix .VnTime and Unicode paragraphs), else on the evidence of
    the whole text."""
    fonts = _legacy_fonts(document)
    found = None
    out = []
    if len(fonts) == 1:
        hint = next(iter(fonts))
        for pieces in groups:
            fixed = []
            for kind, text in pieces:
                text2, enc = legacy.repair(text, hint)
                found = found or enc
                fixed.append((kind, text2))
            out.append(fixed)
        return (*out, found)
    whole = "\n".join(text for pieces in groups for _, text in pieces)
    found = legacy.detect(whole)
    if found is None:
        return (*groups, None)
    return (*([(kind, legacy.convert(text, found)) for kind, text in pieces] for pieces in groups), found)


def _check_package(data: bytes, source: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OverflowError, struct.error, UnicodeDecodeError) as exc:
        raise CorruptFile(source, msg("docx-zip-damaged")) from exc
    except NotImplementedError as exc:       # "zip file version 9.9"
        raise CorruptFile(source, msg("docx-zip-unreadable", detail=exc)) from exc
    if total > MAX_UNPACKED:
        raise TooLarge(source, msg("docx-too-large", size=f"{total // 2**20} MB", limit=f"{MAX_UNPACKED // 2**20} MB"))


class _StyleNames(dict):
    """style id -> lower-case style name, looked up once for each id a paragraph uses (python-docx's
    ``paragraph.style`` rescans the whole styles part on every call, and a template defines about 160
    styles where a document uses a few)."""

    def __init__(self, document):
        super().__init__()
        self._element = document.styles.element

    def __missing__(self, style_id: str) -> str:
        style = self._element.get_by_id(style_id)
        name = (StyleFactory(style).name or "").lower() if style is not None else ""
        self[style_id] = name
        return name


def _body_pieces(document, styles: dict[str, str]) -> tuple[list[tuple[str, str]], str | None]:
    pieces: list[tuple[str, str]] = []
    heading = None
    for kind, text in _blocks(document.element.body, document, styles):
        if kind == "title" and heading is None and text.strip():
            heading = text
        pieces.append(("heading" if kind == "title" else kind, text))
    return pieces, heading


def _blocks(container, parent, styles: dict[str, str]):
    """``(kind, text)`` for the paragraphs and table rows directly in ``container``, in order."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == _P:
            yield _paragraph_kind(child, styles), Paragraph(child, parent).text
        elif tag == _TBL:
            for row in child.iter(_TR):
                if _nearest_table(row) is not child:
                    continue          # a row of a table nested in a cell: its text is in the cell
                cells = [_cell_text(tc, parent) for tc in row.iterchildren(_TC)]
                if any(cells):
                    yield "table-row", " | ".join(cells)
        elif tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if tag == _SDT else child
            if inner is not None:
                yield from _blocks(inner, parent, styles)


def _nearest_table(row):
    el = row.getparent()
    while el is not None and el.tag != _TBL:
        el = el.getparent()
    return el


def _cell_text(tc, parent) -> str:
    return " ".join(" ".join(Paragraph(p, parent).text.split()) for p in tc.iter(_P)).strip()


def _paragraph_kind(p, styles: dict[str, str]) -> str:
    style_id = p.xpath("string(./w:pPr/w:pStyle/@w:val)")
    name = styles[style_id] if style_id else ""
    if name in ("title", "heading 1"):
        return "title"
    if name.startswith(_HEADING_STYLES):
        return "heading"
    return "paragraph"


def _headers_footers(document, styles: dict[str, str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    headers: list[tuple[str, str]] = []
    footers: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for section in document.sections:
        for kind, target, names in (("header", headers, ("first_page_header", "header", "even_page_header")),
                                    ("footer", footers, ("first_page_footer", "footer", "even_page_footer"))):
            for name in names:
                part = getattr(section, name)
                if part.is_linked_to_previous:
                    continue       # no definition of its own
                for _, text in _blocks(part._element, part, styles):
                    key = (kind, " ".join(text.split()))
                    if key[1] and key not in seen:
                        seen.add(key)
                        target.append((kind, text))
    return headers, footers
