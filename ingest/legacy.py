"""Legacy Vietnamese font encodings (TCVN3 / ABC and VNI) → Unicode NFC.

Before Unicode, Vietnamese offices typed in fonts whose glyphs sat on Latin-1 code points: TCVN3
(TCVN 5712:1993 "VN3", the ABC fonts ``.VnTime``, ``.VnArial``...) puts each accented letter on one
byte; VNI (``VNI-Times``...) writes a base letter followed by one mark byte. Read as Windows-1252 or
copied out of Word as Unicode, such text is mojibake: ``Céng hoµ x· héi`` (TCVN3), ``Coäng hoøa xaõ
hoäi`` (VNI). ``repair`` finds it and converts it; ``convert`` applies one table.

Why not ``viparse`` (PyPI)? Its converter is pure Python and downloads nothing, but it is a 0.1.x
beta whose VNI table is derived from a small corpus rather than from the published chart: it lacks
ẳ/Ẳ (``aú``) and ỵ/Ỵ (``î``), which the chart has, and adds ``iø``/``iù``, which it has not; and its
content detection is opt-in only. The tables here are the published TCVN3 and VNI-Windows charts
(the same ones Unikey and xvnkb convert with); tests check every entry in both directions.

Detection is by content, because plain text keeps no font names. A legacy table is tried only when
the text has almost no letters that only Unicode Vietnamese has (ă đ ơ ư ạ ế ...: legacy text shows
Latin-1 letters instead); the conversion is kept when it turns clearly more of the words that carry
a non-ASCII character into well-formed Vietnamese syllables than the text had before.

TCVN3 has no upper-case toned letters (nor capitals of ă â ê ô ơ ư đ beyond the seven it has for
them): documents set capitals in ``.VnTimeH``, which draws the lower-case bytes as capitals, and plain
text loses the font. So the case of such a letter is decided from its word: upper when the word's other
letters are capitals (``CéNG HßA`` → ``CỘNG HÒA``), lower when they are not (``KÕ ho¹ch`` → ``Kế
hoạch``, not ``KẾ``; ``BÝ th­`` → ``Bí thư``). A word with no other letter that tells (``KÕ``, ``Së``,
``Vô``) takes the case of its neighbours on the line: upper between capital words (``KÕ HO¹CH`` →
``KẾ HOẠCH``), lower otherwise; numbers and symbols (``12-KH/UBKT``) are no evidence. A capital vowel
typed before the same toned vowel (``Uñy`` → ``Uủy``) is the one capital letter: ``Ủy``. Otherwise a
capital toned letter at the start of a mixed-case word (``¸nh`` for ``Ánh``) cannot be recovered from
the bytes and comes back in lower case.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# -- the published tables -----------------------------------------------------------------------------
# TCVN3: one Latin-1 code point per Vietnamese letter. Rows: a letter and its five tones
# (grave, acute, hook, tilde, dot below); the base letters ă â ê ô ơ ư đ and their capitals.
_TCVN3_ROWS = {
    "àáảãạ": "\u00b5\u00b8\u00b6\u00b7\u00b9",
    "ằắẳẵặ": "\u00bb\u00be\u00bc\u00bd\u00c6",
    "ầấẩẫậ": "\u00c7\u00ca\u00c8\u00c9\u00cb",
    "èéẻẽẹ": "\u00cc\u00d0\u00ce\u00cf\u00d1",
    "ềếểễệ": "\u00d2\u00d5\u00d3\u00d4\u00d6",
    "ìíỉĩị": "\u00d7\u00dd\u00d8\u00dc\u00de",
    "òóỏõọ": "\u00df\u00e3\u00e1\u00e2\u00e4",
    "ồốổỗộ": "\u00e5\u00e8\u00e6\u00e7\u00e9",
    "ờớởỡợ": "\u00ea\u00ed\u00eb\u00ec\u00ee",
    "ùúủũụ": "\u00ef\u00f3\u00f1\u00f2\u00f4",
    "ừứửữự": "\u00f5\u00f8\u00f6\u00f7\u00f9",
    "ỳýỷỹỵ": "\u00fa\u00fd\u00fb\u00fc\u00fe",
    "ăâêôơưđ": "\u00a8\u00a9\u00aa\u00ab\u00ac\u00ad\u00ae",
    "ĂÂÊÔƠƯĐ": "\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7",
}
TCVN3: dict[str, str] = {legacy: letter for letters, codes in _TCVN3_ROWS.items()
                         for letter, legacy in zip(letters, codes)}

# VNI-Windows: a base letter followed by a mark; i-family letters, ơ, ư, đ and ỵ are single glyphs.
_VNI_TONES = "\u00f8\u00f9\u00fb\u00f5\u00ef"          # ø ù û õ ï: grave acute hook tilde dot
_VNI_HAT_TONES = "\u00e0\u00e1\u00e5\u00e3\u00e4"      # à á å ã ä: â/ê/ô with a tone
_VNI_BREVE_TONES = "\u00e8\u00e9\u00fa\u00fc\u00eb"    # è é ú ü ë: ă with a tone
_VNI_HAT, _VNI_BREVE = "\u00e2", "\u00ea"              # â ê
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"          # same order: grave acute hook tilde dot


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(legacy: str, letter: str) -> None:
        table[legacy] = letter
        table[legacy.upper()] = letter.upper()

    for base, out in (("a", "a"), ("e", "e"), ("o", "o"), ("u", "u"), ("y", "y"),
                      ("\u00f4", "ơ"), ("\u00f6", "ư")):
        if base in "ôö":
            add(base, out)
        for mark, tone in zip(_VNI_TONES, _TONE_MARKS):
            if base == "y" and tone == "\u0323":
                continue                                   # ỵ is its own glyph
            add(base + mark, unicodedata.normalize("NFC", out + tone))
    for base in "aeo":
        add(base + _VNI_HAT, unicodedata.normalize("NFC", base + "\u0302"))
        for mark, tone in zip(_VNI_HAT_TONES, _TONE_MARKS):
            add(base + mark, unicodedata.normalize("NFC", base + "\u0302" + tone))
    add("a" + _VNI_BREVE, "ă")
    for mark, tone in zip(_VNI_BREVE_TONES, _TONE_MARKS):
        add("a" + mark, unicodedata.normalize("NFC", "a\u0306" + tone))
    for legacy, letter in (("\u00ec", "ì"), ("\u00ed", "í"), ("\u00e6", "ỉ"), ("\u00f3", "ĩ"),
                           ("\u00f2", "ị"), ("\u00ee", "ỵ"), ("\u00f1", "đ")):
        add(legacy, letter)
    return table


VNI: dict[str, str] = _vni_table()
TABLES: dict[str, dict[str, str]] = {"tcvn3": TCVN3, "vni": VNI}


# -- conversion ---------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _pattern(name: str) -> re.Pattern:
    table = TABLES[name]
    keys = sorted(table, key=len, reverse=True)
    if name == "vni":
        # VNI typed by hand sometimes pairs a capital letter with a lower-case mark: "Aù" is Á.
        keys += [k[0].upper() + k[1:] for k in keys if len(k) == 2 and k[0].islower()]
    return re.compile("|".join(re.escape(k) for k in keys))


def _vni_lookup(seq: str) -> str:
    if seq in VNI:
        return VNI[seq]
    return VNI[seq.lower()].upper()


# A PDF's text layer maps some .VnTime codes through the font's standard names: 0xAD (ư, the soft-hyphen
# slot) comes out as U+2212 MINUS SIGN and 0xB7 (ã) as U+2219 BULLET OPERATOR. Taken back where they
# touch a letter (a minus between digits stays a minus).
_PDF_GLYPH_CODES = {"\u2212": "\u00ad", "\u2219": "\u00b7"}
_PDF_GLYPHS = re.compile(r"(?<=[^\W\d_])[\u2212\u2219]|[\u2212\u2219](?=[^\W\d_])")


def convert(text: str, encoding: str) -> str:
    """``text`` read through the legacy table ``encoding`` (``tcvn3`` or ``vni``), NFC."""
    if encoding == "tcvn3":
        out = _PDF_GLYPHS.sub(lambda m: _PDF_GLYPH_CODES[m.group()], text)
        out = _pattern("tcvn3").sub(lambda m: TCVN3[m.group()], out)
        out = _CAPITAL_BEFORE_TONED.sub(_one_capital, out)
        out = "\n".join(_tcvn3_case(line) for line in out.split("\n"))
        return unicodedata.normalize("NFC", out)
    if encoding == "vni":
        return unicodedata.normalize("NFC", _pattern("vni").sub(lambda m: _vni_lookup(m.group()), text))
    raise ValueError(f"unknown legacy encoding {encoding!r}")


def _caseless(c: str) -> bool:
    """A letter the TCVN3 table gave in lower case that may have been drawn as a capital."""
    return c.islower() and not c.isascii()


_CAPS, _MIXED, _UNKNOWN = "caps", "mixed", None


@lru_cache(maxsize=65536)
def _has_caseless(word: str) -> bool:
    return any(_caseless(c) for c in word)


@lru_cache(maxsize=65536)
def _word_case(word: str) -> str | None:
    """What the letters of ``word`` that keep their case (ASCII, and TCVN3's own capitals Ă Â Ê Ô Ơ Ư Đ)
    say, its first letter aside: all capitals, some lower case, or nothing (no such letter)."""
    letters = [c for c in word if c.isalpha()]
    telling = [c for c in letters[1:] if not _caseless(c)]
    if not telling:
        return _UNKNOWN
    return _CAPS if all(c.isupper() for c in telling) else _MIXED


@lru_cache(maxsize=65536)
def _evidence(word: str) -> str | None:
    """The case a neighbour of a word tells: none for numbers and symbols (``12-KH/UBKT``, ``383``)."""
    if any(c.isdigit() or c == "/" for c in word):
        return _UNKNOWN
    return _word_case(word)


_CAPITAL_BEFORE_TONED = re.compile(r"(?<![^\W\d_])([AEIOUY])([^\W\d_A-Za-z])")


def _one_capital(m: re.Match) -> str:
    """``Uủ`` → ``Ủ``: a capital vowel typed before the same vowel with its tone (the lower-case code)."""
    capital, toned = m.groups()
    base = unicodedata.normalize("NFD", toned)[0]
    if _caseless(toned) and base == capital.lower() and len(unicodedata.normalize("NFD", toned)) > 1:
        return toned.upper()
    return m.group()


_SPACE = re.compile(r"\s+")


def _title(word: str) -> bool:
    """A word written with a capital initial and lower-case letters after it (``Thị``, ``Nguyễn``)."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and letters[0].isupper() and not _caseless(letters[0]) and all(
        c.islower() for c in letters[1:]) and any(not _toned(c) for c in letters[1:])


