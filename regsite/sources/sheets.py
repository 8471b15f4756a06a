"""Read one edition's workbook against its register definition.

Finds each declared sheet and column by name (any order, stray spaces or case), types
every cell, and accounts for every row: each row read is either published or set aside
with a reason. Problems are collected as diagnostics, never raised one at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any

from regsite.diagnostics import Diagnostic, Level, Location, shown
from regsite.sources import cells, counts
from regsite.sources.definitions import Column, RegisterDefinition, Sheet
from regsite.sources.row_cells import Plan, type_cells
from regsite.sources.workbook import RawSheet, WorkbookRefused, inspect, iter_sheets, sheet_names

HEADER_SEARCH_ROWS = 30


@dataclass(slots=True)
class Row:
    number: int  # the spreadsheet row number, for messages and the reconciliation report
    values: dict[str, Any]  # typed values by column key
    extras: dict[str, str]  # undeclared columns by their header, as text


@dataclass
class SheetData:
    id: str
    name: str  # the sheet's name in this workbook
    headers: dict[str, str]  # column key → header as written in this workbook
    extra_headers: list[str]  # columns the definition does not declare, kept in downloads
    rows: list[Row]
    read: int = 0
    set_aside: dict[str, list[int]] = field(default_factory=dict)  # reason → row numbers
    shape: str = "rows"
    notes: list[str] = field(default_factory=list)  # counts: the notes below (or above) the table, as text
    parts: list[dict[str, Any]] = field(default_factory=list)  # several sheets read as one: each one's account

    def put_aside(self, row: int, reason: str) -> None:
        self.set_aside.setdefault(reason, []).append(row)

    @property
    def published(self) -> int:
        return self.read - sum(len(v) for v in self.set_aside.values())

    def published_rows(self) -> list[Row]:
        """The rows published: every row read but those set aside, in workbook order."""
        aside = {n for rows in self.set_aside.values() for n in rows}
        return [r for r in self.rows if r.number not in aside]

    # Pickled (sources/cache.py) with the rows as columns: each row's values as a tuple, beside
    # the keys they go with (a sheet's rows have one or a few orders of keys). A Row and its dict
    # each cost the pickler an object of its own: the full-size register's parse pickled in 1.5 s
    # and loaded in 1.3, now 0.4 and 0.65. Keys, their order and shared texts come back as they were.
    def __getstate__(self) -> dict[str, Any]:
        orders: dict[tuple[str, ...], int] = {}
        state = self.__dict__.copy()
        state["rows"] = (
            [r.number for r in self.rows],
            [orders.setdefault(tuple(r.values), len(orders)) for r in self.rows],
            [tuple(r.values.values()) for r in self.rows],
            {i: r.extras for i, r in enumerate(self.rows) if r.extras},
            list(orders),
        )
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        numbers, order_of, values, extras, orders = state["rows"]
        state["rows"] = [
            Row(number, dict(zip(orders[o], row, strict=True)), extras.get(i, {}))
            for i, (number, o, row) in enumerate(zip(numbers, order_of, values, strict=True))
        ]
        self.__dict__.update(state)


@dataclass
class ParsedEdition:
    """One edition read and typed: cacheable, independent of every other edition."""

    register_id: str
    month: str
    file: str  # label for messages
    sheets: dict[str, SheetData]
    diagnostics: list[Diagnostic]
    readme: list[list[str]] | None = None

    @property
    def ok(self) -> bool:
        return not any(d.level is Level.ERROR for d in self.diagnostics)


def header_key(text: Any) -> str:
    return " ".join(cells.as_text(text).split()).casefold().rstrip(":").rstrip()


_NOTE = re.compile(r"\([^)]*\)?")
END_MARKER = re.compile(r"^\W*end\s+of\s+(?:the\s+)?(?:sheet|data|register|table|file)\W*$", re.IGNORECASE)


def header_keys(text: Any) -> list[str]:
    """The ways a header as written can name a column: in full; without notes in brackets
    (``Patient Opt-Outs applied (Note: …)``); its first line (``Data provided to customer:\n…``)."""
    raw = cells.as_text(text)
    keys = [header_key(raw), header_key(_NOTE.sub(" ", raw)), header_key(raw.strip().split("\n")[0])]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


def loose_key(text: Any) -> str:
    """Letters and digits only: ``README`` is ``Read me``, ``Data_Releases`` is ``DataReleases``."""
    return re.sub(r"[^0-9a-z]", "", cells.as_text(text).casefold())


class _Collector:
    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Diagnostic] = []

    def add(self, level: Level, code: str, loc: Location, message: str, **kw: str) -> None:
        self.items.append(
            Diagnostic(level, code, loc, message, kw.get("expected", ""), kw.get("found", ""), kw.get("fix", ""))
        )


def read_edition(definition: RegisterDefinition, register_id: str, month: str, path: Any, file: str) -> ParsedEdition:
    out = _Collector(file)
    parsed = ParsedEdition(register_id, month, file, {}, out.items)
    try:
        inspect(path)
        names = sheet_names(path, definition.main_sheet.name)  # a .csv or .pdf's one table
    except WorkbookRefused as refused:
        out.add(Level.ERROR, refused.code, Location(file=file), refused.message, fix=refused.fix)
        return parsed

    wanted: dict[str, list[Sheet]] = {}  # sheet name in the workbook → the tables reading it
    sources: dict[str, list[str]] = {}  # table id → its sheets, in workbook order
    for sheet in definition.sheets:
        found = find_sheets(sheet, names)
        if not sheet.several:
            found = found[:1]
        if not found:
            _missing_sheet(sheet, names, definition.path, out)
            continue
        sources[sheet.id] = found
        for name in found:
            wanted.setdefault(name, []).append(sheet)
    readme = _find_named(definition.readme_sheet, names) if definition.readme_sheet else None
    parts: dict[str, list[SheetData]] = {}
    try:
        # One sheet at a time: its raw cells are dropped once typed, which bounds memory.
        for raw in iter_sheets(path, list(wanted) + ([readme] if readme and readme not in wanted else [])):
            for sheet in wanted.get(raw.name, []):
                data = counts.read_counts(sheet, raw, out) if sheet.shape == "counts" else _read_sheet(sheet, raw, out)
                raw.account(data, out.items, file)  # a PDF's rows set aside, and their pages
                if data is not None:
                    parts.setdefault(sheet.id, []).append(data)
            if raw.name == readme:
                parsed.readme = [
                    [cells.as_text(v) for v in row] for row in raw.rows if any(not cells.is_blank(v) for v in row)
                ]
            del raw
    except WorkbookRefused as refused:
        out.add(Level.ERROR, refused.code, Location(file=file), refused.message, fix=refused.fix)
    for sheet in definition.sheets:
        got = parts.get(sheet.id, [])
        if got and len(got) == len(sources[sheet.id]):
            parsed.sheets[sheet.id] = merge(sheet, got) if sheet.several else got[0]
    return parsed


def _missing_sheet(sheet: Sheet, names: list[str], definition_file: str, out: _Collector) -> None:
    wanted = sheet.name or sheet.pattern
    close = get_close_matches(wanted, names, n=1, cutoff=0.5)
    out.add(
        Level.ERROR,
        "missing-sheet",
        Location(file=out.file, sheet=wanted),
        "Sheet not found." if sheet.name else "No sheet's name matches the pattern.",
        expected=f"a sheet named '{sheet.name}'" if sheet.name else f"a sheet name matching {sheet.pattern!r}",
        found="sheets " + ", ".join(repr(n) for n in names) if names else "no sheets",
        fix=f"Did you mean '{close[0]}'? Rename it to '{wanted}'."
        if close
        else f"Add the sheet, or correct the sheet in {definition_file}.",
    )


SHEET_KEY = "sheet"  # where several sheets are read as one table, each row's sheet is this column


def merge(sheet: Sheet, parts: list[SheetData]) -> SheetData:
    """Several sheets of the same shape as one table: each row records the sheet it came from;
    the account is kept per sheet."""
    headers: dict[str, str] = {SHEET_KEY: "Sheet"}
    extra: list[str] = []
    for part in parts:
        headers.update({k: v for k, v in part.headers.items() if k not in headers})
        extra += [h for h in part.extra_headers if h not in extra]
    data = SheetData(sheet.id, ", ".join(p.name for p in parts), headers, extra, [], shape=sheet.shape)
    for part in parts:
        for row in part.rows:
            row.values[SHEET_KEY] = part.name
            data.rows.append(row)
        # Row numbers repeat across sheets, so the set-aside rows are kept in each sheet's
        # account (parts) only; the merged table holds the published rows.
        data.read += part.published
        data.parts.append(
            {"sheet": part.name, "read": part.read, "published": part.published, "set_aside": dict(part.set_aside)}
        )
    return data


def _find_named(name: str, names: list[str]) -> str | None:
    key, loose = header_key(name), loose_key(name)
    exact = next((n for n in names if header_key(n) == key), None)
    return exact or next((n for n in names if loose and loose_key(n) == loose), None)


def find_sheets(sheet: Sheet, names: list[str]) -> list[str]:
    """Every sheet of the workbook a table reads, in workbook order."""
    found = {f for n in (sheet.name, *sheet.more_names, *sheet.aliases) if n and (f := _find_named(n, names))}
    if sheet.pattern:
        pattern = re.compile(sheet.pattern, re.IGNORECASE)
        found.update(n for n in names if pattern.fullmatch(n.strip()))
    return [n for n in names if n in found]


def _match_headers(sheet: Sheet, header: list[Any]) -> dict[str, int]:
    """Column key → index in the header row."""
    wanted: dict[str, str] = {}
    for column in sheet.columns:
        for name in (column.header, *column.aliases):
            for key in header_keys(name):
                wanted.setdefault(key, column.key)
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        for candidate in header_keys(cell):
            match = wanted.get(candidate)
            if match and match not in found:
                found[match] = index
                break
    return found


def _match_unheaded(sheet: Sheet, header: list[Any], rows: list[list[Any]], found: dict[str, int]) -> None:
    """Columns declared ``unheaded``: the blank-headed columns after the last header that hold values."""
    last = max((i for i, v in enumerate(header) if not cells.is_blank(v)), default=-1)
    width = max([len(header), *(len(r) for r in rows[:200])]) if rows else len(header)
    blanks = [
        i
        for i in range(last + 1, width)
        if (i >= len(header) or cells.is_blank(header[i]))
        and any(i < len(r) and not cells.is_blank(r[i]) for r in rows[:200])
    ]
    for column in sheet.columns:
        if column.unheaded and column.key not in found and blanks:
            found[column.key] = blanks.pop(0)


def _read_sheet(sheet: Sheet, raw: RawSheet, out: _Collector) -> SheetData | None:
    """A table sheet read: its header row found and checked, then every row below it typed."""
    rows = raw.rows
    best_row = _header_row(sheet, rows)
    if best_row < 0:
        _no_header(sheet, raw, out)
        return None
    header = rows[best_row]
    positions = _match_headers(sheet, header)
    _match_unheaded(sheet, header, rows[best_row + 1 :], positions)
    extra = _check_header(sheet, raw.name, header, best_row + 1, positions, out)
    if extra is None:
        return None
    columns = [(c, positions[c.key]) for c in sheet.columns if c.key in positions]
    data = SheetData(
        id=sheet.id,
        name=raw.name,
        headers={c.key: (cells.as_text(header[i]).strip() if i < len(header) else "") or c.header for c, i in columns},
        extra_headers=[name for _, name in extra],
        rows=[],
    )
    for number, values in enumerate(rows[:best_row], 1):
        if any(not cells.is_blank(v) for v in values):  # a title or note: read, and set aside
            data.read += 1
            data.put_aside(number, "title or note above the header")
    _read_rows(data, raw, best_row, columns, positions, extra, out)
    return data


def _header_row(sheet: Sheet, rows: list[list[Any]]) -> int:
    """The header row's index: the one (near the top) that names most of the declared columns; -1 if none does."""
    best, best_row = 0, -1
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = len(_match_headers(sheet, row))
        if score > best:
            best, best_row = score, i
    return best_row


