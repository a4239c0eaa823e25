"""Every search filter, declared once.

A filter is one entry of ``FILTERS``: its name (the URL and API parameter, and the key of the query
syntax ``name:value``), its other keys (the Vietnamese ``donvi:``, ``loai:``...), the facet fields
it matches (``search.facets.facet_rows`` gives every record's ``(field, value, key)`` rows), how a
value a person types becomes the value the query keeps (or a ``QueryError`` saying what is
accepted), how that value becomes the key compared with the facet keys, and whether the key must
equal a facet key or only be found inside one (a part of a unit's name). The query parser and its
links (``search.query``), both backends' filter conditions, the web pages' parameters and limits,
the OpenAPI description and the README's syntax table all read this registry: adding a filter is
one declaration here (and its tests).

The two date bounds ``from:`` and ``to:`` are declared here too (``BOUNDS``): they are not values
to match but the ends of one range over the date a document is filed under.
"""
from __future__ import annotations

import calendar
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

from ingest.readers import READERS
from ingest.text import nfc
from nlp.normalize import fold

from .base import QueryError

KIND_ALIASES = {
    "strength": "strength", "ket qua": "strength", "uu diem": "strength", "diem manh": "strength",
    "limitation": "limitation", "han che": "limitation", "ton tai": "limitation",
    "kho khan": "limitation",
    "recommendation": "recommendation", "kien nghi": "recommendation", "de nghi": "recommendation",
    "de xuat": "recommendation",
}
ACTIVITY_ALIASES = {"kiem tra": "kiểm tra", "giam sat": "giám sát"}
FORMATS = tuple(READERS)          # the formats ingest reads are the formats a document can have
YEARS = (1900, 2999)


def ref_key(text: str) -> str:
    """``383- KH/UBKT`` → ``383khubkt``: how references are compared."""
    return re.sub(r"[\W_]+", "", fold(nfc(text)))


def folded(text: str) -> str:
    """How names are compared: case and diacritics folded (``đ`` = ``d``)."""
    return fold(text).strip()


def _same(text: str) -> str:
    return text


def _kind(value: str) -> str:
    k = KIND_ALIASES.get(fold(value).strip())
    if not k:
        raise QueryError(f"loại phát hiện “{value}” không hợp lệ (strength/ưu điểm, limitation/hạn chế, "
                         "recommendation/kiến nghị)")
    return k


def _activity(value: str) -> str:
    a = ACTIVITY_ALIASES.get(fold(value).strip())
    if not a:
        raise QueryError(f"hoạt động “{value}” không hợp lệ (kiểm tra, giám sát)")
    return a


def _format(value: str) -> str:
    v = value.lower().strip()
    if v not in FORMATS:
        raise QueryError(f"định dạng “{value}” không hợp lệ ({', '.join(FORMATS)})")
    return v


def whole_number(value, name: str, lo: int, hi: int) -> int:
    """``value`` as an integer within ``lo``..``hi``, else a ``QueryError`` naming ``name``."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise QueryError(f"tham số {name} phải là số nguyên") from None
    if not lo <= n <= hi:
        raise QueryError(f"tham số {name} phải trong khoảng {lo}–{hi}")
    return n


def _year(value) -> str:
    return str(whole_number(str(value).strip(), "year", *YEARS))


@dataclass(frozen=True)
class Filter:
    """One filter over facet rows: documents with a row of one of ``fields`` whose key matches one
    of the filter's values (values of one filter are ORed, filters are ANDed)."""

    name: str                              # parameter and query-syntax key
    fields: tuple[str, ...]                # facet fields matched (search.facets.facet_rows)
    label: str                             # what people read (Vietnamese)
    doc: str                               # what the API description says (English)
    example: str                           # one use in the query syntax, for the docs
    aliases: tuple[str, ...] = ()          # other query-syntax keys
    canonical: Callable[[str], str] = _same    # the value kept; raises QueryError when invalid
    key: Callable[[str], str] = folded     # the key compared with facet keys
    contains: bool = False                 # a key found inside a facet key matches
    schema: dict = field(default_factory=lambda: {"type": "string"})   # one value, in OpenAPI
    facets: tuple[str, ...] = ()           # facet lists whose values set this filter when clicked

    def keys(self, values) -> list[str]:
        return list(dict.fromkeys(self.key(v) for v in values))

    def matches(self, keys: list[str]) -> Callable[[str], bool]:
        """A test of one facet key against this filter's keys."""
        if self.contains:
            return lambda k: any(n in k for n in keys)
        wanted = set(keys)
        return wanted.__contains__


@dataclass(frozen=True)
class Bound:
    """One end of the document date range (``from:`` or ``to:``), inclusive."""

    name: str
    end: bool                              # the upper bound
    label: str
    doc: str
    example: str
    aliases: tuple[str, ...] = ()

    def canonical(self, value: str) -> str:
        return date_bound(value, end=self.end)


