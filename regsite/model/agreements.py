"""The Data Uses Register: agreements, their versions, datasets and released files.

This is the one place that knows the register's three linked sheets: Agreements (one row
per version of a Data Sharing Agreement), Datasets (one row per dataset on a version) and
DataReleases (one row per file released), joined on the versioned ``Reference Number``.
Every other register is a single table (``regsite.model.tables``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from regsite.diagnostics import Diagnostic, Level, Location, shown
from regsite.sources.cells import is_month
from regsite.sources.definitions import RegisterDefinition
from regsite.sources.sheets import ParsedEdition, Row, SheetData
from regsite.text import comparable

REFERENCE = re.compile(r"^(?P<base>[A-Z0-9]+(?:-[A-Z0-9]+)+?)-V(?P<version>\d+(?:\.\d+)*)$", re.IGNORECASE)
BASE_ONLY = re.compile(r"^[A-Z]+-[A-Z0-9]+(?:-[A-Z0-9]+)+$", re.IGNORECASE)

# The short fields of a version, then its long texts: what pages show and what changes are compared on.
SHORT_FIELDS = (
    "title",
    "applicant",
    "organisation_type",
    "controllers",
    "controller_basis",
    "start_date",
    "end_date",
    "sublicensing",
    "commercial",
)
LONG_TEXT_KEYS = ("objective", "activities", "expected_output", "expected_benefits", "yielded_benefits")

# Keys the data-uses kind needs in its definition, by sheet.
REQUIRED_KEYS = {
    "agreements": ("reference", *SHORT_FIELDS, *LONG_TEXT_KEYS),
    "datasets": ("reference", "dataset", "type_of_data", "sensitivity", "frequency", "legal_basis", "confidentiality"),
    "releases": ("file_reference", "reference", "dataset", "opt_outs", "month_released"),
}


def check_definition(definition: RegisterDefinition) -> list[Diagnostic]:
    """A data-uses definition must declare the sheets and keys this module reads."""
    problems: list[Diagnostic] = []
    sheets = {s.id: s for s in definition.sheets}
    for sheet_id, keys in REQUIRED_KEYS.items():
        sheet = sheets.get(sheet_id)
        if sheet is None:
            problems.append(
                Diagnostic(
                    Level.ERROR,
                    "definition",
                    Location(file=definition.path, key="sheets"),
                    f'A data-uses register needs a sheet with id = "{sheet_id}".',
                    fix="Declare it in a [[sheets]] table.",
                )
            )
            continue
        missing = [k for k in keys if sheet.column(k) is None]
        if missing:
            problems.append(
                Diagnostic(
                    Level.ERROR,
                    "definition",
                    Location(file=definition.path, key=f"sheets.{sheet_id}.columns"),
                    "Columns the Data Uses Register needs are not declared.",
                    expected="columns with key = " + ", ".join(repr(k) for k in missing),
                    fix="Add a [[sheets.columns]] table for each.",
                )
            )
    return problems


def version_key(version: str) -> tuple[int, ...]:
    """``0.11`` after ``0.9``: versions compare part by part as numbers."""
    return tuple(int(p) for p in version.split("."))


@dataclass(frozen=True)
class ReleaseSummary:
    """The files released under one version for one dataset."""

    dataset: str
    files: int
    first_month: str | None
    last_month: str | None
    opt_outs: str  # Yes, No, Mixed or Unknown
    months: tuple[tuple[str, int], ...]  # (YYYY-MM, files) in order


@dataclass
class Version:
    reference: str  # normalised: BASE-vX.Y
    base: str
    version: str
    fields: dict[str, Any]
    extras: dict[str, str]
    row: int
    datasets: list[dict[str, Any]] = field(default_factory=list)
    releases: list[dict[str, Any]] = field(default_factory=list)
    controllers: list[str] = field(default_factory=list)  # split by the site model, which knows every name

    @property
    def key(self) -> tuple[int, ...]:
        return version_key(self.version)

    def release_summaries(self) -> list[ReleaseSummary]:
        by_dataset: dict[str, list[dict[str, Any]]] = {}
        for release in self.releases:
            by_dataset.setdefault(release.get("dataset") or "", []).append(release)
        out = []
        for name, rows in by_dataset.items():
            months = sorted(m for r in rows if is_month(m := r.get("month_released")))
            opt = {r.get("opt_outs") for r in rows} - {None, ""}
            opt_outs = opt.pop() if len(opt) == 1 else ("Mixed" if opt else "Unknown")
            out.append(
                ReleaseSummary(
                    dataset=name,
                    files=len(rows),
                    first_month=months[0] if months else None,
                    last_month=months[-1] if months else None,
                    opt_outs=str(opt_outs),
                    months=tuple(sorted(Counter(months).items())),
                )
            )
        return out


@dataclass
class Agreement:
    base: str  # DARS-NIC-00574-V2H1F
    versions: list[Version]  # oldest version first

    @property
    def slug(self) -> str:
        return self.base.lower()

    @property
    def latest(self) -> Version:
        return self.versions[-1]


@dataclass
class Snapshot:
    """One edition of the Data Uses Register, modelled."""

    month: str
    agreements: dict[str, Agreement]  # by base reference, sorted

    @property
    def versions(self) -> int:
        return sum(len(a.versions) for a in self.agreements.values())

    @property
    def dataset_rows(self) -> int:
        return sum(len(v.datasets) for a in self.agreements.values() for v in a.versions)

    @property
    def files_released(self) -> int:
        return sum(len(v.releases) for a in self.agreements.values() for v in a.versions)

    def counts(self) -> dict[str, int]:
        datasets = {
            comparable(d["dataset"]).casefold()
            for a in self.agreements.values()
            for v in a.versions
            for d in v.datasets
            if d.get("dataset")
        }
        return {
            "agreements": len(self.agreements),
            "versions": self.versions,
            "datasets": len(datasets),
            "dataset_rows": self.dataset_rows,
            "files_released": self.files_released,
        }


@lru_cache(maxsize=65536)  # each version's reference is on every file it released: 194,000 rows, 5,500 versions
def parse_reference(value: str) -> tuple[str, str] | None:
    match = REFERENCE.match(value)
    if not match:
        return None
    return match.group("base").upper(), ".".join(
        str(int(p)) if p.isdigit() else p for p in match.group("version").split(".")
    )


def _values(row: Row, keys: tuple[str, ...] | None = None) -> dict[str, Any]:
    return dict(row.values) if keys is None else {k: row.values.get(k) for k in keys}


def build_snapshot(parsed: ParsedEdition) -> tuple[Snapshot, list[Diagnostic]]:
    """Join the three sheets of one edition; rows that cannot be placed are set aside with a reason."""
    problems = _Problems(parsed.file)
    versions = _versions(parsed.sheets["agreements"], problems)
    for sheet_id in ("datasets", "releases"):
        _attach(parsed.sheets[sheet_id], sheet_id, versions, problems)
    agreements: dict[str, Agreement] = {}
    for version in sorted(versions.values(), key=lambda v: (v.base, v.key)):
        agreements.setdefault(version.base, Agreement(version.base, [])).versions.append(version)
    return Snapshot(parsed.month, dict(sorted(agreements.items()))), problems.items


class _Problems:
    """The problems found joining one edition's sheets, in the order they were found."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Diagnostic] = []

    def add(
        self, level: Level, code: str, sheet: SheetData, row: int | None, column: str, message: str, **kw: str
    ) -> None:
        self.items.append(
            Diagnostic(
                level,
                code,
                Location(self.file, sheet.name, row, column),
                message,
                kw.get("expected", ""),
                kw.get("found", ""),
                kw.get("fix", ""),
            )
        )

    def warn(self, code: str, sheet: SheetData, row: int | None, column: str, message: str, **kw: str) -> None:
        self.add(Level.WARNING, code, sheet, row, column, message, **kw)


