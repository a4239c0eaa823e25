"""What was done (``activity``), by whom (``inspecting_bodies``) and to whom (``inspected_units``).

From the grammar around the verbs ``kiểm tra`` / ``giám sát``:

- activity: the verbs and the nouns made from them (``buổi kiểm tra``, ``Đoàn kiểm tra``), except
  inside organization names (``Ủy ban Kiểm tra``, ``Ban Tổ chức – Kiểm tra``), inside the subject of
  a cited document (``Kế hoạch số ... về việc kiểm tra, giám sát năm 2022``), in quotes, and as a
  field of work (``công tác kiểm tra, giám sát``);
- inspecting body: the organization standing right before the verb, with only auxiliaries between
  (``Ban Thường vụ Tỉnh đoàn đã tiến hành kiểm tra``, ``... thành lập Đoàn Kiểm tra``);
- inspected unit: organizations after ``đối với`` / ``tại`` / directly after the verb, and where the
  team worked (``làm việc tại/với Huyện đoàn Cầu Ngang``);
- names are completed with the place the text gives elsewhere: ``Ban Thường vụ Tỉnh đoàn`` +
  ``Ninh Bình`` from ``Tỉnh đoàn Ninh Bình``; ``Ủy ban Kiểm tra`` → ``Ủy ban Kiểm tra Thành Đoàn Đà
  Nẵng``; or from a ``PLACE:`` title prefix (``TRÀ VINH: ...``; a province completes provincial
  units, another place district units).
"""
from __future__ import annotations

import functools
import re

from .gazetteer import gazetteer
from .header import DATE_MARKER, is_chrome
from .normalize import fold, spelling_key
from .orgs import _BUSINESS as BUSINESS
from .orgs import _NATIONAL as NATIONAL
from .orgs import _PART_OF as PART_OF
from .orgs import _GENERIC_BARE as GENERIC_BARE
from .orgs import _STANDS_ALONE as STANDS_ALONE
from .orgs import HEAD_FIRST, OrgSpan, committees_together, match_key, standard_union_name, stopwords
from .orgs import _opens_province as opens_province
from .record import ACTIVITIES, Mention, Reference
from .resources import (folded_set, head_pattern, heads_with, issuer_organs, level_pattern, level_words, levels,
                        national_line_pattern, number_word_pattern,
                        org_abbreviations, pairs, role_pattern, surnames, word_alternation, word_list)
from .text import LOWER, UPPER, Spans, Text

_VERB = re.compile(r"(?<![\w])(kiểm[ \t]+tra|giám[ \t]+sát)(?![\w])", re.IGNORECASE)
# state inspection: its body and units are listed like those of kiểm tra, the activity is left as written
_INSPECT = re.compile(r"(?<![\w])thanh[ \t]+tra(?![\w])")
# any mention of the work, topic nouns included ("Kế hoạch giám sát", "nhiệm vụ kiểm tra")
_WORK = re.compile(r"(?<![a-z])(?:kiem[ \t]+tra|giam[ \t]+sat|thanh[ \t]+tra)(?![a-z])")
# what may open a sentence before its subject: a source tag, a time or a "Thực hiện ..." clause
_LEAD = re.compile(rf"[ \t]*(?:{DATE_MARKER}[ \t]+)?(?:\([^()\n]{{1,40}}\)[ \t]*[-–]?[ \t]*)?"
                   r"(?:(?:ngay|sang|chieu|toi|trua|trong|tu|vua[ \t]+qua|hom[ \t]+nay|moi[ \t]+day|thuc[ \t]+hien"
                   r"|can[ \t]+cu|theo|nham|dau[ \t]+nam|cuoi[ \t]+nam|thang|tuan|cu[ \t]+the|dong[ \t]+thoi|ngoai[ \t]+ra"
                   r"|ve[ \t]+(?:cong[ \t]+tac|hoat[ \t]+dong|linh[ \t]+vuc|nhiem[ \t]+vu)|tai[ \t]+(?:ky|phien|buoi|hoi)"
                   r"|sau[ \t]+khi|nua[ \t]+nhiem[ \t]+ky|nhiem[ \t]+ky|nam[ \t]+\d{4}|ca[ \t]+nam)(?![a-z])[^,\n]{0,160},[ \t]*){0,3}")
# adverbs between a subject and its verb: "HĐND huyện cũng tổ chức", "Đoàn ĐBQH tỉnh đã chủ động, tích cực"
_ADVERBS = r"(?:cung|con|van|luon|vua|moi|thuong[ \t]+xuyen|tich[ \t]+cuc|chu[ \t]+dong)"
# what a subject does next: the sentence's predicate
_PREDICATE = re.compile(rf"[ \t]*(?:\([^()\n]{{1,60}}\)[ \t]*)?[-–,]?[ \t]*(?:{_ADVERBS}[ \t]*,?[ \t]+)*"
                        r"(?:da|dang|se|vua|tien[ \t]+hanh|to[ \t]+chuc"
                        r"|thuc[ \t]+hien|co[ \t]+buoi|hop|lam[ \t]+viec|kiem[ \t]+tra|giam[ \t]+sat|thanh[ \t]+tra"
                        r"|trien[ \t]+khai|chu[ \t]+tri|phoi[ \t]+hop|thanh[ \t]+lap|khao[ \t]+sat|ban[ \t]+hanh"
                        r"|cong[ \t]+bo|ket[ \t]+luan|chi[ \t]+dao|thong[ \t]+qua|danh[ \t]+gia|xem[ \t]+xet"
                        r"|yeu[ \t]+cau|de[ \t]+nghi|kien[ \t]+nghi)(?![a-z])")
_SUBJECT_SENTENCES = 6
_TOPIC_BEFORE = re.compile(r"(?:(?<![a-z])(?:cong[ \t]+tac|chuong[ \t]+trinh|ke[ \t]+hoach|nhiem[ \t]+vu|nghiep[ \t]+vu"
                           r"|quy[ \t]+che|quy[ \t]+dinh|huong[ \t]+dan|linh[ \t]+vuc|tu|ho[ \t]+so(?:[ \t]+cac[ \t]+cuoc)?"
                           r"|noi[ \t]+dung)[ \t]+"
                           r"(?:kiem[ \t]+tra[ \t]*,?[ \t]*(?:va[ \t]+)?)?"
                           r"|to[ \t]+chuc[ \t]*[-–][ \t]*|(?<![a-z])uy[ \t]+ban[ \t]+|(?<![a-z])ban[ \t]+)$")
# "kiểm tra sổ sách" is a step of the work; "kiểm tra 06 cơ sở", "giám sát 94 lượt" count a unit's own work
_STEP_AFTER = re.compile(r"[ \t]+(?:so[ \t]+sach|ho[ \t]+so|chung[ \t]+tu(?![a-z])|(?:chuyen[ \t]+de[ \t]+)?\d)")
# a list of related articles ends the article: its headlines report other work
_RELATED = re.compile(r"(?:tin[ \t]+cung[ \t]+(?:chuyen[ \t]+)?muc|tin[ \t]+lien[ \t]+quan|(?:cac[ \t]+)?tin[ \t]+khac"
                      r"|bai[ \t]+viet[ \t]+lien[ \t]+quan|tin[ \t]+moi[ \t]+nhat|xem[ \t]+them|tin[ \t]+bai[ \t]+khac)"
                      r"[ \t:]*$")


@functools.lru_cache(maxsize=1)
def article_end(text: Text) -> int:
    """Where a list of related articles starts (their headlines report other work), or the text's end;
    found once per text (the activity, the places of the work and the who-inspected-whom model ask)."""
    f = text.folded
    return next((ls for ls, le in text.lines if _RELATED.match(f[ls:le].strip())), len(f))


# the parent place of a unit, between it and its verb: "Ban Giám sát đầu tư cộng đồng xã A, huyện B giám sát"
_PARENT_PLACE = r"(?:[ \t]*,[ \t]*(?:huyen|quan|thi[ \t]+xa|thanh[ \t]+pho|tinh|tp\.?)(?:[ \t]+[a-z0-9]+){1,4}?[ \t]*,?)?"
_FILLER = re.compile(
    _PARENT_PLACE + r"[ \t]*(?:\([^()\n]{1,60}\)[ \t]*)?(?:(?:da|dang|se|tien[ \t]+hanh|to[ \t]+chuc|thuc[ \t]+hien|thanh[ \t]+lap|lap|cu|chu[ \t]+tri"
    r"|phoi[ \t]+hop|truc[ \t]+tiep|tiep[ \t]+tuc|doan|cac|dot|cuoc|den|ve|xuong|di|cung|co|lai|bat[ \t]+dau"
    r"|ban[ \t]+hanh[ \t]+(?:quyet[ \t]+dinh|ke[ \t]+hoach)|khao[ \t]+sat[ \t]*,"
    r"|tham[ \t]+va[ \t]+lam[ \t]+viec|lam[ \t]+viec[ \t]+va|xay[ \t]+dung[ \t]+ke[ \t]+hoach(?:[ \t]+va)?|trien[ \t]+khai"
    # "đã chủ động phối hợp với các lực lượng chức năng tổ chức kiểm tra"
    r"|chu[ \t]+dong|tich[ \t]+cuc|thuong[ \t]+xuyen|theo[ \t]+doi[ \t]*,|don[ \t]+doc[ \t]*,|phoi[ \t]+hop[ \t]+voi[ \t]+cac[ \t]+(?:luc[ \t]+luong|co[ \t]+quan|don[ \t]+vi|nganh)"
    r"(?:[ \t]+(?:chuc[ \t]+nang|lien[ \t]+quan))?"
    r")[ \t]+){0,6}"
)
_AFTER_TARGET = re.compile(
    r"[ \t]*(?:,[ \t]*)?(?:doi[ \t]+voi|tai|den)[ \t]+(?:cac[ \t]+don[ \t]+vi[ \t]*:?[ \t]*|don[ \t]+vi[ \t]*:?[ \t]*)?"
)
_WORKED = re.compile(r"(?<![a-z])lam[ \t]+viec[ \t]+(?:truc[ \t]+tiep[ \t]+)?(?:voi|tai|cung)[ \t]+")
# between listed units, matched in the plain text: a comma, a semicolon or "và"; a bracket after a unit (its
# district, its date) is skipped: "Đoàn xã Lũng Cú (huyện Đồng Văn) và Đoàn xã Sơn Vĩ", "Quận đoàn Bình Thủy
# (ngày 21/11/2022); ..."; a list read forwards also goes on after a colon ("Huyện đoàn A: Đoàn xã B, ...")
_GAP = r"[ \t]*(?:\([^()\n]{{0,80}}\)[ \t]*)?(?:,|;|và{colon})[ \t]*(?:và[ \t]+)?"
_ITEM_GAP = re.compile(_GAP.format(colon=""), re.IGNORECASE)
_LIST_GAP = re.compile(_GAP.format(colon="|:"), re.IGNORECASE)
# a list announced further on in the sentence of the verb: "... theo lịch cụ thể: X, Y", "kiểm tra 12 cơ
# sở Đoàn, trong đó có X, Y", "gồm: X; Y"
_INTRO_LIST = re.compile(r"(?<![a-z])(?:gom[ \t]+co|bao[ \t]+gom|gom|cu[ \t]+the(?:[ \t]+la)?|trong[ \t]+do(?:[ \t]+co)?"
                         r"|nhu[ \t]+sau|sau[ \t]+day|la)[ \t]*:[ \t]*|(?<![a-z])trong[ \t]+do(?:[ \t]+co)?[ \t]+"
                         r"|(?<=[a-z0-9)])[ \t]*:[ \t]*")
_PLACE_WORDS = r"[ \t]*([^\W\d_][^\W\d_ \t]*(?:[ \t]+[^\W\d_]+){0,3})[ \t]*:"
_PLACE_PREFIX = re.compile(_PLACE_WORDS + r"[ \t]+\S")   # "Lào Cai: ..." opening the title
_PLACE_ALONE = re.compile(_PLACE_WORDS + r"[ \t]*$")      # "Lào Cai:" on its own line
_PLACE_OPENING = re.compile(rf"[ \t]*((?:[{UPPER}][{LOWER}]+)(?:[ \t]+[{UPPER}][{LOWER}]+){{0,2}})[ \t]+[{LOWER}]")

_ESTABLISHMENTS = heads_with("establishment")
_ALL_LEVELS = re.compile(r"[ \t]+cac[ \t]+cap(?![a-z])")


def _may_inspect(f: str, o: OrgSpan) -> bool:
    """Whether ``o`` may be an inspecting body: not a shop or a household business, which is inspected, and
    not the bodies of every level (``MTTQ các cấp``, ``Hội Nông dân các cấp``), none of them named."""
    return o.head not in _ESTABLISHMENTS and not (not o.named and _ALL_LEVELS.match(f, o.end))
# a name that says it is national ("Trung ương Hội Nông dân Việt Nam", "Ủy ban Trung ương MTTQVN"): no place
_NATIONAL_NAME = re.compile(r"(?<![a-z])(?:trung[ \t]+uong|viet[ \t]+nam|mttqvn)(?![a-z])")
_PROVINCIAL = heads_with("provincial")
_DISTRICT = heads_with("district")


def _province(name: str | None) -> str | None:
    """The province or centrally-run city ``name`` names, old or new (gazetteer), else None."""
    return gazetteer().province(name) if name else None


def _excluded_zones(text: Text, refs: list[Reference]) -> list[tuple[int, int]]:
    """The subject clauses of cited documents and quoted passages."""
    raw = text.raw
    zones = []
    for r in refs:
        s = r.span[1]
        m = re.compile(r"[.;\n]|”|,[ \t]+(?=ngày|[A-ZĐÀ-Ỹ])|,[ \t]*(?:ngày|từ|sáng|chiều)").search(raw, s, s + 300)
        zones.append((r.span[0], m.start() if m else min(len(raw), s + 300)))
    for m in re.finditer(r"“[^”\n]{0,300}”|\"[^\"\n]{0,300}\"", raw):
        zones.append(m.span())
    return zones


def activity(text: Text, orgs: list[OrgSpan], refs: list[Reference]
             ) -> tuple[list[Mention], list[tuple[int, int]], list[tuple[int, int]]]:
    """Activities (first mention of each), every kept verb occurrence, and the verbs followed by a
    count (``kiểm tra 07/07 chi đoàn``), kept apart: they name units only after an inspecting body."""
    f = text.folded
    zones = Spans(_excluded_zones(text, refs))
    org_spans = Spans((o.start, o.end) for o in orgs)
    found: dict[str, Mention] = {}
    verbs = []
    end_of_article = article_end(text)
    chrome = Spans(span for span in text.lines[:12] if is_chrome(text, span))
    counted = []  # "kiểm tra 07/07 chi đoàn": not an activity by itself, but may name the units
    for m in _VERB.finditer(text.plain, 0, end_of_article):
        s, e = m.span()
        if org_spans.covers(s) or zones.covers(s) or chrome.covers(s):
            continue
        step = _STEP_AFTER.match(f, e)
        if step:
            if step.group().strip()[:1].isdigit():
                counted.append((s, e))
            continue
        if _TOPIC_BEFORE.search(f, max(0, s - 40), s):
            continue
        kind = "kiểm tra" if fold(m.group(1)).startswith("kiem") else "giám sát"
        verbs.append((s, e))
        found.setdefault(kind, Mention(kind, (s, e)))
    for m in _INSPECT.finditer(text.folded, 0, end_of_article):
        s, e = m.span()
        if not (org_spans.covers(s) or zones.covers(s) or chrome.covers(s)
                or _TOPIC_BEFORE.search(text.folded, max(0, s - 40), s)):
            verbs.append((s, e))
    verbs.sort()
    # the schema's order: kiểm tra, giám sát
    return [found[k] for k in ACTIVITIES if k in found], verbs, counted


