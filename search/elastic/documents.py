"""The Elasticsearch documents kiemtra writes for a Record: the document itself (with the folded
companion fields the bare server searches, since it has no folding analyzer) and one finding
document per finding, for the findings index.

Fields and what they are for: see the package's docstring (``search.elastic``) and ``mapping.py``.
"""
from __future__ import annotations

from datetime import datetime, timezone

from nlp.normalize import fold
from nlp.record import Record

from .. import nearcopy
from ..base import FACET_FIELDS
from ..facets import facet_rows, record_date
from ..filters import ref_key
from ..query import words
from .mapping import US


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _folded(text: str | None) -> str:
    return " ".join(words(text or ""))


def document(rec: Record, seq: int, wseq: int | None = None) -> dict:
    """The Elasticsearch document for a record (``_id`` is ``rec.doc_id``), written as write number
    ``seq`` (its ``seq`` too, unless the document exists: then ``upsert`` keeps the old ``seq``);
    ``wseq``, the write number, defaults to ``seq``."""
    data = rec.to_json()
    date = record_date(rec)
    rows = facet_rows(rec)
    figures = [{"text": f.text, "value": f.value, "unit": f.unit, "unit_key": fold(f.unit or "")}
               for f in rec.figures if isinstance(f.value, (int, float))]
    wseq = seq if wseq is None else wseq
    return {
        "sha256": rec.doc_id,
        "seq": seq,
        "wseq": wseq,
        "source": rec.document.source,
        "format": rec.document.format,
        "title": rec.title,
        "title_folded": _folded(rec.title),
        "body": rec.text,
        "body_folded": _folded(rec.text),
        "date": date,
        "year": date[:4] if date else None,
        "month": date[:7] if date else None,
        "published": rec.published,
        "indexed_at": _now(),
        "activity": data["activity"],
        "inspected_units": data["inspected_units"],
        "inspecting_bodies": data["inspecting_bodies"],
        "organizations": data["organizations"],
        "facets": [{"field": f, "value": v, "key": k} for f, v, k in rows],
        "fk": {f: [k for g, _, k in rows if g == f] for f in FACET_FIELDS},
        "fv": {f: [f"{k}{US}{v}" for g, v, k in rows if g == f] for f in FACET_FIELDS},
        "references": [{"text": r.text, "type": r.type, "number": r.number, "symbol": r.symbol,
                        "key": ref_key(r.number + r.symbol), "date": r.date, "issuer": r.issuer}
                       for r in rec.references],
        "people": [{"name": p.name, "role": p.role} for p in rec.people],
        "figures": figures,
        "figs": [US.join((date, f"{wseq:012d}", f"{i:05d}", repr(f["value"]), f["unit"] or "", rec.doc_id,
                          f["unit_key"])) for i, f in enumerate(figures)] if date else [],
        "figure_units": sorted({f["unit_key"] for f in figures}),
        "findings": [{"kind": f.kind, "text": f.text} for f in rec.findings],
        "nfindings": len(rec.findings),
        "bands": list(nearcopy.bands(rec.text)),
        "record": data,
    }


def finding_documents(doc: dict) -> list[tuple[str, dict]]:
    """``(_id, document)`` of each finding of a record's document, for the findings index."""
    findings = doc["record"]["findings"]
    shared = {"doc_id": doc["sha256"], "date": doc["date"], "wseq": doc["wseq"], "facets": doc["facets"],
              "source": doc["source"], "title": doc["title"], "inspected_units": doc["inspected_units"]}
    return [(f"{doc['sha256']}:{n}", {**shared, "n": n, "kind": f["kind"], "text": f["text"],
                                      "text_folded": _folded(f["text"]), "start": f["span"][0],
                                      "end": f["span"][1]})
            for n, f in enumerate(findings)]
