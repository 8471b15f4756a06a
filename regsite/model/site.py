"""The site model: every register, organisation, dataset and guidance page, built once.

Rendering reads this model and never changes it. Everything here is ordered, so the
same inputs always give the same pages.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from regsite.model.agreements import column_values, parse_reference
from regsite.model.datauses import AgreementRecord, DataUses
from regsite.model.names import Entity, Names
from regsite.model.tables import TableRegister
from regsite.sources.cells import is_month
from regsite.sources.content import ContentPage, with_field_glossary
from regsite.sources.definitions import RegisterDefinition
from regsite.sources.external import ExternalRegister
from regsite.sources.sheets import Row
from regsite.text import name_key, slugify


@dataclass(frozen=True)
class FacetField:
    """A field agreements are browsed and searched by: a ``filter = true`` column of the
    Data Uses Register's definition, or the site's own status."""

    key: str  # the column's key
    sheet: str  # the sheet it is read from; "" for the site's own status
    label: str  # the column's label: the browse pages' heading
    filter_name: str  # the search filter it feeds
    type: str
    explanations: dict[str, str] = field(default_factory=dict)  # value → what it means
    described: bool = True  # has a glossary entry to link to

    @property
    def slug(self) -> str:
        return self.key.replace("_", "-")

    @property
    def directory(self) -> bool:
        """Organisations and datasets are browsed by their own pages, not by facet pages."""
        return self.type in ("organisation", "dataset")


# The site's own field (not the register's): whether the latest version has ended.
STATUS = FacetField(
    "status",
    "",
    "Status",
    "Status",
    "text",
    {
        "Active": "whose latest version had not ended on the edition date",
        "Expired": "whose latest version had ended by the edition date",
    },
)


def facet_fields(definition: RegisterDefinition) -> list[FacetField]:
    """The site's status, then every ``filter = true`` column in the order the definition declares.
    A key filtered in two sheets (Datasets and DataReleases share several) is one facet: the first."""
    out = [STATUS]
    for sheet in definition.sheets:
        for c in sheet.columns:
            if c.filter and c.key not in {f.key for f in out}:
                out.append(
                    FacetField(c.key, sheet.id, c.title, c.filter_name, c.type, dict(c.values), bool(c.description))
                )
    return out


@dataclass
class Facet:
    """A browse page: the agreements that share one value of a field."""

    field: str  # the facet field's slug, e.g. "organisation-type"
    value: str
    slug: str
    records: list[AgreementRecord]


@dataclass
class OrganisationView:
    entity: Entity
    applicant_of: list[AgreementRecord] = field(default_factory=list)
    controller_of: list[AgreementRecord] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    entries: dict[str, list[Row]] = field(default_factory=dict)  # register id → its rows that name this organisation
    # Named on an agreement's earlier version only: how a renamed organisation keeps its agreements.
    earlier_of: list[AgreementRecord] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.entity.name

    @property
    def slug(self) -> str:
        return self.entity.slug

    @property
    def records(self) -> list[AgreementRecord]:
        return list({r.base: r for r in [*self.applicant_of, *self.controller_of]}.values())

    @property
    def editions(self) -> list[str]:
        """The Data Uses Register's editions naming it, oldest first."""
        return self.entity.editions


@dataclass
class DatasetView:
    entity: Entity
    records: list[AgreementRecord] = field(default_factory=list)  # agreements whose latest version lists it
    releases_by_month: dict[str, int] = field(default_factory=dict)  # current edition, all agreements
    agreements_by_edition: dict[str, int] = field(default_factory=dict)
    entries: dict[str, list[Row]] = field(default_factory=dict)  # register id → its rows that name this dataset

    @property
    def name(self) -> str:
        return self.entity.name

    @property
    def slug(self) -> str:
        return self.entity.slug

    @property
    def files_released(self) -> int:
        return sum(self.releases_by_month.values())


@dataclass
class Site:
    title: str
    uses: DataUses
    organisations: dict[str, OrganisationView]  # by key, sorted by name
    datasets: dict[str, DatasetView]
    pages: list[ContentPage]
    facets: dict[str, list[Facet]]  # facet field slug → facets, sorted (directory fields have none)
    facet_fields: list[FacetField] = field(default_factory=list)
    registers: list[TableRegister] = field(default_factory=list)  # every register besides the Data Uses Register
    external: list[ExternalRegister] = field(default_factory=list)
    base_url: str = ""
    # When the build happened, as far as its output says: SOURCE_DATE_EPOCH or the newest edition's first day.
    built_at: dt.datetime = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)

    @property
    def edition(self) -> str:
        return self.uses.current.month

    @property
    def guidance(self) -> list[ContentPage]:
        return [p for p in self.pages if p.section == "guidance"]

    def agreement(self, reference: str) -> AgreementRecord | None:
        """The agreement a reference names, versioned (DARS-NIC-…-v1.2) or not."""
        parsed = parse_reference(reference)
        base = parsed[0] if parsed else reference.strip().upper()
        return self.uses.records.get(base)

    def organisation(self, name: str) -> OrganisationView | None:
        return self.organisations.get(name_key(name))

    def dataset(self, name: str) -> DatasetView | None:
        return self.datasets.get(name_key(name))

    def facet_values(self, record: AgreementRecord, facet: FacetField) -> list[str]:
        """The values an agreement has for a facet field; organisations and datasets by the
        names their pages use."""
        if facet is STATUS:
            return [record.status]
        values = column_values(record.agreement, facet.sheet, facet.key)
        views = self.organisation if facet.type == "organisation" else self.dataset if facet.type == "dataset" else None
        if views is not None:
            values = [view.name if (view := views(v)) else v for v in values]
        return sorted(set(values))

    def search_filters(self, record: AgreementRecord) -> list[tuple[str, str]]:
        """(filter, value) pairs for an agreement's page: one per value of each facet field."""
        pairs = ((f.filter_name, v) for f in self.facet_fields for v in self.facet_values(record, f))
        return list(dict.fromkeys(pairs))  # two columns can feed one filter (two organisation columns)


