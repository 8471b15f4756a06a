"""Account for every row: for each sheet of each edition, rows read = published + set aside.

The same figures are printed by the build, written to ``/downloads/build-report.json``
and shown on the "About this data" page.
"""

from __future__ import annotations

from typing import Any

from regsite.diagnostics import Level, Report
from regsite.model.datauses import DataUses
from regsite.model.tables import TableRegister

MAX_REPORTED_ROWS = 200  # row numbers listed per reason; the count is always complete
MAX_REPORTED_PROBLEMS = 1000


def _ranges(rows: list[int]) -> str:
    """``[3, 4, 5, 9]`` → ``3–5, 9``."""
    out: list[str] = []
    rows = sorted(rows)
    start = prev = None
    for row in [*rows, None]:
        if row is not None and prev is not None and row == prev + 1:
            prev = row
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}–{prev}")
        start = prev = row
    return ", ".join(out)


def reconcile(uses: DataUses, registers: list[TableRegister]) -> list[dict[str, Any]]:
    """Per register, per edition (newest first), per sheet: read, published, set aside with reasons."""
    out = [{"register": uses.definition.id, "title": uses.definition.title, "editions": _editions(uses.editions)}]
    for table in registers:
        out.append({"register": table.id, "title": table.definition.title, "editions": _editions(table.editions)})
    return out


def _editions(editions: list[Any]) -> list[dict[str, Any]]:
    out = []
    for summary in reversed(editions):
        sheets = []
        for sheet in summary.sheets:
            aside = [
                {
                    "reason": reason,
                    "count": len(rows),
                    "rows": _ranges(rows[:MAX_REPORTED_ROWS]) + (" and more" if len(rows) > MAX_REPORTED_ROWS else ""),
                }
                for reason, rows in sheet["set_aside"].items()
            ]
            set_aside = sum(a["count"] for a in aside)
            if sheet["read"] != sheet["published"] + set_aside:  # pragma: no cover - an accounting bug, never bad data
                raise AssertionError(f"{summary.edition.file} › {sheet['sheet']}: rows do not reconcile")
            sheets.append(
                {
                    "sheet": sheet["sheet"],
                    "read": sheet["read"],
                    "published": sheet["published"],
                    "set_aside": set_aside,
                    "reasons": aside,
                }
            )
        out.append(
            {"edition": summary.month, "file": summary.edition.file, "sha256": summary.edition.sha256, "sheets": sheets}
        )
    return out


def report_json(uses: DataUses, reconciliation: list[dict[str, Any]], report: Report) -> dict[str, Any]:
    problems = [d for d in report.items if d.level is not Level.INFO]
    return {
        "current_edition": uses.current.month,
        "registers": reconciliation,
        "problems": {
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "listed": min(len(problems), MAX_REPORTED_PROBLEMS),
            "items": [d.as_dict() for d in problems[:MAX_REPORTED_PROBLEMS]],
        },
        "notes": [d.as_dict() for d in report.items if d.level is Level.INFO][:MAX_REPORTED_PROBLEMS],
    }


def summary_lines(reconciliation: list[dict[str, Any]]) -> list[str]:
    lines = []
    for edition in (e | {"register": r["register"]} for r in reconciliation for e in r["editions"]):
        for sheet in edition["sheets"]:
            line = (
                f"  {edition['register']} {edition['edition']} {sheet['sheet']}: {sheet['read']:,} rows read, "
                f"{sheet['published']:,} published, {sheet['set_aside']:,} set aside"
            )
            if sheet["reasons"]:
                line += " (" + "; ".join(f"{r['count']:,} {r['reason']}" for r in sheet["reasons"]) + ")"
            lines.append(line)
    return lines
