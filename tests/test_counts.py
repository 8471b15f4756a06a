"""Count tables: row labels × column labels → numbers (regsite.sources.counts)."""

from __future__ import annotations

import datetime as dt
import json

from conftest import options_for
from factory import definition, make_project, messages, plain_cells, workbook

from regsite.build import build
from regsite.sources.sheets import read_edition

NBO = """
title = "National Back Office"
summary = "Tracing requests."

[[tables]]
id = "tracing"
title = "Tracing service requests"
sheet = "NBO"
shape = "counts"
row_label = "Outcome"
unit = "request"
total_rows = ["Total Receipts Processed"]
"""

REQUESTERS = [None, "Police", "NCA", "Home Office", "Total"]


def nbo_rows(police_rejected=52):
    return [
        REQUESTERS,
        ["Total Receipts Processed", 70, 123, 1775, 1968],
        ["Rejected", police_rejected, 0, 90, 142],
        ["Approved - Trace", 15, 37, 1355, 1407],
        ["Approved - No Trace", 3, 86, 330, 419],
        [None, None, None, None, None],
        ["Explanation of terms:"],
        ["Rejected: requests that have not followed correct procedure."],
    ]


def read(text, path):
    return read_edition(definition(text), "nbo", "2017-11", path, "data/nbo/2017-11.xlsx")


def test_a_count_table_with_its_notes_set_aside(tmp_path):
    parsed = read(NBO, workbook(tmp_path / "w.xlsx", {"NBO": nbo_rows()}))
    assert messages(parsed) == []
    data = parsed.sheets["tracing"]
    assert data.shape == "counts"
    assert data.headers == {
        "row_label": "Outcome",
        "police": "Police",
        "nca": "NCA",
        "home_office": "Home Office",
        "total": "Total",
    }
    assert [r.values["row_label"] for r in data.rows] == [
        "Total Receipts Processed",
        "Rejected",
        "Approved - Trace",
        "Approved - No Trace",
    ]
    assert data.rows[2].values["home_office"] == 1355
    assert data.notes == ["Explanation of terms:", "Rejected: requests that have not followed correct procedure."]
    assert data.read == 7 and data.published == 4
    assert data.set_aside == {"blank row": [6], "note, not a count": [7, 8]}


def test_a_total_that_does_not_add_up_is_a_located_warning(tmp_path):
    parsed = read(NBO, workbook(tmp_path / "w.xlsx", {"NBO": nbo_rows(police_rejected=50)}))
    assert messages(parsed, "warning") == [
        "data/nbo/2017-11.xlsx › NBO › row 3 › column 'Total': The total does not add up. Expected 140 (the sum of "
        "the other cells), found 142. Check the total and the counts it adds up; both are published as written.",
        "data/nbo/2017-11.xlsx › NBO › row 2 › column 'Police': The total does not add up. Expected 68 (the sum of "
        "the other cells), found 70. Check the total and the counts it adds up; both are published as written.",
    ]
    # Without the declared total row, only the Total column is checked.
    undeclared = read(NBO.replace('total_rows = ["Total Receipts Processed"]', ""), tmp_path / "w.xlsx")
    assert [d.location.row for d in undeclared.diagnostics] == [3]


BUREAU = """
title = "Demographics Batch Service Bureau"
summary = "Submissions by month."

[[tables]]
id = "bureau"
sheet = "DBS Bureau"
shape = "counts"
row_label = "Measure"

[[tables.columns]]
header = "January 2020"
type = "number"

[[tables.columns]]
header = "April 2020"
type = "number"
optional = true
"""


def test_one_column_per_month(tmp_path):
    rows = [
        ["Demographics Batch Service Bureau activity"],
        [None, "January 2020", dt.datetime(2020, 2, 1), "March 2020"],
        ["Number of Submissions Received", 120, 98, 131],
        ["Number of Submissions Rejected", 3, 1, 0],
        ["% of Transactions with Single Matched", "95%", 0.97, "96.5%"],
        ["Total Number of Transactions with Single Match", "1,204,000", 990000, 1300100],
    ]
    parsed = read(BUREAU, workbook(tmp_path / "w.xlsx", {"DBS Bureau": rows}))
    assert messages(parsed, "error") == []
    # A row whose label starts with "Total" is not a total of the others unless declared.
    assert [d.code for d in parsed.diagnostics] == ["missing-column"]  # April 2020: optional, a warning
    data = parsed.sheets["bureau"]
    assert list(data.headers.values()) == ["Measure", "January 2020", "February 2020", "March 2020"]
    assert data.rows[2].values == {
        "row_label": "% of Transactions with Single Matched",
        "january_2020": 0.95,
        "february_2020": 0.97,
        "march_2020": 0.965,
    }
    assert data.rows[3].values["january_2020"] == 1204000
    assert data.set_aside == {"title or note above the header": [1]}
    assert data.notes == ["Demographics Batch Service Bureau activity"]
    # A declared column the table lacks stops the build unless optional.
    strict = read(BUREAU.replace("optional = true\n", ""), tmp_path / "w.xlsx")
    assert not strict.ok


def test_count_tables_across_editions_get_a_chart_with_its_table(tmp_path):
    data, content = make_project(tmp_path)
    folder = data / "national-back-office"
    folder.mkdir()
    (folder / "register.toml").write_text(NBO, "utf-8")
    workbook(folder / "2017-08.xlsx", {"NBO": nbo_rows()})
    later = nbo_rows()
    later[1][1:] = [80, 123, 1775, 1978]
    later[2][1:] = [62, 0, 90, 152]
    workbook(folder / "2017-11.xlsx", {"NBO": later})
    options = options_for(tmp_path, data, content, search=False)
    build(options)
    page = plain_cells((options.out / "registers" / "national-back-office" / "index.html").read_text("utf-8"))
    assert '<th scope="row">Approved - No Trace</th>' in page
    assert "Tracing service requests: the total in each edition" in page
    assert "The numbers in this chart" in page and ">1,978<" in page and "1,968" in page
    edition = (options.out / "registers" / "national-back-office" / "archive" / "2017-11" / "index.html").read_text(
        "utf-8"
    )
    assert "2 rows added and 2 rows removed" in edition  # the Total Receipts Processed row and the Rejected row
    data_json = json.loads((options.out / "downloads" / "national-back-office-2017-11.json").read_text("utf-8"))
    assert data_json["shape"] == "counts" and data_json["rows"][0]["police"] == 80