def _title_place(text: Text, title_span) -> str | None:
    if not title_span:
        return None
    m = _PLACE_PREFIX.match(text.plain, title_span[0], title_span[1])
    if not m:
        # a district or province opening the title as its subject: "Lục Ngạn giám sát việc thực hiện ..."
        opening = _PLACE_OPENING.match(text.plain, title_span[0], title_span[1])
        if opening:
            words = opening.group(1).split()
            for k in range(len(words), 0, -1):
                name = " ".join(words[:k])
                after = opening.start(1) + len(name) + 1    # the word after the place, past its space
                if gazetteer().levels(name) & {"province", "district"} and text.plain[after:after + 1].islower():
                    return _province(name) or name
        # a province standing alone over the headline: "Lào Cai:"
        for ls, le in text.lines[:3]:
            if ls >= title_span[0]:
                break
            alone = _PLACE_ALONE.match(text.plain, ls, le)
            prov = _province(alone.group(1)) if alone else None
            if prov:
                return prov
        return None
    place = m.group(1)
    prov = _province(place)
    if prov:
        return prov
    if place.isupper():
        return place.title()
    return place if all(w[:1].isupper() for w in place.split()) else None


# a sector's acronym after a ministry's or department's head ("Bộ GTVT", "Sở NN&PTNT"): capitals with no vowel,
# which no place name is
_SECTOR_ACRONYM = re.compile(r"[B-DF-HJ-NP-TV-XZĐ&]{2,10}")


class _Index:
    """Organizations indexed for the look-ups below (by start, by end, by head, by folded name)."""

    def __init__(self, text: Text, orgs: list[OrgSpan]):
        self.text = text
        self.orgs = orgs
        self.by_start = {o.start: o for o in orgs}
        self.ends = sorted({o.end for o in orgs})
        self.by_end: dict[int, list[OrgSpan]] = {}
        for o in orgs:
            self.by_end.setdefault(o.end, []).append(o)
        raw = text.raw
        self.places: dict[str, set[str]] = {}
        self.written_at: dict[tuple[str, str], set[str]] = {}   # (head, place) -> the names written with it
        header_end = text.lines[min(len(text.lines), 15) - 1][1] if text.lines else 0
        self.header_places: dict[str, set[str]] = {}
        for o in orgs:
            if o.place and not _SECTOR_ACRONYM.fullmatch(raw[o.place[0]:o.place[1]].strip()):
                place = _place_case(raw[o.place[0]:o.place[1]])
                self.places.setdefault(o.head, set()).add(place)
                if o.body is None:
                    self.written_at.setdefault((o.head, place), set()).add(raw[o.start:o.end])
                if o.start <= header_end:
                    self.header_places.setdefault(o.head, set()).add(place)
        self.names = sorted({raw[o.start:o.end] for o in orgs})
        self.folded_names = [(fold(n), n) for n in self.names]
        self._memo: dict[int, str] = {}


def _in_order(names) -> list[str]:
    """Names in a fixed order, the ones written in ordinary case before the ones in capitals: a choice
    among names that tie does not depend on the order of a set (which changes from run to run)."""
    return sorted(names, key=lambda n: (n.isupper(), n))


def _with_place(ix: _Index, o: OrgSpan, name: str, place: str) -> str:
    """``name`` completed with ``place``: as the mention that gives the place writes it when that one
    says more between its head and the place (``Sở`` + ``Hà Nội`` of ``Sở GD&ĐT Hà Nội``)."""
    written = ix.written_at.get((o.head, place), ())
    if len(written) == 1:
        full = next(iter(written))
        if fold(full).startswith(fold(name) + " ") and len(full) > len(name) + 1 + len(place):
            return full
    return f"{name} {place}"


def _complete(ix: _Index, o: OrgSpan, title_place: str | None) -> str:
    if o.start in ix._memo:
        return ix._memo[o.start]
    raw = ix.text.raw
    name = raw[o.start:o.end]
    result = name
    if o.label == "BODY":
        # "Ủy ban Kiểm tra" → the longest mention that starts with it
        fname = fold(name) + " "
        longer = {n for fn, n in ix.folded_names if fn.startswith(fname)}
        if longer:
            best = max(_in_order(longer), key=len)
            if all(fold(best).startswith(fold(x)) for x in longer):
                result = best
    elif not o.named and o.head not in NATIONAL and not _NATIONAL_NAME.search(fold(name)):
        places = ix.places.get(o.head, set())
        header = ix.header_places.get(o.head, set())
        if len(header) == 1 or len(places) == 1:
            place = next(iter(header if len(header) == 1 else places))
            # another mention's place that is a level word only ("Thường trực HĐND tỉnh") completes nothing
            if not _LEVEL_ONLY.fullmatch(fold(place)):
                result = _with_place(ix, o, name, place)
        elif title_place and not places:
            prov = _province(title_place) is not None
            if (prov and o.head in _PROVINCIAL) or (not prov and o.head in _DISTRICT):
                result = f"{name} {title_place}"
    result = _expand(result, ix.text.folded)
    ix._memo[o.start] = result
    return result


_ABBREVIATIONS = tuple((re.compile(rf"^{re.escape(abbr)}(?=\s)"), full)
                       for abbr, full, flags in org_abbreviations() if "organ" in flags)


def _expand(name: str, folded: str | None = None) -> str:
    """Abbreviated organs are written out in completed names (``UBKT Huyện đoàn`` → ``Ủy ban Kiểm tra
    Huyện đoàn``) when the text (``folded``, if given) writes the long form too; else the name keeps the
    form the text uses (``UBKT Tỉnh ủy Bạc Liêu``)."""
    for pat, full in _ABBREVIATIONS:
        if pat.search(name) and (folded is None or _written_in_full(full, folded)):
            name = pat.sub(full, name)
    return name


@functools.lru_cache(maxsize=16)
def _written_in_full(full: str, folded: str) -> bool:
    """Whether ``folded`` (one document's text, the same object for all its names) writes ``full``."""
    return re.search(r"(?<![a-z])" + fold(full).replace(" ", r"[ \t]+") + r"(?![a-z])", folded) is not None


def _place_case(place: str) -> str:
    place = " ".join(place.split())
    return place.title() if place.isupper() else place


def _org_ending_at(ix: _Index, f: str, pos: int, lo: int, filler=_FILLER) -> OrgSpan | None:
    """The organization right before ``pos`` with only auxiliary words between."""
    import bisect

    i = bisect.bisect_right(ix.ends, pos) - 1
    best = None
    while i >= 0 and ix.ends[i] >= max(lo, pos - 80):
        end = ix.ends[i]
        if filler.fullmatch(f, end, pos):
            best = ix.by_end[end][0]
            break
        i -= 1
    return best


def _orgs_from(ix: _Index, pos: int, limit: int) -> list[OrgSpan]:
    """Organizations listed from ``pos`` on: ``X, Y và Z``."""
    out = []
    cur = pos
    while cur < limit:
        o = ix.by_start.get(cur)
        if o is None:
            break
        out.append(o)
        g = _LIST_GAP.match(ix.text.plain, o.end)
        if not g or g.end() == o.end:
            break
        cur = g.end()
    return out


# "đã tổ chức 03 đoàn kiểm tra", "thành lập 02 đoàn kiểm tra tiến hành": a count before the team
_COUNT_WORDS = rf"(?:\d{{1,3}}|{number_word_pattern()})"
_COUNT_BEFORE = re.compile(rf"(?<![\w/.,])(?:\d{{1,3}}(?:[ \t]*/[ \t]*\d{{1,3}})?|{_COUNT_WORDS}|cac|nhung)[ \t]+$")
_DAY_BEFORE = re.compile(r"(?:ngay|sang|chieu|toi|trua|dem)[ \t]+$")


def _counted(f: str, pos: int) -> bool:
    """A count stands right before ``pos`` (``24/24``, ``12``, ``hai``, ``các``), not a day (``ngày 12/3``)."""
    m = _COUNT_BEFORE.search(f, max(0, pos - 16), pos)
    return m is not None and not _DAY_BEFORE.search(f, max(0, m.start() - 8), m.start())


_FILLER_COUNT = re.compile(
    r"[ \t]*(?:(?:da|dang|se|tien[ \t]+hanh|to[ \t]+chuc|thuc[ \t]+hien|thanh[ \t]+lap|lap|cu|chu[ \t]+tri|truc[ \t]+tiep"
    rf"|{_ADVERBS}|tiep[ \t]+tuc|cong[ \t]+bo[ \t]+va[ \t]+trien[ \t]+khai|cong[ \t]+bo|trien[ \t]+khai|doan|to|cac|dot|cuoc"
    rf"|{_COUNT_WORDS}|kiem[ \t]+tra[ \t]*,|giam[ \t]+sat[ \t]+va)[ \t]+){{0,7}}"
)
# the team of a body: "Đoàn kiểm tra (số 2) của ...", "Tổ giám sát của ...", "Đoàn công tác của ..."
_TEAM_OF = re.compile(
    r"(?<![a-z])(?:doan|to)[ \t]+(?:kiem[ \t]+tra|giam[ \t]+sat|cong[ \t]+tac)(?:[ \t]*,[ \t]*giam[ \t]+sat)?"
    r"(?:[ \t]+so[ \t]+\d+)?[ \t]*(?:(?:cua|do|thuoc)[ \t]+)?"
)
# "Ban Thường vụ Tỉnh đoàn làm việc với ...": in a report of inspection, who works with the unit
_WORKS_WITH = re.compile(r"[ \t]*(?:(?:da|dang|se|truc[ \t]+tiep|den|ve|co[ \t]+buoi|tham[ \t]+va)[ \t]+){0,3}"
                         r"lam[ \t]+viec[ \t]+(?:truc[ \t]+tiep[ \t]+)?(?:voi|tai)(?![a-z])")
# "các đơn vị được kiểm tra gồm: ..."
_PASSIVE_LIST = re.compile(r"(?<![a-z])(?:cac[ \t]+)?(?:don[ \t]+vi|co[ \t]+so|to[ \t]+chuc)[^.:;\n]{0,30}?duoc[ \t]+"
                           r"(?:chon[ \t]+)?(?:kiem[ \t]+tra|giam[ \t]+sat)[^:.;\n]{0,30}?(?:gom|la|bao[ \t]+gom)?[ \t]*:[ \t]*")
# the issuer of a plan or report about the work: "Ủy ban Kiểm tra Quận đoàn Hải Châu xây dựng kế hoạch
# kiểm tra như sau", "Ban Bí thư Trung ương Đoàn ban hành Kế hoạch ...", "... báo cáo kết quả như sau"
_ISSUES = re.compile(
    r"[ \t]*(?:(?:xay[ \t]+dung|ban[ \t]+hanh)[ \t]+(?:ke[ \t]+hoach|quyet[ \t]+dinh|chuong[ \t]+trinh)"
    r"|(?:bao[ \t]+cao|thong[ \t]+bao)[ \t]+(?:ket[ \t]+qua|ket[ \t]+luan|lich)|ket[ \t]+luan[ \t]+nhu[ \t]+sau"
    r"|thong[ \t]+bao[ \t]+ket[ \t]+qua)(?![a-z])"
)
# after the verb: a count and what it counts, then the list ("kiểm tra 07/07 chi đoàn trực thuộc, gồm:",
# "Kiểm tra trực tiếp 04 đơn vị:", "Kiểm tra 05/13 Đoàn phường, ..., cụ thể:")
_COUNT_LIST = re.compile(
    rf"[ \t]+(?:(?:truc[ \t]+tiep|toan[ \t]+dien|chuyen[ \t]+de)[ \t]+)?(?:doi[ \t]+voi[ \t]+|tai[ \t]+)?"
    rf"(?:{_COUNT_WORDS}(?:[ \t]*/[ \t]*\d{{1,3}})?)[ \t]+[^:;.\n]{{0,80}}?"
    r"(?:[ \t]*,?[ \t]*(?:gom|bao[ \t]+gom|gom[ \t]+co|cu[ \t]+the(?:[ \t]+la)?|la|nhu)[ \t]*:?|[ \t]*:)[ \t]*"
)
# a count of inspected organisations or people: "kiểm tra 3.209 lượt tổ chức đảng", "kiểm tra 3.760 tổ chức hội"
_counted_work = re.compile(r"[ \t]+[\d.]+[ \t]+(?:luot[ \t]+)?(?:to[ \t]+chuc|dang[ \t]+vien|hoi[ \t]+vien|doan[ \t]+vien"
                           r"|co[ \t]+so|don[ \t]+vi|chi[ \t]+bo|chi[ \t]+hoi)(?![a-z])")
# a team of the work named at work, though no verb of the work is left ("Nằm trong chương trình giám sát ...,
# đoàn công tác của Ủy ban Kinh tế Quốc hội ... đã có buổi làm việc cùng hai tỉnh")
_TEAM_AT_WORK = re.compile(r"(?<![a-z])(?:doan|to)[ \t]+(?:kiem[ \t]+tra|giam[ \t]+sat|cong[ \t]+tac|thanh[ \t]+tra)(?![a-z])"
                           r"[^.;\n]{0,200}?(?<![a-z])lam[ \t]+viec(?![a-z])")
# "Trường Tiểu học số 2 Minh Lập đã đón đoàn kiểm tra ...": who receives the team is inspected
_RECEIVES_TEAM = re.compile(r"[ \t]+(?:(?:da|dang|se|vua)[ \t]+)?(?:don[ \t]+tiep|tiep[ \t]+don|don|tiep)[ \t]+(?:cac[ \t]+)?"
                            r"(?:doan|to)[ \t]+(?:kiem[ \t]+tra|giam[ \t]+sat|thanh[ \t]+tra|cong[ \t]+tac)(?![a-z])")
_PASSIVE_BY = re.compile(r"[ \t]+(?:da[ \t]+)?duoc[ \t]+")
_AGENT_WORKS = re.compile(r"[ \t]+(?:(?:truc[ \t]+tiep|tien[ \t]+hanh|to[ \t]+chuc)[ \t]+)?(?:kiem[ \t]+tra|giam[ \t]+sat)(?![a-z])")


# a list of grassroots units announced by their plural or counted head: "các chi bộ cơ sở: Phòng Văn hóa
# và Thông tin, Chi bộ Ban Quản lý rừng ...", "03 công đoàn cơ sở (CĐCS). gồm: CĐCS trường A, Trường B"
_GRASSROOTS = head_pattern("grassroots")
_GRASSROOTS_LIST = re.compile(
    rf"(?<![a-z])(?:cac|{_COUNT_WORDS}(?:[ \t]*/[ \t]*\d{{1,3}})?)[ \t]+(?:{_GRASSROOTS})(?:[ \t]+(?:co[ \t]+so|truc[ \t]+thuoc))*"
    r"[ \t]*(?:\([^()\n]{1,20}\)[ \t]*)?[.,]?[ \t]*(?:(?:gom|bao[ \t]+gom|gom[ \t]+co|la)[ \t]*:?|:)[ \t]*$")
_GRASSROOTS_OPENING = re.compile(rf"(?:{_GRASSROOTS})(?![a-z])")


