import datetime as dt

from factory import (
    AGREEMENT_HEADER,
    DATASET_HEADER,
    DEFINITION,
    HEADERS,
    RELEASE_HEADER,
    agreement,
    dataset,
    release,
    rewrite_workbook,
    write_register,
)

from regsite.diagnostics import Report
from regsite.sources.definitions import load_definition
from regsite.sources.sheets import read_edition


def definition():
    return load_definition(DEFINITION, "data-uses-register", Report(), "register.toml")


def read(path):
    return read_edition(definition(), "data-uses-register", "2026-09", path, "data/x/2026-09.xlsx")


def messages(parsed, level=None):
    return [str(d) for d in parsed.diagnostics if level is None or d.level.value == level]


def test_columns_found_by_name_in_any_order_case_and_spacing(tmp_path):
    header = ["  application title ", "REFERENCE NUMBER"] + [h for h in AGREEMENT_HEADER[2:]] + ["Notes From Publisher"]
    row = agreement("DARS-NIC-1-A1B2C-v1.0", application_title="Title A")
    row["Notes From Publisher"] = "extra"
    row["  application title "] = "Title A"
    path = write_register(tmp_path / "w.xlsx", [row], headers={"Agreements": header})
    parsed = read(path)
    assert messages(parsed, "error") == []
    sheet = parsed.sheets["agreements"]
    row0 = sheet.rows[0]
    assert row0.values["reference"] == "DARS-NIC-1-A1B2C-v1.0"
    assert row0.values["title"] == "Title A"
    assert row0.values["start_date"] == dt.date(2024, 1, 1)
    assert sheet.extra_headers == ["Notes From Publisher"]
    assert row0.extras == {"Notes From Publisher": "extra"}
    assert (
        "data/x/2026-09.xlsx › Agreements › row 1 › column 'Notes From Publisher': Column not in the register "
        "definition: kept in the downloads, not shown on pages." in messages(parsed, "info")
    )


def test_missing_sheet_suggests_the_closest(tmp_path):
    path = write_register(
        tmp_path / "w.xlsx",
        [agreement("DARS-NIC-1-A1B2C-v1.0")],
        headers={"DataReleases": None},
        sheets={"Data Release": [["x"]]},
    )
    assert messages(read(path), "error") == [
        "data/x/2026-09.xlsx › DataReleases: Sheet not found. Expected a sheet named 'DataReleases', found sheets "
        "'Agreements', 'Datasets', 'Data Release'. Did you mean 'Data Release'? Rename it to 'DataReleases'."
    ]


def test_missing_required_column_says_did_you_mean(tmp_path):
    header = list(DATASET_HEADER)
    header[1] = "Dataset Name"
    row = dataset("DARS-NIC-1-A1B2C-v1.0")
    row["Dataset Name"] = row.pop("Dataset")
    path = write_register(
        tmp_path / "w.xlsx", [agreement("DARS-NIC-1-A1B2C-v1.0")], [row], headers={"Datasets": header}
    )
    assert messages(read(path), "error") == [
        "data/x/2026-09.xlsx › Datasets › row 1 › column 'Dataset': Required column not found. Expected a column "
        "headed 'Dataset', found headers 'Dataset Name'. Did you mean 'Dataset Name'? Rename that header to 'Dataset'."
    ]


def test_renamed_column_alias_is_accepted(tmp_path):
    header = list(RELEASE_HEADER)
    header[-1] = "Month Released"
    row = release("DARS-NIC-1-A1B2C-v1.0", "F1")
    row["Month Released"] = "Jul-19"
    path = write_register(
        tmp_path / "w.xlsx", [agreement("DARS-NIC-1-A1B2C-v1.0")], releases=[row], headers={"DataReleases": header}
    )
    parsed = read(path)
    assert messages(parsed, "error") == []
    assert parsed.sheets["releases"].rows[0].values["month_released"] == "2019-07"


def test_blank_and_stray_rows_are_set_aside_and_counted(tmp_path):
    rows = [
        agreement("DARS-NIC-1-A1B2C-v1.0"),
        None,
        agreement("DARS-NIC-2-A1B2C-v1.0"),
        {"Reference Number": "No filters applied"},
    ]
    parsed = read(write_register(tmp_path / "w.xlsx", rows))
    sheet = parsed.sheets["agreements"]
    assert sheet.read == 4 and sheet.published == 2
    assert sheet.set_aside == {"blank row": [3], "stray row: a single note, not a record": [5]}
    assert (
        "data/x/2026-09.xlsx › Agreements › row 5: A row with a single cell and no record; set aside. "
        "Found 'No filters applied'. Delete the row from the workbook if it is not a record." in messages(parsed)
    )


