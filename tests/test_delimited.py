"""Editions published as CSV: one table, named after the register's sheet, UTF-8 or refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from factory import agreement, write_register

from regsite.diagnostics import Report
from regsite.sources.definitions import load_definition
from regsite.sources.sheets import read_edition
from regsite.sources.workbook import WorkbookRefused, inspect

DEFINITION = """
title = "Widget release register"
summary = "Widgets released to organisations."
sheet = "Widgets"

[[columns]]
header = "Organisation"
type = "organisation"
required = true

[[columns]]
header = "Released"
type = "date"

[[columns]]
header = "Notes"
type = "long-text"
"""


def read(tmp_path: Path, path: Path):
    (tmp_path / "register.toml").write_text(DEFINITION, "utf-8")
    definition = load_definition(tmp_path / "register.toml", "widgets", Report(), "register.toml")
    return read_edition(definition, "widgets", "2026-09", path, f"data/widgets/{path.name}")


def test_a_csv_is_the_register_s_one_sheet(tmp_path):
    long = "x" * 200_000  # past the csv module's default field limit
    text = f'Organisation,Released,Notes\r\n"KING\'S COLLEGE, LONDON",03/08/2026,"two\nlines"\r\n,,\r\nZÜRICH LTD,2026-09-01,{long}\r\n'
    path = tmp_path / "2026-09.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))  # Excel's "CSV UTF-8" starts with a BOM
    parsed = read(tmp_path, path)
    # Longer than Excel allows in a cell: published whole, with the warning a workbook would get.
    assert parsed.ok and [d.code for d in parsed.diagnostics] == ["cell-too-long"]
    sheet = parsed.sheets["rows"]
    assert sheet.name == "Widgets" and sheet.headers["organisation"] == "Organisation"  # no BOM in the header
    assert [r.values for r in sheet.rows] == [
        {"organisation": "KING'S COLLEGE, LONDON", "released": dt.date(2026, 8, 3), "notes": "two\nlines"},
        {"organisation": "ZÜRICH LTD", "released": dt.date(2026, 9, 1), "notes": long},
    ]
    assert (sheet.read, sheet.published, sheet.set_aside) == (3, 2, {"blank row": [3]})


def test_semicolons_and_no_bom(tmp_path):
    path = tmp_path / "2026-09.csv"
    path.write_text("Organisation;Released;Notes\nACME LTD;01/09/2026;\n", "utf-8")
    assert [r.values["organisation"] for r in read(tmp_path, path).sheets["rows"].rows] == ["ACME LTD"]


def test_bytes_that_are_not_utf8_are_refused_with_their_line(tmp_path):
    path = tmp_path / "2026-09.csv"
    path.write_bytes("Organisation,Released\nACME LTD,01/09/2026\nCafé Ltd,02/09/2026\n".encode("cp1252"))
    assert [str(d) for d in read(tmp_path, path).diagnostics] == [
        "data/widgets/2026-09.csv: Line 3 of the CSV file is not UTF-8 text (byte 0xe9 at character 4); read as "
        "Windows-1252 it says 'Café Ltd,02/09/2026'. Save the file from the spreadsheet as 'CSV UTF-8 (Comma "
        "delimited)' and replace this one."
    ]


def refused(path: Path) -> WorkbookRefused:
    with pytest.raises(WorkbookRefused) as info:
        inspect(path)
    return info.value


def test_another_kind_of_file_renamed_csv(tmp_path):
    book = write_register(tmp_path / "book.csv", [agreement("DARS-NIC-1-A1B2C-v1.0")])
    (tmp_path / "page.csv").write_text("<!DOCTYPE html><html><body>Sign in</body></html>")
    (tmp_path / "blob.csv").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.csv").write_bytes(b"")
    assert (
        refused(book).message == "The file is a zip archive (an .xlsx or .ods workbook is one) saved with a .csv name."
    )
    assert refused(tmp_path / "page.csv").message == "The file is a web page (HTML) saved with a .csv name."
    assert refused(tmp_path / "blob.csv").message == "The file is a binary file saved with a .csv name."
    assert refused(tmp_path / "empty.csv").code == "empty-file"
