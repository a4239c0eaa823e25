"""Who inspected whom, by a model beside the rules.

The rules of ``nlp/inspection.py`` name the inspecting bodies and the inspected units where a pattern
they know says so; on pages they were not written from they find too few (``README``, Evaluation).
This module scores every name a page offers for either role and adds the names the rules left out:

- **candidates**: the organizations the rules find (``nlp/orgs.py``), each named as the rules would
  name it as a body (``nlp.inspection.completed_names``: ``Huyện đoàn`` + the one place the page
  gives), places written after their level word (``xã Tân Thành``, ``huyện Cai Lậy``, ``TP. Mỹ Tho``)
  and places the gazetteer knows written alone (``Bắc Giang``, ``Can Lộc``), none after a list of
  related articles, and no place written after a name and a comma at a higher level than the last level
  word of that name (its address: ``Ban Thanh tra nhân dân xã Tân Phú, huyện Đức Hòa``);
- **features** of each candidate (``page_features``): its first words, last word and length, whether
  it still waits for its place, the words around each of its first mentions, the verbs of the work
  before or after it in its sentence and how far, a few words of the clause before it (``tại``,
  ``đối với``, ``của``, ``do``...), the levels the gazetteer gives it, how often it is mentioned,
  whether it opens the page and how many candidates its list holds; the verbs, clause words and
  abbreviated level words are data (``data/role_cues.json``);
- **two logistic-regression models** (``data/role_model.json``: a weight per feature, a bias and the
  threshold for each role), trained on the real gold set's dev split by ``scripts/train_roles.py``,
  which also writes the cross-validation it was chosen by. Applying them is a sum of weights: nothing
  is downloaded or trained at run time.

``add`` keeps everything the rules found and adds, for each role, the candidates whose probability
reaches the role's threshold and score higher for this role than for the other, unless a name already
in either role names the same unit (``nlp.evaluate``'s ``same_unit_score``: the annotation rules' names
of one unit) or holds the candidate's words in a row, or they hold its (a name the rules completed with
its place, ``Đoàn Khối ... tỉnh Bắc Ninh``, and its parts, ``Trung ương Đoàn`` of ``Ban Bí thư Trung
ương Đoàn``), or a name the rules give is written where it is, or a level word in it is followed by
words that are no place's (``HĐND huyện Quyết định``). An official document (a kind heading or
its own number) is left to the rules (``nlp.extract``): its header and its lists are what they were
written for, and the model was trained on pages.
"""
from __future__ import annotations

import bisect
import functools
import math
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .evaluate import same_unit_score, unit_key
from .gazetteer import gazetteer
from .inspection import article_end
from .normalize import fold, spelling_key
from .record import Mention
from .resources import json_data, level_words, levels
from .text import Text

ROLES = ("inspecting_bodies", "inspected_units")
MENTIONS = 6            # mentions of a candidate whose context is read
PLACE_WORDS = 4         # capitalized words a place after its level word may have
BARE_WORDS = 3          # ... and a place written alone
EARLY = 200             # characters from the start where a mention "opens the page"

_WORD = re.compile(r"\w+(?:[’'.-]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Candidate:
    name: str
    mentions: tuple[tuple[int, int], ...]
    sources: frozenset   # org | place | bare


@dataclass(frozen=True)
class _Tokens:
    words: tuple[str, ...]      # as written
    folded: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]


def _tokens(t: Text) -> _Tokens:
    folded = t.folded
    ms = list(_WORD.finditer(t.raw))
    starts = tuple(m.start() for m in ms)
    ends = tuple(m.end() for m in ms)
    # ``fold`` keeps one character for each: a word's folded form is the folded text at its offsets
    return _Tokens(tuple(m.group() for m in ms), tuple(folded[s:e] for s, e in zip(starts, ends)), starts, ends)


@functools.lru_cache(maxsize=None)
def _abbreviated_levels() -> frozenset:
    """Folded abbreviations that stand for a level word (``TP``; ``data/role_cues.json``)."""
    return frozenset(fold(a) for a in json_data("role_cues.json")["level_abbreviations"])


