"""Render pages with Jinja and the NHS.UK frontend macros, on every core.

Pages are rendered in worker processes forked from the one that built the site model,
so the model is shared without copying. Each page's links are relative to it
(``urls.Linker``); the header and footer depend only on the page's depth, so each worker
renders them once per depth and section and reuses them.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader, pass_context
from markupsafe import Markup

from regsite import cells, text, urls
from regsite.publish import Writer


@dataclass
class PageSpec:
    path: str  # site path: "agreements/x/" (a folder) or "404.html" (a file)
    template: str
    title: str
    section: str = ""  # the header navigation item this page sits under
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)  # (text, site path), root first
    context: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    search: bool = True  # in the search index
    alternate_json: str = ""  # site path of the same record as JSON
    root_links: bool = False  # links from the site root: the 404 page is served at any address

    @property
    def file(self) -> str:
        return urls.output_file(self.path)


def format_date(value: Any) -> str:
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return cells.display(value)


def format_number(value: int | float) -> str:
    return f"{value:,}"


def format_size(size: int) -> str:
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def list_items(values: Sequence[str]) -> Markup:
    """A plain list of texts, each escaped."""
    return Markup('<ul class="nhsuk-list nhsuk-list--bullet">{}</ul>').format(
        Markup("").join(Markup("<li>{}</li>").format(v) for v in values)
    )


def link(text: str, href: str) -> Markup:
    """A link whose text and address are both escaped."""
    return Markup('<a href="{}">{}</a>').format(href, text)


def make_environment(templates: Path) -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(templates)), PackageLoader("nhsuk_frontend_jinja")]),
        autoescape=True,
        undefined=ChainableUndefined,  # the NHS.UK macros read optional nested parameters
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        freetext=text.free_text_html,
        date=format_date,
        month=cells.month_label,
        number=format_number,
        display=cells.display,
        slugify=text.slugify,
        list_items=list_items,
        filesize=format_size,
    )
    env.globals.update(urls=urls, plural=plural, chrome=_chrome, link=link)
    return env


@pass_context
def _chrome(context: Any, part: str) -> Markup:
    """The header or footer of a page, rendered once per depth and section in each process."""
    renderer: Renderer = context["renderer"]
    page: PageSpec = context["page"]
    url: urls.Linker = context["url"]
    key = (part, url.prefix, page.section)
    if key not in renderer.chrome_cache:
        template = renderer.env.get_template("_chrome.html")
        module = template.make_module({**renderer.globals, "url": url, "section": page.section})
        renderer.chrome_cache[key] = Markup(getattr(module, part)())
    return renderer.chrome_cache[key]


class Renderer:
    def __init__(self, templates: Path, globals_: dict[str, Any], offline: bool = False) -> None:
        self.env = make_environment(templates)
        self.globals = globals_
        self.offline = offline
        self.chrome_cache: dict[tuple[str, str, str], Markup] = {}

    def render(self, page: PageSpec) -> bytes:
        url = (
            urls.Linker("/") if page.root_links and not self.offline else urls.Linker.for_page(page.file, self.offline)
        )
        context = {**self.globals, **page.context, "page": page, "url": url, "renderer": self}
        html = self.env.get_template(page.template).render(context)
        return html.encode("utf-8")


# Worker state, inherited through fork: the renderer, the pages and the writer.
_JOB: tuple[Renderer, Sequence[PageSpec], Writer] | None = None


def _render_range(bounds: tuple[int, int]) -> list[tuple[str, int]]:
    assert _JOB is not None
    renderer, pages, writer = _JOB
    written = []
    for page in pages[bounds[0] : bounds[1]]:
        data = renderer.render(page)
        writer.write(page.file, data)
        written.append((page.file, len(data)))
    return written


def render_pages(
    renderer: Renderer,
    pages: Sequence[PageSpec],
    writer: Writer,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[tuple[str, int]]:
    """Render and write every page; in parallel where there are enough pages to pay for it."""
    global _JOB
    workers = workers or min(os.cpu_count() or 1, 8)
    for page in pages:
        writer.claim(page.file)
    _JOB = (renderer, pages, writer)
    try:
        if workers <= 1 or len(pages) < 200 or "fork" not in multiprocessing.get_all_start_methods():
            return _render_range((0, len(pages)))
        # Small chunks balance long agreement pages against short ones.
        size = max(20, len(pages) // (workers * 8))
        chunks = [(i, min(i + size, len(pages))) for i in range(0, len(pages), size)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_render_range, chunks, chunksize=1)
        return [item for chunk in results for item in chunk]
    finally:
        _JOB = None
