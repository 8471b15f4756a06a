"""A row's cells typed (regsite/sources/row_cells.py): a column's repeated texts are typed once,
and a problem is reported for every cell that has it."""

import datetime as dt

from regsite.diagnostics import Level, Location
from regsite.sources import cells
from regsite.sources.definitions import Column
from regsite.sources.row_cells import Plan, type_cells
from regsite.sources.workbook import RawSheet


class Collector:
    def __init__(self) -> None:
        self.file = "f.xlsx"
        self.codes: list[tuple[str, int | None]] = []

    def add(self, level: Level, code: str, loc: Location, message: str, **kw: str) -> None:
        self.codes.append((code, loc.row))


def typed_rows(rows):
    columns = [Column("month", "Month", "month"), Column("answer", "Answer", "yes-no"), Column("name", "Name", "text")]
    plan: Plan = [(c.key, i, cells.PARSERS[c.type], c, {}) for i, c in enumerate(columns)]
    out, texts = Collector(), {}
    raw = RawSheet("Sheet", rows, {(3, 3)})
    typed = [type_cells(plan, values, number, raw, out, texts) for number, values in enumerate(rows, 2)]
    return typed, out.codes, plan


def test_repeated_values_are_typed_once_and_alike():
    rows = [["Jul-19", "yes", " A "], ["Jul-19", "yes", " A "], [dt.date(2019, 7, 1), None, "A"], ["Jul-19", "  ", ""]]
    typed, codes, plan = typed_rows(rows)
    assert typed[0] == typed[1] == {"month": "2019-07", "answer": "Yes", "name": "A"}
    assert typed[2] == {"month": "2019-07", "answer": None, "name": "A"}
    assert typed[3] == {"month": "2019-07", "answer": None, "name": ""}
    assert typed[0]["name"] is typed[2]["name"]  # one copy of each text
    assert plan[0][4] == {"Jul-19": "2019-07"}  # a date is not remembered; a text is
    assert codes == [("formula", 3)]


def test_a_repeated_problem_is_reported_for_every_cell():
    rows = [["July", "maybe", "#N/A"], ["July", "maybe", "#N/A"], ["x" * (cells.EXCEL_CELL_LIMIT + 1), "no", "B"]]
    typed, codes, _ = typed_rows(rows)
    assert typed[0] == typed[1] == {"month": "July", "answer": "maybe", "name": "#N/A"}
    assert [c for c, _ in codes].count("bad-month") == 3 and [c for c, _ in codes].count("bad-yes-no") == 2
    assert [c for c, _ in codes].count("cell-error") == 2 and ("cell-too-long", 4) in codes
