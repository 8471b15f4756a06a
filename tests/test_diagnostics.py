"""Problems: where, what was expected and found, what to do; printed and reported whole."""

from __future__ import annotations

from regsite.diagnostics import BuildFailed, Level, Location, Report, print_problems
from regsite.model import accounting


def test_a_location_names_each_part_it_has():
    assert str(Location("data/x.xlsx", "Agreements", 4, "DSA End Date")) == (
        "data/x.xlsx › Agreements › row 4 › column 'DSA End Date'"
    )
    assert (
        str(Location("data/r/register.toml", key="columns[2].type")) == "data/r/register.toml › key 'columns[2].type'"
    )
    assert str(Location("content/a.md", line=3)) == "content/a.md › line 3"
    assert str(Location()) == ""


def test_a_problem_reads_as_a_sentence():
    report = Report()
    d = report.warning(
        "bad-date", Location("x.xlsx", "S", 2, "End"), "Not a date.", expected="a date", found="'31/13'", fix="Fix it."
    )
    assert str(d) == "x.xlsx › S › row 2 › column 'End': Not a date. Expected a date, found '31/13'. Fix it."
    assert report.warnings == [d] and report.errors == []
    assert not report.failed() and report.failed(strict=True)


def test_the_build_reports_json_keeps_every_part_of_a_problem():
    report = Report()
    report.error(
        "bad-type",
        Location("data/r/register.toml", key="columns[2].type", line=7),
        "Unknown column type.",
        expected="one of text, date",
        found="'dat'",
        fix="Correct the type.",
    )
    report.info("note", Location("data/r/2026-09.xlsx"), "A note.")

    class Uses:
        class current:
            month = "2026-09"

    listed = accounting.report_json(Uses, [], report)  # type: ignore[arg-type]
    assert listed["problems"]["items"] == [
        {
            "level": "error",
            "code": "bad-type",
            "file": "data/r/register.toml",
            "sheet": "",
            "row": None,
            "column": "",
            "key": "columns[2].type",
            "line": 7,
            "message": "data/r/register.toml › line 7 › key 'columns[2].type': Unknown column type. "
            "Expected one of text, date, found 'dat'. Correct the type.",
            "expected": "one of text, date",
            "found": "'dat'",
            "fix": "Correct the type.",
        }
    ]
    assert [n["code"] for n in listed["notes"]] == ["note"]


def test_problems_are_printed_at_most_five_of_a_kind(capsys):
    report = Report()
    for row in range(2, 10):
        report.warning("bad-date", Location("x.xlsx", "S", row, "End"), "Not a date.")
    report.info("note", Location("x.xlsx"), "Not printed.")
    print_problems(report)
    lines = capsys.readouterr().err.splitlines()
    assert lines[:5] == [f"warning: x.xlsx › S › row {r} › column 'End': Not a date." for r in range(2, 7)]
    assert lines[5:] == [
        "warning: … and 3 more like this (all are listed in downloads/build-report.json of a successful build)"
    ]


def test_build_failed_counts_what_stopped_it():
    report = Report()
    report.add(Level.WARNING, "w", Location(), "W.")
    assert str(BuildFailed(report, strict=True)) == (
        "Build stopped: 0 errors and 1 warning (--strict) in the inputs. The previous site was left as it was."
    )
