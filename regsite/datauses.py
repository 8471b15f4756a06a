"""The Data Uses Register across all its editions.

Each edition is modelled on its own (``agreements.Snapshot``); this module lines them up:
the current register is the latest edition, and every agreement ever published keeps a
record of the editions it appeared in and when each of its versions first appeared, so
an agreement that leaves the register keeps its page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from regsite.agreements import Agreement, Snapshot, legal_bases, status
from regsite.definitions import EditionNote, RegisterDefinition
from regsite.directory import Names, split_names
from regsite.editions import Edition
from regsite.reading import ParsedEdition
from regsite.text import name_key


def edition_date(month: str) -> dt.date:
    """An edition is dated the first day of its month; status is judged on that day."""
    year, mon = month.split("-")
    return dt.date(int(year), int(mon), 1)


@dataclass
class EditionView:
    edition: Edition
    note: EditionNote
    parsed: ParsedEdition
    snapshot: Snapshot

    @property
    def month(self) -> str:
        return self.edition.month

    @property
    def date(self) -> dt.date:
        return edition_date(self.edition.month)


@dataclass
class AgreementRecord:
    agreement: Agreement  # as in the latest edition that has it
    editions: list[str]  # months it appears in, oldest first
    version_first_seen: dict[str, str]  # versioned reference → month it first appeared
    in_current: bool
    left_in: str | None  # the first edition it was missing from, if it has left
    status: str
    applicant_key: str = ""
    controller_keys: list[str] = field(default_factory=list)
    dataset_keys: list[str] = field(default_factory=list)  # on the latest version, in order, unique
    legal_bases: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.agreement.base

    @property
    def slug(self) -> str:
        return self.agreement.slug

    @property
    def latest(self):
        return self.agreement.latest


@dataclass
class DataUses:
    definition: RegisterDefinition
    editions: list[EditionView]  # oldest first

    records: dict[str, AgreementRecord] = field(default_factory=dict)

    @property
    def current(self) -> EditionView:
        return self.editions[-1]

    @property
    def date(self) -> dt.date:
        return self.current.date

    def see_names(self, organisations: Names, datasets: Names) -> None:
        """Register every name in edition order, so the latest spelling wins and slugs are stable."""
        for view in self.editions:
            for agreement in view.snapshot.agreements.values():
                for version in agreement.versions:
                    if applicant := version.fields.get("applicant"):
                        organisations.see(applicant)
                    cell = version.fields.get("controllers") or ""
                    if cell and "," not in cell:
                        organisations.see(cell.strip())
                    for row in version.datasets:
                        if row.get("dataset"):
                            datasets.see(row["dataset"])
                    for row in version.releases:
                        if row.get("dataset"):
                            datasets.see(row["dataset"])

    def split_controllers(self, organisations: Names) -> None:
        for view in self.editions:
            for agreement in view.snapshot.agreements.values():
                for version in agreement.versions:
                    version.controllers = split_names(version.fields.get("controllers"), organisations)
                    for name in version.controllers:
                        organisations.see(name)

    def build_records(self) -> None:
        seen_in: dict[str, list[str]] = {}
        first_seen: dict[str, dict[str, str]] = {}
        latest: dict[str, Agreement] = {}
        for view in self.editions:
            for base, agreement in view.snapshot.agreements.items():
                seen_in.setdefault(base, []).append(view.month)
                latest[base] = agreement
                for version in agreement.versions:
                    first_seen.setdefault(base, {}).setdefault(version.reference, view.month)
        months = [v.month for v in self.editions]
        current = self.current.snapshot.agreements
        records: dict[str, AgreementRecord] = {}
        for base in sorted(latest):
            agreement = latest[base]
            in_current = base in current
            left_in = None
            if not in_current:
                last = seen_in[base][-1]
                left_in = months[months.index(last) + 1]
            version = agreement.latest
            dataset_keys = list(dict.fromkeys(name_key(d["dataset"]) for d in version.datasets if d.get("dataset")))
            bases = list(dict.fromkeys(b for d in version.datasets for b in legal_bases(d.get("legal_basis"))))
            records[base] = AgreementRecord(
                agreement=agreement,
                editions=seen_in[base],
                version_first_seen=first_seen[base],
                in_current=in_current,
                left_in=left_in,
                status=status(version, self.date) if in_current else "Not in the current register",
                applicant_key=name_key(version.fields.get("applicant") or ""),
                controller_keys=list(dict.fromkeys(name_key(c) for c in version.controllers)),
                dataset_keys=dataset_keys,
                legal_bases=bases,
            )
        self.records = records

    def current_records(self) -> list[AgreementRecord]:
        return [r for r in self.records.values() if r.in_current]

    def departed_records(self) -> list[AgreementRecord]:
        return [r for r in self.records.values() if not r.in_current]
