"""Registers declared only by their register.toml: a new one builds with no code change."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest
from conftest import options_for
from factory import ROOT, make_project

from regsite.build import build
from regsite.diagnostics import BuildFailed

DEFINITION = """
title = "Widget release register"
summary = "Widgets released to organisations."
frequency = "Monthly"
sheet = "Widgets"
illustrative = true
guidance = "Each row is one widget."

[[columns]]
header = "Organisation"
type = "organisation"
required = true
filter = true

[[columns]]
header = "Widget"
type = "dataset"

[[columns]]
header = "Released"
type = "date"

[[columns]]
header = "Agreement"
type = "reference"
"""


def write_rows(path, rows, readme=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Widgets"
    sheet.append(["Organisation", "Widget", "Released", "Agreement", "Notes"])
    for row in rows:
        sheet.append(row)
    if readme:
        book.create_sheet("Read me").append([readme])
    book.save(path)


def test_a_register_defined_only_in_data_builds(tmp_path):
    data, content = make_project(tmp_path)
    folder = data / "widgets"
    folder.mkdir()
    (folder / "register.toml").write_text(DEFINITION, "utf-8")
    write_rows(folder / "2026-08.xlsx", [["KING'S COLLEGE LONDON", "Blue widget", dt.datetime(2026, 8, 3), "", ""]])
    write_rows(
        folder / "2026-09.xlsx",
        [
            [
                "King’s College London",
                "Blue widget",
                dt.datetime(2026, 8, 3),
                "",
                "",
            ],  # the same row, typographic noise
            ["UNIVERSITY OF TESTING", "Red widget", dt.datetime(2026, 9, 1), "DARS-NIC-00574-V2H1F-v7.4", "<b>hi</b>"],
        ],
    )
    options = options_for(tmp_path, data, content)
    result = build(options)
    site = options.out
    page = (site / "registers" / "widgets" / "index.html").read_text("utf-8")
    assert "Widget release register" in page and "illustrative sample data" in page
    assert 'href="../../agreements/dars-nic-00574-v2h1f/"' in page  # references link to agreements
    assert 'href="../../organisations/university-of-testing/"' in page
    edition = (site / "registers" / "widgets" / "archive" / "2026-09" / "index.html").read_text("utf-8")
    assert "1 row added and 0 rows removed" in edition
    # King's College London's page lists its entry in the new register.
    kings = (site / "organisations" / "king-s-college-london" / "index.html").read_text("utf-8")
    assert "Widget release register" in kings
    rows = list(csv.reader(io.StringIO((site / "downloads" / "widgets-2026-09.csv").read_text("utf-8"))))
    assert rows == [
        ["Organisation", "Widget", "Released", "Agreement", "Notes"],
        ["King’s College London", "Blue widget", "2026-08-03", "", ""],
        ["UNIVERSITY OF TESTING", "Red widget", "2026-09-01", "DARS-NIC-00574-V2H1F-v7.4", "<b>hi</b>"],
    ]
    data_json = json.loads((site / "downloads" / "widgets-2026-09.json").read_text("utf-8"))
    assert data_json["illustrative"] is True and len(data_json["rows"]) == 2
    assert data_json["rows"][1]["extra_columns"] == {"Notes": "<b>hi</b>"}
    assert (site / "downloads" / "widgets-2026-08.xlsx").read_bytes() == (folder / "2026-08.xlsx").read_bytes()
    assert result.summary["registers"] == {"widgets": 2}
    assert "<b>hi</b>" not in page
    # The register is searchable with its own filter.
    assert result.index is not None and result.index.filters >= 10


def test_a_definition_with_a_mistake_names_the_file_and_key(tmp_path):
    data, content = make_project(tmp_path)
    folder = data / "widgets"
    folder.mkdir()
    (folder / "register.toml").write_text(DEFINITION.replace('type = "date"', 'type = "datetime"'), "utf-8")
    write_rows(folder / "2026-09.xlsx", [["X", "Y", dt.datetime(2026, 9, 1), "", ""]])
    with pytest.raises(BuildFailed) as failed:
        build(options_for(tmp_path, data, content, search=False))
    assert [str(e) for e in failed.value.report.errors] == [
        "data/widgets/register.toml › key 'columns[3].type': Unknown column type. Expected one of text, long-text, "
        "date, month, yes-no, organisation, dataset, reference, number, found 'datetime'. Did you mean 'date'?"
    ]


def test_the_shipped_registers(sample_site):
    site = sample_site.out
    index = (site / "registers" / "index.html").read_text("utf-8")
    illustrative = (
        "data-sharing-framework-contracts",
        "ndrs-data-releases",
        "covid-19-data-releases",
        "internal-data-flow-record",
    )
    real = ("national-back-office", "register-of-approved-data-releases")
    for register in illustrative + real:
        page = (site / "registers" / register / "index.html").read_text("utf-8")
        warned = "Important: illustrative sample data, not NHS England" in page
        assert warned is (register in illustrative), register
        assert f'href="../registers/{register}/"' in index
        assert list((site / "downloads").glob(f"{register}-*.csv"))
    assert "ONS release register" in index and "https://www.opensafely.org/approved-projects/" in index
    assert sample_site.summary["registers"] == {
        "data-sharing-framework-contracts": 26,
        "national-back-office": 4,
        "ndrs-data-releases": 18,
        "covid-19-data-releases": 20,
        "internal-data-flow-record": 16,
        "register-of-approved-data-releases": 5776,
    }
    assert (ROOT / "data" / "external-registers.toml").is_file()


ODR = """
title = "Office for Data Release register"
summary = "Public Health England's releases, one sheet per financial year."
sheet_pattern = "20\\\\d\\\\d-\\\\d\\\\d"

