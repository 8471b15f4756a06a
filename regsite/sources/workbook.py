"""Open an edition's file safely and read its sheets as raw cell values.

Editions are .xlsx or .ods workbooks (read by python-calamine), or a .csv or .pdf holding
one table (``delimited`` and ``pdf``): each is read into the same ``RawSheet``, so the
reader of definitions and rows does not know which format it came from. Before a reader
sees a file, ``inspect`` checks that it really is what its extension says and that it is
safe to expand: a CSV or HTML page renamed ``.xlsx``, an encrypted workbook, an old ``.xls``,
a zip bomb or XML that declares entities each get a clear refusal instead of a traceback or
unbounded memory.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import python_calamine

from regsite.diagnostics import Diagnostic, Location
from regsite.memory import trim

if TYPE_CHECKING:
    from regsite.sources.sheets import SheetData

# Limits for what we agree to expand. A full-size register (~30 MB) expands to ~200 MB of
# XML at a ratio of ~8; zip bombs run at ratios in the thousands.
MAX_EXPANDED_BYTES = 1_500_000_000
MAX_RATIO = 200
RATIO_FLOOR = 20_000_000  # entries smaller than this are never refused for their ratio
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SINGLE_TABLE = (".csv", ".pdf")  # formats that hold one table, named after the register's sheet


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
    # A PDF's table, read page by page: rows that are not records (the header repeated on
    # each page, the rest of a row split by a page break) stay in ``rows`` as blank rows, so
    # they are counted as read, and are named here with the reason they were set aside.
    set_aside: dict[int, str] = field(default_factory=dict)
    places: dict[int, tuple[int, int]] = field(default_factory=dict)  # row → (page, row on the page)
    notes: list[Diagnostic] = field(default_factory=list)  # what the format's reader found

    def account(self, data: SheetData | None, diagnostics: list[Diagnostic], file: str) -> None:
        """Give the rows read ``data`` the reasons this format's reader set rows aside for, add
        the reader's notes, and locate every problem in this sheet by page, where it has pages."""
        if data is not None:
            for number, reason in self.set_aside.items():
                for rows in data.set_aside.values():
                    if number in rows:
                        rows.remove(number)
                        break
                data.put_aside(number, reason)
            data.set_aside = {k: v for k, v in data.set_aside.items() if v}
        diagnostics.extend(replace(n, location=replace(n.location, file=file)) for n in self.notes)
        if not self.places:
            return
        for i, item in enumerate(diagnostics):
            loc = item.location
            if loc.sheet == self.name and loc.row in self.places:
                page, row = self.places[loc.row]
                place = Location(file=loc.file, sheet=f"page {page}", row=row, column=loc.column)
                diagnostics[i] = replace(item, location=place)


def _refuse(code: str, message: str, fix: str) -> WorkbookRefused:
    return WorkbookRefused(code, message, fix)


def named(suffix: str) -> str:
    """'an .xlsx name', 'a .csv name': how a refusal names the file's extension."""
    return f"{'an' if suffix[1:2] in 'aeiosx' else 'a'} {suffix} name"


def describe(head: bytes) -> str:
    """What a file's first bytes say it is, for a refusal: 'a PDF document', 'a web page (HTML)'."""
    if head.startswith(_OLE):
        return "an old Excel 97-2003 workbook (.xls)"
    if head.startswith(b"PK"):
        return "a zip archive (an .xlsx or .ods workbook is one)"
    if b"%PDF-" in head[:1024]:
        return "a PDF document"
    sample = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sample.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in sample[:1024]:
        return "a web page (HTML)"
    if sample.startswith(b"<"):
        return "an XML or HTML document"
    if b"\0" not in head and (b"," in sample or b"\t" in sample or b";" in sample):
        return "a CSV or text file"
    return "not a workbook"


def inspect(path: Path) -> None:
    """Raise ``WorkbookRefused`` unless ``path`` is a file of the format its extension names
    (.xlsx, .ods, .csv or .pdf) and is safe to read."""
    size = path.stat().st_size
    if size == 0:
        raise _refuse(
            "empty-file", "The file is empty (0 bytes).", "Replace it with the register workbook as published."
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        from regsite.sources import delimited

        return delimited.inspect(path)
    if suffix == ".pdf":
        from regsite.sources import pdf

        return pdf.inspect(path)
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
            f"The file is an old Excel 97-2003 workbook (.xls), not {'an .ods' if suffix == '.ods' else 'an .xlsx'} "
            "workbook.",
            "Open it in Excel and save it as 'Excel Workbook (*.xlsx)'.",
        )
    if not head.startswith(b"PK"):
        kind = describe(head)
        kind = f"{kind} saved with {named(suffix)}" if kind != "not a workbook" else kind
        raise _refuse(
            "not-a-workbook",
            f"The file is {kind}.",
            f"Download the register's {suffix} file again, or open this file in Excel and save it as {suffix}.",
        )
    _inspect_zip(path, suffix)


