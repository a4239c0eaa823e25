"""The baseline the evaluation compares against: underthesea's generic named-entity tagger.

``baseline_records(text)`` runs ``underthesea.ner`` line by line and keeps its ``B-ORG``/``I-ORG`` runs
as ``organizations`` and ``B-PER``/``I-PER`` runs as ``people`` (the only two record fields a generic
tagger can fill). No rules of this package are used, so the scores show what the rules add.
"""
from __future__ import annotations

import re

MAX_LINE = 2000


def _runs(tagged, labels: tuple[str, ...]) -> list[str]:
    """Runs of tokens tagged ``B-X I-X ...`` for X in ``labels`` (a stray ``I-X`` opens a run)."""
    out, cur, cur_label = [], [], None
    for tok in tagged:
        word, tag = tok[0], tok[-1]
        bio, _, label = tag.partition("-")
        if label in labels and (bio == "B" or not cur or label != cur_label):
            if cur:
                out.append(" ".join(cur))
            cur, cur_label = [word], label
        elif label in labels and bio == "I":
            cur.append(word)
        else:
            if cur:
                out.append(" ".join(cur))
            cur, cur_label = [], None
    if cur:
        out.append(" ".join(cur))
    return out


def baseline_records(text: str) -> dict[str, dict]:
    """Two baseline records from one ner pass: ``ner`` (organizations = ``ORG`` runs, the literal
    reading) and ``ner+LOC`` (organizations = ``ORG`` or ``LOC`` runs: the tagger labels most Youth
    Union units ``LOC``, so this is the generous reading). People are ``PER`` runs in both; no role."""
    from underthesea import ner

    orgs: dict[str, None] = {}
    orgs_loc: dict[str, None] = {}
    people: dict[str, None] = {}
    for line in text.split("\n"):
        line = line.strip()
        if not line or not re.search(r"[^\W\d_]", line):
            continue
        for start in range(0, len(line), MAX_LINE):
            tagged = ner(line[start:start + MAX_LINE])
            for name in _runs(tagged, ("ORG",)):
                orgs.setdefault(name, None)
            for name in _runs(tagged, ("ORG", "LOC")):
                orgs_loc.setdefault(name, None)
            for name in _runs(tagged, ("PER",)):
                people.setdefault(name, None)
    persons = [{"name": n} for n in people]
    return {"ner": {"organizations": list(orgs), "people": persons},
            "ner+LOC": {"organizations": list(orgs_loc), "people": persons}}
