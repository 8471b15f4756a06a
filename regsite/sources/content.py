"""Guidance pages: markdown files with a small front matter block.

``content/<name>.md`` becomes ``/guidance/<name>/``; ``content/site/<name>.md`` becomes
``/<name>/`` (the about page and the accessibility statement). Front matter::

    ---
    title: Reading an agreement
    description: What each field of an agreement means.
    last_reviewed: 2026-11-22
    order: 2
    ---
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html as html_lib
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from regsite.diagnostics import Location, Report, relative_name
from regsite.sources.definitions import RegisterDefinition
from regsite.text import slugify

FRONT_MATTER_KEYS = {"title", "description", "last_reviewed", "order"}


class _TableTreeprocessor(Treeprocessor):
    """Markdown tables as NHS.UK tables: a caption from a preceding "Table: …" paragraph,
    scoped column headers, and a focusable region that scrolls sideways on small screens."""

    def run(self, root: ElementTree.Element) -> None:
        for parent in list(root.iter()):
            children = list(parent)
            for index, table in enumerate(children):
                if table.tag != "table":
                    continue
                table.set("class", "nhsuk-table app-table")  # compact markup, as components.data_table's
                for cell in table.iter("th"):
                    cell.set("scope", "col")
                _stack_on_phones(table)
                before = children[index - 1] if index else None
                caption_text = None
                if before is not None and before.tag == "p" and (before.text or "").startswith("Table: "):
                    caption_text = (before.text or "")[len("Table: ") :].strip()
                    parent.remove(before)
                caption_id = "table-" + slugify(caption_text or f"{index}")
                if caption_text:
                    caption = ElementTree.Element("caption", {"class": "nhsuk-table__caption", "id": caption_id})
                    caption.text = caption_text
                    table.insert(0, caption)
                region = ElementTree.Element(
                    "div",
                    {"class": "app-table-region", "role": "region", "aria-labelledby": caption_id, "tabindex": "0"},
                )
                position = list(parent).index(table)
                parent.remove(table)
                region.append(table)
                parent.insert(position, region)


def _stack_on_phones(table: ElementTree.Element) -> None:
    """From three columns, the NHS.UK responsive table, as ``components.data_table`` makes it:
    below the desktop breakpoint each row is a stack of values, each led by its column's heading
    (its ``data-label``, drawn by CSS, hidden from assistive technology, which has the column
    header, and from search)."""
    titles = ["".join(th.itertext()).strip() for th in table.iter("th")]
    if len(titles) < 3:
        return
    table.set("class", "nhsuk-table nhsuk-table--responsive app-table")
    table.set("role", "table")  # a table to assistive technology once CSS makes its rows blocks
    for body in table.iter("tbody"):
        for row in body.iter("tr"):
            for title, cell in zip(titles, list(row), strict=False):
                value = ElementTree.Element("span")
                value.text, cell.text = cell.text, None
                for child in list(cell):
                    cell.remove(child)
                    value.append(child)
                cell.set("data-label", title)
                cell.append(value)


class _TablesExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_TableTreeprocessor(md), "nhsuk_tables", 5)


def _extensions() -> list[str | Extension]:
    return ["attr_list", "tables", "toc", "sane_lists", "def_list", _TablesExtension()]


@dataclass
class ContentPage:
    name: str  # file stem
    section: str  # "guidance" or "site"
    title: str
    description: str
    last_reviewed: dt.date | None
    order: int
    html: str
    source: str  # file label
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, text)

    @property
    def path(self) -> str:
        return f"guidance/{self.name}/" if self.section == "guidance" else f"{self.name}/"


def _front_matter(text: str, file: str, report: Report) -> tuple[dict[str, str], str, int]:
    if not text.startswith("---"):
        report.error(
            "front-matter",
            Location(file=file, line=1),
            "The page has no front matter.",
            expected="a block between two '---' lines with title, description, last_reviewed and order",
        )
        return {}, text, 0
    lines = text.split("\n")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        report.error(
            "front-matter",
            Location(file=file, line=1),
            "The front matter is not closed.",
            fix="End it with a line of three hyphens (---).",
        )
        return {}, text, 0
    meta: dict[str, str] = {}
    for number, line in enumerate(lines[1:end], 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep:
            report.error("front-matter", Location(file=file, line=number), "Not a 'key: value' line.", found=repr(line))
            continue
        if key not in FRONT_MATTER_KEYS:
            report.warning(
                "front-matter",
                Location(file=file, line=number, key=key),
                "Unknown front matter key.",
                fix="Known keys: " + ", ".join(sorted(FRONT_MATTER_KEYS)) + ".",
            )
        meta[key] = value.strip().strip('"').strip("'")
    return meta, "\n".join(lines[end + 1 :]), end + 1


def load_page(path: Path, section: str, report: Report, root: Path) -> ContentPage | None:
    file = relative_name(path, root)
    try:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        report.error("encoding", Location(file=file), "The file is not UTF-8 text.", fix="Save it as UTF-8.")
        return None
    meta, body, _ = _front_matter(text, file, report)
    title = meta.get("title", "")
    if not title:
        report.error("front-matter", Location(file=file, key="title"), "The page has no title.", fix="Add 'title: …'.")
        return None
    reviewed = None
    if raw := meta.get("last_reviewed"):
        try:
            reviewed = dt.date.fromisoformat(raw)
        except ValueError:
            report.error(
                "front-matter",
                Location(file=file, key="last_reviewed"),
                "Not a date.",
                expected="a date like 2026-11-22",
                found=repr(raw),
            )
    try:
        order = int(meta.get("order", "100"))
    except ValueError:
        report.error("front-matter", Location(file=file, key="order"), "Not a whole number.", found=repr(meta["order"]))
        order = 100
    if re.search(r"^# ", body, re.MULTILINE):
        report.warning(
            "heading",
            Location(file=file),
            "The body has a level-1 heading; the title is the page's only h1.",
            fix="Start body headings at ##.",
        )
    md = markdown.Markdown(extensions=_extensions(), extension_configs={"toc": {"permalink": False}})
    html = md.convert(body)
    if html.count("<table") != html.count("<caption"):
        report.error(
            "table-caption",
            Location(file=file),
            "A table has no caption.",
            fix="Put a paragraph 'Table: what the table shows' just before the table.",
        )
    headings = [(t["level"], t["id"], t["name"]) for t in _flatten(md.toc_tokens)]  # type: ignore[attr-defined]
    return ContentPage(path.stem, section, title, meta.get("description", ""), reviewed, order, html, file, headings)


def _flatten(tokens: list[dict]) -> list[dict]:
    out: list[dict] = []
    for token in tokens:
        out.append(token)
        out.extend(_flatten(token.get("children", [])))
    return out


# <!-- fields: SHEET --> or <!-- fields: SHEET TYPE --> or <!-- fields: SHEET except TYPE -->
_FIELDS = re.compile(r"<!-- fields: ([a-z0-9-]+)(?: (except )?([a-z-]+))? -->")
_HEADING = re.compile(r'<h([2-6]) id="([^"]+)">(.*?)</h\1>')


def with_field_glossary(page: ContentPage, definition: RegisterDefinition) -> ContentPage:
    """A page's ``<!-- fields: … -->`` lines become the glossary of a sheet's columns (or
    those of one type, or all but one type): each column's label as a heading with the
    anchor ``field-<key>``, where the field's name on a page links, and its description,
    both from the register's definition. A key described once is not repeated."""
    if "<!-- fields:" not in page.html:
        return page
    sheets = {s.id: s for s in definition.sheets}
    done: set[str] = set()

    def glossary(match: re.Match[str]) -> str:
        sheet = sheets.get(match.group(1))
        if sheet is None:
            return match.group(0)
        exclude, kind = bool(match.group(2)), match.group(3)
        entries = []
        for column in sheet.columns:
            if not column.description or column.key in done or (kind and (column.type == kind) == exclude):
                continue
            done.add(column.key)
            anchor = "field-" + column.key.replace("_", "-")
            body = markdown.Markdown(extensions=_extensions()).convert(column.description)
            entries.append(f'<h3 id="{anchor}">{html_lib.escape(column.title)}</h3>\n{body}')
        return "\n".join(entries)

    html = _FIELDS.sub(glossary, page.html)
    headings = [(int(n), i, html_lib.unescape(re.sub(r"<[^>]+>", "", t))) for n, i, t in _HEADING.findall(html)]
    return dataclasses.replace(page, html=html, headings=headings)


def load_content(content_dir: Path, report: Report) -> list[ContentPage]:
    root = content_dir.parent
    pages: list[ContentPage] = []
    if not content_dir.is_dir():
        report.warning(
            "no-content",
            Location(file=relative_name(content_dir, root)),
            "The content folder does not exist: the site is built without guidance pages.",
        )
        return pages
    for path in sorted(content_dir.glob("*.md")):
        if page := load_page(path, "guidance", report, root):
            pages.append(page)
    for path in sorted((content_dir / "site").glob("*.md")):
        if page := load_page(path, "site", report, root):
            pages.append(page)
    pages.sort(key=lambda p: (p.section, p.order, p.name))
    return pages
