"""The document's own title and date (``title``, ``published``) from the top of the text.

- An official document (Kế hoạch, Báo cáo, Thông báo ...) has a header: issuing body, ``Số: ...``,
  ``<Place>, ngày 16 tháng 5 năm 2024``, then the kind line (``KẾ HOẠCH``) and its subject line(s).
  Its title is the kind line plus the subject; its date the place-date line.
- A web article has page furniture, a headline and a dateline (``Thứ Bảy, 04/06/2022``,
  ``T6, 20/11/2020 - 14:11``). Its title is the headline: the candidate line just before the
  dateline when the dateline is among the first lines, else the first candidate line.
- ``Cập nhật ngày ...`` / ``Ngày đăng: ...`` lines give the date anywhere in the text.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re

from .dates import Atom, full_dates
from .gazetteer import gazetteer
from .normalize import fold
from .resources import (caption_patterns, doc_type_pattern, doc_types, national_line_pattern, page_chrome, surnames,
                        word_list)
from .text import LOWER, UPPER, Text, letter_count, mostly_upper

TOP_LINES = 12          # how many non-empty lines the headline and dateline are looked for in
HEADER_LINES = 40       # how far an official header may reach
MAX_TITLE = 300        # a headline longer than this is a lead paragraph: its first sentence is the title
# what a page puts in front of its headline or lead: the store's date marker, a source tag ("(BDO)",
# "(PL)-", "(Ngày Nay) -")
# before a headline: a stored date stamp, a "(PLO)-" source tag, a dash left from a cut source tag, or the
# word "null" a page's empty field printed
# the date some stored pages carry before their first line (" date 2025-11-06", " date 2017-03")
DATE_MARKER = r"date[ \t]+\d{4}-\d{2}(?:-\d{2})?"
_DATE_MARKER_AT_START = re.compile(rf"^\s*({DATE_MARKER})(?![\d-])")
_TITLE_LEAD = re.compile(rf"[ \t]*(?:{DATE_MARKER}[ \t]*)?(?:null[ \t]+)?"
                         r"(?:\([^()\n]{1,24}\)[ \t]*[-–]?[ \t]*|[-–][ \t]+)?")
# what a title does not end with: the sentence's full stop, a photo note
_TITLE_TAIL = re.compile(r"[ \t]*(?:\((?:ảnh|ảnh minh họa|video|clip|\d{1,2}:\d{2}[ \t]+\d{1,2}/\d{1,2}/\d{4})\)"
                         r"|(?<=\w)[ \t]+\d{1,2}/\d{1,2}/\d{4}[ \t]+\d{1,2}:\d{2}(?::\d{2})?)?[ \t]*[.…]*[ \t]*$",
                         re.IGNORECASE)   # a photo note, the time of posting "(19:51 18/06/2021)", "... 03/03/2026 15:17"

# a weekday, by its name or its number (folded): "Thứ Hai", "Chủ nhật", "Thứ 5"
_WEEKDAY_NAME = r"thu[ \t]+(?:hai|ba|tu|nam|sau|bay)|chu[ \t]+nhat"
_WEEKDAY_NUM = r"thu[ \t]+[2-7]"
# words that may stand on a dateline besides the date itself (folded)
_DATELINE_WORDS = re.compile(
    rf"(?<![a-z])(?:{_WEEKDAY_NAME}|t[2-7]|cn|ngay[ \t]+dang|dang[ \t]+ngay"
    r"|ngay[ \t]+cap[ \t]+nhat|cap[ \t]+nhat(?:[ \t]+(?:luc|ngay))?|dang[ \t]+luc|dang|ngay|luc|gio|gmt"
    r"|sa|ch|am|pm|posted|updated|published|thoi[ \t]+gian|xuat[ \t]+ban|ban[ \t]+hanh)(?![a-z])"
)
_KEYWORD_DATE = re.compile(
    r"(?<![a-z])(?:cap[ \t]+nhat|ngay[ \t]+dang|dang[ \t]+ngay|ngay[ \t]+cap[ \t]+nhat|ngay[ \t]+xuat[ \t]+ban"
    r"|thoi[ \t]+gian[ \t]+dang|ngay[ \t]+dang[ \t]+tai|dang[ \t]+tai[ \t]+ngay|dang[ \t]+luc)(?![a-z])"
    r"|(?<![a-z])duoc[ \t]+dang[ \t]*:"     # "Được đăng : 06/11/2018", not "được đăng ký"
)
_WEEKDAY_OPENING = re.compile(rf"[ \t]*(?:{_WEEKDAY_NAME}|{_WEEKDAY_NUM})(?![a-z\d])")
_CLOCK_DATELINE_GAP = 4   # the lines from a site's clock to the article's own dateline under its headline
_MENU_JOIN = re.compile(f"[{LOWER}][{UPPER}]")
_BREADCRUMB = re.compile(r"\s[>»/|›]\s.*\s[>»/|›]\s|^\s*[>»›]|\s[>»›]\s")
_SEPARATOR = re.compile(r"^[\W_]+$")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
# how a lead paragraph opens (a time, a place, the order followed), unlike a photo caption
_LEAD_OPENING = re.compile(r"(?:ngay|sang|chieu|toi|trua|dem|hom|vua|moi|thuc[ \t]+hien|can[ \t]+cu|theo|trong|tai|tu|nam|sau|\d)(?![a-z])")
# what a photo caption says of itself
_CAPTION_WORDS = re.compile(r"(?<![a-z])(?:anh|toan[ \t]+canh|quang[ \t]+canh|phat[ \t]+bieu|chup[ \t]+anh)(?![a-z])")
# a newspaper's tag opening its lead paragraph: an acronym or one to three capitalised words, then a dash
_SOURCE_TAG = re.compile(rf"[ \t]*(?:[{UPPER}][{UPPER}&.]{{1,8}}(?:[ \t]+[-–][ \t]*|[ \t]*[-–][ \t]+)"   # "QĐND –Thường vụ ..."
                         rf"|[{UPPER}][{LOWER}]+(?:[ \t][{UPPER}]?[{LOWER}]+){{0,2}}[ \t]+[-–][ \t]+)(?=[{UPPER}])")
# a photo's caption line: "... . Ảnh: T.Lập", "(Ảnh: CTV)", "... năm học 2023-2024 - Ảnh 2."
_PHOTO_CREDIT = re.compile(f"(?:{caption_patterns()['photo_credit']})|(?:{caption_patterns()['numbered']})", re.IGNORECASE)
_IMAGE_LINE = re.compile(r"^[ \t]*<image>")     # an image the stored page shows, with its address and caption
_BANNER = re.compile(r"(?:nhiet[ \t]+liet[ \t]+)?chao[ \t]+mung[ \t]")
_SUBJECT_STOP = re.compile(
    r"^(?:can[ \t]+cu|thuc[ \t]+hien|kinh[ \t]+gui|de[ \t]|nham[ \t]|[ivx]+[.)][ \t]|\d+[.)][ \t]|phan[ \t]+\w+[ \t]*[:.]"
    r"|muc[ \t]+dich|so[ \t]*:|noi[ \t]+nhan|[-+*•])"
)
# a national line of an official header (the state's name or motto, the Party's or the Union's name)
_NATIONAL_LINE = re.compile(rf"(?<![a-z])(?:{national_line_pattern()})")
_OFFICIAL_MARK = re.compile(rf"(?<![a-z])(?:{national_line_pattern()}|ban[ \t]+chap[ \t]+hanh|bch[ \t]|so[ \t]*:)")
# the number line of an official document's header
_NUMBER_LINE = re.compile(r"[ \t|]*so[ \t]*:[ \t]*\d")


def _header_row(text: Text, span: tuple[int, int]) -> bool:
    """A line of an official document's header: a national line in capitals, or its number (``Số: 610/TB-BGTVT``),
    also when the header is read as a table's rows (``BỘ GIAO THÔNG VẬN TẢI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA ...``)."""
    s, e = span
    f = text.folded[s:e]
    return _NUMBER_LINE.match(f) is not None or (_NATIONAL_LINE.search(f) is not None and is_upper_line(text.raw[s:e]))


