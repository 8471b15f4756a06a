"""Formula cells in OpenDocument spreadsheets (regsite/sources/opendocument.py), found directly.

tests/opendocument.py writes the .ods files; test_workbook.py checks a workbook read passes them on.
"""

import zipfile

from opendocument import NAMESPACES, Blank, Formula, write_ods

from regsite.sources.opendocument import formula_cells


def test_no_formula_means_nothing_is_parsed(tmp_path):
    path = write_ods(tmp_path / "plain.ods", {"Widgets": [["Organisation", "Count"], ["A", 3]]})
    assert formula_cells(path) == {}


def test_formulas_are_found_by_sheet_row_and_column_across_repeats(tmp_path):
    rows = [
        ["Organisation", "Count", "Total"],
        Blank(3),  # three blank rows, written once
        [Blank(2), Formula("=1+1", 2)],  # two blank cells, written once
        ["B", Formula("=3", 3), 3],
    ]
    path = write_ods(tmp_path / "f.ods", {"Read me": [[Formula("=2", 2)]], "Widgets": rows, "Empty": [["x"]]})
    assert formula_cells(path) == {"Read me": {(1, 1)}, "Widgets": {(5, 3), (6, 2)}}


def test_a_repeated_formula_cell_and_covered_cells_count(tmp_path):
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NAMESPACES}><office:body>'
        '<office:spreadsheet><table:table table:name="S">'
        '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>'
        '<table:table-row><table:covered-table-cell table:number-columns-repeated="2"/>'
        '<table:table-cell table:formula="of:=1" table:number-columns-repeated="3"/></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "raw.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    assert formula_cells(path) == {"S": {(3, 3), (3, 4), (3, 5)}}


def test_an_archive_without_content_has_no_formulas(tmp_path):
    path = tmp_path / "empty.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert formula_cells(path) == {}
