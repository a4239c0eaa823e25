"""Quantities the document reports (annotation rules, "figures").

``[qualifier] <number>[/<number>] [scale] <unit>``: ``19 đoàn viên ưu tú``, ``hơn 70%``,
``11/11 Huyện, Thị, Thành đoàn`` (value = numerator), ``124 nghìn`` (value 124000), ``89,9%``
(Vietnamese decimal comma; ``92.387`` is 92387), word numerals before a counted noun (``hai đợt``).
Not figures: numbers inside dates, document numbers, years, list ordinals, periods (``6 tháng``),
names with numbers (``Chỉ thị 42``, ``chủ trương 1+1``, ``“3 chủ động”``), page counters.
Rules are data: ``data/figure_rules.json``.
"""
from __future__ import annotations

import functools
import re

from .normalize import fold
from .record import Figure
from .resources import json_data, lexicon, number_words, word_alternation
from .text import Spans, Text

# the measures a number may be glued to (data/figure_rules.json, glued_measures: "23ha", "41,6m2", "212,4m²")
_GLUED = word_alternation(json_data("figure_rules.json")["glued_measures"])
_NUM = re.compile(
    r"(?<![\w.,/:+\-–—])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)"
    r"(?:[ \t]*/[ \t]*(\d{1,3}(?:\.\d{3})+|\d+)|[ \t]*[-–][ \t]*(\d+(?:,\d+)?))?"
    # glued to what follows it, a number names something ("H5N1", "10A", "4.0"), except "113.790.000đ" (the
    # đồng), a measure ("23ha", "41,6m2", "212,4m²") and a count in thousands glued to its noun by a typo
    # ("3.004tổ chức đảng")
    rf"(?!(?!đ(?![\w])|(?:{_GLUED})(?![\w])|(?<=\d\.\d\d\d)[^\W\d_A-ZĐ])[\w/:+]"
    r"|[.,]\d|[ \t]*\+[ \t]*\d|-\d)"
)
_SCALE = re.compile(r"[ \t]+(nghìn|ngàn|vạn|triệu|tỷ|tỉ)(?![\w])")
_SMALLER = re.compile(r"[ \t]+(\d{1,3}(?:,\d+)?)[ \t]+(nghìn|ngàn|triệu)(?![\w])")
_ADDRESS_BEFORE = re.compile(r"(?:(?<![\w])(?:tại|số)|\()[ \t]*$", re.IGNORECASE)
# words that never start what a number counts: a verb of the work, "sau", "cùng" ("T - 26 cùng các thành viên")
_NOT_COUNTED = frozenset({"kiểm", "giám", "sau", "cùng"})


def _street(unit: str) -> bool:
    """Whether the words after a number name a street (``Nguyễn Cửu Phú``, ``Ô Chợ Dừa``): two or more
    words, all capitalised, not an acronym or a head with its level (``CĐCS``, ``Đoàn xã``)."""
    words = unit.split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words) and not words[0].isupper()


# a sentence or paragraph ends between two mentions: the same figure again there is the fact restated
_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)|\n")
# page chrome: view counters, and the text-size control of many portals (`100%` alone on its line)
_COUNTER = re.compile(r"lượt[ \t]+(?:xem|truy[ \t]+cập)|\bviews?\b|^[ \t]*100[ \t]*%[ \t]*$",
                      re.IGNORECASE | re.MULTILINE)
_WORD = re.compile(r"[^\W\d_]+\d?|,|%|\S")
MAX_UNIT_WORDS = 5
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")
_FACTOR = re.compile(r"[ \t]*[xX×][ \t]*\d")   # a side of a size: "15 x 20 x 25 cm"
_FACTOR_BEFORE = re.compile(r"\d[\d.,]*[ \t]*[xX×][ \t]*$")   # its last side: the "25 cm" of "15 x 20 x 25 cm"


def _not_after(words) -> str:
    """Look-behinds: not right after any of ``words`` and a space (lower case or capitalised)."""
    return "".join(rf"(?<!{re.escape(w)}[ \t])(?<!{re.escape(w.capitalize())}[ \t])" for w in words)