@functools.lru_cache(maxsize=None)
def _levels() -> tuple[tuple[str, ...], ...]:
    """The folded words of each administrative level word (province, district, commune) and of each
    abbreviated one, longest first."""
    out = {tuple(fold(w).split()) for w in level_words("province", "district", "commune")}
    out |= {(a,) for a in _abbreviated_levels()}
    return tuple(sorted(out, key=lambda x: -len(x)))


@functools.lru_cache(maxsize=None)
def _levels_by_first() -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list] = {}
    for words in _levels():
        out.setdefault(words[0], []).append(words)
    return {k: tuple(v) for k, v in out.items()}


@functools.lru_cache(maxsize=None)
def _level_ends() -> frozenset:
    return frozenset(w[-1] for w in _levels()) | frozenset(w[0] for w in _levels())


def _same_line(text: str, tk: _Tokens, k: int) -> bool:
    """Whether token ``k`` is on the line of token ``k - 1``."""
    return "\n" not in text[tk.ends[k - 1]:tk.starts[k]]


def _level_at(tk: _Tokens, i: int) -> int:
    for words in _levels_by_first().get(tk.folded[i], ()):
        n = len(words)
        if tk.folded[i:i + n] == words:
            return n
    return 0


_RANKS = {"commune": 1, "district": 2, "province": 3}


@functools.lru_cache(maxsize=None)
def _level_ranks() -> tuple[tuple[tuple[str, ...], int], ...]:
    """The words of each level word as written (lower case, blind to where a tone mark sits: ``spelling_key``)
    with its rank (a commune's 1, a district's 2, a province's 3), longest first."""
    rows = {(tuple(spelling_key(w).split()), _RANKS[rank]) for w, rank, _ in levels() if rank in _RANKS}
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def _last_rank(name: str) -> int:
    """The rank of the last level word a name writes (``thị xã`` rather than the ``xã`` it ends with; a level
    word as written, not ``quan`` of ``cơ quan``); 0 when it writes none or an abbreviation (``TP.``, of
    either rank)."""
    words = spelling_key(name).split()
    for j in range(len(words), 0, -1):
        for lw, rank in _level_ranks():
            if tuple(words[max(0, j - len(lw)):j]) == lw:
                return rank
    return 0


def _before_comma(text: str, s: int) -> int:
    """Where the name before ``s`` ends when only a comma (and spaces) stands between them; -1 otherwise."""
    j = s
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == 0 or text[j - 1] != ",":
        return -1
    j -= 1
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j


def place_mentions(t: Text, tk: _Tokens) -> list[tuple[str, int, int]]:
    """Places written after their level word: the level word (``TP.`` with its dot), then a number or one
    to ``PLACE_WORDS`` words that open with a capital, on the level word's line."""
    text = t.raw
    out, i = [], 0
    while i < len(tk.words):
        n = _level_at(tk, i)
        if not n:
            i += 1
            continue
        j = i + n
        if j < len(tk.words) and tk.words[j] == "." and tk.folded[i] in _abbreviated_levels():   # ``TP. Mỹ Tho``
            j += 1
        k = j
        # a number only right after the level word (``phường 7``): a number after a name counts something
        if k < len(tk.words) and tk.words[k].isdigit() and _same_line(text, tk, k):
            k += 1
        else:
            while (k < len(tk.words) and k - j < PLACE_WORDS and tk.words[k][:1].isupper()
                   and _same_line(text, tk, k)):
                k += 1
        if k > j:
            out.append((text[tk.starts[i]:tk.ends[k - 1]], tk.starts[i], tk.ends[k - 1]))
            i = k
        else:
            i += 1
    return out


