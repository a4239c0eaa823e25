"""Named persons and the role written next to them (annotation rules, "people").

A name is a family name from ``data/surnames.txt`` followed by one to three capitalised syllables.
It is taken when a person word introduces it (``đồng chí``, ``ông``, ``bà`` ...; two syllables
suffice then) or when it has three or more syllables and is not part of an organization or place
(``Đoàn TNCS Hồ Chí Minh``, ``đường Trần Phú``). The role is the capitalised title after a comma
(``Trần Trí Cường, Bí thư Tỉnh đoàn``) or before the name (``Phó Bí thư Tỉnh đoàn Nguyễn Văn A``).
"""
from __future__ import annotations

import functools
import re

from .gazetteer import gazetteer
from .normalize import fold
from .orgs import HEAD_FIRST
from .record import Person
from .resources import folded_set, role_pattern, surnames, word_alternation, word_list
from .text import LOWER, UPPER, Spans, Text

SYL = f"[{UPPER}][{LOWER}]*"

_ROLE_WORDS = role_pattern()
# "nguyên Chủ tịch UBND tỉnh": a former holder of the title (not "giữ nguyên": kept unchanged)
_FORMER = r"(?:(?<!giữ )(?<!vẫn )[nN]guyên|[cC]ựu)[ \t]+"
# a role before a name: no "và" or person word inside it ("thư ký đoàn và bà Lê Thị Hoa": two people)
_ROLE_BEFORE = re.compile(rf"((?:{_FORMER})?{_ROLE_WORDS}(?:(?![ \t](?:và|bà|ông|anh|chị)[ \t])[^,;:.()\n“”\"]){{0,90}}?)"
                          r"[ \t]+(?:đồng[ \t]+chí[ \t]+)?$")
_ROLE_OPENING = re.compile(rf"(?:{_FORMER})?{_ROLE_WORDS}", re.IGNORECASE)   # a role opens with a title
_ROLE_LOWER_OPENING = re.compile(rf"(?:{_FORMER})?(?:{_ROLE_WORDS})(?![\w])")   # "chuyên viên ...", "thư ký"
# the first words of heads (orgs.HEAD_FIRST) after which "và" joins an organization, not an office of the person:
# "Giám đốc Sở Y tế và Đoàn công tác"; "công" and "trung" also open a name's words ("Khoa học và Công nghệ",
# "Trung ương")
_HEAD_AFTER_AND = "|".join(sorted(w.capitalize() for w in HEAD_FIRST if w not in ("công", "trung")))
# after a dash, what goes on with the role (data/role_continuations.txt): "Trưởng Ban Văn hóa - Xã hội ..."
_ROLE_GOES_ON = "(?:" + word_alternation(word_list("role_continuations.txt")) + ")"
_ROLE_AFTER_STOP = re.compile(
    r"[;:.()\n“”\"]|[ \t][-–][ \t](?!" + _ROLE_GOES_ON + r"(?![\w]))"
    # "và" before a capitalised word joins two names or two offices ("Bộ Tài nguyên và Môi trường", "Bí thư
    # Tỉnh ủy và Chủ tịch HĐND tỉnh"); before anything else it ends the role
    rf"|(?<![\w])và(?-i:(?![ \t]+(?!(?:{_HEAD_AFTER_AND})(?![\w]))[{UPPER}]))(?![\w])"
    r"|(?<![\w])(?:phụ[ \t]+trách|làm[ \t]+Trưởng|làm[ \t]+trưởng|phát[ \t]+biểu|chủ[ \t]+trì|cho[ \t]+biết|nhấn[ \t]+mạnh|khẳng[ \t]+định"
    r"|trao|tặng|dự|làm|đã|đang|tại|về|với|cùng|thay[ \t]+mặt|đến|chia[ \t]+sẻ|báo[ \t]+cáo|kết[ \t]+luận"
    r"|đề[ \t]+nghị|yêu[ \t]+cầu|trình[ \t]+bày|quán[ \t]+triệt|thông[ \t]+qua|lên|gửi|tham)(?![\w])"
    # a verb in lower case after the title (a capitalised one may open a name: "Ban Chỉ đạo")
    r"|(?-i:(?<![\w])(?:đánh[ \t]+giá|kiến[ \t]+nghị|công[ \t]+bố|ghi[ \t]+nhận|biểu[ \t]+dương|nêu|chỉ[ \t]+rõ|chỉ[ \t]+ra"
    r"|đề[ \t]+xuất|thông[ \t]+báo|cho[ \t]+rằng|nhận[ \t]+định|lưu[ \t]+ý|hiện[ \t]+nay|là|trả[ \t]+lời"
    r"|giải[ \t]+trình|tiếp[ \t]+thu|mong[ \t]+muốn|khen[ \t]+ngợi|thăm|chúc[ \t]+mừng|vừa|sẽ|cũng|vẫn)(?![\w])"
    # a verb of the work, but not in the team's name ("Trưởng đoàn kiểm tra liên ngành", "Trưởng ban giám sát")
    r"|(?<![đĐ]oàn )(?<![bB]an )(?<![tT]ổ )(?<![\w])(?:giám[ \t]+sát|kiểm[ \t]+tra|khảo[ \t]+sát|chỉ[ \t]+đạo)(?![\w]))"
    # a part after a comma that opens in lower case with no title: the sentence goes on ("..., điểm mới ..."; not
    # ", kiêm Chủ tịch HĐND tỉnh")
    rf"|,[ \t]+(?-i:(?=[{LOWER}]))(?!(?:kiêm[ \t]+)?(?:{_FORMER})?(?:{_ROLE_WORDS})(?![\w]))",
    re.IGNORECASE,
)
_NOT_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:tncs|tntp|duong|pho|truong|thanh pho|tp\.?|tinh|huyen|xa|phuong|quan|thi xa|thi tran"
    r"|tu tuong|phong cach|ly tuong|hoc tap va lam theo|giai thuong|quy|nha van hoa|cau|ap|thon|khu"
    r"|chuong trinh|phong trao|cuoc van dong|dao duc|tuong dai|di tich|cong vien|thcs|thpt|th|tieu hoc|mam non|mn"
    r"|lien doi|chi doi|doi|tu nhan|benh vien|phong kham|nha thuoc|cong ty|doanh nghiep tu nhan)[ \t]+$"
    # a house number: "4423 Nguyễn Cửu Phú, khu phố 4" is a street
    r"|(?<![\w/.,])\d{1,5}[a-z]?(?:/\d{1,5}[a-z]?)*[ \t]+$)"
)


