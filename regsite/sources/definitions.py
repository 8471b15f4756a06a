"""Register definitions: ``data/<register-id>/register.toml`` describes a register.

A definition names the register, says what it covers, and declares its sheets and
columns with a type each. Adding a register means adding a folder with a definition and
its editions: no code. A simple register has one sheet::

    title = "National Back Office data release register"
    summary = "Releases by the Tracing service and the Demographics Batch Service Bureau."
    sheet = "Releases"

    [[columns]]
    header = "Organisation"
    type = "organisation"
    required = true
    filter = true

The Data Uses Register (``kind = "data-uses"``) declares three linked sheets with
``[[sheets]]`` tables instead; ``regsite.model.agreements`` is the one place that knows how
they link.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from regsite.diagnostics import Location, Report, shown

COLUMN_TYPES = ("text", "long-text", "date", "month", "yes-no", "organisation", "dataset", "reference", "number")
KINDS = ("table", "data-uses")

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Column:
    key: str  # the field name in our model, JSON and CSV headings: snake_case
    header: str  # the header in the workbook
    type: str
    required: bool = False
    table: bool = True  # shown in the register's table
    filter: bool = False  # a search filter and a browse facet
    aliases: tuple[str, ...] = ()  # earlier names of the header, still accepted
    label: str = ""  # how the site names it; defaults to the header
    optional: bool = False  # an edition may lack it: its values publish as blank (otherwise the build stops)
    unheaded: bool = False  # the workbook leaves its header cell blank: the first blank-headed column is it
    description: str = ""  # what it means, in plain English (markdown): the field's glossary entry
    values: tuple[tuple[str, str], ...] = ()  # (value, what it means) for its browse pages

    @property
    def title(self) -> str:
        return self.label or self.header

    @property
    def filter_name(self) -> str:
        """The search filter this column feeds. Registers share filters: every organisation
        column is "Organisation", and "Legal Basis" in one register is "Legal basis" in all."""
        if self.type in ("organisation", "dataset"):
            return self.type.capitalize()
        parts = re.split(r"([ -])", self.title)
        # Sentence case, as NHS.UK writes headings; acronyms (ODS, NHS) keep their capitals.
        return "".join(p.lower() if i and p[:1].isupper() and p[1:].islower() else p for i, p in enumerate(parts))


SHAPES = ("rows", "counts")


@dataclass(frozen=True)
class Sheet:
    """One table a register declares: read from one sheet, or several sheets of the same shape."""

    id: str
    name: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    title: str = ""  # how the site names the table; defaults to the sheet's name
    shape: str = "rows"  # "rows": a row per record; "counts": row labels × column labels → numbers
    more_names: tuple[str, ...] = ()  # further sheets read into the same table
    pattern: str = ""  # a regular expression: every sheet whose name matches is read into the table
    total_rows: tuple[str, ...] = ()  # counts: row labels that total the other rows ("Total" always does)
    total_columns: tuple[str, ...] = ()  # counts: column labels that total the other columns
    row_label: str = ""  # counts: what the row labels are, for the table's first header cell
    unit: str = ""  # counts: what is counted, singular ("request"), for charts
    noun: str = ""  # rows: what one row is, singular ("file", "purpose statement"); defaults to "row"

    @property
    def label(self) -> str:
        return self.title or self.name or self.pattern

    @property
    def several(self) -> bool:
        """Whether rows can come from more than one sheet (and so record which)."""
        return bool(self.more_names or self.pattern)

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


@dataclass(frozen=True)
class EditionNote:
    derived: bool = False
    note: str = ""


@dataclass(frozen=True)
class RegisterDefinition:
    id: str
    title: str
    summary: str
    kind: str
    sheets: tuple[Sheet, ...]
    path: str  # the definition file, for messages
    frequency: str = ""
    monthly: bool = False  # an edition every month: the archive names any month without one
    publisher: str = "NHS England"
    source_url: str = ""
    source_name: str = ""
    guidance: str = ""
    illustrative: bool = False  # sample data written by us, not NHS England's
    order: int = 100
    readme_sheet: str = ""  # a legacy workbook's "Read me" tab, shown on its edition page
    editions: dict[str, EditionNote] = field(default_factory=dict)
    fingerprint: str = ""  # hash of the definition file: part of the parse cache key

    def sheet(self, sheet_id: str) -> Sheet:
        return next(s for s in self.sheets if s.id == sheet_id)

    @property
    def main_sheet(self) -> Sheet:
        return self.sheets[0]


def snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "column"


_REGISTER_KEYS = {
    "title",
    "summary",
    "kind",
    "sheet",
    "sheets",
    "columns",
    "frequency",
    "monthly",
    "publisher",
    "source_url",
    "source_name",
    "guidance",
    "illustrative",
    "order",
    "readme_sheet",
    "editions",
    "tables",
    "sheet_pattern",
}
_SHEET_KEYS = {"id", "name", "columns", "aliases"}
_TABLE_KEYS = {
    "id",
    "title",
    "sheet",
    "sheet_pattern",
    "aliases",
    "shape",
    "columns",
    "total_rows",
    "total_columns",
    "row_label",
    "unit",
    "noun",
}
_COLUMN_KEYS = {
    "key",
    "header",
    "type",
    "required",
    "table",
    "filter",
    "aliases",
    "label",
    "optional",
    "unheaded",
    "description",
    "values",
}


class DefinitionReader:
    """Reads one definition file, collecting every mistake with the key it is at."""

    def __init__(self, file: str, report: Report) -> None:
        self.file = file
        self.report = report
        self.ok = True

    def problem(self, key: str, message: str, expected: str = "", found: str = "", fix: str = "") -> None:
        self.ok = False
        self.report.error(
            "definition", Location(file=self.file, key=key), message, expected=expected, found=found, fix=fix
        )

    def unknown_keys(self, table: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in sorted(set(table) - allowed):
            close = get_close_matches(key, sorted(allowed), n=1)
            hint = f"Did you mean '{close[0]}'?" if close else f"Known keys: {', '.join(sorted(allowed))}."
            self.problem(f"{where}{key}", "Unknown key.", fix=hint)

    def string(self, table: dict[str, Any], key: str, where: str, required: bool = False, default: str = "") -> str:
        value = table.get(key, default)
        if key not in table and required:
            self.problem(f"{where}{key}", "Missing required key.", expected="a text value", fix=f'Add {key} = "…".')
            return default
        if not isinstance(value, str):
            self.problem(f"{where}{key}", "Wrong type.", expected="a text value in quotes", found=shown(value))
            return default
        if required and not value.strip():
            self.problem(f"{where}{key}", "Empty value.", expected="a text value", found="an empty string")
        return value.strip()

    def boolean(self, table: dict[str, Any], key: str, where: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.problem(f"{where}{key}", "Wrong type.", expected="true or false (no quotes)", found=shown(value))
            return default
        return value

    def strings(self, table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(f"{where}{key}", "Wrong type.", expected="a list of text values", found=shown(value))
            return ()
        return tuple(v.strip() for v in value)

    def column(self, table: Any, where: str) -> Column | None:
        if not isinstance(table, dict):
            self.problem(where.rstrip("."), "Wrong type.", expected="a [[columns]] table", found=shown(table))
            return None
        self.unknown_keys(table, _COLUMN_KEYS, where)
        header = self.string(table, "header", where, required=True)
        ctype = self.string(table, "type", where, required=True, default="text")
        if ctype and ctype not in COLUMN_TYPES:
            close = get_close_matches(ctype, COLUMN_TYPES, n=1)
            self.problem(
                f"{where}type",
                "Unknown column type.",
                expected="one of " + ", ".join(COLUMN_TYPES),
                found=shown(ctype),
                fix=f"Did you mean '{close[0]}'?" if close else "",
            )
        key = self.string(table, "key", where, default="") or snake(header)
        return Column(
            key=key,
            header=header,
            type=ctype,
            required=self.boolean(table, "required", where, False),
            table=self.boolean(table, "table", where, True),
            filter=self.boolean(table, "filter", where, False),
            aliases=self.strings(table, "aliases", where),
            label=self.string(table, "label", where),
            optional=self.boolean(table, "optional", where, False),
            unheaded=self.boolean(table, "unheaded", where, False),
            description=self.string(table, "description", where),
            values=self.meanings(table, "values", where),
        )

    def meanings(self, table: dict[str, Any], key: str, where: str) -> tuple[tuple[str, str], ...]:
        value = table.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            self.problem(
                f"{where}{key}", "Wrong type.", expected='a table like { Yes = "…", No = "…" }', found=shown(value)
            )
            return ()
        return tuple((k, v.strip()) for k, v in value.items())

    def sheet(self, table: Any, where: str, default_id: str) -> Sheet | None:
        if not isinstance(table, dict):
            self.problem(where.rstrip("."), "Wrong type.", expected="a [[sheets]] table", found=shown(table))
            return None
        self.unknown_keys(table, _SHEET_KEYS, where)
        name = self.string(table, "name", where, required=True)
        sheet_id = self.string(table, "id", where, default=default_id) or default_id
        return Sheet(sheet_id, name, self.columns(table.get("columns"), where), self.strings(table, "aliases", where))

    def table(self, table: Any, where: str, index: int) -> Sheet | None:
        """One ``[[tables]]`` entry: a sheet (or list of sheets, or a pattern) with its shape and columns."""
        if not isinstance(table, dict):
            self.problem(where.rstrip("."), "Wrong type.", expected="a [[tables]] table", found=shown(table))
            return None
        self.unknown_keys(table, _TABLE_KEYS, where)
        names = self.strings(table, "sheet", where)
        pattern = self.string(table, "sheet_pattern", where)
        if pattern:
            try:
                re.compile(pattern)
            except re.error as exc:
                self.problem(f"{where}sheet_pattern", f"Not a regular expression: {exc}.", found=shown(pattern))
        if not names and not pattern:
            self.problem(f"{where}sheet", "Missing required key.", expected='sheet = "…" (or a list, or sheet_pattern)')
        shape = self.string(table, "shape", where, default="rows") or "rows"
        if shape not in SHAPES:
            self.problem(f"{where}shape", "Unknown table shape.", expected=" or ".join(SHAPES), found=shown(shape))
        columns: tuple[Column, ...] = ()
        if shape == "rows" or "columns" in table:
            columns = self.columns(table.get("columns"), where)
        default_id = snake(names[0] if names else pattern).replace("_", "-") if index else "rows"
        return Sheet(
            id=self.string(table, "id", where, default=default_id) or default_id,
            name=names[0] if names else "",
            columns=columns,
            aliases=self.strings(table, "aliases", where),
            title=self.string(table, "title", where),
            shape=shape,
            more_names=names[1:],
            pattern=pattern,
            total_rows=self.strings(table, "total_rows", where),
            total_columns=self.strings(table, "total_columns", where),
            row_label=self.string(table, "row_label", where),
            unit=self.string(table, "unit", where),
            noun=self.string(table, "noun", where),
        )

    def columns(self, value: Any, where: str) -> tuple[Column, ...]:
        if not isinstance(value, list) or not value:
            self.problem(
                f"{where}columns",
                "No columns declared.",
                expected="one [[columns]] table per column",
                found=shown(value) if value is not None else "none",
                fix="Add a [[columns]] table with header and type for each column.",
            )
            return ()
        columns = [c for i, t in enumerate(value) if (c := self.column(t, f"{where}columns[{i + 1}]."))]
        seen: dict[str, int] = {}
        for i, col in enumerate(columns):
            if col.key in seen:
                self.problem(
                    f"{where}columns[{i + 1}].key",
                    f"Two columns have the key '{col.key}'.",
                    fix='Give one of them a distinct key = "…".',
                )
            seen[col.key] = i
        return tuple(columns)


def load_definition(path: Path, register_id: str, report: Report, file_label: str) -> RegisterDefinition | None:
    """Read and check one ``register.toml``; ``None`` (with errors reported) if it is unusable."""
    reader = DefinitionReader(file_label, report)
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        reader.problem("", "The file is not UTF-8 text.", fix="Save it as UTF-8.")
        return None
    except tomllib.TOMLDecodeError as exc:
        reader.problem("", f"The file is not valid TOML: {exc}.", fix="Check quotes and brackets on that line.")
        return None
    if not _ID.match(register_id):
        reader.problem(
            "",
            "The register's folder name is not a usable id.",
            expected="lower-case letters, digits and hyphens, like national-back-office",
            found=shown(register_id),
        )
    reader.unknown_keys(data, _REGISTER_KEYS, "")
    kind = reader.string(data, "kind", "", default="table") or "table"
    if kind not in KINDS:
        reader.problem("kind", "Unknown register kind.", expected=" or ".join(KINDS), found=shown(kind))
    sheets = _sheets(reader, data)
    editions = _edition_notes(reader, data)

    order = data.get("order", 100)
    if not isinstance(order, int) or isinstance(order, bool):
        reader.problem("order", "Wrong type.", expected="a whole number", found=shown(order))
        order = 100
    definition = RegisterDefinition(
        id=register_id,
        title=reader.string(data, "title", "", required=True),
        summary=reader.string(data, "summary", "", required=True),
        kind=kind,
        sheets=sheets,
        path=file_label,
        frequency=reader.string(data, "frequency", ""),
        monthly=reader.boolean(data, "monthly", "", False),
        publisher=reader.string(data, "publisher", "", default="NHS England"),
        source_url=reader.string(data, "source_url", ""),
        source_name=reader.string(data, "source_name", ""),
        guidance=reader.string(data, "guidance", ""),
        illustrative=reader.boolean(data, "illustrative", "", False),
        order=order,
        readme_sheet=reader.string(data, "readme_sheet", ""),
        editions=editions,
        fingerprint=hashlib.sha256(raw).hexdigest(),
    )
    if definition.source_url and not re.match(r"https?://", definition.source_url):
        reader.problem(
            "source_url", "Not a web address.", expected="an http(s):// address", found=shown(definition.source_url)
        )
    return definition if reader.ok else None


def _sheets(reader: DefinitionReader, data: dict[str, Any]) -> tuple[Sheet, ...]:
    """The register's sheets, in whichever of the three forms it declares them."""
    if "sheets" in data:
        return _listed(reader, data, "sheets", lambda t, i: reader.sheet(t, f"sheets[{i + 1}].", f"sheet-{i + 1}"))
    if "tables" in data:
        sheets = _listed(reader, data, "tables", lambda t, i: reader.table(t, f"tables[{i + 1}].", i))
        ids = [s.id for s in sheets]
        for i, sheet_id in enumerate(ids):
            if sheet_id in ids[:i]:
                reader.problem(f"tables[{i + 1}].id", f"Two tables have the id '{sheet_id}'.", fix="Give one an id.")
        return sheets
    sheet_value = data.get("sheet")
    if isinstance(sheet_value, list) or "sheet_pattern" in data:
        # The single-table form accepts a list of sheets or a pattern too.
        table = {k: data[k] for k in ("sheet", "sheet_pattern", "columns") if k in data}
        only = reader.table(table, "", 0)
        return (only,) if only else ()
    name = reader.string(data, "sheet", "", required=True)
    return (Sheet("rows", name, reader.columns(data.get("columns"), "")),)


