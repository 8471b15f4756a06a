"""Downloads: the original workbooks byte for byte, a CSV per sheet, JSON of the register.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regsite.agreements import Version
from regsite.cells import display
from regsite.datauses import AgreementRecord, DataUses, EditionSummary
from regsite.reading import SheetData

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


@dataclass(frozen=True)
class Download:
    path: str  # site path, e.g. downloads/data-uses-register-2026-09.xlsx
    title: str
    kind: str  # XLSX, CSV, JSON, ZIP
    size: int
    sha256: str
    data: bytes | None = None  # made by the build
    source: Path | None = None  # or copied byte for byte from this file

    @classmethod
    def of(cls, path: str, title: str, kind: str, data: bytes) -> Download:
        return cls(path, title, kind, len(data), hashlib.sha256(data).hexdigest(), data=data)


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return buffer.getvalue().encode("utf-8", "replace")


def sheet_csv(sheet: SheetData, keys: list[str]) -> bytes:
    """The published rows of a sheet, in workbook order, undeclared columns kept at the end."""
    aside = {n for rows in sheet.set_aside.values() for n in rows}
    present = [k for k in keys if k in sheet.headers]
    header = [sheet.headers[k] for k in present] + sheet.extra_headers
    extra_names = list(sheet.extra_headers)
    rows: list[list[str]] = []
    for row in sheet.rows:
        if row.number in aside:
            continue
        values = [display(row.values.get(k)) for k in present]
        values += [row.extras.get(name, "") for name in extra_names]
        overflow = [v for k, v in row.extras.items() if k not in extra_names]
        rows.append(values + overflow)
    return csv_bytes(header, rows)


def json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False, default=_default) + "\n").encode(
        "utf-8", "replace"
    )


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


def register_json(uses: DataUses) -> bytes:
    edition = uses.current.edition
    return json_bytes(
        {
            "register": uses.definition.id,
            "title": uses.definition.title,
            "edition": edition.month,
            "source": {
                "file": edition.download_name,
                "sha256": edition.sha256,
                "publisher": uses.definition.publisher,
                "licence": LICENCE,
                "licence_url": LICENCE_URL,
            },
            "counts": uses.current.counts,
            "agreements": [
                {"reference": a.base, "versions": [version_json(v) for v in a.versions]}
                for a in uses.snapshot.agreements.values()
            ],
        }
    )


def edition_workbook(uses: DataUses, summary: EditionSummary) -> Download:
    """An edition's workbook, byte for byte as published."""
    edition = summary.edition
    return Download(
        f"downloads/{edition.download_name}",
        f"{uses.definition.title}, {edition.month}: the workbook as published",
        "XLSX",
        edition.size,
        edition.sha256,
        source=edition.path,
    )


def current_downloads(uses: DataUses) -> list[Download]:
    """The current edition: its workbook, a CSV per sheet and the whole register as JSON."""
    stem = f"downloads/{uses.definition.id}-{uses.current.month}"
    out = [edition_workbook(uses, uses.current)]
    for sheet in uses.definition.sheets:
        data = uses.parsed.sheets[sheet.id]
        out.append(
            Download.of(
                f"{stem}-{sheet.id}.csv", f"{data.name} sheet", "CSV", sheet_csv(data, [c.key for c in sheet.columns])
            )
        )
    out.append(
        Download.of(
            f"{stem}.json",
            "The whole register, agreements with their versions, datasets and files",
            "JSON",
            register_json(uses),
        )
    )
    return out
