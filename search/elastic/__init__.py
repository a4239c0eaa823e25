"""The scale-out backend: Elasticsearch through the official client.

Works on a bare server (no analysis-common, Painless, reindex or ingest modules): diacritic folding is
done here in Python, so the index only needs the ``standard`` analyzer, ``keyword``, ``nested``,
bool/match_phrase/terms/range/wildcard queries, terms/nested aggregations and PIT + ``search_after``.

Layout: documents live in ``<index>-v<MAPPING_VERSION>-<timestamp>`` behind the alias ``<index>``
(default ``kiemtra``); one finding per document in ``<index>-findings-v<MAPPING_VERSION>-<timestamp>``
behind ``<index>-findings``; the ingest manifest in ``<index>-files``. One document per distinct file
content, ``_id`` = sha256. Each document carries

- ``title``/``body``: the original text (``body`` is what snippets and ``get`` are built from);
- ``title_folded``/``body_folded``: ``search.query.words`` of the text joined by spaces, so the
  standard analyzer sees exactly the words the SQLite backend indexes (not kept in ``_source``);
- ``facets``: nested ``{field, value, key}`` rows from ``search.facets.facet_rows`` (filters, as
  SQLite's ``facets`` table);
- ``fk.<field>`` (the keys of each facet field, on the document itself, not nested: facet counts
  are a plain ``terms`` aggregation, five times cheaper than over nested rows) and ``fv.<field>``
  (``key<US>value`` pairs: the value shown for a key is the smallest pair with its prefix);
- ``figs``: ``date<US>wseq<US>position<US>value<US>unit<US>sha256<US>unit key`` of each figure of a
  dated document, doc values only: the figures of the statistics are read from an aggregation of
  them in key order (date, then write order), never from ``_source``; ``figure_units``, their unit
  keys, narrows the documents first;
- ``date`` (``search.facets.record_date``, an ISO string compared as text, as SQLite does), its
  ``year`` and ``month``; ``seq`` (first insertion, kept on re-upsert: the tie-break of document
  sorts) and ``wseq`` (last write: the order of findings and figures, as SQLite's row ids);
- ``findings`` and ``figures`` (nested: statistics), ``references``, ``people`` (nested);
- ``record``: ``Record.to_json()`` as stored, not indexed, to rebuild the Record.

A finding document (``<sha256>:<n>``) repeats what findings search filters and shows of its
document (``facets``, ``date``, ``wseq``, source, title, units), since the bare server has no join.

The parts:

- ``mapping``: index settings and mappings, the mapping version, versioned index names,
  ``MappingVersionError``;
- ``documents``: the document and the finding documents of a Record (folded companion fields);
- ``query``: the query compiler (``build_query``), sorts, facet and statistics aggregations;
- ``bulk``: the bulk writer (serialized bodies, retries with backoff, refused documents),
  ``BulkIndexingFailed``;
- ``reindex``: ``kiemtra reindex`` (point-in-time copy, atomic alias swap, the lock index);
- ``errors``: what the client's failures mean, in messages;
- ``backend``: ``ElasticsearchBackend``, which composes them.

An index with an older mapping version is opened for ``reindex()`` to upgrade with
``ElasticsearchBackend(url, ..., allow_old_mapping=True)``.
"""
from __future__ import annotations

from .backend import ElasticsearchBackend
from .bulk import TRANSIENT_STATUS, BulkIndexingFailed, BulkWriter, _ahead
from .documents import document, finding_documents
from .mapping import (FILES_MAPPINGS, FINDINGS_MAPPINGS, FINDINGS_SETTINGS, MAPPING_VERSION, MAPPINGS, META_KEY,
                      REINDEX_HINT, SETTINGS, US, MappingVersionError)
from .query import DOC_FIELDS, FACET_SIZE, FIGURES_LIMIT, HIT_SOURCE, MAX_BUCKETS, TITLE_BOOST, build_query
from .reindex import Reindexer

__all__ = [
    "ElasticsearchBackend", "BulkIndexingFailed", "BulkWriter", "MappingVersionError", "Reindexer",
    "MAPPING_VERSION", "META_KEY", "MAPPINGS", "SETTINGS", "FINDINGS_MAPPINGS", "FINDINGS_SETTINGS",
    "FILES_MAPPINGS", "REINDEX_HINT", "US", "TRANSIENT_STATUS", "TITLE_BOOST", "FACET_SIZE", "HIT_SOURCE",
    "MAX_BUCKETS", "FIGURES_LIMIT", "DOC_FIELDS", "build_query", "document", "finding_documents", "_ahead",
]