def _grassroots_head(ix: _Index, o: OrgSpan) -> str | None:
    """The head a unit of a list of grassroots units takes when the list drops it (annotation rules:
    ``Chi bộ ...`` + unit; a list that drops the repeated head gives one unit per item), as another item
    of the list writes it: ``các chi bộ cơ sở: Phòng Văn hóa và Thông tin, Chi bộ Ban Quản lý rừng`` →
    ``Chi bộ``; ``03 công đoàn cơ sở (CĐCS). gồm: CĐCS trường A, Trường B`` → ``CĐCS``. None when ``o``
    has its head, is no such item, or no item writes the head (``09 CĐCS trực thuộc gồm: Trung tâm Y tế
    huyện A, Trung tâm Y tế huyện B``: the hosts name the units)."""
    f, raw = ix.text.folded, ix.text.plain
    if _GRASSROOTS_OPENING.match(f, o.start):
        return None
    items = _list_before(ix, o)
    if not _GRASSROOTS_LIST.search(f, max(0, items[0].start - 80), items[0].start):
        return None
    for item in items + _orgs_from(ix, o.start, len(f))[1:]:
        h = _GRASSROOTS_OPENING.match(f, item.start)
        if h:
            head = " ".join(raw[h.start():h.end()].split())
            return head[0].upper() + head[1:]   # "chi bộ Trường THCS A" lends "Chi bộ"
    return None


def _bare_generic(o: OrgSpan) -> bool:
    """An organ with no unit after it (``Thường trực``, ``Ủy ban``), or a generic head with no name or organ
    (``CĐCS``, ``Hội đồng nhân dân``): it names no body by itself (a department or a national organ does)."""
    if o.label == "BODY":
        return o.unit_start == o.start and o.end == o.head_end and o.head not in STANDS_ALONE
    return not o.named and not o.body and o.head in GENERIC_BARE


def _names_nothing(raw: str, o: OrgSpan, named: str) -> bool:
    """A generic head the text completes nowhere: ``named``, its completed name, is what is written (``Thường
    trực``, ``Ủy ban``, ``CĐCS``, ``Hội đồng nhân dân``); it names no body."""
    return _bare_generic(o) and fold(named) == fold(raw[o.start:o.end])


def _list_before(ix: _Index, o: OrgSpan) -> list[OrgSpan]:
    """``o`` and the units listed right before it (``Đoàn xã A, Đoàn xã B và`` + ``o``), in reading order."""
    import bisect

    out = [o]
    while len(out) < 30:
        first = out[0]
        i = bisect.bisect_right(ix.ends, first.start) - 1
        prev = None
        while i >= 0 and ix.ends[i] >= first.start - 90:
            if _ITEM_GAP.fullmatch(ix.text.plain, ix.ends[i], first.start):
                prev = next((p for p in ix.by_end[ix.ends[i]] if p.label == "ORG" or p.body), None)
                break
            i -= 1
        if prev is None:
            break
        out.insert(0, prev)
    return out


_PASSIVE_AFTER = re.compile(r"[ \t]+(?:da[ \t]+)?duoc[ \t]+(?:chon[ \t]+)?(?:kiem[ \t]+tra|giam[ \t]+sat)(?![a-z])")
# a place named instead of a unit, in a list after "gồm:" ("xã Đồng Văn")
_LEVEL = level_pattern("province", "district", "commune")     # administrative levels, folded
_PLACE_ITEM = re.compile(rf"({_LEVEL})[ \t]+")   # matched in folded text: the name's capital is checked in the raw
_ENUM_START = re.compile(r"[ \t]*(?:[-+•*–]|\d{1,2}[.)]|[a-zđ]\)|\|)[ \t]*")
_LABEL = re.compile(r"[^:|\n]{1,40}?:[ \t]*")
_GENERIC_END = re.compile(rf"(?<![a-z])({_LEVEL})$")
_NUMBER_END = re.compile(r"(?<![\w])\d{1,3}[A-Z]?$")
_PARENT_AFTER = re.compile(rf"[ \t]*,[ \t]*({_LEVEL}[ \t]+[A-ZĐÀ-Ỹ][\w]*(?:[ \t]+[A-ZĐÀ-Ỹ0-9][\w]*){{0,3}})")
_UBKT_HEADS = heads_with("inspection-committee")
# a plan's section that lists the units: "2. Đối tượng giám sát", "Đơn vị được kiểm tra:", "Địa bàn:"
_TARGET_HEADING = re.compile(
    r"(?:(?:[ivx]+|\d{1,2}|[a-zđ])[.)][ \t]*|[-+][ \t]*)?(?:doi[ \t]+tuong|don[ \t]+vi[ \t]+duoc|dia[ \t]+ban)"
    r"[^:\n]{0,40}?(?::[ \t]*|$)")
# the body put in charge of the planned work: "Ủy ban Kiểm tra Thị đoàn chủ trì tổ chức thực hiện"
# "UBND tỉnh ban hành Kế hoạch kiểm tra ...", "Ban Chỉ đạo ... xây dựng Kế hoạch thanh tra, kiểm tra ...": who issues
# the plan of the work orders it (annotation rules: the body given as the issuer of the plan ordering the work)
_PLANS_THE_WORK = re.compile(r"[ \t]*(?:(?:vua|da|se|cung)[ \t]+)*(?:xay[ \t]+dung|ban[ \t]+hanh)"
                             r"(?:[ \t]+va[ \t]+(?:xay[ \t]+dung|ban[ \t]+hanh))?[ \t]+"
                             r"(?:chuong[ \t]+trinh[ \t]*(?:,|va)[ \t]*)?ke[ \t]+hoach[ \t]+"
                             r"(?:thanh[ \t]+tra[ \t]*(?:,|va)?[ \t]*)?(?:kiem[ \t]+tra|giam[ \t]+sat)(?![a-z])")
_IN_CHARGE = re.compile(r"[ \t]*(?:la[ \t]+)?chu[ \t]+tri[ \t]+(?:to[ \t]+chuc[ \t]+)?thuc[ \t]+hien(?![a-z])")
_WITH = re.compile(r"[ \t]*(?:\([^()\n]{1,60}\)[ \t]*)?(?:(?:da[ \t]+|cung[ \t]+)?(?:phoi[ \t]+hop|ket[ \t]+hop)[ \t]+"
                   r"(?:voi[ \t]+|cung[ \t]+)?|(?:va|cung)[ \t]+|,[ \t]*(?:va[ \t]+)?)(?:cac[ \t]+)?")
_CO_ORGANISERS = 8
_AT_BEFORE = re.compile(r"(?<![a-z])(?:tai|den|o|doi[ \t]+voi)[ \t]+$")
# the body of a planned team: "Đoàn giám sát chuyên đề: do Ủy ban Kiểm tra Tỉnh đoàn thành lập"
_FORMED = re.compile(r"[ \t]+(?:thanh[ \t]+lap|quyet[ \t]+dinh[ \t]+thanh[ \t]+lap)(?![a-z])")
_BY = re.compile(r"(?<![a-z])do[ \t]+$")
# "Đoàn kiểm tra công tác Đoàn và phong trào thanh thiếu nhi năm 2022 của Ban Thường vụ Thành đoàn X":
# the team's subject between the team and its body (no cited document in it: "... Chỉ thị 42 của ...")
_TEAM_TOPIC_OF = re.compile(r"(?<![a-z])(?:doan|to)[ \t]+(?:kiem[ \t]+tra|giam[ \t]+sat)[ \t]+"
                            r"((?:cong[ \t]+tac|chuyen[ \t]+de|chuyen[ \t]+nganh|lien[ \t]+nganh|dinh[ \t]+ky|dot[ \t]+xuat"
                            r"|nam|dot|so)(?![a-z])(?:[ \t](?:(?!cua[ \t]|viec[ \t])[^\n.;:()“”\"]){0,120}?)?)"
                            r"[ \t]*,?[ \t]+cua[ \t]+")
# a heading of a report's part: "II. Công tác kiểm tra, giám sát của Ban Thường vụ Huyện đoàn"
_WORK_OF_HEADING = re.compile(
    r"^[ \t]*(?:(?:[ivx]+|\d{1,2}|[a-zđ])[.)][ \t]*)*(?:ket[ \t]+qua[ \t]+)?cong[ \t]+tac[ \t]+(?:kiem[ \t]+tra|giam[ \t]+sat)"
    r"(?:(?:[ \t]*,[ \t]*|[ \t]+va[ \t]+)(?:kiem[ \t]+tra|giam[ \t]+sat))?[ \t]+cua[ \t]+", re.MULTILINE)
# an organization opening its line, then a colon and the work: a headline's kicker or a list item
_LINE_OPENER = re.compile(r"(?:^|\n)[ \t]*(?:[-+•*–][ \t]*)?$")
_KICKER_WORK = re.compile(r"[ \t]*:[ \t]*(?:(?:tang[ \t]+cuong|to[ \t]+chuc|tien[ \t]+hanh|day[ \t]+manh|ra[ \t]+soat)[ \t]+)?"
                          r"(?:kiem[ \t]+tra|giam[ \t]+sat)(?![a-z])")
_TEAM_NOUN = re.compile(r"(?<![a-z])(?:doan|to)[ \t]+$")
# "kiểm tra việc thực hiện ... của Ban Chấp hành Đoàn xã A": the owner of what is checked
_OF_OWNER = re.compile(r"[ \t]+cua[ \t]+")
# "hoạt động giám sát chuyên đề của Thường trực HĐND tỉnh", "kết quả kiểm tra năm 2023 của UBKT Huyện ủy":
# "của" right after the verb, with no object between, names who does the work
_WORK_OF = re.compile(r"(?:[ \t]*(?:,|va)?[ \t]*(?:kiem[ \t]+tra|giam[ \t]+sat|khao[ \t]+sat)|[ \t]+(?:chuyen[ \t]+de|thuong[ \t]+xuyen"
                      r"|dinh[ \t]+ky|dot[ \t]+xuat|toi[ \t]+cao|nam[ \t]+\d{4}|(?:nam|nhiem[ \t]+ky)[ \t]+\d{4}[ \t]*[-–][ \t]*\d{4}))"
                      r"{0,3}[ \t]+cua[ \t]+(?:cac[ \t]+)?")
_LAW_OF_WORK = re.compile(r"(?<![a-z])luat[ \t]+(?:hoat[ \t]+dong[ \t]+)?$")   # "Luật Hoạt động giám sát của Quốc hội"
_NOT_OWNER = re.compile(r"(?<![a-z])(?:ke[ \t]+hoach|huong[ \t]+dan|chuong[ \t]+trinh|quyet[ \t]+dinh|nghi[ \t]+quyet"
                        r"|chi[ \t]+thi|chi[ \t]+dao|thong[ \t]+bao|theo|so|cap[ \t]+tren|lanh[ \t]+dao)(?![a-z])")
_SUB_NUMBER_END = re.compile(r"(?<![a-z])(?:ap|khu[ \t]+pho|to|thon|xom|ban|khu|to[ \t]+dan[ \t]+pho|khom|doi)[ \t]+\d{1,3}[a-z]?$")


_LEVEL_RAW = frozenset(level_words("province", "district", "commune"))
_CAP_WORD = f"[{UPPER}][{LOWER}{UPPER}]*(?:[’'][{LOWER}{UPPER}]+)?"   # "Đắk D’rô"


def _places_by_level(text: Text) -> dict[str, set[str]]:
    """``level word -> names`` written in the text: ``xã Mỹ Hòa Hưng``, ``TỈNH ĐOÀN HẬU GIANG`` (a
    unit's level counts: ``Tỉnh đoàn`` → ``tỉnh``), ``UBND huyện Xuyên Mộc``."""
    raw, f = text.plain, text.folded
    out: dict[str, set[str]] = {}
    pat = _places_re()
    unit_level = {"tinh": "tinh", "huyen": "huyen", "quan": "quan", "thi": "thi xa", "thanh": "thanh pho"}
    for m in pat.finditer(f):
        if m.end() >= len(raw) or not raw[m.end()].isupper():
            continue
        lvl = m.group(1)
        if lvl:
            level = unit_level[lvl]
            word = raw[m.start(1):m.end(1)].lower()
            if word not in ("tỉnh", "huyện", "quận", "thị", "thành"):
                continue
        else:
            g = next(k for k in (2, 3, 4, 5) if m.group(k))
            word = " ".join(raw[m.start(g):m.end(g)].lower().split())
            if word not in _LEVEL_RAW:
                continue
            level = " ".join(m.group(g).split())
        upper = raw[m.start():m.end()].strip().isupper()
        word_re = f"[{UPPER}]+(?![{LOWER}])" if upper else _CAP_WORD
        nm = re.match(rf"{word_re}(?:[ ](?:{word_re}|\d{{1,3}}(?![\w/])))*", raw[m.end():m.end() + 60])
        if not nm:
            continue
        words = _name_words(nm.group().split()[:4])
        if not words:
            continue
        if fold(words[0]) in ("ban", "uy", "doan", "dang", "chi", "hoi", "so", "truong", "cong", "doc"):
            continue
        if _person_after_role(raw, m.start(), words):
            continue   # "Phó Chủ tịch UBND tỉnh Trần Anh Dũng": a person, not the province's name
        if level == "tinh":
            # provinces are a closed list: "tỉnh Cà Mau Tiến Tới Đại hội" names Cà Mau, "Công đoàn viên chức tỉnh
            # Hoàn thành công tác" none
            k = next((k for k in range(len(words), 0, -1) if gazetteer().province(" ".join(words[:k]))), 0)
            if k:
                words = words[:k]
            elif not upper and not opens_province(raw[m.end():m.end() + 60].split()[:7]):
                continue
        out.setdefault(level, set()).add(_place_case(" ".join(words)))
    return out


_ROLE_RIGHT_BEFORE = re.compile(rf"{role_pattern('unit', folded=True)}[ \t]+$")


def _person_after_role(raw: str, start: int, words: list[str]) -> bool:
    """A role, a unit and a person's name (``Phó Chủ tịch UBND tỉnh Trần Anh Dũng``): the words after
    the level word open with a family name, are three or four syllables and name no known place."""
    if len(words) < 3 or words[0] not in surnames():
        return False
    if not _ROLE_RIGHT_BEFORE.search(fold(raw[max(0, start - 30):start])):
        return False
    return not gazetteer().is_place(" ".join(words))


def _name_words(words: list[str]) -> list[str]:
    """The words of a place name up to the first that ends a name (``ĐÔ VINH KIỂM TRA`` → ``ĐÔ VINH``)."""
    stop = stopwords()
    for i, w in enumerate(words):
        low = w.lower()
        two = i + 1 < len(words) and f"{low} {words[i + 1].lower()}" in stop
        if two or (i and low in stop):
            return words[:i]   # "TỈNH GIÁM SÁT CHUYÊN ĐỀ": no name at all (but "Bà Rịa" is one)
    return words


@functools.lru_cache(maxsize=1)
def _places_re():
    return re.compile(rf"(?<![a-z])(?:(tinh|huyen|quan|thi|thanh)[ \t]+doan|doan[ \t]+({_LEVEL})|dang[ \t]+uy[ \t]+({_LEVEL})"
                      rf"|(?:ubnd|uy[ \t]+ban[ \t]+nhan[ \t]+dan|hoi[ \t]+lhtn(?:[ \t]+viet[ \t]+nam)?)[ \t]+({_LEVEL})"
                      rf"|({_LEVEL}))[ \t]+")


def _names_itself(raw: str, o: OrgSpan) -> bool:
    """A head that names one agency by its sector (``Sở Xây dựng``, ``Chi cục Quản lý thị trường``,
    ``Bộ Y tế``): its words after the first are capitalised; generic heads (``Chi bộ``, ``UBND``) never."""
    if o.label != "ORG" or o.head in GENERIC_BARE or o.head in BUSINESS or o.body:
        return False   # a business is named by its proper name, not by "Công ty TNHH"
    words = raw[o.unit_start:o.end].split()
    return any(w[:1].isupper() for w in words[1:]) and not raw[o.unit_start:o.end].isupper()


