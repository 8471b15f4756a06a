"""What the Data Uses Register's pages call its fields and show of them, from its definition.

Each column's ``label`` in ``register.toml`` names it on every page; its ``table = true``
columns of the Agreements sheet are the columns of every list of agreements. Nothing here
knows a column by name: only by its key and type.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context

from regsite.model.datauses import AgreementRecord
from regsite.model.site import STATUS
from regsite.render import urls
from regsite.render.environment import format_date
from regsite.sources.cells import display
from regsite.sources.definitions import Column, RegisterDefinition

AGREEMENTS_PER_PAGE = 100
NOT_STATED = "Not stated"


def field_labels(definition: RegisterDefinition) -> dict[str, str]:
    """Column key → label; a key shared by two sheets (Datasets and DataReleases) takes its
    first sheet's label. The site's own status is named as its facet is."""
    labels = {STATUS.key: STATUS.label}
    for sheet in definition.sheets:
        for column in sheet.columns:
            labels.setdefault(column.key, column.title)
    return labels


def list_columns(definition: RegisterDefinition) -> list[Column]:
    """The columns of a list of agreements: the Agreements sheet's ``table = true`` columns."""
    return [c for c in definition.sheet("agreements").columns if c.table]


@pass_context
def agreements_head(context: Any) -> list[str]:
    labels = context["field_labels"]
    return [labels[c.key] for c in context["list_columns"]] + [labels[STATUS.key]]


def _cell(context: Any, record: AgreementRecord, column: Column) -> Any:
    value = record.latest.fields.get(column.key)
    url = context["url"]
    if column.type == "reference":
        return {"text": record.base, "href": url(urls.agreement(record.slug))}
    if column.type == "organisation":
        org = context["organisation_for"](value) if value else None
        return {"text": org.name, "href": url(urls.organisation(org.slug))} if org else (value or NOT_STATED)
    if column.type == "dataset":
        ds = context["dataset_for"](value) if value else None
        return {"text": ds.name, "href": url(urls.dataset(ds.slug))} if ds else (value or NOT_STATED)
    if column.type == "date":
        return format_date(value)
    return display(value)


@pass_context
def agreements_rows(context: Any, records: list[AgreementRecord]) -> list[list[Any]]:
    """One row per agreement, its latest version's values in the list's columns, then its status."""
    columns = context["list_columns"]
    return [[*(_cell(context, r, c) for c in columns), r.status] for r in records]


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", urls.home()), *items]
