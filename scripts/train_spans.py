"""Train and assess a statistical span model for inspecting bodies and inspected units.

The model is a spaCy ``ner`` component on a blank ``xx`` pipeline (the tokenizer ``nlp/orgs.py``
uses) with a small hash-embedding CNN (``HashEmbedCNN``), trained on CPU from the real gold set's
dev split only. Labels: ``BODY`` (``inspecting_bodies``), ``UNIT`` (``inspected_units``) and, with
``--org``, ``ORG`` for the other organizations of the gold record.

Training data: each gold name is searched in the document text as the reader gives it (the text
``kiemtra evaluate`` scores); every occurrence is a labelled span. A gold name that is not written
as such (a name the annotator completed with its place) is not labelled: its longest run of words
(at least two) that is written in the text is marked *missing* (neither entity nor outside), so the
model is not taught that those words are no name; such names are counted as skipped.

The frozen test split (numbers divisible by 3) and numbers from 302 on are filtered out by name,
before any file is opened.

Usage::

    .venv/bin/python scripts/train_spans.py cv [--folds 5] [--epochs 20] [--org] [--json out.json]
    .venv/bin/python scripts/train_spans.py speed
    .venv/bin/python scripts/train_spans.py final [--out nlp/models/spans]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.evaluate import evaluate, fold_name, name_score, table  # noqa: E402
from nlp.text import Text  # noqa: E402

GOLD = ROOT / "corpora" / "gold" / "real"
FIRST, LAST = 100, 301           # the real gold's numbers this script may use
FIELDS = ("inspecting_bodies", "inspected_units")
LABEL_OF = {"inspecting_bodies": "BODY", "inspected_units": "UNIT"}
FIELD_OF = {v: k for k, v in LABEL_OF.items()}
SEED = 0
# sentences that may hold an inspection's parties (folded): the cheap pre-filter
KEYWORDS = re.compile(r"kiem tra|giam sat|thanh tra|doan", re.IGNORECASE)


# -------------------------------------------------------------------------------------------- data

def dev_stems(root: Path = GOLD) -> list[str]:
    """Numbers of the dev documents, decided from the file names alone (nothing is opened)."""
    out = []
    for p in sorted(root.glob("*.json")):
        if not p.stem.isdigit():
            continue
        n = int(p.stem)
        if n % 3 == 0 or n < FIRST or n > LAST:
            continue  # the frozen test split, the written set, documents added later
        if (root / "docs" / f"{p.stem}.txt").exists():
            out.append(p.stem)
    return out


def load_dev(root: Path = GOLD) -> list[tuple[str, str, dict, dict]]:
    """``(stem, text, rules' record, gold)`` for each dev document, read and extracted the way
    ``kiemtra evaluate`` does (``pipeline.gold.load_cases``), one file at a time."""
    from pipeline.process import Task, process

    cases = []
    for stem in dev_stems(root):
        n = int(stem)
        assert n % 3 and FIRST <= n <= LAST
        doc_path = root / "docs" / f"{stem}.txt"
        result = process(Task(str(doc_path), None, None, path=str(doc_path)))
        if not result.ok:
            raise SystemExit(f"{doc_path}: {result.code}: {result.reason}")
        gold = json.loads((root / f"{stem}.json").read_text(encoding="utf-8"))
        cases.append((stem, result.record.document.text, result.record.to_json(), gold))
        DOCUMENTS.append(result.record.document)
    return cases


DOCUMENTS: list = []  # the read documents of ``load_dev``, for timing the extractor


def _occurrences(text: str, name: str) -> list[tuple[int, int]]:
    """Every place ``name`` is written (case as written, any run of spaces between its words)."""
    words = name.split()
    if not words:
        return []
    pat = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")
    return [m.span() for m in pat.finditer(text)]


def _longest_written_run(text: str, name: str) -> list[tuple[int, int]]:
    """Occurrences of the longest run of at least two words of ``name`` that is written in ``text``."""
    words = name.split()
    for size in range(len(words) - 1, 1, -1):
        for i in range(len(words) - size + 1):
            occ = _occurrences(text, " ".join(words[i:i + size]))
            if occ:
                return occ
    return []


def annotate(text: str, gold: dict, with_org: bool = False, stats: dict | None = None):
    """Labelled spans ``(start, end, label)`` and missing spans ``(start, end)`` of one document."""
    stats = stats if stats is not None else {}
    wanted: list[tuple[str, str]] = []
    for f in FIELDS:
        wanted += [(n, LABEL_OF[f]) for n in dict.fromkeys(gold.get(f) or [])]
    if with_org:
        taken = {fold_name(n) for n, _ in wanted}
        wanted += [(n, "ORG") for n in dict.fromkeys(gold.get("organizations") or [])
                   if fold_name(n) not in taken]
    spans: dict[tuple[int, int], set[str]] = {}
    missing: list[tuple[int, int]] = []
    for name, label in wanted:
        occ = _occurrences(text, name)
        if label != "ORG":
            stats[f"{label} names"] = stats.get(f"{label} names", 0) + 1
        if occ:
            for s in occ:
                spans.setdefault(s, set()).add(label)
        else:
            if label != "ORG":
                stats[f"{label} skipped"] = stats.get(f"{label} skipped", 0) + 1
            missing += _longest_written_run(text, name)
    labelled, conflicts = [], []
    for (s, e), labels in spans.items():
        if len(labels) > 1:  # one name in two roles (or as an organization too): the model is not told
            real = labels - {"ORG"}
            if len(real) == 1:
                labelled.append((s, e, real.pop()))
            else:
                conflicts.append((s, e))
                stats["conflicts"] = stats.get("conflicts", 0) + 1
        else:
            labelled.append((s, e, labels.pop()))
    # no overlaps for ner: the longest span wins, an overlapped shorter one is left missing
    labelled.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    kept: list[tuple[int, int, str]] = []
    for s, e, lab in labelled:
        if any(s < ke and ks < e for ks, ke, _ in kept):
            continue
        kept.append((s, e, lab))
    return sorted(kept), missing + conflicts


# ------------------------------------------------------------------------------------------- model

def build(labels=("BODY", "UNIT"), width: int = 64, depth: int = 4, embed: int = 2000):
    import spacy

    nlp = spacy.blank("xx")
    nlp.max_length = 100_000_000
    model = {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner", "extra_state_tokens": False, "hidden_width": 64,
        "maxout_pieces": 2, "use_upper": True, "nO": None,
        "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None,
                    "width": width, "depth": depth, "embed_size": embed, "window_size": 1,
                    "maxout_pieces": 3, "subword_features": True},
    }
    ner = nlp.add_pipe("ner", config={"model": model})
    for lab in labels:
        ner.add_label(lab)
    return nlp


def _line_examples(nlp, text: str, labelled, missing):
    """One ``Example`` per line of the text, with BILUO tags; missing tokens tagged ``-``."""
    from spacy.training import Example, offsets_to_biluo_tags

    out = []
    for ls, le in Text(text).lines:
        line = text[ls:le]
        doc = nlp.make_doc(line)
        ents = [(s - ls, e - ls, lab) for s, e, lab in labelled if s >= ls and e <= le]
        tags = offsets_to_biluo_tags(doc, ents)  # a span not on token boundaries is tagged "-"
        for s, e in missing:
            if e <= ls or s >= le:
                continue
            span = doc.char_span(max(s, ls) - ls, min(e, le) - ls, alignment_mode="expand")
            if span is not None:
                for t in span:
                    if tags[t.i] == "O":  # a labelled name inside stays labelled
                        tags[t.i] = "-"
        out.append(Example.from_dict(doc, {"entities": tags}))
    return out


def train(examples, labels, epochs: int = 20, seed: int = SEED, log=None, batch: int = 16, **arch):
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = build(labels, **arch)
    optimizer = nlp.initialize(lambda: examples)
    examples = list(examples)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict = {}
        for chunk in minibatch(examples, size=batch):
            nlp.update(chunk, drop=0.2, sgd=optimizer, losses=losses)
        if log:
            log(f"  epoch {epoch + 1}: loss {losses.get('ner', 0):.1f}")
    return nlp


def predict(nlp, text: str, only_keyword_sentences: bool = False) -> list[tuple[str, int, int]]:
    """``(label, start, end)`` of the text; by lines, or only the sentences with an inspection word."""
    t = Text(text)
    if only_keyword_sentences:
        pieces = [(s, e) for s, e in t.sentences if KEYWORDS.search(t.folded, s, e)]
    else:
        pieces = list(t.lines)
    out = []
    for (s, _), doc in zip(pieces, nlp.pipe(text[a:b] for a, b in pieces)):
        out += [(ent.label_, s + ent.start_char, s + ent.end_char) for ent in doc.ents]
    return out


def names(text: str, spans, label: str) -> list[str]:
    """Distinct names (by folded form) of one label, in reading order."""
    seen, out = set(), []
    for lab, s, e in spans:
        if lab != label:
            continue
        n = " ".join(text[s:e].split())
        k = fold_name(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return out


def union(rules: list[str], model: list[str]) -> list[str]:
    return list(rules) + [m for m in model if not any(name_score(m, r) for r in rules)]


# --------------------------------------------------------------------------------------------- cv

SYSTEMS = ("rules", "model", "model (keyword sentences)", "rules ∪ model", "rules, else model")


def systems_of(text: str, rules: dict, spans) -> dict[str, dict]:
    model = {f: names(text, spans["all"], LABEL_OF[f]) for f in FIELDS}
    kw = {f: names(text, spans["kw"], LABEL_OF[f]) for f in FIELDS}
    return {
        "rules": {f: rules.get(f) or [] for f in FIELDS},
        "model": model,
        "model (keyword sentences)": kw,
        "rules ∪ model": {f: union(rules.get(f) or [], model[f]) for f in FIELDS},
        "rules, else model": {f: (rules.get(f) or model[f]) for f in FIELDS},
    }


def cross_validate(cases, folds: int = 5, epochs: int = 20, with_org: bool = False, log=print, **arch):
    labels = ("BODY", "UNIT", "ORG") if with_org else ("BODY", "UNIT")
    order = list(range(len(cases)))
    random.Random(SEED).shuffle(order)
    fold_of = {i: k % folds for k, i in enumerate(order)}
    per_fold: list[dict] = []
    outputs: dict[str, list] = {s: [] for s in SYSTEMS}
    roles: dict[str, list] = {"rules": [], "model": []}
    dumped: dict[str, dict] = {}
    seconds = []
    stats: dict = {}
    for k in range(folds):
        train_ex = []
        for i, (stem, text, _, gold) in enumerate(cases):
            if fold_of[i] != k:
                lab, miss = annotate(text, gold, with_org, stats if k == 0 else None)
                train_ex += _line_examples_cached(labels, text, lab, miss)
        t0 = time.perf_counter()
        nlp = train(train_ex, labels, epochs=epochs, **arch)
        seconds.append(time.perf_counter() - t0)
        fold_out: dict[str, list] = {s: [] for s in SYSTEMS}
        for i, (stem, text, rules, gold) in enumerate(cases):
            if fold_of[i] != k:
                continue
            spans = {"all": predict(nlp, text), "kw": predict(nlp, text, True)}
            for s, pred in systems_of(text, rules, spans).items():
                fold_out[s].append((text, pred, gold))
                outputs[s].append((text, pred, gold))
                if s in ("rules", "model"):  # whatever the role: are the names found at all?
                    either = {"organizations": pred["inspecting_bodies"] + pred["inspected_units"]}
                    whole = {"organizations": (gold.get("inspecting_bodies") or [])
                             + (gold.get("inspected_units") or [])}
                    roles[s].append((text, either, whole))
                    dumped.setdefault(stem, {})[s] = pred
        per_fold.append({s: evaluate(c, FIELDS) for s, c in fold_out.items()})
        log(f"fold {k + 1}/{folds}: {sum(fold_of[i] == k for i in fold_of)} documents, "
            f"trained in {seconds[-1]:.0f} s; " + "; ".join(
                f"{s}: B {sc['inspecting_bodies'].f1:.2f} U {sc['inspected_units'].f1:.2f}"
                for s, sc in per_fold[-1].items()))
    micro = {s: evaluate(c, FIELDS) for s, c in outputs.items()}
    either = {s: evaluate(c, ("organizations",))["organizations"] for s, c in roles.items()}
    return micro, per_fold, seconds, stats, either, dumped


_MAKE = {}


def _line_examples_cached(labels, text, lab, miss):
    key = tuple(labels)
    if key not in _MAKE:
        _MAKE[key] = build(labels)
    return _line_examples(_MAKE[key], text, lab, miss)


# ------------------------------------------------------------------------------------------ speed

def speed(nlp, texts: list[str], repeat: int = 3) -> dict:
    """Characters per CPU second of ``predict`` on one thread, over all lines and keyword sentences."""
    total = sum(len(t) for t in texts)
    out = {"characters": total}
    for mode, kw in (("all lines", False), ("keyword sentences", True)):
        best = None
        for _ in range(repeat):
            t0 = time.process_time()  # CPU time of this one thread: per core, whatever else runs
            for t in texts:
                predict(nlp, t, kw)
            dt = time.process_time() - t0
            best = dt if best is None else min(best, dt)
        out[mode] = round(total / best)
    t = Text("\n".join(texts))
    kept = sum(e - s for s, e in t.sentences if KEYWORDS.search(t.folded, s, e))
    out["keyword share of characters"] = round(kept / total, 3)
    return out


def rules_speed(documents, repeat: int = 3) -> int:
    """Characters per CPU second of the whole rule-based extractor (``nlp.extract``), one thread."""
    import nlp as extractor

    best = None
    for _ in range(repeat):
        t0 = time.process_time()
        for d in documents:
            extractor.extract(d)
        dt = time.process_time() - t0
        best = dt if best is None else min(best, dt)
    return round(sum(len(d.text) for d in documents) / best)


# ------------------------------------------------------------------------------------------- main

def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=("cv", "speed", "final"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--embed", type=int, default=2000)
    ap.add_argument("--org", action="store_true", help="also label the other organizations ORG")
    ap.add_argument("--json", help="write the scores here")
    ap.add_argument("--out", default=str(ROOT / "nlp" / "models" / "spans"))
    a = ap.parse_args(argv)
    arch = {"width": a.width, "depth": a.depth, "embed": a.embed}
    labels = ("BODY", "UNIT", "ORG") if a.org else ("BODY", "UNIT")

    cases = load_dev()
    print(f"{len(cases)} dev documents, {sum(len(t) for _, t, _, _ in cases)} characters")
    if a.command == "cv":
        micro, per_fold, seconds, stats, either, dumped = cross_validate(cases, a.folds, a.epochs, a.org,
                                                                        **arch)
        print("annotation (all documents):", stats_all(cases, a.org))
        print(f"training: {sum(seconds) / len(seconds):.0f} s a fold on average")
        rows = {s: sc for s, sc in micro.items()}
        print(table(rows, FIELDS))
        print()
        print("| system | bodies P | R | F1 | units P | R | F1 |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for s, sc in micro.items():
            b, u = sc["inspecting_bodies"], sc["inspected_units"]
            print(f"| {s} | {b.precision:.2f} | {b.recall:.2f} | {b.f1:.2f} | "
                  f"{u.precision:.2f} | {u.recall:.2f} | {u.f1:.2f} |")
        print()
        for s, x in either.items():
            print(f"{s}, bodies and units as one list (role ignored): P {x.precision:.2f} R {x.recall:.2f} "
                  f"F1 {x.f1:.2f}")
        if a.json:
            Path(a.json).write_text(json.dumps({
                "args": vars(a), "train_seconds": seconds,
                "micro": {s: {f: x.to_json() for f, x in sc.items()} for s, sc in micro.items()},
                "folds": [{s: {f: x.to_json() for f, x in sc.items()} for s, sc in fold.items()}
                          for fold in per_fold],
                "either_role": {s: x.to_json() for s, x in either.items()},
                "predictions": dumped}, ensure_ascii=False, indent=1), encoding="utf-8")
        return 0
    examples = []
    for _, text, _, gold in cases:
        lab, miss = annotate(text, gold, a.org)
        examples += _line_examples_cached(labels, text, lab, miss)
    t0 = time.perf_counter()
    model = train(examples, labels, epochs=a.epochs, **arch)
    print(f"trained on {len(examples)} lines in {time.perf_counter() - t0:.0f} s")
    texts = [t for _, t, _, _ in cases]
    if a.command == "speed":
        print("extractor (rules):", rules_speed(DOCUMENTS), "characters/s")
        print("model:", speed(model, texts))
        return 0
    out = Path(a.out)
    model.to_disk(out)
    print(f"saved to {out}: {_dir_size(out) / 1e6:.2f} MB")
    return 0


def stats_all(cases, with_org: bool) -> dict:
    stats: dict = {}
    for _, text, _, gold in cases:
        annotate(text, gold, with_org, stats)
    return stats


if __name__ == "__main__":
    raise SystemExit(main())
