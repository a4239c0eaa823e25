"""HTML pages: the article's text without menus, sidebars and footers; title and date from metadata.

trafilatura finds the main content. It is tuned for precision and drops some short lines that do
belong to the article (a date line, a kicker, a photo caption it takes for boilerplate). So the page
is also split into its own lines, trafilatura's paragraphs are located among them, and any line that
lies *between* two of them (hence inside the content it chose) and is not a menu, share bar or form
is put back in its place. Nothing outside the span trafilatura chose is ever added.
"""
from __future__ import annotations

import copy
import re
import unicodedata
from collections import defaultdict

import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from .. import legacy
from ..decoding import unicode_reading
from ..document import Document
from ..errors import CorruptFile, EmptyFile
from ..messages import msg
from ._common import build_document

_EXTRACT_OPTIONS = dict(
    include_comments=False,
    include_tables=True,
    include_images=False,
    include_links=False,
    favor_recall=True,
    with_metadata=True,
    deduplicate=False,
    date_extraction_params={"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"},
)

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "head", "object",
                        "canvas", "select", "option", "button", "input", "textarea"})
_BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre", "figcaption",
    "figure", "td", "th", "tr", "table", "caption", "section", "article", "header", "footer", "aside", "nav",
    "main", "ul", "ol", "dl", "form", "address", "hr", "center", "details", "summary", "body",
})
_JUNK_TAGS = frozenset({"nav", "aside", "form", "menu"})
_JUNK_ATTR = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|sidebar|widget|share|sharing|social|comments?|related|"
    r"tags?|banner|ads?|advert\w*|cookie\w*|popup|footer)($|[\s_-])",
    re.IGNORECASE,
)
_ANCHOR_MIN = 20      # a page line at least this long that trafilatura also has pins the content span
_SEARCH_WINDOW = 40   # how far ahead among trafilatura's paragraphs a page line is looked for


def read_html(data: bytes, source: str, sha256: str | None = None) -> Document:
    # Damaged UTF-8/16/32 is decoded like a text file, what does not decode replaced and counted;
    # valid pages and pages in a code page go to trafilatura's own decoding as they are.
    decoded = unicode_reading(data, source)
    damaged = decoded is not None and decoded.replaced > 0
    tree = load_html(decoded.text if damaged else data)
    if tree is None:
        if not data.strip():
            raise EmptyFile(source, msg("html-blank"))
        raise CorruptFile(source, msg("html-unparsable"))
    # trafilatura prunes the tree it is given; keep ours intact for the line recovery
    result = trafilatura.bare_extraction(copy.deepcopy(tree), **_EXTRACT_OPTIONS)
    lines = page_lines(tree)
    pieces = body_pieces(result.body) if result is not None and result.body is not None else []
    if pieces:
        pieces, recovered = recover_dropped(pieces, lines)
    else:
        # trafilatura found no article (a bare page, a list of short lines): keep every line that is
        # not navigation
        pieces = [("paragraph", text) for text, el in lines if not _is_junk(el)]
        recovered = 0
    title = result.title if result is not None else None
    title = title or _fallback_title(tree)
    if title and lines:
        pieces = _with_headline(pieces, title, lines)
    meta = {"recovered_lines": recovered, **(decoded.meta() if damaged else {})}
    if result is not None:
        for key in ("sitename", "author", "description", "url", "language"):
            value = getattr(result, key, None)
            if value:
                meta[key] = value
    published = result.date if result is not None else None
    found = legacy.detect("\n".join(text for _, text in pieces))   # a page typed in .VnTime / VNI-Times
    if found:
        pieces = [(kind, legacy.convert(text, found)) for kind, text in pieces]
        title = legacy.repair(title)[0] if title else title
        meta["legacy_encoding"] = found
    return build_document(source=source, data=data, sha256=sha256, fmt="html", pieces=pieces, title=title,
                          published=published, meta=meta, empty_reason=msg("html-no-text"))


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# -- trafilatura's output tree ------------------------------------------------------------------------
def body_pieces(body: etree._Element) -> list[tuple[str, str]]:
    """``(kind, text)`` from trafilatura's XML body (head, p, list/item, table/row/cell, quote...)."""
    pieces: list[tuple[str, str]] = []
    for el in body:
        _element_pieces(el, pieces)
    return pieces