def is_upper_line(s: str) -> bool:
    return mostly_upper(s, 0.9)


def _index_full_dates(text: Text, ats: list[Atom], limit: int) -> dict[int, list]:
    out: dict[int, list] = {}
    for a, d in full_dates(ats):
        if a.start > limit:
            break
        out.setdefault(text.line_index(a.start), []).append((a, d))
    return out


_SPACED_DASH = re.compile(r"[ \t][-–][ \t]")


def is_dateline(text: Text, span: tuple[int, int], dated: list) -> bool:
    """A short line that is only a date with weekday/time/"cập nhật" furniture around it; a line
    cut by ``|`` or a spaced dash (``Thứ Ba, 23/11/2021 10:42 | Lượt đọc: 412``) is judged by the date's
    segment."""
    s, e = span
    if not dated or e - s > 160:
        return False
    f = text.folded
    a0 = dated[0][0]
    seg_s = max(f.rfind("|", s, a0.start) + 1, s)
    bar = f.find("|", a0.end, e)
    # "Ngày 14-04-2021 - Lượt xem: 38": a spaced dash cuts the line like a bar
    dash = _SPACED_DASH.search(f, a0.end, e)
    ends = [x for x in (bar, dash.start() if dash else -1) if x >= 0]
    seg_e = min(ends) if ends else e
    if seg_e - seg_s > 90:
        return False
    rest = []
    pos = seg_s
    for a, _ in dated:
        if a.start >= seg_e:
            break
        rest.append(f[pos:a.start])
        pos = a.end
    rest.append(f[pos:seg_e])
    rest_text = _DATELINE_WORDS.sub(" ", " ".join(rest))
    return letter_count(rest_text) == 0


