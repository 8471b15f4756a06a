"""The other registers: each one's table, archive and editions."""

from __future__ import annotations

from regsite.model.site import Site
from regsite.render import urls
from regsite.render.downloads import edition_workbook
from regsite.render.environment import PageSpec
from regsite.render.pages.labels import crumbs
from regsite.sources.cells import display, month_label

ROWS_PER_PAGE = 100


def register_pages(site: Site) -> list[PageSpec]:
    """/registers/, and for each register besides the Data Uses Register: its table (paged),
    its archive and each edition's page."""
    specs = [
        PageSpec(
            path=urls.registers(),
            template="registers.html",
            title="Registers",
            section="registers",
            breadcrumbs=crumbs(),
            description="Every register of data NHS England shares, and where to read it.",
            context={"counts": site.uses.current.counts},
        )
    ]
    for table in site.registers:
        rows = table.rows
        total = max(1, -(-len(rows) // ROWS_PER_PAGE))
        title = table.definition.title
        for number in range(1, total + 1):
            chunk = rows[(number - 1) * ROWS_PER_PAGE : number * ROWS_PER_PAGE]
            values: dict[str, set[str]] = {}
            for c in table.columns:
                if c.filter:  # two columns may feed one filter (two organisation columns)
                    values.setdefault(c.filter_name, set()).update(display(r.values.get(c.key)) for r in chunk)
            filters = {name: sorted(v - {""}) for name, v in values.items()}
            specs.append(
                PageSpec(
                    path=urls.register(table.id, number),
                    template="register.html",
                    title=title if number == 1 else f"{title}, page {number} of {total}",
                    section="registers",
                    breadcrumbs=crumbs(("Registers", urls.registers()))
                    if number == 1
                    else crumbs(("Registers", urls.registers()), (title, urls.register(table.id))),
                    description=table.definition.summary,
                    context={
                        "table": table,
                        "rows": chunk,
                        "number": number,
                        "pages": total,
                        "first_index": (number - 1) * ROWS_PER_PAGE + 1,
                        "filters": filters,
                    },
                )
            )
        specs.append(
            PageSpec(
                path=urls.register_archive(table.id),
                template="register_archive.html",
                title=f"{title}: archive",
                section="registers",
                breadcrumbs=crumbs(("Registers", urls.registers()), (title, urls.register(table.id))),
                description=f"Every edition of the {title}.",
                search=False,
                context={"table": table},
            )
        )
        for index, edition in enumerate(table.editions):
            specs.append(
                PageSpec(
                    path=urls.register_archive(table.id, edition.month),
                    template="register_edition.html",
                    title=f"{title}: {month_label(edition.month)} edition",
                    section="registers",
                    breadcrumbs=crumbs(
                        ("Registers", urls.registers()),
                        (title, urls.register(table.id)),
                        ("Archive", urls.register_archive(table.id)),
                    ),
                    description=f"The {month_label(edition.month)} edition of the {title}.",
                    search=False,
                    context={
                        "table": table,
                        "edition": edition,
                        "change": table.changes.get(edition.month),
                        "previous": table.editions[index - 1] if index else None,
                        "download": edition_workbook(table, edition),
                    },
                )
            )
    return specs
