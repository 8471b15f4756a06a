"""Open a workbook safely and read its sheets as raw cell values.

Before the fast reader (python-calamine) sees a file, ``inspect`` checks that it really is
an .xlsx workbook and that it is safe to expand: a CSV or HTML page renamed ``.xlsx``, an
encrypted workbook, an old ``.xls``, a zip bomb or XML that declares entities each get a
clear refusal instead of a traceback or unbounded memory.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine

# Limits for what we agree to expand. A full-size register (~30 MB) expands to ~200 MB of
# XML at a ratio of ~8; zip bombs run at ratios in the thousands.
MAX_EXPANDED_BYTES = 1_500_000_000
MAX_RATIO = 200
RATIO_FLOOR = 20_000_000  # entries smaller than this are never refused for their ratio
EXCEL_CELL_LIMIT = 32_767
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')


class WorkbookRefused(Exception):
    """The file cannot be read as a workbook; ``message`` and ``fix`` say why and what to do."""

    def __init__(self, code: str, message: str, fix: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fix = fix


@dataclass
class RawSheet:
    name: str
    rows: list[list[Any]]  # the used range from A1: rows[0] is spreadsheet row 1
    formula_cells: set[tuple[int, int]] = field(default_factory=set)  # (row, column), 1-based


def _refuse(code: str, message: str, fix: str) -> WorkbookRefused:
    return WorkbookRefused(code, message, fix)


def inspect(path: Path) -> None:
    """Raise ``WorkbookRefused`` unless ``path`` is a zip-based workbook that is safe to read."""
    size = path.stat().st_size
    if size == 0:
        raise _refuse(
            "empty-file", "The file is empty (0 bytes).", "Replace it with the register workbook as published."
        )
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(_OLE):
        with path.open("rb") as handle:
            data = handle.read(min(size, 50_000_000))
        if _ENCRYPTED_MARK in data:
            raise _refuse(
                "encrypted",
                "The workbook is encrypted (password-protected).",
                "Open it in Excel, remove the password (File › Info › Protect Workbook) and save it again.",
            )
        raise _refuse(
            "old-xls",
            "The file is an old Excel 97-2003 workbook (.xls), not an .xlsx workbook.",
            "Open it in Excel and save it as 'Excel Workbook (*.xlsx)'.",
        )
    if not head.startswith(b"PK"):
        sample = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if sample.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in sample[:1024]:
            kind = "a web page (HTML) saved with an .xlsx name"
        elif sample.startswith(b"<"):
            kind = "an XML or HTML document saved with an .xlsx name"
        elif b"," in sample or b"\t" in sample or b";" in sample:
            kind = "a CSV or text file saved with an .xlsx name"
        else:
            kind = "not a workbook"
        raise _refuse(
            "not-a-workbook",
            f"The file is {kind}.",
            "Download the register's .xlsx file again, or open this file in Excel and save it as .xlsx.",
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(
            "damaged-zip",
            f"The file looks like a workbook but cannot be opened ({exc}).",
            "It may be truncated or damaged: download it again.",
        ) from None
    with archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            raise _refuse(
                "not-a-workbook",
                "The file is a zip archive but not an Excel workbook (it has no xl/workbook.xml).",
                "Use the register's .xlsx file as published.",
            )
        total = 0
        for info in archive.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > MAX_EXPANDED_BYTES or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
                raise _refuse(
                    "zip-bomb",
                    f"The workbook would expand to more than it safely can ({info.filename}: "
                    f"{info.file_size:,} bytes from {info.compress_size:,}).",
                    "This is not how Excel writes workbooks: use the register's file as published.",
                )
        for name in sorted(n for n in names if n.endswith((".xml", ".rels"))):
            with archive.open(name) as member:
                prologue = member.read(8192)
            if _DECLARATION.search(prologue):
                raise _refuse(
                    "xml-entities",
                    f"The workbook's XML ({name}) declares a DOCTYPE or entities, which Excel never writes "
                    "and which can be used to exhaust memory.",
                    "Refused for safety: use the register's file as published.",
                )


def sheet_names(path: Path) -> list[str]:
    with _open(path) as book:
        return list(book.sheet_names)


def _open(path: Path) -> python_calamine.CalamineWorkbook:
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise _refuse(
            "encrypted", "The workbook is password-protected.", "Remove the password and save it again."
        ) from None
    except Exception as exc:  # calamine raises several unrelated types for damaged files
        raise _refuse(
            "unreadable",
            f"The workbook cannot be read ({type(exc).__name__}: {exc}).",
            "Open it in Excel and save it again as .xlsx.",
        ) from None


def iter_sheets(path: Path, wanted: list[str]) -> Iterator[RawSheet]:
    """The named sheets (exact names from ``sheet_names``) as raw values, one at a time,
    so that a caller can type one sheet and let its raw cells go before the next."""
    parts = _sheet_parts(path)
    with _open(path) as book:
        for name in wanted:
            try:
                rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as exc:
                raise _refuse(
                    "unreadable",
                    f"The sheet '{name}' cannot be read ({type(exc).__name__}: {exc}).",
                    "Open the workbook in Excel and save it again as .xlsx.",
                ) from None
            sheet = RawSheet(name, rows)
            if part := parts.get(name):
                sheet.formula_cells = _formula_cells(path, part)
                _restore_long_cells(path, part, sheet)
            yield sheet


def read_sheets(path: Path, wanted: list[str]) -> dict[str, RawSheet]:
    return {sheet.name: sheet for sheet in iter_sheets(path, wanted)}


def _restore_long_cells(path: Path, part: str, sheet: RawSheet) -> None:
    """The fast reader cuts text at Excel's 32,767-character limit; read such cells in full.

    A cell that long cannot be typed in Excel, but a tool can write one; cutting it
    silently would publish part of the register's text as if it were all of it.
    """
    at_limit = {
        (r + 1, c + 1)
        for r, row in enumerate(sheet.rows)
        for c, value in enumerate(row)
        if isinstance(value, str) and len(value) == EXCEL_CELL_LIMIT
    }
    if not at_limit:
        return
    full = _cell_texts(path, part, at_limit)
    for (r, c), text in full.items():
        sheet.rows[r - 1][c - 1] = text


def _cell_texts(path: Path, part: str, refs: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The full text of the given cells, from the sheet's XML (already checked safe by ``inspect``)."""
    from xml.etree import ElementTree

    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    wanted: dict[tuple[int, int], tuple[str, str]] = {}  # ref → (kind, shared index or inline text)
    with zipfile.ZipFile(path) as archive:
        with archive.open(part) as xml:
            for _, element in ElementTree.iterparse(xml):
                if element.tag != f"{ns}c":
                    continue
                ref = _REF.search(f'r="{element.get("r", "")}"'.encode())
                if ref:
                    key = (int(ref.group(2)), _column_number(ref.group(1)))
                    if key in refs:
                        if element.get("t") == "s":
                            wanted[key] = ("s", element.findtext(f"{ns}v") or "")
                        else:
                            wanted[key] = ("i", "".join(t.text or "" for t in element.iter(f"{ns}t")))
                element.clear()
        indices = {int(v) for kind, v in wanted.values() if kind == "s" and v.isdigit()}
        shared: dict[int, str] = {}
        if indices and "xl/sharedStrings.xml" in archive.namelist():
            with archive.open("xl/sharedStrings.xml") as xml:
                index = 0
                for _, element in ElementTree.iterparse(xml):
                    if element.tag == f"{ns}si":
                        if index in indices:
                            # Phonetic runs (rPh) are not part of the text.
                            shared[index] = "".join(
                                t.text or "" for t in element.iter(f"{ns}t") if not _in_phonetic(element, t, ns)
                            )
                        index += 1
                        element.clear()
    out: dict[tuple[int, int], str] = {}
    for key, (kind, value) in wanted.items():
        text = shared.get(int(value)) if kind == "s" and value.isdigit() else value
        if text is not None and len(text) >= EXCEL_CELL_LIMIT:
            out[key] = text
    return out


