"""Cited documents (``references``) and the document's own number (``doc_number``).

Grammar of a citation in Vietnamese administrative text::

    [<kind> [qualifier]] [số[:]] <number><sep><symbol> [, ngày <date>] [của <issuer>] [về việc ...]

- ``number``: digits (leading zeros kept); ``sep``: ``-``, ``/``, en/em dash (spaces around allowed)
  or a plain space when the symbol has a ``/`` (``217 QĐ/TW``, ``44 KH/UBND``);
- ``symbol``: segments joined by ``/`` or ``-``, each upper-case letters and digits, a few with a
  lower-case tail (``QĐ-TTg``, ``TTr``, ``QĐi``); at least one segment has letters;
- ``kind`` from ``data/doc_types.tsv`` (diacritics-insensitive), else from the symbol's first letter
  segment (``data/symbol_prefixes.tsv``: KH → Kế hoạch, ...);
- ``date``: a full date right after (``ngày 28/4/2022``, ``, ngày 18/10/2023``) or after the issuer;
- ``issuer``: the words after ``của`` up to ``về (việc)``, quotes, ``,``, ``;``, sentence end or a
  verb.

A ``Số: ...`` at the start of a line among the first header lines is the document's own number.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .dates import Atom, full_dates
from .record import DocNumber, Reference
from .resources import doc_type_pattern, doc_types, national_line_pattern, symbol_prefixes
from .text import Text

HEADER_LINES = 25

_NUMSYM = re.compile(
    r"(?<![\w/.\-–—])(\d{1,5}(?:[a-z](?=[ \t]*[-–—/]))?)((?:[ \t]*[-–—/][ \t]*)|[ \t]+)"   # "06b /NQ-TLĐ"
    # "TB-T.Tr": Thanh tra; "SGD&ĐT": Sở Giáo dục và Đào tạo
    r"([^\W_]+(?:&[^\W_]+)*(?:[ \t]?[-–—/][ \t]?[^\W_]+(?:&[^\W_]+)*(?:\.[A-ZĐ][a-zđ]{0,2}(?![^\W_]))?){0,7})"
)
_YEAR_ONLY = re.compile(r"\d{4}(?![\w/\-–—])")
_SEG_SPLIT = re.compile(r"([ \t]?[-–—/][ \t]?)")
_DASHES = str.maketrans({"–": "-", "—": "-", "\u2212": "-"})

_DATE_GAP = re.compile(
    r"[ \t]*[,(]?[ \t]*(?:(?:ban[ \t]+hanh|ky)[ \t]+)?(?:vao[ \t]+)?ngay[ \t]+(?:ban[ \t]+hanh[ \t]+)?"
)
_ISSUER_GAP = re.compile(r"[ \t]*,?[ \t]*cua[ \t]+")
_ISSUER_HARD_STOP = re.compile(r"[;:.()\[\]“”\"«»\n,?!…]|[ \t]-[ \t]")
# after a comma or a dash, what continues an issuer: another body ("của Bộ Chính trị, Ban Bí thư")
_ISSUER_NEXT_BODY = re.compile(
    r"[ \t]*(?:ban|bo|uy[ \t]+ban|ubnd|hdnd|thuong[ \t]+truc|van[ \t]+phong|tinh[ \t]+uy|thanh[ \t]+uy|huyen[ \t]+uy"
    r"|dang[ \t]+uy|chinh[ \t]+phu|thu[ \t]+tuong|quoc[ \t]+hoi|trung[ \t]+uong|tinh[ \t]+doan|thanh[ \t]+doan"
    r"|huyen[ \t]+doan|hoi[ \t]+dong|so|hoi)(?![a-z])"
)
# words that end an issuer's name (matched on the original, diacritics matter: "bị" ≠ "Bí")
_ISSUER_STOP_WORDS = re.compile(
    r"(?<![\w/])(?:về|v/v|nhằm|để|đã|đang|sẽ|triển[ \t]+khai|thực[ \t]+hiện|ban[ \t]+hành|ngày|tại"
    r"|đối[ \t]+với|theo|với|là|thì|cho|trong|từ|đến|mà|nay|được|bị|quy[ \t]+định|hướng[ \t]+dẫn"
    r"|yêu[ \t]+cầu|năm[ \t]+\d|giai[ \t]+đoạn|nhiệm[ \t]+kỳ|lần[ \t]+thứ|khóa|khoá|tình[ \t]+hình"
    r"|kết[ \t]+quả|công[ \t]+tác)(?![\w/])",
    re.IGNORECASE,
)
MAX_ISSUER_WORDS = 14
_ISSUER_BEFORE_BRACKET = re.compile(r"(?<![a-z])cua[ \t]+([^,;()\n]{3,100}?)[ \t]*\($")
_ISSUER_END_OK = re.compile(r"[ \t]*(?:$|[;:.()“”\"«»\n,]|(?:ve|v/v|ngay|nam|tai|doi[ \t]+voi|nham)(?![a-z]))")
# what may follow the number of a citation that has no symbol ("Chỉ thị 42 của Ban Bí thư")
_BARE_NEXT = re.compile(
    r"[ \t]*(?:$|[,.;:)(\n]|(?:cua|ngay|ve|va|da|duoc|ban[ \t]+hanh|do|trong|tai|cho|den|voi|theo|thi|la)(?![a-z]))"
)


# a number listed after a citation with no symbol: ", 05", " và 218"
_NUMBER_AFTER = re.compile(r"[ \t]*(?:,|va)[ \t]*(\d{1,5})(?![\w/]|[.,]\d|[ \t]*[-–—/][ \t]*[^\W_]|[ \t]*%)")


def _kind(written: str) -> str:
    """The kind of document a folded kind word names (``ke  hoach`` → ``Kế hoạch``)."""
    return doc_types()[re.sub(r"[ \t]+", " ", written)]


def _is_year(number: str) -> bool:
    return len(number) == 4 and 1900 <= int(number) <= 2100


@functools.lru_cache(maxsize=1)
def _pre_re():
    """``[<kind>] [số[:]]`` right before a number (folded text)."""
    return re.compile(
        rf"(?<![a-z])(?:(?P<type>{doc_type_pattern()})[ \t]*)?(?:(?P<so>so(?:[ \t]+hieu)?)[ \t]*:?[ \t]*)?$"
    )


@functools.lru_cache(maxsize=1)
def _pre_named_re():
    """``Luật Thanh niên số`` : a kind, its name, then ``số``."""
    return re.compile(
        rf"(?<![a-z])(?P<type>{doc_type_pattern()})[ \t]+(?P<name>[a-z]+(?:[ \t]+[a-z]+){{0,3}})[ \t]+"
        rf"(?P<so>so)[ \t]*:?[ \t]*$"
    )


@functools.lru_cache(maxsize=1)
def _bare_re():
    """``<kind> [số] <number>`` with no symbol (``Chỉ thị 42``, ``Chỉ thị số 03``)."""
    return re.compile(
        rf"(?<![a-z])(?P<type>{doc_type_pattern()})[ \t]+(?:so[ \t]*:?[ \t]*)?(?P<num>\d{{1,5}})"
        r"(?![\w/]|[.,]\d|[ \t]*[-–—/][ \t]*[^\W_]|[ \t]*%)"
    )


def _valid_segment(seg: str) -> bool:
    if seg.isdigit():
        return True
    if not seg[:1].isupper() and not seg[:1].isdigit():
        return False
    if seg.upper() == seg:
        return True
    # QĐ-TTg, TTr, CTr, QĐi: upper-case head and one lower-case letter at the end
    return len(seg) >= 3 and seg[:-1].upper() == seg[:-1] and seg[-1].islower() and any(c.isalpha() for c in seg[:-1])


def parse_symbol(raw_sym: str) -> str:
    """The valid part of a symbol candidate, spaces removed, dashes normalised ('' if none)."""
    pieces = _SEG_SPLIT.split(raw_sym)
    out = []
    for k in range(0, len(pieces), 2):
        seg = pieces[k]
        if not seg or not _valid_segment(seg):
            break
        if k:
            out.append(pieces[k - 1].strip().translate(_DASHES))
        out.append(seg)
    sym = "".join(out)
    if not any(c.isalpha() for c in sym):
        return ""
    return sym


def _symbol_span_len(raw_sym: str, sym: str) -> int:
    """Length in the original of the symbol's valid part."""
    pieces = _SEG_SPLIT.split(raw_sym)
    length = 0
    consumed = ""
    target = sym
    for k in range(0, len(pieces), 2):
        add = (pieces[k - 1] if k else "") + pieces[k]
        cand = consumed + add.replace(" ", "").replace("\t", "").translate(_DASHES)
        if not target.startswith(cand):
            break
        consumed = cand
        length += len(add)
        if consumed == target:
            break
    return length


