"""An edition published only as PDF: its table, read page by page with pdfplumber.

NHS England publishes some registers (the Data Sharing Framework Contract holders, the
COVID-19 release register) only as PDF: a table with ruled cells, printed over many pages.
The pages are read into one ``RawSheet``, as if pasted one under another, so definitions
and the row reader work unchanged. On the way:

- the header row, repeated at the top of each page, is recognised and set aside;
- a row split by a page break (its first cell empty at the top of the next page) is joined
  to the row before, and its remainder set aside as joined;
- titles and footers outside the table ("Page 2 of 5", a title on every page) are skipped
  and listed in one note; any other text outside the table is a warning, since it may be a
  row the table finder missed.

Every row keeps its place (page › row on the page) for messages. A cell's lines are joined
with spaces: in a PDF a line break in a cell is where the text wrapped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from regsite.diagnostics import Diagnostic, Level, Location, shown
from regsite.sources.workbook import RawSheet, WorkbookRefused, describe

MAX_PAGES = 5000
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
REPEATED_HEADER = "the header row, repeated at the top of a page"
REPEATED_TITLE = "a title row of the table, repeated on a later page"
CONTINUED = "the rest of the row before, carried over a page break (joined to it)"
_PAGE_NUMBER = re.compile(r"^(page\s*)?\d+(\s*(of|/)\s*\d+)?$", re.IGNORECASE)


def inspect(path: Path) -> None:
    """Refuse a file that is not a readable PDF: another kind of file renamed .pdf, a damaged
    or encrypted PDF, or one too long to read."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if b"%PDF-" not in head[:1024]:
        kind = describe(head)
        raise WorkbookRefused(
            "not-a-pdf",
            f"The file is {'not a PDF' if kind == 'not a workbook' else kind + ' saved with a .pdf name'}.",
            "Download the register's PDF again, or give the file its own extension (.xlsx, .ods or .csv).",
        )
    with _open(path) as pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise WorkbookRefused(
                "too-large",
                f"The PDF has {len(pdf.pages):,} pages, more than it safely can read ({MAX_PAGES:,}).",
                "Use the register's file as published.",
            )


def _open(path: Path) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path)
        len(pdf.pages)  # the page tree is read here: a damaged file fails now, not halfway
        return pdf
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise WorkbookRefused(
            "encrypted",
            "The PDF is encrypted (password-protected).",
            "Ask for the register's PDF without a password, or save a copy without one.",
        ) from None
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise WorkbookRefused(
            "damaged-pdf",
            f"The PDF cannot be read ({type(exc).__name__}: {shown(exc, 120)}).",
            "It may be truncated or damaged: download it again.",
        ) from None


def _clean(cell: Any) -> str | None:
    if cell is None:
        return None
    text = " ".join(part.strip() for part in str(cell).splitlines() if part.strip())
    return text or None


def _key(row: Iterable[str | None]) -> tuple[str, ...]:
    cells = [" ".join((c or "").split()).casefold() for c in row]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


