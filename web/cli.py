"""The ``kiemtra`` command line: a Flask click group, so every command shares the app's settings."""
from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup

from ingest.messages import has, msg
from search import IndexUnavailable, QueryError, parse

from . import create_app, get_backend
from . import corrections_cli as _corrections_cli
from . import queue_cli as _queue_cli
from . import saved_cli as _saved_cli


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
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--retry-failed/--no-retry-failed", default=True, show_default=True)
@click.option("--force", is_flag=True)
@click.option("-j", "--jobs", type=click.IntRange(0), default=None)
@click.option("--time-limit", type=click.FloatRange(1), default=300, show_default=True)
@click.option("--memory-limit", type=click.IntRange(64), default=2048, show_default=True)
@click.option("--progress/--no-progress", default=None)
@click.option("--queue", "queue_url", metavar="URL", default=None)
def ingest_command(paths, retry_failed, force, jobs, time_limit, memory_limit, progress, queue_url):
    """Ingest files, folders and zip archives into the index.

    Exits with the number of files that failed (at most 100); `kiemtra failures` lists them.
    """
    from ingest import printable
    from pipeline import MAX_LISTED, failed_paths, run_batch

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail("không tìm thấy: " + ", ".join(missing), 2)
    if queue_url is not None:
        from .queue_cli import enqueue

        return enqueue(queue_url, paths, retry_failed=retry_failed, progress=progress)
    try:
        backend = get_backend()
        if not paths:
            if not retry_failed:
                _fail("cần ít nhất một PATH (hoặc --retry-failed để thử lại các tệp lỗi)", 2)
            paths = [Path(p) for p in failed_paths(backend)]
            gone = [str(p) for p in paths if not p.exists()]
            paths = [p for p in paths if p.exists()]
            for p in gone:
                click.echo(f"BỎ QUA  {printable(str(p))}: không còn tồn tại", err=True)
            if not paths:
                click.echo("Không có tệp lỗi nào để thử lại.")
                return
        show = sys.stderr.isatty() if progress is None else progress
        report = run_batch(paths, backend, retry_failed=retry_failed, force=force, progress=show,
                           jobs=(os.cpu_count() or 1) if jobs is None else jobs, time_limit=time_limit,
                           memory_limit_mb=memory_limit)
    except IndexUnavailable as exc:
        _fail(f"không mở được chỉ mục: {exc.reason}", 3)
    for source, reason in report.ignored:
        click.echo(f"BỎ QUA  {printable(source)}: {printable(reason)}", err=True)
    for source, reason in report.failed:
        click.echo(f"LỖI  {printable(source)}: {printable(reason)}", err=True)
    if report.failed_count > MAX_LISTED:
        click.echo(f"... và {report.failed_count - MAX_LISTED} tệp lỗi nữa (xem `kiemtra failures`)", err=True)
    rate = report.seen / report.seconds if report.seconds else 0.0
    click.echo(f"{report.indexed} tệp đã lập chỉ mục, {report.skipped} tệp không đổi đã bỏ qua, "
               f"{report.duplicates} tệp trùng nội dung, "
               + (f"{report.ignored_count} mục không phải văn bản đã bỏ qua, " if report.ignored_count else "")
               + f"{report.failed_count} tệp lỗi "
               f"({report.seconds:.1f} giây, {rate:.1f} tệp/giây). Chỉ mục: {backend.url}")
    if report.failed_count:
        click.echo(f"kiemtra: {report.failed_count} tệp lỗi; mã thoát {min(report.failed_count, 100)} "
                   "= số tệp lỗi (tối đa 100). Xem `kiemtra failures`, thử lại: "
                   "`kiemtra ingest --retry-failed`.", err=True)
        sys.exit(min(report.failed_count, 100))


