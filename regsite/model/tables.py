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
from regsite.model.agreements import parse_reference
from regsite.model.editions import PublishedEdition, sheet_accounting
from regsite.sources.cells import display
from regsite.sources.counts import LABEL_KEY
from regsite.sources.definitions import Column, EditionNote, RegisterDefinition, Sheet
from regsite.sources.discover import Edition
from regsite.sources.sheets import SHEET_KEY, ParsedEdition, Row, SheetData
from regsite.text import comparable

NAME_TYPES = ("organisation", "dataset")


@dataclass(kw_only=True)
class TableEdition(PublishedEdition):
    rows: int  # the main table's published rows
    table_rows: dict[str, int] = field(default_factory=dict)  # every table's published rows, by table id
    counts: dict[str, list[Row]] = field(default_factory=dict)  # count tables' rows, kept for charts over time


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


SHEET_COLUMN = Column(key=SHEET_KEY, header="Sheet", type="text", filter=True)


@dataclass
class Table:
    """One declared table of a register's current edition: its sheet(s), columns and rows."""

    definition: Sheet
    data: SheetData

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def title(self) -> str:
        return self.definition.title or self.data.name

    @property
    def shape(self) -> str:
        return self.definition.shape

    @property
    def columns(self) -> list[Column]:
        """The declared columns present in this edition; where rows come from several sheets, the sheet first."""
        if self.shape == "counts":
            return [
                Column(key=k, header=h, type="text" if k == LABEL_KEY else "number")
                for k, h in self.data.headers.items()
            ]
        declared = [c for c in self.definition.columns if c.key in self.data.headers]
        return [SHEET_COLUMN, *declared] if self.definition.several else declared

    @property
    def table_columns(self) -> list[Column]:
        return [c for c in self.columns if c.table]

    @property
    def keys(self) -> list[str]:
        """Every column key, declared or not present, for the downloads."""
        if self.shape == "counts":
            return list(self.data.headers)
        keys = [c.key for c in self.definition.columns]
        return [SHEET_KEY, *keys] if self.definition.several else keys

    @property
    def rows(self) -> list[Row]:
        return self.data.published_rows()

    @property
    def noun(self) -> str:
        return self.definition.noun or "row"


@dataclass
class Mention:
    """What one table of a register records for one agreement: its rows naming it, the versioned
    references they give, and the datasets they name."""

    table: Table
    rows: list[Row]
    references: list[str]
    datasets: list[str]


@dataclass
class TableRegister:
    definition: RegisterDefinition
    editions: list[TableEdition]  # oldest first
    parsed: ParsedEdition  # the current edition
    changes: dict[str, TableChanges]  # the main table's changes, by month
    table_changes: dict[str, dict[str, TableChanges]] = field(default_factory=dict)  # month → table id → changes
    _mentions: dict[str, list[Mention]] | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def current(self) -> TableEdition:
        return self.editions[-1]

    @property
    def tables(self) -> list[Table]:
        return [Table(s, self.parsed.sheets[s.id]) for s in self.definition.sheets if s.id in self.parsed.sheets]

    @property
    def main(self) -> Table:
        return self.tables[0]

    @property
    def others(self) -> list[Table]:
        return self.tables[1:]

    @property
    def sheet(self) -> SheetData:
        return self.main.data

    @property
    def columns(self) -> list[Column]:
        return self.main.columns

    @property
    def table_columns(self) -> list[Column]:
        return self.main.table_columns

    @property
    def rows(self) -> list[Row]:
        """The current edition's published rows of its main table."""
        return self.main.rows

    def names(self, kind: str) -> list[str]:
        """Every organisation (or dataset) named in any of its tables, in order of appearance."""
        out = []
        for table in self.tables:
            keys = [c.key for c in table.columns if c.type == kind]
            out += [str(r.values[k]) for r in table.rows for k in keys if r.values.get(k)]
        return out

    def mentions(self, base: str) -> list[Mention]:
        """What the current edition records for an agreement (by its base reference), table by table."""
        if self._mentions is None:
            self._mentions = _index_mentions(self.tables)
        return self._mentions.get(base.upper(), [])

    def counts_over_time(self, table_id: str) -> list[tuple[str, dict[str, Any]]]:
        """A count table's total row (or its first row) in each edition, oldest first: (month, row values)."""
        out = []
        for edition in self.editions:
            rows = edition.counts.get(table_id) or []
            if rows:
                total = next(
                    (r for r in rows if str(r.values.get(LABEL_KEY, "")).casefold().startswith("total")), rows[0]
                )
                out.append((edition.month, total.values))
        return out


def _index_mentions(tables: list[Table]) -> dict[str, list[Mention]]:
    """Base reference (DARS-NIC-00574-V2H1F) → what each table says of it; a reference's version
    (-v2.2) is stripped to find the agreement, and kept to show which version was recorded."""
    out: dict[str, list[Mention]] = {}
    for table in tables:
        refs = [c.key for c in table.columns if c.type == "reference"]
        names = [c.key for c in table.columns if c.type == "dataset"]
        found: dict[str, Mention] = {}
        for row in table.rows:
            for key in refs:
                value = row.values.get(key)
                parsed = parse_reference(value) if isinstance(value, str) else None
                if parsed is None or not isinstance(value, str):
                    continue
                mention = found.setdefault(parsed[0], Mention(table, [], [], []))
                if not mention.rows or mention.rows[-1] is not row:
                    mention.rows.append(row)
                if value.strip() not in mention.references:
                    mention.references.append(value.strip())
                for name in names:
                    dataset = row.values.get(name)
                    if dataset and str(dataset).strip() not in mention.datasets:
                        mention.datasets.append(str(dataset).strip())
        for base, mention in found.items():
            out.setdefault(base, []).append(mention)
    return out


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


def load(
    definition: RegisterDefinition, editions: list[Edition], parse: Callable[[Edition], ParsedEdition]
) -> TableRegister | list[Diagnostic]:
    """Read every edition in order, keeping the rows of at most two at once."""
    ids = [s.id for s in definition.sheets]
    views: list[TableEdition] = []
    changes: dict[str, dict[str, TableChanges]] = {}
    problems: list[Diagnostic] = []
    previous: tuple[Edition, dict[str, list[Row]]] | None = None
    parsed: ParsedEdition | None = None
    for edition in editions:
        parsed = parse(edition)
        if not parsed.ok or any(i not in parsed.sheets for i in ids):
            problems.extend(parsed.diagnostics)
            previous = None
            continue
        tables = [Table(s, parsed.sheets[s.id]) for s in definition.sheets]
        rows = {t.id: t.rows for t in tables}
        views.append(
            TableEdition(
                edition=edition,
                note=definition.editions.get(edition.month, EditionNote()),
                rows=len(rows[ids[0]]),
                sheets=sheet_accounting(parsed),
                diagnostics=list(parsed.diagnostics),
                readme=parsed.readme,
                table_rows={i: len(r) for i, r in rows.items()},
                counts={t.id: t.rows for t in tables if t.shape == "counts"},
            )
        )
        if previous is not None:
            changes[edition.month] = {
                t.id: compare(t.columns, previous[1].get(t.id, []), rows[t.id], edition.month, previous[0].month)
                for t in tables
            }
        previous = (edition, rows)
    if problems or parsed is None:
        return problems
    main = {month: by_table[ids[0]] for month, by_table in changes.items()}
    return TableRegister(definition, views, parsed, main, changes)
