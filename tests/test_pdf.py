"""Registers published only as PDF: tables read page by page, every row accounted for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pdfplumber
import pytest
from pdfs import Page, write_pdf

from regsite.diagnostics import Level, Report
from regsite.sources.definitions import load_definition
from regsite.sources.sheets import read_edition
from regsite.sources.workbook import WorkbookRefused, inspect

DEFINITION = """
title = "Data Sharing Framework Contract holders"
summary = "Organisations holding a contract."
sheet = "DSFC holders"

[[columns]]
header = "Organisation Name"
type = "organisation"
required = true

[[columns]]
header = "Contract Reference"
type = "text"
required = true

[[columns]]
header = "Contract Start Date"
type = "date"
"""
HEADER = ["Organisation Name", "Contract Reference", "Contract\nStart Date"]
TITLE = ["Data Sharing Framework Contract holders"]


def definition(tmp_path: Path):
    path = tmp_path / "register.toml"
    path.write_text(DEFINITION, "utf-8")
    return load_definition(path, "dsfc", Report(), "register.toml")


def read(tmp_path: Path, pdf: Path):
    return read_edition(definition(tmp_path), "dsfc", "2026-09", pdf, "data/dsfc/2026-09.pdf")


def holders(first: int, count: int) -> list[list[str]]:
    return [[f"ORGANISATION {n}", f"DSFC-{n:03d}", f"{n:02d}/04/2024"] for n in range(first, first + count)]


def test_a_table_over_pages_is_read_whole(tmp_path):
    pages = [
        Page(
            [HEADER, *holders(1, 8), ["UNIVERSITY OF\nEXAMPLE", "DSFC-009", ""]],
            [*TITLE, "As at September 2026"],
            "Page 1 of 4",
        ),
        # The header repeated; the first row is the rest of row 9, split by the page break.
        Page([HEADER, ["", "", "01/05/2024"], *holders(10, 5)], TITLE, "Page 2 of 4"),
        Page([], footer=""),  # a blank page
        Page([HEADER, *holders(15, 2), ["", "", ""]], TITLE, "Page 4 of 4"),
    ]
    parsed = read(tmp_path, write_pdf(tmp_path / "2026-09.pdf", pages))
    assert parsed.ok, [str(d) for d in parsed.diagnostics]
    sheet = parsed.sheets["rows"]
    assert [r.values["contract_reference"] for r in sheet.rows if r.values["contract_reference"]] == [
        f"DSFC-{n:03d}" for n in range(1, 17)
    ]
    joined = next(r for r in sheet.rows if r.values["contract_reference"] == "DSFC-009")
    assert joined.values["organisation_name"] == "UNIVERSITY OF EXAMPLE"  # wrapped lines joined
    assert joined.values["contract_start_date"] == dt.date(2024, 5, 1)  # from the next page
    assert sheet.headers["contract_start_date"] == "Contract Start Date"
    # 16 records + 2 repeated headers + 1 carried-over row + 1 blank row = 20 rows read.
    assert (sheet.read, sheet.published) == (20, 16)
    assert {reason: len(rows) for reason, rows in sheet.set_aside.items()} == {
        "the header row, repeated at the top of a page": 2,
        "the rest of the row before, carried over a page break (joined to it)": 1,
        "blank row": 1,
    }
    notes = [str(d) for d in parsed.diagnostics if d.level is Level.INFO]
    assert (
        "data/dsfc/2026-09.pdf › page 2 › row 2: The row begins without its first cell: the rest of the row on "
        "page 1, row 10, carried over the page break. Joined to it." in notes
    )
    assert "data/dsfc/2026-09.pdf › page 3: A blank page: nothing to read." in notes
    assert (
        "data/dsfc/2026-09.pdf: Titles and footers skipped: 'Data Sharing Framework Contract holders' "
        "(pages 1, 2, 4); 'As at September 2026' (page 1); 'Page N of N' (pages 1, 2, 4)." in notes
    )
    assert not [d for d in parsed.diagnostics if d.level is not Level.INFO]


def test_a_table_laid_out_by_a_document_engine(tmp_path):
    """reportlab's own Table, as a word processor lays one out: it breaks the table across pages,
    repeats the header, and draws a running title and page number on every page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    style = getSampleStyleSheet()["BodyText"]
    body = [[Paragraph(f"ORGANISATION {n} OF THE NORTH", style), f"DSFC-{n:03d}", "01/04/2024"] for n in range(1, 61)]
    table = Table([HEADER, *body], repeatRows=1, colWidths=[200, 120, 120])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))

    def furniture(canvas, doc):
        canvas.drawString(40, A4[1] - 30, "Data Sharing Framework Contract holders")
        canvas.drawString(40, 20, f"Page {doc.page}")

    path = tmp_path / "2026-09.pdf"
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build([table], onFirstPage=furniture, onLaterPages=furniture)
    parsed = read(tmp_path, path)
    sheet = parsed.sheets["rows"]
    assert [r.values["contract_reference"] for r in sheet.rows] == [f"DSFC-{n:03d}" for n in range(1, 61)]
    assert sheet.rows[0].values["organisation_name"] == "ORGANISATION 1 OF THE NORTH"
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
    assert pages >= 2
    assert {k: len(v) for k, v in sheet.set_aside.items()} == {
        "the header row, repeated at the top of a page": pages - 1
    }
    assert not [d for d in parsed.diagnostics if d.level is not Level.INFO]


