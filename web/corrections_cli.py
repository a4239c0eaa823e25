"""``kiemtra corrections export [--out DIR]``: what staff corrected on document pages, written as gold
annotations (``corpora/gold`` layout) for ``kiemtra evaluate DIR`` (``pipeline.corrections.export``)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from ingest.messages import msg


def _show_help(ctx: click.Context, _param, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


@click.group("corrections", cls=AppGroup)   # its commands run in the app's context
def corrections_group():
    """help.corrections"""


@corrections_group.command("export", add_help_option=False)
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("corrections-gold"),
              show_default=True)
def export_command(out: Path):
    from pipeline.corrections import export
    from search import IndexUnavailable

    from . import get_backend

    try:
        written = export(get_backend(), out)
    except IndexUnavailable as exc:
        click.echo(f"kiemtra: không mở được chỉ mục: {exc.reason}", err=True)
        sys.exit(3)
    except OSError as exc:
        click.echo(f"kiemtra: không ghi được vào {out}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    for stem, record in written:
        fields = ", ".join(record.document.meta.get("corrections", {}).get("fields") or ()) or "—"
        click.echo(f"{stem}\t{record.document.source}\t{fields}")
    click.echo(f"{len(written)} văn bản đã hiệu chỉnh được ghi vào {out}; chấm điểm: kiemtra evaluate {out}",
               err=True)


def register(cli) -> None:
    """Add ``kiemtra corrections`` to ``cli``; the sub-command's help comes from the message table
    (``help.corrections.export``, ``help.corrections.export.out``), like every other command's."""
    export_command.help = msg("help.corrections.export")
    export_command.params.append(click.Option(["--help"], is_flag=True, expose_value=False, is_eager=True,
                                              callback=_show_help, help=msg("help.help")))
    for param in export_command.params:
        if isinstance(param, click.Option) and param.name == "out":
            param.help = msg("help.corrections.export.out")
    cli.add_command(corrections_group)
