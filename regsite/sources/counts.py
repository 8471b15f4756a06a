"""Count tables: row labels × column labels → numbers (``shape = "counts"`` in a definition).

The National Back Office publishes its activity this way: requesters across, outcomes down,
a Total row or column, and notes ("Explanation of terms") below. The header row is the first
row naming two or more columns; each row after it with a label and a number is a count row;
text-only rows are notes, read and set aside (kept to show beside the table), never counted.
A Total row or column that does not add up is a warning at its cell.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from regsite.diagnostics import Level, Location, shown
from regsite.sources import cells
from regsite.sources.definitions import Sheet, snake
from regsite.sources.workbook import RawSheet

LABEL_KEY = "row_label"  # a count row's label, in the row's values and the downloads
HEADER_SEARCH_ROWS = 30


def _label(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):  # a month column written as a date
        return f"{value:%B %Y}"
    return " ".join(cells.as_text(value).split())


def _number(value: Any) -> int | float | None:
    if isinstance(value, str) and value.strip().endswith("%"):
        number = cells.parse_number(value.strip()[:-1])
        return None if number is None else number / 100
    return cells.parse_number(value)


def _is_header(row: list[Any]) -> bool:
    labels = [v for v in row[1:] if not cells.is_blank(v)]
    return len(labels) >= 2 and not any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in labels)


def read_counts(sheet: Sheet, raw: RawSheet, out: Any) -> Any:
    """A count table as ``SheetData``: a row per row label, a value per column label."""
    from regsite.sources.sheets import Row, SheetData  # sheets imports this module: import when called

    rows = raw.rows
    at = next((i for i, r in enumerate(rows[:HEADER_SEARCH_ROWS]) if _is_header(r)), -1)
    if at < 0:
        out.add(
            Level.ERROR,
            "no-header",
            Location(file=out.file, sheet=raw.name),
            "No row of column labels found for a count table.",
            expected="a row with two or more column labels, then rows of a label and numbers",
            fix="Check the sheet, or the table's shape in the register definition.",
        )
        return None
    header = rows[at]
    columns = [(i, _label(v)) for i, v in enumerate(header) if i and not cells.is_blank(v)]
    keys = _keys([name for _, name in columns])
    headers = {LABEL_KEY: _label(header[0]) or sheet.row_label or "Row"} | dict(
        zip(keys, (n for _, n in columns), strict=True)
    )
    data = SheetData(sheet.id, raw.name, headers, [], [], shape="counts")
    for number, values in enumerate(rows[:at], 1):
        if any(not cells.is_blank(v) for v in values):
            data.read += 1
            data.put_aside(number, "title or note above the header")
            data.notes.append(" ".join(cells.as_text(v).strip() for v in values if not cells.is_blank(v)))
    for number, values in enumerate(rows[at + 1 :], at + 2):
        data.read += 1
        filled = [v for v in values if not cells.is_blank(v)]
        label = _label(values[0]) if values else ""
        counted = {}
        for (index, name), key in zip(columns, keys, strict=True):
            value = values[index] if index < len(values) else None
            try:
                counted[key] = _number(value)
            except cells.CellProblem:
                counted[key] = None
                if label and not cells.is_blank(value):
                    out.add(
                        Level.WARNING,
                        "bad-number",
                        Location(out.file, raw.name, number, name),
                        "The count cannot be read; it is shown as blank.",
                        expected="a number",
                        found=shown(cells.as_text(value)),
                    )
        if not filled:
            data.put_aside(number, "blank row")
        elif not label or all(v is None for v in counted.values()):
            data.put_aside(number, "note, not a count")
            data.notes.append(" ".join(cells.as_text(v).strip() for v in filled))
        else:
            data.rows.append(Row(number, {LABEL_KEY: label, **counted}, {}))
    check_totals(sheet, data, out)
    _check_declared(sheet, data, out)
    return data


def _keys(names: list[str]) -> list[str]:
    keys: list[str] = []
    for name in names:
        key = snake(name)
        while key in keys or key == LABEL_KEY:
            key += "_"
        keys.append(key)
    return keys


def _is_total(label: str, declared: tuple[str, ...]) -> bool:
    key = label.casefold().strip()
    return key == "total" or key in {d.casefold().strip() for d in declared}


def check_totals(sheet: Sheet, data: Any, out: Any) -> None:
    """A Total column must be the sum of the other columns on its row; a Total row, of the
    other rows in its column. Cells left blank are not summed; a mismatch is a warning."""
    labels = {k: v for k, v in data.headers.items() if k != LABEL_KEY}
    total_cols = [k for k, v in labels.items() if _is_total(v, sheet.total_columns)]
    parts = [k for k in labels if k not in total_cols]
    for row in data.rows:
        for key in total_cols:
            _compare(row.values.get(key), [row.values.get(k) for k in parts], data, row.number, labels[key], out)
    total_rows = [r for r in data.rows if _is_total(r.values[LABEL_KEY], sheet.total_rows)]
    others = [r for r in data.rows if r not in total_rows]
    for row in total_rows:
        for key in labels:
            _compare(row.values.get(key), [r.values.get(key) for r in others], data, row.number, labels[key], out)


def _compare(total: Any, values: list[Any], data: Any, number: int, column: str, out: Any) -> None:
    numbers = [v for v in values if isinstance(v, (int, float))]
    if not isinstance(total, (int, float)) or not numbers:
        return
    expected = sum(numbers)
    if abs(expected - total) > 1e-9 * max(1, abs(total)):
        out.add(
            Level.WARNING,
            "total-mismatch",
            Location(out.file, data.name, number, column),
            "The total does not add up.",
            expected=f"{expected:,} (the sum of the other cells)",
            found=f"{total:,}",
            fix="Check the total and the counts it adds up; both are published as written.",
        )


def _check_declared(sheet: Sheet, data: Any, out: Any) -> None:
    """Columns a definition declares for a count table must be there (unless optional)."""
    present = {cells.as_text(v).casefold() for v in data.headers.values()}
    for column in sheet.columns:
        if not ({column.header.casefold(), *(a.casefold() for a in column.aliases)} & present):
            out.add(
                Level.WARNING if column.optional else Level.ERROR,
                "missing-column",
                Location(out.file, data.name, column=column.header),
                "Column not found in the count table.",
                expected=f"a column labelled '{column.header}'",
                found="columns " + ", ".join(repr(v) for k, v in data.headers.items() if k != LABEL_KEY),
            )
