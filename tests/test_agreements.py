import datetime as dt

from factory import DEFINITION, agreement, dataset, release, write_register

from regsite.diagnostics import Report
from regsite.model.agreements import build_snapshot, legal_bases, parse_reference, status, version_key
from regsite.sources.definitions import load_definition
from regsite.sources.sheets import read_edition


def snapshot(tmp_path, agreements, datasets=(), releases=()):
    path = write_register(tmp_path / "w.xlsx", agreements, datasets, releases)
    definition = load_definition(DEFINITION, "data-uses-register", Report(), "register.toml")
    parsed = read_edition(definition, "data-uses-register", "2026-09", path, "w.xlsx")
    snap, problems = build_snapshot(parsed)
    return snap, [str(p) for p in problems], parsed


def test_references_and_versions():
    assert parse_reference("DARS-NIC-00574-V2H1F-v4.2") == ("DARS-NIC-00574-V2H1F", "4.2")
    assert parse_reference("dars-nic-00574-v2h1f-V0.11") == ("DARS-NIC-00574-V2H1F", "0.11")
    assert parse_reference("DARS-NIC-00574-V2H1F") is None
    assert parse_reference("No filters applied") is None
    assert sorted(["0.9", "0.11", "1.19", "1.4", "0.25"], key=version_key) == ["0.9", "0.11", "0.25", "1.4", "1.19"]


def test_versions_are_joined_and_ordered_numerically(tmp_path):
    ref = "DARS-NIC-1-A1B2C"
    snap, problems, _ = snapshot(
        tmp_path,
        [agreement(f"{ref}-v0.11"), agreement(f"{ref}-v0.9"), agreement("DARS-NIC-2-Z9Z9Z-v1.0")],
        [dataset(f"{ref}-v0.11"), dataset(f"{ref}-v0.9", "Civil Registrations of Death")],
        [
            release(f"{ref}-v0.11", "F1", "Jul-19"),
            release(f"{ref}-v0.11", "F2", "Aug-19", patient_opt_outs_applied="Yes"),
        ],
    )
    assert problems == []
    assert list(snap.agreements) == ["DARS-NIC-1-A1B2C", "DARS-NIC-2-Z9Z9Z"]
    versions = snap.agreements[ref].versions
    assert [v.version for v in versions] == ["0.9", "0.11"]
    assert versions[0].datasets[0]["dataset"] == "Civil Registrations of Death"
    summary = versions[1].release_summaries()[0]
    assert (summary.files, summary.first_month, summary.last_month, summary.opt_outs) == (
        2,
        "2019-07",
        "2019-08",
        "Mixed",
    )
    assert snap.counts() == {"agreements": 2, "versions": 3, "datasets": 2, "dataset_rows": 2, "files_released": 2}


def test_rows_that_cannot_be_placed_are_set_aside_with_reasons(tmp_path):
    ref = "DARS-NIC-1-A1B2C-v1.0"
    _, problems, parsed = snapshot(
        tmp_path,
        [agreement(ref), agreement("DARS-NIC-3-B2B2B", application_title="x"), agreement(ref)],
        [dataset(ref), dataset("DARS-NIC-9-Q9Q9Q-v1.0")],
        [release("DARS-NIC-9-Q9Q9Q-v2.0", "F9")],
    )
    assert problems == [
        "w.xlsx › Agreements › row 3 › column 'Reference Number': The reference has no version, so the row cannot be "
        "placed in the agreement's history; set aside. Expected a versioned reference like DARS-NIC-00574-V2H1F-v4.2, "
        "found 'DARS-NIC-3-B2B2B'. Add the version (-v and its number) to the reference.",
        "w.xlsx › Agreements › row 4 › column 'Reference Number': The row repeats row 2 exactly; set aside. "
        "Delete one of the two rows.",
        "w.xlsx › Datasets › row 3 › column 'Reference Number': No agreement version in the Agreements sheet has this "
        "reference; set aside. Expected a reference listed in the Agreements sheet, found 'DARS-NIC-9-Q9Q9Q-v1.0'. "
        "Add the agreement version to Agreements, or correct the reference.",
        "w.xlsx › DataReleases › row 2 › column 'Reference Number': No agreement version in the Agreements sheet has "
        "this reference; set aside. Expected a reference listed in the Agreements sheet, found 'DARS-NIC-9-Q9Q9Q-v2.0'. "
        "Add the agreement version to Agreements, or correct the reference.",
    ]
    agreements_sheet = parsed.sheets["agreements"]
    assert agreements_sheet.set_aside == {"reference without a version": [3], "exact duplicate of an earlier row": [4]}
    assert agreements_sheet.read == agreements_sheet.published + 2
    assert parsed.sheets["datasets"].set_aside == {"reference not in Agreements": [3]}


def test_duplicate_reference_with_different_values_is_an_error(tmp_path):
    ref = "DARS-NIC-1-A1B2C-v1.0"
    _, problems, _ = snapshot(tmp_path, [agreement(ref), agreement(ref, application_title="Other")])
    assert problems == [
        "w.xlsx › Agreements › row 3 › column 'Reference Number': The versioned reference DARS-NIC-1-A1B2C-v1.0 is also "
        "on row 2, with different values. Expected one row per version, found two rows for DARS-NIC-1-A1B2C-v1.0. "
        "Keep the correct row, or give the newer one its own version number."
    ]


def test_end_before_start_is_reported_and_kept(tmp_path):
    snap, problems, _ = snapshot(
        tmp_path,
        [
            agreement(
                "DARS-NIC-1-A1B2C-v1.0", dsa_start_date=dt.datetime(2024, 5, 1), dsa_end_date=dt.datetime(2024, 4, 1)
            )
        ],
    )
    assert problems == [
        "w.xlsx › Agreements › row 2 › column 'DSA End Date': The agreement ends before it starts; both dates are "
        "published as written. Expected an end date on or after the start date 2024-05-01, found 2024-04-01. "
        "Check the two dates."
    ]
    assert "DARS-NIC-1-A1B2C" in snap.agreements


def test_status_and_legal_bases(tmp_path):
    snap, _, _ = snapshot(tmp_path, [agreement("DARS-NIC-1-A1B2C-v1.0", dsa_end_date=dt.datetime(2026, 9, 1))])
    version = snap.agreements["DARS-NIC-1-A1B2C"].latest
    assert status(version, dt.date(2026, 9, 1)) == "Active"
    assert status(version, dt.date(2026, 9, 2)) == "Expired"
    assert legal_bases(
        "Health and Social Care Act 2012 – s261(7); National Health Service Act 2006 - s251 - "
        "'Control of patient information'."
    ) == [
        "Health and Social Care Act 2012 – s261(7)",
        "National Health Service Act 2006 - s251 - 'Control of patient information'",
    ]
