"""Which pages the site has, and what each one is given to render.

Everything here runs in the main process before rendering, reads the site model, and
produces ``PageSpec``s in a stable order. Per-page work that is expensive (version
differences) is deferred to the render workers by passing callables.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import partial
from typing import Any

from regsite import charts, urls
from regsite.agreements import LONG_TEXT_KEYS, Version
from regsite.cells import display, is_month, month_label
from regsite.content import ContentPage
from regsite.datauses import AgreementRecord
from regsite.downloads import edition_workbook
from regsite.history import compare_versions
from regsite.rendering import PageSpec
from regsite.site import FACET_FIELDS, Site
from regsite.text import name_key

AGREEMENTS_PER_PAGE = 100

FIELD_LABELS = {
    "reference": "Reference number",
    "status": "Status",
    "title": "Application title",
    "applicant": "Applicant organisation",
    "organisation_type": "Applicant organisation type",
    "controllers": "Data controllers",
    "controller_basis": "Sole or joint data controller",
    "start_date": "Start date",
    "end_date": "End date",
    "sublicensing": "Sublicensing applies",
    "commercial": "For commercial purposes",
    "objective": "Objective for processing",
    "activities": "Processing activities",
    "expected_output": "Expected outputs",
    "expected_benefits": "Expected measurable benefits",
    "yielded_benefits": "Yielded benefits",
    "dataset": "Dataset",
    "type_of_data": "Type of data",
    "sensitivity": "Sensitive or non-sensitive",
    "frequency": "Frequency",
    "legal_basis": "Legal basis",
    "confidentiality": "Common law duty of confidentiality",
    "file_reference": "File reference",
    "opt_outs": "Patient opt-outs applied",
    "month_released": "Month released",
}

FACET_EXPLANATIONS = {
    "commercial": {
        "Yes": "whose applicant said the data is for commercial purposes",
        "No": "whose applicant said the data is not for commercial purposes",
    },
    "sublicensing": {
        "Yes": "that allow the data to be sublicensed (shared onwards)",
        "No": "that do not allow the data to be sublicensed",
    },
    "status": {
        "Active": "whose latest version had not ended on the edition date",
        "Expired": "whose latest version had ended by the edition date",
    },
}


def _crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", urls.home()), *items]


def agreement_page(site: Site, record: AgreementRecord) -> PageSpec:
    latest = record.latest
    return PageSpec(
        path=urls.agreement(record.slug),
        template="agreement.html",
        title=f"{record.base}: {latest.fields.get('title') or 'agreement'}",
        section="agreements",
        breadcrumbs=_crumbs(("Agreements", urls.agreements())),
        description=f"Data Sharing Agreement {record.base} with {latest.fields.get('applicant') or 'an organisation'}.",
        alternate_json=urls.agreement_json(record.slug),
        context={"record": record, "versions": record.agreement.versions},
        context_fn=partial(agreement_context, site, record),
    )


def agreement_context(site: Site, record: AgreementRecord) -> dict[str, Any]:
    """What an agreement page shows beyond the record: run in a render worker."""
    versions = record.agreement.versions
    by_version = {v.reference: v for v in versions}
    summaries: dict[str, dict[str, Any]] = {}
    files = []
    for version in versions:
        for s in version.release_summaries():
            entry = summaries.setdefault(
                name_key(s.dataset), {"dataset": s.dataset, "files": 0, "months": [], "opt": set()}
            )
            entry["files"] += s.files
            entry["months"] += [m for m in (s.first_month, s.last_month) if m]
            entry["opt"].add(s.opt_outs)
        for r in version.releases:
            files.append((str(r.get("month_released") or ""), version.key, str(r.get("file_reference") or ""), r))
    files.sort(key=lambda t: t[:3])
    release_summaries = [
        _Summary(
            e["dataset"],
            e["files"],
            min(e["months"], default=None),
            max(e["months"], default=None),
            e["opt"].pop() if len(e["opt"]) == 1 else "Mixed",
        )
        for e in summaries.values()
    ]
    months = [m for s in release_summaries for m in (s.first_month, s.last_month) if m]
    latest = record.latest
    applicant = site.organisation(latest.fields.get("applicant") or "")
    datasets = {d["dataset"] for d in latest.datasets if d.get("dataset")}
    by_dataset: dict[str, dict[str, int]] = {}
    for month, _, _, r in files:
        if is_month(month):  # a month the reader could not read is listed, not charted
            counts = by_dataset.setdefault(r.get("dataset") or "Dataset not named", {})
            counts[month] = counts.get(month, 0) + 1
    starts = {}
    for version in versions:
        start = version.fields.get("start_date")
        if isinstance(start, dt.date):
            starts[f"{start.year:04d}-{start.month:02d}"] = f"v{version.version} starts"
    release_chart = charts.monthly_bars(
        "release-chart",
        f"Files released under {record.base} each month, by dataset",
        by_dataset,
        markers={m: label for m, label in starts.items() if by_dataset},
    )
    return {
        "release_chart": release_chart,
        "same_text": _same_texts(versions),
        "changes": {
            versions[i].reference: compare_versions(versions[i - 1], versions[i]) for i in range(1, len(versions))
        },
        "release_summaries": release_summaries,
        "release_count": len(files),
        "first_month": min(months, default=None),
        "last_month": max(months, default=None),
        "file_rows": [
            [
                r.get("file_reference") or "",
                by_version[r["reference"]].version,
                r.get("dataset") or "",
                month_label(m),
                r.get("opt_outs") or "",
            ]
            for m, _, _, r in files
        ],
        "applicant_name": applicant.name if applicant else latest.fields.get("applicant"),
        "dataset_names": sorted({(ds.name if (ds := site.dataset(name)) else name) for name in datasets}),
        "opt_out_values": sorted({r.get("opt_outs") for v in versions for r in v.releases if r.get("opt_outs")}),
    }


def _same_texts(versions: list[Version]) -> dict[tuple[str, str], tuple[str, str]]:
    """An earlier version's long text that is word for word the same as a later version's
    points to it instead of repeating it: versions repeat their texts in full, and an
    agreement with ten versions would otherwise carry the same 30,000 characters ten times."""
    same: dict[tuple[str, str], tuple[str, str]] = {}
    for i, version in enumerate(versions[:-1]):
        for key in LONG_TEXT_KEYS:
            text = version.fields.get(key)
            j = i
            while text and j + 1 < len(versions) and versions[j + 1].fields.get(key) == text:
                j += 1
            if j > i:
                later, anchor = versions[j], key.replace("_", "-")
                if j < len(versions) - 1:
                    anchor = f"v{later.version.replace('.', '-')}-{anchor}"
                same[(version.reference, key)] = (later.version, anchor)
    return same


class _Summary:
    __slots__ = ("dataset", "files", "first_month", "last_month", "opt_outs")

    def __init__(self, dataset: str, files: int, first: str | None, last: str | None, opt_outs: str) -> None:
        self.dataset, self.files, self.first_month, self.last_month, self.opt_outs = (
            dataset,
            files,
            first,
            last,
            opt_outs,
        )


def agreements_pages(site: Site) -> list[PageSpec]:
    records = site.uses.current_records()
    departed = site.uses.departed_records()
    total_pages = max(1, -(-len(records) // AGREEMENTS_PER_PAGE))
    specs = []
    for number in range(1, total_pages + 1):
        chunk = records[(number - 1) * AGREEMENTS_PER_PAGE : number * AGREEMENTS_PER_PAGE]
        first = (number - 1) * AGREEMENTS_PER_PAGE + 1
        specs.append(
            PageSpec(
                path=urls.agreements(number),
                template="agreements.html",
                title="Agreements" if number == 1 else f"Agreements, page {number} of {total_pages}",
                section="agreements",
                breadcrumbs=_crumbs() if number == 1 else _crumbs(("Agreements", urls.agreements())),
                description="Every Data Sharing Agreement in the register.",
                search=False,
                context={
                    "records": chunk,
                    "number": number,
                    "pages": total_pages,
                    "total": len(records),
                    "first_index": first,
                    "last_index": first + len(chunk) - 1,
                    "first_ref": chunk[0].base if chunk else "",
                    "last_ref": chunk[-1].base if chunk else "",
                    "departed": departed,
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
            breadcrumbs=_crumbs(),
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
                breadcrumbs=_crumbs(("Organisations", urls.organisations())),
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
            breadcrumbs=_crumbs(),
            description="Every dataset named in the register.",
            search=False,
            context={"datasets": list(site.datasets.values())},
        )
    ]
    for ds in site.datasets.values():
        years = Counter()
        for month, count in ds.releases_by_month.items():
            years[month[:4]] += count
        specs.append(
            PageSpec(
                path=urls.dataset(ds.slug),
                template="dataset.html",
                title=ds.name,
                section="datasets",
                breadcrumbs=_crumbs(("Datasets", urls.datasets())),
                description=f"Agreements that use {ds.name}, and files released.",
                context={"ds": ds, "months": list(ds.releases_by_month.items()), "years": sorted(years.items())},
                context_fn=partial(dataset_charts, site, ds),
            )
        )
    return specs


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _active_by_month(spans: list[tuple[str, dt.date, dt.date]], last: str) -> list[tuple[str, int]]:
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


def _spans(versions: list[Version], key: str) -> list[tuple[str, dt.date, dt.date]]:
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
        spans += _spans(using, record.base)
    agreements = charts.line_over_time(
        "dataset-agreements",
        f"Agreements using {ds.name} each month",
        _active_by_month(spans, site.edition),
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
    spans = [s for r in records for s in _spans(r.agreement.versions, r.base)]
    ds = [(d.name, current(d.records)) for d in datasets]
    os_ = [(o.name, current(o.applicant_of)) for o in orgs]
    active = _active_by_month(spans, site.edition)
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
        breadcrumbs=_crumbs(),
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
            breadcrumbs=_crumbs(),
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
                    breadcrumbs=_crumbs(("Browse", urls.browse())),
                    search=False,
                    context={
                        "facet": facet,
                        "field_label": FACET_FIELDS[field],
                        "explain": FACET_EXPLANATIONS.get(field, {}).get(facet.value, ""),
                    },
                )
            )
    return specs


_SITE_LINK = re.compile(r'(href|src)="/(?!/)([^"]*)"')


def content_pages(site: Site) -> list[PageSpec]:
    counts = site.uses.current.counts
    specs = []
    if site.guidance:
        specs.append(
            PageSpec(
                path=urls.guidance(),
                template="guidance.html",
                title="Guidance",
                section="guidance",
                breadcrumbs=_crumbs(),
                description="How to read the register and how decisions on data access are made.",
            )
        )
    for page in site.pages:
        template = "about.html" if page.section == "site" and page.name == "about" else "content.html"
        crumbs = _crumbs(("Guidance", urls.guidance())) if page.section == "guidance" else _crumbs()
        specs.append(
            PageSpec(
                path=page.path,
                template=template,
                title=page.title,
                section="guidance" if page.section == "guidance" else "",
                breadcrumbs=crumbs,
                description=page.description,
                context={"content": page, "body": _ContentBody(page), "counts": counts},
            )
        )
    return specs


class _ContentBody:
    """Markdown HTML whose site-absolute links (``/agreements/``) become relative to the page."""

    def __init__(self, page: ContentPage) -> None:
        self.page = page

    def render(self, url: urls.Linker) -> str:
        return _SITE_LINK.sub(lambda m: f'{m.group(1)}="{url(m.group(2))}"', self.page.html)


def archive_pages(site: Site) -> list[PageSpec]:
    uses = site.uses
    specs = [
        PageSpec(
            path=urls.archive(),
            template="archive.html",
            title="Archive of editions",
            section="archive",
            breadcrumbs=_crumbs(),
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
                breadcrumbs=_crumbs(("Archive", urls.archive())),
                description=f"The {month_label(summary.month)} edition of the register and what changed in it.",
                context={
                    "summary": summary,
                    "change": uses.changes.get(summary.month),
                    "previous": uses.editions[index - 1] if index else None,
                    "download": edition_workbook(uses, summary),
                    "readme": None,
                },
            )
        )
    return specs


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
            breadcrumbs=_crumbs(),
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
                    breadcrumbs=_crumbs(("Registers", urls.registers()))
                    if number == 1
                    else _crumbs(("Registers", urls.registers()), (title, urls.register(table.id))),
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
                breadcrumbs=_crumbs(("Registers", urls.registers()), (title, urls.register(table.id))),
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
                    breadcrumbs=_crumbs(
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


def all_pages(site: Site) -> list[PageSpec]:
    uses = site.uses
    counts = uses.current.counts
    ways_in = [
        (
            "Search",
            "Find an agreement by any word you remember: an organisation, a dataset, a NIC number.",
            urls.search(),
        ),
        ("Agreements", f"All {counts['agreements']:,} agreements by reference number.", urls.agreements()),
        ("Organisations", "Every applicant and data controller, A to Z.", urls.organisations()),
        ("Datasets", "Each dataset and the agreements that use it.", urls.datasets()),
        ("Browse", "Agreements by type of applicant, status, commercial purpose and legal basis.", urls.browse()),
        ("Overview", "Who gets NHS data and for what, in charts.", "overview/"),
        ("Guidance", "What the register is and how to read an agreement.", urls.guidance()),
    ]
    if site.registers:
        ways_in.append(
            (
                "Other registers",
                "Every register of data NHS England shares: contract holders, the National "
                "Back Office, NDRS, COVID-19 releases and more.",
                urls.registers(),
            )
        )
    active = sum(1 for r in uses.current_records() if r.status == "Active")
    specs = [
        PageSpec(
            path=urls.home(),
            template="home.html",
            title=site.title,
            description="Who NHS England gave patient data to, and why.",
            context={
                "counts": counts,
                "organisation_count": len(site.organisations),
                "active_count": active,
                "ways_in": ways_in,
            },
        )
    ]
    specs += agreements_pages(site)
    specs += [agreement_page(site, r) for r in uses.records.values()]
    specs += organisation_pages(site)
    specs += dataset_pages(site)
    specs += browse_pages(site)
    specs.append(overview_page(site))
    specs += content_pages(site)
    specs += archive_pages(site)
    specs += register_pages(site)
    specs.append(
        PageSpec(
            path=urls.search(),
            template="search.html",
            title="Search",
            breadcrumbs=_crumbs(),
            search=False,
            description="Search every agreement, organisation, dataset and guidance page.",
        )
    )
    specs.append(PageSpec(path="404.html", template="404.html", title="Page not found", search=False, root_links=True))
    return specs


def template_globals(site: Site, asset_paths: dict[str, str]) -> dict[str, Any]:
    uses = site.uses
    organisations_by_key = site.organisations
    return {
        "site": site,
        "site_name": site.title,
        "uses": uses,
        "base_url": site.base_url,
        "asset_paths": asset_paths,
        "field_labels": FIELD_LABELS,
        "long_text_keys": LONG_TEXT_KEYS,
        "searched_text_keys": ("objective",),
        "organisations_by_key": organisations_by_key,
        "organisation_for": site.organisation,
        "dataset_for": site.dataset,
        "agreement_for": site.agreement,
        "has_registers": bool(site.registers),
        "footer_meta": (
            f"Data from the {uses.definition.title}, {month_label(uses.current.month)} edition, published by "
            f"{uses.definition.publisher}. Contains public sector information licensed under the Open Government "
            "Licence v3.0. An independent site, not an NHS England service."
        ),
    }


def data_pages(site: Site, reconciliation: list[dict[str, Any]], report: Any, downloads: list[Any]) -> list[PageSpec]:
    """The downloads page and "About this data", which need the files and the row accounting."""
    groups: dict[str, list[Any]] = {}
    current = {f"downloads/{site.uses.definition.id}-{site.uses.current.month}": site.uses.definition.title}
    current |= {f"downloads/{t.id}-{t.current.month}": t.definition.title for t in site.registers}
    for d in downloads:
        if d.kind == "ZIP":
            groups.setdefault("The whole site, to read offline", []).append(d)
        if d.path.endswith("build-report.json"):
            groups.setdefault("About this build", []).append(d)
        for stem, title in current.items():
            if d.path.startswith(stem + ".") or d.path.startswith(stem + "-"):
                groups.setdefault(title, []).append(d)
    problems = [d for d in report.items if d.level.value != "info"]
    return [
        PageSpec(
            path=urls.downloads(),
            template="downloads.html",
            title="Downloads",
            section="downloads",
            breadcrumbs=_crumbs(),
            description="The register as published, and as CSV and JSON.",
            search=False,
            context={"groups": list(groups.items())},
        ),
        PageSpec(
            path="about/data/",
            template="about_data.html",
            title="About this data",
            breadcrumbs=_crumbs(("About this site", "about/")),
            description="How every row of the register's workbooks was read and published.",
            context={"reconciliation": reconciliation, "problems": problems[:200], "problem_count": len(problems)},
        ),
    ]
