"""Reading a table register's sheets as real files carry them (regsite.sources.sheets)."""

from __future__ import annotations

from factory import definition, load_definition_text, messages, workbook

from regsite.diagnostics import Report
from regsite.sources.sheets import read_edition

RELEASES = """
title = "Releases"
summary = "Files released."
readme_sheet = "Read me"

[[tables]]
title = "Data releases"
sheet = "DataReleases"

[[tables.columns]]
header = "RowID"
type = "text"
required = true

[[tables.columns]]
header = "Dataset"
aliases = ["us"]
type = "dataset"

[[tables.columns]]
header = "Data provided to customer"
type = "text"

[[tables.columns]]
header = "Patient Opt-Outs applied"
type = "yes-no"

[[tables]]
id = "amendments"
sheet = "Amendments"

[[tables.columns]]
header = "RowID"
type = "text"

[[tables.columns]]
header = "Reason"
unheaded = true
type = "text"
"""


def read(text, path):
    return read_edition(definition(text), "releases", "2017-11", path, "data/releases/2017-11.xlsx")


HEADER = [
    "RowID ",
    "us",
    "Data provided to customer:\nIdentifiable, Anonymised - ICO code compliant, Aggregated -anonymised ",
    "PATIENT OPT-OUTS APPLIED (Note: Anonymised data may show as 'Y' due to inclusion of 'Date of Death')",
]


def test_headers_as_real_files_carry_them_and_rows_that_are_not_records(tmp_path):
    path = workbook(
        tmp_path / "w.xlsx",
        {
            "README": [["Data Release Register - September to November 2017"], ["Notes."]],
            "DataReleases": [
                ["Data Release Register"],
                ["Published by NHS Digital", None, None],
                [],
                HEADER,
                ["FILE1", "HES APC", "Identifiable", "Y"],
                ["FILE2", "HES OP", "Anonymised", "N"],
                [],
                ["****End of sheet****"],
            ],
            "Amendments": [["RowID", None], ["FILE3", "Omitted from previous registers"]],
        },
    )
    parsed = read(RELEASES, path)
    assert messages(parsed, "error") == [] and messages(parsed, "warning") == []
    data = parsed.sheets["rows"]
    assert [r.values for r in data.rows] == [
        {
            "rowid": "FILE1",
            "dataset": "HES APC",
            "data_provided_to_customer": "Identifiable",
            "patient_opt_outs_applied": "Yes",
        },
        {
            "rowid": "FILE2",
            "dataset": "HES OP",
            "data_provided_to_customer": "Anonymised",
            "patient_opt_outs_applied": "No",
        },
    ]
    assert data.read == 6 and data.published == 2
    assert data.set_aside == {
        "title or note above the header": [1, 2],
        "blank row": [7],
        "end-of-sheet marker": [8],
    }
    # The README tab is the definition's "Read me".
    assert parsed.readme == [["Data Release Register - September to November 2017"], ["Notes."]]
    # The unheaded last column is the declared Reason.
    assert parsed.sheets["amendments"].rows[0].values == {"rowid": "FILE3", "reason": "Omitted from previous registers"}


def test_an_undeclared_unheaded_column_is_kept_not_dropped(tmp_path):
    text = RELEASES.replace('header = "Reason"\nunheaded = true', 'header = "Reason"\noptional = true')
    path = workbook(
        tmp_path / "w.xlsx",
        {
            "DataReleases": [HEADER, ["FILE1", "HES", "Identifiable", "N"]],
            "Amendments": [["RowID", None], ["F3", "Why"]],
        },
    )
    parsed = read(text, path)
    amendments = parsed.sheets["amendments"]
    assert amendments.rows[0].extras == {"Column 2": "Why"} and amendments.extra_headers == ["Column 2"]
    assert messages(parsed, "warning") == [
        "data/releases/2017-11.xlsx › Amendments › row 1 › column 'Reason': Optional column not found; its values "
        "are shown as blank. Expected a column headed 'Reason', found no other headers. Add the column, or mark it "
        "optional = true in the register definition if editions may lack it."
    ]


