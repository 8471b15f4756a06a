"""Organisation and dataset pages, with the charts drawn for each."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from regsite.model.agreements import Version
from regsite.model.site import Site
from regsite.model.tables import TableRegister
from regsite.render import charts, urls
from regsite.render.environment import PageSpec
from regsite.render.pages.labels import crumbs
from regsite.render.pages.registers import rows_per_page
from regsite.sources.sheets import Row
from regsite.text import name_key


@dataclass(frozen=True)
class RegisterRows:
    """One other register's rows that name a dataset or an organisation: shown on its page when
    they fit one page of the register's own table (``rows_per_page``), else on pages of their own."""

    register: TableRegister
    rows: list[Row]
    per_page: int
    address: Callable[[int], str]  # page number → the path of that page of these rows

    @property
    def pages(self) -> int:
        return -(-len(self.rows) // self.per_page)


def page_sizes(registers: list[TableRegister]) -> list[tuple[TableRegister, int]]:
    """Each register with its rows a page (``rows_per_page`` of its own table), worked out once."""
    return [(r, rows_per_page(r.main.rows)) for r in registers]


def rows_in_registers(
    sizes: list[tuple[TableRegister, int]], entries: dict[str, list[Row]], address: Callable[[str, int], str]
) -> list[RegisterRows]:
    """What each register that names it has for a dataset or organisation, in the site's order of
    registers (``sizes``); ``address`` is ``urls.dataset_mentions`` or
    ``urls.organisation_mentions`` given the slug."""
    return [RegisterRows(r, entries[r.id], size, partial(address, r.id)) for r, size in sizes if r.id in entries]


def mention_pages(found: RegisterRows, name: str, trail: list[tuple[str, str]], section: str) -> list[PageSpec]:
    """The pages of one register's rows naming ``name`` (a dataset's or an organisation's, whose
    page ends ``trail``), when its own page cannot hold them: none when it can."""
    total = found.pages
    if total == 1:
        return []
    register = found.register.definition.title
    title = f"{name} in the {register}"
    specs = []
    for number in range(1, total + 1):
        first = (number - 1) * found.per_page
        specs.append(
            PageSpec(
                path=found.address(number),
                template="mentions.html",
                title=title if number == 1 else f"{title}, page {number} of {total}",
                section=section,
                breadcrumbs=crumbs(*trail),
                description=f"The rows of the {register} that name {name}.",
                search=False,  # the register's own pages are what search finds of these rows
                context={
                    "found": found,
                    "name": name,
                    "back": trail[-1][1],
                    "rows": found.rows[first : first + found.per_page],
                    "number": number,
                    "first_index": first + 1,
                },
            )
        )
    return specs


def organisation_pages(site: Site) -> list[PageSpec]:
    groups: dict[str, list] = {}
    for org in site.organisations.values():
        first = org.name.lstrip("'\"‘“(").upper()[:1]
        letter = first if first.isalpha() and first.isascii() else "#"
        groups.setdefault(letter, []).append(org)
    specs = [
        PageSpec(
            path=urls.organisations(),
            template="organisations.html",
            title="Organisations",
            section="organisations",
            breadcrumbs=crumbs(),
            description="Every organisation in the register, A to Z.",
            search=False,
            context={
                "organisations": list(site.organisations.values()),
                "groups": sorted(groups.items(), key=lambda kv: (kv[0] == "#", kv[0])),
            },
        )
    ]
    sizes = page_sizes(site.registers)
    for org in site.organisations.values():
        found = rows_in_registers(sizes, org.entries, partial(urls.organisation_mentions, org.slug))
        trail = [("Organisations", urls.organisations())]
        specs.append(
            PageSpec(
                path=urls.organisation(org.slug),
                template="organisation.html",
                title=org.name,
                section="organisations",
                breadcrumbs=crumbs(*trail),
                description=f"Data Sharing Agreements of {org.name}.",
                context={"org": org, "in_registers": found},
                context_fn=partial(organisation_chart, site, org),
            )
        )
        trail.append((org.name, urls.organisation(org.slug)))
        specs += [p for f in found for p in mention_pages(f, org.name, trail, "organisations")]
    return specs


def dataset_pages(site: Site) -> list[PageSpec]:
    specs = [
        PageSpec(
            path=urls.datasets(),
            template="datasets.html",
            title="Datasets",
            section="datasets",
            breadcrumbs=crumbs(),
            description="Every dataset named in the register.",
            search=False,
            context={"datasets": list(site.datasets.values())},
        )
    ]
    sizes = page_sizes(site.registers)
    for ds in site.datasets.values():
        years: Counter[str] = Counter()
        for month, count in ds.releases_by_month.items():
            years[month[:4]] += count
        found = rows_in_registers(sizes, ds.entries, partial(urls.dataset_mentions, ds.slug))
        trail = [("Datasets", urls.datasets())]
        specs.append(
            PageSpec(
                path=urls.dataset(ds.slug),
                template="dataset.html",
                title=ds.name,
                section="datasets",
                breadcrumbs=crumbs(*trail),
                description=f"Agreements that use {ds.name}, and files released.",
                context={
                    "ds": ds,
                    "months": list(ds.releases_by_month.items()),
                    "years": sorted(years.items()),
                    "in_registers": found,
                },
                context_fn=partial(dataset_charts, site, ds),
            )
        )
        trail.append((ds.name, urls.dataset(ds.slug)))
        specs += [p for f in found for p in mention_pages(f, ds.name, trail, "datasets")]
    return specs


def _month_number(day: dt.date) -> int:
    return day.year * 12 + day.month - 1  # months since year 0, so that a span is a range of numbers


def active_by_month(spans: list[tuple[str, dt.date, dt.date]], last: str) -> list[tuple[str, int]]:
    """For each month from the first start to ``last``: how many distinct keys had a span covering it.

    Each key's spans are merged into separate ranges of months, then counted with a running sum
    of starts and ends: linear in spans and months (a dataset's chart has thousands of spans).
    """
    if not spans:
        return []
    first = min(_month_number(s) for _, s, _ in spans)
    year, month = map(int, last.split("-"))
    stop = year * 12 + month - 1
    ranges: dict[str, list[tuple[int, int]]] = {}
    for key, start, end in spans:
        low, high = max(_month_number(start), first), min(_month_number(end), stop)
        if low <= high:
            ranges.setdefault(key, []).append((low, high))
    change = [0] * (max(stop - first, -1) + 2)
    for key_ranges in ranges.values():
        key_ranges.sort()
        low, high = key_ranges[0]
        for next_low, next_high in key_ranges[1:]:
            if next_low > high + 1:  # a gap: the key's earlier range ends
                change[low - first] += 1
                change[high - first + 1] -= 1
                low = next_low
            high = max(high, next_high)
        change[low - first] += 1
        change[high - first + 1] -= 1
    counts, running = [], 0
    for offset in range(stop - first + 1):
        running += change[offset]
        number = first + offset
        counts.append((f"{number // 12:04d}-{number % 12 + 1:02d}", running))
    return counts


def version_spans(versions: list[Version], key: str) -> list[tuple[str, dt.date, dt.date]]:
    return [
        (key, v.fields["start_date"], v.fields["end_date"])
        for v in versions
        if isinstance(v.fields.get("start_date"), dt.date) and isinstance(v.fields.get("end_date"), dt.date)
    ]


def _date_or_none(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def dataset_charts(site: Site, ds: Any) -> dict[str, Any]:
    """A dataset's files released each month, and the agreements using it over time."""
    released = charts.monthly_bars(
        "dataset-releases",
        f"Files of {ds.name} released each month",
        {ds.name: ds.releases_by_month} if ds.releases_by_month else {},
    )
    key = name_key(ds.name)
    spans = []
    for record in ds.records:
        using = [
            v for v in record.agreement.versions if any(name_key(d.get("dataset") or "") == key for d in v.datasets)
        ]
        spans += version_spans(using, record.base)
    agreements = charts.line_over_time(
        "dataset-agreements",
        f"Agreements using {ds.name} each month",
        active_by_month(spans, site.edition),
        unit="agreement",
    )
    return {"released_chart": released, "using_chart": agreements}


def organisation_chart(site: Site, org: Any) -> dict[str, Any]:
    """An organisation's agreements on a timeline, start to end, by version."""
    rows = [
        (r.base, f"v{v.version}", _date_or_none(v.fields.get("start_date")), _date_or_none(v.fields.get("end_date")))
        for r in org.records
        for v in r.agreement.versions
    ]
    title = f"Agreements of {org.name} over time"
    return {"timeline": charts.timeline("agreements-timeline", title, rows, today=site.uses.date)}
