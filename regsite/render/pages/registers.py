"""The other registers: each one's tables (their archives are in archive.py)."""

from __future__ import annotations

from typing import Any

from regsite.model.site import Site
from regsite.model.tables import Table, TableRegister
from regsite.render import urls
from regsite.render.charts import Chart, line_over_time
from regsite.render.downloads import table_stem
from regsite.render.environment import PageSpec
from regsite.render.pages.labels import crumbs
from regsite.sources.cells import display
from regsite.sources.sheets import Row

ROWS_PER_PAGE = 100
# Characters of cell text on one page of a table: a table of long texts (the 2017 register's
# purpose statements, about 8,000 characters a row) gets fewer rows a page, so no page passes
# issue 14's 500 KB (100 of those rows made 1.9 MB pages).
TEXT_PER_PAGE = 100_000
INLINE_ROWS = 25  # a further table this short is shown whole on the register's page too


def register_pages(site: Site) -> list[PageSpec]:
    """/registers/, and for each register besides the Data Uses Register: its first table (paged)
    and its further tables (paged, each on its own pages). Their archives are ``archive.archive_pages``."""
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
    for register in site.registers:
        specs += _table_pages(register, register.main)
        for table in register.others:
            specs += _table_pages(register, table)
    return specs


def _filters(table: Table, rows: list[Any]) -> dict[str, list[str]]:
    values: dict[str, set[str]] = {}
    for c in table.columns:
        if c.filter:  # two columns may feed one filter (two organisation columns)
            values.setdefault(c.filter_name, set()).update(display(r.values.get(c.key)) for r in rows)
    return {name: sorted(v - {""}) for name, v in values.items()}


def counts_chart(register: TableRegister, table: Table) -> Chart | None:
    """A count table's grand total (its Total row's Total column, where it has one) in each edition."""
    points = []
    for month, values in register.counts_over_time(table.id):
        total = values.get("total")
        if isinstance(total, int) and total >= 0:
            points.append((month, total))
    if not points:
        return None
    unit = table.definition.unit or "count"
    title = f"{table.title}: the total in each edition"
    return line_over_time(f"chart-{register.id}-{table.id}", title, points, unit=unit)


def table_context(register: TableRegister, table: Table) -> dict[str, Any]:
    """What a table's section needs: its downloads, and for a count table its chart."""
    return {
        "stem": table_stem(register, table),
        "chart": counts_chart(register, table) if table.shape == "counts" else None,
        "inline": table.shape == "counts" or len(table.rows) <= INLINE_ROWS,
    }


def rows_per_page(rows: list[Row]) -> int:
    """``ROWS_PER_PAGE``, or fewer when the table's rows average more than ``TEXT_PER_PAGE``
    characters a page: one figure for the whole table, so every page holds the same count."""
    if not rows:
        return ROWS_PER_PAGE
    text = sum(len(str(v)) for row in rows for v in row.values.values() if v is not None)
    return max(1, min(ROWS_PER_PAGE, TEXT_PER_PAGE * len(rows) // max(text, 1)))


def _table_pages(register: TableRegister, table: Table) -> list[PageSpec]:
    main = table.id == register.main.id
    rows = table.rows
    per_page = rows_per_page(rows)
    total = max(1, -(-len(rows) // per_page))
    title = register.definition.title if main else f"{register.definition.title}: {table.title}"
    address = (
        (lambda n: urls.register(register.id, n)) if main else (lambda n: urls.register_table(register.id, table.id, n))
    )
    specs = []
    for number in range(1, total + 1):
        chunk = rows[(number - 1) * per_page : number * per_page]
        trail = [("Registers", urls.registers())]
        if not main or number > 1:
            trail.append((register.definition.title, urls.register(register.id)))
        specs.append(
            PageSpec(
                path=address(number),
                template="register.html" if main else "register_table.html",
                title=title if number == 1 else f"{title}, page {number} of {total}",
                section="registers",
                breadcrumbs=crumbs(*trail),
                description=register.definition.summary,
                context={
                    "table": register,
                    "part": table,
                    "part_context": table_context(register, table),
                    "others": [(t, table_context(register, t)) for t in register.others] if main else [],
                    "rows": chunk,
                    "number": number,
                    "pages": total,
                    "page_url": address,
                    "first_index": (number - 1) * per_page + 1,
                    "filters": _filters(table, chunk),
                },
            )
        )
    return specs
