"""The rows of the site's tables, lists and navigation, built in Python for the templates.

Templates pass these to the NHS.UK macros and ``components`` as they are: no template builds
a table. Functions that need the page's link maker take the template context
(``pass_context``); the others return site paths in ``href``, which ``data_table(link=url)``
turns into the page's own addresses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from regsite.model.version_diff import FieldChange, VersionChanges
from regsite.render import urls
from regsite.render.components import html
from regsite.render.environment import format_date, format_size, list_items, plural
from regsite.sources import cells

Cell = Any
NAV = (
    ("Agreements", urls.agreements(), "agreements"),
    ("Organisations", urls.organisations(), "organisations"),
    ("Datasets", urls.datasets(), "datasets"),
    ("Registers", urls.registers(), "registers"),
    ("Browse", urls.browse(), "browse"),
    ("Archive", urls.archive(), "archive"),
    ("Guidance", urls.guidance(), "guidance"),
    ("Downloads", urls.downloads(), "downloads"),
)


def number(n: int) -> dict[str, Any]:
    return {"text": n, "numeric": True}


@pass_context
def nav_items(context: Any) -> list[dict[str, Any]]:
    """The header's navigation; "Registers" only where the site has registers besides its own."""
    url, section = context["url"], context["section"]
    return [
        {"text": text, "href": url(path), "current": section == key}
        for text, path, key in NAV
        if key != "registers" or context["has_registers"]
    ]


@pass_context
def pager_items(context: Any, current: int, total: int, path_for: Callable[[int], str]) -> list[dict[str, Any]]:
    url = context["url"]
    return [{"number": n, "href": url(path_for(n)), "current": n == current} for n in range(1, total + 1)]


def changed_rows(
    changes: VersionChanges, labels: dict[str, str], whole: Callable[[FieldChange], Markup] | None = None
) -> list[dict[str, Any]]:
    """A version's changed fields and datasets as summary-list rows: each field with what it was
    and is now, a long text as a word diff. With ``whole`` (an agreement's history, where both
    texts are whole elsewhere), unchanged paragraphs are folded and ``whole`` links to them."""
    rows = []
    for f in changes.fields:
        if f.long:
            diff = f.word_diff(whole is None) + (whole(f) if whole else Markup(""))
            value = Markup(
                '<details class="nhsuk-details app-diff"><summary class="nhsuk-details__summary">'
                '<span class="nhsuk-details__summary-text">Show the changed wording</span></summary>'
                f'<div class="nhsuk-details__text app-free-text">{html(diff)}</div></details>'
            )
        else:
            # f-strings and html() write what Markup.format did, without its formatter's cost
            value = Markup(
                '<span class="app-change__old"><span class="app-change__label">Was:</span> '
                f"{html(format_date(f.old) or 'blank')}</span> "
                '<span class="app-change__new"><span class="app-change__label">Now:</span> '
                f"{html(format_date(f.new) or 'blank')}</span>"
            )
            if whole is not None:
                value = Markup(f'<span class="app-change">{value}</span>')
        rows.append({"key": {"text": labels.get(f.key, f.key)}, "value": {"html": value}})
    if changes.datasets_added:
        rows.append({"key": {"text": "Datasets added"}, "value": {"html": list_items(changes.datasets_added)}})
    if changes.datasets_removed:
        rows.append({"key": {"text": "Datasets removed"}, "value": {"html": list_items(changes.datasets_removed)}})
    for name, diffs in changes.datasets_changed:
        value = Markup("").join(
            Markup(
                '<p>{}: <span class="app-change__label">was</span> {}, '
                '<span class="app-change__label">now</span> {}</p>'
            ).format(labels.get(d.key, d.key), d.old or "blank", d.new or "blank")
            for d in diffs
        )
        rows.append({"key": {"text": "Dataset " + name}, "value": {"html": value}})
    return rows


@pass_context
def version_change_rows(context: Any, changes: VersionChanges, older: Any, newer: Any) -> list[dict[str, Any]]:
    """``changed_rows`` for an agreement's history: each long text links to both whole versions."""
    url, paths = context["url"], context["version_paths"]

    def whole(f: FieldChange) -> Markup:
        anchor = f.key.replace("_", "-")
        old, new = html(url(paths[older.reference])), html(url(paths[newer.reference]))
        return Markup(
            f'<p>The whole text: <a href="{old}#{html(anchor)}">version {html(older.version)}</a>, '
            f'<a href="{new}#{html(anchor)}">version {html(newer.version)}</a>.</p>'
        )

    return changed_rows(changes, context["field_labels"], whole)


@pass_context
def register_rows(context: Any, table: Any, rows: Iterable[Any]) -> tuple[list[Cell], list[list[Cell]]]:
    """A register table's head and rows: its declared columns, names linked to their pages."""
    links: dict[str, tuple[Callable[[str], Any], Callable[[str], str]]] = {
        "organisation": (context["organisation_for"], urls.organisation),
        "dataset": (context["dataset_for"], urls.dataset),
        "reference": (context["agreement_for"], urls.agreement),
    }
    columns = table.table_columns
    body = []
    for row in rows:
        line: list[Cell] = []
        for c in columns:
            value = row.values.get(c.key)
            found = links[c.type][0](value) if value and c.type in links else None
            if found is not None:
                line.append({"text": value, "href": links[c.type][1](found.slug)})
            elif c.type == "date":
                line.append(format_date(value))
            elif c.type == "month":
                line.append(cells.month_label(value))
            elif c.type == "number" and isinstance(value, int | float) and not isinstance(value, bool):
                line.append({"text": value, "numeric": True})
            else:
                line.append(cells.display(value))
        body.append(line)
    head = [{"text": c.title, "numeric": True} if c.type == "number" else c.title for c in columns]
    return head, body


@pass_context
def mention_facts(context: Any, register: Any, mentions: Sequence[Any]) -> list[dict[str, Any]]:
    """What another register recorded of an agreement: the edition, the references it gave, and
    per table that has a reference column, its rows (and datasets) naming the agreement."""
    url = context["url"]
    references = list(dict.fromkeys(r for m in mentions for r in m.references))
    edition = Markup('<a href="{}">{}</a>').format(
        url(urls.register_archive(register.id, register.current.month)), register.current.label
    )
    facts: list[dict[str, Any]] = [
        {"key": {"text": "Edition"}, "value": {"html": edition}},
        {
            "key": {"text": "Reference recorded" if len(references) == 1 else "References recorded"},
            "value": {"text": ", ".join(references)},
        },
    ]
    for t in register.tables:
        if not any(c.type == "reference" for c in t.columns):
            continue
        m = next((m for m in mentions if m.table.id == t.id), None)
        if m is None:
            value = Markup("None recorded")
        else:
            address = urls.register(register.id) if t.id == register.main.id else urls.register_table(register.id, t.id)
            text = plural(len(m.rows), t.noun)
            if m.datasets:
                text += f", of {plural(len(m.datasets), 'dataset')}: " + "; ".join(m.datasets)
            value = Markup('{} (<a href="{}">{}</a>)').format(text, url(address), t.title.lower())
        facts.append({"key": {"text": t.title}, "value": {"html": value}})
    return facts


def accounting_rows(sheets: Iterable[dict[str, Any]]) -> list[list[Cell]]:
    """Per sheet: rows read, published and set aside, and why (``model.accounting``)."""
    out = []
    for s in sheets:
        if s["reasons"]:
            reasons = Markup('<ul class="nhsuk-list">{}</ul>').format(
                Markup("").join(
                    Markup("<li>{} {} (rows {})</li>").format(f"{r['count']:,}", r["reason"], r["rows"])
                    for r in s["reasons"]
                )
            )
        else:
            reasons = Markup("None")
        out.append([s["sheet"], number(s["read"]), number(s["published"]), number(s["set_aside"]), {"html": reasons}])
    return out


@pass_context
def version_rows(context: Any, record: Any, versions: Sequence[Any]) -> list[list[Cell]]:
    """An agreement's versions, newest first: the newest links to the page's own facts."""
    url, version_paths = context["url"], context["version_paths"]
    rows = []
    for index, v in enumerate(reversed(versions)):
        seen = record.version_first_seen.get(v.reference)
        rows.append(
            [
                {"text": v.version, "href": url(version_paths[v.reference]) if index else "#facts"},
                format_date(v.fields.get("start_date")),
                format_date(v.fields.get("end_date")),
                number(len(v.datasets)),
                number(len(v.releases)),
                {"text": cells.month_label(seen) + " edition", "href": url(urls.archive(seen))} if seen else "",
            ]
        )
    return rows


def count_rows(pairs: Iterable[tuple[Any, int]]) -> list[list[Cell]]:
    """Two columns: a label and a count."""
    return [[label, number(n)] for label, n in pairs]


@pass_context
def linked_count_rows(context: Any, links: Iterable[tuple[str, int, str]]) -> list[list[Cell]]:
    """Two columns: a label linked to its page (label, count, site path), and the count."""
    url = context["url"]
    return [[{"text": label, "href": url(path)}, number(n)] for label, n, path in links]


def dataset_rows(datasets: Iterable[Any]) -> list[list[Cell]]:
    return [
        [{"text": ds.name, "href": urls.dataset(ds.slug)}, number(len(ds.records)), number(ds.files_released)]
        for ds in datasets
    ]


def download_rows(items: Iterable[Any]) -> list[list[Cell]]:
    """Downloads with their format, size and checksum."""
    return [
        [
            {"text": d.path.split("/")[-1], "href": d.path},
            d.title,
            d.kind,
            {"text": format_size(d.size), "numeric": True},
            {"html": Markup('<code class="app-hash">{}</code>').format(d.sha256)},
        ]
        for d in items
    ]


def resource_rows(files: Iterable[tuple[str, Any]]) -> list[list[Cell]]:
    """The open-data resources: the name that stays the same, and the file it names now."""
    return [[{"text": name}, {"text": d.path.split("/")[-1], "href": d.path}, d.title, d.kind] for name, d in files]


GLOBALS = {
    "nav_items": nav_items,
    "pager_items": pager_items,
    "version_change_rows": version_change_rows,
    "register_rows": register_rows,
    "mention_facts": mention_facts,
    "accounting_rows": accounting_rows,
    "version_rows": version_rows,
    "count_rows": count_rows,
    "linked_count_rows": linked_count_rows,
    "dataset_rows": dataset_rows,
    "download_rows": download_rows,
    "resource_rows": resource_rows,
}
