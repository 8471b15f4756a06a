"""The Data Uses Register across all its editions.

Each edition is modelled on its own (``agreements.Snapshot``) and reduced to a small
summary; consecutive editions are compared (``changes``). Only the current edition is
kept whole in memory, and at most two snapshots exist at once, so two years of 30 MB
workbooks fit in bounded memory. Summaries and change lists are cached by the content
hashes of the workbooks, so adding an edition reads only the new file (and the one
before it, to compare them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from regsite.diagnostics import Diagnostic
from regsite.model.agreements import Agreement, Snapshot, Version, build_snapshot, legal_bases, status
from regsite.model.edition_diff import EditionChanges, compare
from regsite.model.editions import PublishedEdition, sheet_accounting
from regsite.model.names import Names, split_names
from regsite.sources.cache import ModelCache, package_fingerprint
from regsite.sources.definitions import EditionNote, RegisterDefinition
from regsite.sources.discover import Edition
from regsite.sources.sheets import ParsedEdition
from regsite.text import name_key


@dataclass(kw_only=True)
class EditionSummary(PublishedEdition):
    """What the site needs of an edition that is not the current one: small and cacheable."""

    counts: dict[str, int]
    versions: dict[str, list[str]]  # base reference → versioned references, oldest first
    names: list[str]  # organisation names in order of appearance
    controller_cells: list[str]  # Data Controller(s) cells that hold a comma, split once every name is known
    dataset_names: list[str]
    dataset_agreements: dict[str, int]  # dataset key → agreements whose latest version lists it


def summarise(edition: Edition, parsed: ParsedEdition, snapshot: Snapshot) -> EditionSummary:
    names: list[str] = []
    cells: list[str] = []
    datasets: list[str] = []
    dataset_agreements: dict[str, int] = {}
    for agreement in snapshot.agreements.values():
        for version in agreement.versions:
            if applicant := version.fields.get("applicant"):
                names.append(applicant)
            cell = (version.fields.get("controllers") or "").strip()
            if cell:
                (cells if "," in cell else names).append(cell)
            datasets += [r["dataset"] for r in (*version.datasets, *version.releases) if r.get("dataset")]
        for key in {name_key(d["dataset"]) for d in agreement.latest.datasets if d.get("dataset")}:
            dataset_agreements[key] = dataset_agreements.get(key, 0) + 1
    return EditionSummary(
        edition=edition,
        counts=snapshot.counts(),
        sheets=sheet_accounting(parsed),
        versions={base: [v.reference for v in a.versions] for base, a in snapshot.agreements.items()},
        names=list(dict.fromkeys(names)),
        controller_cells=list(dict.fromkeys(cells)),
        dataset_names=list(dict.fromkeys(datasets)),
        dataset_agreements=dataset_agreements,
        diagnostics=list(parsed.diagnostics),
    )


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
    def latest(self) -> Version:
        return self.agreement.latest


@dataclass
class DataUses:
    definition: RegisterDefinition
    editions: list[EditionSummary]  # oldest first
    current: EditionSummary
    snapshot: Snapshot  # the current edition, whole
    parsed: ParsedEdition  # the current edition's sheets, for the CSV downloads
    changes: dict[str, EditionChanges]  # month → what changed since the edition before
    departed: dict[str, Agreement]  # agreements not in the current edition, as last published
    records: dict[str, AgreementRecord] = field(default_factory=dict)

    @property
    def date(self) -> dt.date:
        return self.current.date

    def see_names(self, organisations: Names, datasets: Names) -> None:
        """Register every name in edition order, so the latest spelling wins and slugs are stable."""
        for summary in self.editions:
            for name in summary.names:
                organisations.see(name, summary.month)
            for name in summary.dataset_names:
                datasets.see(name, summary.month)
        # Comma-joined controller cells are split once every single name is known.
        for summary in self.editions:
            for cell in summary.controller_cells:
                for name in split_names(cell, organisations):
                    organisations.see(name, summary.month)

    def all_agreements(self) -> list[Agreement]:
        return [*self.snapshot.agreements.values(), *self.departed.values()]

    def split_controllers(self, organisations: Names) -> None:
        for agreement in self.all_agreements():
            for version in agreement.versions:
                version.controllers = split_names(version.fields.get("controllers"), organisations)

    def build_records(self) -> None:
        seen_in: dict[str, list[str]] = {}
        first_seen: dict[str, dict[str, str]] = {}
        for summary in self.editions:
            for base, references in summary.versions.items():
                seen_in.setdefault(base, []).append(summary.month)
                for reference in references:
                    first_seen.setdefault(base, {}).setdefault(reference, summary.month)
        months = [s.month for s in self.editions]
        records: dict[str, AgreementRecord] = {}
        for agreement in sorted(self.all_agreements(), key=lambda a: a.base):
            base = agreement.base
            in_current = base in self.snapshot.agreements
            left_in = None if in_current else months[months.index(seen_in[base][-1]) + 1]
            version = agreement.latest
            records[base] = AgreementRecord(
                agreement=agreement,
                editions=seen_in[base],
                version_first_seen=first_seen[base],
                in_current=in_current,
                left_in=left_in,
                status=status(version, self.date) if in_current else "Not in the current register",
                applicant_key=name_key(version.fields.get("applicant") or ""),
                controller_keys=list(dict.fromkeys(name_key(c) for c in version.controllers)),
                dataset_keys=list(dict.fromkeys(name_key(d["dataset"]) for d in version.datasets if d.get("dataset"))),
                legal_bases=list(dict.fromkeys(b for d in version.datasets for b in legal_bases(d.get("legal_basis")))),
            )
        self.records = records

    def current_records(self) -> list[AgreementRecord]:
        return [r for r in self.records.values() if r.in_current]

    def departed_records(self) -> list[AgreementRecord]:
        return [r for r in self.records.values() if not r.in_current]


class _Loader:
    """Models a register's editions in order, holding at most two whole snapshots at once."""

    def __init__(
        self,
        definition: RegisterDefinition,
        editions: list[Edition],
        parse: Callable[[Edition], ParsedEdition],
        cache_dir: Path | None,
        stats: dict[str, int],
    ) -> None:
        self.definition, self.editions, self.parse, self.stats = definition, editions, parse, stats
        self.cache = ModelCache(cache_dir, package_fingerprint() + definition.fingerprint[:8])
        self.problems: list[Diagnostic] = []
        self.held: dict[str, tuple[ParsedEdition | None, Snapshot]] = {}  # month → edition modelled
        self.latest_month = editions[-1].month if editions else ""

    def whole(self, edition: Edition, sheets: bool = True) -> tuple[ParsedEdition | None, Snapshot] | None:
        """An edition parsed and modelled. Only the current edition keeps its parsed sheets (for
        the CSV downloads) once modelled: an older one is kept only as a snapshot to compare with,
        which is all ``sheets=False`` asks for."""
        held = self.held
        if edition.month in held and (held[edition.month][0] is not None or not sheets):
            return held[edition.month]
        parsed = self.parse(edition)
        if not parsed.ok:
            self.problems.extend(parsed.diagnostics)
            return None
        snapshot, found = build_snapshot(parsed)
        parsed.diagnostics = [*parsed.diagnostics, *found]
        held[edition.month] = (parsed if edition.month == self.latest_month else None, snapshot)
        self.stats["modelled"] = self.stats.get("modelled", 0) + 1
        return parsed, snapshot  # the caller may use the sheets now; they are not kept

    def summary(self, edition: Edition, last: bool) -> EditionSummary | None:
        """The edition's summary, from the cache unless it is the current edition."""
        summary: EditionSummary | None = self.cache.get("summary", edition.sha256)
        if summary is None or last:
            pair = self.whole(edition)
            if pair is None:
                return None
            parsed_sheets, snapshot_now = pair
            assert parsed_sheets is not None  # whole() with sheets=True
            summary = summarise(edition, parsed_sheets, snapshot_now)
            self.cache.put("summary", summary, edition.sha256)
            # Let go of the parsed sheets now: held over, they would still be in memory while
            # the next edition is parsed, doubling the peak of a cold archive build.
            del pair, parsed_sheets, snapshot_now
        summary.edition = edition  # the same file may sit at another name
        summary.note = self.definition.editions.get(edition.month, EditionNote())
        return summary

    def changes(self, before: Edition, edition: Edition) -> EditionChanges | None:
        """What changed between two consecutive editions, from the cache where it can."""
        diff: EditionChanges | None = self.cache.get("changes", before.sha256, edition.sha256)
        if diff is None:
            old, new = self.whole(before, sheets=False), self.whole(edition, sheets=False)
            if old is None or new is None:
                return None
            diff = compare(old[1], new[1])
            self.cache.put("changes", diff, before.sha256, edition.sha256)
        diff.month, diff.previous = edition.month, before.month
        return diff