def test_unreadable_values_are_kept_as_written_with_a_warning(tmp_path):
    path = write_register(
        tmp_path / "w.xlsx",
        [agreement("DARS-NIC-1-A1B2C-v1.0", dsa_end_date="31/13/2024", for_commercial_purposes="Perhaps")],
    )
    parsed = read(path)
    row = parsed.sheets["agreements"].rows[0]
    assert row.values["end_date"] == "31/13/2024" and row.values["commercial"] == "Perhaps"
    assert messages(parsed, "warning") == [
        "data/x/2026-09.xlsx › Agreements › row 2 › column 'DSA End Date': The value cannot be read; it is published "
        "as written. Expected a date like 31/03/2024 (DD/MM/YYYY) or a date-formatted cell, found '31/13/2024'. "
        "Correct the date, or format the cell as a date in Excel.",
        "data/x/2026-09.xlsx › Agreements › row 2 › column 'For Commercial Purposes': The value cannot be read; it is "
        "published as written. Expected Yes or No, found 'Perhaps'. Write Yes or No.",
    ]


def test_cells_over_the_excel_limit_and_formulas(tmp_path):
    # openpyxl (like Excel) cuts cells at 32,767 characters, so write the long cell into the XML.
    long_text = "x" * 40_000
    path = write_register(
        tmp_path / "w.xlsx",
        [agreement("DARS-NIC-1-A1B2C-v1.0", objective_for_processing="LONGCELL", application_title='=CONCAT("a","b")')],
    )
    parsed = read(rewrite_workbook(path, tmp_path / "long.xlsx", b"LONGCELL", long_text.encode()))
    row = parsed.sheets["agreements"].rows[0]
    assert row.values["objective"] == long_text  # published in full
    codes = [d.code for d in parsed.diagnostics if d.level.value == "warning"]
    assert codes == ["formula", "cell-too-long"]


def test_header_row_below_a_title(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Agreements"
    sheet.append(["Data Uses Register, September 2026"])
    sheet.append([])
    header = AGREEMENT_HEADER
    sheet.append(header)
    sheet.append([agreement("DARS-NIC-1-A1B2C-v1.0")[h] for h in header])
    for name in ("Datasets", "DataReleases"):
        book.create_sheet(name).append(HEADERS[name])
    book.save(tmp_path / "t.xlsx")
    parsed = read(tmp_path / "t.xlsx")
    assert messages(parsed, "error") == []
    assert parsed.sheets["agreements"].rows[0].number == 4


def test_a_text_repeated_down_a_sheet_is_held_once(tmp_path):
    reference = "DARS-NIC-1-A1B2C-v1.0"
    releases = [release(reference, f"F{i}") for i in range(3)]
    path = write_register(tmp_path / "w.xlsx", [agreement(reference)], releases=releases)
    rows = read(path).sheets["releases"].rows
    names = [r.values["dataset"] for r in rows]
    assert names[0] == "Hospital Episode Statistics Admitted Patient Care (HES APC)"
    assert names[0] is names[1] is names[2]  # one string, not one per cell
    assert rows[0].values["file_reference"] is not rows[1].values["file_reference"]


def test_a_sheet_pickles_with_its_rows_as_they_were():
    import pickle

    from regsite.sources.sheets import Row, SheetData

    shared = "Hospital Episode Statistics " + "Admitted Patient Care"  # one string, made at run time
    rows = [
        Row(2, {"reference": "A", "dataset": shared}, {}),
        Row(3, {"reference": "B", "dataset": shared}, {"Notes": "kept"}),
        Row(5, {"dataset": shared, "reference": "C", "month": None}, {}),  # another order of keys
    ]
    sheet = SheetData("releases", "DataReleases", {"reference": "Ref"}, ["Notes"], rows, read=4)
    sheet.put_aside(4, "blank row")
    back = pickle.loads(pickle.dumps(sheet, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == sheet
    assert [list(r.values) for r in back.rows] == [["reference", "dataset"]] * 2 + [["dataset", "reference", "month"]]
    assert back.rows[0].values["dataset"] is back.rows[2].values["dataset"]  # still held once
    assert back.rows[0].extras is not back.rows[2].extras  # each row its own dict
