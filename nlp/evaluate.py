"""Scores of extracted records against gold annotations (``kiemtra evaluate``).

Pure: ``evaluate(cases)`` takes ``(text, predicted, gold)`` triples, where ``predicted`` is a record
as ``Record.to_json()`` gives it and ``gold`` a ``corpora/gold/NNN.json`` object, and returns the
scores; nothing is read or written. Scores are micro-averaged: true positives, predicted items and
gold items are summed over the documents, then precision = tp / predicted, recall = tp / gold,
F1 their harmonic mean (a field with no predicted and no gold item scores 1).

Matching, per field (every match is one-to-one: an item is matched at most once):

- ``title``: accuracy, equal after whitespace is collapsed.
- ``published``: accuracy over all documents (``null`` = ``null`` is right).
- ``doc_number``: an item when not null, matched by (number, symbol); ``type`` accuracy over matches.
- ``activity``: the set of values.
- ``references``: by (number, symbol) with spaces removed, dashes unified, the symbol upper-cased;
  ``type``, ``date`` and ``issuer`` accuracy over matched pairs (issuer compared folded).
- ``dates``: by (value, end).
- ``inspecting_bodies``, ``inspected_units``, ``organizations``: by folded name (lower case, no
  diacritics, ``đ`` → ``d``, punctuation as spaces); names that are not equal still match when
  rapidfuzz ``token_sort_ratio`` of the folded names is ≥ 90 (spelling and spacing variants: ``Uỷ``
  / ``Ủy``, ``TP.`` / ``TP``, a dash more or less), never when one is only a part of the other
  (``Tỉnh đoàn`` ≠ ``Tỉnh đoàn Ninh Bình``). Pairs are made best score first.
- ``inspecting_bodies`` and ``inspected_units`` also compare as the annotation rules say names of one
  unit do (``shared/annotation-rules.md``, inspecting_bodies and inspected_units): abbreviations are
  their long form (``UBND`` = ``Ủy ban nhân dân``, ``T.Ư`` = ``Trung ương``, ``GDĐT`` = ``Giáo dục và
  Đào tạo``, ...: ``RULE_ABBREVIATIONS``), a standing committee is its organ (``Ban Thường vụ Tỉnh ủy
  X`` = ``Tỉnh ủy X``), and a unit named by its place alone (``huyện A``, ``A``) is any unit named
  after that place (``Huyện đoàn A``, ``UBND huyện A``), at the same level when both write one. The
  table is the metric's own, from the rules, so that it does not move with the extractor's vocabulary.
- ``people``: by folded name; ``role`` accuracy over matches (folded, whitespace collapsed).
- ``figures``: by value (equal as numbers) and unit: ``%`` only matches ``%``; other units match when
  folded equal, when one is the other's leading words (``đoàn viên`` / ``đoàn viên ưu tú``) or when
  ``token_sort_ratio`` ≥ 80. Among candidates, the one whose text is written nearest wins.
- ``findings``: by character span: a gold finding's span is where its text stands in the document
  (searched in reading order); a predicted and a gold finding match when their spans overlap by at
  least half of the shorter one. ``kind`` accuracy over matched pairs.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .normalize import fold

NAME_RATIO = 90
UNIT_RATIO = 80
FINDING_OVERLAP = 0.5

SET_FIELDS = ("activity", "inspecting_bodies", "inspected_units", "organizations")
FIELDS = ("title", "published", "doc_number", "activity", "inspecting_bodies", "inspected_units",
          "organizations", "references", "dates", "people", "figures", "findings")
ACCURACY_FIELDS = ("title", "published")


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.token_sort_ratio(a, b)


@dataclass
class Score:
    """Counts for one field (summed over documents) and attribute agreement over matched pairs."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    attrs: dict = field(default_factory=dict)   # name -> [right, compared]

    def add(self, tp: int, predicted: int, gold: int) -> None:
        self.tp += tp
        self.predicted += predicted
        self.gold += gold

    def attr(self, name: str, right: bool) -> None:
        r = self.attrs.setdefault(name, [0, 0])
        r[0] += int(bool(right))
        r[1] += 1

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        """For accuracy fields: right documents / documents (``tp`` / ``gold``)."""
        return self.tp / self.gold if self.gold else 1.0

    def to_json(self) -> dict:
        out = {"tp": self.tp, "predicted": self.predicted, "gold": self.gold,
               "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}
        for name, (right, n) in sorted(self.attrs.items()):
            out[f"{name}_accuracy"] = round(right / n, 4) if n else None
            out[f"{name}_compared"] = n
        return out


# ---------------------------------------------------------------------------------------------- keys

_PUNCT = re.compile(r"[^\w%]+")


def fold_name(s: str | None) -> str:
    """Folded, punctuation as spaces, whitespace collapsed: the form names are compared in."""
    return " ".join(_PUNCT.sub(" ", fold(s or "")).split())


def ref_key(number: str, symbol: str) -> tuple[str, str]:
    sym = re.sub(r"\s+", "", symbol or "")
    sym = sym.translate(str.maketrans({"–": "-", "—": "-", "\u2212": "-"})).upper()
    return (re.sub(r"\s+", "", number or ""), sym)


def _num(v) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


# ------------------------------------------------------------------------------------------ matching

def _greedy(pairs: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs, best score first (ties: reading order)."""
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def match_exact(pred_keys: list, gold_keys: list) -> list[tuple[int, int]]:
    pairs = [(1.0, i, j) for i, p in enumerate(pred_keys) for j, g in enumerate(gold_keys) if p == g]
    return _greedy(pairs)


def name_score(a: str, b: str) -> float:
    """100 for equal folded names, else the token-sort ratio when it is ≥ ``NAME_RATIO`` and neither
    name is a strict word-part of the other; 0 otherwise."""
    fa, fb = fold_name(a), fold_name(b)
    if not fa or not fb:
        return 0.0
    if fa == fb:
        return 100.0
    wa, wb = fa.split(), fb.split()
    if len(wa) != len(wb):
        short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
        if set(short) <= set(long_):
            return 0.0  # one names a part of the other: a different unit
    r = _ratio(fa, fb)
    return r if r >= NAME_RATIO else 0.0


# Abbreviations the annotation rules name as their long form, and the commonest others of unit names;
# matched on the written name (case as written), replaced before folding.
RULE_ABBREVIATIONS = (
    ("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"), ("UBKT", "Ủy ban Kiểm tra"),
    ("BTV", "Ban Thường vụ"), ("BCH", "Ban Chấp hành"), ("T.Ư", "Trung ương"), ("TƯ", "Trung ương"),
    ("TW", "Trung ương"), ("HĐĐ", "Hội đồng Đội"), ("GDĐT", "Giáo dục và Đào tạo"),
    ("GD&ĐT", "Giáo dục và Đào tạo"), ("GD-ĐT", "Giáo dục và Đào tạo"), ("LĐLĐ", "Liên đoàn Lao động"),
    ("LHPN", "Liên hiệp Phụ nữ"), ("HND", "Hội Nông dân"), ("CCB", "Cựu chiến binh"),
    ("MTTQVN", "Mặt trận Tổ quốc Việt Nam"), ("MTTQ", "Mặt trận Tổ quốc"), ("ĐBQH", "đại biểu Quốc hội"),
    ("TP", "Thành phố"), ("Tp", "Thành phố"), ("TX", "Thị xã"),
)
_RULE_ABBREV = tuple((re.compile(rf"(?<!\w){re.escape(a)}(?!\w)\.?"), f) for a, f in RULE_ABBREVIATIONS)
# a standing committee is its organ: "Ban Thường vụ Tỉnh ủy X" = "Tỉnh ủy X"
_STANDING = re.compile(r"^(?:ban thuong vu|ban thuong truc|thuong truc|thuong vu) (?=\S+ )")
# a place alone, as written: an optional level word, then one to five words that all start with a capital
# or a digit ("huyện Cai Lậy", "Cai Lậy", "phường 7")
_LEVEL_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "tp.", "tp")
_LEVEL_KEYS = {"tinh": "tinh", "thanh pho": "thanh pho", "tp": "thanh pho", "huyen": "huyen", "quan": "quan",
               "thi xa": "thi xa", "xa": "xa", "phuong": "phuong", "thi tran": "thi tran"}
# the level a unit named after a place writes before it: "... xã", "Huyện đoàn", "Tỉnh ủy", "Thành Đoàn"
_UNIT_LEVEL = re.compile(r"(?:^| )(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)$"
                         r"|(?:^| )(tinh|thanh|huyen|quan|thi) (?:doan|uy)$")
_COMPOUND_LEVEL = {"tinh": "tinh", "thanh": "thanh pho", "huyen": "huyen", "quan": "quan", "thi": "thi xa"}


@functools.lru_cache(maxsize=4096)
def unit_key(name: str) -> str:
    """A body's or unit's name in the form the annotation rules compare: abbreviations written out,
    folded, a leading standing committee left out."""
    for pat, full in _RULE_ABBREV:
        name = pat.sub(full + " ", name)
    return _STANDING.sub("", fold_name(name))


def _place_alone(name: str) -> tuple[str | None, str] | None:
    """``(level or None, folded place)`` when ``name`` names a place alone (``huyện Cai Lậy``, ``Cai Lậy``)."""
    words = name.replace("-", " ").split()
    level = None
    for lw in _LEVEL_WORDS:
        n = len(lw.split())
        if len(words) > n and " ".join(words[:n]).lower() == lw:
            level, words = _LEVEL_KEYS[fold_name(lw)], words[n:]
            break
    if not 1 <= len(words) <= 5 or not all(w[0].isupper() or w[0].isdigit() for w in words):
        return None
    return level, fold_name(" ".join(words))


def _named_after(place: tuple[str | None, str], key: str) -> bool:
    """Whether the unit with match key ``key`` is named after ``place`` (at its level, when both say one)."""
    level, core = place
    if key == core:
        return True
    if not key.endswith(" " + core):
        return False
    m = _UNIT_LEVEL.search(key[:-len(core) - 1])
    if not m:
        return False
    own = _LEVEL_KEYS.get(m.group(1)) if m.group(1) else _COMPOUND_LEVEL[m.group(2)]
    return level is None or own == level


def same_unit_score(a: str, b: str) -> float:
    """``name_score``, or the equivalences the annotation rules give names of one body or unit: 100 for
    equal ``unit_key``, 95 for a place alone and a unit named after it."""
    s = name_score(a, b)
    if s == 100.0:
        return s
    ka, kb = unit_key(a), unit_key(b)
    if ka and ka == kb:
        return 100.0
    pa, pb = _place_alone(a), _place_alone(b)
    if (pa and _named_after(pa, kb)) or (pb and _named_after(pb, ka)):
        return 95.0
    return max(s, name_score(ka, kb))


def match_names(pred: list[str], gold: list[str], score=name_score) -> list[tuple[int, int]]:
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            s = score(p, g)
            if s:
                pairs.append((s, i, j))
    return _greedy(pairs)


def unit_score(a: str | None, b: str | None) -> float:
    fa, fb = fold_name(a), fold_name(b)
    if fa == "%" or fb == "%" or not fa or not fb:
        return 100.0 if fa == fb else 0.0
    if fa == fb:
        return 100.0
    if fa.startswith(fb + " ") or fb.startswith(fa + " "):
        return 95.0
    r = _ratio(fa, fb)
    return r if r >= UNIT_RATIO else 0.0


def match_figures(pred: list[dict], gold: list[dict], gold_pos: list[int | None]) -> list[tuple[int, int]]:
    pairs = []
    for i, p in enumerate(pred):
        pv = _num(p.get("value"))
        ppos = (p.get("span") or [None])[0]
        for j, g in enumerate(gold):
            gv = _num(g.get("value"))
            if pv is None or gv is None or abs(pv - gv) > 1e-9 * max(1.0, abs(gv)):
                continue
            s = unit_score(p.get("unit"), g.get("unit"))
            if not s:
                continue
            # nearer in the text is better, within an equal unit score
            dist = abs(ppos - gold_pos[j]) if ppos is not None and gold_pos[j] is not None else 10 ** 9
            pairs.append((s - min(dist, 10 ** 9) / 10 ** 10, i, j))
    return _greedy(pairs)


def locate(text: str, pieces: list[str]) -> list[tuple[int, int] | None]:
    """Spans of copied strings in reading order: each is searched after the previous one first,
    then from the start of the text; ``None`` when absent."""
    out: list[tuple[int, int] | None] = []
    cur = 0
    for p in pieces:
        if not p:
            out.append(None)
            continue
        i = text.find(p, cur)
        if i < 0:
            i = text.find(p)
        if i >= 0:
            out.append((i, i + len(p)))
            cur = i + 1
            continue
        # the reader normalized spaces and line breaks that the copied string still has
        spaced = re.compile(r"\s+".join(re.escape(w) for w in p.split()))
        m = spaced.search(text, cur) or spaced.search(text)
        out.append((m.start(), m.end()) if m else None)
        if m:
            cur = m.start() + 1
    return out


def overlap_share(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Overlap of two spans as a share of the shorter one."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return inter / shorter if inter > 0 and shorter > 0 else 0.0


def match_spans(pred: list[tuple[int, int] | None], gold: list[tuple[int, int] | None],
                threshold: float = FINDING_OVERLAP) -> list[tuple[int, int]]:
    pairs = []
    for i, p in enumerate(pred):
        if p is None:
            continue
        for j, g in enumerate(gold):
            if g is None:
                continue
            s = overlap_share(p, g)
            if s >= threshold:
                pairs.append((s, i, j))
    return _greedy(pairs)


# ---------------------------------------------------------------------------------------- evaluation

def _spans_of(items: list[dict], text: str, key: str = "text") -> list[tuple[int, int] | None]:
    spans = [tuple(x["span"]) if x.get("span") else None for x in items]
    if all(s is not None for s in spans):
        return spans
    return locate(text, [x.get(key) or "" for x in items])


def score_document(text: str, pred: dict, gold: dict, fields=FIELDS) -> dict[str, Score]:
    """Scores of one document; ``fields`` limits the fields scored (a baseline gives only some)."""
    out: dict[str, Score] = {}
    for name in fields:
        sc = Score()
        p_val, g_val = pred.get(name), gold.get(name)
        if name == "title":
            sc.add(int(_title_form(p_val) == _title_form(g_val)), 1, 1)
        elif name == "published":
            sc.add(int(p_val == g_val), 1, 1)
        elif name == "doc_number":
            ps = [p_val] if p_val else []
            gs = [g_val] if g_val else []
            m = match_exact([ref_key(x["number"], x["symbol"]) for x in ps],
                            [ref_key(x["number"], x["symbol"]) for x in gs])
            sc.add(len(m), len(ps), len(gs))
            for i, j in m:
                sc.attr("type", ps[i].get("type") == gs[j].get("type"))
        elif name in ("inspecting_bodies", "inspected_units", "organizations"):
            ps = list(dict.fromkeys(p_val or []))
            gs = list(dict.fromkeys(g_val or []))
            score = name_score if name == "organizations" else same_unit_score
            sc.add(len(match_names(ps, gs, score)), len(ps), len(gs))
        elif name == "activity":
            ps, gs = set(p_val or []), set(g_val or [])
            sc.add(len(ps & gs), len(ps), len(gs))
        elif name == "references":
            ps, gs = p_val or [], g_val or []
            m = match_exact([ref_key(x["number"], x["symbol"]) for x in ps],
                            [ref_key(x["number"], x["symbol"]) for x in gs])
            sc.add(len(m), len(ps), len(gs))
            for i, j in m:
                sc.attr("type", ps[i].get("type") == gs[j].get("type"))
                sc.attr("date", ps[i].get("date") == gs[j].get("date"))
                sc.attr("issuer", fold_name(ps[i].get("issuer")) == fold_name(gs[j].get("issuer")))
        elif name == "dates":
            ps, gs = p_val or [], g_val or []
            m = match_exact([(x["value"], x.get("end")) for x in ps], [(x["value"], x.get("end")) for x in gs])
            sc.add(len(m), len(ps), len(gs))
        elif name == "people":
            ps, gs = p_val or [], g_val or []
            m = match_exact([fold_name(x["name"]) for x in ps], [fold_name(x["name"]) for x in gs])
            sc.add(len(m), len(ps), len(gs))
            for i, j in m:
                if "role" in ps[i]:  # a baseline names people without roles
                    sc.attr("role", fold_name(ps[i].get("role")) == fold_name(gs[j].get("role")))
        elif name == "figures":
            ps, gs = p_val or [], g_val or []
            gpos = [s[0] if s else None for s in locate(text, [x.get("text") or "" for x in gs])]
            m = match_figures(ps, gs, gpos)
            sc.add(len(m), len(ps), len(gs))
        elif name == "findings":
            ps, gs = p_val or [], g_val or []
            m = match_spans(_spans_of(ps, text), locate(text, [x.get("text") or "" for x in gs]))
            sc.add(len(m), len(ps), len(gs))
            for i, j in m:
                sc.attr("kind", ps[i].get("kind") == gs[j].get("kind"))
        else:
            raise ValueError(f"unknown field {name!r}")
        out[name] = sc
    return out


def _title_form(title: str | None) -> str:
    """A title as compared: spaces normalized, a closing full stop left out (a title with or without
    the stop of its sentence is the same title)."""
    return " ".join((title or "").split()).rstrip(" .…")


def evaluate(cases, fields=FIELDS) -> dict[str, Score]:
    """Summed scores over ``cases``: an iterable of ``(text, predicted, gold)``."""
    total = {name: Score() for name in fields}
    for text, pred, gold in cases:
        for name, sc in score_document(text, pred, gold, fields).items():
            t = total[name]
            t.add(sc.tp, sc.predicted, sc.gold)
            for a, (right, n) in sc.attrs.items():
                r = t.attrs.setdefault(a, [0, 0])
                r[0] += right
                r[1] += n
    return total


# ------------------------------------------------------------------------------------------- split

REAL_FROM = 100
SPLITS = ("all", "dev", "test", "written")


def split_of(stem: str) -> str:
    """The part of the gold sets a document belongs to, by its number.

    Real documents (``corpora/gold/real``, numbered from 100): ``test`` for numbers divisible by 3,
    a frozen test split that is scored but never opened while rules are written; ``dev`` for the
    others. Documents the team wrote from the rules (``corpora/gold``, 000–099): ``written``, a
    regression set reported apart."""
    if not stem.isdigit():
        return "dev"
    n = int(stem)
    if n < REAL_FROM:
        return "written"
    return "test" if n % 3 == 0 else "dev"


def in_split(stem: str, only: str) -> bool:
    """Whether a document is scored under ``only``. ``all`` is every document but the test split,
    which is scored only when asked for by name (its own row set), so that ``all`` never blends
    the test split into what rules are tuned on."""
    part = split_of(stem)
    return part != "test" if only == "all" else part == only


def split_rows(cases, only: str = "all") -> dict[str, dict[str, Score]]:
    """Row sets of ``load_cases`` output: ``only``'s own; for ``all`` also one per split present."""
    if only != "all":
        return {only: evaluate((t, p, g) for _, t, p, g in cases)}
    rows = {"all": evaluate((t, p, g) for stem, t, p, g in cases if in_split(stem, "all"))}
    present = {split_of(stem) for stem, *_ in cases}
    if len(present) > 1:
        for part in SPLITS[1:]:
            if part in present:
                rows[part] = evaluate((t, p, g) for stem, t, p, g in cases if split_of(stem) == part)
    return rows


def report(cases, only: str = "all", baseline: bool = True, as_json: bool = False) -> str:
    """What ``kiemtra evaluate`` prints: the Markdown table (or one JSON object) of ``split_rows``,
    with the underthesea ner baseline rows for organizations and people when ``baseline``."""
    import json

    rows = split_rows(cases, only)
    if baseline:
        from .baseline import baseline_records

        base = [(t, baseline_records(t), g) for stem, t, _, g in cases if in_split(stem, only)]
        for name in ("ner", "ner+LOC"):
            rows[f"baseline {name}"] = evaluate(((t, b[name], g) for t, b, g in base),
                                                fields=("organizations", "people"))
    counts = {part: sum(split_of(stem) == part for stem, *_ in cases) for part in SPLITS[1:]}
    if as_json:
        return json.dumps({"documents": len(cases), "parts": counts,
                           "scores": {n: {f: s.to_json() for f, s in r.items()} for n, r in rows.items()}},
                          ensure_ascii=False)
    head = (f"{len(cases)} tài liệu ({counts['dev']} thật để phát triển, {counts['test']} thật để kiểm tra cuối, "
            f"{counts['written']} tự viết)")
    return head + "\n" + table(rows)


# ------------------------------------------------------------------------------------------- table

def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def table(rows: dict[str, dict[str, Score]], fields=FIELDS) -> str:
    """A Markdown table. Row sets that score every field (``all``, ``held-out``) are column groups
    (P, R, F1; accuracy for ``title`` / ``published``); a row set that scores only some fields (a
    baseline) adds one line per field under that field, in the first column group."""
    groups = [n for n, r in rows.items() if all(f in r for f in fields)]
    extra = [n for n in rows if n not in groups]
    head = "| field | " + " | ".join(f"{n} P | {n} R | {n} F1" for n in groups) + " | matched-item accuracy |"
    sep = "|---|" + "---:|---:|---:|" * len(groups) + "---|"
    lines = [head, sep]

    def cells(sc: Score, f: str) -> list[str]:
        if f in ACCURACY_FIELDS:
            return ["", "", f"{_fmt(sc.accuracy)} (acc.)"]
        return [_fmt(sc.precision), _fmt(sc.recall), _fmt(sc.f1)]

    for f in fields:
        row, notes = [], []
        for n in groups:
            sc = rows[n][f]
            row += cells(sc, f)
            attrs = [f"{a} {right / k:.2f}" for a, (right, k) in sorted(sc.attrs.items()) if k]
            if attrs:
                notes.append(f"{n}: " + ", ".join(attrs))
        lines.append(f"| {f} | " + " | ".join(row) + " | " + "; ".join(notes) + " |")
        for n in extra:
            if f in rows[n]:
                pad = ["", "", ""] * (len(groups) - 1)
                lines.append(f"| {f} — {n} | " + " | ".join(cells(rows[n][f], f) + pad) + " |  |")
    return "\n".join(lines)