def _versions(sheet: SheetData, problems: _Problems) -> dict[str, Version]:
    """Every agreement version in the Agreements sheet, by its versioned reference."""
    header = sheet.headers.get("reference", "Reference Number")
    versions: dict[str, Version] = {}
    first_row: dict[str, Row] = {}
    for row in sheet.rows:
        raw = row.values.get("reference") or ""
        parsed_ref = parse_reference(raw)
        if parsed_ref is None:
            _unplaceable(sheet, row, raw, header, problems)
            continue
        base, number = parsed_ref
        reference = f"{base}-v{number}"
        if reference in versions:
            _duplicate(sheet, row, first_row[reference], reference, header, problems)
            continue
        first_row[reference] = row
        version = Version(reference, base, number, dict(row.values), dict(row.extras), row.number)
        version.fields["reference"] = reference
        _check_dates(sheet, row, version, problems)
        versions[reference] = version
    return versions


def _unplaceable(sheet: SheetData, row: Row, raw: str, header: str, problems: _Problems) -> None:
    """An Agreements row whose reference has no version, or is not a reference: set aside."""
    if raw and BASE_ONLY.match(raw):
        sheet.put_aside(row.number, "reference without a version")
        problems.warn(
            "no-version",
            sheet,
            row.number,
            header,
            "The reference has no version, so the row cannot be placed in the agreement's history; set aside.",
            expected="a versioned reference like DARS-NIC-00574-V2H1F-v4.2",
            found=shown(raw),
            fix="Add the version (-v and its number) to the reference.",
        )
        return
    sheet.put_aside(row.number, "not an agreement reference")
    problems.warn(
        "bad-reference",
        sheet,
        row.number,
        header,
        "The row has no agreement reference; set aside."
        if not raw
        else "Not an agreement reference; the row is set aside.",
        expected="a reference like DARS-NIC-00574-V2H1F-v4.2",
        found=shown(raw) if raw else "a blank cell",
        fix="Correct the reference, or delete the row if it is not an agreement (e.g. a note).",
    )