def type_from_symbol(sym: str) -> str | None:
    prefixes = symbol_prefixes()
    for seg in re.split(r"[/-]", sym):
        if not seg or seg.isdigit():
            continue
        head = re.sub(r"\d+$", "", seg)
        if head in prefixes:
            return prefixes[head]
        if head.upper() in prefixes:
            return prefixes[head.upper()]
        return None
    return None


@dataclass
class _Cite:
    start: int
    end: int           # end of number+symbol
    text_end: int      # end of the reference text (date included)
    type: str | None
    number: str
    symbol: str
    date: str | None
    issuer: str | None
    has_so: bool
    explicit_type: bool


def _candidates(text: Text, date_at: dict) -> list[_Cite]:
    raw, f = text.raw, text.folded
    out: list[_Cite] = []
    pre_re = _pre_re()
    for m in _NUMSYM.finditer(text.plain):
        number, sep, raw_sym = m.group(1), m.group(2), m.group(3)
        sym = parse_symbol(raw_sym)
        if not sym:
            # "Thông tư 36/2014": a kind written before a number and its year, the symbol left out
            year = _YEAR_ONLY.match(raw_sym)
            kind = pre_re.search(f, max(0, m.start() - 60), m.start()) if year and sep.strip() == "/" else None
            if not (kind and kind.group("type") and _is_year(year.group())):
                continue
            sym = year.group()
        space_sep = not re.search(r"[-–—/]", sep)
        if space_sep and ("/" not in sym or sym[:1].isdigit()):
            continue
        start = m.start()
        end = m.start(3) + _symbol_span_len(raw_sym, sym)
        pm = pre_re.search(f, max(0, start - 60), start)
        if pm and not pm.group("type") and pm.group("so"):
            nm = _pre_named_re().search(f, max(0, start - 80), start)
            if nm and raw[nm.start("name")].isupper():
                pm = nm
        typ = None
        explicit = False
        has_so = False
        if pm:
            if pm.group("type"):
                typ = _kind(pm.group("type"))
                explicit = True
                start = pm.start("type")
            if pm.group("so"):
                has_so = True
                if not explicit:
                    start = pm.start("so")
        if typ is None:
            typ = type_from_symbol(sym)
            if typ is None and not has_so and space_sep:
                continue
        if space_sep and not explicit and not has_so and type_from_symbol(sym) is None:
            continue
        cite = _Cite(start, end, end, typ, number, sym, None, None, has_so, explicit)
        _attach_date_issuer(text, cite, date_at)
        out.extend(_listed_before(text, m.start(), cite))
        out.append(cite)
    return out