def _no_header(sheet: Sheet, raw: RawSheet, out: _Collector) -> None:
    rows = raw.rows
    found = [cells.as_text(v) for v in (rows[0] if rows else []) if not cells.is_blank(v)]
    out.add(
        Level.ERROR,
        "no-header",
        Location(file=out.file, sheet=raw.name),
        "No header row found." if rows else "The sheet is empty.",
        expected="a row naming the columns, such as " + ", ".join(repr(c.header) for c in sheet.columns[:3]),
        found=("first row " + shown(", ".join(found), 120)) if found else "no text in the first rows",
        fix="Put the column names in the first row.",
    )


def _check_header(
    sheet: Sheet, sheet_name: str, header: list[Any], header_row_number: int, positions: dict[str, int], out: _Collector
) -> list[tuple[int, str]] | None:
    """The header's undeclared columns (index, header), each reported; None if a column the
    definition requires is missing (reported too)."""
    file = out.file
    unmatched = [
        cells.as_text(v).strip() for i, v in enumerate(header) if i not in positions.values() and not cells.is_blank(v)
    ]
    problems = False
    for column in sheet.columns:
        if column.key not in positions:
            problems |= not column.optional
            _missing_column(column, unmatched, Location(file, sheet_name, header_row_number, column.header), out)
    extra = [(i, name) for i, name in enumerate(unmatched_at(header, positions))]
    extra = [(i, name) for i, name in extra if name]
    for _, name in extra:
        out.add(
            Level.INFO,
            "extra-column",
            Location(file=file, sheet=sheet_name, row=header_row_number, column=name),
            "Column not in the register definition: kept in the downloads, not shown on pages.",
        )
    return None if problems else extra