@functools.lru_cache(maxsize=1)
def _rules():
    r = json_data("figure_rules.json")
    alt = word_alternation
    return {
        "qual": re.compile(rf"(?<![\w])(?:{alt(r['qualifiers'])})[ \t]+$", re.IGNORECASE),
        "qualifier_words": frozenset(q for q in r["qualifiers"] if " " not in q),
        # "kỷ luật 57 đảng viên" counts people disciplined: "luật" there names no law
        "label": re.compile(rf"(?<![\w])({alt(r['labels_before_count'])})[ \t]+$", re.IGNORECASE),
        "counted_after_name": re.compile(rf"[ \t]+(?:{alt(r['counted_after_name_words'])})(?![\w])", re.IGNORECASE),
        "before": re.compile(rf"(?<![\w])(?<!kỷ[ \t])(?:{alt(r['name_words_before'])})[ \t]*[:.]?[ \t]*$",
                             re.IGNORECASE),
        "words": re.compile(rf"(?<![\w])({alt(number_words(figures_only=True))})[ \t]+"
                            rf"({alt(r['counted_after_word_numbers'])})(?![\w])", re.IGNORECASE),
        "number_words": dict(number_words(figures_only=True)),
        "scales": {k: v for k, v in r["scales"].items()},
        "periods": tuple(sorted(r["period_units"], key=len, reverse=True)),
        "stop": frozenset(r["unit_stopwords"]),
        "slogans": tuple(s.lower() for s in r["slogans"]),
        "measures": frozenset(r["physical_measures"]) | frozenset(r["other_measures"]),
        "physical": frozenset(r["physical_measures"]),
        # "kích thước 15 x 20 x 25 cm", "đường kính từ 40 - 70 cm", "loại 2 kg": a thing's size; "cách trụ sở
        # UBND xã tầm 3 km": a distance (not "bằng cách trồng mới 500 ha")
        "size": re.compile(rf"(?<![\w])(?:(?:{alt(r['size_words'])})"
                           rf"|{_not_after(r['not_distance_after'])}(?:{alt(r['distance_words'])})"
                           rf"(?:[ \t]+[^\W\d_]+){{1,6}}?)"
                           rf"[ \t]+(?:(?:{alt(r['qualifiers'])}|từ|tầm)[ \t]+)?(?:\d[\d.,]*[ \t]*(?:[xX×]|-|–)[ \t]*)*$",
                           re.IGNORECASE),
        "generic_columns": frozenset(fold(c) for c in r["table_generic_columns"]),
        "row_number_columns": frozenset(fold(c) for c in r["table_row_number_columns"]),
    }


def parse_number(s: str) -> float | int:
    s = s.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", ".")
    v = float(s)
    return int(v) if v.is_integer() and "." not in s else v


