"""Results, shortcomings and recommendations (annotation rules, "findings").

Points are cut from the text this way:
- a line starting with an enumeration marker (``Một là,``, ``1.``, ``-``, ``a)``) is one point;
- any other line is cut into sentences, and a sentence into parts at ``;`` and after an introducing
  ``như:`` / ``sau:`` colon.
A point takes the first kind whose cue (``data/finding_cues.json``) it contains, in the order
recommendation, limitation, strength. An introduction without content of its own (``vẫn còn những
hạn chế như:``, ``thực hiện tốt các mặt công tác sau:``) is not a finding, but passes its kind on to
the points it introduces; a sentence opening with ``Đồng thời`` / ``Bên cạnh đó`` and no cue takes the
kind of the sentence before it.
"""
from __future__ import annotations

import functools
import re

from .record import Finding
from .resources import json_data
from .text import Text

KINDS = ("recommendation", "limitation", "strength")
MIN_WORDS = 4
MAX_POINT = 1200


@functools.lru_cache(maxsize=1)
def _rules():
    r = json_data("finding_cues.json")

    def alt(cues):
        # case matters ("cần" is a cue, "Tiểu Cần" is not); a capital first letter is allowed
        variants = []
        for c in cues:
            c = c.replace(" ", r"\s")
            variants.append(c)
            i = 0
            while i < len(c) and c.startswith("(?", i):  # skip leading look-behinds
                i = c.index(")", i) + 1
            if i < len(c) and c[i].isalpha():
                variants.append(c[:i] + c[i].upper() + c[i + 1:])
        return re.compile(r"(?<![\w])(?:" + "|".join(variants) + r")(?![\w])")

    return {
        "cues": {k: alt(r[k]) for k in KINDS},
        "cont": re.compile(r"^(?:" + "|".join(r["continuation_starts"]) + r")\b", re.IGNORECASE),
        "enum": re.compile(r["enumeration"], re.IGNORECASE),
        "free": re.compile(r["content_free"], re.IGNORECASE),
    }


def classify(s: str) -> str | None:
    cues = _rules()["cues"]
    for kind in KINDS:
        if cues[kind].search(s):
            return kind
    return None


def _parts(raw: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut a sentence at ';' and after a colon that introduces a list (``... như:``, ``... sau:``)."""
    out = []
    start = s
    for m in re.finditer(r";|:(?=\s)", raw[s:e]):
        cut = s + m.start()
        if m.group() == ":":
            left = raw[start:cut]
            if not (_INTRO_END.search(left) or _rules()["free"].search(left)):
                continue
        if cut > start:
            out.append((start, cut))
        start = s + m.end()
    if e > start:
        out.append((start, e))
    return out


_INTRO_END = re.compile(r"(?<![\w])(?:như|sau|sau đây|gồm|bao gồm|cụ thể|cụ thể là|là|đó là)\s*$", re.IGNORECASE)


def _trim(raw: str, s: int, e: int) -> tuple[int, int]:
    while s < e and raw[s] in " \t,.;:-–…":
        s += 1
    while e > s and raw[e - 1] in " \t,;:-–…":
        e -= 1
    return s, e


def extract_findings(text: Text, skip: set[tuple[int, int]] | None = None) -> list[Finding]:
    raw = text.raw
    rules = _rules()
    out: list[Finding] = []
    inherited: str | None = None   # kind passed on by an introduction ending with ':'
    for ls, le in text.lines:
        if skip and (ls, le) in skip:
            continue
        line = raw[ls:le]
        em = rules["enum"].match(line)
        if em and inherited:
            s, e = _trim(raw, ls + em.end(), le)
            if len(raw[s:e].split()) >= MIN_WORDS:
                kind = inherited if inherited == "recommendation" else (classify(raw[s:e]) or inherited)
                out.append(Finding(kind=kind, text=raw[s:e][:MAX_POINT], span=(s, min(e, s + MAX_POINT))))
            continue
        if not em:
            inherited = None
        prev_kind = None
        for ss, se in text.sentences_in(ls, le):
            sent_kind = None
            intro_kind = None
            for ps, pe in _parts(raw, ss, se):
                colon_end = raw[ps:pe].rstrip().endswith(":")
                s, e = _trim(raw, ps, pe)
                seg = raw[s:e]
                if len(seg.split()) < MIN_WORDS:
                    continue
                kind = classify(seg)
                intro = raw[pe:pe + 1] == ":" or colon_end
                if kind is None and rules["cont"].match(seg) and prev_kind:
                    kind = prev_kind
                if kind is None and intro_kind:
                    kind = intro_kind
                if kind is None:
                    continue
                sent_kind = sent_kind or kind
                if rules["free"].search(seg.rstrip(" :")):
                    if intro:
                        inherited = intro_kind = kind
                    continue
                if intro:
                    intro_kind = kind
                if intro and pe >= le - 1:
                    inherited = kind
                out.append(Finding(kind=kind, text=seg[:MAX_POINT], span=(s, min(e, s + MAX_POINT))))
            prev_kind = sent_kind or prev_kind
        if line.rstrip().endswith(":") and inherited is None:
            inherited = classify(line)
    return out