[[columns]]
header = "ODR Reference"
type = "reference"
required = true

[[columns]]
header = "Data Recipient"
type = "organisation"
filter = true

[[columns]]
header = "Date of release"
type = "date"
optional = true
"""


def test_one_sheet_per_year_builds_as_one_table_with_each_rows_sheet(tmp_path):
    data, content = make_project(tmp_path)
    folder = data / "odr-releases"
    folder.mkdir()
    (folder / "register.toml").write_text(ODR, "utf-8")
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    for year, rows in (
        ("2016-17", [["ODR1", "UNIVERSITY OF TESTING"]]),
        ("2017-18", [["ODR2", "KING'S COLLEGE LONDON"]]),
    ):
        sheet = book.create_sheet(year)
        sheet.append(["Row ID", "ODR Reference", "Data Recipient"])
        for i, row in enumerate(rows, 1):
            sheet.append([i, *row])
    book.save(folder / "2018-03.xlsx")
    options = options_for(tmp_path, data, content, search=False)
    result = build(options)
    page = (options.out / "registers" / "odr-releases" / "index.html").read_text("utf-8")
    assert '<th scope="col">Sheet</th>' in page and "2017-18" in page
    rows = list(csv.reader(io.StringIO((options.out / "downloads" / "odr-releases-2018-03.csv").read_text("utf-8"))))
    assert rows == [
        ["Sheet", "ODR Reference", "Data Recipient", "Row ID"],
        ["2016-17", "ODR1", "UNIVERSITY OF TESTING", "1"],
        ["2017-18", "ODR2", "KING'S COLLEGE LONDON", "1"],
    ]
    rows_json = json.loads((options.out / "downloads" / "odr-releases-2018-03.json").read_text("utf-8"))["rows"]
    assert [r["sheet"] for r in rows_json] == ["2016-17", "2017-18"]
    (register,) = [r for r in result.summary["reconciliation"] if r["register"] == "odr-releases"]
    assert [(s["sheet"], s["read"], s["published"]) for s in register["editions"][0]["sheets"]] == [
        ("2016-17", 1, 1),
        ("2017-18", 1, 1),
    ]
    # The missing optional column is a warning, not a stop.
    assert [d.code for d in result.report.warnings] == ["missing-column", "missing-column"]
