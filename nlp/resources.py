"""Rule data in ``nlp/data/``, read once and cached (read-only values: tuples, frozensets, dicts
returned as fresh copies are never handed out for mutation)."""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from types import MappingProxyType

from ingest.text import nfc

from .normalize import fold

DATA = Path(__file__).resolve().parent / "data"


def _lines(name: str) -> list[str]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = nfc(line.rstrip("\n"))
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.strip("\r"))
    return out


def _pairs(name: str) -> list[tuple[str, str]]:
    out = []
    for line in _lines(name):
        key, _, value = line.partition("\t")
        out.append((key.strip(), value.strip()))
    return out


def _rows(name: str, columns: int) -> list[list[str]]:
    """A tab-separated file's rows, each cell stripped, padded with empty cells to ``columns``."""
    return [([c.strip() for c in line.split("\t")] + [""] * columns)[:columns] for line in _lines(name)]


def _flags(cell: str) -> frozenset:
    """The comma-separated flags of a cell."""
    return frozenset(x.strip() for x in cell.split(",") if x.strip())


def pairs(name: str) -> list[tuple[str, str]]:
    """A two-column tab-separated file as ``(key, value)`` pairs, NFC."""
    return _pairs(name)


@functools.lru_cache(maxsize=None)
def doc_types() -> MappingProxyType:
    """folded alias -> canonical type, e.g. ``"thong bao ket luan" -> "Thông báo"``."""
    return MappingProxyType({fold(alias): canon for alias, canon, _ in _rows("doc_types.tsv", 3)})


@functools.lru_cache(maxsize=None)
def work_dating_types() -> frozenset:
    """Canonical types whose date places the work they order in its year (flag ``dates-work``)."""
    return frozenset(canon for _, canon, flags in _rows("doc_types.tsv", 3) if "dates-work" in _flags(flags))


def word_alternation(words) -> str:
    """A regex alternation of ``words`` (phrases of data files), longest first so that a phrase wins over
    its first word, each space matching any run of spaces or tabs."""
    return "|".join(re.escape(w).replace(r"\ ", "[ \t]+") for w in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=None)
def doc_type_pattern() -> str:
    """Regex alternation (folded text) of the document-kind aliases, longest first."""
    return word_alternation(doc_types())


@functools.lru_cache(maxsize=None)
def symbol_prefixes() -> MappingProxyType:
    return MappingProxyType(dict(_pairs("symbol_prefixes.tsv")))


@functools.lru_cache(maxsize=None)
def month_names() -> MappingProxyType:
    """lower-case month name after ``tháng`` -> month number."""
    return MappingProxyType({k.lower(): int(v) for k, v in _pairs("months.tsv")})


@functools.lru_cache(maxsize=None)
def page_chrome() -> frozenset:
    return frozenset(fold(x) for x in _lines("page_chrome.txt"))


@functools.lru_cache(maxsize=None)
def word_list(name: str) -> tuple[str, ...]:
    """A plain list file, one entry a line, NFC."""
    return tuple(_lines(name))


@functools.lru_cache(maxsize=None)
def folded_set(name: str) -> frozenset:
    return frozenset(fold(x) for x in _lines(name))