def _site_crumb(text: Text, span: tuple[int, int]) -> bool:
    """A breadcrumb that starts at a page of the site's furniture (``Home > CÁC CẤP CÔNG ĐOÀN``, ``Trang chủ » ...``)."""
    crumb = _CRUMB.match(text.folded[span[0]:span[1]].strip())
    return crumb is not None and crumb.group(1).strip() in page_chrome()


def is_chrome(text: Text, span: tuple[int, int]) -> bool:
    s, e = span
    line = text.raw[s:e]
    f = text.folded[s:e].strip(" \t.:…|-")
    if not f:
        return True
    chrome = page_chrome()
    if f in chrome:
        return True
    words = f.split()
    if len(words) <= 4 and any(f.startswith(c) for c in chrome):
        return True
    if f.startswith("loading") or f.startswith("dang tai"):
        return True
    if len(line) <= 120 and (_MENU_JOIN.search(line) or _BREADCRUMB.search(line)):
        return True
    crumb = _CRUMB.match(f)
    if crumb and crumb.group(1).strip() in chrome:
        return True   # "Trang chủ / Thu tiền sai, 14 trường ...": a breadcrumb that ends with the headline
    if len(words) <= 10 and _WEATHER.search(line):
        return True   # "Bình Phước, 30°C/27°C - 33°C": the site's weather
    if len(words) <= 12 and _POSTED_AT.search(line):
        return True   # "Phòng chống tham nhũng, lãng phí 16:06, 07/05/2022 GMT+7": a section and its posting time
    if _SEPARATOR.match(line) or _IMAGE_LINE.match(line):
        return True
    if _BANNER.match(f) and is_upper_line(line):
        return True   # a site's celebration banner: "NHIỆT LIỆT CHÀO MỪNG 93 NĂM NGÀY THÀNH LẬP ĐẢNG ..."
    if len(words) <= 8 and any(len(c.split()) >= 3 and f.startswith(c) for c in chrome):
        return True   # "Tải bản đầy đủ (.doc) (14 trang)"
    if any(len(c.split()) >= _LONG_CHROME and f.startswith(c) for c in chrome):
        return True   # a long sentence of a site's furniture, whatever follows: "Email của bạn sẽ không được ..."
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return True   # a menu item written twice: "Tổ chức Tổ chức"
    if len(words) <= 16 and (_VIEW_COUNTER.search(f) or _CONTACT.search(line)):
        return True   # "Chuyên mục: ... | Lượt xem : 10,719", ": toasoandko@gmail.com | : (04) 38.228.302"
    return False


_CRUMB = re.compile(r"([^>»/|›]{2,30})[ \t]+[>»/|›][ \t]")
_POSTED_AT = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?[ \t]*,?[ \t]*\d{1,2}/\d{1,2}/\d{4}[ \t]*(?:GMT[ \t]*[+-][ \t]*\d{1,2})?[ \t]*$")
_WEATHER = re.compile(r"\d[ \t]*°[ \t]*C(?![a-z])")
_CONTACT = re.compile(r"[\w.]@[\w-]+\.\w|\(0\d{1,3}\)[ \t]*\d{2,}")   # an e-mail address, a phone number
_VIEW_COUNTER = re.compile(r"(?<![a-z])(?:luot[ \t]+xem|luot[ \t]+truy[ \t]+cap)(?![a-z])")


_LETTER_SUBJECT = re.compile(r"[ \t]*v/v\b")
_OFFICIAL_DATELINE = re.compile(r"(?<![a-z])ngay[ \t]+\d{1,2}[ \t]+thang[ \t]+\d")


