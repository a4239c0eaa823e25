"""Named organizations, with spaCy as the span container.

A blank multi-language pipeline (``spacy.blank("xx")``: no model, works offline) with a
``span_ruler`` whose phrase patterns are data (``data/org_patterns.jsonl``) finds the *heads*:
units (``Huyện đoàn``, ``Đoàn trường``, ``UBND``, ``Chi bộ`` ...; label ``ORG``) and organs of a unit
(``Ban Thường vụ``, ``Ủy ban Kiểm tra`` ...; label ``BODY``). Code then

- extends a unit to the right over its name: an optional level word (``tỉnh``, ``thành phố`` ...)
  and a run of capitalised words (``Huyện đoàn`` + ``Yên Khánh``), where a lower-case syllable may
  follow a capitalised one when the pair is a known word of names (``Công ty``, ``Đại học``);
- joins an organ to the unit right after it (``Ban Thường vụ`` + ``Tỉnh đoàn`` → one mention);
- drops generic uses: lower-case heads (``sinh hoạt chi đoàn``) and plural lists
  (``các Huyện, Thị, Thành đoàn``).

The pipeline is built once (lazily) and never changed afterwards.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace

from .normalize import fold, tone_apart
from .resources import (folded_set, heads_with, jsonl, level_words, levels, lexicon, org_abbreviations, role_pattern,
                        surnames, topic_openers, word_list)
from .text import Text

SPANS_KEY = "org"
# units below a host institution: their name may take the host unit ("Chi đoàn cơ quan UBND xã")
GRASSROOTS = heads_with("grassroots")
MAX_NAME_TOKENS = 12
_GENERIC_BEFORE = re.compile(r"(?:(?<![a-z])cac[ \t]+(?:cap[ \t]+)?|(?:(?<![a-z])cac[ \t]+|,[ \t]*)(?:huyen|thi|thanh|quan|tinh|xa)"
                             r"[ \t]*,[ \t]*)$")


@functools.lru_cache(maxsize=1)
def pipeline():
    import spacy

    nlp = spacy.blank("xx")
    nlp.max_length = 100_000_000
    # The tokenizer stops caching a text's words after the first special case it meets (spaCy #1250),
    # and its whitespace special cases (" ", "\n", "\t") are met on the first line break: with them,
    # every word after it is split by the affix rules again. Without them a whitespace run is still
    # one token of its own characters (same tokens, same offsets), and the cache keeps working.
    nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if not k.isspace()}
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": SPANS_KEY, "phrase_matcher_attr": "LOWER",
                                               "validate": True})
    ruler.add_patterns(spelled_patterns(jsonl("org_patterns.jsonl")))
    return nlp


_SEPARATOR = re.compile(r"[ \t]*[,\-–][ \t]+")
_TONE_MOVES = re.compile(r"(?<!q)(?:oa|oe|uy)$")   # where the old and the new spelling place the tone apart
_SPELLINGS_MAX = 64
_PIECES = re.compile(r"\w+|\W+")


def _tone_spellings(word: str) -> list[str]:
    """A syllable with its tone mark on either vowel of ``oa``, ``oe``, ``uy`` ending it, where the old and
    the new spelling differ (``hóa``/``hoá``, ``ủy``/``uỷ``, ``khỏe``/``khoẻ``; not ``quý``)."""
    base, tones = tone_apart(word)
    if len(tones) != 1 or not _TONE_MOVES.search(base):
        return [word]
    return [unicodedata.normalize("NFC", base[:k] + tones[0] + base[k:]) for k in (len(base) - 1, len(base))]


def spelled_patterns(patterns: list[dict]) -> list[dict]:
    """The heads' patterns with the ways their names are written: the separators between the words of a
    department's name as written or all dashes (``Sở Văn hóa, Thể thao và Du lịch``, ``Sở Văn hóa - Thể
    thao và Du lịch``), and each syllable's tone mark where the old and the new spelling place it
    (``Ủy``/``Uỷ``, ``hóa``/``hoá``). Each pattern once, in the order of the data."""
    out, seen = [], set()
    for p in patterns:
        forms = {p["pattern"]}
        if _SEPARATOR.search(p["pattern"]):
            # a name written with commas is also written with dashes; one written with a dash keeps a dash (a
            # comma would read a verb into it: "Ban Tổ chức, kiểm tra việc ...")
            forms |= {_SEPARATOR.sub(sep, p["pattern"]) for sep in (" - ", " – ")}
        for form in sorted(forms):
            spellings = [""]
            for piece in _PIECES.findall(form):   # words and what is between them
                spellings = [a + b for a in spellings for b in _tone_spellings(piece)][:_SPELLINGS_MAX]
            for spelling in spellings:
                key = (p["label"], spelling, p["id"])
                if key not in seen:
                    seen.add(key)
                    out.append({**p, "pattern": spelling})
    return out


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset:
    """Words that end a unit's name (``data/org_stopwords.txt``), lower case."""
    return frozenset(w.lower() for w in word_list("org_stopwords.txt"))


@dataclass
class OrgSpan:
    start: int
    end: int
    label: str          # ORG | BODY
    head: str           # pattern id of the head (``huyen-doan``), of the unit for merged spans
    named: bool         # the unit carries its own name/place after the head
    body: str | None = None  # pattern id of the organ in front, if any
    unit_start: int = -1     # where the unit's head starts (after the organ, if any)
    head_end: int = -1       # where the head ends and the unit's own name begins
    inner_start: int = -1    # an organ of an organ ("Ban Thư ký Ủy ban Hội ..."): where the inner one starts

    @property
    def place(self) -> tuple[int, int] | None:
        """Span of the name written after the head (``Yên Khánh`` of ``Huyện đoàn Yên Khánh``)."""
        return (self.head_end, self.end) if self.named and self.end > self.head_end >= 0 else None


_NUMBERED_NAME = re.compile(r"^\d{1,3}[A-ZĐ]{1,2}\d{0,2}$")    # "10A", "12A1": a name; "4.962.000đ" an amount


