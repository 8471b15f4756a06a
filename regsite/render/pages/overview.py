"""The overview (the register in charts) and the browse pages (agreements by facet)."""

from __future__ import annotations

from collections import Counter

from regsite.model.datauses import AgreementRecord
from regsite.model.site import FACET_FIELDS, Site
from regsite.render import charts, urls
from regsite.render.environment import PageSpec
from regsite.render.pages.directory import active_by_month, version_spans
from regsite.render.pages.labels import FACET_EXPLANATIONS, crumbs

TOP = 15  # bars in a ranking chart

# A section of the overview: its id, its chart, and the chart's rows as (label, count, link).
Section = tuple[str, charts.Chart, list[tuple[str, int, str]] | None]


def overview_page(site: Site) -> PageSpec:
    """/overview/: who gets data, for what, and how much of it is commercial."""
    records = site.uses.current_records()
    sections = [
        _types(site, records),
        _commercial(site, records),
        _active(site, records),
        _datasets(site, len(records)),
        _legal_bases(site, records),
        _organisations(site, len(records)),
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


def _first(items: list[tuple[str, int]]) -> str:
    return items[0][0] if items else "None"


def _n(items: list[tuple[str, int]]) -> int:
    return items[0][1] if items else 0


def _current(items: list[AgreementRecord]) -> int:
    return sum(1 for r in items if r.in_current)


def _ordered(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def _facet_links(site: Site, field: str, items: list[tuple[str, int]]) -> list[str]:
    """Each label's browse page, or the browse index for a value with no page of its own."""
    links = []
    for value, _ in items:
        facet = next((f for f in site.facets.get(field, []) if f.value == value), None)
        links.append(urls.facet(field, facet.slug) if facet else urls.browse())
    return links


def _counts(
    section: str, chart_id: str, title: str, items: list[tuple[str, int]], links: list[str], summary: str
) -> Section:
    chart = charts.counts_bars(chart_id, title, items, unit="agreement", summary=summary if items else None)
    return section, chart, [(label, n, link) for (label, n), link in zip(items, links, strict=True)]


def _types(site: Site, records: list[AgreementRecord]) -> Section:
    by_type = _ordered(Counter(r.latest.fields.get("organisation_type") or "Not stated" for r in records))
    return _counts(
        "types",
        "chart-types",
        "Agreements by type of applicant",
        by_type,
        _facet_links(site, "organisation-type", by_type),
        f"{_first(by_type)} applicants hold the most agreements: {_n(by_type)} of {len(records)}.",
    )


def _commercial(site: Site, records: list[AgreementRecord]) -> Section:
    commercial = _ordered(Counter(r.latest.fields.get("commercial") or "Not stated" for r in records))
    return _counts(
        "commercial",
        "chart-commercial",
        "Agreements for commercial purposes",
        commercial,
        _facet_links(site, "commercial", commercial),
        f"{dict(commercial).get('Yes', 0)} of the {len(records)} agreements are for commercial purposes.",
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


def _legal_bases(site: Site, records: list[AgreementRecord]) -> Section:
    bases = _ordered(Counter(b for r in records for b in r.legal_bases))[:TOP]
    return _counts(
        "legal-bases",
        "chart-bases",
        "Legal bases cited",
        bases,
        _facet_links(site, "legal-basis", bases),
        f"{_first(bases)} is cited by {_n(bases)} of the {len(records)} agreements; an agreement can cite several.",
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
            description="Agreements grouped by type, status, purpose and legal basis.",
            search=False,
            context={"facets": site.facets, "facet_fields": FACET_FIELDS},
        )
    ]
    for field, facets in site.facets.items():
        for facet in facets:
            specs.append(
                PageSpec(
                    path=urls.facet(field, facet.slug),
                    template="facet.html",
                    title=f"{FACET_FIELDS[field]}: {facet.value}",
                    section="browse",
                    breadcrumbs=crumbs(("Browse", urls.browse())),
                    search=False,
                    context={
                        "facet": facet,
                        "field_label": FACET_FIELDS[field],
                        "explain": FACET_EXPLANATIONS.get(field, {}).get(facet.value, ""),
                    },
                )
            )
    return specs