def _letter_subject(text: Text) -> tuple[str, tuple[int, int]] | None:
    """``V/v: Hướng dẫn thanh tra thi tốt nghiệp THPT năm 2010`` under an official header (its state motto
    or its ``Số:`` line): an official letter's subject, written as it stands."""
    lines = text.lines[:HEADER_LINES]
    if not lines or not _OFFICIAL_MARK.search(text.folded, lines[0][0], lines[-1][1]):
        return None
    raw = text.raw
    for i, (s, e) in enumerate(lines):
        if _LETTER_SUBJECT.match(text.folded, s, e) and e - s <= 250:
            start = s + len(raw[s:e]) - len(raw[s:e].lstrip())
            parts, end = [raw[s:e].strip()], e
            # a subject wrapped on the next line, right below it ("V/v thông báo kết quả kiểm tra công tác" /
            # "Giáo dục thể chất và hoạt động y tế trường học"), up to the address or the dateline
            for s2, e2 in lines[i + 1:i + 3]:
                nxt = raw[s2:e2].strip()
                if (not nxt or len(nxt) > 120 or is_upper_line(nxt) or parts[-1].endswith((".", ":", ";"))
                        or re.search(r"\n[ \t]*\n", raw[end:s2])          # a blank line between
                        or _OFFICIAL_DATELINE.search(text.folded, s2, e2)
                        or _SUBJECT_STOP.match(text.folded[s2:e2].strip())):
                    break
                parts.append(nxt)
                end = e2
            return " ".join(parts), (start, end)
    return None


def date_marker(text: Text) -> tuple[int, int] | None:
    """Where the stored page's leading date marker is, if it has one."""
    m = _DATE_MARKER_AT_START.match(text.raw)
    return m.span(1) if m else None


def marker_month(text: Text, marker: tuple[int, int] | None) -> tuple[int, int | None] | None:
    """The year and month (if given) of the stored page's date marker (``date 2023-05``), which may give
    no full date."""
    m = re.search(r"((?:19|20)\d\d)(?:-(\d\d))?", text.raw[marker[0]:marker[1]]) if marker else None
    if not m:
        return None
    month = int(m.group(2)) if m.group(2) and 1 <= int(m.group(2)) <= 12 else None
    return int(m.group(1)), month


def _short(text: Text, span) -> bool:
    line = text.raw[span[0]:span[1]]
    words = line.split()
    return len(words) < 4 or letter_count(line) < 12 or _byline(words)


_BYLINE_WORDS = 5   # the longest name a byline line may hold alone


def _byline(words: list[str]) -> bool:
    """A line that is a person's name alone, the author's byline (``Phạm Trần Minh Tuyến``): a family name,
    then capitalised syllables in title case, nothing else, and no province by its first words (``Lâm Đồng``,
    ``Cao Bằng``; a line in capitals is a headline)."""
    return (2 <= len(words) <= _BYLINE_WORDS and words[0] in surnames()
            and all(w.isalpha() and w[:1].isupper() and w[1:].islower() for w in words)
            and not gazetteer().province(" ".join(words[:2])))


@functools.lru_cache(maxsize=1)
def _kind_line_re():
    """A document kind at the start of a (folded) line; compiled once, the kinds come from data."""
    return re.compile(rf"(?:{doc_type_pattern()})(?![a-z])")


def official_kind(text: Text) -> tuple[int, str] | None:
    """(line index, canonical type) of an official document's kind line (``KẾ HOẠCH``): an
    upper-case line starting with a document kind, after an official header mark (an upper-case
    ``ĐOÀN TNCS HỒ CHÍ MINH`` / ``ĐẢNG CỘNG SẢN VIỆT NAM`` / ``CỘNG HÒA XÃ HỘI ...`` line or ``Số:``)."""
    f = text.folded
    marked = False
    for i, (s, e) in enumerate(text.lines[:HEADER_LINES]):
        line = text.raw[s:e]
        upper = is_upper_line(line)
        if e - s <= 200 and marked:
            # the kind in capitals opens the line, alone or before its subject ("KẾ HOẠCH Triển khai ...")
            m = _kind_line_re().match(f, s, e)
            if m and (upper or is_upper_line(text.raw[m.start():m.end()])) and m.end() - s >= 4:
                alias = re.sub(r"[ \t]+", " ", m.group())
                return i, doc_types()[alias]
            if upper and i + 1 < len(text.lines) and len(line.split()) < 3:
                # the kind broken over two lines of a narrow column ("KẾ" / "HOẠCH"): the subject follows the second
                ns, ne = text.lines[i + 1]
                joined = f"{' '.join(f[s:e].split())} {' '.join(f[ns:ne].split())}"
                if _kind_line_re().fullmatch(joined) and is_upper_line(text.raw[ns:ne]):
                    return i + 1, doc_types()[joined]
        if (upper or re.match(r"so[ \t]*:", f[s:e])) and _OFFICIAL_MARK.search(f, s, e):
            marked = True
    return None


