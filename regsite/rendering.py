"""Render pages with Jinja and the NHS.UK frontend macros, on every core.

Pages are rendered in worker processes forked from the one that built the site model,
so the model is shared without copying. Each page's links are relative to it
(``urls.Linker``); the header and footer depend only on the page's depth, so each worker
renders them once per depth and section and reuses them.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader, pass_context
from markupsafe import Markup

from regsite import cells, mirror_search, text, urls, views
from regsite.components import data_table, summary_list
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
        freetext=text.free_text_html,
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


@dataclass
class FileJob:
    """A file made by the build (a CSV, a JSON download), written by a worker in parallel with pages."""

    path: str
    make: Callable[[], bytes | Iterable[bytes]]  # the bytes, or chunks of them for a big file
    weight: int = 1  # rough cost, so the biggest jobs start first


def search_stub(html: str) -> str:
    """What the search indexer needs of a page: its title and indexed body, without the parts
    marked <!--search:skip--> (an agreement's file list and earlier versions, which Pagefind
    ignores anyway but would still have to read)."""
    start = html.find("<div data-pagefind-body>")
    end = html.find("<!--/search-body-->", start)
    body = html[start:end]
    while (skip := body.find("<!--search:skip-->")) >= 0:
        stop = body.find("<!--/search:skip-->", skip)
        body = body[:skip] + (body[stop + len("<!--/search:skip-->") :] if stop >= 0 else "")
    title = html[html.find("<title>") : html.find("</title>") + len("</title>")]
    return f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{title}</head><body>{body}</body></html>'


# Worker state, inherited through fork: the renderer, the pages, the file jobs, the writers
# for the site and for the search stubs, and whether to read the offline search's documents.
_JOB: tuple[Renderer, Sequence[PageSpec], Sequence[FileJob], Writer, Writer | None, bool] | None = None


class Written(NamedTuple):
    path: str
    size: int
    sha256: str  # of files; pages are not checksummed
    document: mirror_search.Document | None = None  # a page's, for the offline search


def _run(task: tuple[str, int, int]) -> list[Written]:
    """Write a range of pages or of file jobs."""
    assert _JOB is not None
    renderer, pages, jobs, writer, stubs, read_documents = _JOB
    kind, start, end = task
    written = []
    if kind == "jobs":
        for job in jobs[start:end]:
            made = job.make()
            chunks = [made] if isinstance(made, bytes) else made
            digest, size = hashlib.sha256(), 0
            with writer.open(job.path) as handle:  # streamed: a 200 MB JSON is never whole in memory
                for chunk in chunks:
                    handle.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
            written.append(Written(job.path, size, digest.hexdigest()))
        return written
    for page in pages[start:end]:
        data = renderer.render(page)
        writer.write(page.file, data)
        document = None
        if stubs is not None and page.search:
            stub = search_stub(data.decode("utf-8"))
            stubs.write(page.file, stub.encode("utf-8"))
            if read_documents:  # read here, on every core, rather than from the stubs afterwards
                document = mirror_search.document_from_stub(page.path, stub)
        written.append(Written(page.file, len(data), "", document))
    return written


def render_pages(
    renderer: Renderer,
    pages: Sequence[PageSpec],
    writer: Writer,
    workers: int | None = None,
    jobs: Sequence[FileJob] = (),
    stubs: Writer | None = None,
    read_documents: bool = False,
) -> tuple[list[Written], list[Written]]:
    """Render and write every page and file job, on every core where there is enough to share;
    with ``read_documents``, also read each search stub into the offline search's document.

    Returns what was written: (pages, files).
    """
    global _JOB
    workers = workers or min(os.cpu_count() or 1, 8)
    for page in pages:
        writer.claim(page.file)
    for job in jobs:
        writer.claim(job.path)
    _JOB = (renderer, pages, jobs, writer, stubs, read_documents)
    try:
        # Big file jobs go first, each on its own; small ones and pages go in chunks small
        # enough to balance long agreement pages against short ones.
        size = max(10, len(pages) // (max(workers, 1) * 8))
        heavy = [i for i, job in enumerate(jobs) if job.weight > 1]
        light = [i for i, job in enumerate(jobs) if job.weight <= 1]
        if light and light != list(range(len(heavy), len(jobs))):
            raise ValueError("list heavy file jobs before light ones")
        tasks = [("jobs", i, i + 1) for i in heavy]
        if light:
            tasks += [("jobs", i, min(i + 50, len(jobs))) for i in range(light[0], len(jobs), 50)]
        tasks += [("pages", i, min(i + size, len(pages))) for i in range(0, len(pages), size)]
        serial = workers <= 1 or len(pages) < 200 or "fork" not in multiprocessing.get_all_start_methods()
        if serial:
            results = [_run(task) for task in tasks]
        else:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.map(_run, tasks, chunksize=1)
        done = [item for chunk in results for item in chunk]
        job_paths = {job.path for job in jobs}
        return [d for d in done if d[0] not in job_paths], [d for d in done if d[0] in job_paths]
    finally:
        _JOB = None
