"""Files of one report: a file whose text is a report the index already holds (the ``.pdf`` of a
``.docx``, the ``.txt`` saved from a web page) is one more file of that report, not a second result.

A report is one record in the index. Its other files are listed in its document's meta
(``search.nearcopy.copies``), and everything that counts documents (results, facets,
findings, statistics, exports) counts the report once. Which file's reading stands for the report
does not depend on the order files come in: the one whose format reads best (``PREFERRED``, a
reading without OCR before one with it), then the smallest sha256. A better file met later takes
the report over, and the record it replaces leaves the index (its file stays listed as a copy).

Whether two texts are one report is ``search.nearcopy``'s decision (resemblance of their five-word
runs); candidates come from the band keys of the records this batch holds or wrote, then from the
index (``Backend.near_copies``). A look-alike report is met again and again in a batch (reports
written from one template share their bands): the numbers of the last ``NUMBERS_KEPT`` indexed
candidates are remembered, so one whose numbers differ is told apart without being read again. A queue worker's write asks the
index for the candidates of all its records in one request and reads them in one more
(``Reports.look_up``: those whose remembered numbers differ are not read), instead of two requests
per record: its writes thread is where the worker's jobs wait.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace

from nlp.record import Record
from search import Backend, nearcopy
from search.nearcopy import copies, files

NUMBERS_KEPT = 512  # indexed reports whose numbers a batch remembers
WRITES = 3          # writes whose records are remembered (Elasticsearch shows a write to searches within 1 s)

# formats in the order their reading stands for a report (a format not listed comes last)
PREFERRED = ("docx", "odt", "doc", "rtf", "html", "pdf", "txt")


def _with_copies(record: Record, listed: list[dict]) -> Record:
    own = record.document.source
    kept: dict[str, dict] = {}
    for c in listed:
        if c["source"] != own:
            kept.setdefault(c["source"], c)
    meta = {**record.document.meta, nearcopy.COPIES: sorted(kept.values(), key=lambda c: c["source"])}
    if not kept:
        meta.pop(nearcopy.COPIES)
    return replace(record, document=replace(record.document, meta=meta))


def merged(report: Record, other: Record) -> Record:
    """The report with ``other`` (and the files ``other`` already had) as its files, its own
    reading kept."""
    return _with_copies(report, [*copies(report), *files(other)])


def carried(record: Record, earlier: Record | None) -> Record:
    """``record`` read again (``--force``), keeping the files its earlier reading had."""
    return record if earlier is None or not copies(earlier) else _with_copies(record, [*copies(earlier),
                                                                                     *copies(record)])


def joined(record: Record, report: Record) -> tuple[Record, str]:
    """``record`` and the report it is a file of, as one record: the one whose file reads better
    stands for the report with the other's files added; and the id of the record that leaves."""
    if rank(record) < rank(report):
        return merged(record, report), report.doc_id
    return merged(report, record), record.doc_id


def rank(record: Record) -> tuple:
    doc = record.document
    fmt = PREFERRED.index(doc.format) if doc.format in PREFERRED else len(PREFERRED)
    return (bool(doc.meta.get("ocr_pages")), fmt, doc.sha256)


