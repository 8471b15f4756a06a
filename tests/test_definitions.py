from pathlib import Path

from factory import DEFINITION

from regsite.diagnostics import Report
from regsite.sources.definitions import Column, load_definition


def load(tmp_path: Path, text: str, folder: str = "my-register"):
    path = tmp_path / folder / "register.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    report = Report()
    definition = load_definition(path, folder, report, f"data/{folder}/register.toml")
    return definition, [str(d) for d in report.items]


def test_the_shipped_data_uses_definition_loads():
    report = Report()
    definition = load_definition(DEFINITION, "data-uses-register", report, "register.toml")
    assert report.items == []
    assert definition.kind == "data-uses"
    assert [s.id for s in definition.sheets] == ["agreements", "datasets", "releases"]
    assert definition.sheet("releases").column("month_released").type == "month"


def test_a_simple_register(tmp_path):
    definition, problems = load(
        tmp_path,
        """
title = "NBO releases"
summary = "Releases by the Tracing service."
sheet = "Releases"
[[columns]]
header = "Organisation Name"
type = "organisation"
required = true
filter = true
[[columns]]
header = "Release Date"
type = "date"
""",
    )
    assert problems == []
    sheet = definition.main_sheet
    assert sheet.name == "Releases"
    assert [(c.key, c.type, c.required, c.filter) for c in sheet.columns] == [
        ("organisation_name", "organisation", True, True),
        ("release_date", "date", False, False),
    ]


def test_registers_share_search_filters_whatever_their_headers():
    names = {
        (header, kind): Column(key="k", header=header, type=kind).filter_name
        for header, kind in [
            ("Organisation Name", "organisation"),
            ("Recipient", "organisation"),
            ("Data Set", "dataset"),
            ("Legal Basis", "text"),
            ("Opt-Outs Applied", "yes-no"),
            ("ODS Code", "text"),
        ]
    }
    assert list(names.values()) == [
        "Organisation",
        "Organisation",
        "Dataset",
        "Legal basis",
        "Opt-outs applied",
        "ODS code",
    ]


def test_mistakes_name_the_file_and_key(tmp_path):
    definition, problems = load(
        tmp_path,
        """
title = "X"
summary = "Y"
sheet = "S"
frequncy = "Monthly"
[[columns]]
header = "A"
type = "dat"
[[columns]]
header = "B"
type = "text"
required = "yes"
""",
    )
    assert definition is None
    assert problems == [
        "data/my-register/register.toml › key 'frequncy': Unknown key. Did you mean 'frequency'?",
        "data/my-register/register.toml › key 'columns[1].type': Unknown column type. Expected one of text, "
        "long-text, date, month, yes-no, organisation, dataset, reference, number, found 'dat'. Did you mean 'date'?",
        "data/my-register/register.toml › key 'columns[2].required': Wrong type. Expected true or false (no quotes), "
        "found 'yes'.",
    ]


def test_missing_keys_and_bad_toml(tmp_path):
    _, problems = load(tmp_path, 'title = "X"\n')
    assert (
        "data/my-register/register.toml › key 'summary': Missing required key. Expected a text value. "
        'Add summary = "…".' in problems
    )
    assert any("key 'columns': No columns declared." in p for p in problems)
    _, problems = load(tmp_path, 'title = "X\n', folder="broken")
    assert problems[0].startswith("data/broken/register.toml: The file is not valid TOML:")


def test_a_column_says_what_it_means_and_what_its_values_mean(tmp_path):
    definition, problems = load(
        tmp_path,
        """
title = "X"
summary = "Y"
sheet = "S"
[[columns]]
header = "Commercial"
type = "yes-no"
label = "For commercial purposes"
description = '''
**Yes** means the data is used for a commercial purpose.
'''
values = { Yes = "for a commercial purpose", No = "not for one" }
""",
    )
    column = definition.main_sheet.columns[0]
    assert problems == []
    assert column.title == "For commercial purposes"
    assert column.description == "**Yes** means the data is used for a commercial purpose."
    assert column.values == (("Yes", "for a commercial purpose"), ("No", "not for one"))


def test_values_must_be_a_table_of_texts(tmp_path):
    _, problems = load(
        tmp_path,
        'title = "X"\nsummary = "Y"\nsheet = "S"\n[[columns]]\nheader = "A"\ntype = "text"\nvalues = ["Yes"]\n',
    )
    assert problems == [
        "data/my-register/register.toml › key 'columns[1].values': Wrong type. "
        'Expected a table like { Yes = "…", No = "…" }, found "[\'Yes\']".'
    ]


def test_the_shipped_definition_labels_and_describes_every_agreement_field():
    definition = load_definition(DEFINITION, "data-uses-register", Report(), "register.toml")
    for column in definition.sheet("agreements").columns:
        assert column.label and column.description, column.key
