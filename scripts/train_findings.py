"""Train and assess a statistical model for findings the cue rules leave out.

The rules of ``nlp/findings.py`` cut a text into points and keep a point when a section, a label or a
cue word decides its kind; a point with none of them is left out (``nlp.findings.uncued``). This
script trains a spaCy ``textcat`` (bag of words and word pairs, ``TextCatBOW``) on a blank ``xx``
pipeline to give those points a kind (``strength``, ``limitation``, ``recommendation``) or ``none``,
from the real gold set's dev split only.

Training data: the points of each dev document that reach ``uncued`` as the reader and the rules
give them; a point takes the kind of the gold finding it overlaps by at least half of the shorter of
the two (the matching ``kiemtra evaluate`` uses), else ``none``.

Assessment (``cv``): the dev documents are split into folds by document; for each fold a model
trained on the others adds its points (above a probability threshold) to the rules' findings of the
held-out documents, and the findings field is scored against the rules alone on the same documents.

The frozen test split (numbers divisible by 3) is filtered out by name before any file is opened.

Usage::

    .venv/bin/python scripts/train_findings.py cv [--folds 5] [--epochs 10]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nlp  # noqa: E402
import nlp.findings as findings_mod  # noqa: E402
from nlp.evaluate import evaluate, locate, overlap_share, split_of  # noqa: E402
from pipeline.process import Task, process  # noqa: E402

GOLD = ROOT / "corpora" / "gold" / "real"
LABELS = ("none", "strength", "limitation", "recommendation")
SEED = 0


def dev_stems(root: Path = GOLD, last: int = 10 ** 6) -> list[str]:
    """Numbers of the dev documents up to ``last``, decided from the file names alone (nothing is opened)."""
    return [p.stem for p in sorted(root.glob("*.json"))
            if p.stem.isdigit() and split_of(p.stem) == "dev" and int(p.stem) <= last
            and (root / "docs" / f"{p.stem}.txt").exists()]


def label_points(text: str, spans, gold_findings: list[dict]) -> list[dict]:
    """Each point ``(start, end)`` of ``text`` with the kind of the gold finding it overlaps by at least
    half of the shorter of the two (``none`` when there is none) and the words before it in its line."""
    gspans = locate(text, [g["text"] for g in gold_findings])
    points = []
    for s, e in dict.fromkeys(spans):
        label, best = "none", 0.0
        for g, gs in zip(gold_findings, gspans):
            share = overlap_share((s, e), gs) if gs else 0.0
            if share >= 0.5 and share > best:
                best, label = share, g["kind"]
        # the words before the point in its line ("Qua kiểm tra, ...") are part of what the model reads
        before = text[max(text.rfind("\n", 0, s) + 1, s - 60):s].split()[-6:]
        points.append({"span": [s, e], "text": text[s:e], "context": " ".join(before), "label": label})
    return points


def load(stems: list[str]) -> list[dict]:
    """For each document: its text, the record the rules give, the gold record and the points the
    rules left out (``uncued`` gave them no kind) with their gold labels."""
    docs = []
    seen: list[tuple[int, int]] = []

    rule = findings_mod.uncued

    def record(text, s, e):
        kind = rule(text, s, e)
        if kind is None:
            seen.append((s, e))   # a point the rules leave out: what the model is for
        return kind

    findings_mod.uncued = record
    try:
        for stem in stems:
            path = GOLD / "docs" / f"{stem}.txt"
            seen.clear()
            result = process(Task(str(path), None, None, path=str(path)), nlp.extract)
            text = result.record.document.text
            gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
            points = label_points(text, seen, gold["findings"])
            docs.append({"stem": stem, "text": text, "pred": result.record.to_json(), "gold": gold,
                         "points": points})
    finally:
        findings_mod.uncued = rule
    return docs


def _features(point: dict) -> str:
    """What the model reads: the words before the point, a separator, the point."""
    return f"{point.get('context', '')} ||| {point['text']}"


def train(docs: list[dict], epochs: int, weight: int = 1):
    import spacy
    from spacy.training import Example

    nlp_ = spacy.blank("xx")
    textcat = nlp_.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
        "no_output_layer": False, "length": 262144}})
    for label in LABELS:
        textcat.add_label(label)
    examples = []
    for d in docs:
        for p in d["points"]:
            doc = nlp_.make_doc(_features(p))
            ex = Example.from_dict(doc, {"cats": {k: float(k == p["label"]) for k in LABELS}})
            # findings are a fifth of the points: each is shown ``weight`` times
            examples.extend([ex] * (weight if p["label"] != "none" else 1))
    rng = random.Random(SEED)
    optimizer = nlp_.initialize(lambda: examples)
    for _ in range(epochs):
        rng.shuffle(examples)
        for i in range(0, len(examples), 32):
            nlp_.update(examples[i:i + 32], sgd=optimizer, drop=0.2)
    return nlp_


def with_model(d: dict, model, threshold: float) -> dict:
    """The rules' record of ``d`` with the points the model gives a kind added."""
    pred = dict(d["pred"])
    added = []
    for p in d["points"]:
        cats = model(_features(p)).cats
        label = max(cats, key=cats.get)
        if label != "none" and cats[label] >= threshold:
            added.append({"kind": label, "text": p["text"], "span": p["span"]})
    pred["findings"] = sorted(list(pred["findings"]) + added, key=lambda f: f["span"][0])
    return pred


def cv(args) -> None:
    docs = load(dev_stems(last=args.last))
    n_points = sum(len(d["points"]) for d in docs)
    pos = sum(p["label"] != "none" for d in docs for p in d["points"])
    print(f"{len(docs)} dev documents, {n_points} points left by the rules, {pos} of them gold findings")
    rng = random.Random(SEED)
    order = docs[:]
    rng.shuffle(order)
    folds = [order[i::args.folds] for i in range(args.folds)]
    thresholds = (0.5, 0.6, 0.7, 0.8, 0.9)
    rows = {"rules": []}
    for t in thresholds:
        rows[f"rules + model ≥ {t}"] = []
    for k, held in enumerate(folds):
        model = train([d for j, f in enumerate(folds) if j != k for d in f], args.epochs, args.weight)
        for d in held:
            rows["rules"].append((d["text"], d["pred"], d["gold"]))
            for t in thresholds:
                rows[f"rules + model ≥ {t}"].append((d["text"], with_model(d, model, t), d["gold"]))
        print(f"fold {k + 1}/{args.folds} done", file=sys.stderr)
    print("| findings | P | R | F1 | kind accuracy |\n|---|---:|---:|---:|---:|")
    for name, cases in rows.items():
        sc = evaluate(cases, fields=("findings",))["findings"]
        right, n = sc.attrs.get("kind", (0, 0))
        print(f"| {name} | {sc.precision:.3f} | {sc.recall:.3f} | {sc.f1:.3f} | {right / n if n else 0:.3f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("cv")
    c.add_argument("--folds", type=int, default=5)
    c.add_argument("--epochs", type=int, default=10)
    c.add_argument("--last", type=int, default=377, help="the last document number used")
    c.add_argument("--weight", type=int, default=1, help="how many times each finding is shown in training")
    args = ap.parse_args()
    if args.cmd == "cv":
        cv(args)


if __name__ == "__main__":
    main()
