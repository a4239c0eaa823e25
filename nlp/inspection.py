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

from .normalize import fold
from .header import is_chrome
from .orgs import OrgSpan
from .record import ACTIVITIES, Mention, Reference
from .resources import word_list
from .text import Spans, Text

_VERB = re.compile(r"(?<![\w])(kiểm[ \t]+tra|giám[ \t]+sát)(?![\w])", re.IGNORECASE)
_TOPIC_BEFORE = re.compile(r"(?:(?<![a-z])(?:cong[ \t]+tac|chuong[ \t]+trinh|ke[ \t]+hoach|nhiem[ \t]+vu|nghiep[ \t]+vu"
                           r"|quy[ \t]+che|quy[ \t]+dinh|huong[ \t]+dan|linh[ \t]+vuc|tu|ho[ \t]+so(?:[ \t]+cac[ \t]+cuoc)?"
                           r"|noi[ \t]+dung|\d+[ \t]+(?:cuoc|luot|dot))[ \t]+"
                           r"(?:kiem[ \t]+tra[ \t]*,?[ \t]*(?:va[ \t]+)?)?"
                           r"|to[ \t]+chuc[ \t]*[-–][ \t]*|(?<![a-z])uy[ \t]+ban[ \t]+|(?<![a-z])ban[ \t]+)$")
# "kiểm tra sổ sách" is a step of the work; "kiểm tra 06 cơ sở", "giám sát 94 lượt" count a unit's own work
_STEP_AFTER = re.compile(r"[ \t]+(?:so[ \t]+sach|ho[ \t]+so|chung[ \t]+tu(?![a-z])|(?:chuyen[ \t]+de[ \t]+)?\d)")
# a list of related articles ends the article: its headlines report other work
_RELATED = re.compile(r"^(?:tin[ \t]+cung[ \t]+(?:chuyen[ \t]+)?muc|tin[ \t]+lien[ \t]+quan|(?:cac[ \t]+)?tin[ \t]+khac"
                      r"|bai[ \t]+viet[ \t]+lien[ \t]+quan|tin[ \t]+moi[ \t]+nhat|xem[ \t]+them|tin[ \t]+bai[ \t]+khac)"
                      r"[ \t:]*$")
_FILLER = re.compile(
    r"[ \t]*(?:(?:da|dang|se|tien[ \t]+hanh|to[ \t]+chuc|thuc[ \t]+hien|thanh[ \t]+lap|lap|cu|chu[ \t]+tri"
    r"|phoi[ \t]+hop|truc[ \t]+tiep|tiep[ \t]+tuc|doan|cac|dot|cuoc)[ \t]+){0,5}"
)
_AFTER_TARGET = re.compile(
    r"[ \t]*(?:,[ \t]*)?(?:doi[ \t]+voi|tai|den)[ \t]+(?:cac[ \t]+don[ \t]+vi[ \t]*:?[ \t]*|don[ \t]+vi[ \t]*:?[ \t]*)?"
)
_WORKED = re.compile(r"(?<![a-z])lam[ \t]+viec[ \t]+(?:voi|tai)[ \t]+")
_LIST_GAP = re.compile(r"[ \t]*(?:,|;|va|:)[ \t]*(?:va[ \t]+)?")
_PLACE_PREFIX = re.compile(r"[ \t]*([^\W\d_][^\W\d_ \t]*(?:[ \t]+[^\W\d_]+){0,3})[ \t]*:[ \t]+\S")

_PROVINCIAL = frozenset({"tinh-doan", "thanh-doan", "tinh-uy", "thanh-uy"})
_DISTRICT = frozenset({"huyen-doan", "quan-doan", "thi-doan", "huyen-uy", "quan-uy", "thi-uy"})


@functools.lru_cache(maxsize=1)
def _provinces() -> dict[str, str]:
    return {fold(p): p for p in word_list("provinces.txt")}


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


def activity(text: Text, orgs: list[OrgSpan], refs: list[Reference]) -> tuple[list[Mention], list[tuple[int, int]]]:
    """Activities (first mention of each) and every kept verb occurrence."""
    raw, f = text.raw, text.folded
    zones = Spans(_excluded_zones(text, refs))
    org_spans = Spans((o.start, o.end) for o in orgs)
    found: dict[str, Mention] = {}
    verbs = []
    end_of_article = len(raw)
    for ls, le in text.lines:
        if _RELATED.match(f, ls, le):
            end_of_article = ls
            break
    chrome = Spans(span for span in text.lines[:12] if is_chrome(text, span))
    for m in _VERB.finditer(text.plain, 0, end_of_article):
        s, e = m.span()
        if org_spans.covers(s) or zones.covers(s) or chrome.covers(s):
            continue
        if _STEP_AFTER.match(f, e):
            continue
        if _TOPIC_BEFORE.search(f, max(0, s - 40), s):
            continue
        kind = "kiểm tra" if fold(m.group(1)).startswith("kiem") else "giám sát"
        verbs.append((s, e))
        found.setdefault(kind, Mention(kind, (s, e)))
    # the schema's order: kiểm tra, giám sát
    return [found[k] for k in ACTIVITIES if k in found], verbs


