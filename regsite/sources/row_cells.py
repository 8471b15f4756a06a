"""A row's declared cells typed as their columns say, problems reported where they are.

A sheet is typed cell by cell in a tight loop (a full-size register has 190,000 rows): a
Location is made only for a cell with a problem, and a column's repeated texts are typed once.
"""

from __future__ import annotations

from typing import Any, Protocol

from regsite.diagnostics import Level, Location, shown
from regsite.sources import cells
from regsite.sources.definitions import Column
from regsite.sources.workbook import RawSheet

Plan = list[tuple[str, int, Any, Column, dict[Any, Any]]]  # per column: key, position, parser, column, memo
_UNTYPED = object()  # not in a column's memo


class Reporter(Protocol):
    """Where problems go (sheets' collector): the file's label and a way to add a diagnostic."""

    file: str

    def add(self, level: Level, code: str, loc: Location, message: str, **kw: str) -> None: ...


def type_cells(
    plan: Plan, values: list[Any], number: int, raw: RawSheet, out: Reporter, texts: dict[str, str]
) -> dict[str, Any]:
    """One row's declared cells typed by column key; a problem cell reported and kept as
    ``problem_cell`` gives it, a formula cell warned about; a text already seen is the copy in ``texts``.
    A column repeats its values (a dataset, a month, Yes): each text is typed once, in its memo."""
    file = out.file
    formulas = raw.formula_cells
    limit = cells.EXCEL_CELL_LIMIT
    typed: dict[str, Any] = {}
    count = len(values)
    for key, index, parse, column, memo in plan:
        value = values[index] if index < count else None
        text = type(value) is str or value is None
        if (result := memo.get(value, _UNTYPED) if text else _UNTYPED) is _UNTYPED:
            try:
                if text and value is not None and (len(value) > limit or value[:1] == "#"):
                    raise cells.CellProblem("")  # too long, or an error value: problem_cell reports it
                result = parse(value)
            except cells.CellProblem:  # reported for each cell it is in, so never remembered
                result, text = problem_cell(column, value, Location(file, raw.name, number, column.header), out), False
            if type(result) is str:
                result = texts.setdefault(result, result)
            if text:
                memo[value] = result
        typed[key] = result
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
    return typed


def problem_cell(column: Column, value: Any, loc: Location, out: Reporter) -> Any:
    """A cell that cannot be typed as its column says (too long, an error value, unreadable),
    reported, and kept as well as it can be."""
    if isinstance(value, str) and len(value) > cells.EXCEL_CELL_LIMIT:
        out.add(
            Level.WARNING,
            "cell-too-long",
            loc,
            f"The cell holds {len(value):,} characters, more than Excel can show ({cells.EXCEL_CELL_LIMIT:,}); "
            "it is published in full.",
            fix="Check the workbook was not made by a tool that joins cells.",
        )
    if isinstance(value, str) and value.startswith("#") and value.upper() in cells.EXCEL_ERRORS:
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
