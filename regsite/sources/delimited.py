"""An edition published as CSV: one table, read with the csv module.

The text must be UTF-8 (with or without the byte-order mark Excel writes for "CSV UTF-8");
bytes that are not are refused with the line they are on, rather than guessed at, because a
guessed encoding would publish wrong letters in names. Cells stay text: the definition's
column types read dates and numbers from text as they do from a workbook.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from regsite.sources.workbook import RawSheet, WorkbookRefused, describe

BOM = b"\xef\xbb\xbf"
MAX_BYTES = 1_500_000_000  # as for a workbook's expanded XML
# A long-text cell can run past the csv module's default field limit (131,072 characters).
FIELD_LIMIT = 50_000_000


def inspect(path: Path) -> None:
    """Refuse a file that is not CSV text: a workbook, PDF or web page renamed .csv, or bytes
    that are not UTF-8."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise WorkbookRefused(
            "too-large",
            f"The CSV file is {size:,} bytes, more than it safely can read ({MAX_BYTES:,}).",
            "Use the register's file as published.",
        )
    with path.open("rb") as handle:
        head = handle.read(4096)
    kind = describe(head)
    if kind not in ("a CSV or text file", "not a workbook") or b"\0" in head:
        kind = "a binary file" if kind in ("a CSV or text file", "not a workbook") else kind
        raise WorkbookRefused(
            "not-csv",
            f"The file is {kind} saved with a .csv name.",
            "Use the register's file with its own extension (.xlsx, .ods or .pdf), or save it from the "
            "spreadsheet as 'CSV UTF-8 (Comma delimited)'.",
        )
    _text(path)


def _text(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        end = data.find(b"\n", exc.start)
        text = data[start : end if end >= 0 else len(data)].decode("cp1252", "replace").rstrip("\r")
        raise WorkbookRefused(
            "not-utf8",
            f"Line {line} of the CSV file is not UTF-8 text (byte {data[exc.start]:#04x} at character "
            f"{exc.start - start + 1}); read as Windows-1252 it says {text[:80]!r}.",
            "Save the file from the spreadsheet as 'CSV UTF-8 (Comma delimited)' and replace this one.",
        ) from None


def read(path: Path, name: str) -> RawSheet:
    """The file's one table as raw text cells, named ``name``."""
    text = _text(path)
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    # The delimiter is the header line's: a comma, else a tab or semicolon (Excel in some locales).
    first = text.split("\n", 1)[0]
    delimiter = next((d for d in (",", "\t", ";") if d in first), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Any]] = []
    try:
        for row in reader:
            rows.append([cell if cell != "" else None for cell in row])
    except csv.Error as exc:
        raise WorkbookRefused(
            "bad-csv",
            f"Line {reader.line_num} of the CSV file cannot be read ({exc}).",
            "Check the quotes on that line, or save the file again from the spreadsheet.",
        ) from None
    return RawSheet(name, rows)