def bare_places(t: Text, tk: _Tokens, covered: Sequence[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """Places the gazetteer knows written alone: the longest run of one to ``BARE_WORDS`` capitalized
    words not after a level word and not inside another candidate."""
    text = t.raw
    gz = gazetteer()
    out, i = [], 0
    ends = _level_ends()
    while i < len(tk.words):
        if not tk.words[i][:1].isupper() or (i > 0 and tk.folded[i - 1] in ends):
            i += 1
            continue
        k = i
        while (k < len(tk.words) and k - i < BARE_WORDS and tk.words[k][:1].isupper() and tk.words[k].isalpha()
               and (k == i or _same_line(text, tk, k))):
            k += 1
        found = False
        for kk in range(k, i + 1, -1):   # two words at least: one capitalized word is mostly no place
            s, e = tk.starts[i], tk.ends[kk - 1]
            if any(a <= s and e <= b for a, b in covered):
                break
            name = text[s:e]
            if gz.levels(name):
                out.append((name, s, e))
                i, found = kk, True
                break
        if not found:
            i += 1
    return out


def candidates(t: Text, organizations: Iterable[Mention], tk: _Tokens | None = None) -> list[Candidate]:
    """The candidates of a text, mentioned before its list of related articles (``article_end``)."""
    tk = tk or _tokens(t)
    end = article_end(t)
    found: dict[str, tuple[set, list]] = {}

    def put(name: str, span: tuple[int, int], source: str) -> None:
        if span[0] >= end:
            return
        src, spans = found.setdefault(name, (set(), []))
        src.add(source)
        spans.append(tuple(span))

    ranks: dict[int, int] = {}   # where a name ends: the rank of the last level word it writes
    for m in organizations:
        put(m.text, m.span, "org")
        ranks[m.span[1]] = max(ranks.get(m.span[1], 0), _last_rank(t.raw[m.span[0]:m.span[1]]))
    named = [span for _, spans in found.values() for span in spans]
    places = place_mentions(t, tk)
    for _, s, e in places:
        ranks[e] = max(ranks.get(e, 0), _last_rank(t.raw[s:e]))
    for name, s, e in places:
        if any(a <= s and e <= b for a, b in named):   # the place of an organization's name
            continue
        if 0 < ranks.get(_before_comma(t.raw, s), 0) < _last_rank(t.raw[s:e]):
            continue   # the address of the name before it: "Ban Thanh tra nhân dân xã Tân Phú, huyện Đức Hòa"
        put(name, (s, e), "place")
    covered = [span for _, spans in found.values() for span in spans]
    for name, s, e in bare_places(t, tk, covered):
        put(name, (s, e), "bare")
    return [Candidate(name, tuple(spans), frozenset(src)) for name, (src, spans) in found.items()]


@functools.lru_cache(maxsize=None)
def _cues() -> tuple[tuple[str, ...], tuple[re.Pattern, ...], tuple[str, ...]]:
    data = json_data("role_cues.json")
    verbs = tuple(fold(v) for v in data["verbs"])
    before = tuple(fold(c) for c in data["before"])
    return verbs, tuple(re.compile(r"(?:^|\s)" + re.escape(c) + r"(?:\s|$)") for c in before), before


def _sentence(text: str, s: int, e: int) -> tuple[int, int]:
    start = max(text.rfind(".", 0, s), text.rfind("\n", 0, s)) + 1
    stops = [x for x in (text.find(".", e), text.find("\n", e)) if x >= 0]
    return start, (min(stops) if stops else len(text))


def _mention_features(text: str, folded: str, tk: _Tokens, s: int, e: int, out: set) -> None:
    i = bisect.bisect_left(tk.starts, s)
    j = bisect.bisect_left(tk.starts, e)

    def w(k: int) -> str:
        return tk.folded[k] if 0 <= k < len(tk.folded) else "<>"

    out.update((f"L1={w(i - 1)}", f"L2={w(i - 2)}_{w(i - 1)}", f"L3={w(i - 3)}",
                f"R1={w(j)}", f"R2={w(j)}_{w(j + 1)}"))
    out.update(f"bL={w(i - k)}" for k in range(2, 7))
    out.update(f"bR={w(j + k)}" for k in range(1, 4))
    ss, se = _sentence(text, s, e)
    before, after = " ".join(folded[ss:s].split()), " ".join(folded[e:se].split())
    verbs, patterns, words = _cues()
    dist = [len(before) - before.rfind(v) for v in verbs if v in before]
    out.add("vdist=" + ("none" if not dist else "a" if min(dist) < 15 else "b" if min(dist) < 50 else "c"))
    for v in verbs:
        if v in before:
            out.add("Vb=" + v)
        if v in after:
            out.add("Va=" + v)
    tail = before[-40:]
    for word, pat in zip(words, patterns):
        if pat.search(tail):
            out.add("cb=" + word)
    if s < EARLY:
        out.add("early")
    first_line = text.find("\n")
    if first_line < 0 or s < first_line:
        out.add("line1")


_LIST_GAP = re.compile(r"\s*(?:,|;|và|,\s*và)\s*")


def _lists(t: Text, cands: Sequence[Candidate]) -> dict[tuple[int, int], int]:
    """For each mention, how many candidates' mentions its list holds: mentions one after the other with
    only a comma, ``;`` or ``và`` between them (``tại Nghi Xuân, Can Lộc, Kỳ Anh và Hồng Lĩnh``)."""
    spans = sorted({m for c in cands for m in c.mentions})
    out: dict[tuple[int, int], int] = {}
    run: list[tuple[int, int]] = []
    for span in spans + [(-1, -1)]:
        if run and span[0] >= run[-1][1] and _LIST_GAP.fullmatch(t.raw, run[-1][1], span[0]):
            run.append(span)
            continue
        for m in run:
            out[m] = len(run)
        run = [span]
    return out


def page_features(t: Text, cands: Sequence[Candidate], tk: _Tokens | None = None) -> list[set[str]]:
    """The features of each candidate of a page."""
    tk = tk or _tokens(t)
    lists = _lists(t, cands)
    out = []
    for c in cands:
        feats = features(t, c, tk)
        sizes = [lists.get(m, 1) for m in c.mentions[:MENTIONS]]
        feats.add(f"list={min(max(sizes), 4)}")
        out.append(feats)
    return out


def features(t: Text, candidate: Candidate, tk: _Tokens | None = None) -> set[str]:
    """The features of one candidate (names of binary features) that do not depend on the others."""
    tk = tk or _tokens(t)
    words = candidate.name.split()
    out = {"src=" + x for x in candidate.sources}
    out.add("h1=" + fold(words[0]))
    if len(words) > 1:
        out.add("h2=" + fold(" ".join(words[:2])))
    out.add(f"len={min(len(words), 8)}")
    out.add("w_last=" + fold(words[-1]))
    if candidate.name.isupper():
        out.add("upper")
    if not _complete(candidate.name):
        out.add("incomplete")
    out.update(f"gz={lv}" for lv in gazetteer().levels(candidate.name))
    out.add(f"nm={min(len(candidate.mentions), 4)}")
    for s, e in candidate.mentions[:MENTIONS]:
        _mention_features(t.raw, t.folded, tk, s, e, out)
    return out


@functools.lru_cache(maxsize=None)
def model() -> dict:
    """``{role: (weights, bias, threshold)}`` from ``data/role_model.json``."""
    data = json_data("role_model.json")
    return {role: (data["roles"][role]["weights"], data["roles"][role]["bias"], data["roles"][role]["threshold"])
            for role in ROLES}


def probability(feats: set[str], role: str, roles_model: dict | None = None) -> float:
    weights, bias, _ = (roles_model or model())[role]
    z = bias + sum(weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-z)) if z > -50 else 0.0


def scored(t: Text, organizations: Iterable[Mention],
           roles_model: dict | None = None) -> list[tuple[Candidate, dict[str, float]]]:
    """Every candidate with its probability for each role (``roles_model``: another model than the
    shipped one, in the form ``model()`` gives)."""
    tk = _tokens(t)
    out = []
    cands = candidates(t, organizations, tk)
    for c, feats in zip(cands, page_features(t, cands, tk)):
        out.append((c, {role: probability(feats, role, roles_model) for role in ROLES}))
    return out


def add(t: Text, organizations: Sequence[Mention], bodies: Sequence[Mention],
        units: Sequence[Mention], roles_model: dict | None = None) -> tuple[list[Mention], list[Mention]]:
    """The rules' bodies and units, and after them the candidates the models give either role."""
    roles_model = roles_model or model()
    found = {"inspecting_bodies": list(bodies), "inspected_units": list(units)}
    taken = [m.text for m in (*bodies, *units)]
    spans = [m.span for m in (*bodies, *units)]
    picks = []
    for c, p in scored(t, organizations, roles_model):
        role = max(ROLES, key=lambda r: p[r])
        if p[role] >= roles_model[role][2]:
            picks.append((p[role], role, c))
    for _, role, c in sorted(picks, key=lambda x: -x[0]):
        if _no_place_after_level(c.name):
            continue   # "HĐND huyện Quyết định": a level word before words that are no place's
        if any(same_unit_score(c.name, name) or _part_of(c.name, name) for name in taken):
            continue
        # written where a name the rules give is written: the rules' reading of it (``Đoàn TP. Mỹ Tho``,
        # the rules' ``Thành đoàn Mỹ Tho``)
        if any(s < e2 and s2 < e for s, e in c.mentions for s2, e2 in spans):
            continue
        taken.append(c.name)
        spans.extend(c.mentions)
        found[role].append(Mention(c.name, c.mentions[0]))
    return found["inspecting_bodies"], found["inspected_units"]


def _part_of(a: str, b: str) -> bool:
    """Whether one of the two names is the other's words in a row (``Trung ương Đoàn`` of ``Ban Bí thư
    Trung ương Đoàn``, ``xã A Lưới`` of ``Đoàn xã A Lưới 2``)."""
    ka, kb = f" {unit_key(a)} ", f" {unit_key(b)} "
    return ka in kb or kb in ka


@functools.lru_cache(maxsize=None)
def _written_levels() -> tuple[frozenset, tuple[int, ...]]:
    """The level words of ``_level_ranks`` and the abbreviated ones (``TP``), as written (``spelling_key``:
    ``quận``, not the ``quan`` of ``cơ quan``), and their numbers of words, the most first."""
    words = frozenset(lw for lw, _ in _level_ranks()) | frozenset((a,) for a in _abbreviated_levels())
    return words, tuple(sorted({len(w) for w in words}, reverse=True))


def _after_level_words(name: str) -> list[list[str]]:
    """The words after each level word a name writes in lower case (``[]`` for ``Huyện đoàn ... huyện``)."""
    words = name.split()
    keys = [spelling_key(w) for w in words]
    levels_written, lengths = _written_levels()
    out = []
    for i in range(len(words)):
        for n in lengths:
            if tuple(keys[i:i + n]) in levels_written and words[i].islower():
                out.append(words[i + n:])
    return out


def _place_words(words: list[str]) -> bool:
    return all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _no_place_after_level(name: str) -> bool:
    """Whether a level word written in lower case is followed by words that are not a place's, not each
    opening with a capital or a number (``HĐND huyện Quyết định``)."""
    return any(rest and not _place_words(rest) for rest in _after_level_words(name))


def _complete(name: str) -> bool:
    """Whether a name says which unit it is by itself (else the feature ``incomplete``): some word after
    its first opens with a capital or is a number, it does not end with a level word waiting for its
    place (``Huyện đoàn``, ``Chi đoàn Trung tâm Y tế huyện``, which the page did not complete), and the
    words after a level word written in lower case are a place's, each opening with a capital or a
    number (not ``HĐND huyện Quyết định``)."""
    if not any(w[:1].isupper() or w[:1].isdigit() for w in name.split()[1:]):
        return False
    return all(rest and _place_words(rest) for rest in _after_level_words(name))
