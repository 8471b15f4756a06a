"""What every register's edition has, whatever its shape: the file, how its rows were read, its name.

The Data Uses Register's ``EditionSummary`` and a table register's ``TableEdition`` both extend
``PublishedEdition``, so the archive, edition pages, accounting and downloads treat every
register's editions alike and differ only in what the data adds (counts of agreements, rows).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from regsite.diagnostics import Diagnostic
from regsite.sources.cells import month_label
from regsite.sources.definitions import EditionNote
from regsite.sources.discover import Edition
from regsite.sources.sheets import ParsedEdition

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
PERIOD = re.compile(rf"\b((?:{_MONTHS})(?:\s+\d{{4}})?\s+to\s+(?:{_MONTHS})\s+\d{{4}}|(?:{_MONTHS})\s+\d{{4}})\b")


def edition_date(month: str) -> dt.date:
    """An edition is dated the first day of its month; status is judged on that day."""
    year, mon = month.split("-")
    return dt.date(int(year), int(mon), 1)


def period_of(readme: list[list[str]] | None) -> str:
    """The period an edition covers, as its Read me's title says ("September to November 2017")."""
    for line in (readme or [])[:3]:
        for cell in line:
            if found := PERIOD.search(cell):
                return " ".join(found.group(1).split())
    return ""


def sheet_accounting(parsed: ParsedEdition) -> list[dict[str, Any]]:
    """Per sheet of the workbook (each sheet of a table read from several, on its own): rows read,
    published and set aside by reason (row numbers), for ``model.accounting``."""
    out = []
    for data in parsed.sheets.values():
        parts = data.parts or [
            {"sheet": data.name, "read": data.read, "published": data.published, "set_aside": data.set_aside}
        ]
        out += [
            {
                "sheet": p["sheet"],
                "read": p["read"],
                "published": p["published"],
                "set_aside": {reason: list(rows) for reason, rows in sorted(p["set_aside"].items())},
            }
            for p in parts
        ]
    return out


@dataclass(kw_only=True)
class PublishedEdition:
    """One edition of any register: small enough to keep for every edition, and to cache."""

    edition: Edition
    sheets: list[dict[str, Any]]  # sheet_accounting()
    diagnostics: list[Diagnostic]
    note: EditionNote = field(default_factory=EditionNote)
    readme: list[list[str]] | None = None  # the workbook's Read me sheet, where it has one

    @property
    def month(self) -> str:
        return self.edition.month

    @property
    def date(self) -> dt.date:
        return edition_date(self.edition.month)

    @property
    def period(self) -> str:
        return period_of(self.readme)

    @property
    def label(self) -> str:
        """How the edition is named: the period it covers where its Read me says, else its month."""
        return self.period or month_label(self.month)
