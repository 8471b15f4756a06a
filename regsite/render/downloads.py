"""Downloads: the original workbooks byte for byte, a CSV per sheet, JSON of the register.

The Data Uses Register's CSVs, its whole JSON and each agreement's JSON are gzip-compressed
(``.csv.gz``, ``.json.gz``): its Agreements sheet alone runs to over a hundred megabytes of CSV on
the full register, and packs about five to one; the other registers' files are small, so plain.

CSV cells that a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``,
tab or carriage return) are prefixed with an apostrophe, so opening a download can never
run anything.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from regsite.model.agreements import Version
from regsite.model.datauses import AgreementRecord, DataUses
from regsite.model.editions import PublishedEdition
from regsite.model.tables import Table, TableRegister
from regsite.render import urls
from regsite.sources.cells import display
from regsite.sources.definitions import RegisterDefinition
from regsite.sources.discover import Edition
from regsite.sources.sheets import Row, SheetData

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# zlib's level 4, not its default 6: on the full-size register the whole JSON and the Agreements
# CSV pack to 32.0 and 22.8 MB in 3.0 CPU seconds, where level 6 took 7.3 s for 30.1 and 21.2 MB.
GZIP_LEVEL = 4


@dataclass(frozen=True)
class Download:
    path: str  # site path, e.g. downloads/data-uses-register-2026-09.xlsx
    title: str
    kind: str  # XLSX, ODS, PDF, CSV, JSON, ZIP
    size: int
    sha256: str
    data: bytes | None = None  # made by the build
    source: Path | None = None  # or copied byte for byte from this file

    @classmethod
    def of(cls, path: str, title: str, kind: str, data: bytes) -> Download:
        return cls(path, title, kind, len(data), hashlib.sha256(data).hexdigest(), data=data)


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(header: list[str], rows: Iterable[list[str]]) -> bytes:
    return b"".join(csv_chunks(header, rows))


def csv_chunks(header: list[str], rows: Iterable[list[str]], chunk_chars: int = 1 << 20) -> Iterator[bytes]:
    """RFC 4180 CSV in UTF-8, about ``chunk_chars`` characters at a time (chunks by size, not
    by rows: an agreements row can hold 30,000 characters), every cell neutralised against formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
        if buffer.tell() >= chunk_chars:
            yield buffer.getvalue().encode("utf-8", "replace")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8", "replace")


def sheet_csv(sheet: SheetData, keys: list[str]) -> Iterator[bytes]:
    """The published rows of a sheet, in workbook order, undeclared columns kept at the end."""
    present = [k for k in keys if k in sheet.headers]
    header = [sheet.headers[k] for k in present] + sheet.extra_headers
    extra_names = list(sheet.extra_headers)

    def rows() -> Iterator[list[str]]:
        for row in sheet.published_rows():
            values = [display(row.values.get(k)) for k in present]
            values += [row.extras.get(name, "") for name in extra_names]
            yield values + [v for k, v in row.extras.items() if k not in extra_names]

    return csv_chunks(header, rows())


def json_bytes(value: Any) -> bytes:
    # Compact, without indentation: the C encoder is several times faster, and the whole
    # register's JSON runs to hundreds of megabytes.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_default)
    return (text + "\n").encode("utf-8", "replace")


def gzipped(chunks: Iterable[bytes], level: int = GZIP_LEVEL, block: int = 4 << 20) -> Iterator[bytes]:
    """``chunks`` as one gzip stream, compressed ``block`` bytes at a time. zlib's gzip header
    carries no file name and a zero time, so the same bytes always give the same file.

    zlib lets go of the interpreter while it compresses, so another thread runs meanwhile
    (render/workers.py makes a CSV); in blocks rather than a call per chunk (an agreement),
    because each call must then wait for the interpreter back, up to 5 ms, which over 1,900
    agreements cost more time than the threads saved."""
    packer = zlib.compressobj(level, zlib.DEFLATED, 31)  # wbits 31: a gzip header and trailer
    pending: list[bytes] = []
    size = 0
    for chunk in chunks:
        pending.append(chunk)
        size += len(chunk)
        if size >= block:
            if packed := packer.compress(b"".join(pending)):
                yield packed
            pending, size = [], 0
    yield packer.compress(b"".join(pending)) + packer.flush()


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _row(values: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in values.items() if not k.startswith("_")}
    if extras := values.get("_extras"):
        out["extra_columns"] = extras
    return out


def version_json(version: Version, first_seen: str | None = None) -> dict[str, Any]:
    data = {k: v for k, v in version.fields.items()}
    data["reference"] = version.reference
    data["version"] = version.version
    data["controllers_list"] = version.controllers
    if version.extras:
        data["extra_columns"] = version.extras
    if first_seen:
        data["first_seen_edition"] = first_seen
    data["datasets"] = [_row(d) for d in version.datasets]
    data["releases"] = [_row(r) for r in version.releases]
    return data


def agreement_json(record: AgreementRecord, uses: DataUses) -> dict[str, Any]:
    return {
        "reference": record.base,
        "status": record.status,
        "in_current_register": record.in_current,
        "left_register_in": record.left_in,
        "editions": record.editions,
        "register_edition": uses.current.month,
        "versions": [version_json(v, record.version_first_seen.get(v.reference)) for v in record.agreement.versions],
    }


def register_json(uses: DataUses) -> Iterator[bytes]:
    """The whole register as one JSON document, written an agreement at a time."""
    head = {**_about(uses.definition, uses.current.edition), "counts": uses.current.counts}
    entries = (
        {"reference": a.base, "versions": [version_json(v) for v in a.versions]}
        for a in uses.snapshot.agreements.values()
    )
    return _document(head, "agreements", entries)