def test_a_declared_column_the_workbook_lacks_stops_with_did_you_mean(tmp_path):
    header = ["RowID", "Datasets used", HEADER[2], HEADER[3]]
    path = workbook(
        tmp_path / "w.xlsx",
        {"DataReleases": [header, ["FILE1", "HES", "Identifiable", "N"]], "Amendments": [["RowID", None], ["F", "x"]]},
    )
    parsed = read(RELEASES, path)
    assert not parsed.ok and "rows" not in parsed.sheets
    assert messages(parsed, "error") == [
        "data/releases/2017-11.xlsx › DataReleases › row 1 › column 'Dataset': Column not found. Expected a column "
        "headed 'Dataset', found headers 'Datasets used'. Did you mean 'Datasets used'? Rename that header to 'Dataset'."
    ]
    # Marked optional, the same workbook reads, with a warning, and the values are blank.
    optional = RELEASES.replace('aliases = ["us"]', 'aliases = ["us"]\noptional = true')
    parsed = read(optional, path)
    assert parsed.ok and parsed.sheets["rows"].rows[0].values.get("dataset") is None
    assert [d.code for d in parsed.diagnostics if d.level.value == "warning"] == ["missing-column"]


SEVERAL = """
title = "Office for Data Release register"
summary = "Releases, one sheet per financial year."
sheet_pattern = "Releases \\\\d{4}-\\\\d{2}"

[[columns]]
header = "ODR Reference"
type = "reference"
required = true

[[columns]]
header = "Data Recipient"
type = "organisation"
"""


def test_sheets_of_the_same_shape_read_as_one_table(tmp_path):
    path = workbook(
        tmp_path / "w.xlsx",
        {
            "Releases 2016-17": [
                ["Row ID", "ODR Reference", "Data Recipient"],
                [1, "ODR1", "UNIVERSITY A"],
                ["*** End of Sheet ***"],
            ],
            "Cover": [["Not a release sheet"]],
            "Releases 2017-18": [["ODR register"], ["ODR Reference", "Data Recipient"], ["ODR2", "UNIVERSITY B"]],
        },
    )
    parsed = read(SEVERAL, path)
    assert messages(parsed, "error") == []
    data = parsed.sheets["rows"]
    assert [(r.values["sheet"], r.values["odr_reference"]) for r in data.rows] == [
        ("Releases 2016-17", "ODR1"),
        ("Releases 2017-18", "ODR2"),
    ]
    assert [(p["sheet"], p["read"], p["published"], p["set_aside"]) for p in data.parts] == [
        ("Releases 2016-17", 2, 1, {"end-of-sheet marker": [3]}),
        ("Releases 2017-18", 2, 1, {"title or note above the header": [1]}),
    ]
    # The same with a list of sheet names.
    listed = SEVERAL.replace(
        'sheet_pattern = "Releases \\\\d{4}-\\\\d{2}"', 'sheet = ["Releases 2016-17", "Releases 2017-18"]'
    )
    assert [r.values["sheet"] for r in read(listed, path).sheets["rows"].rows] == [
        "Releases 2016-17",
        "Releases 2017-18",
    ]


def test_a_pattern_no_sheet_matches_is_an_error(tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"Cover": [["x"]]})
    assert messages(read(SEVERAL, path), "error") == [
        "data/releases/2017-11.xlsx › Releases \\d{4}-\\d{2}: No sheet's name matches the pattern. Expected a sheet "
        "name matching 'Releases \\\\d{4}-\\\\d{2}', found sheets 'Cover'. Add the sheet, or correct the sheet in "
        "data/releases/register.toml."
    ]


def test_table_definition_mistakes_are_located():
    report = Report()
    text = RELEASES.replace('id = "amendments"', 'id = "amendments"\nshape = "grid"')
    assert load_definition_text(text + '\n[[tables]]\nsheet_pattern = "("\ntitle = "x"\n', report) is None
    assert [str(e) for e in report.errors] == [
        "data/releases/register.toml › key 'tables[2].shape': Unknown table shape. Expected rows or counts, "
        "found 'grid'.",
        "data/releases/register.toml › key 'tables[3].sheet_pattern': Not a regular expression: missing ), "
        "unterminated subpattern at position 0. Found '('.",
        "data/releases/register.toml › key 'tables[3].columns': No columns declared. Expected one [[columns]] table "
        "per column, found none. Add a [[columns]] table with header and type for each column.",
    ]
