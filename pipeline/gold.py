"""Gold documents for ``kiemtra evaluate``, read the way a user's file is read.

Each ``GOLD_DIR/docs/NNN.txt`` goes through ``process`` (``ingest.read_bytes`` then ``nlp.extract``),
so the score is the score of the text users get, page chrome, cut and all.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import ingest
import nlp
from nlp.evaluate import in_split
from nlp.record import Record

from .process import Task, process


class GoldError(ValueError):
    """A gold document that cannot be read: the gold set itself is broken."""


def load_cases(gold_dir: str | Path, only: str = "all",
               extract: Callable[[ingest.Document], Record] = nlp.extract) -> list[tuple[str, str, dict, dict]]:
    """``(stem, text, predicted, gold)`` for each ``GOLD_DIR/NNN.json`` with a ``GOLD_DIR/docs/NNN.txt``
    in the split ``only`` (``nlp.evaluate.in_split``), extracted now; documents of other splits are
    not read at all."""
    cases = []
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        doc_path = gold_path.parent / "docs" / f"{gold_path.stem}.txt"
        if not doc_path.exists() or not in_split(gold_path.stem, only):
            continue
        result = process(Task(str(doc_path), None, None, path=str(doc_path)), extract)
        if not result.ok:
            raise GoldError(f"{doc_path}: {result.code}: {result.reason}")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        cases.append((gold_path.stem, result.record.document.text, result.record.to_json(), gold))
    return cases
