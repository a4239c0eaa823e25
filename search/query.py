"""Query syntax, parsed once above the backends.

    kiểm tra "phần mềm quản lý" -thi đua unit:"Huyện đoàn Yên Khánh" ref:383-KH/UBKT
    kind:limitation from:2022-01 to:2023 year:2022 activity:"giám sát" format:pdf

Bare words must all match (diacritics and case folded); ``"..."`` is a phrase; ``-`` excludes.
``from:``/``to:`` take ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``dd/mm/yyyy`` and are inclusive.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import replace

from ingest.text import nfc
from nlp.normalize import fold

from .base import Query, QueryError, Term

KIND_ALIASES = {
    "strength": "strength", "ket qua": "strength", "uu diem": "strength", "diem manh": "strength",
    "limitation": "limitation", "han che": "limitation", "ton tai": "limitation",
    "kho khan": "limitation",
    "recommendation": "recommendation", "kien nghi": "recommendation", "de nghi": "recommendation",
    "de xuat": "recommendation",
}
ACTIVITY_ALIASES = {"kiem tra": "kiểm tra", "giam sat": "giám sát"}
FORMATS = ("txt", "html", "pdf", "docx", "doc", "odt", "rtf")
SORTS = ("relevance", "date", "-date")
MAX_PER_PAGE = 100
MAX_PAGE = 10_000

_TOKEN = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))')


def _date_bound(value: str, *, end: bool) -> str:
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


def ref_key(text: str) -> str:
    """``383- KH/UBKT`` → ``383khubkt``: how references are compared."""
    return re.sub(r"[\W_]+", "", fold(nfc(text)))


def parse(text: str | None, **params) -> Query:
    """Parse the query string; ``params`` (from a form or the API) add filters and paging."""
    text = nfc(text or "").strip()
    if len(text) > 1000:
        raise QueryError("truy vấn quá dài (tối đa 1000 ký tự)")
    terms: list[Term] = []
    f: dict[str, list] = {"units": [], "refs": [], "kinds": [], "activity": [], "formats": [], "years": []}
    date_from = date_to = None
    for m in _TOKEN.finditer(text):
        neg, key, quoted, bare = m.group(1) == "-", (m.group(2) or "").lower(), m.group(3), m.group(4)
        value = (quoted if quoted is not None else bare or "").strip()
        if key and not value:
            continue
        if key in ("unit", "donvi"):
            f["units"].append(value)
        elif key == "ref":
            f["refs"].append(value)
        elif key in ("kind", "loai"):
            f["kinds"].append(_kind(value))
        elif key == "activity":
            f["activity"].append(_activity(value))
        elif key == "format":
            f["formats"].append(_format(value))
        elif key in ("year", "nam"):
            f["years"].append(_year(value))
        elif key in ("from", "tu"):
            date_from = _date_bound(value, end=False)
        elif key in ("to", "den"):
            date_to = _date_bound(value, end=True)
        else:
            whole = m.group(0).lstrip("-") if key else value
            if key and quoted is not None:
                whole = f"{key}:{quoted}"
            if not re.search(r"\w", whole):
                continue
            terms.append(Term(whole, phrase=quoted is not None and not key, negate=neg))
    q = Query(terms=tuple(terms), date_from=date_from, date_to=date_to,
              **{k: tuple(dict.fromkeys(v)) for k, v in f.items()})
    return with_params(q, **params)


def with_params(q: Query, *, unit=(), ref=(), kind=(), activity=(), format=(), year=(),
                date_from=None, date_to=None, sort=None, page=None, per_page=None) -> Query:
    """Merge form/API parameters (strings or lists of strings) into a parsed query."""
    def many(v):
        return [v] if isinstance(v, str) else [x for x in v if x]

    changes: dict = {
        "units": q.units + tuple(many(unit)),
        "refs": q.refs + tuple(many(ref)),
        "kinds": q.kinds + tuple(_kind(k) for k in many(kind)),
        "activity": q.activity + tuple(_activity(a) for a in many(activity)),
        "formats": q.formats + tuple(_format(x) for x in many(format)),
        "years": q.years + tuple(_year(y) for y in many(year)),
    }
    changes = {k: tuple(dict.fromkeys(v)) for k, v in changes.items()}
    if date_from:
        changes["date_from"] = _date_bound(date_from, end=False)
    if date_to:
        changes["date_to"] = _date_bound(date_to, end=True)
    if sort:
        if sort not in SORTS:
            raise QueryError(f"sắp xếp “{sort}” không hợp lệ (relevance, date, -date)")
        changes["sort"] = sort
    if page is not None:
        changes["page"] = _int(page, "page", 1, MAX_PAGE)
    if per_page is not None:
        changes["per_page"] = _int(per_page, "per_page", 1, MAX_PER_PAGE)
    q = replace(q, **changes)
    if q.date_from and q.date_to and q.date_from > q.date_to:
        raise QueryError("ngày bắt đầu sau ngày kết thúc")
    return q


def _int(value, name, lo, hi) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise QueryError(f"tham số {name} phải là số nguyên") from None
    if not lo <= n <= hi:
        raise QueryError(f"tham số {name} phải trong khoảng {lo}–{hi}")
    return n


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


def _year(value) -> int:
    return _int(value, "year", 1900, 2999)


def words(text: str) -> list[str]:
    """The folded index words of a text, as both backends tokenize it."""
    return re.findall(r"[^\W_]+", fold(text))


def to_string(q: Query) -> str:
    """A query string that parses back to the same query's text and filters (for links)."""
    def quote(v: str) -> str:
        return f'"{v}"' if re.search(r"\s", v) else v

    parts = [("-" if t.negate else "") + (f'"{t.text}"' if t.phrase else t.text) for t in q.terms]
    parts += [f"unit:{quote(u)}" for u in q.units] + [f"ref:{quote(r)}" for r in q.refs]
    parts += [f"kind:{k}" for k in q.kinds] + [f"activity:{quote(a)}" for a in q.activity]
    parts += [f"format:{x}" for x in q.formats] + [f"year:{y}" for y in q.years]
    if q.date_from:
        parts.append(f"from:{q.date_from}")
    if q.date_to:
        parts.append(f"to:{q.date_to}")
    return " ".join(parts)