def _is_cap(tok) -> bool:
    t = tok.text
    return bool(t) and (t[0].isupper() or bool(_NUMBERED_NAME.match(t)))


# level words that may stand in lower case between a head and its place or number: "UBND tỉnh
# Bình Phước", "Chi bộ ấp 3", "Chi đội khu phố 6", "Đoàn đặc khu Phú Quý" (longest first)
def _levels_by_first() -> dict[str, list[tuple[str, ...]]]:
    """The level words as token tuples, by their first token, longest first (as ``level_words``)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for w in level_words():
        out.setdefault(w.split()[0], []).append(tuple(w.split()))
    return out


_LEVELS_BY_FIRST = _levels_by_first()
_MAJOR_LEVELS = frozenset(w.split()[0] for w in level_words("province", "district"))  # first words that end a name
_PROVINCE_LEVELS = frozenset(w.split()[0] for w in level_words("province"))   # levels never named by a number
_AMBIGUOUS_LEVELS = frozenset(w for w, _, ambiguous in levels() if ambiguous)
_NUMBER = re.compile(r"^\d{1,3}[A-Z]?$")
_TRADE_WORDS = 4          # lower-case words of a business's trade before its name ("chuyển phát nhanh")
_ACRONYM = re.compile(r"^[A-ZĐ]{2,6}$")
# words that start an institution whose name may hold "và" or lower-case words between capitalised ones:
# "Học viện Báo chí và Tuyên truyền", "Trường Công nghệ Thông tin và Truyền thông", "Phòng Giáo dục và Đào
# tạo", "Chợ trái cây Long Trung" (folded)
_INSTITUTION = frozenset({"truong", "hoc", "khoa", "phong", "so", "bo", "khu", "cong", "vien", "trung", "ban", "cho",
                          "cuc", "tong", "dai", "nganh", "lien"})


# words that open a predicate right after a unit's name: a level word before them ends the name
_VERB_OPENERS = frozenset({"đã", "vừa", "sẽ", "đang", "tiến", "tổ", "kiểm", "giám", "làm", "thực", "có", "phối", "chủ",
                           "triển", "ban", "thành", "tham", "cũng", "luôn", "thường"})
# nouns a number completes inside a name ("Quân khu 4", "Sư đoàn 312", "Vùng 5 Hải quân")
_NUMBERED = frozenset({"khu", "doan", "vung", "ham", "tau"})
_ABBREV_DOT = frozenset({"tp", "tx", "q", "p", "h", "tt", "x", "ths", "ts"})


def _level_at(doc, i: int) -> int:
    """Number of tokens of a lower-case level word at token ``i`` (0 if none)."""
    n = len(doc)
    for parts in _LEVELS_BY_FIRST.get(doc[i].text, ()) if i < n else ():
        if i + len(parts) <= n and all(doc[i + k].text == p for k, p in enumerate(parts[1:], 1)):
            return len(parts)
    return 0


_PROVINCE_WORDS = 5       # the longest province name, in words ("Bà Rịa - Vũng Tàu")


def _no_province(doc, j: int) -> bool:
    """Whether the capitalised word at token ``j`` (after ``tỉnh``) opens no province's name, old or
    new. The provinces are a closed list; an acronym (``tỉnh BR-VT``) is given the benefit of the doubt."""
    if j >= len(doc) or not doc[j].text[:1].isupper() or sum(c.isupper() for c in doc[j].text) > 1:
        return False
    words = doc.text[doc[j].idx:doc[j].idx + 60].split()[:_PROVINCE_WORDS + 2]
    return not _opens_province(words)


def _opens_province(words: list[str]) -> bool:
    """Whether the first of ``words`` name a province, old or new (the gazetteer), a stop or a bracket
    after them aside."""
    from .gazetteer import gazetteer

    return any(gazetteer().province(" ".join(words[:n]).rstrip(".,;:)")) for n in range(1, len(words) + 1))


def _lower_syllable_of_place(doc, start: int, i: int) -> bool:
    """Whether the lower-case word at ``i`` completes the capitalised place begun at ``start`` into a place
    the gazetteer knows, which the words before it alone are not (``Hòa`` + ``hiệp``, ``Mộc`` + ``châu``)."""
    from .gazetteer import gazetteer

    g = gazetteer()
    return i > start and all(_is_cap(t) for t in doc[start:i]) and g.is_place(doc[start:i + 1].text) \
        and not g.is_place(doc[start:i].text)


def _place_before(doc, name_start: int, after_level: int, i: int) -> bool:
    """Whether the name's words before ``i`` are a place the gazetteer knows, whose last syllable then
    makes no word with the lower-case one at ``i``: any place after a level word (``huyện Nga Sơn`` before
    ``tăng cường``: ``sơn tăng`` is in the dictionary), a province or district without one (``Sở Y tế Lâm
    Đồng`` before ``cấp giấy phép``: ``đồng cấp`` is)."""
    from .gazetteer import gazetteer

    if 0 < after_level < i:
        return gazetteer().is_place(doc[after_level:i].text)
    return name_start < i and gazetteer().is_province_or_district(doc[name_start:i].text)


def _cut_place(name: str) -> bool:
    """Whether the words after a head, its level word left out, begin a longer place's name and name none
    themselves (``Bi`` of a page cut inside ``Biên Hòa``)."""
    from .gazetteer import gazetteer

    low = name.strip().lower()
    level = next((w for w in level_words() if low == w or low.startswith(w + " ")), "")
    rest = name.strip()[len(level):].strip()
    return bool(rest) and not gazetteer().is_place(rest) and gazetteer().begins_place(rest)


def _ends_place(doc, sp) -> bool:
    """Whether a head of one word ends a place with the capitalised word before it (``Hải`` + ``Phòng``)."""
    from .gazetteer import gazetteer

    prev = doc[sp.start - 1]
    return sp.end - sp.start == 1 and prev.text[:1].isupper() and prev.text.isalpha() \
        and gazetteer().is_place(f"{prev.text} {sp.text}")


def _opens_place_after_level(doc, sp) -> bool:
    """Whether a capitalised head right after a level word in lower case opens the place that level names:
    the head and the capitalised words after it are a place the gazetteer knows (``phường Trường Chinh``,
    ``xã Trường Xuân``)."""
    from .gazetteer import gazetteer

    if not doc[sp.start].text[:1].isupper() or not any(
            sp.start >= k and _level_at(doc, sp.start - k) == k and doc[sp.start - k].text.islower() for k in (1, 2)):
        return False
    end = sp.start
    while end < len(doc) and end - sp.start < 4 and _is_cap(doc[end]):
        end += 1
    return any(gazetteer().is_place(doc[sp.start:m].text) for m in range(end, sp.start + 1, -1))


def _province_closed(doc, start: int, i: int) -> bool:
    """Whether the words from ``start`` to ``i`` name a province whose name the word at ``i`` does not go
    on (``Cà Mau`` before ``Tiến``, but not ``Bà Rịa`` before ``-``, nor ``Hà`` before ``Giang``)."""
    from .gazetteer import gazetteer

    g = gazetteer()
    if not g.province(doc[start:i].text):
        return False
    words = doc.text[doc[start].idx:doc[i].idx + 60].split()[:_PROVINCE_WORDS + 2]
    n = len(doc[start:i].text.split())
    return not any(g.province(" ".join(words[:k])) for k in range(n + 1, len(words) + 1))


# the first words of heads (data/head_first_words.txt), lower case with their tones: "Đoàn" opens a unit ("Trung
# ương Đoàn" goes on), "Đoan Hùng" is a place
HEAD_FIRST = frozenset(w.lower() for w in word_list("head_first_words.txt"))


def _person_not_province(doc, j: int) -> bool:
    """Whether the capitalised words at token ``j`` open a person's name (a family name, then two or more
    capitalised syllables) and no province is named by their first words."""
    words = []
    while j < len(doc) and len(words) < 4 and doc[j].text[:1].isupper() and doc[j].text.isalpha():
        words.append(doc[j].text)
        j += 1
    if len(words) < 3 or words[0] not in surnames():
        return False
    return not _opens_province(words)


def _extend(doc, end_tok: int, head_starts: dict | None = None, grassroots: bool = False,
            head_start: int | None = None, business: bool = False) -> tuple[int, bool, int]:
    """Where a unit's name ends, starting right after its head: ``(token index, named, trim)``.

    The name is a run of capitalised words (``Yên Khánh``), optionally after a lower-case level word
    (``tỉnh``, ``ấp``, ``khu phố``), with inside it: a lower-case syllable that makes one dictionary
    word with the syllable before it (``Cao su``, ``Ngữ văn``, ``Văn phòng``); a lower-case word
    between two capitalised ones (``Mía đường Sông Lam``); a number naming a business (``quán karaoke
    766``); a number ending a place (``Hải Châu 1``, ``ấp 3``); a level word after an acronym (``UBND
    tỉnh``); ``và`` inside an institution's name (``Giáo dục và Đào tạo``); a dash inside a place
    (``Xuân Hương – Đà Lạt``). A run written in
    capitals continues only in capitals. A grassroots unit takes the unit it is hosted by
    (``Chi đoàn cơ quan Ủy ban nhân dân xã``). ``trim`` is how many characters to drop at the end
    (the full stop of ``Châu Thành A.``)."""
    compounds = folded_set("name_compounds.txt")
    endings = folded_set("name_endings.txt")
    words = lexicon()
    stop = stopwords()
    head_starts = head_starts or {}
    i = end_tok
    n = len(doc)
    named = False
    head = doc[end_tok - 1:end_tok] if head_start is None else doc[head_start:end_tok]
    upper = all(t.text.isupper() for t in head if t.text.isalpha()) and len(head.text) > 2
    k = _level_at(doc, i)
    after_level = -1
    if k:
        if i + k < n and _NUMBER.match(doc[i + k].text) and doc[i].text not in _PROVINCE_LEVELS:
            return i + k + 1, True, 0   # "phường 3", "ấp 2", but "UBND tỉnh 12 nhóm giải pháp" counts
        nxt = doc[i + k].text if i + k < n else ""
        # "tổ", "khu", "bản" ... are level words only before a name or number ("mà Thị đoàn tổ chức")
        if doc[i].text in _AMBIGUOUS_LEVELS and not (nxt[:1].isupper() and nxt.lower() not in stopwords()):
            k = 0
    if k:
        if doc[i].text == "tỉnh" and (_person_not_province(doc, i + k) or _no_province(doc, i + k)):
            # "Phó Chủ tịch UBND tỉnh Đầu Thanh Tùng kiểm tra": a person, not the province; "Công đoàn viên
            # chức tỉnh Hoàn thành công tác kiểm tra": a headline's verb, not a province
            return i + k, False, 0
        i += k
        named = True
        after_level = i
    if upper and i < n and not doc[i].text.isupper():
        upper = False   # "UBND huyện Xuyên Mộc": an upper-case head, a name in ordinary case
    if (i + 1 < n and doc[i].text == "." and fold(doc[i - 1].text) in _ABBREV_DOT
            and doc[i - 1].idx + len(doc[i - 1].text) == doc[i].idx):
        i += 1   # "Đoàn TP. Mỹ Tho": the dot of the head's abbreviated level word
    if i < n and _NUMBER.match(doc[i].text) and doc[i - 1].text.lower() in ("phường", "quận") and (
            i + 1 >= n or not doc[i + 1].text[:1].isalpha() or doc[i + 1].text == "và"):
        return i + 1, True, 0   # "Đoàn phường 4", "Đoàn quận 5": a numbered ward or district
    taken = 0
    first_word = None
    name_start = i
    province_from = -1   # where the name of a province written after "tỉnh" begins (set in the loop)

    def is_name_tok(j: int) -> bool:
        if j >= n:
            return False
        t = doc[j]
        low = t.text.lower()
        pair = low + " " + doc[j + 1].text.lower() if j + 1 < n else low
        if not _is_cap(t) or ((low in stop or pair in stop) and not (j == after_level and low in ("bà", "ông"))):
            return False
        return not (upper and not t.text.isupper())

    def verb_after(j: int) -> bool:   # "Đoàn kết luận": a two-word verb that ends names opens at ``j``
        return j + 1 < n and f"{doc[j].text.lower()} {doc[j + 1].text.lower()}" in stop

    while i < n and taken < MAX_NAME_TOKENS:
        tok = doc[i]
        text = tok.text
        low = text.lower()
        if tok.is_space or not text:
            break
        if grassroots and i in head_starts and head_starts[i][1] == "ORG" and taken <= 2:
            # "Chi đoàn cơ quan Ủy ban nhân dân xã ...": the host unit is part of the name
            i = head_starts[i][0]
            taken += 1
            named = True
            k = _level_at(doc, i)
            if k:
                i += k
            continue
        if i > end_tok and doc[i - 1].text.lower() == "tỉnh":
            province_from = i
        if province_from >= 0 and i > province_from and _is_cap(tok) and _province_closed(doc, province_from, i):
            break   # "Công đoàn ngành Giáo dục tỉnh Cà Mau Tiến Tới Đại hội": a headline in title case goes on
        if (i >= 2 and fold(doc[i - 2].text) == "trung" and fold(doc[i - 1].text) == "uong"
                and low not in HEAD_FIRST and _person_not_province(doc, i)):
            break   # "Ủy viên Ủy ban Kiểm tra Trung ương Trần Thị Hiền": a national body, then a member's name
        if is_name_tok(i) or (_is_cap(tok) and low in stop and not upper and _place_goes_on(doc, name_start, i)):
            if (text.endswith(".") and len(text) > 1 and "." not in text[:-1] and fold(text[:-1]) not in _ABBREV_DOT
                    and i + 1 < n and doc[i + 1].text[:1].isupper()):
                return i + 1, True, 1          # "Châu Thành A." ending a sentence
            if "(" in text[1:]:
                return i + 1, True, len(text) - text.index("(")   # "Kiến Đức(huyện ...)": a bracket glued on
            first_word = first_word or fold(text)
            i += 1
            taken += 1
            named = True
            continue
        if low == "số" and i + 1 < n and _NUMBER.match(doc[i + 1].text) and (
                not taken or first_word in _INSTITUTION
                or (not grassroots and (i + 2 >= n or doc[i + 2].text not in ("/", "-", "–", ".")))):
            # "Trường Tiểu học số 2 Minh Lập", "Chi bộ số 3": the number is part of the name
            i += 2
            taken += 2
            named = True
            continue
        if not taken:
            numbered = fold(doc[i - 1].text) in _NUMBERED and (
                i + 1 >= n or not doc[i + 1].text[:1].islower() or doc[i + 1].text in _VERB_OPENERS)
            if (business or numbered) and _NUMBER.match(text) and (
                    i + 1 >= n or is_name_tok(i + 1) or not doc[i + 1].text[:1].isalpha() or numbered):
                # "Viện Thẩm mỹ 175 Sài Gòn", "quán karaoke 766": a business named by a number; "Hải đoàn 48
                # BĐBP", "Sư đoàn 312 đã ...", but "Tỉnh đoàn 3 đợt" counts
                i += 1
                taken += 1
                named = True
                continue
            if business and text[:1].islower() and low not in stop:
                # "Xí nghiệp than Uông Bí", "Công ty TNHH chuyển phát nhanh S1": a business's trade, then its name
                j = i
                while j < n and j - i < _TRADE_WORDS and doc[j].text[:1].islower() and doc[j].text.isalpha() \
                        and doc[j].text not in stop and _level_at(doc, j) == 0:
                    j += 1
                if j > i and is_name_tok(j) and j not in head_starts:
                    taken += j - i
                    i = j
                    continue
            if grassroots and text[:1].islower() and low not in stop:
                # "Chi đoàn thanh niên Công ty ...", "Chi đoàn cơ quan Ủy ban nhân dân xã"
                span = 2 if i + 2 < n and (low + " " + doc[i + 1].text.lower()) in words else 0
                if span and (i + span in head_starts or is_name_tok(i + span)):
                    i += span
                    taken += span
                    continue
            break
        prev = doc[i - 1].text
        if _NUMBER.match(text) and (prev[:1].isupper() or fold(prev) in _NUMBERED or i + 1 >= n
                                    or not doc[i + 1].text[:1].isalpha()):
            # "Hải Châu 1", "Quận 3": a number closes a place name
            if i + 1 >= n or not doc[i + 1].text[:1].isalpha() or doc[i + 1].text in ("và",) \
                    or fold(prev) in _NUMBERED or fold(prev) in ("phuong", "quan"):
                # "Quân khu 4 làm việc", "Sư đoàn 312 đã", "Đảng ủy Phường 3 về ...": a numbered ward
                return i + 1, True, 0
            break
        if text[:1].islower() and not upper:
            if (named and low not in stop and text.isalpha() and not verb_after(i)
                    and _lower_syllable_of_place(doc, name_start, i)):
                i += 1   # "xã Hòa hiệp", "huyện Mộc châu": a place's syllable written in lower case
                taken += 1
                continue
            k = _level_at(doc, i)
            if k and doc[i].text in _MAJOR_LEVELS and i + k < n and is_name_tok(i + k) and (i + k) not in head_starts \
                    and not any(t.text in _MAJOR_LEVELS for t in doc[name_start - 1:i]):
                # "Công đoàn ngành Giáo dục tỉnh Phú Thọ", "Sở Y tế tỉnh Lâm Đồng": the place after the name
                i += k
                taken += 1
                continue
            if k and (_ACRONYM.match(prev) or i + k >= n or not doc[i + k].text[:1].isalpha()
                      or doc[i + k].text == "và"
                      # "Công đoàn ngành Giáo dục tỉnh vừa kiểm tra": the province's, named elsewhere
                      or (doc[i].text in ("tỉnh", "huyện") and k == 1 and doc[i + k].text[:1].islower()
                          and doc[i + k].text in _VERB_OPENERS)):
                # "UBND tỉnh Bình Phước"; a generic level word ending the name: "Chi đoàn Công an xã"
                i += k
                taken += 1
                continue
            prev2 = doc[i - 2].text.lower() + " " if i - 2 >= end_tok else ""
            # a verb of two syllables after the name ends it, even when its first one makes a word with
            # the name's last ("Hà Nội giám sát": "nội giám" is a word of the dictionary)
            verb_next = verb_after(i)
            if low not in stop and not verb_next and (
                    fold(prev + " " + text) in compounds or (prev.lower() + " " + low) in words
                    or (prev2 and (prev2 + prev.lower() + " " + low) in words)) \
                    and not _place_before(doc, name_start, after_level, i):
                i += 1
                taken += 1
                continue
            # a name's last word of two lower-case syllables, before punctuation: "Bệnh viện Phục hồi chức năng,",
            # "Trung tâm Dịch vụ việc làm."
            if (taken and i + 1 < n and fold(low + " " + doc[i + 1].text) in endings
                    and (i + 2 >= n or not doc[i + 2].text[:1].isalnum())):
                i += 2
                taken += 2
                continue
            # one or two lower-case words between capitalised ones: "Mía đường Sông Lam", "nông thôn Trung ương"
            span = 2 if i + 2 < n and (low + " " + doc[i + 1].text.lower()) in words else 1
            if first_word in _INSTITUTION and is_name_tok(i + span) and (i + span) not in head_starts \
                    and all(doc[i + k].text.lower() not in stop and doc[i + k].text[:1].islower() for k in range(span)):
                i += span
                taken += span
                continue
            if low in ("và", "&") and first_word in _INSTITUTION and is_name_tok(i + 1) and (i + 1) not in head_starts:
                i += 1
                taken += 1
                continue
            break
        if (text == "." and fold(prev) in _ABBREV_DOT and doc[i - 1].idx + len(prev) == tok.idx
                and is_name_tok(i + 1)):
            # "TP. HCM", "Tp. Cần Thơ": the dot of an abbreviated level word inside the name
            i += 1
            taken += 1
            continue
        if (text in ("-", "–") and is_name_tok(i + 1) and (i + 1) not in head_starts
                and doc[i - 1].idx + len(doc[i - 1].text) < tok.idx):
            i += 1
            taken += 1
            continue
        break
    return i, named, 0


# the words that open a topic in lower case (data/topic_openers.txt): "liên ngành Trung ương về ...", "thi ...";
# the openers alone name nothing
_TOPIC_STARTS, _TOPIC_OPENERS, _TOPIC_COMMA_PAIRS = topic_openers()   # "phòng, chống": one topic over its comma
_TOPIC_WORDS = 10
_TENSE = frozenset({"đã", "vừa", "sẽ", "đang", "cũng", "luôn", "thường", "mới", "còn"})   # a verb follows


def _topic_end(doc, i: int) -> int:
    """Where the topic that names an organ after its head ends (``liên ngành Trung ương về an toàn thực
    phẩm``, ``Vệ sinh an toàn thực phẩm``, ``Liên ngành về VSATTP``), before its place (``tỉnh Phú Thọ``,
    which ``_extend`` then takes), a verb, a word that ends names or punctuation; ``i`` when no topic is
    written. A topic opens with ``về``, ``liên ngành``, ``Trung ương`` or a capitalised word, or is the number
    of the directive that set the organ up."""
    n = len(doc)
    stop = stopwords()
    if i < n and _NUMBER.match(doc[i].text) and (i + 1 >= n or doc[i + 1].text not in ("/", "-", "–", ".", ",")):
        return i + 1   # "Ban Chỉ đạo 389", "Ban Chỉ đạo 61 thành phố Quy Nhơn": named by its directive's number
    if i >= n or not (doc[i].text[:1].isupper() or doc[i].text.lower() in _TOPIC_STARTS):
        return i
    j = i
    while j < n and j - i < _TOPIC_WORDS:
        tok = doc[j]
        low = tok.text.lower()
        pair = low + " " + doc[j + 1].text.lower() if j + 1 < n else low
        k = _level_at(doc, j)
        if (tok.text == "," and j > i and j + 1 < n
                and (doc[j - 1].text.lower(), doc[j + 1].text.lower()) in _TOPIC_COMMA_PAIRS):
            j += 1
            continue
        if tok.is_space or not tok.text[:1].isalnum() or (k and j + k < n and doc[j + k].text[:1].isupper()):
            break
        opener = low in _TOPIC_OPENERS and all(t.text.lower() in _TOPIC_OPENERS for t in doc[i:j])
        if not opener and (low in stop or pair in stop or low in _TENSE):
            break
        j += 1
    # a topic of opening words alone ("về") names nothing
    return j if any(t.text.lower() not in _TOPIC_OPENERS or t.text[:1].isupper() for t in doc[i:j]) else i


def _place_goes_on(doc, start: int, j: int) -> bool:
    """A capitalised word that usually ends a name (``Năm``, ``Bà``) still belongs to it when the name's
    words so far, it, and at most two capitalised words after it make a place the gazetteer knows
    (``Ngã Năm``, ``Năm Căn``, ``Hai Bà Trưng``)."""
    from .gazetteer import gazetteer

    g = gazetteer()
    for k in range(3):
        if k and (j + k >= len(doc) or not _is_cap(doc[j + k])):
            return False
        # from the name's first word, or a later one ("Phường Thủ Dầu Một": a level word written capitalised)
        if any(g.is_place(doc[st:j + k + 1].text) for st in range(start, j + 1)):
            return True
    return False


_ROLE_BEFORE = re.compile(rf"{role_pattern('unit')}[ \t]+$")


# heads of businesses and private establishments (ids of data/org_patterns.jsonl)
_BUSINESS = heads_with("business")
_JOINS = heads_with("joins")
_PART_OF = heads_with("part-of")
_COMMITTEES = heads_with("committees")
_PLURAL = r"cac|nhung"   # "các", "những" (folded): what follows is taken together
_TOGETHER_BEFORE = re.compile(rf"(?<![a-z])(?:{_PLURAL})[ \t]+$")
_COUNTED_BEFORE = re.compile(rf"(?<![a-z\d])(?:{_PLURAL}|\d{{1,3}})[ \t]+$")


def committees_together(folded: str, o: OrgSpan) -> bool:
    """``các ban HĐND tỉnh``: a council's committees taken together, one body, though its head is in lower
    case or after ``các`` (not ``Phó trưởng ban HĐND huyện``, a role)."""
    return o.head in _COMMITTEES and _TOGETHER_BEFORE.search(folded, max(0, o.start - 12), o.start) is not None


_TOPIC = heads_with("topic")
# a head of two words or more in lower case followed by a proper name is a named unit: "huyện đoàn Gia Viễn", "trường Tiểu học số 2
# Minh Lập", "chi bộ Trường Tiểu học Thủ Lệ" (but "sinh hoạt chi đoàn" names none)
_NAMED_AFTER_LOWER_HEAD = re.compile(r"[ \t]+(?:(?:số|Số)[ \t]+\d{1,3}[ \t]+)?[A-ZĐÀ-Ỹ]")
_ROLE_FAR = re.compile(rf"{role_pattern('unit')}(?:[ \t]+[A-ZĐÀ-Ỹ][^\s,.;:()]*){{0,5}}[ \t]+$")


def _before_person(doc, head, end_tok: int, raw: str) -> int:
    """``Phó Bí thư Tỉnh đoàn Lê Văn Hùng``: after a role word, a unit's name stops where a person's
    name (a family name and two or three more capitalised syllables ending the run) begins."""
    if end_tok - head.end < 3:
        return end_tok
    from .gazetteer import gazetteer

    # the role before the unit, or before the unit's organ ("Phó Chủ tịch BCH Trung ương Hội Nông dân Việt
    # Nam Nguyễn Xuân Định")
    role = (_ROLE_BEFORE.search(raw, max(0, head.start_char - 30), head.start_char)
            or _ROLE_FAR.search(raw, max(0, head.start_char - 60), head.start_char))
    for k in range(head.end, end_tok - 2):
        if doc[k].text not in surnames() or end_tok - k not in (3, 4):
            continue
        if role:
            if k > head.end and gazetteer().is_province_or_district(f"{doc[k - 1].text} {doc[k].text}"):
                # "Kiên Giang Ngô Quang Hưởng", "huyện Thạch Hà Lê Xuân Hường": "Giang", "Hà" end the place,
                # the name opens after it
                continue
            return k
        # no role: only a whole province, then a whole name ("Đoàn ĐBQH tỉnh Đắk Lắk Lê Thị Thanh Xuân")
        if k > head.end and gazetteer().province(doc[head.end:k].text):
            return k
    return end_tok


def find(text: Text, exclude: list[tuple[int, int]] = ()) -> list[OrgSpan]:
    """Organization mentions in reading order; spans overlapping ``exclude`` (document numbers and
    symbols: the ``UBND`` of ``28/KH-UBND``) are left out."""
    raw = text.safe
    if not raw.strip():
        return []
    doc = pipeline()(raw)
    from spacy.tokens import Span       # spaCy is loaded by now
    spans = sorted(doc.spans[SPANS_KEY], key=lambda s: (s.start, -(s.end - s.start)))
    # longest first, no overlaps
    chosen = []
    last_end = -1
    for sp in spans:
        if sp.start >= last_end:
            chosen.append(sp)
            last_end = sp.end
        elif chosen and sp.end > chosen[-1].end and sp.start == chosen[-1].start:
            chosen[-1] = sp
            last_end = sp.end
        elif chosen and sp.end > chosen[-1].end and sp.label_ == "ORG" and chosen[-1].id_ in _JOINS:
            # "Thanh tra Sở" + "Sở Xây dựng": the organ of the organ the later name completes
            chosen[-1] = Span(doc, chosen[-1].start, sp.end, label=chosen[-1].label_, span_id=chosen[-1].id_)
            last_end = sp.end
    f = text.folded
    head_starts = {sp.start: (sp.end, sp.label_) for sp in chosen}
    out: list[OrgSpan] = []
    for sp in chosen:
        if sp.label_ == "NONE" or any(a < sp.end_char and sp.start_char < b for a, b in exclude):
            continue
        if sp.start_char and raw[sp.start_char - 1] in "-/" and sp.end_char - sp.start_char <= 6:
            continue   # an abbreviation inside a document symbol: "TT-TTCP", "KH-UBND"
        if sp.start and _ends_place(doc, sp):
            continue   # "Hải Phòng": the last word of a place, not the head "Phòng"
        if sp.start and _opens_place_after_level(doc, sp):
            continue   # "phường Trường Chinh", "xã Đoàn Kết": a place, not the head "Trường", "Đoàn"
        label = sp.label_
        head = sp.id_ or sp.label_
        end_tok = sp.end
        named = False
        trim = 0
        if label == "ORG":
            topic_end = _topic_end(doc, sp.end) if head in _TOPIC else sp.end
            end_tok, named, trim = _extend(doc, topic_end, head_starts, head in GRASSROOTS, sp.start, head in _BUSINESS)
            named = named or end_tok > sp.end
            cut = _before_person(doc, sp, end_tok, raw)
            if cut != end_tok:
                end_tok, trim = cut, 0
            named = named and end_tok > sp.end
        start_c = sp.start_char
        end_c = doc[end_tok - 1].idx + len(doc[end_tok - 1].text) - trim
        if named and text.runs_off(end_c) and (text.cut_at(end_c) or _cut_place(raw[sp.end_char:end_c])):
            continue   # "... đoàn đã làm việc tại Thành ủy Bi" where the stored page was cut: not all the name
        out.append(OrgSpan(start_c, end_c, label, head, named, None, start_c, sp.end_char))
    # join organ + unit ("Ban Thường vụ" "Tỉnh đoàn Ninh Bình"), drop generic heads
    merged: list[OrgSpan] = []
    for o in out:
        prev = merged[-1] if merged else None
        gap = raw[prev.end:o.start] if prev is not None and prev.end <= o.start else None
        # "Ban Kinh tế Ngân sách – HĐND tỉnh", "Ban Dân tộc, HĐND tỉnh": a committee and its council joined by
        # a dash or a comma (a council's committee belongs to no other body)
        adjacent = gap is not None and "\n" not in gap and (not gap.strip() or (
            gap.strip() in ("-", "–", ",") and prev.label == "BODY" and prev.head == "ban-hdnd" and o.head == "hdnd"))
        if prev is not None and prev.end > o.start:
            continue  # swallowed by an extension
        if (gap is not None and gap.strip() in ("-", "–") and "\n" not in gap and prev.label == "ORG"
                and prev.head in _PART_OF and o.label == "ORG" and o.named and raw[o.start].isupper()):
            # "Đội Cảnh sát kinh tế - Công an thành phố Đà Lạt": the organ and the body it belongs to, one name
            merged[-1] = OrgSpan(prev.start, o.end, "ORG", prev.head, True, None, prev.start, o.end)
            continue
        if o.label == "ORG":
            # a head in lower case is generic ("sinh hoạt chi đoàn"), but a business or clinic is named by
            # the proper name right after it ("công ty TNHH Everwill", "phòng khám Minh An")
            lower_head = not raw[o.start].isupper() and not (
                o.named and o.head in _BUSINESS and any(w[:1].isupper() or w[:1].isdigit()
                                                        for w in raw[o.head_end:o.end].split())) and not (
                o.named and " " in raw[o.start:o.head_end] and _NAMED_AFTER_LOWER_HEAD.match(raw, o.head_end, o.end))
            generic = _GENERIC_BEFORE.search(f, max(0, o.start - 20), o.start) is not None
            if adjacent and prev.label == "BODY":
                if generic:
                    continue
                merged[-1] = OrgSpan(prev.start, o.end, "ORG", o.head, o.named, prev.head,
                                     o.unit_start, o.head_end, prev.inner_start)
                continue
            if (lower_head or generic) and not committees_together(f, o):
                continue
        elif o.label == "BODY" and not raw[o.start].isupper():
            continue
        elif adjacent and prev.label == "BODY" and prev.unit_start == prev.start:
            # an organ of an organ: "Ban Thư ký" + "Ủy ban" (+ "Hội LHTN Việt Nam tỉnh ...")
            merged[-1] = OrgSpan(prev.start, o.end, "BODY", prev.head, False, None, prev.start, o.end, o.start)
            continue
        merged.append(o)
    return _whole_items(raw, merged)


_ITEM_BEFORE = re.compile(r"(?:^|[:;,\n])[ \t]*(?:[-+•*][ \t]*)?$")
_ITEM_END = re.compile(r"[;,:()\n]|\.(?=\s|$)|[ \t]và[ \t]")
_ITEM_WORDS = 10
_ITEM_GAP = re.compile(r"[ \t]*(?:[;,]|và)[ \t]*")


def _whole_items(raw: str, spans: list[OrgSpan]) -> list[OrgSpan]:
    """In a list of units, each item is one name: ``gồm: Trường Cao đẳng kỹ thuật Đắk Lắk; Trung tâm Giáo dục
    nghề nghiệp Bảo An; ...``, ``như: Sở Nội vụ, Sở Văn hóa - Thể thao và Du lịch, Sở Công Thương``. A unit
    whose name stopped short of its item's end (at lower-case words no dictionary pairs, or ``và`` inside the
    name) takes the rest of the item, when the item opens a line or follows ``:``, ``;`` or ``,``, the unit
    opens it, a unit opens the next item (or, for the last item, the item before is a whole unit and the
    rest holds a proper name), and the rest is a few words with no count, no tense word and none
    that ends a name (``data/org_stopwords.txt``; ``và`` ends the item before another unit or an acronym,
    not before a name's words)."""
    stop = stopwords()
    starts = {o.start for o in spans if o.label == "ORG"}
    out = list(spans)
    for n, o in enumerate(spans):
        if o.label != "ORG" or not _ITEM_BEFORE.search(raw, max(0, o.start - 8), o.start):
            continue
        pos, joined, end = o.end, False, None
        while end is None:
            m = _ITEM_END.search(raw, pos)
            if m is None:
                end = len(raw)
            elif m.group().strip() == "và" and not joined and m.end() not in starts and not _ACRONYM.match(
                    raw[m.end():m.end() + 8].split(" ")[0]):
                pos, joined = m.end(), True     # "Sở Văn hóa - Thể thao và Du lịch"
            else:
                end = m.start()
        rest = raw[o.end:end]
        words = [w.strip("\"“”'") for w in rest.lower().split()]
        if not words or len(words) > _ITEM_WORDS or any(a < end and o.end < a for a in starts):
            continue
        if any(w in stop and not (w == "và" and joined) for w in words) or any(
                f"{a} {b}" in stop for a, b in zip(words, words[1:])):
            continue
        if any(w in _TENSE or (w[:1].isdigit() and prev != "số") or "%" in w for prev, w in zip([""] + words, words)):
            continue    # "HĐND tỉnh sẽ nghiên cứu", "Huyện đoàn Quảng Ninh 65 đoàn viên": a verb or a count
        after = re.match(r"[;,][ \t]*|[ \t]và[ \t]+", raw[end:end + 8])
        # the list's last item: the unit before ends right at the separator (its item whole), and the rest
        # holds a proper name ("...; Trung tâm Giáo dục nghề nghiệp và sát hạch lái xe Đắk Lắk.")
        last = n and out[n - 1].label == "ORG" and out[n - 1].end <= o.start and _ITEM_GAP.fullmatch(
            raw, out[n - 1].end, o.start) is not None and any(c.isupper() for c in rest)
        if (after is not None and end + after.end() in starts) or last:
            out[n] = replace(o, end=o.start + len(raw[o.start:end].rstrip()), named=True)
    return out


# organs that name a department by themselves ("Ban Tổ chức – Kiểm tra", "Ban Xây dựng Đoàn"); the
# others ("Ban Chấp hành", "Ủy ban Kiểm tra", "Thường trực" ...) are no organization without their unit
_DEPARTMENTS = heads_with("department")
_NATIONAL = heads_with("national")
_STANDS_ALONE = _DEPARTMENTS | _NATIONAL   # organs named without their unit
# heads that, written bare, are generic ("sinh hoạt chi đoàn", "các chi bộ"): never an organization alone
_GENERIC_BARE = heads_with("generic-bare")
_ORG_ABBREV = tuple((re.compile(rf"(?<![\w]){re.escape(abbr)}(?![\w])"), full)
                    for abbr, full, _ in org_abbreviations() if full) + (
               # a city written short: "TP.HCM", "TP. HCM", "Tp Hồ Chí Minh", "TP. Cần Thơ"
               (re.compile(r"(?<![\w])(?:TP|Tp)\.?[ \t]*(?=Hồ[ \t]+Chí[ \t]+Minh|[A-ZĐÀ-Ỹ])"), "Thành phố "),
               # the Front's committee is the Front: "Ủy ban MTTQ Việt Nam tỉnh X" = "Mặt trận Tổ quốc tỉnh X"
               (re.compile(r"(?<![\w])(?:(?:Ủy|Uỷ|ỦY|UỶ)[ \t]+(?:ban|BAN)[ \t]+)?(?:MTTQ(?:VN)?|UBMTTQ(?:VN)?|Mặt[ \t]+trận[ \t]+Tổ[ \t]+quốc"
                           r"|Mặt[ \t]+trận)(?:[ \t]+(?:Việt[ \t]+Nam|VN))?(?![\w])"), "Mặt trận Tổ quốc"))


# "Đoàn huyện X", "Đoàn TP. X": the Youth Union of a level written the other way round
_LEVEL_UNION = re.compile(r"(?<![\w])(?:Đoàn|ĐOÀN)[ \t]+((?i:tỉnh|thành[ \t]+phố|tp\.?|huyện|quận|thị[ \t]+xã))[ \t]*"
                          r"(?=[A-ZĐÀ-Ỹ])")
_LEVEL_UNION_NAME = {"tinh": "Tỉnh đoàn", "thanh pho": "Thành đoàn", "tp": "Thành đoàn", "huyen": "Huyện đoàn",
                     "quan": "Quận đoàn", "thi xa": "Thị đoàn"}


def standard_union_name(name: str) -> str:
    """``Đoàn huyện Cái Bè`` → ``Huyện đoàn Cái Bè``, ``Đoàn TP. Vĩnh Long`` → ``Thành đoàn Vĩnh Long``: the
    name the annotation rules write for a district's or province's Youth Union."""
    return _LEVEL_UNION.sub(lambda m: _LEVEL_UNION_NAME[" ".join(fold(m.group(1)).rstrip(".").split())] + " ", name)


def match_key(name: str) -> str:
    """The form two names of one organization share: abbreviations written out (``UBKT`` = ``Ủy ban
    Kiểm tra``, ``BTV``, ``BCH``, ``TW``, ``UBND``, ``Đoàn TN``, ``Hội LHTN``, ``TP.HCM`` = ``Thành phố
    Hồ Chí Minh``, ``TP. Cần Thơ``), folded, punctuation and dashes as spaces."""
    name = standard_union_name(name)
    for pat, full in _ORG_ABBREV:
        name = pat.sub(full, name)
    return " ".join(re.sub(r"[^\w]+", " ", fold(name)).split())


def organizations(text: Text, spans: list[OrgSpan]) -> list[tuple[str, tuple[int, int]]]:
    """Every organization named, once, in its fullest written form (annotation rules, organizations):
    an organ with its unit is listed and so is the unit inside it; a bare level word (``Tỉnh đoàn``) is
    the one fuller form the text writes for it (``Tỉnh đoàn Hậu Giang``), dropped when the text writes
    several; bare generic heads (``Chi đoàn``) and organs without a unit are left out, but for a
    department (``Ban Tổ chức``) and a national organ (``Ban Bí thư``)."""
    raw = text.raw
    cands: list[tuple[str, tuple[int, int], bool, str]] = []   # name, span, bare, head
    for o in spans:
        if o.head in _COMMITTEES and _COUNTED_BEFORE.search(text.folded, max(0, o.start - 12), o.start):
            continue   # "các ban HĐND tỉnh", "2 Ban HĐND huyện": a plural mention (a body of the work, but no organization)
        if o.label == "BODY":
            if o.head in _STANDS_ALONE:
                cands.append((raw[o.start:o.end], (o.start, o.end), False, o.head))
            continue
        cands.append((raw[o.start:o.end], (o.start, o.end), not o.named and not o.body, o.head))
        if o.body and o.unit_start > o.start:
            cands.append((raw[o.unit_start:o.end], (o.unit_start, o.end), not o.named, o.head))
        if o.inner_start > o.start:
            cands.append((raw[o.inner_start:o.end], (o.inner_start, o.end), False, o.head))
    # word-prefix index of every written name
    keys: dict[str, dict[str, None]] = {}
    for name, _, _, _ in cands:
        keys.setdefault(match_key(name), {})[name] = None
    extensions: dict[str, set[str]] = {}
    for k in keys:
        words = k.split()
        for i in range(1, len(words)):
            extensions.setdefault(" ".join(words[:i]), set()).add(k)

    def fullest(k: str) -> str | None:
        longer = extensions.get(k)
        if not longer:
            return k
        best = max(longer, key=len)
        return best if all(best.startswith(x + " ") or best == x for x in longer) and len(longer) <= 50 else None

    out: dict[str, tuple[str, tuple[int, int]]] = {}
    memo: dict[str, str | None] = {}
    for name, span, bare, head in cands:
        if bare and head in _GENERIC_BARE:
            continue
        k = match_key(name)
        if not k:
            continue
        if k not in memo:
            memo[k] = fullest(k)
        target = memo[k]
        if target is None:
            continue   # "Huyện đoàn" where the text names several: generic
        if target not in out:
            # the fullest written form: longest, ordinary case before capitals when equally long
            best = max(keys[target], key=lambda n: (len(n.split()), not n.isupper(), len(n)))
            out[target] = (best, span)
    return sorted(out.values(), key=lambda x: x[1])
