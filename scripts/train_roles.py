"""Train and assess the who-inspected-whom model (``nlp/roles.py``).

Training data: the real gold set's dev split only (the frozen test split, numbers divisible by 3, is
filtered out by name before any file is opened), each page read the way a user's file is
(``pipeline.gold.load_cases``) and extracted by the rules alone (``nlp.extract(..., roles_model=False)``).
Every candidate ``nlp.roles.candidates`` gives a page is an example for each role: positive when its
name is a name of one of the page's gold bodies (units) by ``nlp.evaluate.same_unit_score``, the
matching ``kiemtra evaluate`` uses.

Models: scikit-learn's ``LogisticRegression`` (L2, ``C``), one per role, over the binary features of
``nlp.roles.features``. ``train`` writes ``nlp/data/role_model.json`` (weights rounded, near-zero ones
left out); ``cv`` assesses a setting by 5-fold cross-validation grouped by site (pages of one site
are never on both sides), scoring the rules alone, the rules with the model's additions
(``nlp.roles.add``) and the model alone on the held-out pages, for several thresholds.

Usage::

    .venv/bin/python scripts/train_roles.py cv [--c 0.3]
    .venv/bin/python scripts/train_roles.py train [--c 0.3] [--threshold 0.6] [--unit-threshold 0.6]

Needs scikit-learn, of the ``test`` extra that ``make setup`` installs.
"""
from __future__ import annotations

import argparse
import functools
import json
import random
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nlp  # noqa: E402
from nlp import roles  # noqa: E402
from nlp.evaluate import match_names, same_unit_score, score_document  # noqa: E402
from nlp.text import Text  # noqa: E402
from pipeline.gold import load_cases  # noqa: E402

GOLD = ROOT / "corpora" / "gold" / "real"
SOURCES = ROOT / "corpora" / "gold" / "SOURCES.tsv"
MODEL = ROOT / "nlp" / "data" / "role_model.json"
FOLDS = 5
DIGITS = 4          # weights are written rounded to this many decimals
THRESHOLDS = (0.5, 0.6, 0.7, 0.8)
# thresholds of the two roles apart (bodies, units), assessed together as well
ROLE_THRESHOLDS = ((0.6, 0.5), (0.7, 0.5), (0.6, 0.55))


def examples(gold_dir: Path = GOLD):
    """``(stem, text, predicted, gold, [(candidate, features)], model_input)`` of each dev page, where
    ``model_input`` is what the extraction gives ``nlp.roles.add``: ``(Text, organizations named as
    bodies, the rules' bodies, the rules' units)`` (no organizations for an official document)."""
    inputs = {}   # text -> what the extraction gives the model

    def capture(t, organizations, bodies, units):
        inputs[t.raw] = (t, list(organizations), list(bodies), list(units))
        return list(bodies), list(units)

    out = []
    for stem, text, pred, gold in load_cases(gold_dir, "dev", extract=functools.partial(nlp.extract, roles_model=capture)):
        model_input = inputs.get(text) or (Text(text), [], [], [])   # an official document: the model does not run
        t, organizations = model_input[0], model_input[1]
        cands = roles.candidates(t, organizations)
        rows = list(zip(cands, roles.page_features(t, cands)))
        out.append((stem, text, pred, gold, rows, model_input))
    return out


def labels(rows, gold: dict, role: str) -> list[int]:
    names = gold.get(role) or []
    return [1 if match_names([c.name], names, same_unit_score) else 0 for c, _ in rows]