@cli.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@click.option("--text", "with_text", is_flag=True)
@click.option("--time-limit", type=click.FloatRange(1), default=300, show_default=True)
def extract_command(files, as_json, with_text, time_limit):
    """Extract the record of each file (no index needed).

    With --json, line N is the record of FILE N; a file that cannot be read gives a line
    {"source": ..., "error": ...} and the command exits non-zero.
    """
    from pipeline import Task, process

    failed = 0
    for path in files:
        result = process(Task(str(path), None, None, path=str(path)), time_limit=time_limit)
        if not result.ok:
            failed += 1
            click.echo(f"kiemtra: {path}: {result.reason}", err=True)
            if as_json:
                click.echo(json.dumps({"source": str(path), "error": result.reason, "error_code": result.code},
                                      ensure_ascii=False))
            continue
        data = result.record.to_json(text=with_text)
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
@click.option("--json", "as_json", is_flag=True)
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
                                   "formats": list(h.formats or (h.format,)), "score": h.score, "snippet": "".join(t for t, _ in h.snippet)},
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
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sep", type=click.Choice(["comma", "semicolon"]), default="comma", show_default=True)
def export_command(query, fmt, table, output, sep):
    """Export what matches QUERY (everything when empty) as CSV, XLSX or JSON Lines."""
    from .exports import SEPARATORS, WRITERS, export

    binary = WRITERS[fmt][1]
    if output is None and binary:
        _fail("xlsx cần --output FILE", 2)
    try:
        q = parse(" ".join(query))
        records = get_backend().iter_records(q)
        if output is None:
            n = export(table, fmt, records, sys.stdout, q.values("kind"), SEPARATORS[sep])
        else:
            with open(output, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8",
                                                                               "newline": ""})) as fh:
                n = export(table, fmt, records, fh, q.values("kind"), SEPARATORS[sep])
    except QueryError as exc:
        _fail(f"truy vấn không hợp lệ: {exc}", 2)
    except IndexUnavailable as exc:
        _fail(f"không mở được chỉ mục: {exc.reason}", 3)
    click.echo(f"Đã xuất {n} dòng" + (f" vào {output}" if output else ""), err=True)


@contextlib.contextmanager
def _opening_for_reindex():
    """Opens the app's Elasticsearch index with ``allow_old_mapping=True`` (an index with an older
    mapping is accepted, for reindex to upgrade) as the backend ``get_backend()`` returns; a SQLite
    index is left to ``get_backend()``. The options are those ``get_backend()`` passes."""
    from search import open_backend

    cfg, ext = current_app.config, current_app.extensions
    if "kiemtra.backend" not in ext and not str(cfg["INDEX"]).startswith("sqlite:"):
        options = {k[3:].lower(): cfg.get(k) for k in ("ES_API_KEY", "ES_USER", "ES_PASSWORD", "ES_CA_CERTS",
                                                         "ES_TIMEOUT", "ES_INDEX") if cfg.get(k) is not None}
        ext["kiemtra.backend"] = open_backend(cfg["INDEX"], allow_old_mapping=True, **options)
    yield


@cli.command("reindex")
@click.option("--keep-old", is_flag=True)
@click.option("--progress/--no-progress", default=None)
def reindex_command(keep_old, progress):
    """Rebuild the index with this version's mapping while it keeps serving searches.

    Elasticsearch: copies every document into a new index, moves the alias to it atomically and
    deletes the old index; this also upgrades an index made by an older kiemtra. Writes (ingest,
    upload) are refused until the copy is done: run them again afterwards. SQLite needs no
    reindex (it upgrades its tables when opened); the command says so and exits 0.
    """
    from tqdm import tqdm

    from search.base import Reindexable

    try:
        with _opening_for_reindex():
            backend = get_backend()
        if not isinstance(backend, Reindexable):
            click.echo(f"Chỉ mục {backend.url} không cần lập lại: chỉ mục SQLite tự cập nhật các bảng dẫn "
                       "xuất khi được mở; để trích xuất lại các tệp, dùng `kiemtra ingest --force PATH`.")
            return
        show = sys.stderr.isatty() if progress is None else progress
        with tqdm(total=None, unit=" văn bản", disable=not show, file=sys.stderr) as bar:
            def step(done, total):
                bar.total = total
                bar.update(done - bar.n)

            done = backend.reindex(keep_old=keep_old, progress=step)
    except IndexUnavailable as exc:
        _fail(f"không lập lại được chỉ mục: {exc.reason}", 3)
    versions = (f"phiên bản ánh xạ {done.from_version} → {done.to_version}"
                if done.from_version != done.to_version else f"phiên bản ánh xạ {done.to_version}")
    click.echo(f"Đã lập lại chỉ mục {backend.url}: {done.documents} văn bản, {done.findings} phát hiện "
               f"chép sang {', '.join(done.new)} ({versions}, {done.seconds:.1f} giây).")
    if done.kept:
        click.echo(f"Giữ lại chỉ mục cũ (chỉ đọc): {', '.join(done.kept)}")
    else:
        click.echo(f"Đã xoá chỉ mục cũ: {', '.join(done.old)}")


