"""Agreement page pieces built in Python: the facts of a version, its datasets and files.

An agreement page repeats these for every version, and the Jinja macros that did this
cost hundreds of macro calls per page (profiled: 16 ms a page, most of it call
overhead). These functions build the same NHS.UK markup through ``components``.
Templates call them as globals; they read the page's link maker from the context.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup, escape

from regsite.model.agreements import Version
from regsite.model.datauses import AgreementRecord
from regsite.render import urls
from regsite.render.components import data_table, summary_list
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
    return Markup('<a href="{}" class="app-field-link">{}</a>').format(url(urls.field_help(key)), label)


def _org(context: Any, name: str) -> Markup:
    org = context["organisation_for"](name)
    if org is None:
        return Markup(escape(name))
    return Markup('<a href="{}">{}</a>').format(context["url"](urls.organisation(org.slug)), name)


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


@pass_context
def files_table(context: Any, table_id: str, caption: str, rows: list[list[Any]]) -> Markup:
    """Every file released, one row each: rows are made before rendering with site paths, which
    become this page's relative addresses here."""
    labels = context["field_labels"]
    head = [labels["file_reference"], "Version", labels["dataset"], labels["month_released"], labels["opt_outs"]]
    return data_table(table_id, caption, head, rows, caption_size="s", link=context["url"])


GLOBALS = {
    "version_facts": version_facts,
    "files_table": files_table,
    "datasets_table": datasets_table,
    "releases_table": releases_table,
    "org_link": org_link,
    "status_tag": status_tag,
}