def _title_place(text: Text, title_span) -> str | None:
    if not title_span:
        return None
    m = _PLACE_PREFIX.match(text.plain, title_span[0], title_span[1])
    if not m:
        return None
    place = m.group(1)
    prov = _provinces().get(fold(place))
    if prov:
        return prov
    if place.isupper():
        return place.title()
    return place if all(w[:1].isupper() for w in place.split()) else None


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
        for o in orgs:
            if o.place:
                self.places.setdefault(o.head, set()).add(_place_case(raw[o.place[0]:o.place[1]]))
        header_end = text.lines[min(len(text.lines), 15) - 1][1] if text.lines else 0
        self.header_places: dict[str, set[str]] = {}
        for o in orgs:
            if o.place and o.start <= header_end:
                self.header_places.setdefault(o.head, set()).add(_place_case(raw[o.place[0]:o.place[1]]))
        self.names = sorted({raw[o.start:o.end] for o in orgs})
        self.folded_names = [(fold(n), n) for n in self.names]
        self._memo: dict[int, str] = {}


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
            best = max(longer, key=len)
            if all(fold(best).startswith(fold(x)) for x in longer):
                result = best
    elif not o.named:
        places = ix.places.get(o.head, set())
        header = ix.header_places.get(o.head, set())
        if len(header) == 1:
            result = f"{name} {next(iter(header))}"
        elif len(places) == 1:
            result = f"{name} {next(iter(places))}"
        elif title_place and not places:
            prov = fold(title_place) in _provinces()
            if (prov and o.head in _PROVINCIAL) or (not prov and o.head in _DISTRICT):
                result = f"{name} {title_place}"
    result = _expand(result)
    ix._memo[o.start] = result
    return result


_ABBREVIATIONS = ((re.compile(r"^UBKT(?=\s)"), "Ủy ban Kiểm tra"), (re.compile(r"^BTV(?=\s)"), "Ban Thường vụ"),
                  (re.compile(r"^BCH(?=\s)"), "Ban Chấp hành"))


def _expand(name: str) -> str:
    """Abbreviated organs are written out in completed names (``UBKT Huyện đoàn`` → ``Ủy ban Kiểm tra
    Huyện đoàn``)."""
    for pat, full in _ABBREVIATIONS:
        name = pat.sub(full, name)
    return name


def _place_case(place: str) -> str:
    place = " ".join(place.split())
    return place.title() if place.isupper() else place


def _org_ending_at(ix: _Index, f: str, pos: int, lo: int) -> OrgSpan | None:
    """The organization right before ``pos`` with only auxiliary words between."""
    import bisect

    i = bisect.bisect_right(ix.ends, pos) - 1
    best = None
    while i >= 0 and ix.ends[i] >= max(lo, pos - 80):
        end = ix.ends[i]
        m = _FILLER.match(f, end)
        if m and m.end() == pos:
            best = ix.by_end[end][0]
            break
        i -= 1
    return best


def _orgs_from(ix: _Index, f: str, pos: int, limit: int) -> list[OrgSpan]:
    """Organizations listed from ``pos`` on: ``X, Y và Z``."""
    out = []
    cur = pos
    while cur < limit:
        o = ix.by_start.get(cur)
        if o is None:
            break
        out.append(o)
        g = _LIST_GAP.match(f, o.end)
        if not g or g.end() == o.end:
            break
        cur = g.end()
    return out


def bodies_and_units(text: Text, orgs: list[OrgSpan], verbs: list[tuple[int, int]],
                     title_span) -> tuple[list[Mention], list[Mention]]:
    raw, f = text.raw, text.folded
    title_place = _title_place(text, title_span)
    ix = _Index(text, orgs)
    bodies: list[OrgSpan] = []
    units: list[OrgSpan] = []
    for s, e in verbs:
        ss, se = text.sentence_at(s)
        b = _org_ending_at(ix, f, s, ss)
        if b is not None:
            bodies.append(b)
        # units: right after the verb, or after "đối với" / "tại" further on in the sentence
        window = min(se, e + 400)
        gap = re.compile(r"[ \t]*").match(f, e)
        units.extend(_orgs_from(ix, f, gap.end(), window))
        for m in _AFTER_TARGET.finditer(f, e, window):
            if m.start() > e and not re.match(r"[ \t,]", f[m.start()]):
                continue
            units.extend(_orgs_from(ix, f, m.end(), window))
    if verbs:
        for m in _WORKED.finditer(f):
            units.extend(_orgs_from(ix, f, m.end(), min(len(f), m.end() + 400)))
    body_names = _unique(_complete(ix, o, title_place) for o in bodies)
    body_names = _most_specific(body_names)
    unit_names = []
    body_set = {fold(n) for n in body_names}
    for o in units:
        n = _complete(ix, o, title_place)
        if fold(n) not in body_set and not any(fold(b).endswith(" " + fold(n)) for b in body_names):
            unit_names.append((n, o))
    bodies_m = []
    seen = set()
    for o in bodies:
        n = _complete(ix, o, title_place)
        n = next((b for b in body_names if b == n or fold(b).endswith(" " + fold(n))), n)
        if n in seen:
            continue
        seen.add(n)
        bodies_m.append(Mention(n, (o.start, o.end)))
    units_m = []
    seen = set()
    for n, o in unit_names:
        if n in seen:
            continue
        seen.add(n)
        units_m.append(Mention(n, (o.start, o.end)))
    return bodies_m, units_m


def _unique(items) -> list[str]:
    out: dict[str, None] = {}
    for x in items:
        out.setdefault(x, None)
    return list(out)


def _most_specific(names: list[str]) -> list[str]:
    """Drop a name that another one contains at its end (``Tỉnh đoàn Ninh Bình`` inside ``Ban
    Thường vụ Tỉnh đoàn Ninh Bình``): they name the same inspector."""
    folded = [fold(n) for n in names]
    keep = []
    for i, n in enumerate(names):
        if any(j != i and folded[j].endswith(" " + folded[i]) for j in range(len(names))):
            continue
        keep.append(n)
    return keep