@functools.lru_cache(maxsize=None)
def json_data(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def jsonl(name: str) -> list[dict]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("//"):
            rows.append(json.loads(nfc(line)))
    return rows


@functools.lru_cache(maxsize=None)
def levels() -> tuple[tuple[str, str, bool], ...]:
    """``(word, rank, ambiguous)`` of every level word (``data/levels.tsv``), longest first."""
    out = []
    for line in _lines("levels.tsv"):
        word, rank, *flags = [c.strip() for c in line.split("\t")]
        out.append((word, rank, "ambiguous" in flags))
    return tuple(sorted(out, key=lambda x: -len(x[0].split())))


def level_words(*ranks: str) -> tuple[str, ...]:
    """The level words of these ranks (all when none is given), longest first."""
    return tuple(w for w, r, _ in levels() if not ranks or r in ranks)


def level_pattern(*ranks: str) -> str:
    """A regex alternation of the folded level words of these ranks, for folded text."""
    return "(?:" + "|".join(fold(w).replace(" ", r"[ \t]+") for w in level_words(*ranks)) + ")"


@functools.lru_cache(maxsize=None)
def surnames() -> frozenset:
    """Vietnamese family names (``data/surnames.txt``)."""
    return frozenset(word_list("surnames.txt"))


@functools.lru_cache(maxsize=None)
def role_titles(flag: str | None = None) -> tuple[str, ...]:
    """Titles of office (``data/role_titles.tsv``), lower case, longest first; only those with
    ``flag`` (``sign``, ``unit``) when one is given."""
    out = [title for title, flags in _rows("role_titles.tsv", 2) if flag is None or flag in _flags(flags)]
    return tuple(sorted(out, key=len, reverse=True))


def role_pattern(flag: str | None = None, folded: bool = False) -> str:
    """A regex of one title of office, optionally opened by ``Phó`` / ``Tổng``: for folded text, or for
    text as written (first letter in either case: ``Bí thư``, ``bí thư``, ``BÍ THƯ`` is not matched)."""
    def one(title: str) -> str:
        words = fold(title).split() if folded else title.split()
        if not folded:
            words = [f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in words]
        return r"[ \t]+".join(words)
    # folded, a one-word title is also a common word ("trưởng" / "trường")
    titles = "|".join(one(t) for t in role_titles(flag) if not folded or " " in t)
    lead = ("pho", "tong") if folded else ("[Pp]hó", "[Tt]ổng")
    return rf"(?:{lead[0]}[ \t]+)?(?:{lead[1]}[ \t]+)?(?:{titles})"


@functools.lru_cache(maxsize=None)
def org_abbreviations() -> tuple[tuple[str, str | None, frozenset], ...]:
    """``(abbreviation, full form or None, flags)`` of ``data/org_abbreviations.tsv``, in file order."""
    return tuple((abbr, full or None, _flags(flags)) for abbr, full, flags in _rows("org_abbreviations.tsv", 3))


@functools.lru_cache(maxsize=None)
def number_words(figures_only: bool = False) -> MappingProxyType:
    """``word -> value`` of ``data/number_words.tsv`` (lower case); ``figures_only`` leaves out the words
    that are also common words (``một``)."""
    return MappingProxyType({word: int(value) for word, value, flags in _rows("number_words.tsv", 3)
                             if not (figures_only and "ambiguous" in _flags(flags))})


def number_word_pattern() -> str:
    """A regex alternation of the number words, folded, longest first, for folded text."""
    return "|".join(fold(w).replace(" ", r"[ \t]+") for w in sorted(number_words(), key=len, reverse=True))


def head_pattern(prop: str) -> str:
    """A regex alternation of the spellings of the organization heads with property ``prop``
    (``data/org_patterns.jsonl`` with the properties of ``data/org_heads.tsv``: ``business`` gives
    ``quán karaoke``, ``hộ kinh doanh``; ``grassroots`` gives ``chi bộ``, ``cđcs``), folded, longest first,
    for folded text."""
    heads = heads_with(prop)
    words = {fold(p["pattern"]) for p in jsonl("org_patterns.jsonl") if p.get("id") in heads}
    return "|".join(w.replace(" ", r"[ \t]+") for w in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=None)
def heads_with(prop: str) -> frozenset:
    """The ids of the organization heads with property ``prop`` (``data/org_heads.tsv``)."""
    return frozenset(head for head, props in _rows("org_heads.tsv", 2) if prop in _flags(props))


@functools.lru_cache(maxsize=1)
def lexicon() -> frozenset:
    """Multi-syllable Vietnamese words, lower case (underthesea's packaged Viet74K word list, read as
    a file: the package itself is not imported). Empty when underthesea is not installed."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(list(spec.submodule_search_locations)[0]) / "corpus" / "data" / "Viet74K.txt"
    try:
        words = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(w.strip().lower() for w in words if " " in w.strip())


@functools.lru_cache(maxsize=None)
def topic_openers() -> tuple[frozenset, frozenset, frozenset]:
    """From ``data/topic_openers.txt``: the lower-case words that open an organ's topic, those of them that
    only open one and name nothing by themselves (``về``, ``liên ngành``), and the pairs of words a topic
    writes with a comma between them (``("phòng", "chống")``)."""
    rows = _rows("topic_openers.txt", 2)
    pairs = frozenset(tuple(w.strip() for w in word.split(",")) for word, _ in rows if "," in word)
    words = [(w, flag) for w, flag in rows if "," not in w]
    return frozenset(w for w, _ in words), frozenset(w for w, flag in words if flag == "opening only"), pairs


@functools.lru_cache(maxsize=None)
def national_line_pattern(end: bool = False) -> str:
    """The national lines of an official header (``data/official_header.json``: the state's name and
    motto, the Party's and the Union's names) as a regex over folded text: the first three words of each,
    which open such a line (``CỘNG HÒA XÃ HỘI`` cut at its line break; two would be ordinary words:
    ``ĐỘC LẬP``, ``đang công``), or with ``end`` the last two, which end one (a header flattened to one
    line: ``... VIỆT NAM Số: 57/NQ-HĐND``). A dash between two words is any dash."""
    pairs = set()
    for line in json_data("official_header.json")["national_lines"]:
        words = [w for w in fold(line).split() if w.strip("-–")]
        pairs.add(tuple(words[-2:] if end else words[:3]))
    return "(?:" + "|".join(r"(?:[ \t]+|[ \t]*[-–][ \t]*)".join(map(re.escape, p)) for p in sorted(pairs)) + r")(?!\w)"


@functools.lru_cache(maxsize=None)
def issuer_organs() -> frozenset:
    """The organs an official header's issuer column names under its parent (``TỈNH ĐOÀN HẬU GIANG`` /
    ``ỦY BAN KIỂM TRA``), folded (``data/official_header.json``)."""
    return frozenset(fold(x) for x in json_data("official_header.json")["issuer_organs"])


@functools.lru_cache(maxsize=1)
def caption_patterns() -> dict[str, str]:
    """The forms of a photo's caption line (``data/captions.json``): a credit closing it (``... . Ảnh:
    T.Lập``, ``(Ảnh: CTV)``), a sentence closing a table's cell under a photo, the photo's number after a dash
    (``... năm học 2023-2024 - Ảnh 2.``). Regexes, case-insensitive."""
    return {k: v for k, v in json_data("captions.json").items() if not k.startswith("/")}
