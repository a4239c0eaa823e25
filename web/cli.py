"""The ``kiemtra`` command line: a Flask click group, so every command shares the app's settings."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup

from search import IndexUnavailable, QueryError, parse

from . import create_app, get_backend


def _app_factory():
    return create_app()


@click.group(cls=FlaskGroup, create_app=_app_factory, add_default_commands=False,
             add_version_option=False, load_dotenv=False)
def cli():
    """kiemtra: tra cứu và thống kê báo cáo kiểm tra, giám sát.

    Settings come from the environment (KIEMTRA_INDEX, ...); see README.md.
    """


def _fail(message: str, code: int = 1):
    click.echo(f"kiemtra: {message}", err=True)
    sys.exit(code)


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--retry-failed/--no-retry-failed", default=True, show_default=True,
              help="Try again the files that failed in an earlier run.")
@click.option("--force", is_flag=True, help="Re-extract and re-index files already indexed.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when the output is a terminal).")
def ingest_command(paths, retry_failed, force, progress):
    """Ingest files, folders and zip archives into the index."""
    from .pipeline import run_batch

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail("không tìm thấy: " + ", ".join(missing), 2)
    try:
        backend = get_backend()
        show = sys.stderr.isatty() if progress is None else progress
        report = run_batch(paths, backend, retry_failed=retry_failed, force=force, progress=show)
    except IndexUnavailable as exc:
        _fail(f"không mở được chỉ mục: {exc.reason}", 3)
    for source, reason in report.failed:
        click.echo(f"LỖI  {source}: {reason}", err=True)
    click.echo(f"{report.indexed} tệp đã lập chỉ mục, {report.skipped} tệp không đổi đã bỏ qua, "
               f"{len(report.failed)} tệp lỗi ({report.seconds:.1f} giây). Chỉ mục: {backend.url}")
    if report.failed:
        sys.exit(min(len(report.failed), 100))


@cli.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON record per line, in input order.")
@click.option("--text", "with_text", is_flag=True, help="Include the document text in each record.")
def extract_command(files, as_json, with_text):
    """Extract the record of each file (no index needed).

    With --json, line N is the record of FILE N; a file that cannot be read gives a line
    {"source": ..., "error": ...} and the command exits non-zero.
    """
    import ingest
    import nlp

    failed = 0
    for path in files:
        try:
            record = nlp.extract(ingest.read(path))
        except ingest.IngestError as exc:
            failed += 1
            click.echo(f"kiemtra: {exc.source}: {exc.reason}", err=True)
            if as_json:
                click.echo(json.dumps({"source": str(path), "error": exc.reason, "error_code": exc.code},
                                      ensure_ascii=False))
            continue
        data = record.to_json(text=with_text)
        if as_json:
            click.echo(json.dumps(data, ensure_ascii=False))
        else:
            _print_record(data)
    if failed:
        sys.exit(1)


def _print_record(data: dict) -> None:
    click.secho(data["title"] or data["source"], bold=True)
    click.echo(f"  tệp: {data['source']} ({data['format']})  ngày: {data['published'] or '—'}")
    for key, label in (("activity", "hoạt động"), ("inspecting_bodies", "cơ quan kiểm tra"),
                       ("inspected_units", "đơn vị được kiểm tra")):
        if data[key]:
            click.echo(f"  {label}: " + "; ".join(data[key]))
    for r in data["references"]:
        click.echo(f"  trích dẫn: {r['text']}" + (f" ({r['date']})" if r["date"] else ""))
    click.echo(f"  {len(data['dates'])} ngày, {len(data['people'])} người, {len(data['figures'])} số liệu, "
               f"{len(data['findings'])} phát hiện")


@cli.command("search")
@click.argument("query", nargs=-1)
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--page", default=1, type=click.IntRange(1))
@click.option("--sort", type=click.Choice(["relevance", "date", "-date"]), default="relevance")
@click.option("--json", "as_json", is_flag=True, help="Print hits as JSON lines.")
def search_command(query, limit, page, sort, as_json):
    """Search the index (same syntax as the web page)."""
    try:
        q = parse(" ".join(query), per_page=limit, page=page, sort=sort)
        result = get_backend().search(q)
    except QueryError as exc:
        _fail(f"truy vấn không hợp lệ: {exc}", 2)
    except IndexUnavailable as exc:
        _fail(f"không mở được chỉ mục: {exc.reason}", 3)
    if as_json:
        for h in result.hits:
            click.echo(json.dumps({"id": h.doc_id, "source": h.source, "title": h.title, "date": h.date,
                                   "score": h.score, "snippet": "".join(t for t, _ in h.snippet)},
                                  ensure_ascii=False))
        return
    click.echo(f"{result.total} văn bản")
    for h in result.hits:
        click.secho(f"\n{h.title or h.source}", bold=True)
        click.echo(f"  {h.date or '—'} · {h.source}")
        click.echo("  " + "".join(click.style(t, fg="yellow", bold=True) if m else t for t, m in h.snippet))


@cli.command("export")
@click.argument("query", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "xlsx"]), default="csv", show_default=True)
@click.option("--table", type=click.Choice(["documents", "findings", "figures"]), default="documents",
              show_default=True, help="One row per document, per finding or per figure.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (default: standard output; required for xlsx).")
def export_command(query, fmt, table, output):
    """Export what matches QUERY (everything when empty) as CSV, XLSX or JSON Lines."""
    from .exports import WRITERS, export

    binary = WRITERS[fmt][1]
    if output is None and binary:
        _fail("xlsx cần --output FILE", 2)
    try:
        q = parse(" ".join(query))
        records = get_backend().iter_records(q)
        if output is None:
            n = export(table, fmt, records, sys.stdout, q.kinds)
        else:
            with open(output, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8",
                                                                               "newline": ""})) as fh:
                n = export(table, fmt, records, fh, q.kinds)
    except QueryError as exc:
        _fail(f"truy vấn không hợp lệ: {exc}", 2)
    except IndexUnavailable as exc:
        _fail(f"không mở được chỉ mục: {exc.reason}", 3)
    click.echo(f"Đã xuất {n} dòng" + (f" vào {output}" if output else ""), err=True)


@cli.command("failures")
def failures_command():
    """List the files that failed to ingest, and why."""
    rows = get_backend().files(status="failed")
    for f in rows:
        click.echo(f"{f.path}\t{f.error}")
    click.echo(f"{len(rows)} tệp lỗi", err=True)


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
def serve_command(host, port, threads):
    """Serve the web interface (waitress, a production WSGI server)."""
    import waitress

    app = current_app._get_current_object()
    click.echo(f"kiemtra: http://{host}:{port}/  (chỉ mục: {app.config['INDEX']})", err=True)
    waitress.serve(app, host=host, port=port, threads=threads, ident="kiemtra")


def main():
    cli(prog_name="kiemtra")
