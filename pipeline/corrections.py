"""Corrections staff make to extracted fields, kept apart from the extraction and applied in one place.

A document's corrections are one stored item (``Backend.put_item``, kind ``correction``, key the
document's id): ``{"corrections": [correction, ...]}``, oldest first, changed in one step by each save
or undo (``Backend.update_item``), so that corrections of one document made at the same moment (two
tabs, two staff members, two servers) are all kept. A correction is a dict:

- ``{"action": "remove", "field": F, "text": name}``: F (``inspected_units`` or ``inspecting_bodies``)
  does not hold ``name``;
- ``{"action": "add", "field": F, "text": name, "span": [start, end]}``: F holds ``name``, written at
  ``span`` (offsets into the document text, as every item's);
- ``{"action": "kind", "span": [start, end], "text": finding, "kind": K}``: the finding at ``span``
  (else the finding with that text) is of kind K;
- ``{"action": "not-person", "name": name}``: ``name`` is not a person;

each with an ``id`` and the time it was made (``at``).

``apply(record, corrections)`` gives the corrected record. It is idempotent: the record it returns
keeps, in ``meta["corrections"]``, the extracted values of the fields it corrects (``extracted``) and
each correction with whether it still applies (``items``), so applying again (or after an undo,
with fewer corrections) starts from the extraction. Everything that writes records applies them
(``corrected``): a batch, an upload, a queue worker; so a record re-extracted with ``--force`` is
written corrected, ``kiemtra reindex`` copies corrected records, and search, facets, unit pages,
statistics and exports read the corrected record with no change of their own.

``gold(record)`` is a corrected record as a ``corpora/gold`` annotation; ``export(backend, out)``
writes every corrected document so that ``kiemtra evaluate OUT`` scores the extractor on them.
"""
from __future__ import annotations

import json
import re
import uuid
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from ingest.messages import msg
from nlp.record import FINDING_KINDS, Finding, Mention, Person, Record

KIND = "correction"            # the stored items' kind
META = "corrections"           # the key of the corrected record's meta
ACTIONS = ("remove", "add", "kind", "not-person")
MENTION_FIELDS = ("inspected_units", "inspecting_bodies")
MAX_NAME = 300                 # characters of a name added by hand
MAX_CORRECTIONS = 500          # per document


class CorrectionError(ValueError):
    """A correction that cannot be made: ``code`` is a stable code, the message (the message table's
    ``key``, ``correction.<code>``) is for people."""

    def __init__(self, key: str, **fields):
        super().__init__(msg(key, **fields))
        self.code = key.removeprefix("correction.")


# -- applying ---------------------------------------------------------------------------------------

def _field_of(c: dict) -> str:
    return c["field"] if c["action"] in ("remove", "add") else "findings" if c["action"] == "kind" else "people"


def _encode(name: str, items) -> list[dict]:
    if name == "findings":
        return [{"kind": f.kind, "text": f.text, "span": list(f.span)} for f in items]
    if name == "people":
        return [{"name": p.name, "role": p.role, "span": list(p.span)} for p in items]
    return [{"text": m.text, "span": list(m.span)} for m in items]


def _decode(name: str, rows: list[dict]) -> tuple:
    if name == "findings":
        return tuple(Finding(r["kind"], r["text"], tuple(r["span"])) for r in rows)
    if name == "people":
        return tuple(Person(r["name"], r.get("role"), tuple(r["span"])) for r in rows)
    return tuple(Mention(r["text"], tuple(r["span"])) for r in rows)


def extracted(record: Record) -> Record:
    """The record as it was extracted, before any correction was applied to it."""
    meta = dict(record.document.meta)
    previous = meta.pop(META, None) or {}
    fields = {name: _decode(name, rows) for name, rows in (previous.get("extracted") or {}).items()
              if name in (*MENTION_FIELDS, "findings", "people")}
    return replace(record, document=record.document.replace(meta=meta), **fields)


