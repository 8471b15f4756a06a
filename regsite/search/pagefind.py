"""The search index: Pagefind, run over the rendered pages in the staging folder.

Only each page's main content (``data-pagefind-body``) is indexed; earlier versions of
an agreement and its file-by-file listing are marked ``data-pagefind-ignore``, because
Pagefind's time and index size grow with the text it reads.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from regsite.diagnostics import RegsiteError
from regsite.search.stable import stabilise


@dataclass
class IndexResult:
    pages: int
    words: int
    filters: int
    bytes: int


def pagefind_executable() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # pragma: no cover - a broken install
        raise RegsiteError("Pagefind is not installed: run the README's set-up command (./run build).") from exc
    return get_executable()


def build_index(pages_dir: Path, out_dir: Path) -> IndexResult:
    """Index the pages in ``pages_dir`` (search stubs of the site's pages) into ``out_dir``."""
    command = [str(pagefind_executable()), "--site", str(pages_dir), "--output-path", str(out_dir)]
    result = subprocess.run(command, capture_output=True, check=False)
    if result.returncode != 0:
        raise RegsiteError(
            "The search index could not be built:\n" + (result.stderr or result.stdout).decode("utf-8", "replace")
        )
    stabilise(out_dir)
    size = sum(p.stat().st_size for p in out_dir.rglob("*") if p.is_file())
    text = (result.stdout + result.stderr).decode("utf-8", "replace")
    pages = _number(r"Indexed (\d+) pages?", text)
    return IndexResult(
        pages=pages,
        words=_number(r"Indexed (\d+) words?", text),
        filters=_number(r"Indexed (\d+) filters?", text),
        bytes=size,
    )


def _number(pattern: str, text: str) -> int:
    match = re.search(pattern, text)
    return int(match.group(1)) if match else 0
