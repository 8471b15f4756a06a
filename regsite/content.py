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

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown

from regsite.diagnostics import Location, Report, relative_name

FRONT_MATTER_KEYS = {"title", "description", "last_reviewed", "order"}
_EXTENSIONS = ["attr_list", "tables", "toc", "sane_lists", "def_list"]


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

    @property
    def anchors(self) -> set[str]:
        return {h[1] for h in self.headings}


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
    md = markdown.Markdown(extensions=_EXTENSIONS, extension_configs={"toc": {"permalink": False}})
    html = md.convert(body)
    headings = [(t["level"], t["id"], t["name"]) for t in _flatten(md.toc_tokens)]  # type: ignore[attr-defined]
    return ContentPage(path.stem, section, title, meta.get("description", ""), reviewed, order, html, file, headings)


def _flatten(tokens: list[dict]) -> list[dict]:
    out: list[dict] = []
    for token in tokens:
        out.append(token)
        out.extend(_flatten(token.get("children", [])))
    return out


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