# numbers listed before a citation's, which share its kind and symbol: "Kết luận thanh tra số: 09, 10, 11,
# 12/KL-TTr" is four conclusions (annotation rules: a list with the kind written once)
_NUMBERS_BEFORE = re.compile(r"(?<![\w/.,])(?:\d{1,5}[ \t]*(?:,|va)[ \t]*)+$")
_LISTED_NUMBER = re.compile(r"\d{1,5}")


def _listed_before(text: Text, number_start: int, cite: _Cite) -> list[_Cite]:
    f = text.folded
    lm = _NUMBERS_BEFORE.search(f, max(0, number_start - 60), number_start)
    if not lm:
        return []
    pm = _pre_re().search(f, max(0, lm.start() - 60), lm.start())
    if not pm or not (pm.group("type") or pm.group("so")):
        return []      # "... 3, 4/KH-UBND": a count, not a list of citations
    typ = _kind(pm.group("type")) if pm.group("type") else cite.type
    out = []
    for i, n in enumerate(_LISTED_NUMBER.finditer(f, lm.start(), lm.end())):
        start = (pm.start("type") if pm.group("type") else pm.start("so")) if i == 0 else n.start()
        out.append(_Cite(start, n.end(), n.end(), typ, text.raw[n.start():n.end()], cite.symbol, cite.date,
                         cite.issuer, bool(pm.group("so")), bool(pm.group("type"))))
    if pm.group("type") and not cite.explicit_type:
        cite.type, cite.explicit_type = typ, True
    return out


