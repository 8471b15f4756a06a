"""Agreement page pieces built in Python: the facts of a version, its datasets and files.

An agreement page repeats these for every version, and the Jinja macros that did this
cost hundreds of macro calls per page (profiled: 16 ms a page, most of it call
overhead). These functions build the same NHS.UK markup through ``components``.
Templates call them as globals; they read the page's link maker from the context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple

from jinja2 import pass_context
from markupsafe import Markup, escape

from regsite.model.agreements import Version
from regsite.model.datauses import AgreementRecord
from regsite.render import urls
from regsite.render.components import data_table, html, summary_list
from regsite.sources.cells import month_label

NOT_STATED = "Not stated"
STATUS_COLOURS = {"Active": "green", "Expired": "grey", "Unknown": "yellow"}


def _date(value: Any) -> str:
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return str(value) if value else ""


def status_tag(status: str) -> Markup:
    colour = STATUS_COLOURS.get(status, "orange")
    return Markup('<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>').format(colour, status)


def _field(context: Any, key: str) -> Markup:
    url = context["url"]
    label = context["field_labels"].get(key, key)
    return Markup(f'<a href="{html(url(urls.field_help(key)))}" class="app-field-link">{html(label)}</a>')


def _org(context: Any, name: str) -> Markup:
    org = context["organisation_for"](name)
    if org is None:
        return Markup(escape(name))
    return Markup(f'<a href="{html(context["url"](urls.organisation(org.slug)))}">{html(name)}</a>')


@pass_context
def org_link(context: Any, name: str) -> Markup:
    return _org(context, name)


@pass_context
def version_facts(context: Any, record: AgreementRecord, version: Version, is_latest: bool) -> Markup:
    """A version's facts as a summary list, each field name linked to its explanation."""
    f = version.fields
    url = context["url"]

    def row(key: str, value: Any) -> dict[str, Any]:
        return {"key": {"html": _field(context, key)}, "value": value}

    controllers = version.controllers
    if len(controllers) > 1:
        people = Markup('<ul class="nhsuk-list">{}</ul>').format(
            Markup("").join(Markup("<li>{}</li>").format(_org(context, c)) for c in controllers)
        )
    else:
        people = _org(context, controllers[0]) if controllers else Markup(NOT_STATED)
    if is_latest and controllers:  # search ranks an agreement high for its data controllers' names
        people = Markup('<div data-pagefind-weight="8">{}</div>').format(people)
    rows = [row("reference", {"text": version.reference})]
    if is_latest:
        status = status_tag(record.status)
        if record.in_current:
            status += Markup(" on {}").format(_date(context["uses"].date))
        rows.append(row("status", {"html": status}))
    rows += [
        row("title", {"text": f.get("title") or NOT_STATED}),
        row("applicant", {"html": _org(context, f["applicant"]) if f.get("applicant") else Markup(NOT_STATED)}),
        row("organisation_type", {"text": f.get("organisation_type") or NOT_STATED}),
        row("controllers", {"html": people}),
        row("controller_basis", {"text": f.get("controller_basis") or NOT_STATED}),
        row("start_date", {"text": _date(f.get("start_date")) or NOT_STATED}),
        row("end_date", {"text": _date(f.get("end_date")) or NOT_STATED}),
        row("sublicensing", {"text": f.get("sublicensing") or NOT_STATED}),
        row("commercial", {"text": f.get("commercial") or NOT_STATED}),
    ]
    if month := record.version_first_seen.get(version.reference):
        link = Markup('<a href="{}">{} edition</a>').format(url(urls.archive(month)), month_label(month))
        rows.append({"key": {"text": "First in the register"}, "value": {"html": link}})
    rows += [{"key": {"text": name}, "value": {"text": value}} for name, value in sorted(version.extras.items())]
    return summary_list(rows)


@pass_context
def datasets_table(context: Any, table_id: str, caption: str, version: Version) -> Markup:
    if not version.datasets:
        return Markup("<p>The register lists no datasets for this version.</p>")
    labels, url, dataset_for = context["field_labels"], context["url"], context["dataset_for"]
    rows = []
    for d in version.datasets:
        name = d.get("dataset") or ""
        ds = dataset_for(name) if name else None
        rows.append(
            [
                {"text": name, "href": url(urls.dataset(ds.slug))} if ds else (name or NOT_STATED),
                d.get("type_of_data") or "",
                d.get("sensitivity") or "",
                d.get("frequency") or "",
                d.get("legal_basis") or NOT_STATED,
                d.get("confidentiality") or "",
            ]
        )
    head = [
        labels[k] for k in ("dataset", "type_of_data", "sensitivity", "frequency", "legal_basis", "confidentiality")
    ]
    return data_table(table_id, caption, head, rows, caption_size="s")


