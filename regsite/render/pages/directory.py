"""Organisation and dataset pages, with the charts drawn for each."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import partial
from typing import Any

from regsite.model.agreements import Version
from regsite.model.site import Site
from regsite.render import charts, urls
from regsite.render.environment import PageSpec
from regsite.render.pages.labels import crumbs
from regsite.text import name_key


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
    for org in site.organisations.values():
        specs.append(
            PageSpec(
                path=urls.organisation(org.slug),
                template="organisation.html",
                title=org.name,
                section="organisations",
                breadcrumbs=crumbs(("Organisations", urls.organisations())),
                description=f"Data Sharing Agreements of {org.name}.",
                context={"org": org},
                context_fn=partial(organisation_chart, site, org),
            )
        )
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
    for ds in site.datasets.values():
        years: Counter[str] = Counter()
        for month, count in ds.releases_by_month.items():
            years[month[:4]] += count
        specs.append(
            PageSpec(
                path=urls.dataset(ds.slug),
                template="dataset.html",
                title=ds.name,
                section="datasets",
                breadcrumbs=crumbs(("Datasets", urls.datasets())),
                description=f"Agreements that use {ds.name}, and files released.",
                context={"ds": ds, "months": list(ds.releases_by_month.items()), "years": sorted(years.items())},
                context_fn=partial(dataset_charts, site, ds),
            )
        )
    return specs


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def active_by_month(spans: list[tuple[str, dt.date, dt.date]], last: str) -> list[tuple[str, int]]:
    """For each month from the first start to ``last``: how many distinct keys had a span covering it."""
    if not spans:
        return []
    first = min(_month(s) for _, s, _ in spans)
    months = []
    y, m = map(int, first.split("-"))
    while f"{y:04d}-{m:02d}" <= last:
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    active: dict[str, set[str]] = {month: set() for month in months}
    for key, start, end in spans:
        for month in months:
            if _month(start) <= month <= _month(end):
                active[month].add(key)
    return [(month, len(active[month])) for month in months]


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
