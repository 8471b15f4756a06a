"""Registers that are one table: everything NHS England publishes besides the Data Uses Register.

A table register is declared entirely by its ``register.toml`` (a sheet and typed
columns); this module reads its editions, keeps the current one's rows, and lists the
rows added and removed between consecutive editions. Rows have no identity of their
own, so a row is "the same" in two editions when every declared value is the same but
for typographic noise (``text.comparable``, and case for organisation and dataset names).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from regsite.diagnostics import Diagnostic
from regsite.sources.cells import display
from regsite.sources.definitions import Column, EditionNote, RegisterDefinition
from regsite.sources.discover import Edition
from regsite.sources.sheets import ParsedEdition, Row, SheetData
from regsite.text import comparable

NAME_TYPES = ("organisation", "dataset")


@dataclass
class TableEdition:
    edition: Edition
    note: EditionNote
    rows: int
    sheets: list[dict[str, Any]]  # accounting, as for the Data Uses Register's editions
    diagnostics: list[Diagnostic]
    readme: list[list[str]] | None = None

    @property
    def month(self) -> str:
        return self.edition.month

    @property
    def counts(self) -> dict[str, int]:
        return {"rows": self.rows}


@dataclass
class TableChanges:
    month: str
    previous: str
    added: list[Row] = field(default_factory=list)
    removed: list[Row] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed)

    def __bool__(self) -> bool:
        return bool(self.count)


@dataclass
class TableRegister:
    definition: RegisterDefinition
    editions: list[TableEdition]  # oldest first
    parsed: ParsedEdition  # the current edition
    changes: dict[str, TableChanges]

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def current(self) -> TableEdition:
        return self.editions[-1]

    @property
    def sheet(self) -> SheetData:
        return self.parsed.sheets[self.definition.main_sheet.id]

    @property
    def columns(self) -> list[Column]:
        """The declared columns present in the current edition."""
        return [c for c in self.definition.main_sheet.columns if c.key in self.sheet.headers]

    @property
    def table_columns(self) -> list[Column]:
        return [c for c in self.columns if c.table]

    @property
    def rows(self) -> list[Row]:
        """The current edition's published rows."""
        aside = {n for rows in self.sheet.set_aside.values() for n in rows}
        return [r for r in self.sheet.rows if r.number not in aside]

    def names(self, kind: str) -> list[str]:
        """Every organisation (or dataset) named, edition by edition, in order of appearance."""
        keys = [c.key for c in self.definition.main_sheet.columns if c.type == kind]
        return [str(r.values[k]) for r in self.rows for k in keys if r.values.get(k)]


def _identity(columns: list[Column], row: Row) -> tuple[str, ...]:
    out = []
    for column in columns:
        value = row.values.get(column.key)
        text = comparable(display(value)) if not isinstance(value, dt.date) else value.isoformat()
        out.append(text.casefold() if column.type in NAME_TYPES else text)
    return tuple(out)


def compare(columns: list[Column], before: list[Row], after: list[Row], month: str, previous: str) -> TableChanges:
    old = Counter(_identity(columns, r) for r in before)
    new = Counter(_identity(columns, r) for r in after)
    added_keys, removed_keys = new - old, old - new
    changes = TableChanges(month, previous)
    for rows, keys, target in ((after, added_keys, changes.added), (before, removed_keys, changes.removed)):
        for row in rows:
            key = _identity(columns, row)
            if keys[key] > 0:
                keys[key] -= 1
                target.append(row)
    return changes


def _published(parsed: ParsedEdition, sheet_id: str) -> list[Row]:
    data = parsed.sheets[sheet_id]
    aside = {n for rows in data.set_aside.values() for n in rows}
    return [r for r in data.rows if r.number not in aside]


def _accounting(parsed: ParsedEdition) -> list[dict[str, Any]]:
    return [
        {
            "sheet": d.name,
            "read": d.read,
            "published": d.published,
            "set_aside": {reason: list(rows) for reason, rows in sorted(d.set_aside.items())},
        }
        for d in parsed.sheets.values()
    ]


def load(
    definition: RegisterDefinition, editions: list[Edition], parse: Callable[[Edition], ParsedEdition]
) -> TableRegister | list[Diagnostic]:
    """Read every edition in order, keeping the rows of at most two at once."""
    sheet_id = definition.main_sheet.id
    views: list[TableEdition] = []
    changes: dict[str, TableChanges] = {}
    problems: list[Diagnostic] = []
    previous: tuple[Edition, list[Row]] | None = None
    parsed: ParsedEdition | None = None
    for edition in editions:
        parsed = parse(edition)
        if not parsed.ok or sheet_id not in parsed.sheets:
            problems.extend(parsed.diagnostics)
            previous = None
            continue
        rows = _published(parsed, sheet_id)
        views.append(
            TableEdition(
                edition,
                definition.editions.get(edition.month, EditionNote()),
                len(rows),
                _accounting(parsed),
                list(parsed.diagnostics),
                parsed.readme,
            )
        )
        if previous is not None:
            columns = [c for c in definition.main_sheet.columns if c.key in parsed.sheets[sheet_id].headers]
            changes[edition.month] = compare(columns, previous[1], rows, edition.month, previous[0].month)
        previous = (edition, rows)
    if problems or parsed is None:
        return problems
    return TableRegister(definition, views, parsed, changes)
