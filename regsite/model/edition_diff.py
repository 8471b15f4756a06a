"""What changed between two editions of the Data Uses Register, exactly.

Agreements added and no longer in the register, agreements with a new version, fields
changed without a new version (field by field), datasets added or removed on a
version, and files released since the edition before. Typographic noise is not a
change: ``history.same`` compares texts without curly/straight quotes, whitespace and
line endings, trailing full stops, and the case of names.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from regsite.model.agreements import Agreement, Snapshot
from regsite.model.version_diff import VersionChanges, compare_versions
from regsite.text import name_key


@dataclass(frozen=True)
class AgreementRef:
    base: str
    title: str
    applicant: str
    version: str


@dataclass
class NewVersion:
    agreement: AgreementRef
    versions: list[str]  # version numbers new in this edition, oldest first
    previous: str  # the latest version in the edition before


@dataclass
class ChangedVersion:
    """A version whose fields or datasets changed without a new version number."""

    agreement: AgreementRef
    version: str
    changes: VersionChanges

    @property
    def count(self) -> int:
        c = self.changes
        return len(c.fields) + len(c.datasets_added) + len(c.datasets_removed) + len(c.datasets_changed)


@dataclass
class FilesReleased:
    agreement: AgreementRef
    files: int
    months: list[str]  # YYYY-MM of the new files, distinct, in order
    removed: int = 0  # files listed before and no longer


@dataclass
class EditionChanges:
    month: str
    previous: str
    added: list[AgreementRef] = field(default_factory=list)
    removed: list[AgreementRef] = field(default_factory=list)
    new_versions: list[NewVersion] = field(default_factory=list)
    changed: list[ChangedVersion] = field(default_factory=list)
    files: list[FilesReleased] = field(default_factory=list)
    departed: dict[str, Agreement] = field(default_factory=dict)  # the removed agreements as last published

    @property
    def count(self) -> int:
        """Changes to agreements, one per thing a reader would call a change."""
        return len(self.added) + len(self.removed) + len(self.new_versions) + sum(c.count for c in self.changed)

    @property
    def files_released(self) -> int:
        return sum(f.files for f in self.files)

    def __bool__(self) -> bool:
        return bool(self.count or self.files)


def ref(agreement: Agreement) -> AgreementRef:
    latest = agreement.latest
    return AgreementRef(
        agreement.base, latest.fields.get("title") or "", latest.fields.get("applicant") or "", latest.version
    )


def _release_keys(agreement: Agreement) -> Counter[tuple[str, str, str, str]]:
    return Counter(
        (
            v.reference,
            name_key(r.get("dataset") or ""),
            str(r.get("month_released") or ""),
            str(r.get("file_reference") or ""),
        )
        for v in agreement.versions
        for r in v.releases
    )


def compare(before: Snapshot, after: Snapshot) -> EditionChanges:
    changes = EditionChanges(after.month, before.month)
    for base, agreement in after.agreements.items():
        old = before.agreements.get(base)
        if old is None:
            changes.added.append(ref(agreement))
            continue
        old_versions = {v.reference: v for v in old.versions}
        new = [v for v in agreement.versions if v.reference not in old_versions]
        if new:
            changes.new_versions.append(NewVersion(ref(agreement), [v.version for v in new], old.latest.version))
        for version in agreement.versions:
            previous = old_versions.get(version.reference)
            if previous is not None and (diff := compare_versions(previous, version)):
                changes.changed.append(ChangedVersion(ref(agreement), version.version, diff))
        released = _release_keys(agreement) - _release_keys(old)
        removed = _release_keys(old) - _release_keys(agreement)
        if released or removed:
            months = sorted({m for (_, _, m, _) in released if m})
            changes.files.append(FilesReleased(ref(agreement), sum(released.values()), months, sum(removed.values())))
    for base, agreement in before.agreements.items():
        if base not in after.agreements:
            changes.removed.append(ref(agreement))
            changes.departed[base] = agreement
    return changes