def _apply_one(rec: Record, c: dict) -> tuple[Record, bool]:
    """``rec`` with the correction ``c`` made, and whether it changed (or confirmed) anything."""
    action = c["action"]
    if action == "remove":
        items = getattr(rec, c["field"])
        kept = tuple(m for m in items if m.text != c["text"])
        return replace(rec, **{c["field"]: kept}), len(kept) < len(items)
    if action == "add":
        items = getattr(rec, c["field"])
        if any(m.text == c["text"] for m in items):
            return rec, True
        added = Mention(c["text"], tuple(c["span"]))
        # in reading order among the others (the order gold annotations keep)
        at = next((i for i, m in enumerate(items) if m.span[0] > added.span[0]), len(items))
        return replace(rec, **{c["field"]: (*items[:at], added, *items[at:])}), True
    if action == "kind":
        span = tuple(c["span"])
        i = next((i for i, f in enumerate(rec.findings) if f.span == span), None)
        if i is None:
            i = next((i for i, f in enumerate(rec.findings) if f.text == c.get("text")), None)
        if i is None:
            return rec, False
        findings = list(rec.findings)
        findings[i] = replace(findings[i], kind=c["kind"])
        return replace(rec, findings=tuple(findings)), True
    if action == "not-person":
        kept = tuple(p for p in rec.people if p.name != c["name"])
        return replace(rec, people=kept), len(kept) < len(rec.people)
    return rec, False


def apply(record: Record, corrections: Iterable[dict]) -> Record:
    """``record`` with ``corrections`` made, in their order, from its extracted values (a record
    already corrected is first taken back to them). Its ``meta["corrections"]`` says what was
    corrected: ``items`` (each correction, with ``applied``: whether the extraction still had what
    it corrects) and ``fields`` (the fields changed); without corrections there is no such key."""
    corrections = [c for c in corrections if c.get("action") in ACTIONS]
    base = extracted(record)
    if not corrections:
        return base
    touched = list(dict.fromkeys(_field_of(c) for c in corrections))
    rec = base
    items = []
    for c in corrections:
        rec, applied = _apply_one(rec, c)
        items.append({**c, "applied": applied})
    changed = [name for name in touched if getattr(rec, name) != getattr(base, name)]
    meta = {**base.document.meta, META: {
        "fields": changed, "items": items,
        "extracted": {name: _encode(name, getattr(base, name)) for name in touched}}}
    return replace(rec, document=rec.document.replace(meta=meta))


def info(record: Record) -> dict:
    """What the page shows of a record's corrections: ``{"fields": [...], "items": [...]}`` (empty
    when it has none)."""
    return record.document.meta.get(META) or {}


# -- reading and writing --------------------------------------------------------------------------

def load(backend, doc_id: str) -> list[dict]:
    return _listed(backend.item(KIND, doc_id))


def corrected(backend, records: Iterable[Record]) -> list[Record]:
    """``records`` with the stored corrections of each applied: what every writer of records
    upserts (a list, made before the upsert begins: a backend may write in one transaction). A list of a few records (a queue worker's one) reads the corrections of each; otherwise
    they are all read once per call (they are few: what people corrected by hand).

    A report whose reading passed to another of its files (``pipeline.copies``: a better format met
    later) changes id: the corrections kept under the id of one of its files move to its new id."""
    few = isinstance(records, (list, tuple)) and len(records) <= 4
    stored: dict | None = None
    out = []

    def lookup(key: str) -> dict | None:
        return backend.item(KIND, key) if few else stored.get(key)

    for record in records:
        if stored is None and not few:
            stored = {item.key: item.value for item in backend.items(KIND)}
        value = lookup(record.doc_id)
        if value is None:
            for copy in record.document.meta.get("copies") or ():
                value = lookup(copy["sha256"]) if copy.get("sha256") and copy["sha256"] != record.doc_id else None
                if value is not None:
                    backend.put_item(KIND, record.doc_id, value)
                    backend.delete_item(KIND, copy["sha256"])
                    break
        out.append(apply(record, _listed(value)) if value else record)
    return out


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _same_target(a: dict, b: dict) -> bool:
    """Whether two corrections are about the same item (a later one replaces an earlier one)."""
    if a["action"] in ("remove", "add") and b["action"] in ("remove", "add"):
        return a["field"] == b["field"] and a["text"] == b["text"]
    if a["action"] == b["action"] == "kind":
        return list(a["span"]) == list(b["span"])
    if a["action"] == b["action"] == "not-person":
        return a["name"] == b["name"]
    return False


