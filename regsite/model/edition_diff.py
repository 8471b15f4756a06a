"""What changed between two editions of the Data Uses Register, exactly.

Agreements added and no longer in the register, agreements with a new version, fields
changed without a new version (field by field), datasets added or removed on a
version, and files released since the edition before.

Two kinds of edit are set apart from the amendments, so a month of housekeeping does not
read as a month of new terms. A *register-wide edit* is one relabel (the same field, old
value and new value: a controller renamed, a dataset's name or legal basis reworded) made
in many agreements at once: it is reported once, with the agreements it touched.
*Tidied wording* is an edit only in quotes, spacing, line endings, capitals or a trailing
full stop (``text.comparable`` and ``text.name_key``): listed, never counted as a change.
An agreement's own history (``version_diff``) still shows every edit.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from regsite.model.agreements import LONG_TEXT_KEYS, SHORT_FIELDS, Agreement, Snapshot, Version
from regsite.model.version_diff import (
    DATASET_FIELDS,
    NAME_FIELDS,
    FieldChange,
    VersionChanges,
    compare_versions,
    dataset_rows,
    same,
)
from regsite.text import name_key

# A relabel found in this many agreements in one edition is an edit to the register's
# vocabulary rather than to those agreements. Two agreements can share an edit by chance
# (one applicant's two agreements amended together); the same old and new value in three
# unrelated agreements is a pattern, and it is still small enough to catch a rename of an
# organisation that holds only three agreements.
REGISTER_WIDE = 3

# (field, old, new): "dataset" and "organisation" for a name replaced, otherwise a field's key.
EditKey = tuple[str, str, str]


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
class RegisterWideEdit:
    """One relabel made in many agreements: ``field`` changed from ``old`` to ``new``."""

    field: str  # a field key, "dataset" for a dataset's name, "organisation" for an organisation's
    old: str
    new: str
    agreements: list[AgreementRef]  # in register order, each once


@dataclass
class Tidied:
    """An agreement whose wording changed only in quotes, spacing, capitals or full stops."""

    agreement: AgreementRef
    fields: list[str]  # field keys ("dataset" for a dataset's name), each once


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
    register_wide: list[RegisterWideEdit] = field(default_factory=list)
    tidied: list[Tidied] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Changes to agreements, one per thing a reader would call a change: a register-wide
        edit counts once, tidied wording not at all."""
        return (
            len(self.added)
            + len(self.removed)
            + len(self.new_versions)
            + sum(c.count for c in self.changed)
            + len(self.register_wide)
        )

    @property
    def files_released(self) -> int:
        return sum(f.files for f in self.files)

    def __bool__(self) -> bool:
        return bool(self.count or self.files or self.tidied)


def ref(agreement: Agreement) -> AgreementRef:
    latest = agreement.latest
    return AgreementRef(
        agreement.base, latest.fields.get("title") or "", latest.fields.get("applicant") or "", latest.version
    )


def _release_keys(agreement: Agreement, renamed: dict[str, str] | None = None) -> Counter[tuple[str, str, str, str]]:
    """Each released file as (version, dataset, month, file reference). ``renamed`` maps a
    dataset's old name key to its new one, so a file listed under a dataset renamed
    register-wide is the same file, not one removed and one released."""
    renamed = renamed or {}
    keys: Counter[tuple[str, str, str, str]] = Counter()
    for v in agreement.versions:
        for r in v.releases:
            dataset = name_key(r.get("dataset") or "")
            keys[
                (
                    v.reference,
                    renamed.get(dataset, dataset),
                    str(r.get("month_released") or ""),
                    str(r.get("file_reference") or ""),
                )
            ] += 1
    return keys


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value or "")


def _only_case(change: FieldChange) -> bool:
    """A change of capitals alone (``same`` already ignores quotes, spacing and full stops)."""
    old, new = change.old, change.new
    return isinstance(old, str) and isinstance(new, str) and name_key(old) == name_key(new)


def _tidied_fields(old: Version, new: Version, diff: VersionChanges) -> list[str]:
    """The fields of a version whose text changed only typographically, in field order."""
    keys = [
        k
        for k in SHORT_FIELDS + LONG_TEXT_KEYS
        if old.fields.get(k) != new.fields.get(k) and same(k, old.fields.get(k), new.fields.get(k))
    ]
    keys += [f.key for f in diff.fields if _only_case(f)]
    before, after = dataset_rows(old), dataset_rows(new)
    for name, rows in after.items():
        if len(before.get(name, ())) != len(rows):
            continue
        for a, b in zip(before[name], rows, strict=True):
            keys += ["dataset"] if a.get("dataset") != b.get("dataset") else []
            keys += [k for k in DATASET_FIELDS if a.get(k) != b.get(k) and (same(k, a.get(k), b.get(k)))]
    keys += [d.key for _, diffs in diff.datasets_changed for d in diffs if _only_case(d)]
    return list(dict.fromkeys(keys))


def _without_case_only(diff: VersionChanges) -> VersionChanges:
    datasets = [(n, [d for d in ds if not _only_case(d)]) for n, ds in diff.datasets_changed]
    return VersionChanges(
        [f for f in diff.fields if not _only_case(f)],
        diff.datasets_added,
        diff.datasets_removed,
        [(n, ds) for n, ds in datasets if ds],
    )


