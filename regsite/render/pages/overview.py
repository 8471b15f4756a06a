"""The overview (the register in charts) and the browse pages (agreements by facet)."""

from __future__ import annotations

from functools import partial

from regsite.model.datauses import AgreementRecord
from regsite.model.site import STATUS, FacetField, Site
from regsite.render import charts, urls
from regsite.render.environment import PageSpec
from regsite.render.pages.directory import active_by_month, version_spans
from regsite.render.pages.labels import AGREEMENTS_PER_PAGE, crumbs

TOP = 15  # bars in a ranking chart

# A section of the overview: its id, its chart, and the chart's rows as (label, count, link).
Section = tuple[str, charts.Chart, list[tuple[str, int, str]] | None]


def overview_page(site: Site) -> PageSpec:
    """/overview/: who gets data, for what, and how much of it is commercial."""
    records = site.uses.current_records()
    total = len(records)
    # One chart per browse facet of the definition (filter = true), then the register's own.
    fields = [f for f in site.facet_fields if not f.directory and f is not STATUS]
    sections = [_facet(site, field, total) for field in fields]
    sections += [
        _active(site, records),
        _datasets(site, total),
        _organisations(site, total),
    ]
    return PageSpec(
        path=urls.overview(),
        template="overview.html",
        title="Who gets NHS data: an overview",
        section="browse",
        breadcrumbs=crumbs(),
        description="Agreements by type of organisation, purpose, dataset and legal basis.",
        context={"sections": sections, "records": records},
    )


def _first(items: list[tuple[str, int]]) -> str:
    return items[0][0] if items else "None"


def _n(items: list[tuple[str, int]]) -> int:
    return items[0][1] if items else 0


def _current(items: list[AgreementRecord]) -> int:
    return sum(1 for r in items if r.in_current)


def _counts(
    section: str, chart_id: str, title: str, items: list[tuple[str, int]], links: list[str], summary: str
) -> Section:
    chart = charts.counts_bars(chart_id, title, items, unit="agreement", summary=summary if items else None)
    return section, chart, [(label, n, link) for (label, n), link in zip(items, links, strict=True)]


def _facet(site: Site, field: FacetField, total: int) -> Section:
    """A browse facet's chart: its values, most agreements first."""
    facets = sorted(site.facets.get(field.slug, []), key=lambda f: (-len(f.records), f.value))[:TOP]
    items = [(f.value, len(f.records)) for f in facets]
    several = " An agreement can have several." if field.sheet != "agreements" else ""
    return _counts(
        field.slug,
        f"chart-{field.slug}",
        field.label,
        items,
        [urls.facet(field.slug, f.slug) for f in facets],
        f"Most common: {_first(items)}, on {_n(items)} of the {total} agreements.{several}",
    )


def _active(site: Site, records: list[AgreementRecord]) -> Section:
    spans = [s for r in records for s in version_spans(r.agreement.versions, r.base)]
    active = active_by_month(spans, site.edition)
    return (
        "active",
        charts.line_over_time("chart-active", "Active agreements each month", active, unit="agreement"),
        None,
    )


def _datasets(site: Site, total: int) -> Section:
    datasets = sorted(site.datasets.values(), key=lambda d: (-_current(d.records), d.name))[:TOP]
    ds = [(d.name, _current(d.records)) for d in datasets]
    return _counts(
        "datasets",
        "chart-datasets",
        "The most used datasets",
        ds,
        [urls.dataset(d.slug) for d in datasets],
        f"{_first(ds)} is listed on {_n(ds)} of the {total} agreements, more than any other dataset.",
    )


def _organisations(site: Site, total: int) -> Section:
    orgs = sorted(site.organisations.values(), key=lambda o: (-_current(o.applicant_of), o.name))[:TOP]
    os_ = [(o.name, _current(o.applicant_of)) for o in orgs]
    return _counts(
        "organisations",
        "chart-organisations",
        "Organisations with the most agreements",
        os_,
        [urls.organisation(o.slug) for o in orgs],
        f"{_first(os_)} applied for the most agreements: {_n(os_)} of {total}.",
    )


def browse_pages(site: Site) -> list[PageSpec]:
    specs = [
        PageSpec(
            path=urls.browse(),
            template="browse.html",
            title="Browse agreements",
            section="browse",
            breadcrumbs=crumbs(),
            description="Agreements grouped by a field they share.",
            search=False,
            context={"facets": site.facets, "facet_fields": site.facet_fields},
        )
    ]
    for facet_field in site.facet_fields:
        for facet in site.facets.get(facet_field.slug, []):
            # A hundred agreements a page, as the agreements list: a facet of most of the
            # register on one page ran to 900 KB.
            count = max(1, -(-len(facet.records) // AGREEMENTS_PER_PAGE))
            for number in range(1, count + 1):
                chunk = facet.records[(number - 1) * AGREEMENTS_PER_PAGE : number * AGREEMENTS_PER_PAGE]
                page_of = f", page {number} of {count}" if count > 1 else ""
                specs.append(
                    PageSpec(
                        path=urls.facet(facet_field.slug, facet.slug, number),
                        template="facet.html",
                        title=f"{facet_field.label}: {facet.value}{page_of}",
                        section="browse",
                        breadcrumbs=crumbs(("Browse", urls.browse())),
                        search=False,
                        context={
                            "facet": facet,
                            "facet_field": facet_field,
                            "records": chunk,
                            "number": number,
                            "pages": count,
                            "path_for": partial(urls.facet, facet_field.slug, facet.slug),
                            "field_label": facet_field.label,
                            "explain": facet_field.explanations.get(facet.value, ""),
                        },
                    )
                )
    return specs
