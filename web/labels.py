"""Names people read for codes the pages and exports show, from the message table (``ingest/messages.py``)."""
from __future__ import annotations

from ingest.messages import msg

KINDS = ("strength", "limitation", "recommendation")
KIND_LABELS = {kind: msg(f"kind.{kind}") for kind in KINDS}    # Ưu điểm, Hạn chế, Kiến nghị