def _capitalize(word: str) -> str:
    i = next(i for i, c in enumerate(word) if c.isalpha())
    return word[:i] + word[i].upper() + word[i + 1:]


def _toned(c: str) -> bool:
    """A caseless letter of which TCVN3 has no capital at all (a toned vowel: ``ủ``, ``á``); ``ă â ê ô ơ
    ư đ`` have capitals of their own (``Ă Â Ê Ô Ơ Ư Đ``), so outside a word in capitals they are lower case."""
    return _caseless(c) and c not in "ăâêôơưđ"


_CLAUSE_END = (".", "!", "?")
# words before a place's name: ``xã Ninh ích`` is ``xã Ninh Ích``
_PLACE_WORDS = frozenset("xã phường huyện quận tỉnh trấn phố thôn ấp bản làng đoàn".split())
_NAME_END = (",", ";", ":", ".", ")", "!", "?")


def _tcvn3_case(line: str) -> str:
    """One converted line with the case of its caseless letters decided (see the module's docstring)."""
    words = _SPACE.split(line)
    gaps = _SPACE.findall(line)
    cases = [_evidence(w) for w in words]
    left, right, seen = [], [_UNKNOWN] * len(words), _UNKNOWN     # the nearest telling neighbour each side
    for case in cases:
        left.append(seen)
        seen = case if case is not _UNKNOWN else seen
    seen = _UNKNOWN
    for i in range(len(words) - 1, -1, -1):
        right[i] = seen
        seen = cases[i] if cases[i] is not _UNKNOWN else seen
    wordy = [i for i, w in enumerate(words) if any(c.isalpha() for c in w)]
    first, last = (wordy[0], wordy[-1]) if wordy else (-1, -1)
    starts = [(i == first or i > 0 and words[i - 1].endswith(_CLAUSE_END)) and i < last   # more than one word
              for i in range(len(words))]
    out = []
    for i, word in enumerate(words):
        if word.isascii() or not _has_caseless(word):
            out.append(word)
            continue
        case = _word_case(word)
        if case is _UNKNOWN:
            around = [c for c in (left[i], right[i]) if c is not _UNKNOWN]
            case = _CAPS if around and all(c is _CAPS for c in around) else _MIXED
        if case is _CAPS:
            out.append(word.upper())
        elif _toned(next(c for c in word if c.isalpha())) and _lost_capital(words, starts, i):
            out.append(_capitalize(word))
        else:
            out.append(word)
    return "".join(w + g for w, g in zip(out, [*gaps, ""]))


