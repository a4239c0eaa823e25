#!/usr/bin/env python3
"""Validate the kiemtra gold set (stdlib only).

Usage: python3 corpora/gold/check.py [GOLD_DIR]

Checks, for every docs/NNN.txt:
  * NNN.json exists, is one JSON object with exactly the gold fields and the right types;
  * the text and every copied string are UTF-8 and Unicode NFC;
  * dates are valid ISO YYYY-MM-DD (and a range's end is not before its start);
  * every string that must be copied from the document is a substring of it
    (title, organizations, reference/date/figure/finding text, person name);
  * references are not duplicated and none repeats doc_number;
  * activity values and finding kinds come from their closed lists.
Prints every problem, then a summary; exits 1 when there are problems.
"""
import datetime
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

FIELDS = ["title", "published", "doc_number", "activity", "inspecting_bodies", "inspected_units",
          "organizations", "references", "dates", "people", "figures", "findings"]
LIST_FIELDS = FIELDS[3:]
STRING_LISTS = ["activity", "inspecting_bodies", "inspected_units", "organizations"]
ITEM_KEYS = {
    "references": {"text": str, "type": str, "number": str, "symbol": str,
                   "date": (str, type(None)), "issuer": (str, type(None))},
    "dates": {"text": str, "value": str, "end": (str, type(None))},
    "people": {"name": str, "role": (str, type(None))},
    "figures": {"text": str, "value": (int, float), "unit": str},
    "findings": {"kind": str, "text": str},
}
# item fields that are copied verbatim from the document
COPIED = {"references": "text", "dates": "text", "figures": "text", "findings": "text", "people": "name"}
ACTIVITIES = {"kiểm tra", "giám sát"}
KINDS = {"strength", "limitation", "recommendation"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value):
    if not isinstance(value, str) or not ISO.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def nfc(s):
    return unicodedata.is_normalized("NFC", s)