def _by_name(views: dict[str, OrganisationView] | dict[str, DatasetView]) -> list[str]:
    return sorted(views, key=lambda k: (name_key(views[k].name), k))


def build_site(
    uses: DataUses,
    pages: list[ContentPage],
    base_url: str = "",
    registers: list[TableRegister] | None = None,
    external: list[ExternalRegister] | None = None,
) -> Site:
    registers = sorted(registers or [], key=lambda r: (r.definition.order, r.id))
    organisations, datasets = _names(uses, registers)
    org_views = {k: OrganisationView(e) for k, e in organisations.entities.items()}
    data_views = {k: DatasetView(e) for k, e in datasets.entities.items()}
    _link_records(uses, org_views, data_views)
    _count_datasets(uses, data_views)
    _link_register_rows(registers, org_views, data_views)

    # Organisations that appear only in other editions' or registers' text still get a page.
    site = Site(
        title="Data Uses Register",
        uses=uses,
        organisations={k: org_views[k] for k in _by_name(org_views)},
        datasets={k: data_views[k] for k in _by_name(data_views)},
        # The guidance's field glossary is the definition's labels and descriptions.
        pages=[with_field_glossary(p, uses.definition) for p in pages],
        facets={},
        facet_fields=facet_fields(uses.definition),
        registers=registers,
        external=external or [],
        base_url=base_url.rstrip("/"),
    )
    site.facets = _facets(site)
    return site


def _names(uses: DataUses, registers: list[TableRegister]) -> tuple[Names, Names]:
    """Every organisation and dataset named, slugs assigned; the agreement records built on them."""
    organisations, datasets = Names(), Names()
    uses.see_names(organisations, datasets)
    # Other registers' names come after the Data Uses Register's, so its slugs never move.
    for table in registers:
        for name in table.names("organisation"):
            organisations.see(name)
        for name in table.names("dataset"):
            datasets.see(name)
    uses.split_controllers(organisations)
    organisations.assign_slugs()
    datasets.assign_slugs()
    uses.build_records()
    return organisations, datasets


def _link_records(uses: DataUses, org_views: dict[str, OrganisationView], data_views: dict[str, DatasetView]) -> None:
    """Each agreement on the pages of its applicant, controllers (and earlier names) and datasets;
    each applicant's organisation types, most common first."""
    type_counts: dict[str, Counter[str]] = {}
    for record in uses.records.values():
        if record.applicant_key in org_views:  # the register can leave the applicant blank
            org_views[record.applicant_key].applicant_of.append(record)
            kind = record.latest.fields.get("organisation_type") or ""
            type_counts.setdefault(record.applicant_key, Counter())[kind] += 1
        for key in record.controller_keys:
            org_views[key].controller_of.append(record)
        for key in record.dataset_keys:
            data_views[key].records.append(record)
        earlier = set()  # named on earlier versions only: the names before a rename
        for version in record.agreement.versions:
            earlier.add(name_key(version.fields.get("applicant") or ""))
            earlier.update(name_key(c) for c in version.controllers)
        for key in sorted(earlier - {record.applicant_key, *record.controller_keys}):
            if key in org_views:
                org_views[key].earlier_of.append(record)
    for key, counts in type_counts.items():
        org_views[key].types = [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if t]


def _count_datasets(uses: DataUses, data_views: dict[str, DatasetView]) -> None:
    """Each dataset's releases by month released and agreements by edition."""
    for agreement in uses.snapshot.agreements.values():
        for version in agreement.versions:
            for release in version.releases:
                if release.get("dataset") and is_month(month := release.get("month_released")):
                    view = data_views[name_key(release["dataset"])]
                    view.releases_by_month[month] = view.releases_by_month.get(month, 0) + 1
    for summary in uses.editions:
        for key, count in summary.dataset_agreements.items():
            data_views[key].agreements_by_edition[summary.month] = count
    for data_view in data_views.values():
        data_view.releases_by_month = dict(sorted(data_view.releases_by_month.items()))


def _link_register_rows(
    registers: list[TableRegister], org_views: dict[str, OrganisationView], data_views: dict[str, DatasetView]
) -> None:
    """Each other register's rows on the pages of the organisations and datasets they name."""
    for table in registers:
        columns = table.definition.main_sheet.columns
        for row in table.rows:
            for column in columns:
                value = row.values.get(column.key)
                views = org_views if column.type == "organisation" else data_views if column.type == "dataset" else None
                if views is not None and value and (named := views.get(name_key(str(value)))) is not None:
                    rows = named.entries.setdefault(table.id, [])
                    if not rows or rows[-1] is not row:
                        rows.append(row)


def _facets(site: Site) -> dict[str, list[Facet]]:
    groups: dict[str, dict[str, list[AgreementRecord]]] = {}
    for facet_field in site.facet_fields:
        if facet_field.directory:
            continue
        group = groups[facet_field.slug] = {}
        for record in site.uses.current_records():
            for value in site.facet_values(record, facet_field) or ["Not stated"]:
                group.setdefault(value, []).append(record)
    facets: dict[str, list[Facet]] = {}
    for name, values in groups.items():
        taken: set[str] = set()
        items = []
        for value in sorted(values, key=lambda v: (name_key(v), v)):
            slug = slugify(value)
            while slug in taken:  # values that slugify alike: deterministic as values are sorted
                slug += "-x"
            taken.add(slug)
            items.append(Facet(name, value, slug, values[value]))
        facets[name] = items
    return facets