def _unit(raw: str, pos: int, rules) -> tuple[str | None, int]:
    """The noun phrase after a number: up to 5 words, stopping at punctuation, function words and
    capitalised words (a capitalised list ``Huyện, Thị, Thành đoàn`` is kept whole)."""
    limit = min(len(raw), pos + 80)
    m = re.match(r"[ \t]*%", raw[pos:limit])
    if m:
        return "%", pos + m.end()
    words: list[str] = []
    end = pos
    caps_list = False
    i = pos
    for tok in _WORD.finditer(raw, pos, limit):
        gap = raw[i:tok.start()]
        if "\n" in gap or gap.strip():
            break
        t = tok.group()
        if t == ",":
            if caps_list and words and words[-1] != ",":
                words.append(",")
                i = tok.end()
                continue
            break
        if not t[:1].isalpha() or t.lower() in rules["stop"] or (
                (nxt := _NEXT_WORD.match(raw, tok.end(), limit)) and f"{t.lower()} {nxt.group(1).lower()}" in rules["stop"]):
            break   # "12 đơn vị bao gồm", but "1.440 bao thuốc lá
        if (words or t.lower() in rules["qualifier_words"]) and re.match(r"[ \t]+\d", raw[tok.end():tok.end() + 3]):
            break      # "2 lần thừa hơn 15 triệu đồng", "150 gói xúc xích loại 2 kg": the word opens the next figure
        if t[:1].isupper():
            if not words:
                caps_list = True
            elif not caps_list:
                break
        elif words and words[-1] == ",":
            break
        if sum(w != "," for w in words) >= MAX_UNIT_WORDS:
            break
        words.append(t)
        end = tok.end()
        i = tok.end()
    while words and words[-1] == ",":
        words.pop()
    if len(words) > 1 and (nxt := _NEXT_WORD.match(raw, end, limit)) \
            and f"{words[-1]} {nxt.group(1)}".lower() in lexicon():
        # the unit ended inside a word of two syllables: "01 CĐCS trực thuộc", "19 trường nói trên", "5 nhân
        # khẩu trở lên" count CĐCS, schools, people, not the word's first half
        words.pop()
        end = raw.rindex(words[-1], pos, end) + len(words[-1])
    if not words:
        return None, pos
    if words[0].lower() in rules["measures"] and not (len(words) > 1 and f"{words[0]} {words[1]}".lower() == "đồng chí"):
        # a measure ends the unit: "2.400 m2 đường" counts square metres ("5 đồng chí" counts people)
        first = _WORD.search(raw, pos, limit)
        if first.group().lower() == "đ":
            return _dong(raw, first.start())
        return first.group(), first.end()
    text = raw[pos:end].strip()
    return text, end


def _dong(raw: str, i: int) -> tuple[str, int]:
    """The unit an ``đ`` at ``i`` after an amount opens, and its end: the đồng (``113.790.000đ``,
    ``7.500.000 đ``), or comrades, people (``3 đ/c``)."""
    if raw[i + 1:i + 3].lower() == "/c":
        return raw[i:i + 3], i + 3
    return "đồng", i + 1


def _is_period(unit: str, periods: tuple[str, ...]) -> bool:
    if unit.startswith("ngày công"):
        return False   # "2.335 ngày công": days of work given, a measure
    return any(unit == p or unit.startswith(p + " ") for p in periods)


_CELL_NUM = re.compile(r"[ \t]*((?:(?:hơn|gần|khoảng|trên)[ \t]+)?(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?:[ \t]*(%))?)[ \t]*$",
                       re.IGNORECASE)
_COUNT_PREFIX = re.compile(r"^(?:tổng[ \t]+)?số[ \t]+(?:lượng[ \t]+)?", re.IGNORECASE)


def _table_rows(text: Text) -> list[list[tuple[int, int]]]:
    """Tables flattened to lines (``a | b | c``): runs of at least two lines with two or more ``|``;
    each row as its cells' spans."""
    raw = text.plain
    blocks: list[list[list[tuple[int, int]]]] = []
    prev_i = -2
    for i, (ls, le) in enumerate(text.lines):
        if raw.count("|", ls, le) < 2 and not (raw.count("|", ls, le) == 1 and prev_i == i - 1):
            continue
        cells = []
        pos = ls
        for part in raw[ls:le].split("|"):
            cells.append((pos, pos + len(part)))
            pos += len(part) + 1
        if prev_i == i - 1 and blocks:
            blocks[-1].append(cells)
        else:
            blocks.append([cells])
        prev_i = i
    return [row for b in blocks if len(b) >= 2 for row in b]