def date_bound(value: str, *, end: bool) -> str:
    """``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``dd/mm/yyyy`` as the first (or, at the ``end``,
    the last) day it covers."""
    v = value.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", v)
    if m:
        y, mo, d = int(m[1]), m[2], m[3]
    else:
        m = re.fullmatch(r"(?:(\d{1,2})/)?(\d{1,2})/(\d{4})", v)
        if not m:
            raise QueryError(f"không hiểu ngày “{value}” (dùng YYYY, YYYY-MM, YYYY-MM-DD hoặc dd/mm/yyyy)")
        d, mo, y = m[1], m[2], int(m[3])
    mo_i = int(mo) if mo else (12 if end else 1)
    if not 1 <= mo_i <= 12 or not 1000 <= y <= 9999:
        raise QueryError(f"ngày “{value}” không hợp lệ")
    last = calendar.monthrange(y, mo_i)[1]
    d_i = int(d) if d else (last if end else 1)
    if not 1 <= d_i <= last:
        raise QueryError(f"ngày “{value}” không hợp lệ")
    return f"{y:04d}-{mo_i:02d}-{d_i:02d}"


FILTERS: dict[str, Filter] = {f.name: f for f in (
    Filter("unit", ("inspected_unit", "inspecting_body", "organization"), "Đơn vị",
           "Unit name (inspected, inspecting or mentioned); a part of the name is enough",
           'unit:"Huyện đoàn Yên Khánh"', aliases=("donvi",), contains=True),
    # a click on an inspected unit or inspecting body in the facet lists: documents where that very
    # name has that role, the documents the facet counted (unit: also finds mentions and parts of names)
    Filter("inspected", ("inspected_unit",), "Đơn vị được kiểm tra",
           "Inspected unit, its whole name as the inspected_unit facet lists it", 'inspected:"Huyện đoàn Yên Khánh"',
           aliases=("duockiemtra",), facets=("inspected_unit",)),
    Filter("inspector", ("inspecting_body",), "Cơ quan kiểm tra",
           "Inspecting body, its whole name as the inspecting_body facet lists it",
           'inspector:"Ban Thường vụ Tỉnh đoàn Ninh Bình"', aliases=("coquankiemtra",), facets=("inspecting_body",)),
    Filter("ref", ("ref", "refnum"), "Số văn bản",
           "Cited document number, e.g. 383-KH/UBKT or 383", "ref:383-KH/UBKT", aliases=("so",),
           key=ref_key),
    Filter("kind", ("kind",), "Loại phát hiện",
           "Finding kind: strength, limitation, recommendation (the Vietnamese ưu điểm, hạn chế, kiến "
           "nghị are accepted too)", "kind:limitation", aliases=("loai",), canonical=_kind, key=_same,
           schema={"type": "string", "enum": sorted(set(KIND_ALIASES.values()))}, facets=("kind",)),
    Filter("activity", ("activity",), "Hoạt động", "kiểm tra or giám sát (diacritics optional)",
           'activity:"giám sát"', aliases=("hoatdong",), canonical=_activity, key=_same,
           schema={"type": "string", "enum": sorted(ACTIVITY_ALIASES.values())}, facets=("activity",)),
    Filter("format", ("format",), "Định dạng", "File format", "format:pdf", aliases=("dinhdang",),
           canonical=_format, key=_same, schema={"type": "string", "enum": list(FORMATS)},
           facets=("format",)),
    Filter("year", ("year",), "Năm", "Year of the document", "year:2022", aliases=("nam",),
           canonical=_year, key=_same,
           schema={"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]}, facets=("year",)),
)}

BOUNDS: dict[str, Bound] = {b.name: b for b in (
    Bound("from", False, "Từ ngày", "Earliest document date: YYYY, YYYY-MM, YYYY-MM-DD or dd/mm/yyyy",
          "from:2022-01", aliases=("tu",)),
    Bound("to", True, "Đến ngày", "Latest document date (inclusive), same forms as from", "to:2023",
          aliases=("den",)),
)}


def filter_names() -> tuple[str, ...]:
    """The parameters that take values (each may be repeated: its values are ORed)."""
    return tuple(FILTERS)


def by_key(key: str) -> Filter | Bound | None:
    """The filter or bound a query-syntax key (its name or an alias, any case, diacritics optional:
    ``năm:`` is ``nam:``) stands for."""
    key = fold(key)
    for entry in (*FILTERS.values(), *BOUNDS.values()):
        if key == entry.name or key in entry.aliases:
            return entry
    return None


def for_facet(facet: str) -> Filter | None:
    """The filter a click on a value of the facet list ``facet`` sets."""
    return next((f for f in FILTERS.values() if facet in f.facets), None)


@contextmanager
def registered(extra: Filter) -> Iterator[Filter]:
    """Add a filter for the time of a ``with`` block (how tests add a throwaway one)."""
    if extra.name in FILTERS or by_key(extra.name) or any(by_key(a) for a in extra.aliases):
        raise ValueError(f"filter key already taken: {extra.name}")
    FILTERS[extra.name] = extra
    try:
        yield extra
    finally:
        del FILTERS[extra.name]