def official_title(text: Text, kind: tuple[int, str] | None) -> tuple[str, tuple[int, int]] | None:
    """The subject line(s) (trích yếu) under the kind heading, without the heading: ``KẾ HOẠCH`` /
    ``Kiểm tra, giám sát năm 2024`` → ``Kiểm tra, giám sát năm 2024``; a wrapped subject is joined
    with one space. A heading that carries the subject on its own line gives the rest of that line.
    An official letter has no kind heading: its subject is its ``V/v`` line."""
    if kind is None:
        return _letter_subject(text)
    i, _ = kind
    lines = text.lines
    s0, e0 = lines[i]
    m = _kind_line_re().match(text.folded, s0, e0)
    rest = text.raw[m.end():e0].strip(" \t:-–") if m else ""
    if re.match(r"cua[ \t]", fold(rest)):
        rest = ""   # "THÔNG BÁO CỦA UBND XÃ": who issues it, the subject follows on its own line
    parts: list[str] = [rest] if rest else []
    start = m.end() + (len(text.raw[m.end():e0]) - len(text.raw[m.end():e0].lstrip(" \t:-–"))) if rest else None
    end = e0
    for j in range(i + 1, min(i + 5, len(lines))):
        s, e = lines[j]
        line = text.raw[s:e].strip()
        fl = text.folded[s:e].strip()
        if _SEPARATOR.match(line) or _SUBJECT_STOP.match(fl) or e - s > 250:
            break
        if parts:
            prev = parts[-1]
            continues = (line[:1].islower() or line.startswith("(")
                         or (is_upper_line(line) and is_upper_line(prev)))
            if prev.endswith((".", ":", ";")) or not continues or len(parts) >= 3:
                break
        if start is None:
            start = s
        parts.append(line)
        end = e
    if not parts:
        return None
    return " ".join(parts), (start, end)


def find_published(text: Text, ats: list[Atom]) -> tuple[str, tuple[int, int]] | None:
    """The document's own date printed in the text, or None."""
    lines = text.lines
    if not lines:
        return None
    f = text.folded
    header_end = lines[min(len(lines), HEADER_LINES) - 1][1]
    # 0. a date stamp opening the text, as saved pages carry it ("date 2025-11-06 ...")
    stamp = _STAMP.match(f)
    if stamp:
        for a in ats:
            if a.start == stamp.start(1):
                d = next((d for x, d in full_dates([a])), None)
                if d is not None:
                    return d.isoformat(), (a.start, a.end)
    dated = _index_full_dates(text, ats, header_end)
    # 1. official header "<Place>, ngày 16 tháng 5 năm 2024"
    for idx in sorted(dated):
        for a, d in dated[idx]:
            s, _ = lines[idx]
            before = f[max(s, a.start - 80):a.start]
            m = _PLACE_BEFORE_DATE.search(before)
            if m and _place_like(text.raw[a.start - len(before) + m.start(1):a.start - len(before) + m.end(1)]) \
                    and (m.group(2) or not f[a.end:lines[idx][1]].strip()):
                # without its comma ("Hà Nội ngày 30 tháng 3 năm 2010") the date ends the header's line
                return d.isoformat(), (a.start, a.end)
    # 2. a dateline among the first lines; the site's clock opening the page ("Chủ nhật, ngày 24/11/2024") is not
    # the article's when another dateline follows
    found = [idx for idx in range(min(TOP_LINES, len(lines))) if idx in dated and is_dateline(text, lines[idx], dated[idx])]
    if (len(found) > 1 and found[0] == 0 and found[1] <= _CLOCK_DATELINE_GAP
            and _WEEKDAY_OPENING.match(f, *lines[0])):
        found = found[1:]
    if found:
        a, d = dated[found[0]][0]
        return d.isoformat(), (a.start, a.end)
    # 3. "Cập nhật ngày ..." / "Ngày đăng: ..." anywhere
    full = None
    for m in _KEYWORD_DATE.finditer(f):
        if full is None:
            full = full_dates(ats)
        for a, d in full:
            if a.start >= m.end() and a.start - m.end() <= 40 and "\n" not in f[m.end():a.start]:
                return d.isoformat(), (a.start, a.end)
    # 4. a date with its time of posting among the first lines ("Giao thông 24h 02/03/2023 15:31",
    # "20/05/2015 08:31:07 Xem cỡ chữ", "(19:51 18/06/2021)"); one opening the page is the site's clock
    # ("Thứ 5, 09/05/2024 20:05:20 GMT+7" over the menu), not the article's
    for idx in sorted(i for i in dated if i < TOP_LINES):
        for a, d in dated[idx]:
            if idx == 0 and a.start - lines[0][0] <= 40 \
                    and letter_count(_DATELINE_WORDS.sub(" ", _WEEKDAY_NUMBER.sub(" ", f[lines[0][0]:a.start]))) == 0:
                continue
            if _CLOCK_AFTER.match(f, a.end) or _CLOCK_BEFORE.search(f, max(0, a.start - 12), a.start):
                return d.isoformat(), (a.start, a.end)
    return None