def load(
    definition: RegisterDefinition,
    editions: list[Edition],
    parse: Callable[[Edition], ParsedEdition],
    cache_dir: Path | None,
    stats: dict[str, int] | None = None,
) -> DataUses | list[Diagnostic]:
    """Model every edition in order, keeping at most two snapshots in memory at once.

    Returns the diagnostics instead when an edition cannot be modelled (its workbook has
    errors), so the caller can report every problem of every edition together.
    """
    loader = _Loader(definition, editions, parse, cache_dir, stats if stats is not None else {})
    summaries: list[EditionSummary] = []
    changes: dict[str, EditionChanges] = {}
    departed: dict[str, Agreement] = {}
    for index, edition in enumerate(editions):
        summary = loader.summary(edition, last=index == len(editions) - 1)
        if summary is None:
            continue
        summaries.append(summary)
        if index and (diff := loader.changes(editions[index - 1], edition)) is not None:
            changes[edition.month] = diff
            departed.update(diff.departed)
            for base in [b for b in departed if b in summary.versions]:
                del departed[base]  # came back
        for month in [m for m in loader.held if m != edition.month]:
            del loader.held[month]  # keep only the newest whole edition
    if loader.problems or not summaries:
        return loader.problems
    current = loader.whole(editions[-1])
    assert current is not None  # modelled above, or problems were returned
    parsed, snapshot = current
    assert parsed is not None
    summaries[-1].diagnostics = list(parsed.diagnostics)
    return DataUses(definition, summaries, summaries[-1], snapshot, parsed, changes, departed)