def check(record: Record, c: dict) -> dict:
    """The correction ``c`` (from a form or the API), checked against the record it corrects and
    reduced to its fields, or ``CorrectionError``."""
    action = c.get("action")
    if action not in ACTIONS:
        raise CorrectionError("correction.bad-action")
    n = len(record.text)
    if action in ("remove", "add"):
        field = c.get("field")
        if field not in MENTION_FIELDS:
            raise CorrectionError("correction.bad-field")
        text = " ".join(str(c.get("text") or "").split())
        if not text or len(text) > MAX_NAME:
            raise CorrectionError("correction.bad-text", limit=MAX_NAME)
        if action == "remove":
            if text not in {m.text for m in getattr(extracted(record), field)} | {m.text for m in getattr(record, field)}:
                raise CorrectionError("correction.not-found", name=text)
            return {"action": action, "field": field, "text": text}
        span, selected = c.get("span"), " ".join(str(c.get("selected") or "").split())
        if span is not None and selected and _written_at(record.text, span) != selected:
            span = None         # the page's text and the record's differ: find what was selected
        if span is None:
            span = locate(record.text, selected or text)
            if span is None:
                raise CorrectionError("correction.not-in-text", name=text)
        try:
            s, e = int(span[0]), int(span[1])
        except (TypeError, ValueError, IndexError):
            raise CorrectionError("correction.bad-span") from None
        if not (0 <= s < e <= n) or not record.text[s:e].strip():
            raise CorrectionError("correction.bad-span")
        return {"action": action, "field": field, "text": text, "span": [s, e]}
    if action == "kind":
        kind = c.get("kind")
        if kind not in FINDING_KINDS:
            raise CorrectionError("correction.bad-kind")
        try:
            span = (int(c["span"][0]), int(c["span"][1]))
        except (KeyError, TypeError, ValueError, IndexError):
            raise CorrectionError("correction.bad-span") from None
        finding = next((f for f in record.findings if f.span == span), None)
        if finding is None:
            raise CorrectionError("correction.no-finding")
        return {"action": action, "span": list(span), "text": finding.text, "kind": kind}
    name = str(c.get("name") or "")
    if name not in {p.name for p in record.people} | {p.name for p in extracted(record).people}:
        raise CorrectionError("correction.no-person", name=name)
    return {"action": action, "name": name}


def _written_at(text: str, span) -> str | None:
    try:
        s, e = int(span[0]), int(span[1])
    except (TypeError, ValueError, IndexError):
        return None
    return " ".join(text[s:e].split()) if 0 <= s < e <= len(text) else None


def locate(text: str, piece: str) -> tuple[int, int] | None:
    """Where ``piece`` is written in ``text`` (spaces and line breaks may differ), or ``None``."""
    words = piece.split()
    if not words:
        return None
    i = text.find(piece)
    if i >= 0:
        return i, i + len(piece)
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else None


def save(backend, doc_id: str, correction: dict) -> Record:
    """Check and keep one correction of the document ``doc_id``, then write its corrected record
    (searchable at once). A correction about an item already corrected replaces the earlier one; one
    that gives back the extraction (a kind changed back, a name added after it was removed) is an
    undo of the earlier one. Returns the corrected record. ``KeyError``: no such document."""
    record = backend.get(doc_id)
    if record is None:
        raise KeyError(doc_id)
    c = check(record, correction)
    base = extracted(record)

    def change(value: dict | None) -> dict | None:
        # made on the corrections as they are stored when it is written (``Backend.update_item``):
        # another correction of the document saved at the same moment is kept beside this one
        earlier = _listed(value)
        corrections = [old for old in earlier if not _same_target(old, c)]
        cancels = any(_same_target(old, c) and old["action"] != c["action"] for old in earlier)
        if c["action"] == "kind":
            f = next((f for f in base.findings if f.span == tuple(c["span"])), None)
            cancels = f is not None and f.kind == c["kind"]
        elif c["action"] == "add" and any(m.text == c["text"] for m in getattr(base, c["field"])):
            cancels = True          # the extraction has it: taking back its removal is enough
        if not cancels:
            if len(corrections) >= MAX_CORRECTIONS:
                raise CorrectionError("correction.too-many", limit=MAX_CORRECTIONS)
            corrections.append({"id": uuid.uuid4().hex[:12], **c, "at": _now()})
        return {"corrections": corrections} if corrections else None

    backend.update_item(KIND, doc_id, change)
    return _write(backend, record)


