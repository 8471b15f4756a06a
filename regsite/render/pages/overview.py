"""The overview (the register in charts) and the browse pages (agreements by facet)."""

from __future__ import annotations

from functools import partial

from regsite.model.datauses import AgreementRecord
from regsite.model.site import STATUS, Site
from regsite.render import charts, urls
from regsite.render.environment import PageSpec
from regsite.render.pages.directory import active_by_month, version_spans
from regsite.render.pages.labels import AGREEMENTS_PER_PAGE, crumbs


def _first(items: list[tuple[str, int]]) -> str:
    return items[0][0] if items else "None"


def _n(items: list[tuple[str, int]]) -> int:
    return items[0][1] if items else 0


def overview_page(site: Site) -> PageSpec:
    """/overview/: who gets data, for what, and how much of it is commercial."""
    records = site.uses.current_records()
    top = 15

    def current(items: list[AgreementRecord]) -> int:
        return sum(1 for r in items if r.in_current)

    total = len(records)

    def counts(
        section: str, chart_id: str, title: str, items: list[tuple[str, int]], links: list[str], summary: str
    ) -> tuple:
        chart = charts.counts_bars(chart_id, title, items, unit="agreement", summary=summary if items else None)
        return section, chart, [(label, n, link) for (label, n), link in zip(items, links, strict=True)]

    datasets = sorted(site.datasets.values(), key=lambda d: (-current(d.records), d.name))[:top]
    orgs = sorted(site.organisations.values(), key=lambda o: (-current(o.applicant_of), o.name))[:top]
    spans = [s for r in records for s in version_spans(r.agreement.versions, r.base)]
    ds = [(d.name, current(d.records)) for d in datasets]
    os_ = [(o.name, current(o.applicant_of)) for o in orgs]
    active = active_by_month(spans, site.edition)
    # One chart per browse facet of the definition (filter = true), most agreements first.
    sections = []
    for field in site.facet_fields:
        if field.directory or field is STATUS:
            continue
        facets = sorted(site.facets.get(field.slug, []), key=lambda f: (-len(f.records), f.value))[:top]
        items = [(f.value, len(f.records)) for f in facets]
        several = " An agreement can have several." if field.sheet != "agreements" else ""
        sections.append(
            counts(
                field.slug,
                f"chart-{field.slug}",
                field.label,
                items,
                [urls.facet(field.slug, f.slug) for f in facets],
                f"Most common: {_first(items)}, on {_n(items)} of the {total} agreements.{several}",
            )
        )
    sections += [
        (
            "active",
            charts.line_over_time("chart-active", "Active agreements each month", active, unit="agreement"),
            None,
        ),
        counts(
            "datasets",
            "chart-datasets",
            "The most used datasets",
            ds,
            [urls.dataset(d.slug) for d in datasets],
            f"{_first(ds)} is listed on {_n(ds)} of the {total} agreements, more than any other dataset.",
        ),
        counts(
            "organisations",
            "chart-organisations",
            "Organisations with the most agreements",
            os_,
            [urls.organisation(o.slug) for o in orgs],
            f"{_first(os_)} applied for the most agreements: {_n(os_)} of {total}.",
        ),
    ]
    return PageSpec(
        path="overview/",
        template="overview.html",
        title="Who gets NHS data: an overview",
        section="browse",
        breadcrumbs=crumbs(),
        description="Agreements by type of organisation, purpose, dataset and legal basis.",
        context={"sections": sections, "records": records},
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
