"""What python-calamine does not tell about an OpenDocument spreadsheet: which cells hold formulas.

The reader gives a formula cell's last calculated value, which may be stale, so (as for an
.xlsx) such cells are warned of. content.xml is streamed and searched for a formula first;
only a file that has one is parsed, counting repeated rows and columns as LibreOffice writes
them (``number-rows-repeated``, ``number-columns-repeated``).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_FORMULA = b"table:formula="
_CELLS = (f"{TABLE}table-cell", f"{TABLE}covered-table-cell")


def formula_cells(path: Path) -> dict[str, set[tuple[int, int]]]:
    """Sheet name → (row, column), 1-based, of every cell holding a formula."""
    with zipfile.ZipFile(path) as archive:
        if "content.xml" not in archive.namelist() or not _has_formula(archive):
            return {}
        out: dict[str, set[tuple[int, int]]] = {}
        with archive.open("content.xml") as xml:
            name, row = "", 0
            for event, element in ElementTree.iterparse(xml, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == f"{TABLE}table":
                        name, row = element.get(f"{TABLE}name", ""), 0
                    continue
                if tag == f"{TABLE}table-row":
                    column = 0
                    for cell in element:
                        if cell.tag not in _CELLS:
                            continue
                        repeat = int(cell.get(f"{TABLE}number-columns-repeated", "1"))
                        if cell.get(f"{TABLE}formula") is not None:
                            out.setdefault(name, set()).update((row + 1, column + i + 1) for i in range(repeat))
                        column += repeat
                    row += int(element.get(f"{TABLE}number-rows-repeated", "1"))
                    element.clear()
        return out


def _has_formula(archive: zipfile.ZipFile) -> bool:
    with archive.open("content.xml") as stream:
        tail = b""
        while chunk := stream.read(1 << 22):
            if _FORMULA in tail + chunk:
                return True
            tail = chunk[-len(_FORMULA) :]
    return False