class _Reader:
    """Builds the one sheet from the pages' tables, noting what it sets aside and skips."""

    def __init__(self, name: str) -> None:
        self.sheet = RawSheet(name, [])
        self.header: list[str | None] | None = None
        self.repeated: dict[tuple[str, ...], str] = {}  # rows above and at the header → reason
        self.last_record = 0  # the row number of the last record, to join a carried-over row to
        self.header_page = 0
        self.lines: list[tuple[int, str, bool]] = []  # text outside tables: page, line, above the header

    def note(self, level: Level, code: str, page: int, row: int | None, message: str, **kw: str) -> None:
        loc = Location(sheet=f"page {page}", row=row)
        self.sheet.notes.append(
            Diagnostic(level, code, loc, message, kw.get("expected", ""), kw.get("found", ""), kw.get("fix", ""))
        )

    def add(self, cells: list[str | None], page: int, row: int, top_of_page: bool) -> bool:
        """Add one table row; True if it was a record (or the header), False if set aside."""
        number = len(self.sheet.rows) + 1
        self.sheet.places[number] = (page, row)
        filled = [c for c in cells if c]
        if self.header is None:
            self.sheet.rows.append(cells)
            # The header is the first row naming two columns or more (a title row has one).
            if len(filled) >= min(2, len(cells)) and filled:
                self.header, self.header_page = cells, page
                self.repeated[_key(cells)] = REPEATED_HEADER
            elif filled:
                self.repeated[_key(cells)] = REPEATED_TITLE
            return True
        reason = self.repeated.get(_key(cells)) if filled else None
        carried = top_of_page and page > self.header_page and filled and not cells[0] and self.last_record
        if reason is None and carried:
            previous = self.sheet.rows[self.last_record - 1]
            for i, cell in enumerate(cells):
                if not cell:
                    continue
                while len(previous) <= i:
                    previous.append(None)
                previous[i] = f"{previous[i]} {cell}" if previous[i] else cell
            was = self.sheet.places[self.last_record]
            self.note(
                Level.INFO,
                "pdf-joined-row",
                page,
                row,
                f"The row begins without its first cell: the rest of the row on page {was[0]}, row {was[1]}, "
                "carried over the page break. Joined to it.",
            )
            reason = CONTINUED
        if reason:
            self.sheet.rows.append([])  # counted as read; ``RawSheet.account`` gives the reason
            self.sheet.set_aside[number] = reason
            return False
        self.sheet.rows.append(cells)
        if filled:
            self.last_record = number
        return True

    def outside(self, page: int, lines: list[tuple[str, bool]]) -> None:
        """Text outside the page's tables, each line with whether it is above the header."""
        self.lines.extend((page, text, above) for text, above in lines)

    def finish(self, pages: int) -> None:
        """Skip titles and footers (a page number, a line on more than one page, a title above the
        header); warn of any other text outside the table, which may be a row the finder missed."""
        on_pages: dict[str, set[int]] = {}
        texts: dict[str, list[str]] = {}
        for page, text, _ in self.lines:
            on_pages.setdefault(_shape(text), set()).add(page)
            texts.setdefault(_shape(text), []).append(text)
        skipped: dict[str, list[int]] = {}
        for page, text, above in self.lines:
            shape = _shape(text)
            if above or _PAGE_NUMBER.match(text) or len(on_pages[shape]) > 1:
                # One entry per line however its numbers change: 'Page N of 5'.
                seen = texts[shape]
                shown_as = seen[0] if len(set(seen)) == 1 else re.sub(r"\d+", "N", seen[0])
                skipped.setdefault(shown_as, []).append(page)
                continue
            self.note(
                Level.WARNING,
                "pdf-text-outside-table",
                page,
                None,
                "Text outside the table, not read.",
                found=shown(text, 120),
                fix="If it is part of the register, the table's ruling lines may be broken there: check the PDF, "
                "or ask NHS England for the file it was made from.",
            )
        if skipped:
            listed = "; ".join(f"{shown(t, 60)} ({_pages(p)})" for t, p in skipped.items())
            self.sheet.notes.append(
                Diagnostic(Level.INFO, "pdf-page-furniture", Location(), f"Titles and footers skipped: {listed}.")
            )
        self.sheet.notes.append(
            Diagnostic(
                Level.INFO,
                "pdf-pages",
                Location(),
                f"Read {pages} page{'s' if pages != 1 else ''}: table rows are numbered through the document, "
                "and each problem names its page and its row on that page.",
            )
        )


def _shape(text: str) -> str:
    """A line with its numbers blanked: 'Page 2 of 5' and 'Page 3 of 5' are the same footer."""
    return re.sub(r"\d+", "#", " ".join(text.split()).casefold())


def _pages(pages: list[int]) -> str:
    unique = sorted(set(pages))
    if len(unique) == 1:
        return f"page {unique[0]}"
    if unique == list(range(unique[0], unique[-1] + 1)):
        return f"pages {unique[0]}–{unique[-1]}"
    return "pages " + ", ".join(str(p) for p in unique)


def read(path: Path, name: str) -> RawSheet:
    """The PDF's table as one sheet named ``name``."""
    reader = _Reader(name)
    with _open(path) as pdf:
        count = len(pdf.pages)
        any_text = False
        for page in pdf.pages:
            number = page.page_number
            try:
                tables = sorted(page.find_tables(TABLE_SETTINGS), key=lambda t: (t.bbox[1], t.bbox[0]))
                rows = [[_clean(c) for c in row] for table in tables for row in table.extract()]
                rest = page
                for table in tables:
                    rest = rest.outside_bbox(table.bbox)
                lines = [(t["text"].strip(), t["top"]) for t in rest.extract_text_lines() if t["text"].strip()]
            except Exception as exc:  # a damaged page's content stream
                raise WorkbookRefused(
                    "damaged-pdf",
                    f"Page {number} of the PDF cannot be read ({type(exc).__name__}: {shown(exc, 120)}).",
                    "It may be damaged: download it again.",
                ) from None
            any_text = any_text or bool(rows) or bool(lines) or bool(page.chars)
            # Text above the table on the page where the header is, is the document's title.
            header_top = tables[0].bbox[1] if tables and reader.header is None else None
            reader.outside(number, [(t, header_top is not None and y < header_top) for t, y in lines])
            top = True
            for index, cells in enumerate(rows, 1):
                was_record = reader.add(cells, number, index, top)
                top = top and not was_record
            if not rows and not lines:
                reader.note(Level.INFO, "pdf-blank-page", number, None, "A blank page: nothing to read.")
    if reader.header is None:
        raise WorkbookRefused(
            "no-table",
            f"No table found in the PDF ({count} page{'s' if count != 1 else ''})."
            if any_text
            else f"The PDF has no text ({count} page{'s' if count != 1 else ''}): it is probably a scan.",
            "This reader takes tables with ruled lines between the cells, as Word and Excel print them. "
            "Ask NHS England for the register as a spreadsheet, or for the file the PDF was made from.",
        )
    reader.finish(count)
    return reader.sheet