def _lost_capital(words: list[str], starts: list[bool], i: int) -> bool:
    """Whether the caseless initial of ``words[i]`` was a capital: the first word of a paragraph or
    sentence; ``ủy`` of ``Ủy ban``, and of ``Ủy viên`` after a name (the head of a body's name, a title);
    the last part of a name, after two capitalized words that do not start their sentence, or after a
    place word and one (``Lê Thị ¸nh,`` → ``Lê Thị Ánh,``, ``xã Ninh Ých`` → ``xã Ninh Ích``)."""
    word, after = words[i], words[i + 1:i + 3]
    if starts[i]:
        return True
    if word.lstrip("(“\"'") == "ủy" and after[:1] == ["ban"] and after[1:] != ["hành"]:
        return True                      # Ủy ban ... (not "cấp ủy ban hành")
    if word == "ủy" and after[:1] == ["viên"] and after[1:2] and after[1][:1].isupper() and (
            i and (words[i - 1].endswith(",") or _title(words[i - 1]))):
        return True                      # "Nguyễn Văn A, Ủy viên Ban Thường vụ"
    if i < 2 or not _title(words[i - 1]) or words[i - 1].endswith(_NAME_END) or starts[i - 1]:
        return False
    if words[i - 2] not in _PLACE_WORDS and (not _title(words[i - 2]) or words[i - 2].endswith(_NAME_END)
                                             or starts[i - 2]):
        return False
    return i + 1 == len(words) or word.endswith(_NAME_END) or _title(words[i + 1])


