"""The command line: options, exit codes, and progress only on a terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from factory import ROOT, make_project

from regsite.cli import options_from, parser


def test_options_map_to_the_build():
    options = options_from(
        parser().parse_args(["--no-search", "--no-mirror", "--no-cache", "--strict", "--offline", "--workers", "3"])
    )
    assert (options.search, options.mirror, options.cache, options.strict, options.offline, options.workers) == (
        False,
        False,
        None,
        True,
        True,
        3,
    )
    assert options_from(parser().parse_args([])).cache == ROOT / ".cache"


def run_build(tmp_path, *extra: str, terminal: bool) -> subprocess.CompletedProcess[str]:
    data, content = make_project(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR")}
    if terminal:
        env |= {"FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "100"}
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--data",
            str(data),
            "--content",
            str(content),
            "--out",
            str(tmp_path / "site"),
            "--no-search",
            "--no-mirror",
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", text).replace("\r", "\n")


@pytest.mark.slow
def test_a_terminal_shows_the_stage_and_the_pages_rendered(tmp_path):
    run = run_build(tmp_path, terminal=True)
    assert run.returncode == 0, run.stderr
    shown = plain(run.stderr)
    assert "Reading the registers" in shown
    assert re.search(r"Rendering pages .*━.* \d+/\d+ pages", shown)
    assert re.search(r"(\d+)/\1 pages", shown)  # every page rendered, by the end
    assert run.stdout.startswith("Read:\n")  # the summary follows, as without a terminal


@pytest.mark.slow
@pytest.mark.parametrize("extra, terminal", [((), False), (("--quiet",), True)])
def test_no_progress_without_a_terminal_or_with_quiet(tmp_path, extra, terminal):
    run = run_build(tmp_path, *extra, terminal=terminal)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert ("Read:" in run.stdout) is not bool(extra)
