"""The agreement pages and the agreements list: what each is given to render.

An agreement has a main page (its latest version whole, the files released summarised per
dataset and month, and what changed between versions), a page per earlier version (every
field of it) and its files one row each on pages of their own, grouped by version and
dataset: the main page of a long agreement carried every file and every older text, up to a
megabyte.
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
from regsite.render.views import FileGroup
from regsite.sources.cells import is_month
from regsite.text import name_key

# Files on one files page. A file is a row of two or three short cells (about 60 bytes: its
# dataset, version and the fields it shares with its group are said once per group), and the
# first page also carries the chart's month-by-dataset table (up to about 190 KB on the
# full-size register). Pages keep this size so that every page-N address stays.
FILES_PER_PAGE = 250


def agreement_pages(site: Site, record: AgreementRecord) -> list[PageSpec]:
    """An agreement's main page, a page per earlier version, and its files pages."""
    specs = [agreement_page(site, record)]
    specs += [version_page(record, v) for v in record.agreement.versions[:-1]]
    specs += files_pages(record)
    return specs


def version_path(record: AgreementRecord, version: Version) -> str:
    """Where a version is shown whole: the main page for the latest, else its own page."""
    if version is record.latest:
        return urls.agreement(record.slug)
    return urls.agreement_version(record.slug, version.version)


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


def version_page(record: AgreementRecord, version: Version) -> PageSpec:
    """Every field of an earlier version: its facts, long texts, datasets and files by dataset."""
    return PageSpec(
        path=urls.agreement_version(record.slug, version.version),
        template="agreement_version.html",
        title=f"{record.base} version {version.version}: {version.fields.get('title') or 'agreement'}",
        section="agreements",
        breadcrumbs=crumbs(("Agreements", urls.agreements()), (record.base, urls.agreement(record.slug))),
        description=f"Version {version.version} of Data Sharing Agreement {record.base}, as the register gave it.",
        search=False,  # the agreement's main page is what search finds
        alternate_json=urls.agreement_json(record.slug),
        context={"record": record, "version": version, "versions": record.agreement.versions},
        context_fn=partial(_version_context, record, version),
    )


def _version_context(record: AgreementRecord, version: Version) -> dict[str, Any]:
    versions = record.agreement.versions
    index = versions.index(version)
    return {
        "same_text": _same_texts(record),
        "older": versions[index - 1] if index else None,
        "newer": versions[index + 1],
        "newer_path": version_path(record, versions[index + 1]),
    }


def _file_rows(record: AgreementRecord) -> list[tuple[str, tuple[int, ...], str, dict[str, Any], str]]:
    """Every file released under any version, by month, version and file reference."""
    files = []
    for version in record.agreement.versions:
        for r in version.releases:
            month = str(r.get("month_released") or "")
            files.append((month, version.key, str(r.get("file_reference") or ""), r, version.version))
    files.sort(key=lambda t: t[:3])
    return files


def _file_groups(record: AgreementRecord) -> list[tuple[Version, str, list[dict[str, Any]]]]:
    """Every file released, grouped by version (the latest first) and dataset (A to Z), each
    group by month released and file reference: the order of the files pages."""
    groups = []
    for version in reversed(record.agreement.versions):
        by_dataset: dict[str, list[dict[str, Any]]] = {}
        for r in version.releases:
            by_dataset.setdefault(str(r.get("dataset") or ""), []).append(r)
        for name in sorted(by_dataset, key=lambda n: (name_key(n), n)):
            files = sorted(
                by_dataset[name], key=lambda r: (str(r.get("month_released") or ""), str(r.get("file_reference") or ""))
            )
            groups.append((version, name, files))
    return groups