def _read_rows(
    data: SheetData,
    raw: RawSheet,
    best_row: int,
    columns: list[tuple[Column, int]],
    positions: dict[str, int],
    extra_at: list[tuple[int, str]],
    out: _Collector,
) -> None:
    """Every row below the header: set aside (blank, end marker, stray note) or typed into ``data.rows``."""
    file = out.file
    header = raw.rows[best_row]
    header_row_number = best_row + 1
    width = len(header)
    # Per column: key, position, parser, the column and its memo (row_cells). Cells are typed in a tight
    # loop; a Location is made only for a cell that has a problem.
    plan: Plan = [(c.key, i, cells.PARSERS[c.type], c, {}) for c, i in columns]
    required = [(c.key, c.header) for c, _ in columns if c.required]
    blank_headed = [i for i, v in enumerate(header) if cells.is_blank(v) and i not in positions.values()]
    seen_blank: set[int] = set()
    # One copy of each text: a sheet repeats most of its values (a dataset's name, a month, a
    # version's texts) and the reader returns a new string per cell; sharing halves the sheets.
    texts: dict[str, str] = {}
    for offset, values in enumerate(raw.rows[best_row + 1 :]):
        number = header_row_number + 1 + offset
        data.read += 1
        filled = 0
        last_filled = None
        for v in values:
            if v is not None and v != "" and not (type(v) is str and not v.strip()):
                filled += 1
                last_filled = v
        if not filled:
            data.put_aside(number, "blank row")
            continue
        if filled == 1 and type(last_filled) is str and END_MARKER.match(last_filled.strip()):
            data.put_aside(number, "end-of-sheet marker")
            continue
        typed = type_cells(plan, values, number, raw, out, texts)
        if filled == 1 and any(cells.is_blank(typed.get(key)) for key, _ in required):
            data.put_aside(number, "stray row: a single note, not a record")
            out.add(
                Level.WARNING,
                "stray-row",
                Location(file=file, sheet=raw.name, row=number),
                "A row with a single cell and no record; set aside.",
                found=shown(last_filled),
                fix="Delete the row from the workbook if it is not a record.",
            )
            continue
        for key, header_name in required:
            if cells.is_blank(typed.get(key)):
                _blank_required(raw.name, number, header_name, out)
        extras: dict[str, str] = {}
        if len(values) > width or extra_at or blank_headed:
            extras = _extras(values, width, extra_at, blank_headed, seen_blank)
        data.rows.append(Row(number, typed, extras))
    data.extra_headers += [f"Column {i + 1}" for i in sorted(seen_blank)]


