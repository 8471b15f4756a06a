"""The overview (the register in charts) and the browse pages (agreements by facet)."""

from __future__ import annotations

from collections import Counter
from functools import partial

from regsite.model.datauses import AgreementRecord
from regsite.model.site import FACET_FIELDS, Site
from regsite.render import charts, urls
from regsite.render.environment import PageSpec
from regsite.render.pages.directory import active_by_month, version_spans
from regsite.render.pages.labels import AGREEMENTS_PER_PAGE, FACET_EXPLANATIONS, crumbs


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

    def ordered(counter: Counter[str]) -> list[tuple[str, int]]:
        return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))

    def facet_link(field: str, value: str) -> str:
        facet = next((f for f in site.facets.get(field, []) if f.value == value), None)
        return urls.facet(field, facet.slug) if facet else urls.browse()

    total = len(records)

    def counts(
        section: str, chart_id: str, title: str, items: list[tuple[str, int]], links: list[str], summary: str
    ) -> tuple:
        chart = charts.counts_bars(chart_id, title, items, unit="agreement", summary=summary if items else None)
        return section, chart, [(label, n, link) for (label, n), link in zip(items, links, strict=True)]

    by_type = ordered(Counter(r.latest.fields.get("organisation_type") or "Not stated" for r in records))
    commercial = ordered(Counter(r.latest.fields.get("commercial") or "Not stated" for r in records))
    bases = ordered(Counter(b for r in records for b in r.legal_bases))[:top]
    datasets = sorted(site.datasets.values(), key=lambda d: (-current(d.records), d.name))[:top]
    orgs = sorted(site.organisations.values(), key=lambda o: (-current(o.applicant_of), o.name))[:top]
    spans = [s for r in records for s in version_spans(r.agreement.versions, r.base)]
    ds = [(d.name, current(d.records)) for d in datasets]
    os_ = [(o.name, current(o.applicant_of)) for o in orgs]
    active = active_by_month(spans, site.edition)
    sections = [
        counts(
            "types",
            "chart-types",
            "Agreements by type of applicant",
            by_type,
            [facet_link("organisation-type", label) for label, _ in by_type],
            f"{_first(by_type)} applicants hold the most agreements: {_n(by_type)} of {total}.",
        ),
        counts(
            "commercial",
            "chart-commercial",
            "Agreements for commercial purposes",
            commercial,
            [facet_link("commercial", label) for label, _ in commercial],
            f"{dict(commercial).get('Yes', 0)} of the {total} agreements are for commercial purposes.",
        ),
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
            "legal-bases",
            "chart-bases",
            "Legal bases cited",
            bases,
            [facet_link("legal-basis", label) for label, _ in bases],
            f"{_first(bases)} is cited by {_n(bases)} of the {total} agreements; an agreement can cite several.",
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
            description="Agreements grouped by type, status, purpose and legal basis.",
            search=False,
            context={"facets": site.facets, "facet_fields": FACET_FIELDS},
        )
    ]
    for field, facets in site.facets.items():
        for facet in facets:
            # A hundred agreements a page, as the agreements list: a facet of most of the
            # register on one page ran to 900 KB.
            count = max(1, -(-len(facet.records) // AGREEMENTS_PER_PAGE))
            for number in range(1, count + 1):
                chunk = facet.records[(number - 1) * AGREEMENTS_PER_PAGE : number * AGREEMENTS_PER_PAGE]
                page_of = f", page {number} of {count}" if count > 1 else ""
                specs.append(
                    PageSpec(
                        path=urls.facet(field, facet.slug, number),
                        template="facet.html",
                        title=f"{FACET_FIELDS[field]}: {facet.value}{page_of}",
                        section="browse",
                        breadcrumbs=crumbs(("Browse", urls.browse())),
                        search=False,
                        context={
                            "facet": facet,
                            "records": chunk,
                            "number": number,
                            "pages": count,
                            "path_for": partial(urls.facet, field, facet.slug),
                            "field_label": FACET_FIELDS[field],
                            "explain": FACET_EXPLANATIONS.get(field, {}).get(facet.value, ""),
                        },
                    )
                )
    return specs