def _date_after(f: str, pos: int, date_at: dict):
    gm = _DATE_GAP.match(f, pos)
    if gm and gm.end() in date_at:
        a, d = date_at[gm.end()]
        return a, d
    return None


def _attach_date_issuer(text: Text, cite: _Cite, date_at: dict) -> None:
    f = text.folded
    pos = cite.end
    hit = _date_after(f, pos, date_at)
    if hit:
        a, d = hit
        cite.date = d.isoformat()
        cite.text_end = a.end
        pos = a.end
    im = _ISSUER_GAP.match(f, pos)
    if not im and cite.start > 0 and f[cite.start - 1] == "(":
        # "... của Ban Chấp hành Tỉnh đoàn (Chương trình số 02-CTr/TĐTN ...)": issuer before the bracket
        bm = _ISSUER_BEFORE_BRACKET.search(f, max(0, cite.start - 120), cite.start)
        if bm:
            issuer, _ = _issuer(text, bm.start(1))
            if issuer and len(issuer) <= bm.end(1) - bm.start(1) + 1:
                cite.issuer = issuer
        return
    if im:
        issuer, iend = _issuer(text, im.end())
        if issuer:
            cite.issuer = issuer
            if cite.date is None:
                hit = _date_after(f, iend, date_at)
                if hit:
                    cite.date = hit[1].isoformat()


def _issuer(text: Text, pos: int) -> tuple[str | None, int]:
    raw, f = text.plain, text.folded
    limit = min(len(raw), pos + 160)
    stop = limit
    cur = pos
    first_comma = None
    while True:
        hs = _ISSUER_HARD_STOP.search(f, cur, limit)
        if not hs:
            break
        after = hs.end()
        cont = False
        if hs.group() == ",":
            nb = _ISSUER_NEXT_BODY.match(f, after)
            cont = nb is not None and raw[after:after + 3].lstrip()[:1].isupper()
        elif hs.group().strip() == "-":
            # a dash inside a place name: "Bà Rịa – Vũng Tàu"
            before_word = raw[max(pos, hs.start() - 20):hs.start()].split()
            nxt = raw[after:after + 3].lstrip()[:1]
            cont = bool(before_word) and before_word[-1][:1].isupper() and nxt.isupper()
        if not cont:
            stop = hs.start()
            break
        if hs.group() == "," and first_comma is None:
            first_comma = hs.start()
        cur = after
    sw = _ISSUER_STOP_WORDS.search(raw, pos, stop)
    if sw:
        stop = sw.start()
    for va in re.finditer(r"(?<![\w/])va[ \t]+(\S)", f[pos:stop]):
        if not raw[pos + va.start(1)].isupper():  # "và" joins two bodies only: "Tỉnh đoàn và UBND tỉnh"
            stop = pos + va.start()
            break
    words = list(re.finditer(r"\S+", raw[pos:stop]))[:MAX_ISSUER_WORDS]
    if not words:
        return None, pos
    end = pos + words[-1].end()
    if first_comma is not None and first_comma < end and not _ISSUER_END_OK.match(f, end):
        # "của Bộ Chính trị, Ban Bí thư về ..." is one issuer; in "của Ban Thường vụ Thành đoàn,
        # Ban Thường vụ Thị đoàn xây dựng ..." the second body is the subject of the next clause
        end = first_comma
    issuer = " ".join(text.raw[pos:end].split())
    if not issuer or not issuer[0].isupper():
        # an issuer is a named body: "của UBND thành phố", not "của đơn vị"
        return None, pos
    return issuer, end


# a header flattened to one line: the national name or motto, then "Số: ..." ("... VIỆT NAM Số: 57/NQ-HĐND")
_MOTTO_BEFORE = re.compile(rf"(?<![a-z])(?:{national_line_pattern(end=True)})[ \t.,|*-]*$")
_SO_COLON = re.compile(r"so[ \t]*:")


