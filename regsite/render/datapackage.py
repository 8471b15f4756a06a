"""The register as data: ``downloads/datapackage.json``, a Frictionless Data Package.

It describes every download beside it (path, format, media type, size, SHA-256, licence)
and gives each CSV a Table Schema made from the register's definition: a field per declared
column (the workbook's header as its name, the site's label as its title, a description
and a type), then the columns the definition does not declare, kept as published.

Its own address never changes, and each resource's ``name`` is the same from month to
month (``data-uses-register-agreements-csv``) while its ``path`` names the edition's file:
a program reads the package, finds a resource by name and follows its path. The offline
mirror is not listed: it holds this file, so it cannot carry the mirror's own checksum.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from regsite.model.site import Site
from regsite.render.downloads import FORMULA_START, LICENCE, LICENCE_URL, Download, sheet_csv_path, table_stem
from regsite.sources.cells import display, is_month
from regsite.sources.definitions import Column, RegisterDefinition
from regsite.sources.sheets import SheetData

PATH = "downloads/datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
LICENCES = [{"name": "OGL-UK-3.0", "path": LICENCE_URL, "title": LICENCE}]
FORMATS = {
    "csv": ("csv", "text/csv"),
    "json": ("json", "application/json"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ods": ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    "pdf": ("pdf", "application/pdf"),
}
TYPE_WORDS = {
    "date": "a date, written YYYY-MM-DD",
    "month": "a month, written YYYY-MM",
    "yes-no": "Yes or No",
    "number": "a number",
    "organisation": "an organisation's name as published",
    "dataset": "a dataset's name as published",
    "reference": "a reference number",
    "long-text": "free text",
    "text": "text",
}


@dataclass(frozen=True)
class Table:
    """A CSV download and what it was made from."""

    definition: RegisterDefinition
    sheet_name: str
    columns: list[Column]  # declared, in the order the definition gives them
    data: SheetData


def tables(site: Site) -> dict[str, Table]:
    """Every CSV the build writes (render/downloads.py names them), by site path."""
    uses = site.uses
    out: dict[str, Table] = {}
    for sheet in uses.definition.sheets:
        data = uses.parsed.sheets[sheet.id]
        out[sheet_csv_path(uses, sheet.id)] = Table(uses.definition, data.name, list(sheet.columns), data)
    for register in site.registers:
        for part in register.tables:  # every table, as render/downloads.py writes them
            path = f"{table_stem(register, part)}.csv"
            out[path] = Table(register.definition, part.data.name, part.columns, part.data)
    return out


def field_type(column: Column, values: list[Any]) -> dict[str, Any]:
    """The Table Schema type of a column: its declared type when every published cell has it
    (a cell the reader could not read is kept as text, so the column is then a string)."""
    if any(display(v).startswith(FORMULA_START) for v in values):
        return {"type": "string"}  # the CSV prefixes such cells with an apostrophe
    if column.type == "date" and all(isinstance(v, dt.date) for v in values):
        return {"type": "date"}
    if column.type == "month" and all(is_month(v) for v in values):
        return {"type": "yearmonth"}
    if column.type == "yes-no" and all(v in ("Yes", "No") for v in values):
        return {"type": "boolean", "trueValues": ["Yes"], "falseValues": ["No"]}
    if column.type == "number" and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return {"type": "integer"}
    if column.type == "number" and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return {"type": "number"}
    return {"type": "string"}


def schema(table: Table) -> dict[str, Any]:
    fields = []
    rows = table.data.published_rows()  # once per table: each column's type is judged on them
    for column in table.columns:
        if column.key not in table.data.headers:
            continue  # not in this edition's sheet, so not in its CSV
        header = table.data.headers[column.key]
        where = f"The “{header}” column of the {table.sheet_name} sheet: {TYPE_WORDS.get(column.type, 'text')}."
        explained = " ".join(column.description.split())  # the definition's own words (markdown)
        fields.append(
            {
                "name": header,
                "title": column.title,
                "description": f"{explained} {where}".strip(),
                **field_type(column, [v for r in rows if (v := r.values.get(column.key)) is not None]),
            }
        )
    for header in table.data.extra_headers:
        fields.append(
            {
                "name": header,
                "title": header,
                "description": f"A column of the {table.sheet_name} sheet that the register's definition does not "
                "declare, kept as published.",
                "type": "string",
            }
        )
    return {"fields": fields}


def current_editions(site: Site) -> dict[str, str]:
    """Each register's id and its current month."""
    return {site.uses.definition.id: site.uses.current.month} | {t.id: t.current.month for t in site.registers}