def _table_figures(text: Text, rules) -> tuple[list[Figure], list[tuple[int, int]]]:
    """Every count or rate cell of a flattened table is a figure: ``text`` the cell, ``unit`` the
    column heading's noun phrase (``Số chi đoàn`` → ``chi đoàn``), or the row heading's when the
    column heading is generic (``Kế hoạch``, ``Thực hiện``); ``%`` for rates. Row numbers are not."""
    raw = text.plain
    out: list[Figure] = []
    lines: list[tuple[int, int]] = []
    header: list[str] | None = None
    prev_line = None
    for cells in _table_rows(text):
        line = text.line_at(cells[0][0])
        if prev_line is None or line is None or text.line_index(line[0]) != prev_line + 1:
            header = None
        prev_line = text.line_index(line[0]) if line else None
        if line:
            lines.append(line)
        values = [_CELL_NUM.match(raw, a, b) if b > a else None for a, b in cells]
        values = [m if m and m.end() == b else None for m, (a, b) in zip(values, cells)]
        texts = [raw[a:b].strip() for a, b in cells]
        if not any(values):
            header = texts   # a row with no numbers is a heading row
            continue
        row_label = texts[0] if not values[0] else ""
        for k, m in enumerate(values):
            if m is None:
                continue
            col = header[k] if header and k < len(header) else ""
            if fold(col) in rules["row_number_columns"] or (k == 0 and not header):
                continue
            s, e = m.span(1)
            value = parse_number(m.group(2))
            if m.group(3):
                unit = "%"
            else:
                unit = _COUNT_PREFIX.sub("", col).strip()
                if not unit or fold(unit) in rules["generic_columns"] or fold(col) in rules["generic_columns"]:
                    unit = _COUNT_PREFIX.sub("", row_label).strip() or unit
                if not unit:
                    continue
            out.append(Figure(text=text.raw[s:e], value=value, unit=unit, span=(s, e)))
    return out, lines


def _restated(raw: str, last: dict, key: tuple, start: int, end: int) -> bool:
    """Whether a figure written as an earlier one was is that fact restated (annotation rules: listed
    once): it is when a sentence or paragraph ended since; within one sentence the same figure again
    is another fact (`1 mẫu của công ty A; 1 mẫu của công ty B`). Records this mention's end."""
    prev = last.get(key)
    last[key] = end
    return prev is not None and (prev > start or _SENTENCE_END.search(raw, prev, start) is not None)


def _named(raw: str, before: str, end: int, rules) -> bool:
    """Whether the number ending at ``end`` is part of a name or an ordinal (``Chỉ thị 42``, ``lần thứ
    hai``): a name word (``name_words_before``) ends ``before``, except ``tổng số`` and a count of
    inspections after a name (``kết luận 13 cuộc``)."""
    bm = rules["before"].search(before, before.rfind("\n") + 1)     # on the number's line
    return bool(bm) and not (bm.group().strip().lower().startswith("số")
                             and re.search(r"tổng[ \t]+$", before[:bm.start()], re.IGNORECASE)) \
        and not rules["counted_after_name"].match(raw, end)