def files_pages(record: AgreementRecord) -> list[PageSpec]:
    """The files released under an agreement, one row each, FILES_PER_PAGE to a page, grouped
    by version and dataset (a group may continue on the next page)."""
    total = sum(len(v.releases) for v in record.agreement.versions)
    if not total:
        return []
    count = -(-total // FILES_PER_PAGE)
    path_for = partial(urls.agreement_files, record.slug)
    return [
        PageSpec(
            path=path_for(number),
            template="agreement_files.html",
            title=f"Files released under {record.base}" + (f", page {number} of {count}" if count > 1 else ""),
            section="agreements",
            breadcrumbs=crumbs(("Agreements", urls.agreements()), (record.base, urls.agreement(record.slug))),
            description=f"Every file released under Data Sharing Agreement {record.base}, by version and dataset.",
            search=False,
            alternate_json=urls.agreement_json(record.slug),
            context={"record": record, "number": number, "pages": count, "total": total, "path_for": path_for},
            context_fn=partial(_files_context, record, number),
        )
        for number in range(1, count + 1)
    ]


def _files_context(record: AgreementRecord, number: int) -> dict[str, Any]:
    start = (number - 1) * FILES_PER_PAGE
    stop = start + FILES_PER_PAGE
    groups: list[FileGroup] = []
    offset = 0
    version_starts: dict[str, int] = {}  # where each version's first file is in the order
    for version, dataset, files in _file_groups(record):
        version_starts.setdefault(version.version, offset)
        first, last = max(start, offset), min(stop, offset + len(files))
        if first < last:
            groups.append(
                FileGroup(
                    version=version.version,
                    version_path=version_path(record, version),
                    latest=version is record.latest,
                    dataset=dataset,
                    files=files,
                    first=first - offset,
                    last=last - offset,
                    version_continued=version_starts[version.version] < start,
                )
            )
        offset += len(files)
        if offset >= stop:
            break
    return {
        "release_chart": release_chart(record, _file_rows(record)) if number == 1 else None,
        "first_index": start + 1,
        "last_index": start + sum(g.last - g.first for g in groups),
        "groups": groups,
    }


def agreement_context(site: Site, record: AgreementRecord) -> dict[str, Any]:
    """What an agreement page shows beyond the record: run in a render worker."""
    versions = record.agreement.versions
    summaries: dict[str, dict[str, Any]] = {}
    for version in versions:
        for s in version.release_summaries():
            entry = summaries.setdefault(
                name_key(s.dataset), {"dataset": s.dataset, "files": 0, "months": [], "opt": set()}
            )
            entry["files"] += s.files
            entry["months"] += [m for m in (s.first_month, s.last_month) if m]
            entry["opt"].add(s.opt_outs)
    files = _file_rows(record)
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
    return {
        "same_text": {},  # the main page shows the latest version, which points to no other
        "changes": {
            versions[i].reference: compare_versions(versions[i - 1], versions[i]) for i in range(1, len(versions))
        },
        "release_summaries": release_summaries,
        "release_count": len(files),
        "first_month": min(months, default=None),
        "last_month": max(months, default=None),
        "files_pages": -(-len(files) // FILES_PER_PAGE),
        "version_paths": {v.reference: version_path(record, v) for v in versions},
        "applicant_name": applicant.name if applicant else latest.fields.get("applicant"),
    }


def release_chart(record: AgreementRecord, files: list[tuple[str, Any, str, dict[str, Any], str]]) -> charts.Chart:
    """Files released each month, by dataset, with each version's start marked."""
    by_dataset: dict[str, dict[str, int]] = {}
    for month, _, _, r, _ in files:
        if is_month(month):  # a month the reader could not read is listed, not charted
            counts = by_dataset.setdefault(r.get("dataset") or "Dataset not named", {})
            counts[month] = counts.get(month, 0) + 1
    starts = {}
    for version in record.agreement.versions:
        start = version.fields.get("start_date")
        if isinstance(start, dt.date):
            starts[f"{start.year:04d}-{start.month:02d}"] = f"v{version.version} starts"
    return charts.monthly_bars(
        "release-chart",
        f"Files released under {record.base} each month, by dataset",
        by_dataset,
        markers={m: label for m, label in starts.items() if by_dataset},
    )


def _same_texts(record: AgreementRecord) -> dict[tuple[str, str], tuple[str, str]]:
    """An earlier version's long text that is word for word the same as a later version's
    points to it (its page and the text's heading) instead of repeating it: versions repeat
    their texts in full, and ten versions would otherwise carry the same 30,000 characters
    ten times."""
    versions = record.agreement.versions
    same: dict[tuple[str, str], tuple[str, str]] = {}
    for i, version in enumerate(versions[:-1]):
        for key in LONG_TEXT_KEYS:
            text = version.fields.get(key)
            j = i
            while text and j + 1 < len(versions) and versions[j + 1].fields.get(key) == text:
                j += 1
            if j > i:
                later = versions[j]
                same[(version.reference, key)] = (
                    later.version,
                    f"{version_path(record, later)}#{key.replace('_', '-')}",
                )
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
