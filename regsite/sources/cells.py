"""Cell values by column type: what a register cell may hold and how it reads.

Each parser takes the raw value from the workbook and returns the typed value, or
raises ``CellProblem`` saying what was expected. A cell that cannot be read is never
dropped: the caller keeps the text as published and reports the problem.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, TypeGuard

EXCEL_CELL_LIMIT = 32_767
_MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class CellProblem(ValueError):
    def __init__(self, expected: str, fix: str = "") -> None:
        super().__init__(expected)
        self.expected = expected
        self.fix = fix


def as_text(value: Any) -> str:
    """Any raw cell value as the text a reader of the workbook would see."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_text(value: Any) -> str:
    """Short text as published, trimmed; identity and comparison ignore its inner spacing."""
    return value.strip() if type(value) is str else as_text(value).strip()


def parse_long_text(value: Any) -> str:
    text = value if type(value) is str else as_text(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def parse_date(value: Any) -> dt.date | None:
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    # A date cell without a date format arrives as Excel's day count.
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = as_text(value).strip()
    try:
        if m := _DMY.match(text):
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _YMD.match(text):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        pass  # e.g. 31/02/2024: falls through to the problem below
    raise CellProblem(
        "a date like 31/03/2024 (DD/MM/YYYY) or a date-formatted cell",
        "Correct the date, or format the cell as a date in Excel.",
    )


_MON_YY = re.compile(r"^([A-Za-z]{3})[A-Za-z]*[-\s/]+(\d{2}|\d{4})$")
_YYYY_MM = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month(value: Any) -> str | None:
    """A month as ``YYYY-MM``; the register writes them as ``Jul-19``."""
    if is_blank(value):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    text = as_text(value).strip()
    if m := _MON_YY.match(text):
        month = _MONTHS.get(m.group(1).lower())
        year = int(m.group(2))
        if month:
            year = year + 2000 if year < 100 else year
            return f"{year:04d}-{month:02d}"
    if (m := _YYYY_MM.match(text)) and 1 <= int(m.group(2)) <= 12:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    raise CellProblem("a month like Jul-19", "Write the month as three letters, a hyphen and the year (Jul-19).")


_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}


def parse_yes_no(value: Any) -> str | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    text = as_text(value).strip()
    if text.lower() in _YES:
        return "Yes"
    if text.lower() in _NO:
        return "No"
    raise CellProblem("Yes or No", "Write Yes or No.")


def parse_number(value: Any) -> int | float | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellProblem("a number")
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else value
    text = as_text(value).strip().replace(",", "")
    try:
        number = float(text)
    except ValueError:
        raise CellProblem("a number", "Write digits only, like 1234.") from None
    return int(number) if number.is_integer() else number


def parse_reference(value: Any) -> str | None:
    if is_blank(value):
        return None
    return (value if type(value) is str else as_text(value)).strip()


PARSERS: dict[str, Callable[[Any], Any]] = {
    "text": parse_text,
    "long-text": parse_long_text,
    "date": parse_date,
    "month": parse_month,
    "yes-no": parse_yes_no,
    "organisation": parse_text,
    "dataset": parse_text,
    "reference": parse_reference,
    "number": parse_number,
}


def display(value: Any) -> str:
    """How a typed value reads on a page and in a CSV."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def is_month(value: object) -> TypeGuard[str]:
    """A month as the reader writes it (YYYY-MM): a cell it could not read is kept as text."""
    return isinstance(value, str) and bool(_YYYY_MM.match(value)) and 1 <= int(value[5:]) <= 12


def month_label(month: str | None) -> str:
    """``2019-07`` → ``Jul 2019``."""
    if not month or not _YYYY_MM.match(month):
        return month or ""
    year, mon = month.split("-")
    return f"{list(_MONTHS)[int(mon) - 1].title()} {year}"


# Excel's error values: a cell showing one holds no value, and says so.
EXCEL_ERRORS = {
    "#N/A",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
}