def encode(text: str, encoding: str) -> str:
    """Unicode → the legacy surface characters (what a legacy font file shows). For tests/fixtures;
    TCVN3 writes capital toned letters with their lower-case code, as ``.VnTimeH`` documents do."""
    text = unicodedata.normalize("NFC", text)
    if encoding == "tcvn3":
        reverse = {letter: legacy for legacy, letter in TCVN3.items()}
        out = []
        for ch in text:
            if ch in reverse:
                out.append(reverse[ch])
            elif ch.lower() in reverse and not ch.isascii():
                out.append(reverse[ch.lower()])
            else:
                out.append(ch)
        return "".join(out)
    if encoding == "vni":
        reverse = {letter: legacy for legacy, letter in VNI.items()}
        return "".join(reverse.get(ch, ch) for ch in text)
    raise ValueError(f"unknown legacy encoding {encoding!r}")


# -- detection ----------------------------------------------------------------------------------------
# Letters only Unicode Vietnamese has (outside Latin-1): legacy mojibake has none of them.
_NATIVE = re.compile(r"[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
                     r"\u1ea0-\u1ef9]")
_HIGH_LATIN1 = re.compile(r"[\u00a0-\u00ff]")
_TOKEN = re.compile(r"[^\s!-/:-@\[-`{-~\u201c\u201d\u2018\u2019\u2013\u2014\u2026]+")
_TONES = frozenset(_TONE_MARKS)
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
    r"(?:[aăâeêioôơuưy]{1,3})"
    r"(?:ch|ng|nh|[cmnpt])?$"
)
SAMPLE = 20000


