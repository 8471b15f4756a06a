"""Which pages the site has, in a stable order, and the globals every template sees.

Everything here runs in the main process before rendering, reads the site model, and
produces ``PageSpec``s; each section's pages are made by its own module in this folder.
"""

from __future__ import annotations

from typing import Any

from regsite.model.agreements import LONG_TEXT_KEYS
from regsite.model.site import Site
from regsite.render import urls
from regsite.render.citation import cite
from regsite.render.datapackage import PATH as DATA_PACKAGE
from regsite.render.environment import PageSpec
from regsite.render.pages.agreements import agreement_pages, agreements_pages
from regsite.render.pages.archive import archive_pages
from regsite.render.pages.content import content_pages
from regsite.render.pages.directory import dataset_pages, organisation_pages
from regsite.render.pages.labels import agreements_head, agreements_rows, crumbs, field_labels, list_columns
from regsite.render.pages.open_data import open_data_page
from regsite.render.pages.overview import browse_pages, overview_page
from regsite.render.pages.registers import register_pages
from regsite.sources.cells import month_label


def all_pages(site: Site) -> list[PageSpec]:
    uses = site.uses
    counts = uses.current.counts
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
                "ways_in": _ways_in(site),
            },
        )
    ]
    specs += agreements_pages(site)
    specs += [p for r in uses.records.values() for p in agreement_pages(site, r)]
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
            breadcrumbs=crumbs(),
            search=False,
            description="Search every agreement, organisation, dataset and guidance page.",
        )
    )
    specs.append(
        PageSpec(path=urls.not_found(), template="404.html", title="Page not found", search=False, root_links=True)
    )
    return specs


def _ways_in(site: Site) -> list[tuple[str, str, str]]:
    """The home page's ways into the register: title, what it offers, where."""
    counts = site.uses.current.counts
    ways_in = [
        (
            "Search",
            "Find an agreement by any word you remember: an organisation, a dataset, a NIC number.",
            urls.search(),
        ),
        ("Agreements", f"All {counts['agreements']:,} agreements by reference number.", urls.agreements()),
        ("Organisations", "Every applicant and data controller, A to Z.", urls.organisations()),
        ("Datasets", "Each dataset and the agreements that use it.", urls.datasets()),
        (
            "Browse",
            "Agreements grouped by a field they share: "
            + _and([f.label.lower() for f in site.facet_fields if not f.directory])
            + ".",
            urls.browse(),
        ),
        ("Overview", "Who gets NHS data and for what, in charts.", urls.overview()),
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
    return ways_in


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def search_ranking(labels: dict[str, str]) -> dict[str, Any]:
    """Pagefind's ranking options, read by search.js from the search page.

    Agreements are the site's long pages and the results most wanted. Pagefind's default page
    length factor (0.75) favours short pages so strongly that an organisation page listing a NIC
    number outranked the agreement itself; 0.3 keeps some preference for focused pages. A page's
    title adds to its score (meta weight 5 by default), so an organisation's own page ranked above
    its agreements; the applicant, an agreement's own metadata, counts as much as a title, so a
    search naming an organisation lists its agreements with its page, above pages that mention it.
    """
    return {"pageLength": 0.3, "metaWeights": {"title": 5.0, labels["applicant"]: 5.0}}


def template_globals(site: Site, asset_paths: dict[str, str]) -> dict[str, Any]:
    uses = site.uses
    organisations_by_key = site.organisations
    return {
        "site": site,
        "site_name": site.title,
        "uses": uses,
        "base_url": site.base_url,
        "asset_paths": asset_paths,
        "field_labels": field_labels(uses.definition),
        "search_ranking": search_ranking(field_labels(uses.definition)),
        "list_columns": list_columns(uses.definition),
        "agreements_head": agreements_head,
        "agreements_rows": agreements_rows,
        "search_filters": site.search_filters,
        "long_text_keys": LONG_TEXT_KEYS,
        "searched_text_keys": ("objective",),
        "organisations_by_key": organisations_by_key,
        "organisation_for": site.organisation,
        "dataset_for": site.dataset,
        "agreement_for": site.agreement,
        "has_registers": bool(site.registers),
        "cite": cite,
        "footer_meta": (
            f"Data from the {uses.definition.title}, {month_label(uses.current.month)} edition, published by "
            f"{uses.definition.publisher}. Contains public sector information licensed under the Open Government "
            "Licence v3.0. An independent site, not an NHS England service."
        ),
    }


def data_pages(site: Site, reconciliation: list[dict[str, Any]], report: Any, downloads: list[Any]) -> list[PageSpec]:
    """The downloads page and "About this data", which need the files and the row accounting."""
    groups: dict[str, list[Any]] = {}
    current = {urls.download(f"{site.uses.definition.id}-{site.uses.current.month}"): site.uses.definition.title}
    current |= {urls.download(f"{t.id}-{t.current.month}"): t.definition.title for t in site.registers}
    for d in downloads:
        if d.kind == "ZIP":
            groups.setdefault("The whole site, to read offline", []).append(d)
        if d.path.endswith("build-report.json"):
            groups.setdefault("About this build", []).append(d)
        if d.path == DATA_PACKAGE:
            groups.setdefault("The register as data", []).append(d)
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
            breadcrumbs=crumbs(),
            description="The register as published, and as CSV and JSON.",
            search=False,
            context={"groups": list(groups.items())},
        ),
        PageSpec(
            path=urls.about_data(),
            template="about_data.html",
            title="About this data",
            breadcrumbs=crumbs(("About this site", urls.about())),
            description="How every row of the register's workbooks was read and published.",
            context={
                "reconciliation": reconciliation,
                "problems": problems[:200],
                "problem_count": len(problems),
                # What each edition's definition says of it: NHS England's, reconstructed or derived.
                "notes": {d.id: d.editions for d in [site.uses.definition, *(t.definition for t in site.registers)]},
            },
        ),
        open_data_page(site, downloads),
    ]