def _field_edit(change: FieldChange) -> EditKey:
    """A short field's edit as (field, old, new). An organisation renamed is one edit whether
    it is the applicant or a data controller; in a controllers cell it is the one run of
    names replaced, so it reads the same in every agreement, whoever shares the cell."""
    if change.key not in NAME_FIELDS:
        return (change.key, _text(change.old), _text(change.new))
    old = [p.strip() for p in _text(change.old).split(",") if p.strip()]
    new = [p.strip() for p in _text(change.new).split(",") if p.strip()]
    matcher = SequenceMatcher(None, [name_key(p) for p in old], [name_key(p) for p in new], autojunk=False)
    edits = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if len(edits) == 1 and edits[0][0] == "replace":
        _, i1, i2, j1, j2 = edits[0]
        return ("organisation", ", ".join(old[i1:i2]), ", ".join(new[j1:j2]))
    return ("organisation", _text(change.old), _text(change.new))


def _edit_keys(diff: VersionChanges) -> list[EditKey]:
    """Every relabel in a version's changes, as (field, old, new); long texts are not relabels."""
    keys = [_field_edit(f) for f in diff.fields if not f.long]
    keys += [(d.key, _text(d.old), _text(d.new)) for _, diffs in diff.datasets_changed for d in diffs]
    keys += [("dataset", old, new) for old in diff.datasets_removed for new in diff.datasets_added]
    return keys


def _strip(diff: VersionChanges, wide: set[EditKey]) -> VersionChanges:
    """A version's changes without the register-wide edits (reported once, for the register)."""
    fields = [f for f in diff.fields if f.long or (_field_edit(f)) not in wide]
    datasets = [
        (n, [d for d in ds if (d.key, _text(d.old), _text(d.new)) not in wide]) for n, ds in diff.datasets_changed
    ]
    removed, added = list(diff.datasets_removed), list(diff.datasets_added)
    for old in diff.datasets_removed:
        new = next((n for n in added if ("dataset", old, n) in wide), None)
        if new is not None:
            removed.remove(old)
            added.remove(new)
    return VersionChanges(fields, added, removed, [(n, ds) for n, ds in datasets if ds])


def register_wide(changed: list[ChangedVersion]) -> tuple[list[RegisterWideEdit], list[ChangedVersion]]:
    """Group the relabels of every changed version by (field, old, new); a group in at least
    ``REGISTER_WIDE`` agreements is reported once and left out of each version's changes."""
    groups: dict[EditKey, dict[str, AgreementRef]] = {}
    for c in changed:
        for key in _edit_keys(c.changes):
            groups.setdefault(key, {}).setdefault(c.agreement.base, c.agreement)
    wide = {key: refs for key, refs in groups.items() if len(refs) >= REGISTER_WIDE}
    if not wide:
        return [], changed
    edits = [RegisterWideEdit(k[0], k[1], k[2], list(refs.values())) for k, refs in wide.items()]
    edits.sort(key=lambda e: (-len(e.agreements), e.field, e.old, e.new))
    rest = [ChangedVersion(c.agreement, c.version, _strip(c.changes, set(wide))) for c in changed]
    return edits, [c for c in rest if c.changes]


def renamed_datasets(edits: list[RegisterWideEdit]) -> dict[str, str]:
    return {name_key(e.old): name_key(e.new) for e in edits if e.field == "dataset"}


def compare(before: Snapshot, after: Snapshot) -> EditionChanges:
    changes = EditionChanges(after.month, before.month)
    changed: list[ChangedVersion] = []
    for base, agreement in after.agreements.items():
        old = before.agreements.get(base)
        if old is None:
            changes.added.append(ref(agreement))
            continue
        old_versions = {v.reference: v for v in old.versions}
        new = [v for v in agreement.versions if v.reference not in old_versions]
        if new:
            changes.new_versions.append(NewVersion(ref(agreement), [v.version for v in new], old.latest.version))
        tidied: list[str] = []
        for version in agreement.versions:
            previous = old_versions.get(version.reference)
            if previous is None:
                continue
            diff = compare_versions(previous, version)
            tidied += _tidied_fields(previous, version, diff)
            if diff := _without_case_only(diff):
                changed.append(ChangedVersion(ref(agreement), version.version, diff))
        if tidied:
            changes.tidied.append(Tidied(ref(agreement), list(dict.fromkeys(tidied))))
    changes.register_wide, changes.changed = register_wide(changed)
    renamed = renamed_datasets(changes.register_wide)
    for base, agreement in after.agreements.items():
        if (old := before.agreements.get(base)) is None:
            continue
        now, then = _release_keys(agreement), _release_keys(old, renamed)
        released, removed = now - then, then - now
        if released or removed:
            months = sorted({m for (_, _, m, _) in released if m})
            changes.files.append(FilesReleased(ref(agreement), sum(released.values()), months, sum(removed.values())))
    for base, agreement in before.agreements.items():
        if base not in after.agreements:
            changes.removed.append(ref(agreement))
            changes.departed[base] = agreement
    return changes


def missing_months(months: list[str]) -> dict[str, list[str]]:
    """For each edition (YYYY-MM, oldest first), the months with no edition since the one before."""
    gaps: dict[str, list[str]] = {}
    for earlier, later in itertools.pairwise(months):
        year, month = map(int, earlier.split("-"))
        between: list[str] = []
        while True:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            label = f"{year:04d}-{month:02d}"
            if label >= later:
                break
            between.append(label)
        if between:
            gaps[later] = between
    return gaps