def file_name(path: str) -> tuple[str, str, str]:
    """A download's name as (stem, format's extension, compression): ``x.json.gz`` is
    ``("x", "json", "gz")``, ``x.csv`` is ``("x", "csv", "")``."""
    name = path.rsplit("/", 1)[-1]
    compression = ""
    if name.endswith(".gz"):
        name, compression = name.removesuffix(".gz"), "gz"
    stem, _, extension = name.rpartition(".")
    return stem, extension.lower(), compression


def resource_name(path: str, current: dict[str, str]) -> str:
    """A name that stays the same from edition to edition for a register's current files (their
    month left out); an earlier edition's workbook keeps its month."""
    stem, extension, _ = file_name(path)
    for register_id, month in current.items():
        if stem == f"{register_id}-{month}" or stem.startswith(f"{register_id}-{month}-"):
            stem = register_id + stem.removeprefix(f"{register_id}-{month}")
            break
    return f"{stem}-{extension}".lower()


def provenance(site: Site, path: str) -> str:
    """What a file is made from, said plainly when it is not NHS England's own data."""
    name = path.rsplit("/", 1)[-1]
    definitions = [site.uses.definition, *(t.definition for t in site.registers)]
    owners = [d for d in definitions if name.startswith(d.id + "-")]
    if not owners:
        return ""
    definition = max(owners, key=lambda d: len(d.id))
    if definition.illustrative:
        return f"Illustrative data made for this site, not published by {definition.publisher}."
    month = name.removeprefix(definition.id + "-")[:7]
    note = definition.editions.get(month)
    if note is not None and note.derived:
        return f"A derived edition, made for this site from a published one: not published by {definition.publisher}."
    return f"Published by {definition.publisher}."


def data_package(site: Site, downloads: list[Download]) -> bytes:
    """The package describing ``downloads`` (every file listed on the downloads page but the mirror)."""
    csvs = tables(site)
    current = current_editions(site)
    resources = []
    for d in sorted((d for d in downloads if d.kind != "ZIP" and d.path != PATH), key=lambda d: d.path):
        _, extension, compression = file_name(d.path)
        fmt, mediatype = FORMATS[extension]
        resource: dict[str, Any] = {
            "name": resource_name(d.path, current),
            "path": d.path.removeprefix("downloads/"),
            "title": d.title,
            "description": provenance(site, d.path),
            "format": fmt,
            "mediatype": mediatype,
            "compression": compression,  # left out when empty, as every empty value is
            "bytes": d.size,
            "hash": f"sha256:{d.sha256}",
        }
        if d.path in csvs:
            resource |= {"type": "table", "encoding": "utf-8", "schema": schema(csvs[d.path])}
        else:
            resource |= {"type": "file"} | ({"encoding": "utf-8"} if fmt == "json" else {})
        resources.append({k: v for k, v in resource.items() if v != ""})
    uses = site.uses
    package = {
        "$schema": PROFILE,
        "name": "nhs-england-transparency-registers",
        "title": "NHS England's transparency registers, as data",
        "description": (
            f"The {uses.definition.title} and the other registers of data NHS England shares, as published "
            f"(the workbooks) and as CSV and JSON made from them. Current edition: {uses.current.month}."
        ),
        "version": uses.current.month,
        "created": f"{uses.current.month}-01T00:00:00Z",  # the edition's date, never the clock
        "licenses": LICENCES,
        "sources": [{"title": uses.definition.source_name, "path": uses.definition.source_url}],
        "resources": resources,
    }
    # Indented: a person reads this file to learn the data, and it is small.
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
