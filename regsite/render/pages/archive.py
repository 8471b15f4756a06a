"""The archive: every edition of the Data Uses Register, with what changed."""

from __future__ import annotations

from regsite.model.site import Site
from regsite.render import urls
from regsite.render.downloads import edition_workbook
from regsite.render.environment import PageSpec
from regsite.render.pages.labels import crumbs
from regsite.sources.cells import month_label


def archive_pages(site: Site) -> list[PageSpec]:
    uses = site.uses
    specs = [
        PageSpec(
            path=urls.archive(),
            template="archive.html",
            title="Archive of editions",
            section="archive",
            breadcrumbs=crumbs(),
            description="Every edition of the register, with what changed in each.",
            context={"editions": list(reversed(uses.editions))},
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
                },
            )
        )
    return specs
