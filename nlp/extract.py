"""``extract(document) -> Record``: the nlp stage's one entry point.

A pure function: it reads only its argument and the packaged rule data, changes nothing outside,
and returns a new Record whose items all carry ``(start, end)`` offsets into ``record.document.text``.
If the document text is not NFC, the Record is built over a copy of the document whose text is the
NFC form, so that offsets stay valid.
"""
from __future__ import annotations

import re
import unicodedata

from ingest.document import Document

from . import dates as _dates
from . import header as _header
from . import inspection as _inspection
from . import orgs as _orgs
from . import references as _references
from . import roles as _roles
from .figures import extract_figures
from .findings import extract_findings
from ingest.text import nfc
from .people import extract_people
from .record import Mention, Record
from .resources import work_dating_types
from .text import Text

# A title longer than this is a page's lead paragraph standing in for a missing headline: its line is
# body text, and the findings it states are read (a headline's line is not).
HEADLINE_MAX = 150
HEADLINE_REST = 40     # what may follow a headline on its line (a time of posting, a photo note)
_DIGIT = re.compile(r"\d")


def _page_chrome(document: Document, t: Text) -> set:
    """The lines of the running page headers and footers a reader marked (``Document.blocks`` of kind
    ``header``/``footer``: the lines a PDF repeats at the top or bottom of its pages, a DOCX's header
    and footer parts). They are page chrome, not statements: no finding is read from them."""
    lines = set()
    for block in document.blocks:
        if block.kind not in ("header", "footer") or not 0 <= block.start < block.end <= len(t.raw):
            continue
        for line in t.lines[max(0, t.line_index(block.start)):]:
            if line[0] >= block.end:
                break
            if line[1] > block.start:
                lines.add(line)
    return lines


def _normalized(document: Document) -> Document:
    text = document.text
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if not unicodedata.is_normalized("NFC", text):
        text = nfc(text)
    # blocks are offsets into the text as read: a text normalized here has other offsets
    return document if text is document.text else document.replace(text=text, blocks=())


def extract(document: Document, roles_model=True) -> Record:
    """The record of ``document``. ``roles_model``: what adds to the rules' bodies and units, called as
    ``nlp.roles.add`` is (``True``: the shipped who-inspected-whom model, ``False``: nothing; a function
    is given the model's input, for training it)."""
    document = _normalized(document)
    t = Text(document.text)
    atoms = _dates.atoms(t)

    kind = _header.official_kind(t)
    title, title_span = None, None
    meta_title = _header.sane_meta_title(document.title)
    if meta_title:
        title, title_span = _header.title_from_meta(t, meta_title)
    else:
        found = _header.official_title(t, kind) or _header.headline(t, atoms)
        if found:
            title, title_span = found

    pub = _header.find_published(t, atoms)
    published = pub[0] if pub else _header.sane_meta_date(document.published)

    doc_number, references = _references.extract(t, atoms, title_kind=kind[1] if kind else None)
    own = [doc_number.span] if doc_number else []
    cited = [r.span for r in references] + own
    marker = _header.date_marker(t)
    # a cited plan or decision ordering the work dates it; a resolution or law carried out does not
    issued = [r.span for r in references if r.type not in work_dating_types()] + own
    date_items = _dates.extract_dates(t, atoms, title_span=title_span, published=published,
                                      page_month=_header.marker_month(t, marker), cited=issued)

    org_spans = _orgs.find(t, exclude=cited)
    activity, verbs, counted = _inspection.activity(t, org_spans, references)
    # an official document: a kind heading, or its own number in the header (a Công văn has no heading)
    official = kind is not None or doc_number is not None
    bodies, units = _inspection.bodies_and_units(t, org_spans, verbs, title_span, official=official,
                                                  counted=counted)
    organizations = tuple(Mention(name, span) for name, span in _orgs.organizations(t, org_spans))
    if roles_model and not official:
        add = _roles.add if roles_model is True else roles_model
        bodies, units = add(t, _inspection.completed_names(t, org_spans, title_span), bodies, units)

    people = extract_people(t, [(o.start, o.end) for o in org_spans])
    not_figures = cited + [d.span for d in date_items] + [(a.start, a.end) for a in atoms if a.kind == "full"]
    if marker:
        not_figures.append(marker)
    # a number inside an organization's name names it ("Viện Thẩm mỹ 175 Sài Gòn", "Hải đoàn 48")
    not_figures += [(o.start, o.end) for o in org_spans if _DIGIT.search(t.raw, o.start, o.end)]
    figures = extract_figures(t, not_figures)
    skip = set()
    if title_span and title_span[1] - title_span[0] <= HEADLINE_MAX:
        line = t.line_at(title_span[0])
        if line and line[1] - title_span[1] <= HEADLINE_REST:
            skip.add(line)   # not a headline with its lead glued on: the lead's findings are read
    skip |= _page_chrome(document, t)
    header_end = title_span[1] if (title_span and kind is not None) else 0
    # a decision (Quyết định thành lập đoàn kiểm tra) states articles, not findings (gold README)
    findings = [] if kind and kind[1] == "Quyết định" else extract_findings(t, skip, start_at=header_end)

    return Record(
        document=document,
        title=title,
        published=published,
        doc_number=doc_number,
        activity=tuple(activity),
        inspecting_bodies=tuple(bodies),
        inspected_units=tuple(units),
        organizations=organizations,
        references=tuple(references),
        dates=tuple(date_items),
        people=tuple(people),
        figures=tuple(figures),
        findings=tuple(findings),
    )
