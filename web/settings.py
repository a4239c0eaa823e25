"""Every setting kiemtra reads, declared once: name, default, help. Read only at the edges
(``create_app`` when given no config, the CLI); library code gets plain arguments."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping


@dataclass(frozen=True)
class Setting:
    name: str           # Flask config key; the environment variable is KIEMTRA_<name>
    default: object
    help: str
    parse: Callable[[str], object] = str

    @property
    def env(self) -> str:
        return f"KIEMTRA_{self.name}"


SETTINGS: tuple[Setting, ...] = (
    Setting("INDEX", None, "Where the index lives: sqlite:///path/to/index.db (the embedded default, "
            "kept in the instance folder when unset) or http(s)://host:9200 for Elasticsearch."),
    Setting("ES_API_KEY", None, "Elasticsearch API key (base64 id:key), when the cluster needs one."),
    Setting("ES_USER", None, "Elasticsearch user name for basic authentication."),
    Setting("ES_PASSWORD", None, "Elasticsearch password for basic authentication."),
    Setting("ES_CA_CERTS", None, "Path to the CA certificate that signed the cluster's HTTPS certificate."),
    Setting("ES_TIMEOUT", 30.0, "Seconds to wait for Elasticsearch before a request fails.", float),
    Setting("ES_INDEX", "kiemtra", "Name of the Elasticsearch alias the documents are served from."),
    Setting("STORAGE", None, "Folder where uploaded originals are kept for download (default: "
            "the instance folder's files/).", str),
    Setting("TOKEN", None, "Administrator token required for writes from the web (upload); "
            "when unset, the web interface is read-only."),
    Setting("SECRET_KEY", None, "Secret for signing sessions and CSRF tokens; a random one is made at "
            "start when unset (sessions then do not survive a restart)."),
    Setting("MAX_UPLOAD_MB", 50, "Largest upload accepted from the browser, in megabytes.", int),
    Setting("UPLOAD_TIME_LIMIT", 300.0, "Seconds one uploaded file may take to read and extract (as "
            "kiemtra ingest --time-limit).", float),
    Setting("UPLOAD_MEMORY_LIMIT_MB", 2048, "Megabytes of memory the worker reading an upload may take "
            "on top of what it starts with (as kiemtra ingest --memory-limit).", int),
    Setting("PER_PAGE", 20, "Results per page on the search page.", int),
    Setting("QUEUE", None, "PostgreSQL URL of the ingest queue (postgresql://user@host:5432/db) for "
            "kiemtra worker, kiemtra status and the /ingest page; unset: no queue."),
)


def from_env(environ: Mapping[str, str]) -> dict:
    """The settings present in ``environ``, parsed; absent ones are left to their defaults."""
    out = {}
    for s in SETTINGS:
        if environ.get(s.env) not in (None, ""):
            out[s.name] = s.parse(environ[s.env])
    return out


def defaults() -> dict:
    return {s.name: s.default for s in SETTINGS}
