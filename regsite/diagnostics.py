"""Problems found in the inputs, collected rather than raised one at a time.

Every problem says where (file › sheet › row › column), what was expected, what was
found and what to do. Errors stop the build; warnings stop it only with ``--strict``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: any prefix of file › sheet › row › column."""

    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    key: str = ""  # a key in a definition file, e.g. "columns[2].type"
    line: int | None = None  # a line of a text file

    def __str__(self) -> str:
        parts = [self.file] if self.file else []
        if self.sheet:
            parts.append(self.sheet)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        if self.key:
            parts.append(f"key '{self.key}'")
        return " › ".join(parts)


@dataclass(frozen=True)
class Diagnostic:
    level: Level
    code: str
    location: Location
    message: str
    expected: str = ""
    found: str = ""
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if str(self.location) else self.message
        if self.expected:
            text += f" Expected {self.expected}"
            text += f", found {self.found}." if self.found else "."
        elif self.found:
            text += f" Found {self.found}."
        if self.fix:
            text += f" {self.fix}"
        return text

    def as_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "level": self.level.value,
            "code": self.code,
            "file": loc.file,
            "sheet": loc.sheet,
            "row": loc.row,
            "column": loc.column,
            "key": loc.key,
            "line": loc.line,
            "message": str(self),
            "expected": self.expected,
            "found": self.found,
            "fix": self.fix,
        }


def shown(value: object, limit: int = 60) -> str:
    """A found value quoted for a message, shortened so a 30,000-character cell stays readable."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


@dataclass
class Report:
    """The diagnostics of one build, in the order they were found."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self,
        level: Level,
        code: str,
        location: Location,
        message: str,
        *,
        expected: str = "",
        found: str = "",
        fix: str = "",
    ) -> Diagnostic:
        item = Diagnostic(level, code, location, message, expected, found, fix)
        self.items.append(item)
        return item

    def error(self, code: str, location: Location, message: str, **kw: str) -> Diagnostic:
        return self.add(Level.ERROR, code, location, message, **kw)

    def warning(self, code: str, location: Location, message: str, **kw: str) -> Diagnostic:
        return self.add(Level.WARNING, code, location, message, **kw)

    def info(self, code: str, location: Location, message: str, **kw: str) -> Diagnostic:
        return self.add(Level.INFO, code, location, message, **kw)

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self.items.extend(items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level is Level.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level is Level.WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))


SHOWN_PER_KIND = 5  # problems of one kind in one place printed; the build report lists them all


def print_problems(report: Report, levels: Sequence[Level] = (Level.ERROR, Level.WARNING)) -> None:
    """Print the report's problems to stderr, at most ``SHOWN_PER_KIND`` of each kind and place."""
    groups: dict[tuple[str, str, str, str, str], list[Diagnostic]] = {}
    for d in report.items:
        if d.level in levels:
            key = (d.level.value, d.code, d.location.file, d.location.sheet, d.location.column)
            groups.setdefault(key, []).append(d)
    for (level, *_), items in groups.items():
        for d in items[:SHOWN_PER_KIND]:
            print(f"{level}: {d}", file=sys.stderr)
        if len(items) > SHOWN_PER_KIND:
            print(
                f"{level}: … and {len(items) - SHOWN_PER_KIND:,} more like this "
                "(all are listed in downloads/build-report.json of a successful build)",
                file=sys.stderr,
            )


class RegsiteError(Exception):
    """A failure the user can act on; the CLI prints it without a traceback."""


class BuildFailed(RegsiteError):
    """The inputs have problems that stop the build; ``report`` lists them all."""

    def __init__(self, report: Report, strict: bool = False) -> None:
        self.report = report
        self.strict = strict
        errors, warnings = len(report.errors), len(report.warnings)
        why = f"{errors} error{'s' if errors != 1 else ''}"
        if strict and warnings:
            why += f" and {warnings} warning{'s' if warnings != 1 else ''} (--strict)"
        super().__init__(f"Build stopped: {why} in the inputs. The previous site was left as it was.")


def relative_name(path: Path, root: Path | None) -> str:
    """A file name for messages: relative to the data folder's parent when possible."""
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()