def _duplicate(sheet: SheetData, row: Row, earlier: Row, reference: str, header: str, problems: _Problems) -> None:
    """A second row for a version: set aside, a warning when it repeats the first, else an error."""
    if _values(earlier) == _values(row) and earlier.extras == row.extras:
        sheet.put_aside(row.number, "exact duplicate of an earlier row")
        problems.warn(
            "duplicate-row",
            sheet,
            row.number,
            header,
            f"The row repeats row {earlier.number} exactly; set aside.",
            fix="Delete one of the two rows.",
        )
        return
    sheet.put_aside(row.number, "duplicate reference")
    problems.add(
        Level.ERROR,
        "duplicate-reference",
        sheet,
        row.number,
        header,
        f"The versioned reference {reference} is also on row {earlier.number}, with different values.",
        expected="one row per version",
        found=f"two rows for {reference}",
        fix="Keep the correct row, or give the newer one its own version number.",
    )


def _check_dates(sheet: SheetData, row: Row, version: Version, problems: _Problems) -> None:
    start, end = version.fields.get("start_date"), version.fields.get("end_date")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        problems.warn(
            "end-before-start",
            sheet,
            row.number,
            sheet.headers.get("end_date", "DSA End Date"),
            "The agreement ends before it starts; both dates are published as written.",
            expected=f"an end date on or after the start date {start.isoformat()}",
            found=end.isoformat(),
            fix="Check the two dates.",
        )


def _attach(sheet: SheetData, target: str, versions: dict[str, Version], problems: _Problems) -> None:
    """Each Datasets or DataReleases row, onto the version its reference names; others set aside."""
    header = sheet.headers.get("reference", "Reference Number")
    for row in sheet.rows:
        raw = row.values.get("reference") or ""
        parsed_ref = parse_reference(raw)
        version = versions.get(f"{parsed_ref[0]}-v{parsed_ref[1]}") if parsed_ref else None
        if version is None:
            reason = "reference not in Agreements" if parsed_ref else "not an agreement reference"
            sheet.put_aside(row.number, reason)
            problems.warn(
                "orphan" if parsed_ref else "bad-reference",
                sheet,
                row.number,
                header,
                "No agreement version in the Agreements sheet has this reference; set aside."
                if parsed_ref
                else "Not an agreement reference; the row is set aside.",
                expected="a reference listed in the Agreements sheet",
                found=shown(raw) if raw else "a blank cell",
                fix="Add the agreement version to Agreements, or correct the reference.",
            )
            continue
        values = dict(row.values)
        values["reference"] = version.reference
        if row.extras:
            values["_extras"] = dict(row.extras)
        values["_row"] = row.number
        getattr(version, target).append(values)


def status(version: Version, on: dt.date) -> str:
    end = version.fields.get("end_date")
    if not isinstance(end, dt.date):
        return "Unknown"
    return "Active" if end >= on else "Expired"


def legal_bases(value: str | None) -> list[str]:
    """A dataset's legal basis cell may cite several bases, separated by semicolons."""
    if not value:
        return []
    return [part.strip().rstrip(".").strip() for part in value.split(";") if part.strip().rstrip(".").strip()]


def column_values(agreement: Agreement, sheet_id: str, key: str) -> list[str]:
    """The values one column takes for an agreement, as browse pages and search filters see
    them: its latest version's row (Agreements) and dataset rows (Datasets), and the files
    released under every version (DataReleases). A legal basis cell can cite several bases."""
    latest = agreement.latest
    if sheet_id == "agreements":
        rows = [latest.fields]
    elif sheet_id == "datasets":
        rows = latest.datasets
    else:
        rows = [r for v in agreement.versions for r in v.releases]
    values = [str(v) for row in rows if (v := row.get(key)) not in (None, "")]
    if sheet_id == "datasets" and key == "legal_basis":
        return [b for v in values for b in legal_bases(v)]
    return values
