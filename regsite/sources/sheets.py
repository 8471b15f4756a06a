"""Read one edition's workbook against its register definition.

Finds each declared sheet and column by name (any order, stray spaces or case), types
every cell, and accounts for every row: each row read is either published or set aside
with a reason. Problems are collected as diagnostics, never raised one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any

from regsite.diagnostics import Diagnostic, Level, Location, shown
from regsite.sources import cells
from regsite.sources.definitions import Column, RegisterDefinition, Sheet
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

    def put_aside(self, row: int, reason: str) -> None:
        self.set_aside.setdefault(reason, []).append(row)

    @property
    def published(self) -> int:
        return self.read - sum(len(v) for v in self.set_aside.values())


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
    return " ".join(cells.as_text(text).split()).casefold().rstrip(":")


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
        names = sheet_names(path)
    except WorkbookRefused as refused:
        out.add(Level.ERROR, refused.code, Location(file=file), refused.message, fix=refused.fix)
        return parsed

    wanted: dict[str, Sheet] = {}
    for sheet in definition.sheets:
        found = _find_sheet(sheet, names)
        if found is None:
            close = get_close_matches(sheet.name, names, n=1, cutoff=0.5)
            out.add(
                Level.ERROR,
                "missing-sheet",
                Location(file=file, sheet=sheet.name),
                "Sheet not found.",
                expected=f"a sheet named '{sheet.name}'",
                found="sheets " + ", ".join(repr(n) for n in names) if names else "no sheets",
                fix=f"Did you mean '{close[0]}'? Rename it to '{sheet.name}'."
                if close
                else f"Add the sheet, or correct 'name' in {definition.path}.",
            )
        else:
            wanted[found] = sheet
    readme = _find_named(definition.readme_sheet, names) if definition.readme_sheet else None
    try:
        # One sheet at a time: its raw cells are dropped once typed, which bounds memory.
        for raw in iter_sheets(path, list(wanted) + ([readme] if readme and readme not in wanted else [])):
            if raw.name in wanted:
                data = _read_sheet(wanted[raw.name], raw, out)
                if data is not None:
                    parsed.sheets[wanted[raw.name].id] = data
            if raw.name == readme:
                parsed.readme = [
                    [cells.as_text(v) for v in row] for row in raw.rows if any(not cells.is_blank(v) for v in row)
                ]
            del raw
    except WorkbookRefused as refused:
        out.add(Level.ERROR, refused.code, Location(file=file), refused.message, fix=refused.fix)
    return parsed


def _find_named(name: str, names: list[str]) -> str | None:
    key = header_key(name)
    return next((n for n in names if header_key(n) == key), None)


def _find_sheet(sheet: Sheet, names: list[str]) -> str | None:
    for candidate in (sheet.name, *sheet.aliases):
        if found := _find_named(candidate, names):
            return found
    return None


def _match_headers(sheet: Sheet, header: list[Any]) -> dict[str, int]:
    """Column key → index in the header row."""
    wanted: dict[str, str] = {}
    for column in sheet.columns:
        for name in (column.header, *column.aliases):
            wanted.setdefault(header_key(name), column.key)
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = wanted.get(header_key(cell))
        if key and key not in found:
            found[key] = index
    return found


def _read_sheet(sheet: Sheet, raw: RawSheet, out: _Collector) -> SheetData | None:
    file = out.file
    rows = raw.rows
    # The header row is the one (near the top) that names most of the declared columns.
    best, best_row = 0, -1
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = len(_match_headers(sheet, row))
        if score > best:
            best, best_row = score, i
    if best_row < 0:
        found = [cells.as_text(v) for v in (rows[0] if rows else []) if not cells.is_blank(v)]
        out.add(
            Level.ERROR,
            "no-header",
            Location(file=file, sheet=raw.name),
            "No header row found." if rows else "The sheet is empty.",
            expected="a row naming the columns, such as " + ", ".join(repr(c.header) for c in sheet.columns[:3]),
            found=("first row " + shown(", ".join(found), 120)) if found else "no text in the first rows",
            fix="Put the column names in the first row.",
        )
        return None
    header = rows[best_row]
    positions = _match_headers(sheet, header)
    header_row_number = best_row + 1
    unmatched = [
        cells.as_text(v).strip() for i, v in enumerate(header) if i not in positions.values() and not cells.is_blank(v)
    ]
    problems = False
    for column in sheet.columns:
        if column.key in positions:
            continue
        close = get_close_matches(header_key(column.header), [header_key(u) for u in unmatched], n=1, cutoff=0.6)
        suggestion = next((u for u in unmatched if close and header_key(u) == close[0]), None)
        level = Level.ERROR if column.required else Level.WARNING
        problems |= column.required
        out.add(
            level,
            "missing-column",
            Location(file=file, sheet=raw.name, row=header_row_number, column=column.header),
            "Required column not found." if column.required else "Column not found; its values are shown as blank.",
            expected=f"a column headed '{column.header}'",
            found="headers " + ", ".join(repr(u) for u in unmatched[:8]) if unmatched else "no other headers",
            fix=f"Did you mean '{suggestion}'? Rename that header to '{column.header}'."
            if suggestion
            else "Add the column, or correct the header in the register definition.",
        )
    extra = [
        (i, cells.as_text(v).strip())
        for i, v in enumerate(header)
        if i not in positions.values() and not cells.is_blank(v)
    ]
    for _, name in extra:
        out.add(
            Level.INFO,
            "extra-column",
            Location(file=file, sheet=raw.name, row=header_row_number, column=name),
            "Column not in the register definition: kept in the downloads, not shown on pages.",
        )
    if problems:
        return None

    columns = [(c, positions[c.key]) for c in sheet.columns if c.key in positions]
    data = SheetData(
        id=sheet.id,
        name=raw.name,
        headers={c.key: cells.as_text(header[i]).strip() for c, i in columns},
        extra_headers=[name for _, name in extra],
        rows=[],
    )
    width = len(header)
    # Per column: key, position, parser, header, whether required. Cells are typed in a tight
    # loop; a Location is made only for a cell that has a problem.
    plan = [(c.key, i, cells.PARSERS[c.type], c) for c, i in columns]
    required = [(c.key, c.header) for c, _ in columns if c.required]
    formulas = raw.formula_cells
    extra_at = [(i, name) for i, name in extra]
    limit = cells.EXCEL_CELL_LIMIT
    for offset, values in enumerate(rows[best_row + 1 :]):
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
        typed: dict[str, Any] = {}
        count = len(values)
        for key, index, parse, column in plan:
            value = values[index] if index < count else None
            if type(value) is str and (len(value) > limit or value[:1] == "#"):
                typed[key] = _cell(column, value, Location(file, raw.name, number, column.header), out)
            else:
                try:
                    typed[key] = parse(value)
                except cells.CellProblem:
                    typed[key] = _cell(column, value, Location(file, raw.name, number, column.header), out)
            if formulas and (number, index + 1) in formulas:
                out.add(
                    Level.WARNING,
                    "formula",
                    Location(file=file, sheet=raw.name, row=number, column=column.header),
                    "The cell holds a formula; its last calculated value is published.",
                    expected="a value",
                    found="a formula",
                    fix="Paste values only (Paste Special › Values) so the published value cannot change.",
                )
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
                out.add(
                    Level.WARNING,
                    "blank-required",
                    Location(file=file, sheet=raw.name, row=number, column=header_name),
                    "A required value is blank.",
                    fix="Fill it in, or confirm it is unknown.",
                )
        extras: dict[str, str] = {}
        if count > width or extra_at:
            extras = {
                name: cells.as_text(values[i]) for i, name in extra_at if i < count and not cells.is_blank(values[i])
            }
            for i in range(width, count):
                if not cells.is_blank(values[i]):
                    extras[f"Column {i + 1}"] = cells.as_text(values[i])
        data.rows.append(Row(number, typed, extras))
    return data


def _cell(column: Column, value: Any, loc: Location, out: _Collector) -> Any:
    if isinstance(value, str) and len(value) > cells.EXCEL_CELL_LIMIT:
        out.add(
            Level.WARNING,
            "cell-too-long",
            loc,
            f"The cell holds {len(value):,} characters, more than Excel can show ({cells.EXCEL_CELL_LIMIT:,}); "
            "it is published in full.",
            fix="Check the workbook was not made by a tool that joins cells.",
        )
    if isinstance(value, str) and value.startswith("#") and value.upper() in _EXCEL_ERRORS:
        out.add(
            Level.WARNING,
            "cell-error",
            loc,
            "The cell holds an Excel error value; it is published as written.",
            expected="a value",
            found=shown(value),
            fix="Correct the formula or type the value.",
        )
        return value
    try:
        return cells.PARSERS[column.type](value)
    except cells.CellProblem as problem:
        out.add(
            Level.WARNING,
            f"bad-{column.type}",
            loc,
            "The value cannot be read; it is published as written.",
            expected=problem.expected,
            found=shown(cells.as_text(value)),
            fix=problem.fix,
        )
        return cells.parse_text(value)


_EXCEL_ERRORS = {
    "#N/A",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
}