def _blank_required(sheet_name: str, number: int, header_name: str, out: _Collector) -> None:
    out.add(
        Level.WARNING,
        "blank-required",
        Location(file=out.file, sheet=sheet_name, row=number, column=header_name),
        "A required value is blank.",
        fix="Fill it in, or confirm it is unknown.",
    )


def _extras(
    values: list[Any], width: int, extra_at: list[tuple[int, str]], blank_headed: list[int], seen_blank: set[int]
) -> dict[str, str]:
    """A row's undeclared cells as text, by header; a blank-headed column's as ``Column N``
    (its index noted in ``seen_blank``)."""
    count = len(values)
    extras = {name: cells.as_text(values[i]) for i, name in extra_at if i < count and not cells.is_blank(values[i])}
    for i in [*blank_headed, *range(width, count)]:
        if i < count and not cells.is_blank(values[i]):  # an unheaded column: kept, never dropped
            extras[f"Column {i + 1}"] = cells.as_text(values[i])
            seen_blank.add(i)
    return extras


def unmatched_at(header: list[Any], positions: dict[str, int]) -> list[str]:
    """Each header cell's text where no declared column took it ("" where one did, or it is blank)."""
    taken = set(positions.values())
    return ["" if i in taken or cells.is_blank(v) else cells.as_text(v).strip() for i, v in enumerate(header)]


def _missing_column(column: Column, unmatched: list[str], loc: Location, out: _Collector) -> None:
    """A declared column the workbook lacks: an error with the closest header, or a warning if optional."""
    firsts = {header_keys(u)[-1] if header_keys(u) else "": u for u in unmatched}
    close = get_close_matches(header_key(column.header), list(firsts), n=1, cutoff=0.5)
    suggestion = firsts[close[0]] if close else None
    out.add(
        Level.WARNING if column.optional else Level.ERROR,
        "missing-column",
        loc,
        "Optional column not found; its values are shown as blank."
        if column.optional
        else "Required column not found."
        if column.required
        else "Column not found.",
        expected=f"a column headed '{column.header}'",
        found="headers " + ", ".join(repr(u) for u in unmatched[:8]) if unmatched else "no other headers",
        fix=f"Did you mean '{suggestion}'? Rename that header to '{column.header}'."
        if suggestion
        else "Add the column, or mark it optional = true in the register definition if editions may lack it.",
    )