class Reports:
    """Finds the report a new record is a file of, among the records of a batch (``pending``: not
    yet written) and in the index."""

    def __init__(self, backend: Backend, numbers: OrderedDict[str, frozenset[str]] | None = None):
        self.backend = backend
        # band key -> doc id, of the records the batch holds and of those of its last WRITES writes (an
        # index may show a write to searches a second later); older ones the index finds
        self.recent: dict[int, str] = {}
        self.written: list[dict[int, str]] = []
        # what ``look_up`` asked the index at once: doc id -> its candidates; candidates read
        self.indexed: dict[str, list[str]] = {}
        self.read: dict[str, Record] = {}
        # doc id -> the numbers its indexed text states: a look-alike report is met again and again in
        # a batch, and one whose numbers differ is told apart without reading it again (a queue worker
        # passes the one memory of all its writes)
        self.numbers: OrderedDict[str, frozenset[str]] = OrderedDict() if numbers is None else numbers

    def look_up(self, records: list[Record]) -> None:
        """Ask the index for the candidates of all ``records`` in one request and read them in one
        more, for ``find`` (the index must not change meanwhile: ``grouped`` writes after)."""
        asked = [r for r in records if nearcopy.bands(r.text)]
        found = self.backend.near_copies([r.text for r in asked])
        self.indexed = {r.doc_id: ids for r, ids in zip(asked, found)}
        own = {r.doc_id for r in records}
        wanted: dict[str, None] = {}
        for record, ids in zip(asked, found):
            for doc_id in ids:
                if doc_id not in own and doc_id not in wanted and not self._told_apart(doc_id, record.text):
                    wanted[doc_id] = None
        self.read = self.backend.get_many(list(wanted))

    def remember(self, record: Record) -> None:
        for key in nearcopy.bands(record.text):
            self.recent[key] = record.doc_id

    def forget(self, doc_id: str) -> None:
        for keys in (self.recent, *self.written):
            for key in [k for k, v in keys.items() if v == doc_id]:
                del keys[key]
        self.numbers.pop(doc_id, None)

    def flushed(self, written: Iterable[str] = ()) -> None:
        """The records held were written (``written``: their ids, whose indexed text may have changed)."""
        self.written = [self.recent, *self.written][:WRITES]
        self.recent = {}
        for doc_id in written:
            self.numbers.pop(doc_id, None)

    def find(self, record: Record, pending: dict[str, Record]) -> Record | None:
        """The report ``record`` is another file of (the pending version if the batch holds it), or
        None. ``pending``: doc id -> record, what the batch will write."""
        keys = nearcopy.bands(record.text)
        if not keys:
            return None
        seen = {record.doc_id}
        shared: dict[str, int] = {}
        for known in (self.recent, *self.written):
            for k in keys:
                if k in known:
                    shared[known[k]] = shared.get(known[k], 0) + 1
        candidates = sorted((d for d, n in shared.items() if n >= nearcopy.SHARED), key=lambda d: -shared[d])
        for doc_id in [*candidates, None]:
            if doc_id is None:          # then the index, once the batch's own are checked
                indexed = self.indexed.get(record.doc_id)
                if indexed is None:
                    indexed = self.backend.near_copies([record.text])[0]
                for found in indexed:
                    if found not in seen:
                        report = self._check(found, record.text, pending)
                        if report is not None:
                            return report
                        seen.add(found)
                return None
            if doc_id in seen:
                continue
            seen.add(doc_id)
            report = self._check(doc_id, record.text, pending)
            if report is not None:
                return report
        return None

    def _told_apart(self, doc_id: str, text: str) -> bool:
        """Whether the indexed ``doc_id``'s remembered numbers differ from those ``text`` states (False
        when they are not remembered: it must be read)."""
        known = self.numbers.get(doc_id)
        if known is None:
            return False
        self.numbers.move_to_end(doc_id)
        return not nearcopy.same_numbers(nearcopy.numbers(text), known)

    def _check(self, doc_id: str, text: str, pending: dict[str, Record]) -> Record | None:
        report = pending.get(doc_id)
        if report is None:
            if self._told_apart(doc_id, text):
                return None
            report = self.read.get(doc_id) or self.backend.get(doc_id)
            if report is None:
                return None
            if doc_id not in self.numbers:
                self.numbers[doc_id] = nearcopy.numbers(report.text)
                if len(self.numbers) > NUMBERS_KEPT:
                    self.numbers.popitem(last=False)
        return report if nearcopy.same_report(text, report.text) else None


def grouped(backend: Backend, records: list[Record],
            numbers: OrderedDict[str, frozenset[str]] | None = None) -> tuple[list[Record], set[str]]:
    """The records of one write (a queue worker's), each report once, with the files of it met in
    the write or already in the index: ``(records to write, ids of indexed records that became a file
    of another report and leave the index)``. ``numbers``: the worker's memory of the numbers of the
    look-alikes it read (``Reports.numbers``), kept from one write to the next."""
    reports = Reports(backend, numbers)
    pending: dict[str, Record] = {}
    retired: set[str] = set()
    if any(nearcopy.bands(r.text) for r in records):
        backend.refresh()           # the other workers' last writes too, before they are looked for
        reports.look_up(records)
    for record in records:
        held = pending.pop(record.doc_id, None)
        if held is not None:
            record = merged(record, held)
        report = reports.find(record, pending)
        if report is None:
            pending[record.doc_id] = record
            reports.remember(record)
            continue
        pending.pop(report.doc_id, None)
        kept, left = joined(record, report)
        retired.add(left)
        reports.forget(left)
        pending[kept.doc_id] = kept
        retired.discard(kept.doc_id)
        reports.remember(kept)
    reports.flushed(pending)       # written now: their indexed text changes
    return list(pending.values()), retired - pending.keys()
