"""What the Elasticsearch client's failures mean, said in messages: shared by the backend (which
turns them into ``IndexUnavailable``), the bulk writer and reindex."""
from __future__ import annotations

import elastic_transport
from elasticsearch import ApiError


def _describe(cause) -> str:
    """``ConnectionError: ... [Errno 111] Connection refused`` (the client's ``str()`` drops the why)."""
    if isinstance(cause, elastic_transport.TransportError) and not isinstance(cause, ApiError):
        return f"{type(cause).__name__}: {cause.message}"
    return f"{type(cause).__name__}: {cause}" if isinstance(cause, Exception) else str(cause)


def _reason(exc: ApiError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error")
    return (error.get("reason") if isinstance(error, dict) else None) or str(exc.message)


def _blocked(reason: str | None) -> str:
    """What a write refused by an index block means, and what to do."""
    return (f"{reason or 'index write block'}. `kiemtra reindex` blocks writes to the old index while "
            "it copies it; run the same command again once it has finished (records are upserted by "
            "sha256, nothing is duplicated). If no reindex is running, the index was made read-only "
            "(index.blocks.write, or a full disk)")


def _redact(url: str) -> str:
    """The URL without a password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url
