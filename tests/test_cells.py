import datetime as dt

import pytest

from regsite.sources.cells import CellProblem, as_text, month_label, parse_date, parse_month, parse_number, parse_yes_no


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.datetime(2024, 2, 29), dt.date(2024, 2, 29)),
        (dt.date(2020, 1, 1), dt.date(2020, 1, 1)),
        ("29/02/2024", dt.date(2024, 2, 29)),
        ("1/4/2019", dt.date(2019, 4, 1)),
        ("2019-04-01", dt.date(2019, 4, 1)),
        (45351.0, dt.date(2024, 2, 29)),  # Excel's day count
        ("", None),
        (None, None),
    ],
)
def test_dates(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2024", "31/13/2024", "next week", "2024/99/99"])
def test_unreadable_dates(raw):
    with pytest.raises(CellProblem) as problem:
        parse_date(raw)
    assert problem.value.expected == "a date like 31/03/2024 (DD/MM/YYYY) or a date-formatted cell"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jul-19", "2019-07"),
        ("Aug-26", "2026-08"),
        ("July 2019", "2019-07"),
        ("2019-7", "2019-07"),
        (dt.datetime(2020, 3, 1), "2020-03"),
        ("", None),
    ],
)
def test_months(raw, expected):
    assert parse_month(raw) == expected


def test_bad_month():
    with pytest.raises(CellProblem):
        parse_month("Jux-19")


def test_yes_no():
    assert [parse_yes_no(v) for v in ("Yes", "no", "Y", True, False, " ")] == ["Yes", "No", "Yes", "Yes", "No", None]
    with pytest.raises(CellProblem):
        parse_yes_no("Maybe")


def test_numbers_and_text():
    assert parse_number("1,234") == 1234 and parse_number(2.5) == 2.5
    assert as_text(12.0) == "12" and as_text(dt.datetime(2020, 1, 2)) == "2020-01-02"
    assert month_label("2019-07") == "Jul 2019"