# the place before an official header's date (folded): at the line's start, in its own column, or, on
# a header flattened to one line or a table, after a cell's bar or the document's number ("Số: 610/TB-BGTVT
# | Hà Nội, ngày 30 tháng 08 năm 2013", "Số 57/NQ HĐND Sơn La, ngày 08 tháng 12 năm 2017"; the Party's and the
# Union's numbers: "Số: 125-TB/TĐTN Hậu Giang, ngày ...")
_PLACE_BEFORE_DATE = re.compile(r"(?:^|[ \t]{2,}|\t|\)|\|[ \t]*|so[ \t]*:?[ \t]*\d+(?:-[a-z]+)?[ \t]*/\S*[ \t]+)"
                                r"([^\W\d_][^,\n|]{0,40})(,?)[ \t]*ngay[ \t]+$")
_WEEKDAY_NUMBER = re.compile(rf"(?<![a-z]){_WEEKDAY_NUM}(?!\d)")   # "Thứ 5, 09/05/2024 ..."
_CLOCK_AFTER = re.compile(r"[ \t]*[,|-]?[ \t]*\d{1,2}:\d{2}(?!\d)")
_CLOCK_BEFORE = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?[ \t]*,?[ \t]*$")


_CAPTION_CELL = re.compile(caption_patterns()["caption_cell"])    # a sentence closing a table's cell: under a photo
_CLOSES_LINE = frozenset(".!?…:;|\"”)")    # a headline line that ends with one of these is whole
_CAPTION_LONGEST = 200                        # a longer first sentence is a lead paragraph, not a photo's caption
_HEADLINE_REST = 150                          # the longest second line of a headline broken in two
_ASCII_WORD = re.compile(r"[A-Za-z]{2,}")
_SECTION_WORDS = 6       # the longest section name over a headline
_MENU_ENTRY_WORDS = 7    # the longest menu entry opening with a bullet, the bullet counted
_LONG_CHROME = 6          # words from which a line that opens with a chrome entry is chrome at any length
_STAMP = re.compile(r"[ \t\n]*(?:date|ngay)[ \t]*:?[ \t]+(\d{4}-\d{2}-\d{2})(?!\d)")


def _place_like(s: str) -> bool:
    words = s.split()
    if not 1 <= len(words) <= 6:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w in {"-", "–"} for w in words)


def dateline_indexes(text: Text, ats: list[Atom]) -> set[int]:
    lines = text.lines
    if not lines:
        return set()
    limit = lines[min(len(lines), TOP_LINES) - 1][1]
    dated = _index_full_dates(text, ats, limit)
    return {i for i in dated if i < TOP_LINES and is_dateline(text, lines[i], dated[i])}


# a lead paragraph the page glued to its headline without a stop: a lower-case word ends the headline, a
# capitalised opening of a lead with its comma follows ("... dân sinh Thời gian qua, Ủy ban MTTQ ...",
# "... xã Tiên Phước ĐNO - Chiều 22/8, đoàn công tác ...")
_GLUED_LEAD = re.compile(rf"(?<=[{LOWER}])[ \t]+(?:[{UPPER}]{{2,8}}[ \t]*[-–][ \t]*)?"
                         r"(?=(?:Thời gian qua|Những năm qua|Vừa qua|Mới đây|Hôm nay|Sáng nay|Chiều nay|Tối nay"
                         r"|(?:Sáng|Chiều|Tối|Trưa|Đêm)(?: ngày)? \d{1,2}[/.-]\d{1,2}|Ngày \d{1,2}[/.-]\d{1,2})[^,\n]{0,12},)")
