"""The archive: every edition of the Data Uses Register, with what changed."""

from __future__ import annotations

from regsite.model.edition_diff import REGISTER_WIDE, missing_months
from regsite.model.site import Site
from regsite.render import urls
from regsite.render.downloads import edition_workbook
from regsite.render.environment import PageSpec
from regsite.render.pages.labels import crumbs
from regsite.sources.cells import month_label


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


def archive_pages(site: Site) -> list[PageSpec]:
    uses = site.uses
    gaps = edition_gaps([s.month for s in uses.editions], uses.definition.monthly)
    gap_links = [(s.month, month_label(s.month), urls.archive(s.month)) for s in reversed(uses.editions)]
    specs = [
        PageSpec(
            path=urls.archive(),
            template="archive.html",
            title="Archive of editions",
            section="archive",
            breadcrumbs=crumbs(),
            description="Every edition of the register, with what changed in each.",
            context={"editions": list(reversed(uses.editions)), "gaps": gaps, "gap_links": gap_links},
        )
    ]
    for index, summary in enumerate(uses.editions):
        specs.append(
            PageSpec(
                path=urls.archive(summary.month),
                template="edition.html",
                title=f"{month_label(summary.month)} edition",
                section="archive",
                breadcrumbs=crumbs(("Archive", urls.archive())),
                description=f"The {month_label(summary.month)} edition of the register and what changed in it.",
                context={
                    "summary": summary,
                    "change": uses.changes.get(summary.month),
                    "previous": uses.editions[index - 1] if index else None,
                    "download": edition_workbook(uses, summary),
                    "missing": gaps.get(summary.month),
                    "wide_threshold": REGISTER_WIDE,
                },
            )
        )
    return specs