def undo(backend, doc_id: str, correction_id: str) -> Record:
    """Take back one correction; the record is written as its other corrections make it.
    ``KeyError``: no such document or correction."""
    record = backend.get(doc_id)
    if record is None:
        raise KeyError(correction_id)

    def change(value: dict | None) -> dict | None:
        corrections = _listed(value)
        kept = [c for c in corrections if c.get("id") != correction_id]
        if len(kept) == len(corrections):
            raise KeyError(correction_id)
        return {"corrections": kept} if kept else None

    backend.update_item(KIND, doc_id, change)
    return _write(backend, record)


def _listed(value: dict | None) -> list[dict]:
    """The corrections a stored item holds."""
    return list((value or {}).get("corrections") or [])


def _write(backend, record: Record) -> Record:
    """Write ``record`` corrected as its stored corrections say. If they changed while it was
    written (another correction of the document saved at the same moment), it is written again
    with them: whoever writes last wrote the corrections as they are kept, so none is lost."""
    corrections = load(backend, record.doc_id)
    while True:
        fixed = apply(record, corrections)
        backend.upsert([fixed], refresh=True)
        now = load(backend, record.doc_id)
        if now == corrections:
            return fixed
        corrections = now


# -- gold annotations -----------------------------------------------------------------------------

def gold(record: Record) -> dict:
    """The record as a ``corpora/gold`` annotation (``corpora/gold/README.md``, Layout and format)."""
    data = record.to_json()
    dn = data["doc_number"]
    return {
        "title": data["title"],
        "published": data["published"],
        "doc_number": {k: dn[k] for k in ("number", "symbol", "type")} if dn else None,
        **{name: data[name] for name in ("activity", "inspecting_bodies", "inspected_units", "organizations")},
        "references": [{k: r[k] for k in ("text", "type", "number", "symbol", "date", "issuer")}
                       for r in data["references"]],
        "dates": [{k: d[k] for k in ("text", "value", "end")} for d in data["dates"]],
        "people": [{k: p[k] for k in ("name", "role")} for p in data["people"]],
        "figures": [{k: f[k] for k in ("text", "value", "unit")} for f in data["figures"]],
        "findings": [{k: f[k] for k in ("kind", "text")} for f in data["findings"]],
    }


def export(backend, out: str | Path) -> list[tuple[str, Record]]:
    """Write each corrected document as ``OUT/<id>.json`` (its gold annotation) and
    ``OUT/docs/<id>.txt`` (its text), the layout ``kiemtra evaluate`` reads; ``<id>`` is the
    document's id (hexadecimal: never all digits in practice, so ``kiemtra evaluate`` counts these
    documents in the ``dev`` part, scored by default). Returns ``(id, corrected record)`` per
    document written; documents whose corrections were all taken back are not written."""
    out = Path(out)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    written = []
    for item in backend.items(KIND):
        corrections = _listed(item.value)
        record = backend.get(item.key)
        if record is None or not corrections:
            continue
        record = apply(record, corrections)
        stem = item.key if not item.key.isdigit() else f"d{item.key}"
        (out / "docs" / f"{stem}.txt").write_text(record.text, encoding="utf-8", newline="\n")
        (out / f"{stem}.json").write_text(json.dumps(gold(record), ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")
        written.append((stem, record))
    return written