def extract_figures(text: Text, excluded: list[tuple[int, int]]) -> list[Figure]:
    raw = text.plain
    rules = _rules()
    table, table_lines = _table_figures(text, rules) if "|" in raw else ([], [])
    quotes = [m.span() for m in re.finditer(r"“[^”\n]{0,400}”", raw)]
    excluded = Spans(list(excluded) + table_lines + quotes)
    blocked = excluded.overlaps
    counters = Spans(text.line_at(m.start()) or m.span() for m in _COUNTER.finditer(raw))
    out: list[Figure] = []
    last: dict = {}       # (text, value) -> where its last mention ended
    first_char: dict[int, int] = {}

    taken = 0   # where the last figure's amount ended ("11 tỷ 691 triệu": the 691 is part of it)
    for m in _NUM.finditer(raw):
        s, e = m.span()
        if blocked(s, e) or s < taken:
            continue
        line = text.line_at(s)
        ls = line[0] if line else s
        if ls not in first_char:      # where the line's text starts: read once per line, not per number
            first_char[ls] = ls + len(raw[ls:line[1] if line else s]) - len(raw[ls:line[1] if line else s].lstrip())
        if s <= first_char[ls] and re.match(r"[.)]", raw[e:e + 1]):
            continue  # list ordinal "1." / "2)"
        if counters.covers(s):
            continue
        before = raw[max(0, s - 30):s]
        if _named(raw, before, e, rules):
            continue
        if re.search(r"[“\"«][ \t]*$", before):
            continue
        low_after = raw[s:s + 30].lower()
        if any(low_after.startswith(sl) for sl in rules["slogans"]):
            continue
        num, den = m.group(1), m.group(2)
        value = parse_number(num)
        pos = e
        scale = None
        sm = _SCALE.match(raw, pos)
        if sm:
            scale = rules["scales"][sm.group(1)]
            value = value * scale
            pos = sm.end()
            # "11 tỷ 691 triệu đồng": a smaller scale's amount goes on
            more = _SMALLER.match(raw, pos)
            if more and rules["scales"][more.group(2)] < scale:
                value += parse_number(more.group(1)) * rules["scales"][more.group(2)]
                pos = more.end()
            if isinstance(value, float) and value.is_integer():
                value = int(value)
        if raw[pos:pos + 1] == "đ":
            unit, uend = _dong(raw, pos)          # "113.790.000đ", "3đ/c"
        else:
            unit, uend = _unit(raw, pos, rules)
            if unit and unit != "%" and text.cut_at(uend):
                # the unit runs to the end of a page cut mid-word ("hơn 2 nă", "có 09 t"): its last word is
                # a fragment, and with it gone nothing may be left of the unit
                gap = max(raw.rfind(" ", pos, uend), raw.rfind("\t", pos, uend))
                if " " in unit and gap > pos:
                    unit, uend = unit.rsplit(" ", 1)[0], len(raw[:gap].rstrip())
                else:
                    unit, uend = None, pos
        if unit is None and scale is not None and scale >= 1_000_000:
            unit, uend = "đồng", pos              # "đóng góp 996 triệu,": an amount of money
        if unit and _ADDRESS_BEFORE.search(raw, max(0, s - 12), s) and _street(unit):
            continue  # "tại 4423 Nguyễn Cửu Phú", "(96 Ô Chợ Dừa": a house number
        if unit and unit.split()[0].lower() in _NOT_COUNTED:
            continue  # "Đoàn 2 kiểm tra 14 tỉnh", "Mức độ 2 sau 5 năm": the number names something
        if unit and unit != "%" and _is_period(unit.lower(), rules["periods"]):
            continue
        if _FACTOR.match(raw, e) or (unit and unit.lower() in rules["physical"] and (
                _FACTOR_BEFORE.search(raw, max(0, s - 20), s) or rules["size"].search(raw, max(0, s - 80), s))):
            continue  # the size of a thing or a distance, not a measure of the work ("15 x 20 x 25 cm")
        label = None
        if unit is None and scale is None:
            label = rules["label"].search(raw, max(0, s - 20), s)
            if label is None:
                continue
            unit = label.group(1)          # "khiển trách 28, cảnh cáo 21": the label says what is counted
        if den is None and isinstance(value, int) and 1900 <= value <= 2100 and unit in (None, "%") and not scale:
            continue
        start = s
        qm = rules["qual"].search(raw, max(0, s - 20), s)
        if qm:
            start = qm.start()
        if label is not None:
            start = label.start()
        end = uend if unit and label is None else pos
        ftext = text.raw[start:end]
        if _restated(raw, last, (ftext.lower(), value), start, end):
            continue
        out.append(Figure(text=ftext, value=value, unit=unit, span=(start, end)))
        taken = pos
    for m in rules["words"].finditer(raw):
        s, e = m.span()
        if blocked(s, e):
            continue
        if s and raw[max(0, s - 4):s].lower().endswith("một "):
            continue
        if _named(raw, raw[max(0, s - 30):s], m.end(1), rules):
            continue     # "phiên thứ sáu Đoàn giám sát": an ordinal
        value = rules["number_words"][m.group(1).lower()]
        unit = m.group(2)
        if _restated(raw, last, (m.group().lower(), value), s, e):
            continue
        out.append(Figure(text=text.raw[s:e], value=value, unit=unit, span=(s, e)))
    out.extend(table)
    out.sort(key=lambda x: x.span)
    return out