def fit(pages, c: float, threshold) -> dict:
    """``{role: (weights, bias, threshold)}`` trained on ``pages``, in the form ``roles.model()`` gives;
    ``threshold``: one for both roles, or ``{role: threshold}``."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    out = {}
    for role in roles.ROLES:
        feats, ys = [], []
        for _, _, _, gold, rows, _ in pages:
            feats += [dict.fromkeys(f, 1) for _, f in rows]
            ys += labels(rows, gold, role)
        vec = DictVectorizer()
        x = vec.fit_transform(feats)
        # converged tightly: the optimum is unique (L2), so machines whose arithmetic differs in the last bits
        # train the same weights (a test compares them with the shipped ones)
        lr = LogisticRegression(C=c, max_iter=20000, tol=1e-10).fit(x, ys)
        weights = {name: round(float(w), DIGITS) for name, w in zip(vec.feature_names_, lr.coef_[0])
                   if round(float(w), DIGITS)}
        th = threshold[role] if isinstance(threshold, dict) else threshold
        out[role] = (weights, round(float(lr.intercept_[0]), DIGITS), th)
    return out


def sites() -> dict[str, str]:
    out = {}
    for line in SOURCES.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            out[parts[0]] = urlparse(parts[1]).netloc.removeprefix("www.")
    return out


def folds(pages, k: int = FOLDS, seed: int = 1) -> list[list[int]]:
    """Page indexes of each fold, grouped by site."""
    site = sites()
    names = sorted({site.get(p[0], p[0]) for p in pages})
    random.Random(seed).shuffle(names)
    fold_of = {name: i % k for i, name in enumerate(names)}
    out = [[] for _ in range(k)]
    for i, p in enumerate(pages):
        out[fold_of[site.get(p[0], p[0])]].append(i)
    return out


def cv(pages, c: float) -> dict:
    """Rules alone and rules with the model, per role and threshold, on held-out folds."""
    held = {}   # page index -> model trained without its fold
    for part in folds(pages):
        inside = set(part)
        trained = fit([p for i, p in enumerate(pages) if i not in inside], c, 0.0)
        for i in part:
            held[i] = trained
    totals = {}

    def count(key: str, role: str, sc) -> None:
        t = totals.setdefault(key, {}).setdefault(role, [0, 0, 0])
        t[0] += sc.tp
        t[1] += sc.predicted
        t[2] += sc.gold

    for i, (stem, text, pred, gold, _, (t, orgs, bodies, units)) in enumerate(pages):
        for role in roles.ROLES:
            count("rules", role, score_document(text, pred, gold, fields=(role,))[role])
        for th in THRESHOLDS:
            model = {role: (w, b, th) for role, (w, b, _) in held[i].items()}
            b2, u2 = roles.add(t, orgs, bodies, units, model)
            both = {"inspecting_bodies": [m.text for m in b2], "inspected_units": [m.text for m in u2]}
            for role in roles.ROLES:
                count(f"rules + model {th}", role, score_document(text, both, gold, fields=(role,))[role])
            b3, u3 = roles.add(t, orgs, [], [], model)
            alone = {"inspecting_bodies": [m.text for m in b3], "inspected_units": [m.text for m in u3]}
            for role in roles.ROLES:
                count(f"model alone {th}", role, score_document(text, alone, gold, fields=(role,))[role])
        for tb, tu in ROLE_THRESHOLDS:
            model = {role: (w, b, tb if role == "inspecting_bodies" else tu) for role, (w, b, _) in held[i].items()}
            b2, u2 = roles.add(t, orgs, bodies, units, model)
            both = {"inspecting_bodies": [m.text for m in b2], "inspected_units": [m.text for m in u2]}
            for role in roles.ROLES:
                count(f"rules + model {tb}/{tu}", role, score_document(text, both, gold, fields=(role,))[role])
    out = {}
    for key, per_role in totals.items():
        for role, (tp, predicted, gold_n) in per_role.items():
            p, r = tp / max(predicted, 1), tp / max(gold_n, 1)
            out.setdefault(key, {})[role] = {"precision": round(p, 3), "recall": round(r, 3),
                                             "f1": round(2 * p * r / max(p + r, 1e-9), 3)}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=("cv", "train"))
    ap.add_argument("--c", type=float, default=0.3, help="inverse L2 strength of the logistic regression")
    # 0.6 for both roles: the best of the cross-validation for bodies; for units 0.5 scores 0.006 higher in it
    # ("rules + model 0.6/0.5") with a lower precision (0.75 against 0.78)
    ap.add_argument("--threshold", type=float, default=0.6, help="probability an inspecting body needs (train)")
    ap.add_argument("--unit-threshold", type=float, default=0.6, help="probability an inspected unit needs (train)")
    ap.add_argument("--out", type=Path, default=MODEL)
    args = ap.parse_args(argv)
    pages = examples()
    if args.command == "cv":
        print(json.dumps(cv(pages, args.c), indent=1, ensure_ascii=False))
        return 0
    trained = fit(pages, args.c, {"inspecting_bodies": args.threshold, "inspected_units": args.unit_threshold})
    data = {
        "//": "Written by scripts/train_roles.py from the real gold set's dev split; do not edit by hand.",
        "trained_on": {"pages": len(pages), "split": "dev", "C": args.c},
        "roles": {role: {"threshold": th, "bias": b, "weights": dict(sorted(w.items()))}
                  for role, (w, b, th) in trained.items()},
    }
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(pages)} pages, " + ", ".join(f"{r} {len(w)} weights" for r, (w, _, _) in trained.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
