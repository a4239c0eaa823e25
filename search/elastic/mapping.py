"""The Elasticsearch indices kiemtra writes: their settings and mappings, the mapping version they
carry in ``_meta``, and the versioned index names behind the aliases.

An index is named ``<alias>-v<MAPPING_VERSION>-<timestamp>``; its mapping's ``_meta`` holds
``META_KEY: MAPPING_VERSION``. An index of another version is refused when opened
(``MappingVersionError``), unless the backend is opened with ``allow_old_mapping=True`` for
``kiemtra reindex`` to upgrade an older one.
"""
from __future__ import annotations

from datetime import datetime, timezone

from ..base import FACET_FIELDS, IndexUnavailable
from ..query import MAX_PAGE, MAX_PER_PAGE

MAPPING_VERSION = 4
META_KEY = "kiemtra_mapping_version"
US = "\x1f"           # joins the parts of ``fv`` and ``figs`` values (never in folded text)

_KW = {"type": "keyword", "ignore_above": 4096}
_TEXT = {"type": "text", "analyzer": "standard"}
_STORED = {"type": "keyword", "index": False, "doc_values": False}  # shown, never searched
_FACETS = {"type": "nested", "properties": {"field": {"type": "keyword"}, "value": _KW, "key": _KW}}
_AGG_KW = {**_KW, "eager_global_ordinals": True}  # aggregated by every search: ordinals built at refresh

MAPPINGS = {
    "dynamic": "strict",
    "_meta": {META_KEY: MAPPING_VERSION, "app": "kiemtra"},
    "_source": {"excludes": ["title_folded", "body_folded"]},
    "properties": {
        "sha256": {"type": "keyword"},
        "seq": {"type": "long"},
        "source": {"type": "keyword"},
        "format": {"type": "keyword"},
        "title": _TEXT,
        "title_folded": _TEXT,
        "body": _TEXT,
        "body_folded": _TEXT,
        "date": {"type": "keyword"},
        "year": {"type": "keyword"},
        "month": {"type": "keyword"},
        "published": {"type": "keyword"},
        "wseq": {"type": "long"},
        "nfindings": {"type": "integer"},
        "indexed_at": {"type": "date"},
        "activity": _KW,
        "inspected_units": _KW,
        "inspecting_bodies": _KW,
        "organizations": _KW,
        "facets": _FACETS,
        "fk": {"properties": {f: _AGG_KW for f in FACET_FIELDS}},
        "fv": {"properties": {f: _AGG_KW for f in FACET_FIELDS}},
        "figs": {"type": "keyword", "index": False, "ignore_above": 8192},
        "figure_units": _KW,
        "references": {"type": "nested", "properties": {
            "text": _TEXT, "type": _KW, "number": _KW, "symbol": _KW, "key": _KW, "date": _KW,
            "issuer": _KW}},
        "people": {"type": "nested", "properties": {"name": _KW, "role": _KW}},
        "figures": {"type": "nested", "properties": {
            "text": _TEXT, "value": {"type": "double"}, "unit": _KW, "unit_key": _KW}},
        "findings": {"type": "nested", "properties": {"kind": {"type": "keyword"}, "text": _TEXT}},
        "bands": {"type": "long"},      # near-copy band keys (search.nearcopy)
        "record": {"type": "object", "enabled": False},
    },
}
SETTINGS = {
    "number_of_shards": 1,              # exact facet counts; one shard holds millions of reports
    "auto_expand_replicas": "0-1",      # green on one node, a replica once there are two
    "max_result_window": MAX_PAGE * MAX_PER_PAGE,  # any page the query syntax allows, as SQLite
}
FINDINGS_MAPPINGS = {
    "dynamic": "strict",
    "_meta": {META_KEY: MAPPING_VERSION, "app": "kiemtra"},
    "_source": {"excludes": ["text_folded"]},
    "properties": {
        "doc_id": {"type": "keyword"}, "n": {"type": "integer"}, "kind": {"type": "keyword"},
        "text": {"type": "text", "index": False}, "text_folded": _TEXT,
        "start": {"type": "integer"}, "end": {"type": "integer"},
        "date": {"type": "keyword"}, "wseq": {"type": "long"}, "facets": _FACETS,
        "source": _STORED, "title": {"type": "text", "index": False}, "inspected_units": _STORED,
    },
}
FINDINGS_SETTINGS = SETTINGS
FILES_MAPPINGS = {
    "dynamic": "strict",
    "_meta": {META_KEY: MAPPING_VERSION, "app": "kiemtra"},
    "properties": {
        "path": {"type": "keyword"}, "sha256": {"type": "keyword"}, "size": {"type": "long"},
        "format": {"type": "keyword"}, "status": {"type": "keyword"},
        "error": {"type": "keyword", "index": False, "doc_values": False}, "updated": {"type": "keyword"},
    },
}
ITEMS_MAPPINGS = {
    "dynamic": "strict",
    "_meta": {META_KEY: MAPPING_VERSION, "app": "kiemtra"},
    "properties": {
        "kind": {"type": "keyword"}, "key": {"type": "keyword"},
        "value": {"type": "object", "enabled": False}, "updated": {"type": "keyword"},
    },
}


REINDEX_HINT = ("Upgrade it in place with `kiemtra reindex`: it copies every document into a new index "
                "with this version's mapping and moves the alias there; searches keep working meanwhile")


class MappingVersionError(IndexUnavailable):
    """The index was made by another version of kiemtra's mapping: ``kiemtra reindex`` upgrades an
    older one."""

    def __init__(self, url: str, index: str, found, expected: int, alias: str):
        if isinstance(found, int) and found < expected:
            why = (f"index {index!r} (alias {alias!r}) has mapping version {found}, older than this "
                   f"kiemtra's version {expected}. {REINDEX_HINT}")
        elif isinstance(found, int):
            why = (f"index {index!r} (alias {alias!r}) has mapping version {found}, newer than this "
                   f"kiemtra's version {expected}: upgrade kiemtra, or use another index name")
        else:
            why = (f"index {index!r} (alias {alias!r}) was not made by kiemtra (no {META_KEY} in its "
                   f"_meta): use another index name")
        super().__init__(url, why)
        self.index, self.found, self.expected = index, found, expected

    @property
    def older(self) -> bool:
        return isinstance(self.found, int) and self.found < self.expected


def create_index(client, alias: str, mappings: dict, settings: dict, *, behind_alias: bool = True) -> str:
    """Create ``<alias>-v<MAPPING_VERSION>-<timestamp>``, behind ``alias`` unless told not to."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")
    index = f"{alias}-v{MAPPING_VERSION}-{stamp}"
    client.indices.create(index=index, mappings=mappings, settings=settings,
                          aliases={alias: {"is_write_index": True}} if behind_alias else None,
                          wait_for_active_shards="1")
    if not behind_alias:
        return index
    # two processes may have created an index at once: keep the older one
    indices = sorted(client.indices.get_alias(name=alias))
    if len(indices) > 1 and indices[0] != index:
        client.indices.delete(index=index)
        return indices[0]
    return index


def check_version(client, url: str, index: str, alias: str, older_ok: bool = False):
    """The mapping version of ``index``; raises MappingVersionError unless it is this code's
    (or older, when ``older_ok``). ``url``: the cluster's, for the message (without a password)."""
    mapping = client.indices.get_mapping(index=index)
    meta = next(iter(mapping.values()))["mappings"].get("_meta") or {}
    found = meta.get(META_KEY)
    if found != MAPPING_VERSION:
        err = MappingVersionError(url, index, found, MAPPING_VERSION, alias)
        if not (older_ok and err.older):
            raise err
    return found
