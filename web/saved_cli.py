"""``kiemtra alerts``: what is new for each saved search since the last run (``search.saved.news``),
for a cron job. What a run has seen is kept in the index, so the next run lists only what came after."""
from __future__ import annotations

import json
import sys

import click
from flask.cli import with_appcontext

from ingest.messages import msg


def _when(iso: str) -> str:
    from .saved import vn_time

    return vn_time(iso)


@click.command("alerts")
@click.option("--json", "as_json", is_flag=True)
@click.option("--url", "base_url", metavar="URL", default=None)
@click.option("--dry-run", is_flag=True)
@with_appcontext
def alerts_command(as_json, base_url, dry_run):
    """Print what is new for each saved search since the last run."""
    from search import IndexUnavailable, QueryError
    from search import saved as saved_searches

    from . import get_backend
    from .labels import KIND_LABELS

    base = (base_url or "").rstrip("/")
    try:
        backend = get_backend()
        every = saved_searches.listed(backend)
        if not every and not as_json:
            click.echo(msg("saved-search-none"))
        for s in every:
            try:
                new = saved_searches.news(backend, s, commit=not dry_run)
            except QueryError as exc:       # a query an older kiemtra accepted and this one does not
                click.echo(msg("saved-search-invalid", name=s.name, reason=str(exc)), err=True)
                continue
            if as_json:
                click.echo(json.dumps({"id": s.key, "name": s.name, "query": s.query, "view": s.view,
                                       "link": f"{base}/tim-kiem-da-luu/{s.key}",
                                       "new": [{**d.as_json(), "link": f"{base}/doc/{d.doc_id}"} for d in new]},
                                      ensure_ascii=False))
                continue
            query = s.query or msg("saved-search-all")
            if not new:
                click.echo(msg("saved-search-nothing-new", name=s.name, query=query))
                continue
            click.echo(msg("saved-search-new", name=s.name, query=query, count=len(new)))
            for d in new:
                click.echo(f"  • {d.title or d.source}")
                click.echo(f"    {base}/doc/{d.doc_id} · {d.source} · "
                           + msg("saved-search-indexed", when=_when(d.indexed_at)))
                for kind, text in d.findings:
                    click.echo(f"    - {KIND_LABELS.get(kind, kind)}: {text}")
    except IndexUnavailable as exc:
        click.echo(f"kiemtra: không mở được chỉ mục: {exc.reason}", err=True)
        sys.exit(3)


def register(cli) -> None:
    cli.add_command(alerts_command)
