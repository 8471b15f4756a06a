"""Render pages with Jinja and the NHS.UK frontend macros, on every core.

Pages are rendered in worker processes forked from the one that built the site model,
so the model is shared without copying. Each page's links are relative to it
(``urls.Linker``); the header and footer depend only on the page's depth, so each worker
renders them once per depth and section and reuses them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader, pass_context
from markupsafe import Markup

from regsite import text
from regsite.render import urls, views
from regsite.render.components import data_table, summary_list
from regsite.render.markup import free_text_html
from regsite.sources import cells


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
    # Work that only this page needs (an agreement's version differences) is deferred to
    # the render workers, so it runs on every core instead of in the main process.
    context_fn: Callable[[], dict[str, Any]] | None = None

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
        freetext=free_text_html,
        date=format_date,
        month=cells.month_label,
        number=format_number,
        display=cells.display,
        slugify=text.slugify,
        list_items=list_items,
        filesize=format_size,
        partial=functools.partial,
    )
    env.globals.update(
        urls=urls, plural=plural, chrome=_chrome, link=link, data_table=data_table, summary_list=summary_list
    )
    env.globals.update(views.GLOBALS)
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
        extra = page.context_fn() if page.context_fn else {}
        context = {**self.globals, **page.context, **extra, "page": page, "url": url, "renderer": self}
        html = self.env.get_template(page.template).render(context)
        return html.encode("utf-8")