_GLUED_HEADLINE_WORDS = 5


def _after_section(raw: str, s: int, e: int) -> int:
    """Where the headline begins on the line the stored page opens with its date: after the paper's name
    (``data/press_names.txt``) or the province of the site's section the store puts before it, when a
    capitalised word follows (``Dân trí Hai trường học ...``, ``Vĩnh Long Thanh tra kiến nghị ...``)."""
    words = list(re.finditer(r"\S+", raw[s:e]))
    for n in range(min(4, len(words) - 1), 0, -1):
        prefix, nxt = raw[s:s + words[n - 1].end()], words[n].group()
        if not nxt[:1].isupper():
            continue
        if prefix in _press_names() or (gazetteer().province(prefix) and not gazetteer().province(f"{prefix} {nxt}")):
            return s + words[n].start()
    return s


@functools.lru_cache(maxsize=1)
def _press_names() -> frozenset:
    return frozenset(word_list("press_names.txt"))


def _paragraph_line(text: Text, span: tuple[int, int]) -> bool:
    """A line of sentences, not a headline: over 150 characters, a semicolon in it, a full stop at its end."""
    line = text.raw[span[0]:span[1]].strip()
    return len(line) > 150 and ";" in line and line.endswith(".")


def headline(text: Text, ats: list[Atom]) -> tuple[str, tuple[int, int]] | None:
    lines = text.lines[:TOP_LINES]
    if not lines:
        return None
    datelines = dateline_indexes(text, ats)
    candidates = []
    for i, span in enumerate(lines):
        lead = _TITLE_LEAD.match(text.raw, *span)
        if i in datelines or is_chrome(text, span) or _short(text, (lead.end(), span[1])):
            continue
        body = text.raw[lead.end():span[1]]
        if body.isascii() and len(_ASCII_WORD.findall(body)) >= 4:
            continue   # "Welcome to Yen Bai Portal", an address's words "kiem tra cong tac chuan bi": no Vietnamese headline
        if _header_row(text, span):
            continue   # "BỘ GIAO THÔNG VẬN TẢI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |", "Số: 610/TB-BGTVT | Hà Nội, ngày ...":
            # the header of an official document, read as a table's rows
        if body.lstrip().startswith("•") and len(body.split()) <= _MENU_ENTRY_WORDS:
            continue   # a menu's entry: "• Đường dây nóng: 02163.818.555", "• Huế ngày nay Online"
        if _PHOTO_CREDIT.search(text.raw, *span) or _CAPTION_CELL.search(text.raw, *span):
            # "| Kiểm tra khai thác cát trên sông Hàm Luông. Ảnh: T.Lập |", "Lực lượng chức năng kiểm tra
            # một cơ sở ... Nam Định. |": a photo's caption, in the cell of the table that holds the photo
            continue
        candidates.append(i)
    if not candidates:
        return None
    # the site's clock and ticker above a breadcrumb ("19 Tháng Sáu 2019 11:02 CH Công nhân, viên chức ..." /
    # "Home > CÁC CẤP CÔNG ĐOÀN"): the article's headline follows the breadcrumb
    crumb = next((i for i, span in enumerate(lines[:candidates[-1]]) if _site_crumb(text, span)), None)
    if crumb is not None and any(i > crumb for i in candidates) and all(
            _CLOCK.search(text.raw, *lines[i]) for i in candidates if i < crumb):
        candidates = [i for i in candidates if i > crumb]
    chosen = candidates[0]
    # a photo caption over the headline: a sentence with its full stop, then a shorter line without one
    if len(candidates) > 1 and candidates[1] == candidates[0] + 1 and not datelines:
        (s1, e1), (s2, e2) = lines[candidates[0]], lines[candidates[1]]
        first, second = text.raw[_TITLE_LEAD.match(text.raw, s1, e1).end():e1].strip(), text.raw[s2:e2].strip()
        if first.endswith(".") and not second.endswith((".", ":", ";", ",")) and len(second) < len(first) \
                and len(first) <= _CAPTION_LONGEST \
                and len(second.split()) <= 25 and not _LEAD_OPENING.match(fold(first)) \
                and not _CAPTION_WORDS.search(fold(second)):
            chosen = candidates[1]
    # a section's name over the headline: a short line, then a longer one that is no sentence of a lead
    # ("Kiểm tra, kiểm soát" + "Phát hiện nhiều trường hợp vi phạm ...")
    k = candidates.index(chosen)
    if k + 1 < len(candidates) and candidates[k + 1] == chosen + 1:
        (s1, e1), (s2, e2) = lines[chosen], lines[chosen + 1]
        first, second = text.raw[s1:e1].split(), text.raw[s2:e2].strip()
        if len(first) <= _SECTION_WORDS < len(second.split()) <= 35 and second[:1].isupper() \
                and not second.endswith((".", ":", ";")):
            chosen = chosen + 1
    # a dateline at the top of the page, not a byline's date under two paragraphs of the body
    long_lines = [i for i, (s, e) in enumerate(lines) if e - s >= 150]
    datelines = {i for i in datelines if sum(j < i for j in long_lines) < 2}
    if datelines:
        first_dl = min(datelines)
        # not a paragraph: a site's motto over the dateline ("Công đoàn tỉnh Lạng Sơn đổi mới ...; Tập trung ...
        # phát triển nhanh và bền vững.")
        before = [i for i in candidates if i < first_dl and not _paragraph_line(text, lines[i])]
        if before:
            chosen = before[-1]
        else:
            after = [i for i in candidates if i > first_dl]
            chosen = after[0] if after else candidates[0]
    s, e = lines[chosen]
    if chosen + 1 < len(lines) and text.raw[e - 1] not in _CLOSES_LINE:
        ns, ne = lines[chosen + 1]
        if text.raw[ns].isalpha() and text.raw[ns].islower() and ne - ns <= _HEADLINE_REST and not is_chrome(text, (ns, ne)):
            e = ne     # "Đoàn công tác của HĐND tỉnh" + "khảo sát công tác giáo dục tại Nậm Nhùn": one headline
    lead = _TITLE_LEAD.match(text.raw, s, e)
    if lead.end() > s and lead.end() < e:
        marker = _DATE_MARKER_AT_START.match(text.raw)
        if marker and s <= marker.start(1) < e:
            s = _after_section(text.raw, lead.end(), e)   # "date 2025-11-08 Vĩnh Long Thanh tra kiến nghị ..."
        else:
            s = lead.end()
    paragraph = e - s > 200 or text.raw[s:e].rstrip().endswith(".")
    tag = _SOURCE_TAG.match(text.raw, s, e) if paragraph else None
    if tag:
        s = tag.end()   # "TPO - Ban Pháp chế ...", "Biên phòng - Từ ngày ...": the paper's tag before its lead
    sentence = text.sentence_at(s)
    # (the sentence may open before ``s``, with the paper's tag: "(BBNĐT) Ngày 24-5, ...")
    if e - s > MAX_TITLE or (sentence[0] <= s and sentence[1] < e and text.raw[sentence[1] - 1] in ".!?"):
        e = min(e, max(sentence[1], s + 1))     # a lead paragraph: its first sentence
    glued = _GLUED_LEAD.search(text.raw, s, e)
    if glued and len(text.raw[s:glued.start()].split()) >= _GLUED_HEADLINE_WORDS:
        e = glued.start()   # "Giám sát đi thẳng vào những vấn đề dân sinh Thời gian qua, Ủy ban ...": the lead glued on
    line = text.raw[s:e]
    tail = _TITLE_TAIL.search(line)
    if tail and tail.start() > 0:
        line = line[:tail.start()]
    line = line.rstrip(" \t,;:|")    # a first line that breaks its sentence after a comma, or announces a list; a table cell's bar
    # a headline broken over two lines is read as one line
    return (" ".join(line.split()) if "\n" in line else line.strip()), (s, s + len(line))


def sane_meta_title(title: str | None) -> str | None:
    if not title:
        return None
    t = " ".join(title.split())
    ft = fold(t)
    if len(t) < 8 or len(t.split()) < 3:
        return None
    if ft.startswith(("microsoft word", "untitled", "document", "slide ")) or re.search(r"\.(?:docx?|pdf|html?)$", ft):
        return None
    return t


def title_from_meta(text: Text, meta_title: str) -> tuple[str, tuple[int, int] | None]:
    """Prefer the text's own line when the metadata title is that line plus a site-name suffix."""
    fm = fold(meta_title)
    for s, e in text.lines[:30]:
        fl = " ".join(text.folded[s:e].split())
        if len(fl) >= 8 and (fl == fm or (fm.startswith(fl) and re.match(r"^\s*[-|–—:»]", fm[len(fl):]))):
            return text.raw[s:e].strip(), (s, e)
    return meta_title, None


def sane_meta_date(value: str | None) -> str | None:
    if not value or not isinstance(value, str):
        return None
    m = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        d = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return d.isoformat() if 1945 <= d.year <= 2199 else None