@functools.lru_cache(maxsize=1)
def _name_re():
    alt = "|".join(re.escape(s) for s in sorted(surnames(), key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alt})(?:[ \t]+{SYL}){{1,3}}(?![\w])")


@functools.lru_cache(maxsize=1)
def _title_re():
    alt = word_alternation(word_list("person_titles.txt"))
    return re.compile(rf"(?<![\w])(?:{alt})[ \t]*$", re.IGNORECASE)


_INNER_STOP = frozenset({"Bí", "Phó", "Chủ", "Ủy", "Uỷ", "Trưởng", "Giám", "Tổng", "Thường", "Ban", "Tỉnh",
                         "Huyện", "Thành", "Đoàn", "Hội", "Chi", "Đảng", "Đội", "Ủy", "Trung", "Sáng",
                         "Chiều", "Ngày", "Tại", "Thứ", "Phát", "Kiểm", "Giám", "Các", "Những", "Một"})


_ETHNIC = re.compile(
    rf"(?<![\w])(?:[Đđ]ồng[ \t]+chí|[Aa]nh|[Cc]hị|[Ôô]ng|[Bb]à|[Ee]m)[ \t]+((?:A|Y|H'|K')[ \t]+{SYL}(?:[ \t]+{SYL}){{0,3}})(?![\w])")
_SIGNED = re.compile(r"^[ \t]*\(?[ \t]*(?:đã[ \t]+ký|ký[ \t]+tên|ký,?[ \t]+ghi[ \t]+rõ[^)]*|đã[ \t]+ký[ \t]+và[ \t]+đóng[ \t]+dấu)"
                     r"[ \t]*\)?[ \t]*$", re.IGNORECASE)
_SIGN_ROLE = re.compile(
    rf"^(?:kt\.?|tl\.?|tm\.?|t/m)?[ \t]*{role_pattern('sign', folded=True)}(?![a-z])")


