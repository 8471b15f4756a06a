"""Every row accounted for (model/accounting.py): read = published + set aside, per sheet."""

from __future__ import annotations

import pytest
from conftest import options_for
from factory import make_project, sample_rows

from regsite.build import _Stages, prepare
from regsite.diagnostics import Report
from regsite.model.accounting import _ranges, reconcile, summary_lines


def test_row_numbers_are_shown_as_ranges():
    assert _ranges([]) == ""
    assert _ranges([7]) == "7"
    assert _ranges([9, 3, 4, 5]) == "3–5, 9"
    assert _ranges([1, 3, 5, 6]) == "1, 3, 5–6"


def test_the_shipped_data_reconciles_for_every_sheet(sample_model):
    registers = sample_model.reconciliation
    assert registers[0]["register"] == "data-uses-register"
    assert len(registers) == 1 + len(sample_model.registers)
    for register in registers:
        assert register["editions"], register["register"]
        months = [e["edition"] for e in register["editions"]]
        assert months == sorted(months, reverse=True)  # newest first
        for edition in register["editions"]:
            for sheet in edition["sheets"]:
                assert sheet["read"] == sheet["published"] + sheet["set_aside"]
                assert sheet["set_aside"] == sum(r["count"] for r in sheet["reasons"])


@pytest.mark.slow
def test_rows_set_aside_are_counted_with_their_reasons_and_rows(tmp_path):
    rows = sample_rows()
    orphan = dict(rows["Datasets"][0], **{"Reference Number": "DARS-NIC-99999-Z9Z9Z-v1.0"})
    rows["Datasets"] += [orphan, dict(orphan), dict(orphan, **{"Reference Number": "not a reference"})]
    data, content = make_project(tmp_path, {"2026-09": rows})
    model = prepare(options_for(tmp_path, data, content), Report(), _Stages({}, {}))
    (register,) = reconcile(model.uses, [])
    datasets = next(s for s in register["editions"][0]["sheets"] if s["sheet"] == "Datasets")
    read = len(rows["Datasets"])
    assert (datasets["read"], datasets["published"], datasets["set_aside"]) == (read, read - 3, 3)
    assert datasets["reasons"] == [  # row 1 is the header
        {"reason": "not an agreement reference", "count": 1, "rows": f"{read + 1}"},
        {"reason": "reference not in Agreements", "count": 2, "rows": f"{read - 1}–{read}"},
    ]
    line = next(line for line in summary_lines([register]) if " Datasets: " in line)
    assert line == (
        f"  data-uses-register 2026-09 Datasets: {read:,} rows read, {read - 3:,} published, 3 set aside "
        "(1 not an agreement reference; 2 reference not in Agreements)"
    )