def _element_pieces(el, pieces: list) -> None:
    tag = el.tag
    if tag == "head":
        pieces.append(("heading", _xml_text(el)))
    elif tag == "list":
        for item in el:
            nested = [child for child in item if child.tag == "list"]
            pieces.append(("paragraph", _xml_text(item, skip=("list",))))
            for child in nested:
                _element_pieces(child, pieces)
    elif tag == "table":
        for row in el.iter("row"):
            cells = [" ".join(_xml_text(cell).split()) for cell in row if cell.tag == "cell"]
            if any(cells):
                pieces.append(("table-row", " | ".join(cells)))
    elif tag == "graphic":
        return
    else:
        pieces.append(("paragraph", _xml_text(el)))


def _xml_text(el, skip: tuple[str, ...] = ()) -> str:
    """Text of a trafilatura element; ``<lb/>`` becomes a line break."""
    parts = [el.text or ""]
    for child in el:
        if child.tag in skip:
            pass
        elif child.tag == "lb":
            parts.append("\n")
        else:
            parts.append(_xml_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


# -- the page's own lines -----------------------------------------------------------------------------
def page_lines(tree) -> list[tuple[str, object]]:
    """Every visible line of the page in document order, with the block element that holds it."""
    lines: list[tuple[str, object]] = []
    buf: list[str] = []

    def flush(owner) -> None:
        text = " ".join("".join(buf).split())
        buf.clear()
        if text:
            lines.append((text, owner))

    def visit(el, owner) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag is None or tag in _SKIP_TAGS:     # comments, processing instructions, scripts
            if el.tail:
                buf.append(el.tail)
            return
        if tag == "br":
            flush(owner)
        elif tag in _BLOCK_TAGS:
            flush(owner)
            owner_here = el
            if el.text:
                buf.append(el.text)
            for child in el:
                visit(child, owner_here)
            flush(owner_here)
        else:
            if el.text:
                buf.append(el.text)
            for child in el:
                visit(child, owner)
        if el.tail:
            buf.append(el.tail)

    body = tree.find(".//body")
    root = body if body is not None else tree
    visit(root, root)
    flush(root)
    return lines


def _is_junk(el) -> bool:
    while el is not None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _JUNK_TAGS or tag in ("header", "footer") and _outside_article(el):
            return True
        attrs = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"))))
        if attrs and _JUNK_ATTR.search(attrs):
            return True
        el = el.getparent()
    return False


def _outside_article(el) -> bool:
    parent = el.getparent()
    while parent is not None:
        if isinstance(parent.tag, str) and parent.tag.lower() in ("article", "main"):
            return False
        parent = parent.getparent()
    return True


def recover_dropped(pieces: list[tuple[str, str]], lines: list[tuple[str, object]]):
    """Put back page lines that trafilatura dropped from inside the content it kept.

    Returns ``(pieces, number_of_lines_put_back)``.
    """
    normed = [_norm(text) for _, text in pieces]
    mapped: list[int | None] = []
    j = 0
    for text, _ in lines:
        n = _norm(text)
        found = None
        for k in range(j, min(len(normed), j + _SEARCH_WINDOW)):
            if normed[k] == n:
                found = k
                break
        if found is None:
            for k in range(j, min(len(normed), j + 2)):
                if n in normed[k]:
                    found = k
                    break
        if found is not None:
            j = found
        mapped.append(found)
    anchors = [i for i, m in enumerate(mapped) if m is not None and len(lines[i][0]) >= _ANCHOR_MIN]
    if not anchors:
        return pieces, 0
    inserts: dict[int, list[tuple[str, str]]] = defaultdict(list)
    last_piece = mapped[anchors[0]]
    for i in range(anchors[0], anchors[-1] + 1):
        if mapped[i] is not None:
            last_piece = mapped[i]
        elif not _is_junk(lines[i][1]):
            inserts[last_piece].append(("paragraph", lines[i][0]))
    if not inserts:
        return pieces, 0
    out: list[tuple[str, str]] = []
    for k, piece in enumerate(pieces):
        out.append(piece)
        out.extend(inserts.get(k, ()))
    return out, sum(len(v) for v in inserts.values())


def _with_headline(pieces, title: str, lines) -> list[tuple[str, str]]:
    """Start the text with the headline when the page shows it but the extraction left it out."""
    t = _norm(title)
    if any(t in _norm(text) for _, text in pieces):
        return pieces
    for text, el in lines:
        if _norm(text) == t and isinstance(el.tag, str) and el.tag.lower() in ("h1", "h2"):
            return [("heading", text), *pieces]
    return pieces


def _fallback_title(tree) -> str | None:
    for path in ('.//meta[@property="og:title"]', ".//title", ".//h1"):
        el = tree.find(path)
        if el is not None:
            text = el.get("content") if el.tag == "meta" else el.text_content()
            if text and text.strip():
                return text.strip()
    return None