def _signature_role(text: Text, s: int, e: int) -> str | None:
    """``TM. BAN THƯỜNG VỤ`` / ``BÍ THƯ`` / ``(Đã ký)`` / ``Nguyễn Hữu Lộc``: the position line above a
    name that stands alone on its line."""
    line = text.line_at(s)
    if not line or text.raw[line[0]:line[1]].strip() != text.raw[s:e].strip():
        return None
    i = text.line_index(s)
    for j in range(i - 1, max(-1, i - 4), -1):
        ls, le = text.lines[j]
        raw_line = text.raw[ls:le].strip()
        if _SIGNED.match(raw_line):
            continue
        if raw_line.isupper() and _SIGN_ROLE.match(text.folded[ls:le].strip()):
            return raw_line
        return None
    return None


def extract_people(text: Text, org_spans: list[tuple[int, int]]) -> list[Person]:
    raw, f = text.plain, text.folded
    not_people = folded_set("not_people.txt")
    out: dict[str, Person] = {}
    org_spans = Spans(org_spans)
    ethnic = []
    for m in _ETHNIC.finditer(raw):
        s, e = m.span(1)
        words = raw[s:e].split()
        keep = [words[0]]
        for w in words[1:]:
            if w in _INNER_STOP:
                break
            keep.append(w)
        if len(keep) < 2 or org_spans.covers(s):
            continue
        e = s + list(re.finditer(r"\S+", raw[s:e]))[len(keep) - 1].end()
        name_clean = " ".join(keep)
        ethnic.append((s, e))
        if name_clean not in out:
            out[name_clean] = Person(name=name_clean, role=_role_after(raw, e), span=(s, e))
    ethnic_spans = Spans(ethnic)
    for m in _name_re().finditer(raw):
        s, e = m.span()
        words = m.group().split()
        # "Ông Nguyễn Anh Quang", "Bắc Ninh Nguyễn Hồng Thái": a title, or the end of a place, before a
        # family name is not part of the name
        if len(words) >= 3 and words[1] in surnames() and (
                words[0] in _TITLE_SURNAMES or _place_word_before(raw, s)):
            s += len(words[0]) + len(m.group()[len(words[0]):]) - len(m.group()[len(words[0]):].lstrip())
            words = words[1:]
        # cut at a syllable that starts a role or an organization, unless it ends the name
        # ("Lương Quốc Đoàn,", "Nguyễn Thị Kim Chi –")
        after = raw[e:e + 2]
        ends_here = not (after[:1] in (" ", "\t") and after[1:2].isupper())
        keep = [words[0]]
        for k, w in enumerate(words[1:], 1):
            last = k == len(words) - 1
            if w in _INNER_STOP and not (w in _GIVEN_TOO and (
                    (last and ends_here and k >= 2)
                    # inside the name, before a syllable that opens nothing: "Nguyễn Thành Thế", "Lê Trung Kiên"
                    or (not last and words[k + 1] not in _INNER_STOP and k + 2 == len(words) and ends_here))):
                break
            keep.append(w)
        if len(keep) < 2 or len(keep[-1]) == 1:
            continue   # an initial ("bà Đoàn Thị C") is no full name
        e = s + list(re.finditer(r"\S+", raw[s:e]))[len(keep) - 1].end()
        if len(keep) == 2 and keep[0] in _TITLE_SURNAMES and not raw[e:].strip():
            continue   # a title and a syllable where the page is cut ("Phó Ch"): a role cut short, not a name
        name = raw[s:e]
        name_clean = " ".join(name.split())
        before = raw[max(0, s - 40):s]
        introduced = _title_re().search(before) is not None
        role_before = _ROLE_BEFORE.search(raw, max(0, s - 120), s)
        if org_spans.covers(s) or ethnic_spans.covers(s):
            continue
        fname = fold(name_clean)
        if gazetteer().province(" ".join(keep[1:])) or (not introduced and gazetteer().is_place(name_clean)):
            continue  # "Đoàn Nghệ An", "Cù Lao Dung"
        if fname in not_people:
            continue
        if _NOT_BEFORE.search(f, max(0, s - 30), s) and not (
                len(keep) >= 3 and _PROVINCE_WORD_BEFORE.search(f, max(0, s - 10), s)
                and not gazetteer().is_place(name_clean)):
            continue   # "đường Trần Phú"; but "Chủ tịch UBND tỉnh Đầu Thanh Tùng" names a person
        if not (introduced or role_before or len(keep) >= 3 or _alone_on_line(text, s, e)):
            continue
        role = (_role_after(raw, e) or (_clean_role(role_before.group(1)) if role_before else None)
                or _signature_role(text, s, e))
        prev = out.get(name_clean)
        if prev is None:
            out[name_clean] = Person(name=name_clean, role=role, span=(s, e))
        elif prev.role is None and role:
            out[name_clean] = Person(name=name_clean, role=role, span=prev.span)
    for name, (s, e) in _caps_bylines(text):
        words = name.title().split()
        name_clean = " ".join(name.split())
        if name_clean in out or org_spans.covers(s) or any(w in _INNER_STOP for w in words[1:]) \
                or fold(name_clean) in not_people or gazetteer().is_place(" ".join(words)):
            continue   # "ĐOÀN THANH NIÊN", "CAO BẰNG": an organization or a place in capitals
        out[name_clean] = Person(name=name_clean, role=None, span=(s, e))
    return sorted(out.values(), key=lambda p: p.span)


