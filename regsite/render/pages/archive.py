"""Every register's archive: an index of its editions, and a page per edition with what changed.

One pipeline for every register. The Data Uses Register and the table registers differ only
where their data does: what an edition counts (agreements and files, or rows) and what a
change is (agreements added, versioned and edited, or rows added and removed). Those two
differences are ``edition_counts`` and ``change_summary`` here, and the part of the edition
page that lists the changes (``_edition_agreements.html`` or ``_edition_rows.html``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from regsite.model.datauses import DataUses, EditionSummary
from regsite.model.edition_diff import REGISTER_WIDE, EditionChanges, missing_months
from regsite.model.editions import PublishedEdition
from regsite.model.site import Site
from regsite.model.tables import TableChanges, TableEdition, TableRegister
from regsite.render import urls
from regsite.render.downloads import edition_workbook
from regsite.render.environment import PageSpec, plural
from regsite.render.pages.labels import crumbs, field_labels
from regsite.render.rows import changed_rows, number
from regsite.sources.cells import month_label

Register = DataUses | TableRegister


def months_phrase(months: list[str]) -> str:
    """``["2026-07"]`` → "July 2026"; two or more joined with commas and "or"."""
    labels = [month_label(m) for m in months]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def edition_gaps(months: list[str], monthly: bool) -> dict[str, str]:
    """For each edition (YYYY-MM, oldest first) after months with none, those months ("Jul 2026").

    Only for a register due every month (its definition's ``monthly``): for one published now and
    then, a gap between editions is no news."""
    if not monthly:
        return {}
    return {month: months_phrase(between) for month, between in missing_months(months).items()}


def edition_counts(edition: PublishedEdition) -> list[tuple[str, int]]:
    """What an edition holds, counted: a column each in the archive's table, a fact each on its page."""
    if isinstance(edition, TableEdition):
        return [("Rows", edition.rows)]
    if isinstance(edition, EditionSummary):
        counts = edition.counts
        return [
            ("Agreements", counts["agreements"]),
            ("Versions", counts["versions"]),
            ("Datasets", counts["datasets"]),
            ("Files released", counts["files_released"]),
        ]
    return []


def change_summary(change: EditionChanges | TableChanges | None) -> str:
    """An edition's changes from the one before, in a few words ("" when there were none)."""
    if isinstance(change, EditionChanges):
        return f"{plural(change.count, 'change')}, {plural(change.files_released, 'new file')}" if change else ""
    if change:
        return f"{plural(len(change.added), 'row')} added, {len(change.removed):,} removed"
    return ""


def agreement_rows(change: EditionChanges) -> dict[str, list[list[Any]]]:
    """The Data Uses Register's changes as table rows (site paths, for ``data_table(link=url)``):
    agreements added, removed and newly versioned, and files newly listed."""

    def agreement(base: str) -> dict[str, str]:
        return {"text": base, "href": urls.agreement(base.lower())}

    return {
        "added": [[agreement(a.base), a.title, a.applicant, a.version] for a in change.added],
        "removed": [[agreement(a.base), a.title, a.applicant, a.version] for a in change.removed],
        "new_versions": [
            [agreement(n.agreement.base), n.agreement.title, n.previous, ", ".join(n.versions)]
            for n in change.new_versions
        ],
        "files": [
            [
                agreement(f.agreement.base),
                f.agreement.title,
                number(f.files),
                ", ".join(month_label(m) for m in f.months),
                number(f.removed),
            ]
            for f in change.files
        ],
    }


def archive_pages(site: Site) -> list[PageSpec]:
    """The Data Uses Register's archive (its own section of the site), then each other register's."""
    specs = _archive(site.uses, urls.archive, trail=[], main=True, others=site.registers)
    for register in site.registers:
        trail = [("Registers", urls.registers()), (register.definition.title, urls.register(register.id))]
        specs += _archive(register, partial(urls.register_archive, register.id), trail=trail, main=False)
    return specs


def _archive(
    register: Register,
    address: Callable[..., str],
    trail: list[tuple[str, str]],
    main: bool,
    others: list[TableRegister] | None = None,
) -> list[PageSpec]:
    """A register's archive index and edition pages. ``main``: the site's own register, whose
    archive is a section of its own (and searched); the others' sit under "Registers"."""
    definition, editions = register.definition, register.editions
    title = definition.title
    gaps = edition_gaps([e.month for e in editions], definition.monthly)
    newest_first = list(reversed(editions))
    specs = [
        PageSpec(
            path=address(),
            template="archive.html",
            title="Archive of editions" if main else f"{title}: archive",
            section="archive" if main else "registers",
            breadcrumbs=crumbs(*trail),
            description=f"Every edition of the {title}, with what changed in each.",
            search=main,
            context={
                "register": register,
                "head": ["Edition", *({"text": n, "numeric": True} for n, _ in edition_counts(editions[-1]))],
                "rows": [_archive_row(register, e, address(e.month), gaps, e is editions[0]) for e in newest_first],
                "gaps": gaps,
                "gap_links": [(e.month, e.label, address(e.month)) for e in newest_first],
                "feed": urls.changes_feed() if main else None,
                "others": others or [],
            },
        )
    ]
    for index, edition in enumerate(editions):
        specs.append(
            PageSpec(
                path=address(edition.month),
                template="edition.html",
                title=f"{edition.label} edition" if main else f"{title}: {edition.label} edition",
                section="archive" if main else "registers",
                breadcrumbs=crumbs(*trail, ("Archive", address())),
                description=f"The {edition.label} edition of the {title} and what changed in it.",
                search=main,
                context=_edition_context(register, index, address, gaps),
            )
        )
    return specs


def _archive_row(
    register: Register, edition: PublishedEdition, path: str, gaps: dict[str, str], oldest: bool
) -> list[Any]:
    change = register.changes.get(edition.month)
    if change is None or oldest:
        changed = "First edition in the archive" if oldest else "None"
    else:
        changed = change_summary(change) or ("None" if isinstance(register, DataUses) else "No row added or removed")
        if edition.month in gaps:
            changed += f" (no edition for {gaps[edition.month]})"
    label = edition.label + (" (derived)" if edition.note.derived else "")
    counts = [number(n) for _, n in edition_counts(edition)]
    return [{"text": label, "href": path}, *counts, changed]


def _edition_context(
    register: Register, index: int, address: Callable[..., str], gaps: dict[str, str]
) -> dict[str, Any]:
    editions = register.editions
    edition = editions[index]
    context: dict[str, Any] = {
        "register": register,
        "edition": edition,
        "previous": editions[index - 1] if index else None,
        "change": register.changes.get(edition.month),
        "missing": gaps.get(edition.month),
        "download": edition_workbook(register, edition),
        "is_current": index == len(editions) - 1,
        "facts": [{"key": {"text": n}, "value": {"text": f"{c:,}"}} for n, c in edition_counts(edition)],
        "archive_path": address(),
        "tables": None,
    }
    if isinstance(register, DataUses):
        change, labels = context["change"], field_labels(register.definition)
        return context | {
            "changes_part": "_edition_agreements.html",
            "wide_threshold": REGISTER_WIDE,
            "agreement_rows": agreement_rows(change) if change else {},
            "changed_rows": [changed_rows(c.changes, labels) for c in change.changed] if change else [],
        }
    tables = register.definition.sheets
    table_rows = register.editions[index].table_rows
    if len(tables) > 1:
        rows = "; ".join(f"{t.title}: {plural(table_rows.get(t.id, 0), t.noun)}" for t in register.tables)
        context["facts"] = [{"key": {"text": "Rows"}, "value": {"text": rows}}]
        context["tables"] = [
            [
                {
                    "text": t.title or t.name,
                    "href": urls.register_table(register.id, t.id) if n else urls.register(register.id),
                }
                if context["is_current"]
                else (t.title or t.name),
                number(table_rows.get(t.id, 0)),
            ]
            for n, t in enumerate(tables)
        ]
    return context | {
        "changes_part": "_edition_rows.html",
        "table_changes": register.table_changes.get(edition.month, {}),
    }