def test_problems_name_the_page_and_the_row_on_it(tmp_path):
    pages = [
        Page([HEADER, *holders(1, 3)], TITLE, "Page 1 of 2"),
        Page([HEADER, ["ORGANISATION 4", "DSFC-004", "31/02/2024"]], TITLE, "Page 2 of 2"),
        Page(title=["Contracts ended since the last list: none"]),
    ]
    parsed = read(tmp_path, write_pdf(tmp_path / "2026-09.pdf", pages))
    problems = [str(d) for d in parsed.diagnostics if d.level is Level.WARNING]
    assert problems == [
        "data/dsfc/2026-09.pdf › page 2 › row 2 › column 'Contract Start Date': The value cannot be read; it is "
        "published as written. Expected a date like 31/03/2024 (DD/MM/YYYY) or a date-formatted cell, found "
        "'31/02/2024'. Correct the date, or format the cell as a date in Excel.",
        "data/dsfc/2026-09.pdf › page 3: Text outside the table, not read. Found 'Contracts ended since the last "
        "list: none'. If it is part of the register, the table's ruling lines may be broken there: check the PDF, "
        "or ask NHS England for the file it was made from.",
    ]


def test_a_pdf_without_a_table(tmp_path):
    parsed = read(tmp_path, write_pdf(tmp_path / "2026-09.pdf", [Page(title=["A letter, not a register"])]))
    assert [str(d) for d in parsed.diagnostics if d.level is Level.ERROR] == [
        "data/dsfc/2026-09.pdf: No table found in the PDF (1 page). This reader takes tables with ruled lines "
        "between the cells, as Word and Excel print them. Ask NHS England for the register as a spreadsheet, or "
        "for the file the PDF was made from."
    ]


def refused(path: Path) -> WorkbookRefused:
    with pytest.raises(WorkbookRefused) as info:
        inspect(path)
    return info.value


def test_a_damaged_or_renamed_file(tmp_path):
    good = write_pdf(tmp_path / "good.pdf", [Page([HEADER, *holders(1, 2)])]).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(good[:200])
    (tmp_path / "csv.pdf").write_text("Organisation Name,Contract Reference\nX,DSFC-1\n")
    (tmp_path / "book.pdf").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    assert refused(tmp_path / "cut.pdf").code == "damaged-pdf"
    assert refused(tmp_path / "csv.pdf").message == "The file is a CSV or text file saved with a .pdf name."
    assert (
        refused(tmp_path / "book.pdf").message
        == "The file is a zip archive (an .xlsx or .ods workbook is one) saved with a .pdf name."
    )
    parsed = read(tmp_path, tmp_path / "cut.pdf")
    assert [d.code for d in parsed.diagnostics] == ["damaged-pdf"]


def test_a_register_published_as_pdf_builds(tmp_path):
    import csv
    import io

    from conftest import options_for
    from factory import make_project, plain_cells

    from regsite.build import build

    data, content = make_project(tmp_path)
    (data / "data-uses-register" / "register.toml").unlink()  # the packaged definition serves
    folder = data / "data-sharing-framework-contracts"
    folder.mkdir()
    header = [
        "Organisation Name",
        "Organisation\nCode",
        "Contract Reference",
        "Contract Start Date",
        "Contract Expiry Date",
    ]
    rows = [[f"TEST ORGANISATION {n}", f"X{n:02d}", f"DSFC-{n:03d}", "01/04/2024", "31/03/2027"] for n in range(1, 31)]
    pages = [
        Page([header, *rows[:18], ["UNIVERSITY OF EXAMPLE", "", "DSFC-099", "01/04/2024", ""]], TITLE, "Page 1 of 2"),
        Page([header, ["", "", "", "", "31/03/2028"], *rows[18:]], TITLE, "Page 2 of 2"),
    ]
    pdf = write_pdf(folder / "2026-09.pdf", pages)
    options = options_for(tmp_path, data, content, search=False, mirror=False)
    build(options)
    site = options.out
    page = (site / "registers" / "data-sharing-framework-contracts" / "index.html").read_text("utf-8")
    assert all(f"DSFC-{n:03d}" in page for n in range(1, 31)) and "DSFC-099" in page
    # No editions.toml beside the file: the build takes it for NHS England's own, unlabelled.
    assert "Organisation Name" in page and "illustrative sample data" not in page
    assert 'href="../../downloads/data-sharing-framework-contracts-2026-09.pdf">the PDF as published</a>' in page
    download = site / "downloads" / "data-sharing-framework-contracts-2026-09.csv"
    table = list(csv.DictReader(io.StringIO(download.read_text("utf-8"))))
    assert len(table) == 31
    assert [r for r in table if r["Contract Reference"] == "DSFC-099"] == [
        {
            "Organisation Name": "UNIVERSITY OF EXAMPLE",
            "Organisation Code": "",
            "Contract Reference": "DSFC-099",
            "Contract Start Date": "2024-04-01",
            "Contract Expiry Date": "2028-03-31",
        }
    ]
    assert (site / "downloads" / "data-sharing-framework-contracts-2026-09.pdf").read_bytes() == pdf.read_bytes()
    downloads = (site / "downloads" / "index.html").read_text("utf-8")
    assert "the PDF as published</td><td>PDF</td>" in plain_cells(downloads.replace("\n", ""))
    edition = (
        site / "registers" / "data-sharing-framework-contracts" / "archive" / "2026-09" / "index.html"
    ).read_text("utf-8")
    assert '<h2 id="workbook">The PDF</h2>' in edition
    about = (site / "about" / "data" / "index.html").read_text("utf-8")
    assert "the header row, repeated at the top of a page" in about