def _reduce(raw: str, o: OrgSpan) -> list[tuple[str, int]]:
    """The unit an inspected mention names: the organization, not its committee (``Ban Thường vụ
    Huyện đoàn X`` → ``Huyện đoàn X``); an inspected Ủy ban Kiểm tra is listed with its unit."""
    if o.body and o.unit_start > o.start:
        unit = raw[o.unit_start:o.end]
        if o.body in _UBKT_HEADS:
            return [(raw[o.start:o.end], o.start), (unit, o.unit_start)]
        return [(unit, o.unit_start)]
    return [(raw[o.start:o.end], o.start)]


def bodies_and_units(text: Text, orgs: list[OrgSpan], verbs: list[tuple[int, int]],
                     title_span, official: bool = False, counted: list[tuple[int, int]] = ()
                     ) -> tuple[list[Mention], list[Mention]]:
    raw, f = text.raw, text.folded
    title_place = _title_place(text, title_span)
    ix = _Index(text, orgs)
    bodies: list[OrgSpan] = []
    units: list[OrgSpan] = []
    place_units: list[tuple[str, int, int]] = []   # (name, start, end of what is written)
    targeted = _targets_of_the_work(text, ix)
    if (not verbs and not counted and not targeted and not _TEAM_AT_WORK.search(f)
            and not any(o.head == _INSPECTORATE_HEAD for o in orgs)):
        return [], []

    def zones_cover(a: int, b: int) -> bool:   # "của" inside a quoted title
        seg = raw[a:b]
        return seg.count("“") > seg.count("”") or seg.count('"') % 2 == 1

    plain = set(verbs)
    weak: set[int] = set()   # bodies known only from a counted verb ("đã triển khai hai đợt kiểm tra")
    every_verb = sorted(set(verbs) | set(counted))   # plain and counted: "kiểm tra 3 hộ kinh doanh tại các xã A, B"
    for s, e in every_verb:
        ss, se = text.sentence_at(s)
        b = _org_ending_at(ix, f, s, ss)
        if b is not None and _OBJECT_BEFORE.search(f, max(0, b.start - 16), b.start):
            b = None   # "làm việc với Hội LHPN tỉnh Vĩnh Long về kiểm tra": the object, not the subject
        if b is None:
            b = _org_ending_at(ix, f, s, ss, _FILLER_COUNT)
            if b is not None:
                weak.add(b.start)
        if b is None:
            b = _joined_subject(text, ix, s, ss)
            if b is not None and (s, e) not in plain:
                bodies.append(b)   # a counted verb after a named subject of several members
                continue
        if (s, e) not in plain:
            # a counted verb ("đã kiểm tra 07/07 chi đoàn trực thuộc, gồm: ...") counts after a body
            if b is None:
                continue
            if _announced_list(text, ix, e, (ss, se), units, place_units):
                bodies.append(b)
            elif b.start not in weak and (b.named or _names_itself(raw, b)) and _counted_work.match(f, e):
                bodies.append(b)   # "Hội CCB T.P Hải Phòng kiểm tra 3.760 tổ chức hội": a named body's own count
            continue
        if b is not None:
            bodies.append(b)
            # co-organisers: "Ban Thư ký Ủy ban Hội ... phối hợp với Ban Thường vụ Tỉnh đoàn tổ chức giám sát",
            # "Đội QLTT số 1 phối hợp Đội Cảnh sát kinh tế - Công an thành phố, Phòng Y tế thành phố tiến hành
            # kiểm tra", "Công an H.Ia Grai (Gia Lai) phối hợp Phòng Cảnh sát kinh tế ... phát hiện"
            at = len(bodies) - 1
            co = _org_ending_at(ix, f, b.start, ss, _WITH)
            while co is not None and len(bodies) - at < _CO_ORGANISERS and (co.label == "ORG" or co.body) \
                    and not _AT_BEFORE.search(f, max(0, co.start - 16), co.start):   # "Riêng tại Đoàn phường A, ..."
                bodies.insert(at, co)
                co = _org_ending_at(ix, f, co.start, ss, _WITH)
        # units: right after the verb, or after "đối với" / "tại" further on in the sentence
        window = min(se, e + 400)
        gap = re.compile(r"[ \t]*").match(f, e)
        units.extend(_orgs_from(ix, gap.end(), window))
        for m in _AFTER_TARGET.finditer(f, e, window):
            if m.start() > e and not re.match(r"[ \t,]", f[m.start()]):
                continue
            units.extend(_orgs_from(ix, m.end(), window))
        owner = _org_after_work(ix, f, s, e)
        if owner is not None and (owner.label == "ORG" or owner.body):
            bodies.append(owner)
        om = None if owner is not None else _OF_OWNER.search(f, e, min(se, e + 200))
        team = b is None and _TEAM_NOUN.search(f, max(0, s - 6), s)   # "Đoàn kiểm tra ... của X": X's team
        if om and not team and not _NOT_OWNER.search(f, e, om.start()) and not zones_cover(e, om.start()):
            units.extend(_orgs_from(ix, om.end(), window))
        _announced_list(text, ix, e, (ss, se), units, place_units)
        # passive: "Đoàn xã A được kiểm tra"
    units.extend(targeted)
    for m in _PASSIVE_AFTER.finditer(f):
        o = _org_ending_at(ix, f, m.start(), max(0, m.start() - 200), re.compile(r""))
        if o is not None and o.end == m.start():
            units.extend(_list_before(ix, o))
    for m in _PASSIVE_BY.finditer(f):
        # "Đoàn xã A, Đoàn thị trấn B đã được Ban Thường vụ Huyện đoàn C kiểm tra": the agent is the body
        o, agent = ix.by_end.get(m.start()), ix.by_start.get(m.end())
        if o and agent is not None and (agent.label == "ORG" or agent.body) and _AGENT_WORKS.match(f, agent.end):
            units.extend(_list_before(ix, o[0]))
            bodies.append(agent)
    for m in _RECEIVES_TEAM.finditer(f):
        o = ix.by_end.get(m.start())
        if o:
            units.append(o[0])
    for m in _WORKED.finditer(f):
        worked_with = _orgs_from(ix, m.end(), min(len(f), m.end() + 400))
        units.extend(worked_with)
        if not worked_with:   # "làm việc cùng hai tỉnh Nghệ An và Hà Tĩnh", "làm việc với các trường thuộc xã A"
            after = _GENERIC_BEFORE_PLACE.match(f, m.end()).end()
            place_units.extend(_places_at(text, after, text.sentence_at(m.start())[1]))
    for m in _TEAM_TOPIC_OF.finditer(f):
        o = ix.by_start.get(m.end())
        if o is not None and not _NOT_OWNER.search(m.group(1)):
            bodies.extend(_co_owners(ix, f, o))
    for m in _TEAM_OF.finditer(f):
        o = ix.by_start.get(m.end())
        # without "của"/"do", only a named team: "Đoàn công tác Ban Bí thư ...", "Đoàn Kiểm tra Tỉnh đoàn"
        bare = not re.search(r"(?:cua|do|thuoc)[ \t]+$", m.group())
        if o is not None and (not bare or "cong tac" in m.group() or raw[m.start()].isupper()):
            bodies.extend(_co_owners(ix, f, o) if not bare else [o])
    for m in _WORK_OF_HEADING.finditer(f):
        o = ix.by_start.get(m.end())
        if o is not None:
            bodies.append(o)
    for o in orgs:
        # a headline's kicker or a list item naming who does the work: "Hội Liên hiệp Phụ nữ tỉnh: giám sát
        # về ...", "- Huyện đoàn A: kiểm tra 3 chi đoàn"
        if o.label == "ORG" and _LINE_OPENER.search(f, max(0, o.start - 8), o.start) and _KICKER_WORK.match(f, o.end):
            bodies.append(o)
    for o in orgs:
        if o.label == "ORG" and _WORKS_WITH.match(f, o.end):
            bodies.append(o)
    article = article_end(text)
    for o in orgs:
        # "Phòng khám đa khoa An Khang (96 Ô Chợ Dừa, ...) bị đình chỉ hoạt động": a business found at fault
        # "đã tạm đình chỉ hoạt động của Phòng khám đa khoa Nhân Ái", "xử phạt hành chính doanh nghiệp tư nhân X"
        if o.head in BUSINESS and o.named and o.start < article and (_SANCTIONED.match(f, o.end) or (
                every_verb and _SANCTION_BEFORE.search(f, max(0, o.start - 60), o.start))):
            units.append(o)
    for m in _PASSIVE_LIST.finditer(f):
        units.extend(_orgs_from(ix, m.end(), min(len(f), m.end() + 600)) or _bullet_orgs(text, ix, m.end()))
    if every_verb:
        for m in _FAULT_LIST.finditer(f):
            listed = _orgs_from(ix, m.end(), min(len(f), m.end() + 600))
            units.extend(listed)
            if not listed and m.group("head"):
                place_units.extend(_named_list(text, m.end(), " ".join(raw[m.start("head"):m.end("head")].split())))
    if official:
        # who issues the plan, report or conclusion; not an organ of a body already known to inspect
        # ("Đoàn kiểm tra của Hội đồng Đội tỉnh ...", then "Thường trực Hội đồng Đội tỉnh kết luận")
        inspecting = {fold(raw[o.start:o.end]) for o in bodies}
        for o in orgs:
            if (o.label == "ORG" or o.body) and _ISSUES.match(f, o.end) and not (
                    o.body and o.unit_start > o.start and fold(raw[o.unit_start:o.end]) in inspecting):
                bodies.append(o)
        for o in orgs:
            if (o.label == "ORG" or o.body) and (_IN_CHARGE.match(f, o.end)
                                                 or (_FORMED.match(f, o.end) and _BY.search(f, max(0, o.start - 4), o.start))):
                bodies.append(o)
        units.extend(_schedule_units(text, ix))
        units.extend(_target_section_units(text, ix))
    for o in orgs:
        if o.label != "ORG" and not o.body:
            continue
        if (_LEADS.match(f, o.end) or _CONCLUDES.match(f, o.end) or _PLANS_THE_WORK.match(f, o.end)
                or _CONCLUSION_OF.search(f, max(0, o.start - 40), o.start)):
            bodies.append(o)
        elif _DONE_BY.match(f, o.end) and _WORK_BEFORE_BY.search(f, max(0, o.start - 110), o.start):
            bodies.append(o)
    bodies.extend(_inspectorates(text, orgs, verbs))
    if every_verb:
        bodies.extend(_joint_work(text, ix))
    # units given by a count ("24/24 Đoàn cơ sở đã kiểm tra", "kiểm tra 12 Đoàn xã") are no body, and no
    # inspected unit unless named
    bodies = [o for o in bodies if (not _counted(f, o.start) or committees_together(f, o)) and _may_inspect(f, o)]
    issuer = (_issuing_line(text, ix) or _header_issuer(text, ix)) if official else None
    if not bodies and not issuer:
        for find in (_subject_of_the_work, _owner_of_the_work, _leader_org, _issuer_of_the_order):
            bodies = [o for o in find(text, ix) if _may_inspect(f, o)]
            if bodies:
                break
    place_bodies = [] if bodies or issuer else _place_before_verb(text, verbs)
    units = [o for o in units if o.named or not _counted(f, o.start)]
    completer = _Completer(text, ix, title_place, issuer)
    if issuer and not bodies and verbs:
        bodies_named = [(completer.level_unit(completer.fuller(issuer)), None)]
    else:
        bodies_named = []
    if weak:
        unit_folds = {fold(completer.unit(n, u, p)) for u in units for n, p in _reduce(raw, u)}
        bodies = [o for o in bodies if not (o.start in weak and fold(completer.body(o)) in unit_folds)]
    body_pairs = []
    for o in bodies:
        # "UBND các phường Thuận Hóa, Phú Xuân tổ chức kiểm tra": each body of the list that drops its head
        listed = [] if o.named else _elided_list(text, o, ix.by_start.keys())
        if listed:
            body_pairs += [(n, OrgSpan(s, e, "ORG", o.head, True)) for n, s, e in listed]
            continue
        named = completer.body(o)
        if not _names_nothing(raw, o, named):
            body_pairs.append((named, o))
    body_pairs += [(name, OrgSpan(ps, pe, "ORG", "place", True)) for name, ps, pe in place_bodies]
    for n, _ in bodies_named:
        written = _written_as(ix, n)
        if written is not None:       # where the header prints it, for the span
            body_pairs.append((n, written))
    body_names = _most_specific(_unique(n for n, _ in body_pairs))
    body_set = {match_key(n) for n in body_names}
    unit_pairs: list[tuple[str, int, int]] = []    # (name as stated, where it is written)
    for o in units:
        for name, pos in _reduce(raw, o):
            full = completer.unit(name, o, pos)
            if not o.named and fold(full) == fold(raw[o.unit_start:o.end]) and not _names_itself(raw, o):
                continue  # a bare level word ("Đoàn phường được kiểm tra"): no unit is named
            head = _grassroots_head(ix, o)
            unit_pairs.append((f"{head} {full}" if head else full, pos, pos + len(name)))
    unit_pairs.extend(place_units)
    for o in units:
        unit_pairs.extend(_elided_list(text, o, ix.by_start.keys()))
    # places where the work was done, unless a unit named after the place stands for them ("UBND xã A")
    named_keys = [match_key(n) for n, _, _ in unit_pairs]
    for p in _places_of_the_work(text, every_verb):
        k = match_key(p[0])
        if named_keys and not any(k.startswith(lv + " ") for lv in _LOCAL_LEVELS):
            continue   # beside named units, only districts and communes (a hamlet visited is no unit)
        if not any(nk == k or nk.endswith(" " + k) for nk in named_keys):
            unit_pairs.append(p)
    body_keys = [match_key(b) for b in body_names]
    bodies_m, seen = [], set()
    for n, o in body_pairs:
        k = match_key(n)
        n = next((b for b, bk in zip(body_names, body_keys) if bk == k or bk.endswith(" " + k)
                  or _bare_key(bk) == _bare_key(k)), n)
        if match_key(n) in seen:
            continue
        seen.add(match_key(n))
        bodies_m.append(Mention(n, (o.start, o.end)))
    units_m, seen = [], set()
    for n, pos, end in unit_pairs:
        k = match_key(n)
        if k in seen or k in body_set or any(bk.endswith(" " + k) or bk.startswith(k + " ") for bk in body_keys):
            continue
        seen.add(k)
        units_m.append(Mention(n, (pos, end)))
    return bodies_m, units_m


def completed_names(text: Text, orgs: list[OrgSpan], title_span) -> list[Mention]:
    """Every organization as the rules would name it if it were a body (``Huyện đoàn`` → ``Huyện đoàn
    Phước Long`` when the text gives the one place), at the span where it is written: the names the
    who-inspected-whom model (``nlp/roles.py``) weighs. A name is completed as ``bodies_and_units``
    completes a body's (place completion of the annotation rules); a generic head the text completes
    nowhere (``Thường trực``, ``CĐCS``) names nothing and is left out."""
    ix = _Index(text, orgs)
    completer = _Completer(text, ix, _title_place(text, title_span))
    out = []
    for o in orgs:
        named = completer.body(o)
        if not _names_nothing(text.raw, o, named):   # as bodies_and_units
            out.append(Mention(named, (o.start, o.end)))
    return out


# "Ban Kinh tế - Ngân sách HĐND tỉnh do ông X - Trưởng Ban làm trưởng đoàn đã làm việc với ...": the
# body whose head leads the team
# "2 cuộc kiểm tra do Sở Xây dựng thực hiện", "Đoàn kiểm tra liên ngành do Chi cục An toàn thực phẩm làm nòng cốt"
_DONE_BY = re.compile(r"[ \t]+(?:(?:truc[ \t]+tiep|cung)[ \t]+)?(?:thuc[ \t]+hien|chu[ \t]+tri|tien[ \t]+hanh|lam[ \t]+nong[ \t]+cot"
                      r"|lam[ \t]+thuong[ \t]+truc|to[ \t]+chuc)(?![a-z])")