_PROVINCE_WORD_BEFORE = re.compile(r"(?<![a-z])tinh[ \t]+$")
_TITLE_SURNAMES = frozenset({"Ông", "Bà", "Phó"})     # family names that are, before another one, titles
_GIVEN_TOO = frozenset({"Đoàn", "Chi", "Thành", "Trung", "Hội", "Đội"})   # also given names, last in a name
_CAPS_BYLINE = re.compile(rf"[ \t]*([{UPPER}]+(?:[ \t]+[{UPPER}]+){{1,2}})[ \t]*$")


def _place_word_before(raw: str, s: int) -> bool:
    """A capitalised word, with nothing between, right before ``s`` on its line (``Bắc`` of ``Bắc Ninh``)."""
    before = raw[max(0, s - 30):s]
    m = re.search(rf"(?<![\w/.])({SYL})[ \t]+$", before)
    return m is not None and "\n" not in before[m.start():]


def _alone_on_line(text: Text, s: int, e: int) -> bool:
    """A name standing alone on its line: a byline (``Nguyễn Thu``, ``Vũ Hà (TTXVN)``), which counts
    with two syllables."""
    line = text.line_at(s)
    if line is None or text.raw[line[0]:s].strip():
        return False
    return _SOURCE_AFTER.fullmatch(text.raw, e, line[1]) is not None


# what may follow a byline's name on its line: nothing, or the agency it writes for ("(TTXVN)", "- VOV")
_SOURCE_AFTER = re.compile(rf"[ \t]*(?:(?:\([ \t]*[{UPPER}][\w.&/ -]{{0,18}}\)|[-–/][ \t]*[{UPPER}][{UPPER}.&]{{1,9}})[ \t]*)?")


def _caps_bylines(text: Text) -> list[tuple[str, tuple[int, int]]]:
    """Bylines written in capitals (``HÀ HƯƠNG``, ``BÙI THANH``): a line of two to four words in
    capitals whose first is a family name."""
    out = []
    family = surnames()
    for ls, le in text.lines:
        m = _CAPS_BYLINE.match(text.raw, ls, le)
        if m and m.group(1).split()[0].capitalize() in family and len(m.group(1)) <= 40:
            out.append((m.group(1), m.span(1)))
    return out


def _clean_role(role: str) -> str | None:
    role = " ".join(role.split()).strip(" ,-–")
    return role or None


def _role_after(raw: str, pos: int) -> str | None:
    m = re.match(r"[ \t]*(?:,|\(|[-–])[ \t]*", raw[pos:pos + 4])
    if not m:
        return None
    start = pos + m.end()
    if start >= len(raw) or not (raw[start].isupper() or _ROLE_LOWER_OPENING.match(raw, start)):
        return None
    limit = min(len(raw), start + 160)
    stop = _ROLE_AFTER_STOP.search(raw, start, limit)
    end = stop.start() if stop else limit
    role = raw[start:end]
    # a role is a title: it must start with a role word
    if not _ROLE_OPENING.match(role):
        return None
    role = role.rstrip(" ,")
    return _clean_role(role)