@cli.command("failures")
@click.option("--json", "as_json", is_flag=True)
def failures_command(as_json):
    """List the files that failed to ingest, and why (path, tab, code: reason)."""
    rows = get_backend().files(status="failed")
    for f in rows:
        if as_json:
            code, _, reason = (f.error or "").partition(": ")
            click.echo(json.dumps({"path": f.path, "sha256": f.sha256, "size": f.size, "code": code,
                                   "reason": reason, "updated": f.updated}, ensure_ascii=False))
        else:
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
    app.config["SERVING"] = True  # a long-running process: worth a second process for ranking (SQLite)
    click.echo(f"kiemtra: http://{host}:{port}/  (chỉ mục: {app.config['INDEX']})", err=True)
    waitress.serve(app, host=host, port=port, threads=threads, ident="kiemtra")


@cli.command("evaluate")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
                default="corpora/gold/real")
@click.option("--json", "as_json", is_flag=True)
@click.option("--baseline/--no-baseline", default=True, show_default=True)
@click.option("--only", type=click.Choice(["all", "dev", "test", "written"]), default="all", show_default=True)
def evaluate_command(gold_dir, as_json, baseline, only):
    """Score extraction against gold annotations: GOLD_DIR/NNN.json + GOLD_DIR/docs/NNN.txt.

    GOLD_DIR defaults to corpora/gold/real, real public pages kept as stored; corpora/gold holds the
    documents written from the rules (a regression set). Every document is read through the
    readers, as a user's file is. Prints precision, recall and F1 per field (findings precision
    too), plus the underthesea ner baseline; matching is described in nlp/evaluate.py. The frozen
    test split (real documents numbered 0 modulo 3) is scored only with --only test.
    """
    from nlp import evaluate as ev
    from pipeline.gold import GoldError, load_cases

    try:
        cases = load_cases(gold_dir, only)
    except GoldError as exc:
        _fail(f"tài liệu chuẩn không đọc được: {exc}", 2)
    if not cases:
        _fail(f"không có tài liệu chuẩn nào trong {gold_dir} (cần NNN.json và docs/NNN.txt)", 2)
    click.echo(ev.report(cases, only, baseline, as_json))


_queue_cli.register(cli)   # kiemtra worker, kiemtra status (ingest on several machines)
_saved_cli.register(cli)   # kiemtra alerts (what is new for each saved search)
_corrections_cli.register(cli)   # kiemtra corrections export (gold annotations from staff's corrections)


def _show_help(ctx: click.Context, _param, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


def _help_from_the_message_table(group: click.Group) -> None:
    """People read the command line's help in Vietnamese, from the message table: ``help.cli`` for
    ``kiemtra --help``, ``help.<command>`` for a command and ``help.<command>.<option>`` (or
    ``help.<option>`` for an option several commands share) for each option. A command or option
    without its text stops here, at import, so none reaches people in English."""
    group.help = msg("help.cli")
    for command in (group, *group.commands.values()):
        command.add_help_option = False
        command.params.append(click.Option(["--help"], is_flag=True, expose_value=False, is_eager=True,
                                           callback=_show_help, help=msg("help.help")))
    for name, command in group.commands.items():
        command.help, command.short_help = msg(f"help.{name}"), None
        for param in command.params:
            if isinstance(param, click.Option):
                option = max(param.opts, key=len).lstrip("-")
                key = next((k for k in (f"help.{name}.{option}", f"help.{option}") if has(k)), None)
                if key is None:
                    raise LookupError(f"no help.{name}.{option} (or help.{option}) in the message table")
                param.help = msg(key)


_help_from_the_message_table(cli)

# Flask's own options (-e/--env-file, -A/--app, --debug) belong to the `flask` command, not to kiemtra
for _param in cli.params:
    if _param.name in ("env_file", "app", "debug"):
        _param.hidden = True

INTERRUPTED = ("kiemtra: đã dừng theo yêu cầu (Ctrl-C). Những gì đã xong được giữ lại; chạy lại đúng lệnh đó "
               "để tiếp tục (các tệp đã nạp và không đổi sẽ được bỏ qua).")


def main():
    try:
        cli(prog_name="kiemtra", standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo(INTERRUPTED, err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