def _listed(
    reader: DefinitionReader, data: dict[str, Any], key: str, read: Callable[[Any, int], Sheet | None]
) -> tuple[Sheet, ...]:
    """``[[sheets]]`` or ``[[tables]]``: one or more tables, each read by ``read``, instead of ``sheet``."""
    if "sheet" in data or "columns" in data:
        reader.problem(key, f"Both '{key}' and 'sheet'/'columns' are given.", fix="Use one form.")
    value = data[key]
    if not isinstance(value, list) or not value:
        reader.problem(key, "Wrong type.", expected=f"one or more [[{key}]] tables", found=shown(value))
        return ()
    found = [read(t, i) for i, t in enumerate(value)]
    return tuple(s for s in found if s)


def _edition_notes(reader: DefinitionReader, data: dict[str, Any]) -> dict[str, EditionNote]:
    """``[editions."YYYY-MM"]`` notes: what an edition's file is (derived by us, or a note on its origin)."""
    editions: dict[str, EditionNote] = {}
    raw_editions = data.get("editions", {})
    if not isinstance(raw_editions, dict):
        reader.problem(
            "editions", "Wrong type.", expected='tables like [editions."2026-08"]', found=shown(raw_editions)
        )
        return editions
    for month, note in raw_editions.items():
        where = f'editions."{month}".'
        if not re.fullmatch(r"\d{4}-\d{2}", month) or not isinstance(note, dict):
            reader.problem(where.rstrip("."), "Wrong edition note.", expected='[editions."YYYY-MM"] with note = "…"')
            continue
        reader.unknown_keys(note, {"derived", "note"}, where)
        editions[month] = EditionNote(reader.boolean(note, "derived", where, False), reader.string(note, "note", where))
    return editions


def with_data_facts(
    definition: RegisterDefinition, path: Path, report: Report, file_label: str
) -> RegisterDefinition | None:
    """Apply a data folder's ``editions.toml``: facts about the files in that folder, not about the register.

    Whether the rows are illustrative (written by this project) and what each edition's file is
    belong to the files a folder holds, so a packaged definition never labels NHS England's real
    file as a sample: ``illustrative = true`` and ``[editions."YYYY-MM"]`` notes live beside the files.
    """
    reader = DefinitionReader(file_label, report)
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reader.problem("", f"The file is not valid UTF-8 TOML: {exc}.", fix="Check quotes and brackets on that line.")
        return None
    reader.unknown_keys(data, {"illustrative", "editions"}, "")
    illustrative = reader.boolean(data, "illustrative", "", definition.illustrative)
    editions = {**definition.editions, **_edition_notes(reader, data)}
    if not reader.ok:
        return None
    fingerprint = hashlib.sha256(definition.fingerprint.encode() + raw).hexdigest()
    return replace(definition, illustrative=illustrative, editions=editions, fingerprint=fingerprint)