def check_doc(txt_path, problems):
    name = txt_path.stem
    say = lambda msg: problems.append(f"{name}: {msg}")  # noqa: E731
    try:
        text = txt_path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        say(f"text is not UTF-8 ({exc})")
        return None
    if not nfc(text):
        say("text is not NFC")
    json_path = txt_path.parent.parent / f"{name}.json"
    if not json_path.exists():
        say(f"missing {json_path.name}")
        return None
    try:
        rec = json.loads(json_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        say(f"{json_path.name} is not valid UTF-8 JSON ({exc})")
        return None
    if not isinstance(rec, dict):
        say("annotation is not a JSON object")
        return None
    missing = [f for f in FIELDS if f not in rec]
    extra = [f for f in rec if f not in FIELDS]
    if missing:
        say(f"missing fields {missing}")
    if extra:
        say(f"unexpected fields {extra}")

    def copied(label, s):
        if not isinstance(s, str) or not s.strip():
            say(f"{label}: empty or not a string: {s!r}")
        elif not nfc(s):
            say(f"{label}: not NFC: {s!r}")
        elif s not in text:
            say(f"{label}: not a substring of the text: {s!r}")

    title = rec.get("title")
    if title is not None:
        # a title wrapped over lines in the document is joined with one space
        if not isinstance(title, str):
            say("title is not a string")
        elif title not in text and title not in re.sub(r"\s*\n\s*", " ", text):
            say(f"title: not in the text: {title!r}")

    pub = rec.get("published")
    if pub is not None and iso_date(pub) is None:
        say(f"published is not an ISO date: {pub!r}")

    dn = rec.get("doc_number")
    if dn is not None:
        if not isinstance(dn, dict) or set(dn) != {"number", "symbol", "type"} or \
                not all(isinstance(dn[k], str) and dn[k] for k in dn):
            say(f"doc_number must be {{number, symbol, type}} strings: {dn!r}")
        elif re.search(r"\s", dn["symbol"]):
            say(f"doc_number symbol contains spaces: {dn['symbol']!r}")

    for field in LIST_FIELDS:
        if not isinstance(rec.get(field, []), list):
            say(f"{field} is not a list")
            rec[field] = []
    for field in STRING_LISTS:
        for v in rec.get(field, []):
            if not isinstance(v, str) or not v.strip():
                say(f"{field}: not a non-empty string: {v!r}")
            elif not nfc(v):
                say(f"{field}: not NFC: {v!r}")
        dup = [v for v, n in Counter(rec.get(field, [])).items() if n > 1]
        if dup:
            say(f"{field}: duplicates {dup}")
    for v in rec.get("activity", []):
        if v not in ACTIVITIES:
            say(f"activity: unknown value {v!r}")
    for v in rec.get("organizations", []):
        copied("organizations", v)

    for field, keys in ITEM_KEYS.items():
        for i, item in enumerate(rec.get(field, [])):
            label = f"{field}[{i}]"
            if not isinstance(item, dict):
                say(f"{label}: not an object")
                continue
            if set(item) != set(keys):
                say(f"{label}: keys {sorted(item)} != {sorted(keys)}")
                continue
            for k, typ in keys.items():
                if not isinstance(item[k], typ) or isinstance(item[k], bool):
                    say(f"{label}.{k}: wrong type {type(item[k]).__name__}")
            copied(f"{label}.{COPIED[field]}", item[COPIED[field]])

    for i, d in enumerate(rec.get("dates", [])):
        if not isinstance(d, dict):
            continue
        start, end = iso_date(d.get("value")), d.get("end")
        if start is None:
            say(f"dates[{i}].value is not an ISO date: {d.get('value')!r}")
        if end is not None:
            end_d = iso_date(end)
            if end_d is None:
                say(f"dates[{i}].end is not an ISO date: {end!r}")
            elif start and end_d <= start:
                say(f"dates[{i}]: end {end} is not after value {d.get('value')}")
    values = [(d.get("value"), d.get("end")) for d in rec.get("dates", []) if isinstance(d, dict)]
    dup = [v for v, n in Counter(values).items() if n > 1]
    if dup:
        say(f"dates: the same date listed more than once {dup}")

    keys = []
    for i, r in enumerate(rec.get("references", [])):
        if not isinstance(r, dict):
            continue
        if r.get("date") is not None and iso_date(r["date"]) is None:
            say(f"references[{i}].date is not an ISO date: {r['date']!r}")
        if re.search(r"\s", r.get("symbol") or ""):
            say(f"references[{i}].symbol contains spaces: {r.get('symbol')!r}")
        key = (r.get("type"), r.get("number"), r.get("symbol"))
        keys.append(key)
        if isinstance(dn, dict) and (dn.get("type"), dn.get("number"), dn.get("symbol")) == key:
            say(f"references[{i}] repeats doc_number {key}")
    dup = [k for k, n in Counter(keys).items() if n > 1]
    if dup:
        say(f"references: duplicates {dup}")

    for i, f in enumerate(rec.get("findings", [])):
        if isinstance(f, dict) and f.get("kind") not in KINDS:
            say(f"findings[{i}].kind is not one of {sorted(KINDS)}: {f.get('kind')!r}")
    people = [p.get("name") for p in rec.get("people", []) if isinstance(p, dict)]
    dup = [v for v, n in Counter(people).items() if n > 1]
    if dup:
        say(f"people: duplicates {dup}")
    return rec


def main(argv):
    gold = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    docs = sorted((gold / "docs").glob("*.txt"))
    problems = []
    if not docs:
        problems.append(f"no documents in {gold / 'docs'}")
    for p in docs:
        if not re.fullmatch(r"\d{3}", p.stem):
            problems.append(f"{p.name}: name is not NNN.txt")
    stray = sorted({j.stem for j in gold.glob("*.json")} - {p.stem for p in docs})
    for s in stray:
        problems.append(f"{s}.json has no docs/{s}.txt")

    counts = Counter()
    kinds = Counter()
    chars = []
    for p in docs:
        rec = check_doc(p, problems)
        chars.append(len(p.read_text(encoding="utf-8", errors="replace")))
        if rec is None:
            continue
        counts["published"] += rec.get("published") is not None
        counts["doc_number"] += rec.get("doc_number") is not None
        for field in LIST_FIELDS:
            counts[field] += len(rec.get(field) or [])
        for f in rec.get("findings") or []:
            if isinstance(f, dict):
                kinds[f.get("kind")] += 1

    for line in problems:
        print("PROBLEM", line)
    print(f"documents: {len(docs)} ({min(chars, default=0)}-{max(chars, default=0)} characters)")
    print(f"  with published: {counts['published']}, with doc_number: {counts['doc_number']}")
    for field in LIST_FIELDS:
        print(f"  {field:18} {counts[field]}")
    print("  finding kinds:   ", ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    print(f"problems: {len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