def _about(definition: RegisterDefinition, edition: Edition) -> dict[str, Any]:
    """What every register's JSON download opens with: the register, the edition and its source file."""
    return {
        "register": definition.id,
        "title": definition.title,
        "edition": edition.month,
        "source": {
            "file": edition.download_name,
            "sha256": edition.sha256,
            "publisher": definition.publisher,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
        },
    }


def _document(head: dict[str, Any], key: str, entries: Iterable[Any]) -> Iterator[bytes]:
    """``head`` with a last member ``key`` listing ``entries``, streamed an entry at a time so the
    whole register is never one string in memory."""
    opening = json_bytes({**head, key: []}).rstrip()
    yield opening[:-2]  # up to the empty list: '…"agreements":['
    for index, entry in enumerate(entries):
        yield (b"," if index else b"") + json_bytes(entry).rstrip()
    yield b"]}\n"


def edition_workbook(register: DataUses | TableRegister, summary: PublishedEdition) -> Download:
    """An edition's file (a workbook, CSV or PDF), byte for byte as published, under its own format."""
    edition, uses = summary.edition, register
    return Download(
        urls.download(edition.download_name),
        f"{uses.definition.title}, {edition.month}: the {edition.noun} as published",
        edition.format,
        edition.size,
        edition.sha256,
        source=edition.path,
    )


@dataclass(frozen=True)
class Planned:
    """A download the build makes: what to call it, and how to make its bytes (render/workers.py
    makes a heavy one before forking the render workers, a light one in a worker)."""

    path: str
    title: str
    kind: str
    make: Callable[[], bytes | Iterable[bytes]]
    weight: int = 1


def sheet_csv_path(uses: DataUses, sheet_id: str) -> str:
    """Where the current edition's CSV of one of the Data Uses Register's sheets is published,
    gzip-compressed."""
    return urls.download(f"{uses.definition.id}-{uses.current.month}-{sheet_id}.csv.gz")


def register_json_path(uses: DataUses) -> str:
    """Where the current edition's whole-register JSON is published, gzip-compressed."""
    return urls.download(f"{uses.definition.id}-{uses.current.month}.json.gz")


def current_downloads(uses: DataUses) -> list[Planned]:
    """The current edition as CSV (a file per sheet) and as JSON: the big files, each reading all of it."""
    planned = []
    for sheet in uses.definition.sheets:
        data = uses.parsed.sheets[sheet.id]
        keys = [c.key for c in sheet.columns]
        planned.append(
            Planned(
                sheet_csv_path(uses, sheet.id),
                f"{data.name} sheet (gzip-compressed)",
                "CSV",
                partial(_gzipped_csv, data, keys),
                weight=max(2, len(data.rows)),
            )
        )
    # Gzipped: the whole register runs to hundreds of megabytes of JSON and packs about six to
    # one, and every JSON and CSV reader takes gzip (the open data page says how).
    planned.append(
        Planned(
            register_json_path(uses),
            "The whole register, agreements with their versions, datasets and files (gzip-compressed)",
            "JSON",
            lambda: gzipped(register_json(uses)),
            weight=10**9,
        )
    )
    return sorted(planned, key=lambda p: -p.weight)


def _gzipped_csv(sheet: SheetData, keys: list[str]) -> Iterator[bytes]:
    return gzipped(sheet_csv(sheet, keys))


def agreement_downloads(uses: DataUses) -> list[Planned]:
    return [
        Planned(
            urls.agreement_json(r.slug),
            f"{r.base} as JSON (gzip-compressed)",
            "JSON",
            partial(_agreement_bytes, r, uses),
        )
        for r in uses.records.values()
    ]


def _agreement_bytes(record: AgreementRecord, uses: DataUses) -> Iterator[bytes]:
    # Gzipped: the full-size register's 1,900 agreements run to 190 MB of JSON, packing to 35.
    return gzipped([json_bytes(agreement_json(record, uses))])


def table_json(register: TableRegister, table: Table) -> Iterator[bytes]:
    definition = register.definition
    about = _about(definition, register.current.edition)
    head = {
        **{k: about[k] for k in ("register", "title")},
        "table": table.id,
        "table_title": table.title,
        "sheet": table.data.name,
        "shape": table.shape,
        "edition": about["edition"],
        "illustrative": definition.illustrative,
        "source": about["source"],
        "columns": [{"key": c.key, "header": table.data.headers[c.key], "type": c.type} for c in table.columns],
        **({"notes": table.data.notes} if table.data.notes else {}),
    }

    def values(row: Row) -> dict[str, Any]:
        out = {c.key: row.values.get(c.key) for c in table.columns}
        return out | ({"extra_columns": row.extras} if row.extras else {})

    return _document(head, "rows", (values(row) for row in table.rows))


def table_stem(register: TableRegister, table: Table) -> str:
    """A table's downloads: the register's first table is the register's own file."""
    stem = urls.download(f"{register.id}-{register.current.month}")
    return stem if table.id == register.main.id else f"{stem}-{table.id}"


def table_downloads(register: TableRegister) -> list[Planned]:
    """Each of a table register's tables in its current edition, as CSV and JSON."""
    planned = []
    for table in register.tables:
        stem = table_stem(register, table)
        weight = max(2, len(table.rows))
        title = register.definition.title + (f": {table.title}" if len(register.tables) > 1 else ": every row")
        planned += [
            Planned(f"{stem}.csv", title, "CSV", partial(sheet_csv, table.data, table.keys), weight),
            Planned(f"{stem}.json", title, "JSON", partial(table_json, register, table), weight),
        ]
    return planned