@pass_context
def releases_table(context: Any, table_id: str, caption: str, summaries: list[Any]) -> Markup:
    url, dataset_for = context["url"], context["dataset_for"]
    rows = []
    for s in summaries:
        ds = dataset_for(s.dataset) if s.dataset else None
        rows.append(
            [
                {"text": s.dataset, "href": url(urls.dataset(ds.slug))} if ds else s.dataset,
                {"text": s.files, "numeric": True},
                month_label(s.first_month),
                month_label(s.last_month),
                s.opt_outs,
            ]
        )
    head = [
        context["field_labels"]["dataset"],
        {"text": "Files released", "numeric": True},
        "First month",
        "Last month",
        context["field_labels"]["opt_outs"],
    ]
    return data_table(table_id, caption, head, rows, caption_size="s")


# What the register gives for each released file besides its reference, dataset and month. A
# group's files nearly always share them: a group says the shared ones once, above its table,
# and gives a column only to those that differ from file to file.
RELEASE_FIELDS = ("type_of_data", "sensitivity", "legal_basis", "frequency", "opt_outs")


class FileGroup(NamedTuple):
    """The files released under one version for one dataset, as far as one files page shows them."""

    version: str
    version_path: str  # site path of the page showing the version whole
    latest: bool
    dataset: str
    files: list[dict[str, Any]]  # every file of the group, in order
    first: int  # this page shows files[first:last]
    last: int
    version_continued: bool  # the version's files began on an earlier page


def shared_fields(files: list[dict[str, Any]]) -> tuple[dict[str, str], list[str]]:
    """The release fields every file of a group has the same value for (field → value), and
    the fields whose values differ (in RELEASE_FIELDS order). A field no file has is neither."""
    shared: dict[str, str] = {}
    differing = []
    for key in RELEASE_FIELDS:
        values = {str(r.get(key) or "") for r in files if key in r}
        if len(values) == 1:
            shared[key] = values.pop() or NOT_STATED
        elif values:
            differing.append(key)
    return shared, differing


@pass_context
def file_groups(context: Any, groups: list[FileGroup], number: int, path_for: Callable[[int], str]) -> Markup:
    """A files page's groups (page ``number``): a heading per version and per dataset, the fields
    the dataset's files share, then a table of its files, one row each, with a column for any
    field that differs. A group split between pages is headed "continued" on the later page, and
    each part links to the other."""
    url, labels = context["url"], context["field_labels"]
    out: list[Markup] = []
    for index, g in enumerate(groups):
        if index == 0 or g.version != groups[index - 1].version:
            out.append(_version_heading(url, g, continued=index == 0 and g.version_continued))
        name = _dataset_name(context, g.dataset)
        out.append(Markup("<h3>{}{}</h3>").format(name, ", continued" if g.first else ""))
        if g.first:
            out.append(_page_link("Continued from", url(path_for(number - 1)), number - 1))
        shared, differing = shared_fields(g.files)
        if shared:
            out.append(summary_list({"key": {"text": labels[k]}, "value": {"text": v}} for k, v in shared.items()))
        out.append(_group_table(labels, f"files-{index + 1}", g, differing))
        if g.last < len(g.files):
            out.append(_page_link("Continued on", url(path_for(number + 1)), number + 1))
    return Markup("").join(out)


def _page_link(words: str, href: str, number: int) -> Markup:
    return Markup('<p>{} <a href="{}">page {}</a>.</p>').format(words, href, number)


def _version_heading(url: Any, g: FileGroup, continued: bool) -> Markup:
    """A version's heading, and where it is shown whole."""
    if g.latest:
        where = Markup('Version {} is the latest: every field of it is on <a href="{}">the agreement’s page</a>.')
    else:
        where = Markup('Every field of <a href="{1}">version {0}</a> is on its own page.')
    return Markup("<h2>Version {}{}</h2><p>{}</p>").format(
        g.version, ", continued" if continued else "", where.format(g.version, url(g.version_path))
    )


def _dataset_name(context: Any, name: str) -> Markup:
    """A dataset's name, linked to its page when the site has one."""
    dataset = context["dataset_for"](name) if name else None
    if dataset is None:
        return Markup(escape(name or "Dataset not named"))
    return Markup(f'<a href="{html(context["url"](urls.dataset(dataset.slug)))}">{html(name)}</a>')


def _group_table(labels: dict[str, str], table_id: str, g: FileGroup, differing: list[str]) -> Markup:
    """A group's files on this page, one row each: reference, month and the fields that differ.
    Two or three short columns fit a phone as they are; more are stacked there."""
    total = len(g.files)
    shown = f"{total:,} files" if total > 1 else "1 file"
    if g.last - g.first < total:
        shown = f"files {g.first + 1:,} to {g.last:,} of {total:,}"
    caption = f"Version {g.version}, {g.dataset or 'dataset not named'}: {shown}"
    head = [labels["file_reference"], labels["month_released"], *(labels[k] for k in differing)]
    rows = (
        [
            str(r.get("file_reference") or ""),
            month_label(r.get("month_released")),
            *(str(r.get(k) or NOT_STATED) for k in differing),
        ]
        for r in g.files[g.first : g.last]
    )
    return data_table(table_id, caption, head, rows, caption_size="s", responsive=len(head) > 3)


GLOBALS = {
    "version_facts": version_facts,
    "file_groups": file_groups,
    "datasets_table": datasets_table,
    "releases_table": releases_table,
    "org_link": org_link,
    "status_tag": status_tag,
}
