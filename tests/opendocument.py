"""OpenDocument spreadsheets (.ods) written in code for tests: the zip and XML LibreOffice writes."""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"'
)


@dataclass(frozen=True)
class Formula:
    """A formula cell with the value last calculated for it, as LibreOffice saves one."""

    formula: str
    value: float


@dataclass(frozen=True)
class Blank:
    """``count`` empty cells (or rows), written once with a repeat count, as LibreOffice does."""

    count: int


def _cell(value: Any) -> str:
    if isinstance(value, Formula):
        return (
            f'<table:table-cell table:formula="of:{escape(value.formula)}" office:value-type="float" '
            f'office:value="{value.value}"><text:p>{value.value}</text:p></table:table-cell>'
        )
    if isinstance(value, Blank):
        return f'<table:table-cell table:number-columns-repeated="{value.count}"/>'
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, (dt.date, dt.datetime)):
        iso = value.isoformat()
        return f'<table:table-cell office:value-type="date" office:date-value="{iso}"><text:p>{iso}</text:p></table:table-cell>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def _row(row: list[Any] | Blank) -> str:
    if isinstance(row, Blank):
        return f'<table:table-row table:number-rows-repeated="{row.count}"><table:table-cell/></table:table-row>'
    return "<table:table-row>" + "".join(_cell(v) for v in row) + "</table:table-row>"


def write_ods(path: Path, sheets: dict[str, list[Any]], prologue: str = "", manifest: str = MANIFEST) -> Path:
    """Write ``sheets`` (name → rows) as an .ods; ``prologue`` goes before the content's root element."""
    tables = "".join(
        f'<table:table table:name="{escape(name)}">' + "".join(_row(row) for row in rows) + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prologue}<office:document-content {NAMESPACES}>'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path
