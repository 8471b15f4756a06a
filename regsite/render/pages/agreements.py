"""The agreement pages and the agreements list: what each is given to render.

Version differences are expensive, so they are deferred to the render workers as callables.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from regsite.model.agreements import LONG_TEXT_KEYS, Version
from regsite.model.datauses import AgreementRecord
from regsite.model.site import Site
from regsite.model.version_diff import compare_versions
from regsite.render import charts, urls
from regsite.render.environment import PageSpec
from regsite.render.pages.labels import AGREEMENTS_PER_PAGE, crumbs
from regsite.sources.cells import is_month, month_label
from regsite.text import name_key


def agreement_page(site: Site, record: AgreementRecord) -> PageSpec:
    latest = record.latest
    return PageSpec(
        path=urls.agreement(record.slug),
        template="agreement.html",
        title=f"{record.base}: {latest.fields.get('title') or 'agreement'}",
        section="agreements",
        breadcrumbs=crumbs(("Agreements", urls.agreements())),
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
                breadcrumbs=crumbs() if number == 1 else crumbs(("Agreements", urls.agreements())),
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