def _line_start_so(text: Text, start: int) -> bool:
    """Whether ``start`` (a citation starting at 'Số') begins a header line or a header column, or
    follows the national name or motto on a header flattened to one line (with its colon: ``Số:``)."""
    raw = text.raw
    line_start = raw.rfind("\n", 0, start) + 1
    before = raw[line_start:start]
    return not before.strip() or bool(re.search(r"(?:[ \t]{2,}|\t)$", before)) \
        or bool(_SO_COLON.match(text.folded, start) and _MOTTO_BEFORE.search(text.folded, line_start, start))


def extract(text: Text, ats: list[Atom], *, title_kind: str | None = None
            ) -> tuple[DocNumber | None, list[Reference]]:
    date_at = {a.start: (a, d) for a, d in full_dates(ats)}
    cites = _candidates(text, date_at)
    doc_number = None
    lines = text.lines
    header_end = lines[min(len(lines), HEADER_LINES) - 1][1] if lines else 0
    rest: list[_Cite] = []
    for c in cites:
        if (doc_number is None and c.has_so and not c.explicit_type and c.start < header_end
                and _line_start_so(text, c.start)):
            typ = type_from_symbol(c.symbol) or title_kind
            doc_number = DocNumber(text=text.raw[c.start:c.end], number=c.number, symbol=c.symbol,
                                   type=typ, span=(c.start, c.end))
            continue
        rest.append(c)
    refs = _dedupe(text, rest, doc_number, date_at)
    return doc_number, refs


def _key(number: str, symbol: str) -> tuple[str, str]:
    return (number.lstrip("0") or "0", symbol.upper())


def _dedupe(text: Text, cites: list[_Cite], doc_number: DocNumber | None, date_at: dict
            ) -> list[Reference]:
    merged: dict[tuple, _Cite] = {}
    own = _key(doc_number.number, doc_number.symbol) if doc_number else None
    for c in cites:
        k = _key(c.number, c.symbol)
        if k == own:
            continue
        prev = merged.get(k)
        if prev is None:
            merged[k] = c
            continue
        prev.date = prev.date or c.date
        prev.issuer = prev.issuer or c.issuer
        if not prev.explicit_type and c.explicit_type:
            prev.type = c.type
            prev.explicit_type = True
    # "Chỉ thị 42" (no symbol): a reference of its own, or a re-mention of "Chỉ thị 42-CT/TW"
    by_type_num: dict[tuple, _Cite] = {}
    for c in merged.values():
        by_type_num.setdefault((c.type, c.number.lstrip("0") or "0"), c)
    f = text.folded
    full_spans = [(c.start, c.end) for c in cites]
    for m in _bare_re().finditer(f):
        num = m.group("num")
        if _is_year(num):
            continue
        if not _BARE_NEXT.match(f, m.end()):
            continue
        if any(a < m.end() and m.start() < b for a, b in full_spans):
            continue
        typ = _kind(m.group("type"))
        probes = [_Cite(m.start(), m.end(), m.end(), typ, text.raw[m.start("num"):m.end("num")], "", None, None,
                        True, True)]
        # "Nghị quyết 04, 05, 06 của ...", "Quyết định 217, 218": the numbers listed after it are of its kind
        pos = m.end()
        while (n := _NUMBER_AFTER.match(f, pos)) and not _is_year(n.group(1)):
            probes.append(_Cite(n.start(1), n.end(1), n.end(1), typ, text.raw[n.start(1):n.end(1)], "", None, None,
                                False, True))
            pos = n.end()
        _attach_date_issuer(text, probes[-1], date_at)
        for probe in probes:
            probe.date, probe.issuer = probes[-1].date, probes[-1].issuer
            key = (typ, probe.number.lstrip("0") or "0")
            c = by_type_num.get(key)
            if c is None:
                by_type_num[key] = probe
                merged[_key(probe.number, "") + (typ,)] = probe
                continue
            c.date = c.date or probe.date
            c.issuer = c.issuer or probe.issuer
    out = []
    for c in sorted(merged.values(), key=lambda c: c.start):
        out.append(Reference(text=text.raw[c.start:c.text_end], type=c.type, number=c.number,
                             symbol=c.symbol, date=c.date, issuer=c.issuer, span=(c.start, c.text_end)))
    return out
