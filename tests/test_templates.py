"""Templates lay out what Python built: none builds a table or list of its own."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
BUILDS = re.compile(r"\.append\(")


def builders(text: str) -> list[int]:
    """Line numbers where a template appends to a list (a table built in Jinja)."""
    return [n for n, line in enumerate(text.splitlines(), 1) if BUILDS.search(line)]


def test_no_template_builds_rows():
    files = sorted(TEMPLATES.glob("*.html"))
    assert len(files) > 20
    found = {f.name: lines for f in files if (lines := builders(f.read_text(encoding="utf-8")))}
    assert found == {}, "build these rows in Python (regsite/render/rows.py) and pass them in"


def test_an_appended_row_is_found():
    assert builders("{% set rows = [] %}\n{% set _ = rows.append([1]) %}") == [2]
    assert builders("{{ data_table('t', 'c', head, rows) }}") == []