def _inspect_zip(path: Path, suffix: str) -> None:
    """An .xlsx or .ods is a zip: refuse the wrong kind, a zip bomb, and XML that declares entities."""
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
        _check_kind(archive, names, suffix)
        total = 0
        for info in archive.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > MAX_EXPANDED_BYTES or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
                raise _refuse(
                    "zip-bomb",
                    f"The workbook would expand to more than it safely can ({info.filename}: "
                    f"{info.file_size:,} bytes from {info.compress_size:,}).",
                    "This is not how spreadsheet programs write workbooks: use the register's file as published.",
                )
        for name in sorted(n for n in names if n.endswith((".xml", ".rels"))):
            with archive.open(name) as member:
                prologue = member.read(8192)
            if _DECLARATION.search(prologue):
                raise _refuse(
                    "xml-entities",
                    f"The workbook's XML ({name}) declares a DOCTYPE or entities, which spreadsheet programs never "
                    "write and which can be used to exhaust memory.",
                    "Refused for safety: use the register's file as published.",
                )


def _check_kind(archive: zipfile.ZipFile, names: set[str], suffix: str) -> None:
    """An .xlsx has xl/workbook.xml; an .ods has the OpenDocument spreadsheet mimetype and content.xml."""
    mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    is_xlsx, is_ods = "xl/workbook.xml" in names, mimetype == ODS_MIMETYPE and "content.xml" in names
    if suffix == ".ods" and is_ods:
        manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
        if b"encryption-data" in manifest:
            raise _refuse(
                "encrypted",
                "The spreadsheet is encrypted (password-protected).",
                "Open it, remove the password (File › Properties › Security in LibreOffice) and save it again.",
            )
        return
    if suffix != ".ods" and is_xlsx:
        return
    if is_xlsx or is_ods:
        right = ".xlsx" if is_xlsx else ".ods"
        kind = "an Excel workbook (.xlsx)" if is_xlsx else "an OpenDocument spreadsheet (.ods)"
        raise _refuse(
            "wrong-extension",
            f"The file is {kind} saved with {named(suffix)}.",
            f"Rename it to end in {right}: the download keeps the file's own extension.",
        )
    if suffix == ".ods":
        found = f" (its mimetype is {mimetype.decode('ascii', 'replace')!r})" if mimetype else ""
        raise _refuse(
            "not-a-workbook",
            f"The file is a zip archive but not an OpenDocument spreadsheet{found}.",
            "Use the register's .ods file as published.",
        )
    raise _refuse(
        "not-a-workbook",
        "The file is a zip archive but not an Excel workbook (it has no xl/workbook.xml).",
        "Use the register's .xlsx file as published.",
    )


def sheet_names(path: Path, single: str = "") -> list[str]:
    """The file's sheets. A .csv or .pdf holds one table, named ``single`` (the register's declared
    sheet, so that its definition needs no change) or after the file."""
    if path.suffix.lower() in SINGLE_TABLE:
        return [single or path.stem]
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
            f"Open it in a spreadsheet program and save it again as {path.suffix.lower()}.",
        ) from None


def iter_sheets(path: Path, wanted: list[str]) -> Iterator[RawSheet]:
    """The named sheets (exact names from ``sheet_names``) as raw values, one at a time,
    so that a caller can type one sheet and let its raw cells go before the next."""
    suffix = path.suffix.lower()
    if suffix in SINGLE_TABLE:
        from regsite.sources import delimited, pdf

        read = delimited.read if suffix == ".csv" else pdf.read
        for name in wanted[:1]:  # the one table, under the name ``sheet_names`` gave it
            yield read(path, name)
        return
    parts = _sheet_parts(path)
    formulas: dict[str, set[tuple[int, int]]] = {}
    if suffix == ".ods":
        from regsite.sources import opendocument

        formulas = opendocument.formula_cells(path)
    # The search for formulas, mostly unpacking each sheet's XML, runs on a thread while calamine
    # reads the sheets: both let go of the interpreter. (Calamine reads a cell over Excel's
    # 32,767-character limit in full, which tests/test_workbook.py holds it to.)
    with ThreadPoolExecutor(max_workers=1) as pool, _open(path) as book:
        searched = {name: pool.submit(_formula_cells, path, parts[name]) for name in wanted if name in parts}
        for name in wanted:
            try:
                rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as exc:
                raise _refuse(
                    "unreadable",
                    f"The sheet '{name}' cannot be read ({type(exc).__name__}: {exc}).",
                    "Open the workbook in Excel and save it again as .xlsx.",
                ) from None
            sheet = RawSheet(name, rows, searched[name].result() if name in searched else formulas.get(name, set()))
            yield sheet
            # The caller has typed this sheet and let it go: give its raw cells, and the reader's
            # own copy of them, back to the system before the next sheet is read.
            del sheet, rows
            trim()


def read_sheets(path: Path, wanted: list[str]) -> dict[str, RawSheet]:
    return {sheet.name: sheet for sheet in iter_sheets(path, wanted)}


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
