"""Calendar dates and date ranges (annotation rules, "dates").

Work is done on the folded text (lower case, no diacritics, en/em dash → ``-``), offsets reported in
the original. Three steps:

1. *atoms*: every full date (``04/6/2022``, ``20-11-2020``, ``2022-06-04``, ``ngày 16 tháng 5 năm
   2024``, ``20 Tháng Sáu, 2024``), day-month (``02/11``, ``20 tháng 5``) and bare day number;
2. *combination* by the text between neighbouring atoms: ``17-19/11/2021``, ``01/3–10/4/2021`` and
   ``từ ngày 02/11 đến ngày 10/11/2023`` are ranges; ``ngày 19 và 20/3/2019`` are two dates whose
   missing month/year come from the right;
3. *year resolution* for what still lacks a year: the sentence's single year, else the title's single
   year, else the document's own date; otherwise the item is left out.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from .normalize import fold
from .record import DateItem
from .resources import month_names, word_alternation
from .text import Text

# month names after "tháng" (data/months.tsv), folded, longest first
_MONTH_WORDS = word_alternation({fold(w) for w in month_names()})
_SP = r"[ \t]"

ATOM_RE = re.compile(
    r"(?<![\w/:])(?<!\d[.,])(?:"
    r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?![\w/]|[.,-]\d)"
    # a full date may be glued to the word after it ("ngày 1/10/2021của"): its year ends it plainly
    r"|(?P<fd>\d{1,2})[ ]?/[ ]?(?P<fm>\d{1,2})[ ]?/[ ]?(?P<fy>\d{4})(?![\d_/]|[.,]\d)"
    r"|(?P<gd>\d{1,2})-(?P<gm>\d{1,2})-(?P<gy>\d{4})(?![\d_/]|[.,-]\d)"
    r"|(?P<hd>\d{1,2})\.(?P<hm>\d{1,2})\.(?P<hy>\d{4})(?![\d_/]|[.,]\d)"
    # "12 tháng 3năm 2009": "năm" may be glued to the month
    rf"|(?P<td>\d{{1,2}}){_SP}+thang{_SP}+(?P<tm>\d{{1,2}}|{_MONTH_WORDS})"
    rf"(?:{_SP}*(?P<tc>,){_SP}*(?:nam{_SP}+)?|{_SP}*nam{_SP}+|{_SP}+(?=(?:19|20)\d\d(?!\d)))(?P<ty>\d{{4}})(?![\w/]|[.,-]\d)"
    r"|(?P<dd>\d{1,2})[ ]?/[ ]?(?P<dm>\d{1,2})(?![\w/%]|[ ]?/[ ]?\d|[.,]\d|[ ]*%)"
    rf"|(?P<ud>\d{{1,2}}){_SP}+thang{_SP}+(?P<um>\d{{1,2}}|{_MONTH_WORDS})(?![\w/]|{_SP}*/{_SP}*\d)"
    r"|(?P<pd>\d{1,2})\.(?P<pm>\d{1,2})(?![\w/%]|[.,]\d|[ ]*%)"     # "ngày 17.9", "Tối 23.5": only after a cue
    # "Ngày 22-9", "đến 7-10", "Chiều 12 - 01": after a cue or "đến"; not hours ("từ 7 - 9 giờ")
    rf"|(?P<ed>\d{{1,2}})[ ]?-[ ]?(?P<em>\d{{1,2}})(?![\w/%-]|[ ]?[-/.][ ]?\d|[.,]\d|[ ]*%|{_SP}*(?:h|gio|thang)(?![a-z]))"
    r"|(?P<d>\d{1,2})(?![\w/:%]|[.,]\d|[ ]*%)"
    r")"
)

_TIME = rf"\d{{1,2}}{_SP}*(?:h|gio|:){_SP}*(?:\d{{1,2}})?(?:{_SP}*phut)?(?:{_SP}*(?:sang|chieu|toi|trua))?{_SP}*,?"
_PART = r"(?:sang|chieu|toi|trua|dem)"
RANGE_DASH = re.compile(rf"{_SP}*-{_SP}*")
RANGE_TO = re.compile(
    rf"{_SP}*,?{_SP}*(?:den|toi){_SP}+(?:het{_SP}+)?(?:{_TIME}{_SP}*)?(?:{_PART}{_SP}+)?(?:ngay{_SP}+)?"
)
LIST_GAP = re.compile(rf"{_SP}*(?:,{_SP}*(?:va{_SP}+)?|va{_SP}+|&{_SP}*)(?:ngay{_SP}+)?")
# what may stand before a day-month with no year for it to be read as a date
_CUE = re.compile(
    rf"(?<![a-z])(?:ngay|{_PART}|hom|vao|thu{_SP}+(?:hai|ba|tu|nam|sau|bay)|chu{_SP}+nhat|t[2-7]|cn)"
    rf"(?:{_SP}+nay{_SP}*\()?"   # "Chiều nay (16/11)", "sáng nay (24/12)"
    rf"{_SP}*,?{_SP}*(?:(?:{_PART}{_SP}+)?ngay{_SP}*)?\(?$"   # "Trong 03 ngày (15, 16 và 17/9/2020)"
)
_CUE_TU = re.compile(
    rf"(?<![a-z])tu{_SP}+(?:{_TIME}{_SP}*)?(?:{_PART}{_SP}+)?(?:ngay{_SP}+)?$"
)
# a news lead's date: the event the page reports ("(BBNĐT) Ngày 24-5, ...", "Kinhtedothi - Chiều 21/5, ...")
_LEAD_BEFORE = re.compile(
    rf"(?:^|\n|[.!?]{_SP}+|\){_SP}*[-–]?{_SP}*|{_SP}[-–]{_SP}*)(?:{_PART}|ngay|hom{_SP}+nay)"
    rf"(?:{_SP}+nay{_SP}*\()?{_SP}*$"
)
_LEAD_AFTER = re.compile(rf"\)?{_SP}*,")
_TO_BEFORE = re.compile(rf"(?<![a-z])(?:den|toi){_SP}+(?:ngay{_SP}+)?$")   # the end of a range: "từ ngày 1 đến 7-10"
# "năm 2022", "năm 2016, 2017", "năm 2020 và 2021", "tháng 6/2019", "tháng 6.2019"; not a year of birth
# ("ông A, sinh năm 1994": no date of the page is of that year)
_YEAR_MENTION = re.compile(
    rf"(?<![a-z])(?<!sinh )(?:nam|nam hoc){_SP}+(?:19|20)\d\d(?!\d)(?:{_SP}*(?:,|va){_SP}*(?:19|20)\d\d(?!\d))*"
    rf"|thang{_SP}+\d{{1,2}}{_SP}*[/.]{_SP}*(?:19|20)\d\d(?!\d)"
)
_YEAR = re.compile(r"(?:19|20)\d\d(?!\d)")
_URL = re.compile(r"(?:https?://|www\.)\S+")


@dataclass
class Atom:
    kind: str  # full | dm | d
    d: int
    m: int | None
    y: int | None
    start: int
    end: int


def _valid(y, m, d) -> _dt.date | None:
    if y is None or m is None or not (1800 <= y <= 2199):
        return None
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def _month(word: str, original: str, capital: bool, comma: bool) -> int | None:
    if word.isdigit():
        return int(word)
    orig = original.lower()
    num = month_names().get(orig)
    if num is None:
        return None
    if orig == "năm" and not (capital or comma):  # "6 tháng năm 2022" is "six months of 2022"
        return None
    return num


def atoms(text: Text) -> list[Atom]:
    raw, f = text.raw, text.folded
    urls = [m.span() for m in _URL.finditer(f)] if "http" in f or "www." in f else []
    out: list[Atom] = []
    for m in ATOM_RE.finditer(f):
        if urls and any(a <= m.start() < b for a, b in urls):
            continue
        out.extend(_atoms_of(m, raw, f))
    # days joined by commas before their month, which read like a decimal number: "ngày 9,10/6/2020",
    # "ngày 13,14 tháng 11 năm 2024"
    for m in _DAY_LIST.finditer(f):
        days = list(_DAY.finditer(f, m.start(1), m.end()))
        last = _ATOM_AFTER_COMMA.match(f, days[-1].start())
        if last is None or last.group("d"):
            continue
        # what was read inside the list before (the month's number "11" of "tháng 11") is part of it
        out = [a for a in out if not (a.start < last.end() and m.start(1) < a.end)]
        out.extend(Atom("d", int(d.group()), None, None, d.start(), d.end()) for d in days[:-1])
        out.extend(_atoms_of(last, raw, f))
        out.sort(key=lambda a: a.start)
    return out


_DAY_LIST = re.compile(rf"(?<![a-z])ngay{_SP}+(\d{{1,2}})(?:{_SP}*,{_SP}*\d{{1,2}})+(?={_SP}*/{_SP}*\d|{_SP}+thang{_SP})")
_DAY = re.compile(r"\d{1,2}")
# an atom right after a comma that joins it to the day before it
_ATOM_AFTER_COMMA = re.compile(ATOM_RE.pattern.replace(r"(?<!\d[.,])", "", 1))


def _atoms_of(m: re.Match, raw: str, f: str) -> list[Atom]:
    """The atoms one match of ``ATOM_RE`` gives."""
    s, e = m.span()
    g = m.group
    if g("iy"):
        return [Atom("full", int(g("id")), int(g("im")), int(g("iy")), s, e)]
    if g("fy"):
        return [Atom("full", int(g("fd")), int(g("fm")), int(g("fy")), s, e)]
    if g("gy"):
        return [Atom("full", int(g("gd")), int(g("gm")), int(g("gy")), s, e)]
    if g("hy"):
        return [Atom("full", int(g("hd")), int(g("hm")), int(g("hy")), s, e)]
    if g("ty"):
        ts = m.start("tm")
        cap = _capital_thang(raw, f, m.start("td"), ts)
        mon = _month(g("tm"), raw[ts:m.end("tm")], cap, bool(g("tc")))
        if mon is None:
            return [Atom("d", int(g("td")), None, None, s, m.end("td"))]
        return [Atom("full", int(g("td")), mon, int(g("ty")), s, e)]
    if g("dm"):
        return [Atom("dm", int(g("dd")), int(g("dm")), None, s, e)]
    if g("pm"):
        return [Atom("dm", int(g("pd")), int(g("pm")), None, s, e)] if _cue_before(f, s) else []
    if g("em"):
        if _cue_before(f, s) or _TO_BEFORE.search(f, max(0, s - 12), s):
            return [Atom("dm", int(g("ed")), int(g("em")), None, s, e)]
        # "2-3 lần": two numbers, as before
        return [Atom("d", int(g("ed")), None, None, s, m.end("ed")), Atom("d", int(g("em")), None, None, m.start("em"), e)]
    if g("um"):
        ts = m.start("um")
        cap = _capital_thang(raw, f, m.start("ud"), ts)
        mon = _month(g("um"), raw[ts:m.end("um")], cap, False)
        if mon is None:
            return [Atom("d", int(g("ud")), None, None, s, m.end("ud"))]
        return [Atom("dm", int(g("ud")), mon, None, s, e)]
    return [Atom("d", int(g("d")), None, None, s, e)]


def _capital_thang(raw: str, f: str, day_start: int, month_start: int) -> bool:
    i = f.find("thang", day_start, month_start)
    return i >= 0 and raw[i].isupper()


@dataclass
class _Item:
    start: int
    end: int
    d: int
    m: int | None
    y: int | None
    end_d: int | None = None
    end_m: int | None = None
    end_y: int | None = None
    is_range: bool = False


def _combine(text: Text, ats: list[Atom]) -> list[_Item]:
    f = text.folded
    items: list[_Item] = []
    n = len(ats)
    used = [False] * n
    # 1. ranges
    for i in range(n - 1):
        if used[i]:
            continue
        a, b = ats[i], ats[i + 1]
        if b.kind == "d" or b.start - a.end > 60:
            continue
        gap = f[a.end:b.start]
        dash = RANGE_DASH.fullmatch(gap) is not None
        to = not dash and RANGE_TO.fullmatch(gap) is not None
        if not (dash or to):
            continue
        if a.kind == "d" and not dash and not _CUE_TU.search(f, max(0, a.start - 40), a.start):
            continue
        item = _range(a, b, dash)
        if item is not None:
            items.append(item)
            used[i] = used[i + 1] = True
    # 2. lists: chains of atoms joined by "," / "và" / "&"
    i = 0
    while i < n:
        if used[i]:
            i += 1
            continue
        j = i
        while (j + 1 < n and not used[j + 1] and ats[j + 1].start - ats[j].end <= 20
               and LIST_GAP.fullmatch(f, ats[j].end, ats[j + 1].start)):
            j += 1
        chain = ats[i:j + 1]
        cue = _cue_before(f, chain[0].start)
        m_right = y_right = None
        resolved: list[_Item] = []
        for a in reversed(chain):
            if a.kind == "full":
                m_right, y_right = a.m, a.y
                resolved.append(_Item(a.start, a.end, a.d, a.m, a.y))
            elif a.kind == "dm":
                if a.m is not None:
                    m_right = a.m
                if cue or len(chain) > 1 and y_right is not None:
                    resolved.append(_Item(a.start, a.end, a.d, a.m, y_right if y_right else None))
            elif a.kind == "d" and len(chain) > 1 and cue and m_right is not None:
                resolved.append(_Item(a.start, a.end, a.d, m_right, y_right))
        items.extend(reversed(resolved))
        i = j + 1
    items.sort(key=lambda it: it.start)
    return items


def _cue_before(f: str, pos: int) -> bool:
    return _CUE.search(f, max(0, pos - 40), pos) is not None


def _range(a: Atom, b: Atom, dash: bool) -> _Item | None:
    if a.kind == "d":
        if b.m is None or not (a.d < b.d):
            return None
        am, ay = b.m, b.y
    elif a.kind == "dm":
        am, ay = a.m, b.y
    else:
        am, ay = a.m, a.y
    item = _Item(a.start, b.end, a.d, am, ay, b.d, b.m, b.y, True)
    if b.y is not None:
        start, end = _valid(ay, am, a.d), _valid(b.y, b.m, b.d)
        if start and end and start > end and a.kind != "full":
            item.y = ay - 1
            start = _valid(item.y, am, a.d)
        if not (start and end) or start > end:
            return None
        if dash and a.kind == "full" and (end - start).days > 366:
            return None  # "(26/3/1931 - 26/3/2024)": two dates, not a period
    return item


def _years_in(text: Text, s: int, e: int, ats: list[Atom] | None = None,
              skip: list[tuple[int, int]] | tuple = ()) -> set[int]:
    """The years of the full dates and year mentions in [s, e), those starting inside ``skip`` left out."""
    f = text.folded
    years = {int(y) for m in _YEAR_MENTION.finditer(f, s, e) if not _inside(m.start(), skip)
             for y in _YEAR.findall(m.group())}
    if ats:
        years.update(a.y for a in ats if a.kind == "full" and s <= a.start < e and not _inside(a.start, skip))
    return years


def _inside(pos: int, spans) -> bool:
    return any(a <= pos < b for a, b in spans)


def extract_dates(text: Text, ats: list[Atom], *, title_span=None, published: str | None = None,
                  page_month: tuple[int, int | None] | None = None,
                  cited: list[tuple[int, int]] = ()) -> list[DateItem]:
    """Dates of ``text``. ``page_month`` is the year and month the page states for itself without a full
    date (the stored page's ``date 2023-05`` marker); ``cited`` are the spans of cited documents, whose
    dates say when those were issued, not when the work was done."""
    raw = text.raw
    items = _combine(text, ats)
    doc_years = None   # the text's own years, read only when a day-month needs one
    title_years = set()
    if title_span:
        # cited documents' dates and a year inside a document's number ("Nghị quyết số 135/2020/QH14") say
        # when those were issued, not now
        title_years = _years_in(text, *title_span, ats, skip=cited)
        title_years |= {int(m.group()) for m in re.finditer(r"(?<!\d/)(?<!\d)(?<![Ss]inh năm )(?:19|20)\d\d(?![\d/])",
                                                            raw[title_span[0]:title_span[1]])
                        if not _inside(title_span[0] + m.start(), cited)}
    pub_year = int(published[:4]) if published else (page_month[0] if page_month else None)
    latest = _latest(published, page_month)
    out: list[DateItem] = []
    seen: set = set()
    for it in items:
        if it.y is None or (it.is_range and it.end_y is None):
            year = _resolve_year(text, it.start, it.end, ats, title_years, pub_year, cited)
            if year is None:
                if doc_years is None:
                    # the text's own years, cited documents' left out: when there is one, the day-month is in it
                    doc_years = _years_in(text, 0, len(text.folded), ats, skip=cited)
                year = next(iter(doc_years)) if len(doc_years) == 1 else None
            if year is None:
                continue
            if latest and year == pub_year and _lead(text.folded, it.start, it.end) \
                    and not _ADJACENT_YEAR.match(text.folded, it.end) \
                    and (_valid(year, it.end_m or it.m, it.end_d or it.d) or latest) > latest + _LEAD_SLACK:
                continue     # a news lead's day after the page's own date: an event of some earlier year
            if it.is_range:
                it.end_y = year
                it.y = year
                if _valid(it.y, it.m, it.d) and _valid(it.end_y, it.end_m, it.end_d) and \
                        _valid(it.y, it.m, it.d) > _valid(it.end_y, it.end_m, it.end_d):
                    it.y = year - 1
            else:
                it.y = year
        start = _valid(it.y, it.m, it.d)
        if start is None:
            continue
        end = None
        if it.is_range:
            end = _valid(it.end_y, it.end_m, it.end_d)
            if end is None or end < start:
                continue
            if end == start:
                end = None   # "(26/3/2021 – 26/3/2021)": one day
        key = (start, end)
        if key in seen:
            continue
        seen.add(key)
        out.append(DateItem(text=raw[it.start:it.end], value=start.isoformat(),
                            end=end.isoformat() if end else None, span=(it.start, it.end)))
    return out


_ADJACENT_YEAR = re.compile(rf"{_SP}*,?{_SP}*(?:nam|nam hoc){_SP}+((?:19|20)\d\d)(?!\d)")


# a page's own date may be a day or two before the event its lead reports (a draft saved the day before)
_LEAD_SLACK = _dt.timedelta(days=2)


def _latest(published: str | None, page_month: tuple[int, int | None] | None) -> _dt.date | None:
    """The last day the page can be from: its own date, else the end of the month its marker states."""
    if published:
        return _dt.date.fromisoformat(published[:10])
    if page_month and page_month[1]:
        y, m = page_month
        return _dt.date(y + m // 12, m % 12 + 1, 1) - _dt.timedelta(days=1)
    return None


def _lead(f: str, start: int, end: int) -> bool:
    """Whether the day-month at [start, end) of the folded text is a news lead's date (``_LEAD_BEFORE``)."""
    return _LEAD_BEFORE.search(f, max(0, start - 40), start) is not None and _LEAD_AFTER.match(f, end) is not None


def _resolve_year(text: Text, pos: int, end: int, ats, title_years: set, pub_year: int | None,
                  cited: list[tuple[int, int]] | tuple = ()) -> int | None:
    """Year for a day-month written without one: a year written right after it (``ngày 20/5 năm
    2023``), else the document's own date, else the single year of the sentence's full dates and
    year mentions (cited documents' dates left out: ``Chiều 12/8, ... thực hiện Nghị quyết số
    25-NQ/TW ngày 25/7/2008`` says nothing of this year), else the title's single year."""
    m = _ADJACENT_YEAR.match(text.folded, end)
    if m:
        return int(m.group(1))
    if pub_year is not None:
        return pub_year
    s, e = text.sentence_at(pos)
    s, e = max(s, pos - 600), min(e, pos + 600)   # a sentence can be a whole unpunctuated file
    years = _years_in(text, s, e, ats, skip=cited)
    if len(years) == 1:
        return years.pop()
    if years:
        return None
    if len(title_years) == 1:
        return next(iter(title_years))
    return None


def full_dates(ats: list[Atom]) -> list[tuple[Atom, _dt.date]]:
    """The atoms that are complete, valid calendar dates."""
    out = []
    for a in ats:
        if a.kind == "full":
            d = _valid(a.y, a.m, a.d)
            if d:
                out.append((a, d))
    return out