_WORK_BEFORE_BY = re.compile(r"(?<![a-z])(?:kiem[ \t]+tra|giam[ \t]+sat|thanh[ \t]+tra)(?![a-z])[^.;:\n]{0,100}?(?<![a-z])do[ \t]+$")
_LEADS = re.compile(r"[ \t]*,?[ \t]*do[ \t]+[^.;:\n]{0,120}?(?<![a-z])(?:lam[ \t]+truong[ \t]+doan|dan[ \t]+dau)(?![a-z])")
# "Thanh tra tỉnh X vừa có kết luận thanh tra ...", "TTCP công bố kết luận thanh tra": who concludes an inspection
_CONCLUDES = re.compile(r"[ \t]*(?:(?:vua|da|moi|cung)[ \t]+)*(?:(?:co|ban[ \t]+hanh|cong[ \t]+bo|cong[ \t]+khai)[ \t]+)?"
                        r"(?:(?:van[ \t]+ban|thong[ \t]+bao)[ \t]+)?ket[ \t]+luan[ \t]+(?:thanh[ \t]+tra|kiem[ \t]+tra|giam[ \t]+sat)(?![a-z])")
# "Theo kết luận của Ủy ban Kiểm tra Trung ương", "kết luận thanh tra của Thanh tra tỉnh": its author
_CONCLUSION_OF = re.compile(r"(?<![a-z])ket[ \t]+luan(?:[ \t]+(?:thanh[ \t]+tra|kiem[ \t]+tra|giam[ \t]+sat))?[ \t]+cua[ \t]+$")
# an inspectorate named by its level or its parent ("Thanh tra tỉnh Long An", "Thanh tra Sở Y tế", "TTCP"): in a
# text about state inspection it is the inspecting body
_INSPECTORATE_HEAD = "thanh-tra"


# what is said of a business the inspection found at fault: a sanction, or the violation itself
_SANCTIONED = re.compile(r"[ \t]*(?:\([^()\n]{1,120}\)[ \t]*)?,?[ \t]*(?:(?:da|cung|con)[ \t]+)?"
                         r"(?:bi[ \t]+(?:xu[ \t]+phat|phat|dinh[ \t]+chi|tuoc|thu[ \t]+hoi)"
                         r"|co[ \t]+(?:cac[ \t]+)?(?:hanh[ \t]+vi[ \t]+)?vi[ \t]+pham|vi[ \t]+pham[ \t]+(?:quy[ \t]+dinh|phap[ \t]+luat))(?![a-z])")
# a sanction right before a business: "tạm đình chỉ hoạt động của", "ra quyết định xử phạt hành chính"
_SANCTION_BEFORE = re.compile(r"(?<![a-z])(?:xu[ \t]+phat(?:[ \t]+(?:vi[ \t]+pham[ \t]+)?hanh[ \t]+chinh)?(?:[ \t]+(?:doi[ \t]+voi|voi))?"
                              r"|(?:tam[ \t]+)?dinh[ \t]+chi(?:[ \t]+hoat[ \t]+dong)?(?:[ \t]+(?:cua|doi[ \t]+voi))?"
                              r"|(?:thu[ \t]+hoi|tuoc)[ \t]+giay[ \t]+phep(?:[ \t]+\S+)?(?:[ \t]+cua)?"
                              r"|phat[ \t]+hien[ \t]+(?:(?:mot[ \t]+so|nhieu)[ \t]+)?(?:sai[ \t]+pham|vi[ \t]+pham)[ \t]+(?:o|tai))[ \t]+$")
# establishments found at fault, then their list: "các đơn vị vi phạm, gồm: ...", "11 quán karaoke bị tạm đình
# chỉ hoạt động gồm: Gia Đình, 766, ..." (a business's head, when the list drops it, is written before each name)
_FAULT_LIST = re.compile(
    rf"(?<![a-z])(?:(?:cac|{_COUNT_WORDS})[ \t]+)?(?:don[ \t]+vi|co[ \t]+so|(?P<head>{head_pattern('business')}))"
    r"[ \t]+(?:(?:da|co|deu)[ \t]+)?(?:vi[ \t]+pham|bi[ \t]+(?:xu[ \t]+phat|phat|(?:tam[ \t]+)?dinh[ \t]+chi|tuoc|thu[ \t]+hoi))"
    r"(?![a-z])[^.:;\n]{0,40}?(?:gom|la|bao[ \t]+gom)?[ \t]*:[ \t]*")
_LISTED_WORD = rf"[{UPPER}0-9](?:[\w’']|\.(?=\w))*"    # "Gia", "766", "O2", "P.K.C"
_LISTED_NAME = re.compile(rf"{_LISTED_WORD}(?:[ \t]+{_LISTED_WORD}){{0,4}}")


def _named_list(text: Text, pos: int, head: str) -> list[tuple[str, int, int]]:
    """The names listed from ``pos`` (``Gia Đình, 766, Quốc Thịnh và Sky``), each given the head the list
    dropped (``quán karaoke Gia Đình``)."""
    raw = text.plain
    out = []
    while len(out) < 30:
        m = _LISTED_NAME.match(raw, pos)
        if not m or len(m.group().split()) > 4:
            break
        out.append((f"{head} {m.group()}", m.start(), m.end()))
        g = _ITEM_GAP.match(raw, m.end())
        if not g:
            break
        pos = g.end()
    return out if len(out) > 1 else []


_CO_OWNER = re.compile(r"[ \t]*(?:,|va)[ \t]+")


def _co_owners(ix: _Index, f: str, o: OrgSpan) -> list[OrgSpan]:
    """The owner of a team and those named with it (annotation rules: a team names its owner): ``Đoàn kiểm
    tra, giám sát số 15 của Bộ Chính trị, Ban Bí thư``, ``Đoàn giám sát của UBKT Tỉnh ủy và UBKT Đảng ủy
    Quân khu 4`` give both."""
    out = [o]
    while len(out) < 4:
        m = _CO_OWNER.match(f, out[-1].end)
        nxt = ix.by_start.get(m.end()) if m else None
        if nxt is None or not (nxt.label == "ORG" or nxt.body or nxt.label == "BODY"):
            break
        out.append(nxt)
    return out


def _inspectorates(text: Text, orgs: list[OrgSpan], verbs: list[tuple[int, int]]) -> list[OrgSpan]:
    f, raw = text.folded, text.raw
    if verbs and not any(f.startswith("thanh", s) for s, _ in verbs):
        return []
    out = []
    for o in orgs:
        if o.label != "ORG" or o.head != _INSPECTORATE_HEAD or o.body:
            continue
        name = match_key(text.raw[o.start:o.end])
        if name in ("thanh tra", "ban thanh tra nhan dan") or name.startswith("ban "):
            continue   # the bare word (a header line, "Phòng Thanh tra"), a people's inspection board
        before = f[max(0, o.start - 8):o.start]
        if re.search(r"(?<![a-z])(?:phong|doan|to)[ \t]+$", before):
            continue   # a department or team of the inspectorate
        chief = re.search(r"(?<![a-z])chanh[ \t]+$", before)
        named_chief = _NAME_AFTER.match(raw, o.end) if chief else None
        if (_PREDICATE.match(f, o.end) or _INSPECTORATE_ACTS.match(f, o.end)
                or re.search(r"(?<![a-z])(?:bi|do)[ \t]+$", before)
                or (chief and f.startswith(",", o.end))
                or (named_chief and _INSPECTORATE_ACTS.match(f, named_chief.end()))):
            out.append(o)   # it acts, is the agent of a passive, or its chief speaks ("ông X, Chánh Thanh tra tỉnh Y, cho biết")
    return out


# "X (...) phối hợp với Y, Z đã phát hiện, thu giữ ...": agencies that do the work together
_JOINED_BY = re.compile(r"[ \t]*(?:\([^()\n]{1,60}\)[ \t]*)?(?:da[ \t]+)?phoi[ \t]+hop[ \t]+(?:voi[ \t]+|cung[ \t]+)?")
_JOINT_ACT = re.compile(r"[^.;:\n]{0,150}?(?<![a-z])(?:kiem[ \t]+tra|thanh[ \t]+tra|giam[ \t]+sat|kiem[ \t]+soat|phat[ \t]+hien"
                        r"|thu[ \t]+giu|bat[ \t]+giu|tam[ \t]+giu|xu[ \t]+phat|lap[ \t]+bien[ \t]+ban)(?![a-z])")


def _joint_work(text: Text, ix: _Index) -> list[OrgSpan]:
    """Agencies that join to do the work, in its sentence: ``Hải quan cửa khẩu quốc tế Lào Cai (Chi cục Hải
    quan khu vực VII) phối hợp với Trạm Kiểm dịch thực vật Kim Thành đã phát hiện``, ``Hạt Kiểm lâm huyện A
    phối hợp cùng Đội Cảnh sát kinh tế - Công an huyện A, ... kiểm tra``."""
    f = text.folded
    out: list[OrgSpan] = []
    for o in ix.orgs:
        if o.label != "ORG" and not o.body:
            continue
        j = _JOINED_BY.match(f, o.end)
        if j is None or j.end() == o.end:
            continue
        joined = [p for p in _orgs_from(ix, j.end(), text.sentence_at(o.start)[1]) if p.label == "ORG" or p.body]
        act = _JOINT_ACT.match(f, joined[-1].end) if joined else None
        if act and not any(joined[-1].end <= p.start < act.end() for p in ix.orgs):
            out.extend([o, *joined])
    return out


_INSPECTORATE_ACTS = re.compile(r"[ \t]*(?:(?:cung|vua|moi|da|con)[ \t]+)*(?:cho[ \t]+biet|chi[ \t]+ra|xu[ \t]+phat|phat[ \t]+hien"
                                r"|(?:co[ \t]+)?ket[ \t]+luan|ban[ \t]+hanh|cong[ \t]+bo|xac[ \t]+dinh|neu[ \t]+ro)(?![a-z])")
# a person's name right after an office ("Chánh Thanh tra tỉnh Kiên Giang Ngô Quang Hưởng vừa kết luận ...")
_NAME_AFTER = re.compile(rf"[ \t]+{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{1,3}}")


# units named by their place after a generic word: "tại đơn vị xã Khánh Lâm", "với các trường thuộc xã Nậm Ban"
_GENERIC_BEFORE_PLACE = re.compile(r"(?:(?:cac[ \t]+)?(?:don[ \t]+vi|truong|co[ \t]+so)[ \t]+(?:(?:thuoc|tai|o|cua)[ \t]+)?)?")
# where the work was done: "tại", "ở", "đến", "đối với", "làm việc với", "trên địa bàn" ...
_WHERE = re.compile(r"(?<![a-z])(?:tai|o|den|doi[ \t]+voi|lam[ \t]+viec[ \t]+(?:voi|tai)|tren[ \t]+dia[ \t]+ban"
                    r"|dia[ \t]+ban|gom(?:[ \t]+co)?|bao[ \t]+gom)[ \t]+" + _GENERIC_BEFORE_PLACE.pattern)
_LEVEL_WORD = level_pattern()     # every level word, down to hamlets, folded
_LEVEL_ONLY = re.compile(_LEVEL_WORD)
# a counted or plural list of places: "6 huyện, thành phố: A, B", "các xã A, B và C", "03 xã: A, B"
_PLACE_COUNT = re.compile(rf"(?:cac|{_COUNT_WORDS})[ \t]+{_LEVEL_WORD}"
                          rf"(?:[ \t]*,[ \t]*{_LEVEL_WORD})*(?:[ \t]*,?[ \t]+(?:la|gom(?:[ \t]+co)?|bao[ \t]+gom|sau|nhu[ \t]+sau|duoi[ \t]+day))?[ \t]*:?[ \t]*")
_ONE_PLACE = re.compile(rf"({_LEVEL_WORD})[ \t]+")
_OF_PLACES = re.compile(r"(?:cua|thuoc|o|tren[ \t]+dia[ \t]+ban)[ \t]+")


