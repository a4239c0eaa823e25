"""What a person reads from the kiemtra command: its own options only, and a Vietnamese word on Ctrl-C
that says a rerun goes on where the batch stopped."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ..ingest.builders import text_reports

KIEMTRA = Path(sys.executable).parent / "kiemtra"


def test_help_shows_kiemtras_options_not_flasks():
    out = subprocess.run([str(KIEMTRA), "--help"], capture_output=True, text=True, timeout=60).stdout
    assert "ingest" in out and "--help" in out
    for flask_option in ("--env-file", "--app", "--debug"):
        assert flask_option not in out


def test_every_command_and_option_is_explained_in_vietnamese_from_the_message_table():
    import click

    from ingest.messages import msg, table
    from web.cli import cli

    texts = {msg(key) for key in table() if key.startswith("help.")}
    assert cli.help in texts
    for name, command in cli.commands.items():
        assert command.help in texts, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help in texts, (name, param.opts)
    out = subprocess.run([str(KIEMTRA), "ingest", "--help"], capture_output=True, text=True, timeout=60).stdout
    assert "Nạp tệp, thư mục và tệp zip vào chỉ mục." in out and "Hiện hướng dẫn này rồi thoát." in out
    assert "Show this message" not in out and "Re-extract" not in out


def test_ctrl_c_says_in_vietnamese_that_a_rerun_resumes(tmp_path):
    folder = tmp_path / "kho"
    files = 1500   # far more than one process reads in the seconds before Ctrl-C, however fast the machine
    text_reports(folder, files)
    env = dict(os.environ, KIEMTRA_INDEX=f"sqlite:///{tmp_path / 'index.db'}")
    # Ctrl-C as a terminal delivers it, even when this run was started in the background (a background job
    # of a non-interactive shell, as CI runners start it, inherits SIGINT ignored)
    proc = subprocess.Popen([str(KIEMTRA), "ingest", str(folder), "--jobs", "1", "--no-progress"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(4)
    assert proc.poll() is None, "the batch ended before Ctrl-C: nothing was interrupted"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, (proc.returncode, err)
    assert "Ctrl-C" in err and "chạy lại" in err and "Aborted!" not in err and "Traceback" not in err
    rerun = subprocess.run([str(KIEMTRA), "ingest", str(folder), "--jobs", "1", "--no-progress"], env=env,
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    total = subprocess.run([str(KIEMTRA), "search", "bao cao", "-n", "1"], env=env, capture_output=True,
                           text=True, timeout=120).stdout
    assert total.startswith(f"{files} văn bản"), total