def syllable_score(text: str) -> tuple[int, int]:
    """``(valid, invalid)``: words holding a non-ASCII character that are / are not well-formed
    Vietnamese syllables (one tone at most, a known onset, vowels, a known final)."""
    valid = invalid = 0
    for token in _TOKEN.findall(text[:SAMPLE]):
        if token.isascii():
            continue
        if is_syllable(token):
            valid += 1
        else:
            invalid += 1
    return valid, invalid


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONES)
    if tones > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return bool(_SYLLABLE.match(base))


def detect(text: str) -> str | None:
    """``tcvn3`` or ``vni`` when ``text`` is legacy mojibake, else None."""
    sample = text[:SAMPLE]
    high = len(_HIGH_LATIN1.findall(sample))
    if high < 3:
        return None
    native = len(_NATIVE.findall(sample))
    if native > 0.1 * (native + high):
        return None                       # already Unicode Vietnamese (or Windows-1258 decoded)
    valid0, invalid0 = syllable_score(sample)
    best, best_score = None, valid0 - invalid0
    for name in TABLES:
        valid, invalid = syllable_score(convert(sample, name))
        score = valid - invalid
        if valid >= 3 and valid >= 2 * invalid and score > best_score + max(2, (valid0 + invalid0) // 5):
            best, best_score = name, score
    return best


def repair(text: str, hint: str | None = None) -> tuple[str, str | None]:
    """``(text, encoding)``: the text converted from the legacy encoding it was found in, or
    unchanged with None. ``hint`` is the encoding a font name says (``.VnTime`` → tcvn3): then any
    stretch of Latin-1 letters that reads as better Vietnamese through that table is converted."""
    encoding = detect(text) if hint is None else _confirm(text, hint)
    if encoding is None:
        return text, None
    return convert(text, encoding), encoding


def _confirm(text: str, hint: str) -> str | None:
    if not _HIGH_LATIN1.search(text) or _NATIVE.search(text):
        return None
    valid0, invalid0 = syllable_score(text)
    valid, invalid = syllable_score(convert(text, hint))
    return hint if valid - invalid > valid0 - invalid0 else None


_FONT_TCVN3 = re.compile(r"^(?:[A-Z]{6}\+)?\.?vn", re.IGNORECASE)      # .VnTime, .VnArialH, VnTime
_FONT_VNI = re.compile(r"^(?:[A-Z]{6}\+)?vni[-_ ]", re.IGNORECASE)       # VNI-Times, VNI-Helve


def font_encoding(font: str | None) -> str | None:
    """The legacy encoding a font name implies: ``tcvn3`` for the ABC ``.Vn*`` fonts, ``vni`` for
    ``VNI-*``, else None."""
    if not font:
        return None
    if _FONT_VNI.match(font):
        return "vni"
    if _FONT_TCVN3.match(font) and not font.lower().startswith("vni"):
        return "tcvn3"
    return None
