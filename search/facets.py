"""What a record contributes to facets and filters, computed once for every backend."""
from __future__ import annotations

from nlp.normalize import fold
from nlp.record import Record

from .filters import ref_key
from .nearcopy import formats


def record_date(rec: Record) -> str | None:
    """The date a document is filed under: its own date, else the first date it mentions that is
    not the date of a document it cites."""
    if rec.published:
        return rec.published
    cited = {r.date for r in rec.references}
    for d in rec.dates:
        if d.value not in cited:
            return d.value
    return rec.dates[0].value if rec.dates else None


def facet_rows(rec: Record) -> list[tuple[str, str, str]]:
    """``(field, value shown, key matched)`` rows, without duplicates."""
    rows: dict[tuple[str, str], str] = {}

    def add(field: str, value, key=None):
        if value is None or value == "":
            return
        value = str(value)
        rows.setdefault((field, key if key is not None else fold(value)), value)

    for m in rec.inspected_units:
        add("inspected_unit", m.text)
    for m in rec.inspecting_bodies:
        add("inspecting_body", m.text)
    for m in rec.organizations:
        add("organization", m.text)
    for m in rec.activity:
        add("activity", m.text, m.text)
    for f in rec.findings:
        add("kind", f.kind, f.kind)
    for r in rec.references:
        add("ref", f"{r.number}-{r.symbol}" if r.symbol else r.number, ref_key(r.number + r.symbol))
        add("refnum", r.number, ref_key(r.number))
    for fmt in formats(rec):                     # every file of the report (search.nearcopy)
        add("format", fmt, fmt)
    date = record_date(rec)
    if date:
        add("year", date[:4], date[:4])
    return [(f, v, k) for (f, k), v in rows.items()]
