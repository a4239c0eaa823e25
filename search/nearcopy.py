"""Files of one report: texts that are the same report in another file (the ``.docx``, ``.pdf`` and
``.txt`` of one document), told apart from reports that merely look alike.

Two texts are the same report when the sets of their five-word runs (shingles, folded: case,
diacritics and ``đ`` do not count, nor do line breaks or page layout) overlap by at least
``SAME_REPORT`` (Jaccard resemblance), and so do the numbers they state (every word with a digit:
dates, document numbers and symbols, figures; the readers leave page numbers out) by at least
``SAME_NUMBERS``: when in doubt, two documents stay two results rather than one hiding the other. A PDF's running header, a web page's menu or a text file's own
title line change a few shingles, not the report; two reports written from one template share their
boilerplate but not their findings and names; a plan issued again with another number and date
shares nearly all its words but not its numbers, nor do two minutes that differ in their number.

Finding candidates among millions of documents uses MinHash signatures (``datasketch``) cut into
bands (locality-sensitive hashing): the index keeps each document's ``BANDS`` band keys, and a new
text's candidates are the documents that share at least one key. With 20 bands of 5 rows, a pair
at resemblance 0.8 shares a band with probability 0.9997, a pair at 0.3 with probability 0.05;
every candidate is then checked on its exact resemblance, so a band shared by chance groups
nothing, and a candidate must share ``SHARED`` keys (a pair at 0.8 shares 6.6 on average and fewer
than two once in 250; a pair at 0.5, 0.6). Texts under ``MIN_WORDS`` words are too short to tell a copy from a look-alike and get no
bands: only files with identical bytes are grouped for them.
"""
from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from functools import lru_cache

from nlp.normalize import fold
from nlp.record import Record

SHINGLE = 5            # words per shingle
BANDS, ROWS = 20, 5    # MinHash permutations = BANDS * ROWS
MIN_WORDS = 40         # shorter texts get no bands
SAME_REPORT = 0.8      # exact resemblance from which two texts are one report
SAME_NUMBERS = 0.9     # ... and of the numbers they state
_SEED = 1              # fixed: band keys are stored in indices and must not change between runs


SHARED = 2             # band keys a candidate shares at least (one alone is mostly chance)


@lru_cache(maxsize=1)
def _template():
    from datasketch import MinHash     # imported when first needed: every command imports this module

    return MinHash(num_perm=BANDS * ROWS, seed=_SEED)


@lru_cache(maxsize=16)
def _folded(text: str) -> str:
    return fold(text)


@lru_cache(maxsize=16)
def shingles(text: str) -> frozenset[bytes]:
    """The folded five-word runs of ``text`` (empty under ``MIN_WORDS`` words)."""
    words = _folded(text).split()
    if len(words) < MIN_WORDS:
        return frozenset()
    return frozenset(map(str.encode, map(" ".join, zip(*(words[i:] for i in range(SHINGLE))))))


def bands_of(runs: frozenset[bytes]) -> tuple[int, ...]:
    """The band keys of a shingle set, as signed 64-bit integers (storable as SQLite INTEGER and
    Elasticsearch ``long``); ``()`` for an empty set."""
    if not runs:
        return ()
    template = _template()
    m = type(template)(num_perm=BANDS * ROWS, seed=_SEED, permutations=template.permutations, scheme=template.scheme)
    m.update_batch(sorted(runs))
    import numpy as np      # here, not at import: numpy comes with the MinHash, and the command line starts faster

    values = np.asarray(m.hashvalues, dtype="<u4").reshape(BANDS, ROWS)
    keys = []
    for i, row in enumerate(values):
        digest = hashlib.blake2b(i.to_bytes(2, "little") + row.tobytes(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return tuple(keys)


_CACHE: OrderedDict[str, tuple[int, ...]] = OrderedDict()
_CACHE_SIZE = 256
_CACHE_LOCK = threading.Lock()


def bands(text: str) -> tuple[int, ...]:
    """The band keys of ``text``, cached (a batch looks a record up, then the index stores it), or as
    given by ``known`` (the process that read the file computed them)."""
    with _CACHE_LOCK:
        keys = _CACHE.get(text)
        if keys is not None:
            _CACHE.move_to_end(text)
            return keys
    keys = bands_of(shingles(text))
    known(text, keys)
    return keys


def known(text: str, keys: tuple[int, ...]) -> None:
    """Remember the band keys of ``text`` computed elsewhere (``pipeline.pool``'s reading processes)."""
    with _CACHE_LOCK:
        _CACHE[text] = keys
        _CACHE.move_to_end(text)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)


def resemblance(a: frozenset[bytes], b: frozenset[bytes]) -> float:
    """Jaccard resemblance of two shingle sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


_NUMBER = re.compile(r"\w*\d[\w/.,:-]*\w|\d")
# the runs of characters a number may hold: a number never leaves its run, so matching run by run
# finds the same numbers, and the runs without a digit (most words) are not searched at all
_RUN = re.compile(r"[\w/.,:-]+")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=16)
def numbers(text: str) -> frozenset[str]:
    """The numbers ``text`` states (folded)."""
    return frozenset(n for run in _RUN.findall(_folded(text)) if _DIGIT.search(run) for n in _NUMBER.findall(run))


def same_numbers(a: frozenset[str], b: frozenset[str]) -> bool:
    return (not a and not b) or (len(a & b) / len(a | b) >= SAME_NUMBERS)


def same_report(a: str, b: str) -> bool:
    # the numbers first: they are fewer, and two look-alike reports mostly differ in them
    return (same_numbers(numbers(a), numbers(b))
            and resemblance(shingles(a), shingles(b)) >= SAME_REPORT)


# A report's other files (``pipeline.copies`` decides which they are) are kept in its document's
# meta, ``{"source", "sha256", "format"}`` each: the index reads them for the format facet and results.
COPIES = "copies"


def copies(record: Record) -> list[dict]:
    """The report's other files."""
    return list(record.document.meta.get(COPIES) or ())


def files(record: Record) -> list[dict]:
    """Every file of the report, its own first."""
    doc = record.document
    return [{"source": doc.source, "sha256": doc.sha256, "format": doc.format}, *copies(record)]


def formats(record: Record) -> tuple[str, ...]:
    """The formats the report is held in, its own first."""
    return tuple(dict.fromkeys(f["format"] for f in files(record) if f.get("format")))