def _in_phonetic(si: object, t: object, ns: str) -> bool:
    return any(t in list(r.iter(f"{ns}t")) for r in si.iter(f"{ns}rPh"))  # type: ignore[attr-defined]


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + (ch - 64)
    return number


def _formula_cells(path: Path, part: str) -> set[tuple[int, int]]:
    """Cells that hold formulas: the reader gives their cached values, which may be stale.

    The sheet's XML is streamed and searched for a formula element first; only a sheet
    that has one is read whole to find which cells.
    """
    with zipfile.ZipFile(path) as archive:
        if part not in archive.namelist():
            return set()
        with archive.open(part) as stream:
            tail = b""
            while chunk := stream.read(1 << 22):
                if _FORMULA.search(tail + chunk):
                    break
                tail = chunk[-16:]
            else:
                return set()
        xml = archive.read(part)
    cells: set[tuple[int, int]] = set()
    for cell in _CELL.finditer(xml):
        body = cell.group(2)
        ref = _REF.search(cell.group(1))
        if body and ref and _FORMULA.search(body):
            cells.add((int(ref.group(2)), _column_number(ref.group(1))))
    return cells


def _sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name → its XML part, from xl/workbook.xml and its relationships."""
    with zipfile.ZipFile(path) as archive:
        try:
            book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        except KeyError:
            return {}
    targets = {
        m.group(1): m.group(2) for m in re.finditer(r'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)
    }
    targets.update(
        {m.group(2): m.group(1) for m in re.finditer(r'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)}
    )
    parts: dict[str, str] = {}
    for m in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/?>", book):
        attrs = m.group(1)
        name = re.search(r'\bname="([^"]*)"', attrs)
        rid = re.search(r'\br:id="([^"]*)"', attrs) or re.search(r'\b\w+:id="([^"]*)"', attrs)
        if not name or not rid or rid.group(1) not in targets:
            continue
        target = targets[rid.group(1)]
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        parts[_unescape(name.group(1))] = target
    return parts


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )
