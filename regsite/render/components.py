"""NHS.UK table and summary list markup, written in Python because it is the hot path.

An agreement page can hold hundreds of table rows (one per released file) and dozens of
summary-list rows. Profiled on a full-size register, the nhsuk-frontend-jinja summary
list and table macros took over half of all render time (most of it in Jinja's
``indent`` filter and per-cell tests), so these two components emit the same NHS.UK
markup directly. Every other component (header, footer, breadcrumbs, pagination,
warning callout, details) uses the official macros.

Both are written in compact markup. Table cells carry no NHS.UK classes (nhsuk-frontend styles bare
``th`` and ``td`` the same), and a stacked table's column headings are not repeated in every cell
but drawn by CSS from each cell's ``data-label`` (site.scss). On a full-size register the
classes and repeated headings were over half the bytes of the pages listing released files.
A summary list's rows, terms and values carry no classes either: site.scss styles them as
nhsuk-frontend's by extending its classes (13 MB of a full-size site was those three classes).

Cells and keys take plain text (escaped here) or ``Markup`` (trusted, already escaped).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

from regsite.text import escape_html

Cell = Any  # str | int | Markup | Mapping with "text"/"html", "href", "numeric"
NUMERIC = ' class="app-num"'  # right-aligned, as nhsuk-frontend's --numeric modifiers are
_BLOCK = re.compile(r"<(?:ul|ol|p|div|dl|table)\b")


def html(value: Any) -> str:
    """A value as ``Markup.format`` writes it (markup as it is, anything else as escaped text), at a
    fraction of the cost: its formatter is Python, and an agreement page writes hundreds of links."""
    if type(value) is str:
        return escape_html(value)
    if type(value) is Markup:
        return str(value)
    return str(Markup("{}").format(value))  # anything else (a number, a date): markupsafe's own way


def _is_mapping(cell: Cell) -> bool:
    # A dict is by far the most common mapping; isinstance against the Mapping ABC is slow, and
    # the full-size register's pages ask it of about a million cells.
    return type(cell) is dict or isinstance(cell, Mapping)


def _content(cell: Cell) -> tuple[str, bool]:
    """A cell's HTML and whether it is numeric."""
    if type(cell) is str:  # plain text, the commonest cell (a Markup is a str, but not exactly)
        return escape_html(cell), False
    if _is_mapping(cell):
        numeric = bool(cell.get("numeric"))
        if "html" in cell and cell["html"] is not None:
            inner = str(cell["html"]) if isinstance(cell["html"], Markup) else str(escape(cell["html"]))
        else:
            text = cell.get("text", "")
            inner = f"{text:,}" if isinstance(text, int) and not isinstance(text, bool) else str(escape(text))
        if cell.get("href"):
            inner = f'<a href="{escape(cell["href"])}">{inner}</a>'
        return inner, numeric
    if isinstance(cell, int) and not isinstance(cell, bool):
        return f"{cell:,}", True
    if isinstance(cell, Markup):
        return str(cell), False
    return str(escape("" if cell is None else cell)), False


def data_table(
    id: str,
    caption: str,
    head: Iterable[Cell],
    rows: Iterable[Iterable[Cell]],
    scroll: bool = True,
    caption_size: str = "m",
    first_is_header: bool = True,
    responsive: bool | None = None,
    link: Callable[[str], str] | None = None,
    numbers: bool = False,
) -> Markup:
    """A captioned table; header cells scoped to their column, each row's first cell to its row.

    ``responsive`` is the NHS.UK responsive table (nhsuk-frontend's ``responsive`` option): below
    the desktop breakpoint each row is a stack of values, each led by its column's heading, so
    a phone never scrolls sideways to read it. Its ARIA table role keeps it a table to assistive
    technology once CSS has made its rows blocks. The heading is each cell's ``data-label``,
    drawn by CSS with empty alternative text: the column header already names the cell to a
    screen reader, and search never reads it. By default a table of three or more columns is
    responsive: two columns fit a phone as they are.
    ``numbers``: every column after the first holds counts (a chart's, month by dataset), right-aligned
    by the table's class, not each cell's; by default it scrolls in its region, as statistical tables
    do, not stacked, which would repeat every column's heading (a dataset's name) beside each count.
    ``scroll`` wraps it in a labelled, focusable region that scrolls sideways on its own,
    so a wide table never makes the page scroll (WCAG 1.4.10).
    ``link`` turns the site paths of cells' ``href`` into the page's own addresses (``url``).
    """
    head = list(head)
    responsive = len(head) >= 3 and not numbers if responsive is None else responsive
    numeric_columns = [not numbers and isinstance(h, Mapping) and bool(h.get("numeric")) for h in head]
    titles = [str(escape(h.get("text", "") if isinstance(h, Mapping) else h)) for h in head]

    out: list[str] = []
    if scroll:
        out.append(f'<div class="app-table-region" role="region" aria-labelledby="{escape(id)}-caption" tabindex="0">')
    _table_head(out, id, caption, caption_size, responsive, numbers, titles, numeric_columns)
    out.append("<tbody>")
    labels = [f' data-label="{t}"' for t in titles] if responsive else []
    plain = _plain_tags(numeric_columns, labels, first_is_header)
    width = len(plain)
    for row in rows:
        out.append("<tr>")
        for index, cell in enumerate(row):
            if numbers and type(cell) is int:
                cell = f"{cell:,}"  # aligned by the table's class
            if type(cell) is str and index < width:  # plain text, most cells: as _cell writes it
                start, end = plain[index]
                out.append(f"{start}{escape_html(cell)}{end}")
                continue
            if link and _is_mapping(cell) and cell.get("href"):
                cell = {**cell, "href": link(cell["href"])}
            numeric = index < len(numeric_columns) and numeric_columns[index]
            label = labels[index] if index < len(labels) else None
            out.append(_cell(cell, numeric, label, index == 0 and first_is_header, not numbers))
        out.append("</tr>")
    out.append("</tbody></table>")
    if scroll:
        out.append("</div>")
    return Markup("".join(out))


def _plain_tags(numeric_columns: list[bool], labels: list[str], first_is_header: bool) -> list[tuple[str, str]]:
    """Each column's opening and closing tags for a plain-text cell, made once per table."""
    return [
        _tags(numeric, labels[index] if index < len(labels) else "", index == 0 and first_is_header)
        for index, numeric in enumerate(numeric_columns)
    ]


def _tags(numeric: bool, label: str, row_header: bool) -> tuple[str, str]:
    """A body cell's opening and closing tags: the row's header cell or a data cell."""
    attributes = (NUMERIC if numeric else "") + label
    return (f'<th scope="row"{attributes}>', "</th>") if row_header else (f"<td{attributes}>", "</td>")


def _table_head(
    out: list[str],
    id: str,
    caption: str,
    caption_size: str,
    responsive: bool,
    numbers: bool,
    titles: list[str],
    numeric_columns: list[bool],
) -> None:
    """The table's opening tag, caption and header row, appended to ``out``."""
    size = f" nhsuk-table__caption--{caption_size}" if caption_size else ""
    # A stacked table keeps its table role, and only that: nhsuk-frontend also gives rows and
    # cells theirs, which the HTML standard forbids (Nu reports it); inside a role="table"
    # they keep their implicit roles however CSS lays them out.
    modifier, role = (" nhsuk-table--responsive", ' role="table"') if responsive else ("", "")
    modifier += " app-table app-table--numbers" if numbers else " app-table"
    out.append(
        f'<table class="nhsuk-table{modifier}" id="{escape(id)}"{role}>'
        f'<caption class="nhsuk-table__caption{size}" id="{escape(id)}-caption">{escape(caption)}</caption>'
        "<thead data-pagefind-ignore><tr>"
    )
    for title, numeric in zip(titles, numeric_columns, strict=True):
        out.append(f'<th scope="col"{NUMERIC if numeric else ""}>{title}</th>')
    out.append("</tr></thead>")


def _cell(cell: Cell, numeric: bool, label: str | None, row_header: bool, classed: bool = True) -> str:
    """One body cell: the row's header cell or a data cell, labelled with its column's heading when
    stacked; without ``classed``, never marked numeric (its table aligns its numbers)."""
    inner, own_numeric = _content(cell)
    if label is not None:
        # As nhsuk-frontend does: HTML is wrapped, to stay one flex item beside the heading.
        html = isinstance(cell, Markup) or (_is_mapping(cell) and bool(cell.get("html") or cell.get("href")))
        if html:
            # A value holding a list or paragraphs needs a block around it; a span suffices otherwise.
            wrap = "div" if _BLOCK.search(inner) else "span"
            inner = f"<{wrap}>{inner}</{wrap}>"
    start, end = _tags(classed and (own_numeric or numeric), label or "", row_header)
    return f"{start}{inner}{end}"


def summary_list(rows: Iterable[Mapping[str, Any]]) -> Markup:
    """An NHS.UK summary list (``dl``): rows of {"key": {"text"|"html"}, "value": {"text"|"html"}},
    in compact markup (rows, terms and values without classes; see the module's docstring)."""
    out = ['<dl class="nhsuk-summary-list app-summary-list">']
    for row in rows:
        key, _ = _content(row.get("key", {}))
        value, _ = _content(row.get("value", {}))
        out.append(f"<div><dt>{key}</dt><dd>{value}</dd></div>")
    out.append("</dl>")
    return Markup("".join(out))