def _places_of_the_work(text: Text, verbs: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """Units named by their place where the work was done (annotation rules): ``tại xã A`` → ``xã A``;
    ``tại 6 huyện, thành phố: A, B và C`` and ``các xã A, B`` → ``A``, ``B``, ``C``; in the sentence of
    a verb of the work, after it, and before a list of related articles."""
    f = text.folded
    out: list[tuple[str, int, int]] = []
    done: set[tuple[int, int]] = set()
    end = article_end(text)
    for s, e in verbs:
        sentence = text.sentence_at(s)
        if sentence in done:
            continue
        done.add(sentence)
        ss, se = sentence
        se = min(se, end)
        for w in _WHERE.finditer(f, e, se):
            out.extend(_places_at(text, w.end(), se))
        # a second target of the sentence's work: "giám sát tại bộ phận “một cửa” của thị xã và các xã A, B"
        for w in _AND_PLACES.finditer(f, e, se):
            out.extend(_places_at(text, w.end(), se))
        # the place visited to do the work: "đã đến xã Long Điền B kiểm tra", "về huyện A giám sát"
        for w in _VISIT.finditer(f, max(ss, s - 160), s):
            places = _places_at(text, w.end(), s)
            if places and _VISIT_GAP.fullmatch(f, places[-1][2], s):
                out.extend(places)
        # a plan's topics, each with the places where it is done in brackets: "giám sát công tác bảo vệ môi
        # trường (xã Liên Hiệp, thị trấn Liên Nghĩa); giám sát ... (xã Đà Loan, Phú Hội)"
        for b in _BRACKET.finditer(f, e, se):
            if _LEVEL_ONLY.search(f, max(e, b.start() - 40), b.start()) or not _TOPIC_WORD_BEFORE.search(
                    text.raw, max(e, b.start() - 20), b.start()):
                continue   # "Đoàn xã Lũng Cú (huyện Đồng Văn)", "hộ kinh doanh P.K.C (phường Vạn Xuân)": where a
                # unit already named is
            places = _places_at(text, b.start() + 1, b.end() - 1)
            if places and not f[places[-1][2]:b.end() - 1].strip():
                out.extend(places)
    return out


_TOPIC_WORD_BEFORE = re.compile(rf"(?<![{LOWER}{UPPER}])[{LOWER}]+[ \t]*$")   # a topic's last word, in lower case
_BRACKET = re.compile(r"\([^()\n]{3,160}\)")


_AND_PLACES = re.compile(rf"(?<![a-z])va[ \t]+(?=cac[ \t]+{_LEVEL_WORD}[ \t]+)")
_VISIT = re.compile(r"(?<![a-z])(?:den|ve|xuong|toi)[ \t]+")
_VISIT_GAP = re.compile(r"[ \t]*,?[ \t]*(?:(?:de|nham|va|tien[ \t]+hanh|to[ \t]+chuc|truc[ \t]+tiep|lam[ \t]+viec[ \t]+va)[ \t]+)*")


def _places_at(text: Text, pos: int, end: int) -> list[tuple[str, int, int]]:
    """The places listed from ``pos`` (before ``end``): after a count or ``các`` (``6 huyện, thành phố:
    A, B``, ``hai tỉnh A và B``), or each with its own level word (``xã A, xã B``)."""
    counted = _PLACE_COUNT.match(text.folded, pos)
    if counted:
        parents = _OF_PLACES.match(text.folded, counted.end())
        if parents and _ONE_PLACE.match(text.folded, parents.end()):
            # "tại 44 xã của thị xã Cai Lậy, huyện Tân Phước": the places counted in are named, not the communes
            return _name_list(text, parents.end(), end, None)
        return _name_list(text, counted.end(), end, _list_level(text, counted))
    if _ONE_PLACE.match(text.folded, pos):
        return _name_list(text, pos, end, None)
    return []


_LOCAL_LEVELS = frozenset(fold(w) for w in level_words("district", "commune"))
_AMBIGUOUS_LEVELS = frozenset(fold(w) for w, _, ambiguous in levels() if ambiguous)
_LEVELS_WRITTEN = frozenset(w for w, _, _ in levels())
_LEVEL_IN_LIST = re.compile(rf"(?<![a-z])({_LEVEL_WORD})(?![a-z])")


def _list_level(text: Text, counted) -> str | None:
    """The one level word of a counted or plural list of provinces, districts or communes (``11 xã:``,
    ``các huyện:``, ``hai tỉnh``), written before each place it lists (annotation rules: the elided head
    is restored); provinces only when their names follow the level word (``hai tỉnh Nghệ An và Hà Tĩnh``,
    but ``8 tỉnh: Ninh Bình, Lào Cai``); None for lists of several levels (``6 huyện, thành phố:``)."""
    found = list(_LEVEL_IN_LIST.finditer(text.folded, counted.start(), counted.end()))
    levels_ok = _LOCAL_LEVELS if ":" in counted.group() else _LOCAL_LEVELS | {"tinh"}
    if len(found) != 1 or " ".join(found[0].group(1).split()) not in levels_ok:
        return None
    return text.plain[found[0].start(1):found[0].end(1)].lower()


# a number ends a place's name ("Phường 3"), unless it counts what follows ("huyện Phù Yên 7 cơ sở")
_NAME_RUN = re.compile(rf"{_CAP_WORD}(?:[ \t]+(?:{_CAP_WORD}|\d{{1,3}}(?![\w/])(?![ \t]+[{LOWER}])))*")
# between listed places: a comma, "và", a bracket, or a count of what was found there ("huyện Phù Yên 7 cơ sở,
# huyện Mai Sơn 19 cơ sở")
_NAME_GAP = re.compile(rf"[ \t]*(?:\([^()\n]{{0,40}}\)[ \t]*)?(?:\d{{1,4}}(?:[ \t]+[{LOWER}]+){{1,2}}[ \t]*(?=,|;|và))?"
                       r"(?:,|;|và)[ \t]*(?:và[ \t]+)?")
_LOWER_SYLLABLE = re.compile(rf"[ ]([{LOWER}]+)(?![\w])")
_PLACE_NAME = re.compile(rf"{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,3}}")


def _name_list(text: Text, pos: int, end: int, level: str | None, units_at=frozenset()) -> list[tuple[str, int, int]]:
    """Capitalised place names listed from ``pos``: ``A, B và C``, each item with its own level word or
    the one before it (a list that drops the repeated head: ``huyện A, B và thị xã C`` → ``huyện A``,
    ``huyện B``, ``thị xã C``)."""
    raw, folded = text.plain, text.folded
    out = []
    rank = _LEVEL_RANK.get(" ".join(fold(level).split())) if level else None
    comma = False
    tight = False
    while pos < end and len(out) < 30:
        written = pos
        own = _ONE_PLACE.match(folded, pos, end)
        if own and raw[own.start(1)].isupper() and " ".join(own.group(1).split()) in _AMBIGUOUS_LEVELS:
            own = None   # "Ban Thường vụ", "Khu Kinh tế": a capitalised word that is a level only in lower case
        if own and " ".join(raw[own.start(1):own.end(1)].lower().split()) not in _LEVELS_WRITTEN:
            own = None   # "Quan Sơn": the letters of "quận" without its tone
        if own and own.end() < end and raw[own.end()].isupper():
            own_rank = _LEVEL_RANK.get(" ".join(own.group(1).split()))
            if comma and rank is not None and own_rank is not None and _RANKS.index(own_rank) > _RANKS.index(rank):
                break   # "xã Mỹ Phước, huyện Mang Thít, tỉnh Vĩnh Long": the parents of the place, not more units
            level, rank = raw[own.start(1):own.end(1)], own_rank
            pos = own.end()
        m = _NAME_RUN.match(raw, pos, end)
        if not m or _ROLE_START.match(raw, m.start()) or m.start() in units_at:
            break   # "...; Thứ trưởng Bộ Y tế": a role, the list of places is over; "..., và Đội Quản lý điện lực
            # khu vực Na Hang": a unit of its own
        run = m.group().split()[:4]
        if len(run) == 1 and run[0] in _SHORT_LEVELS:
            dotted = _SHORT_DOT.match(raw, m.end(), end)   # "TP. Long Xuyên": the short level and its dot
            if dotted:
                m = _SHORT_NAME.match(raw, m.start(), end)
                run = m.group().split()[:5]
        words = _name_words(run)
        known = next((run[:k] for k in range(len(run), len(words), -1) if gazetteer().is_place(" ".join(run[:k]))), None)
        if known:
            words = known   # a known place holding a word that usually ends a name: "xã Nậm Ban"
        if words and words[0].isupper() and fold(words[0]) in _ACRONYMS and words[0] not in _SHORT_LEVELS:
            break   # "UBND huyện Gò Dầu, UBND thị xã ...": the next unit, not another place of the list
        if not words or (len(words) == 1 and fold(words[0]) in _NOT_A_PLACE) or (
                words[0].lower() in _ORG_FIRST and not (level and gazetteer().is_place(" ".join(words)))):
            break   # "Trường Tây" in a list of communes is a commune, not a school
        if words[0].lower() in _person_openers() and not gazetteer().is_place(" ".join(words)):
            break   # "...; Ông Nguyễn Thanh Thuấn": a person, the list of places is over
        name = " ".join(words)
        lower = _LOWER_SYLLABLE.match(raw, m.start() + len(name), end)
        if lower and raw[m.start():m.start() + len(name)] == name and gazetteer().is_place(f"{name} {lower.group(1)}"):
            name = f"{name} {lower.group(1)}"   # "huyện Mộc châu": a place's syllable written in lower case
        if out and tight and not own and not gazetteer().is_place(name):
            break   # "Thành phố Thanh Hóa,Xét báo cáo ...": a sentence glued to the list, not a place
        start = written if own and own.end() == m.start() else m.start()
        short_city = _short_level(words[0])   # "TP Mỹ Tho" writes its own level, short
        out.append((f"{level} {name}" if level and not short_city else name, start, m.start() + len(name)))
        g = _NAME_GAP.match(raw, m.start() + len(name))
        if not g or g.end() == m.start() + len(name):
            break
        comma = "," in g.group() and "và" not in g.group()
        tight = not any(c.isspace() for c in g.group())
        pos = g.end()
    return out


_RANKS = ("place", "commune", "district", "province")
_SHORT_LEVELS = ("TP", "Tp", "TX", "TT")
_SHORT_DOT = re.compile(rf"\.[ \t]*{_CAP_WORD}")
_SHORT_NAME = re.compile(rf"(?:TP|Tp|TX|TT)\.[ \t]*{_CAP_WORD}(?:[ \t]+{_CAP_WORD})*")


def _short_level(name: str) -> bool:
    """Whether a listed name opens with a short level of its own (``TP Mỹ Tho``, ``TP. Long Xuyên``)."""
    first = name.split()[0]
    return first in _SHORT_LEVELS or first.startswith(tuple(f"{w}." for w in _SHORT_LEVELS))


_LEVEL_RANK = {" ".join(fold(w).split()): rank for w, rank, _ in levels()}
_ROLE_START = re.compile(role_pattern() + r"(?![\w])")


@functools.lru_cache(maxsize=1)
def _person_openers() -> frozenset:
    """Words that open a person's name or role (``data/person_titles.txt``, and ``phó``), lower case."""
    return frozenset(w.lower() for w in word_list("person_titles.txt")) | {"phó"}


# the first words of heads that open no place (orgs.HEAD_FIRST)
_ORG_FIRST = HEAD_FIRST
_NOT_A_PLACE = folded_set("head_first_words.txt") | {"chi", "to", "nha"}   # a one-word "name" that heads something else


_PLURAL_LEVEL = re.compile(rf"[ \t]+cac[ \t]+({_LEVEL_WORD})[ \t]+")
_LIST_ON = re.compile(r"[ \t]*(?:,|và)[ \t]*(?:và[ \t]+)?")


def _elided_list(text: Text, o: OrgSpan, units_at=frozenset()) -> list[tuple[str, int, int]]:
    """Units of a list that drops the repeated head (annotation rules): ``UBND huyện Kế Sách, Cù Lao
    Dung`` → ``UBND huyện Cù Lao Dung``; ``Ủy ban nhân dân các huyện A, B và C`` → ``Ủy ban nhân dân
    huyện A``, ... (the span of each is the name written); the list ends where a unit of its own begins
    (``units_at``: where organizations start)."""
    raw, f = text.plain, text.folded
    end = text.sentence_at(o.start)[1]
    if o.named and o.place and o.label == "ORG" and not o.body:
        level = _ONE_PLACE.match(f, o.head_end + (len(raw[o.head_end:o.place[1]]) - len(raw[o.head_end:o.place[1]].lstrip())))
        head = raw[o.start:o.head_end].strip()
        if level is None or level.end() >= o.place[1]:
            return []
        level_word = raw[level.start(1):level.end(1)]
        prefix = f"{head} {level_word}"
        g = _LIST_ON.match(raw, o.end)
        if not g or g.end() == o.end:
            return []
        if not raw[g.end():g.end() + 1].isupper():
            # "Đảng ủy phường Tân Khánh và phường Tân Hiệp": the level written again, the head dropped
            again = _ONE_PLACE.match(f, g.end())
            if not again or fold(raw[again.start(1):again.end(1)]) != fold(level_word):
                return []
        items = _name_list(text, g.end(), end, None, units_at)
        return [(f"{head} {n}" if n.split()[0].islower() or _short_level(n) else f"{prefix} {n}", s, e)
                for n, s, e in items]
    if not o.named and o.label == "ORG":
        m = _PLURAL_LEVEL.match(f, o.end)
        if m and m.end() < len(raw) and raw[m.end()].isupper():
            prefix = f"{raw[o.start:o.end]} {raw[m.start(1):m.end(1)]}"
            return [(f"{prefix} {n}", s, e) for n, s, e in _name_list(text, m.end(), end, None, units_at)]
    return []


# "Thực hiện Kế hoạch số 163-KH/TĐTN ngày ... của Ban Thường vụ Thành Đoàn về việc kiểm tra ..."
_ORDER = re.compile(r"(?<![a-z])(?:thuc[ \t]+hien|can[ \t]+cu|theo)[ \t]+(?:ke[ \t]+hoach|chuong[ \t]+trinh|quyet[ \t]+dinh"
                    r"|chi[ \t]+thi|huong[ \t]+dan|cong[ \t]+van)(?![a-z])[^\n]{0,120}?(?<![a-z])cua[ \t]+")


def _issuer_of_the_order(text: Text, ix: _Index) -> list[OrgSpan]:
    """When the text names no one doing the work, the issuer of the plan or decision that orders it is
    the body (annotation rules): ``Thực hiện Kế hoạch số ... của X về việc kiểm tra ...``."""
    f = text.folded
    for m in _ORDER.finditer(f):
        ss, se = text.sentence_at(m.start())
        o = ix.by_start.get(m.end())
        if o is not None and (o.label == "ORG" or o.body) and _WORK.search(f, o.end, min(se, o.end + 200)):
            return [o]
    return []


def _owner_of_the_work(text: Text, ix: _Index) -> list[OrgSpan]:
    """When the text names no one doing the work, whose work it is: ``Chương trình giám sát của Thường
    trực HĐND xã``, ``các cuộc giám sát chuyên đề của Ban Văn hóa - Xã hội HĐND tỉnh``."""
    for m in _VERB.finditer(text.plain):
        o = _org_after_work(ix, text.folded, m.start(), m.end())
        if o is not None and (o.label == "ORG" or o.body):
            return [o]
    return []


def _org_after_work(ix: _Index, f: str, s: int, e: int) -> OrgSpan | None:
    """The organization named by ``của`` right after the verb ``[s, e)`` (``giám sát chuyên đề của X``),
    unless the verb is in a statute's name (``Luật Hoạt động giám sát của Quốc hội``); whose work it is
    when it is a unit or a body."""
    wm = None if _LAW_OF_WORK.search(f, max(0, s - 30), s) else _WORK_OF.match(f, e)
    return ix.by_start.get(wm.end()) if wm else None


def _place_before_verb(text: Text, verbs: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """A place that does the work (``Huyện Xuyên Mộc kiểm tra, giám sát ...``): a level word and a
    name opening a sentence right before a verb of the work, with only auxiliaries between."""
    raw, f = text.plain, text.folded
    for s, _ in verbs:
        ls = text.sentence_at(s)[0]
        lead = _LEAD.match(f, ls, s)
        pos = lead.end() if lead else ls
        m = _ONE_PLACE.match(f, pos, s)
        if not m:
            continue
        name = _PLACE_NAME.match(raw, m.end(), s)
        if not name:
            continue
        filler = _FILLER.match(f, name.end())
        if filler and filler.end() == s:
            level = raw[m.start(1):m.end(1)]
            return [(f"{level.lower()} {name.group()}", m.start(), name.end())]
    return []


# "Thanh tra Sở Xây dựng và đội thanh tra tại các huyện đã thực hiện kiểm tra", "Đoạn Quản lý giao thông thủy bộ
# phối hợp với ... và các ngành liên quan tổ chức kiểm tra": a subject of several members, the first of them named
_JOINED_SUBJECT = re.compile(r"[ \t]*,?[ \t]*(?:va|cung|(?:phoi|ket)[ \t]+hop[ \t]+voi)[ \t]+([^.;:\n]{3,100}?)[ \t]+"
                             r"(?:(?:(?:da|dang|se|vua|cung)[ \t]+)+(?:(?:tien[ \t]+hanh|to[ \t]+chuc|thuc[ \t]+hien|trien[ \t]+khai"
                             r"|tong)[ \t]+)*|(?:tien[ \t]+hanh|to[ \t]+chuc|thuc[ \t]+hien)[ \t]+)")
_OBJECT_BEFORE = re.compile(r"(?<![a-z])(?:voi|tai|den)[ \t]+$")
_SUBJECT_PLACE = re.compile(r"(?:^|[,\n])[ \t]*$")


def _joined_subject(text: Text, ix: _Index, s: int, ss: int) -> OrgSpan | None:
    f = text.folded
    lead = _LEAD.match(f, ss, s).end()
    for o in ix.orgs:
        if not (ss <= o.start and o.end < s and (o.label == "ORG" or o.body)):
            continue
        if o.start != lead and not _SUBJECT_PLACE.search(f, max(ss, o.start - 3), o.start):
            continue
        m = _JOINED_SUBJECT.fullmatch(f, o.end, s)
        if m and not _VERB.search(text.plain, m.start(1), m.end(1)) and "cua " not in m.group(1):
            return o
    return None


def _targets_of_the_work(text: Text, ix: _Index) -> list[OrgSpan]:
    """The target of the work named as a noun: ``Quyết định kiểm tra đối với Cấp ủy Chi bộ Công an xã
    Khánh Vĩnh``, ``kết quả kiểm tra tài chính đảng năm 2018 đối với Ban Thường vụ Huyện ủy Đức Linh``."""
    f = text.folded
    inside_org = Spans([(o.start, o.end) for o in ix.orgs])
    out: list[OrgSpan] = []
    for m in _WORK.finditer(f):
        if inside_org.overlaps(m.start(), m.end()):
            continue   # "Ủy ban Kiểm tra": a name, not the work
        t = _TARGET_OF_WORK.match(f, m.end())
        if t:
            stop = f.find(";", t.end())    # "... đối với Ban Thường vụ Huyện ủy Đức Linh; Ủy ban Kiểm tra giao ..."
            limit = min(text.sentence_at(t.end())[1], stop if stop >= 0 else len(f), t.end() + 400)
            out.extend(_orgs_from(ix, t.end(), limit))
    return out


_TARGET_OF_WORK = re.compile(r"(?:[ \t]*(?:,|va)?[ \t]*(?:kiem[ \t]+tra|giam[ \t]+sat))?[^.;:\n]{0,160}?[ \t,]doi[ \t]+voi[ \t]+"
                             r"(?:(?:cap[ \t]+uy|ca[ \t]+nhan|tap[ \t]+the)[ \t]+)?")


def _subject_of_the_work(text: Text, ix: _Index) -> list[OrgSpan]:
    """When no organization stands right before a verb of the work, the body is the subject of the
    first sentences that speak of the work (``Chiều nay, Ban Kinh tế Ngân sách – HĐND tỉnh đã họp
    triển khai nhiệm vụ giám sát``; ``Thường trực HĐND huyện họp ... bàn Kế hoạch giám sát``): an
    organization opening the sentence, after at most a source tag, a time or a ``Thực hiện ...``
    clause, and followed by its predicate."""
    f = text.folded
    seen = 0
    after_work = False   # the sentence after one that speaks of the work (a headline, then its lead)
    for ss, se in text.sentences:
        work = _WORK.search(f, ss, se) is not None
        if not work and not after_work:
            continue
        after_work = work
        seen += 1
        if seen > _SUBJECT_SENTENCES:
            break
        lead = _LEAD.match(f, ss, se)
        o = ix.by_start.get(lead.end()) or ix.by_start.get(ss + len(f[ss:se]) - len(f[ss:se].lstrip()))
        if o is None:
            # an opening clause of its own: "Xác định được tầm quan trọng của công tác này, Hội LHPN tỉnh ..."
            cm = _OPENING_CLAUSE.match(f, ss, se)
            named_before = cm is not None and any(ss <= x.start < cm.end() for x in ix.orgs)
            o = ix.by_start.get(cm.end()) if cm and not named_before else None   # not a list of organizations
        if o is None:
            o = _after_clauses(f, ix, ss, se)
        if (o is not None and o.end <= se and _PREDICATE.match(f, o.end) and not _PASSIVE_NEXT.match(f, o.end)
                and (o.label == "ORG" or o.body)):
            return [o]
    return []


# "Liên quan đến vụ việc ..., sau khi xem xét báo cáo của Đoàn Kiểm tra, Ủy ban Kiểm tra Tỉnh ủy Quảng Ninh đã
# thống nhất kết luận": a subject after opening clauses of any kind, each closed by a comma
_CLAUSE_END = re.compile(r",[ \t]*")
_PASSIVE_NEXT = re.compile(r"[ \t]*(?:(?:da|dang|se|vua|cung)[ \t]+)*(?:duoc|bi)(?![a-z])")


def _after_clauses(f: str, ix: _Index, ss: int, se: int) -> OrgSpan | None:
    for m in _CLAUSE_END.finditer(f, ss, min(se, ss + 300)):
        o = ix.by_start.get(m.end())
        if m.start() in ix.by_end:
            continue   # a list of organizations ("đề xuất Quốc hội, Ủy ban Thường vụ Quốc hội xem xét")
        if o is not None and (o.label == "ORG" or o.body) and _PREDICATE.match(f, o.end):
            return o
    return None


_OPENING_CLAUSE = re.compile(r"[ \t]*[^,\n]{10,90},[ \t]*")


# a person at the head of the work: "... làm Trưởng đoàn", "..., Trưởng đoàn kiểm tra", "..., đã tổ chức kiểm tra"
_LEADER_CUE = re.compile(r"[ \t]*,?[ \t]*(?:lam[ \t]+truong[ \t]+doan|truong[ \t]+doan(?:[ \t]+(?:kiem[ \t]+tra|giam[ \t]+sat))?"
                         r"|(?:da[ \t]+|vua[ \t]+)(?:to[ \t]+chuc[ \t]+|truc[ \t]+tiep[ \t]+|tien[ \t]+hanh[ \t]+|co[ \t]+buoi[ \t]+)?"
                         r"(?:kiem[ \t]+tra|giam[ \t]+sat))(?![a-z])")
# the office the person holds in that organization, right before its name
_OFFICE_BEFORE = re.compile(r"(?<![a-z])(?:pho[ \t]+)?(?:truong|chu[ \t]+tich|giam[ \t]+doc|bi[ \t]+thu|chanh[ \t]+thanh[ \t]+tra"
                            r"|chanh|chu[ \t]+nhiem|tong[ \t]+giam[ \t]+doc|cuc[ \t]+truong|chi[ \t]+cuc[ \t]+truong)[ \t]+$")


def _leader_org(text: Text, ix: _Index) -> list[OrgSpan]:
    """When no organization is named doing the work, the one a named leader of the work heads or
    serves (annotation rules: an office-holder is written as the office's organization): ``Đoàn kiểm
    tra do đồng chí X - Trưởng Ban Tổ chức Thị ủy làm Trưởng đoàn``, ``ông X, Trưởng Phòng GD-ĐT quận
    Y, đã tổ chức kiểm tra``."""
    f = text.folded
    for o in ix.orgs:
        if not (o.label == "ORG" or o.body) or not _OFFICE_BEFORE.search(f, max(0, o.start - 30), o.start):
            continue
        if _LEADER_CUE.match(f, o.end):
            return [o]
    return []


def _announced_list(text: Text, ix: _Index, e: int, sentence: tuple[int, int], units: list[OrgSpan],
                    place_units: list[tuple[str, int, int]]) -> bool:
    """The units listed after the verb ending at ``e``: after a count (``kiểm tra 07/07 chi đoàn, gồm:``)
    or further on in its sentence after ``gồm:``, ``cụ thể:``, ``trong đó có``, a colon; on the same
    line, one a line below, or as places (``xã A, xã B``). Adds them and tells whether any was found."""
    f = text.folded
    ss, se = sentence
    cm = _COUNT_LIST.match(f, e)
    intros = [cm] if cm and cm.end() <= se + 1 else []
    intros += [m for m in _INTRO_LIST.finditer(f, e, min(se, e + 800)) if not intros or m.end() > intros[0].end()]
    for im in intros:
        listed = _orgs_from(ix, im.end(), min(len(f), im.end() + 600)) or _bullet_orgs(text, ix, im.end())
        units.extend(listed)
        if listed:
            return True
        places = _place_list(text, ix, im, ss)
        if places:
            place_units.extend(places)
            return True
    return False


def _bullet_orgs(text: Text, ix: _Index, pos: int) -> list[OrgSpan]:
    """``gồm:`` at a line's end, then one unit a line (``- Đoàn xã A;`` / ``1. Đoàn xã B``)."""
    raw = text.plain
    line = text.line_at(pos)
    if line is None or raw[pos:line[1]].strip():
        return []
    out = []
    i = text.line_index(line[0]) + 1
    while i < len(text.lines) and len(out) < 60:
        ls, le = text.lines[i]
        em = _ENUM_START.match(raw, ls, le)
        found = _orgs_from(ix, em.end() if em else ls, le)
        if not found or not em:
            break
        out.extend(found)
        i += 1
    return out


def _place_list(text: Text, ix: _Index, cm, sent_start: int) -> list[tuple[str, int, int]]:
    """``Đoàn xã tại 04 xã ... gồm: xã Đồng Văn, xã Mèo Vạc``: the places listed stand for units of
    the type named before them in the sentence, written as unit type + place."""
    raw, f = text.plain, text.folded
    heads = [o for o in ix.orgs if sent_start <= o.start < cm.start() + 40 and o.label == "ORG" and not o.named]
    out = []
    pos = cm.end()
    limit = min(len(f), pos + 400)
    while pos < limit:
        pm = _PLACE_ITEM.match(f, pos)
        if not pm or not raw[pm.end()].isupper():
            break
        level = " ".join(pm.group(1).split())
        nm = re.match(r"[A-ZĐÀ-Ỹ][\w]*(?:[ \t]+[A-ZĐÀ-Ỹ][\w]*){0,3}", raw[pm.end():pm.end() + 60])
        head = next((h for h in reversed(heads) if fold(raw[h.start:h.end]).endswith(" " + level)), None)
        if head is None or not nm:
            break
        out.append((f"{raw[head.start:head.end]} {nm.group()}", pos, pm.end() + nm.end()))
        g = re.compile(r"[ \t]*(?:,|;|và)[ \t]*(?:và[ \t]+)?").match(raw, pm.end() + nm.end())
        if not g:
            break
        pos = g.end()
    return out


@functools.lru_cache(maxsize=1)
def _name_case() -> tuple[tuple[int, dict[str, str]], ...]:
    """(number of words, {words as read: usual spelling}) of the words of organizations' names, the longest
    first: the level words (``data/levels.tsv``), the organs' abbreviations written out
    (``data/org_abbreviations.tsv``) and the heads' and departments' names (``data/name_case.tsv``); the
    words are read by ``spelling_key``."""
    rows = [(spelling_key(word), word) for word, _, _ in levels()]                  # "XÃ" -> "xã"
    rows += [(spelling_key(abbr), full) for abbr, full, flags in org_abbreviations()
             if "organ" in flags]                                                   # "BCH" -> "Ban Chấp hành"
    rows += [(spelling_key(words), spelling or words) for words, spelling in pairs("name_case.tsv")]
    by_length: dict[int, dict[str, str]] = {}
    for key, spelling in rows:
        by_length.setdefault(len(key.split()), {}).setdefault(key, spelling)   # of two spellings, the first
    return tuple(sorted(by_length.items(), reverse=True))


def _recase(upper: str) -> str:
    """An upper-case header name in ordinary case: known heads and level words in their usual
    spelling, other words capitalised (``ĐẢNG ỦY XÃ IA BLỨ`` → ``Đảng ủy xã Ia Blứ``)."""
    words = upper.split()
    keys = [spelling_key(w) for w in words]   # each word's spelling, read once
    out: list[str] = []
    i = 0
    while i < len(words):
        for k, spellings in _name_case():
            canon = spellings.get(" ".join(keys[i:i + k])) if i + k <= len(words) else None
            if canon is not None and (k > 1 or i > 0 or len(canon.split()) > 1):
                out.append(canon)
                i += k
                break
        else:
            w = words[i]
            keep = not w.isupper() or len(w) <= 1 or fold(w).rstrip(".") in _ACRONYMS
            out.append(w if keep else w[0] + w[1:].lower())
            i += 1
    if out and out[0][:1].islower():
        out[0] = out[0][0].upper() + out[0][1:]   # a name opens with a capital: "Thành phố Hà Nội", "Đặc khu Phú Quốc"
    return " ".join(out)


# written in capitals in any case: "UBND TP", "HĐND", "MTTQ"
_ACRONYMS = frozenset(fold(word) for abbr, _, _ in org_abbreviations() for word in abbr.split() if word.isupper())


def _written_as(ix: _Index, name: str) -> OrgSpan | None:
    """The longest organization written in the text whose words are all words of ``name`` (the
    issuer a header prints in two lines, ``TỈNH ĐOÀN X`` / ``ỦY BAN KIỂM TRA``, named in one)."""
    words = set(match_key(name).split())
    raw = ix.text.raw
    best = None
    for o in ix.orgs:
        key = match_key(raw[o.start:o.end]).split()
        if key and set(key) <= words and (best is None or len(key) > best[0]):
            best = (len(key), o)
    return best[1] if best else None


_NATIONAL_OR_STAR = re.compile(rf"(?:{national_line_pattern()}|\*)")   # a national line of the header, or its stars


def _header_issuer(text: Text, ix: _Index) -> str | None:
    """The issuing body printed in an official header's left column (``TỈNH ĐOÀN HẬU GIANG`` /
    ``ỦY BAN KIỂM TRA`` → ``Ủy ban Kiểm tra Tỉnh đoàn Hậu Giang``; ``ỦY BAN NHÂN DÂN`` / ``HUYỆN
    XUYÊN MỘC`` → ``UBND huyện Xuyên Mộc``), read from the lines above ``Số:``."""
    raw = text.plain
    parts: list[str] = []
    for ls, le in text.lines[:8]:
        line = raw[ls:le]
        left = re.split(r"\t|[ ]{3,}|[ ]*\|[ ]*", line.strip().strip("| "))[0].strip()   # the left column, or a table's first cell
        fl = fold(left)
        if re.match(r"so[ \t]*:?[ \t]*\d", fl) or not left:
            break
        if not left.isupper() or _NATIONAL_OR_STAR.match(fl) or not any(c.isalpha() for c in left):
            continue
        parts.append(left)
    if not parts:
        return None
    last = parts[-1]
    fl = fold(last)
    if fl in issuer_organs() and len(parts) >= 2:
        organ, parent = _recase(last), _recase(parts[-2])
        parent = re.sub(r"^(?:Ban Chấp hành|Ban Thường vụ)\s+", "", parent)   # "BCH QUẬN ĐOÀN X" / "ỦY BAN KIỂM TRA"
        if organ.split()[-1] == parent.split()[0]:   # "ỦY BAN HỘI" of "HỘI LHTN ...": one "Hội"
            organ = organ.rsplit(" ", 1)[0]
        return f"{organ} {parent}"
    if fl in ("uy ban nhan dan", "ubnd") and len(parts) == 1:
        return None
    if len(parts) >= 2 and fold(parts[-2]) in ("uy ban nhan dan", "ubnd") and re.match(rf"{_LEVEL}[ \t]", fl):
        return "UBND " + _recase(last)
    return _recase(last)


_GROUNDS = re.compile(r"[ \t]*(?:[-–+•][ \t]*)?can[ \t]+cu(?![a-z])")


def _issuing_line(text: Text, ix: _Index) -> str | None:
    """The body that issues a decision, printed in capitals on its own line above the first ``Căn cứ``
    (``BAN THƯỜNG VỤ HUYỆN ĐOÀN X``): it decides, whatever the header's left column says (``BCH ...``)."""
    raw, f = text.plain, text.folded
    lines = text.lines[:40]
    for k, (ls, le) in enumerate(lines):
        if not _GROUNDS.match(f, ls, le):
            continue
        for j in range(k - 1, max(-1, k - 4), -1):
            ps, pe = lines[j]
            line = raw[ps:pe].strip()
            if not line:
                continue
            start = ps + len(raw[ps:pe]) - len(raw[ps:pe].lstrip())
            o = ix.by_start.get(start)
            if line.isupper() and o is not None and o.end - start >= len(line) - 1:
                return _recase(line.rstrip(":,"))
            return None
        return None
    return None


def _target_section_units(text: Text, ix: _Index) -> list[OrgSpan]:
    """The units listed under a plan's ``Đối tượng kiểm tra`` / ``Đơn vị được giám sát`` heading: on
    the heading line after its colon, or on the line right after it."""
    raw, f = text.plain, text.folded
    out = []
    lines = text.lines
    for k, (ls, le) in enumerate(lines):
        hm = _TARGET_HEADING.match(f, ls, le)
        if not hm:
            continue
        found = _orgs_from(ix, hm.end(), le) if hm.end() < le else []
        if not found and k + 1 < len(lines):
            ns, ne = lines[k + 1]
            em = _ENUM_START.match(raw, ns, ne)
            found = _orgs_from(ix, em.end() if em else ns, ne)
        out.extend(found)
    return out


def _schedule_units(text: Text, ix: _Index) -> list[OrgSpan]:
    """Rows of a plan's schedule: an enumerated line or a table row that holds a date and starts
    (after an optional ``Label:``) with a list of units: ``- Đoàn số 1: Tỉnh đoàn A, Tỉnh đoàn B – từ
    ngày ...``, ``- Đoàn phường X, Đoàn phường Y: ngày 22/3``, ``| Đoàn xã Z | 25/3 |``."""
    raw, f = text.plain, text.folded
    out = []
    for ls, le in text.lines:
        em = _ENUM_START.match(raw, ls, le)
        if em is None and raw.count("|", ls, le) >= 2:
            em = re.compile(r"[ \t]*").match(raw, ls)
        if not em or not re.search(r"\d{1,2}[ \t]*/[ \t]*\d{1,2}|\d{1,2}[ \t]*[-–][ \t]*\d{1,2}/|ngay[ \t]+\d", f[ls:le]):
            continue
        pos = em.end()
        found = _orgs_from(ix, pos, le)
        if not found:
            lm = _LABEL.match(raw, pos, le)
            if lm:
                found = _orgs_from(ix, lm.end(), le)
        if not found and "|" in raw[ls:le]:
            for c in re.finditer(r"\|[ \t]*", raw[ls:le]):
                found.extend(_orgs_from(ix, ls + c.end(), le))
        out.extend(o for o in found if not (o.label == "BODY" and not o.body))
    return out


_AT_PROVINCE = re.compile(rf"[ \t]*(?:Tại|Ở)[ \t]+({_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,3}})[ \t]*,")


# a place written once, after the last of organizations listed together, belongs to each of them: "phối hợp với
# Bảo hiểm xã hội, Phòng Lao động, Thương binh & Xã hội huyện", "Ban Thanh tra nhân dân và Ban Giám sát đầu tư
# của cộng đồng xã Ngọc Thành"; a level word written in lower case, then only capitalised words or a number
_LEVEL_WORDS_RAW = word_alternation(_LEVEL_RAW)
_TRAILING_PLACE = re.compile(rf"(?<!\w)(?:{_LEVEL_WORDS_RAW})(?:[ \t]+(?:{_CAP_WORD}|\d{{1,3}}))*$")
_PLACE_INSIDE = re.compile(rf"(?<!\w)(?:{_LEVEL_WORDS_RAW})(?:[ \t]+(?:{_CAP_WORD}|\d{{1,3}}))+(?!\w)")


def _shared_place(ix: _Index, o: OrgSpan) -> str | None:
    """The place written after the last of the organizations listed from ``o`` on, when neither ``o`` nor
    those between write one of their own (``Bảo hiểm xã hội`` + ``huyện`` of ``Bảo hiểm xã hội, Phòng Lao
    động, Thương binh & Xã hội huyện``)."""
    raw = ix.text.raw
    if o.named or o.head in NATIONAL or o.head in PART_OF:
        return None   # "Phòng Cảnh sát kinh tế (PC03), Công an tỉnh Lai Châu": the body it belongs to
    listed = _orgs_from(ix, o.start, min(len(raw), o.end + 300))
    if len(listed) < 2 or any(re.search(r"[;(]", _LIST_GAP.match(ix.text.plain, a.end).group()) for a in listed[:-1]):
        return None
    for item in listed[:-1]:
        name = raw[item.start:item.end]
        if item.named or _TRAILING_PLACE.search(name) or _PLACE_INSIDE.search(name):
            return None
    last = raw[listed[-1].start:listed[-1].end]
    m = _TRAILING_PLACE.search(last)
    return " ".join(m.group().split()) if m else None


class _Completer:
    """Names completed with what the text gives elsewhere (annotation rules: place completion)."""

    def __init__(self, text: Text, ix: _Index, title_place: str | None, issuer: str | None = None):
        self.text = text
        self.ix = ix
        self.title_place = title_place
        self.levels = _places_by_level(text)
        raw = text.raw
        # every word-prefix of every written name -> the names that extend it (linear in the text)
        self.extensions: dict[str, dict[str, str]] = {}
        seen = set()
        written = [raw[o.start:o.end] for o in ix.orgs] + ([issuer] if issuer else [])
        for name in written:
            if name in seen:
                continue
            seen.add(name)
            fl = _fold_expanded(name)
            words = fl.split()
            for k in range(1, len(words)):
                self.extensions.setdefault(" ".join(words[:k]), {}).setdefault(fl, name)
        self._fuller: dict[str, str] = {}

    @functools.cached_property
    def province(self) -> str | None:
        """The one province the document's header names, known from the gazetteer: the place of its
        dateline (``Kon Tum, ngày ...``) or a ``TỈNH X`` / ``Tỉnh đoàn X`` line above the title; else the
        title's ``PLACE:`` prefix when it names a province."""
        raw = self.text.plain
        found = set()
        for ls, le in self.text.lines[:10]:
            for m in _HEADER_PLACE.finditer(raw, ls, le):
                prov = _province((m.group(1) or m.group(2)).strip())
                if prov:
                    found.add(prov)
            lead = _LEAD_DATELINE.match(raw, ls, le)   # "Phú Thọ - Đoàn kiểm tra của ...": a news dateline
            prov = _province(lead.group(1)) if lead else None
            if prov:
                found.add(prov)
        if len(found) == 1:
            return next(iter(found))
        return _province(self.title_place) if not found else None

    def _single(self, level: str) -> str | None:
        names = self.levels.get(level, set())
        if len(names) == 1:
            return next(iter(names))
        folded: dict[str, str] = {}
        for n in _in_order(names):      # of the ways one place is written, the first in _in_order's order
            folded.setdefault(fold(n), n)
        if len(folded) == 1:
            return next(iter(folded.values()))
        # one known place among capitalised words that are none ("huyện Tháp Mười", "huyện Quyết định")
        known = {f: n for f, n in folded.items() if gazetteer().is_place(n)}
        if len(known) == 1:
            return next(iter(known.values()))
        return None

    def fuller(self, name: str) -> str:
        """The one fuller form the text writes for ``name`` (``Ủy ban Kiểm tra Đảng ủy xã`` → ``Ủy ban
        Kiểm tra Đảng ủy xã Lộc Ninh``), if the fuller forms all extend one another."""
        if name in self._fuller:
            return self._fuller[name]
        result = name
        longer = self.extensions.get(_fold_expanded(name))
        if longer and len(longer) <= 50:
            best = max(longer, key=len)
            if all(best.startswith(x) for x in longer):
                result = _expand(longer[best], self.text.folded)
                if result.isupper():
                    result = _recase(result)   # a header's capitals ("Sở" of "SỞ GIÁO DỤC VÀ ĐÀO TẠO")
        self._fuller[name] = result
        return result

    def generic(self, name: str, pos: int | None = None) -> str:
        """A name ending in a generic level word takes the place of that level (``Chi đoàn Công an xã``
        + ``Mỹ Hòa Hưng``); a name ending in a number takes its parent (``Chi bộ ấp 3, xã Lộc Ninh``). A
        province's unit written at ``pos`` in a sentence that opens with its province takes that one
        (``Tại Đồng Tháp, Chi cục Quản lý thị trường tỉnh kiểm tra ...``: a round-up of provinces)."""
        fn = fold(name)
        gm = _GENERIC_END.search(fn)
        if gm and name[len(name) - len(gm.group(1)):].islower():   # "tỉnh", not the "Tĩnh" of "Hà Tĩnh"
            level = " ".join(gm.group(1).split())
            place = self._single(level)
            if place is None and level == "tinh" and pos is not None:
                opening = _AT_PROVINCE.match(self.text.raw, self.text.sentence_at(pos)[0], pos)
                place = _province(opening.group(1)) if opening else None
            if place is None and level == "tinh":
                place = self.province
            if place is None and level == "huyen" and self.title_place and not _province(self.title_place) \
                    and "district" in gazetteer().levels(self.title_place):
                place = self.title_place   # "Lục Ngạn giám sát ...": the district the title opens with
            if place:
                return f"{name} {place}"
        return name

    def body(self, o: OrgSpan) -> str:
        return standard_union_name(self._body(o))

    def _body(self, o: OrgSpan) -> str:
        name = _complete(self.ix, o, self.title_place)
        written = self.text.raw[o.start:o.end]
        if written.isupper() and name.startswith(written):
            # a heading in capitals ("CÔNG TÁC KIỂM TRA CỦA BAN THƯỜNG VỤ HUYỆN ĐOÀN"): ordinary case
            name = _recase(written) + name[len(written):]
        name = self._bracketed_place(self.fuller(name), o)
        name = self.level_unit(self.department(name))
        return self.generic(self._with_shared_place(name, o), o.start)

    def _bracketed_place(self, name: str, o: OrgSpan) -> str:
        """``name`` with the place written after its abbreviation in brackets (``Ủy ban Mặt trận tổ quốc
        (MTTQ) tỉnh Hưng Yên``, ``Cục Quản lý thị trường (QLTT) tỉnh Tiền Giang``), when it writes none."""
        if fold(name) != fold(self.text.raw[o.start:o.end]):
            return name
        m = _BRACKETED_PLACE.match(self.text.raw, o.end)
        if not m or m.group(2).split()[0] in _ORG_FIRST_CAP:
            return name
        words = m.group(2).split()
        # the longest place the gazetteer knows among the words, so that a person's name after it is left out
        # ("huyện Tân Hồng Nguyễn Văn An"); all of them when it knows none
        known = next((k for k in range(len(words), 0, -1) if gazetteer().is_place(" ".join(words[:k]))), len(words))
        return f"{name} {' '.join(m.group(1).split())} {' '.join(words[:known])}"

    def _with_shared_place(self, name: str, o: OrgSpan) -> str:
        """``name`` with the place written after the last organization listed with it, when the text
        gives it no other (:func:`_shared_place`)."""
        if fold(name) != fold(self.text.raw[o.start:o.end]):
            return name
        place = _shared_place(self.ix, o)
        if place is None:
            return name
        completed = self.generic(f"{name} {place}")
        return name if _GENERIC_END.search(fold(completed)) else completed   # a level word the text names no place of

    def department(self, name: str) -> str:
        """A department's inspectorate written bare (``Thanh tra Sở``) takes the one department of that
        kind the text names (``Sở NN và PTNT`` → ``Thanh tra Sở NN và PTNT``)."""
        m = _BARE_INSPECTORATE.match(fold(name))
        if not m:
            return name
        raw = self.text.raw
        named = {}
        for o in self.ix.orgs:
            written = raw[o.start:o.end]
            if o.head == m.group(1) and o.label == "ORG" and fold(written).startswith(m.group(1) + " "):
                named.setdefault(fold(written), written)
        if not named:
            return name
        best = max(named, key=len)
        if not all(best.startswith(x) for x in named):
            return name          # two departments: which one is not said
        return f"{name.rsplit(None, 1)[0]} {named[best]}"

    def level_unit(self, name: str) -> str:
        """A name ending in a bare unit of a level (``Ban Thường vụ Tỉnh đoàn``) takes the one place of
        that level the text names (``tỉnh Hậu Giang`` in the site's name, ``UBND tỉnh ...``)."""
        m = _LEVEL_UNIT_END.search(fold(name))
        if not m:
            return name
        level = {"tinh": "tinh", "huyen": "huyen", "quan": "quan", "thi": "thi xa", "thanh": "thanh pho"}[m.group(1)]
        place = self._single(level)
        if place is None and level == "thanh pho":
            place = self._single("tinh")
        if place is None and level == "tinh":
            place = self.province
        return f"{name} {place}" if place else name

    def unit(self, name: str, o: OrgSpan, pos: int) -> str:
        return standard_union_name(self._unit(name, o, pos))

    def _unit(self, name: str, o: OrgSpan, pos: int) -> str:
        raw = self.text.plain
        if _SUB_NUMBER_END.search(fold(name)):
            pm = _PARENT_AFTER.match(raw, o.end)
            if pm:
                return f"{name}, {pm.group(1)}"
            for level in ("xa", "phuong", "thi tran"):
                place = self._single(level)
                if place:
                    return f"{name}, {_LEVEL_NAMES[level]} {place}"
            return name
        if not o.named and name == self.text.raw[o.start:o.end] and not o.body:
            name = _complete(self.ix, o, self.title_place) if o.label == "ORG" else name
        name = self.level_unit(self._bracketed_place(self.fuller(name), o)) if not o.named else name
        return self.generic(self._with_shared_place(name, o))


# a name's abbreviation in brackets, then its level word and place: "Hội đồng nhân dân (HĐND) huyện Tháp Mười"
_BRACKETED_PLACE = re.compile(rf"[ \t]*\([{UPPER}&]{{2,10}}\)[ \t]+({_LEVEL_WORDS_RAW})[ \t]+({_PLACE_NAME.pattern})")
_ORG_FIRST_CAP = frozenset(w.capitalize() for w in _ORG_FIRST)


# a department's or ministry's inspectorate written without its department: "Thanh tra Sở", "Thanh tra Bộ"
_BARE_INSPECTORATE = re.compile(r"^thanh[ \t]+tra[ \t]+(so|bo)$")
# a dateline ("Kon Tum, ngày 16 tháng 5 năm 2024", after a header column) or "TỈNH X" in a header line
_HEADER_PLACE = re.compile(rf"(?:^|\t|[ ]{{3,}})[ \t]*([{UPPER}][^\W\d_]*(?:[ ][{UPPER}][^\W\d_]*){{0,3}}),[ \t]*ngày"
                           rf"|(?<![\w])(?:TỈNH|Tỉnh|tỉnh)[ ]([{UPPER}][^\W\d_]*(?:[ ][{UPPER}][^\W\d_]*){{0,3}})")
_LEAD_DATELINE = re.compile(rf"[ \t]*([{UPPER}][^\W\d_]*(?:[ \t][{UPPER}][^\W\d_]*){{0,3}})[ \t]+[-–][ \t]+[{UPPER}]")
_LEVEL_UNIT_END = re.compile(r"(?<![a-z])(tinh|huyen|quan|thi|thanh)[ \t]+(?:doan|uy)$")
_LEVEL_NAMES = {"xa": "xã", "phuong": "phường", "thi tran": "thị trấn"}


def _fold_expanded(name: str) -> str:
    return " ".join(fold(_expand(name)).replace("uy ban nhan dan", "ubnd").split())


def _unique(items) -> list[str]:
    out: dict[str, None] = {}
    for x in items:
        out.setdefault(x, None)
    return list(out)


_LEVEL_BEFORE_NAME = re.compile(rf" {_LEVEL}(?= [a-z])")


def _bare_key(key: str) -> str:
    """A match key without the level words before place names (``thanh tra tinh ha tinh`` → ``thanh tra ha tinh``)."""
    return " ".join(_LEVEL_BEFORE_NAME.sub(" ", " " + key + " ").split())


def _most_specific(names: list[str]) -> list[str]:
    """Drop a name that another one contains at its end (``Tỉnh đoàn Ninh Bình`` inside ``Ban
    Thường vụ Tỉnh đoàn Ninh Bình``): they name the same inspector; of two names with one match key
    (``Hội đồng Đội TP.HCM``, ``Hội đồng Đội Thành phố Hồ Chí Minh``) the one written in full stays; so does
    the one that writes the level word of its place (``Thanh tra tỉnh Hà Tĩnh``, ``Thanh tra Hà Tĩnh``)."""
    keys = [match_key(n) for n in names]
    bare = [_bare_key(k) for k in keys]
    keep = []
    for i, n in enumerate(names):
        if any(j != i and (keys[j].endswith(" " + keys[i])
                           or (keys[j] == keys[i] or bare[j] == bare[i]) and (len(names[j]), -j) > (len(n), -i))
               for j in range(len(names))):
            continue
        keep.append(n)
    return keep
