"""Rendering on every core: pages and files (CSV, JSON) written by forked workers.

Each worker inherits the renderer, the page list and the writers through fork, renders its share
and reports what it wrote; a page's search stub, offline-search document and packed member of the
offline mirror (publish/mirror.Spool) are made there too.

A forked process that reads an object writes its reference count, so copies the memory page that
holds it; and an agreement's objects lie on pages shared with other agreements' (they are made
sheet by sheet), so a worker that lived through a whole build would copy most of the model. Hence:

- each worker renders one share and exits (a new one is forked for the next), so what it copied
  is given back as it goes: a full-size build's render stage peaked at 923 MB with workers that
  lived through it, and peaks at 597 MB so (most of it the heavy jobs below, made before the fork);
- the templates are compiled here, before the fork, so that the workers need not each compile them;
- the heavy file jobs (the CSVs and the JSON of a whole register, each reading all of it) are made
  here, before any fork, two at a time on threads: a worker making one would copy the whole model.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple

from regsite.memory import release_freed_memory
from regsite.publish.mirror import Packed, Spool, SpoolFile
from regsite.publish.writer import Writer
from regsite.render.environment import PageSpec, Renderer
from regsite.search import offline
from regsite.search.stubs import search_stub


@dataclass
class FileJob:
    """A file made by the build (a CSV, a JSON download), written by a worker in parallel with pages."""

    path: str
    make: Callable[[], bytes | Iterable[bytes]]  # the bytes, or chunks of them for a big file
    weight: int = 1  # rough cost: a job weighing more than 1 reads a whole register, so is made before the fork


@dataclass
class _Job:
    """Worker state, inherited through fork."""

    renderer: Renderer
    pages: Sequence[PageSpec]
    jobs: Sequence[FileJob]
    writer: Writer  # the site's
    stubs: Writer | None  # the search stubs'
    read_documents: bool  # whether to read each page's offline-search document
    spool: Spool | None  # where to pack each page for the offline mirror


_JOB: _Job | None = None


class Written(NamedTuple):
    path: str
    size: int
    sha256: str  # of files; pages are not checksummed
    document: offline.Document | None = None  # a page's, for the offline search
    packed: Packed | None = None  # a page's member of the offline mirror, packed where it was rendered


def _run(task: tuple[str, int, int]) -> list[Written]:
    """Write a range of pages or of file jobs."""
    assert _JOB is not None
    kind, start, end = task
    if kind == "jobs":
        return [_make(job, _JOB.writer) for job in _JOB.jobs[start:end]]
    share = _JOB.spool.open() if _JOB.spool is not None else None
    try:
        return [_page(_JOB, page, share) for page in _JOB.pages[start:end]]
    finally:
        if share is not None:
            share.close()


def _page(job: _Job, page: PageSpec, share: SpoolFile | None) -> Written:
    """One page rendered and written, with its search stub, its offline-search document and
    its member of the mirror, each made here, on every core, rather than from the page afterwards."""
    data = job.renderer.render(page)
    job.writer.write(page.file, data)
    document = None
    if page.search and (job.stubs is not None or job.read_documents):
        stub = search_stub(data.decode("utf-8"))
        if job.stubs is not None:
            job.stubs.write(page.file, stub.encode("utf-8"))
        if job.read_documents:
            document = offline.document_from_stub(page.path, stub)
    packed = share.add(page.file, data) if share is not None else None
    return Written(page.file, len(data), "", document, packed)


def _make_heavy(jobs: Sequence[FileJob], writer: Writer) -> list[list[Written]]:
    """The heavy file jobs, two at a time on threads: the whole register's gzipped JSON spends
    most of its time in zlib, which lets go of the interpreter, so a CSV is made meanwhile. The
    threads end here, before any fork."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return [[written] for written in pool.map(lambda job: _make(job, writer), jobs)]


def _make(job: FileJob, writer: Writer) -> Written:
    made = job.make()
    chunks = [made] if isinstance(made, bytes) else made
    digest, size = hashlib.sha256(), 0
    with writer.open(job.path) as handle:  # streamed: a 200 MB JSON is never whole in memory
        for chunk in chunks:
            handle.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    return Written(job.path, size, digest.hexdigest())


def _plan(pages: int, jobs: Sequence[FileJob], workers: int) -> tuple[list[int], list[tuple[str, int, int]]]:
    """The heavy file jobs, made here before the fork (_make_heavy), and the workers' tasks: pages
    in chunks small enough to balance long agreement pages against short ones, and light file
    jobs in as many chunks (at least fifty jobs each): each chunk is a fork, about a tenth of a CPU
    second on a full-size register, and fifty at a time made 38 of them."""

    def chunk(count: int, least: int) -> int:  # about eight chunks a worker
        return max(least, count // (max(workers, 1) * 8))

    size = chunk(pages, 10)
    heavy = [i for i, job in enumerate(jobs) if job.weight > 1]
    light = [i for i, job in enumerate(jobs) if job.weight <= 1]
    if light and light != list(range(len(heavy), len(jobs))):
        raise ValueError("list heavy file jobs before light ones")
    step = chunk(len(light), 50)
    tasks = [("jobs", i, min(i + step, len(jobs))) for i in range(light[0], len(jobs), step)] if light else []
    return heavy, tasks + [("pages", i, min(i + size, pages)) for i in range(0, pages, size)]


def render_pages(
    renderer: Renderer,
    pages: Sequence[PageSpec],
    writer: Writer,
    workers: int | None = None,
    jobs: Sequence[FileJob] = (),
    stubs: Writer | None = None,
    read_documents: bool = False,
    on_rendered: Callable[[int], None] = lambda _: None,
    spool: Spool | None = None,
) -> tuple[list[Written], list[Written]]:
    """Render and write every page and file job, on every core where there is enough to share;
    with ``read_documents``, also read each search stub into the offline search's document (the
    mirror's search works without the Pagefind index, so with ``--no-search`` too); with
    ``spool``, pack each page for the offline mirror there.

    ``on_rendered`` hears how many pages each finished share held (the command line's progress bar).
    Returns what was written: (pages, files).
    """
    global _JOB
    workers = workers or min(os.cpu_count() or 1, 8)
    for page in pages:
        writer.claim(page.file)
    for job in jobs:
        writer.claim(job.path)
    _JOB = _Job(renderer, pages, jobs, writer, stubs, read_documents, spool)
    try:
        heavy, tasks = _plan(len(pages), jobs, workers)
        made_here = _make_heavy([jobs[i] for i in heavy], writer)  # before any fork (see above)
        release_freed_memory()  # what making them took, before the workers inherit it
        serial = workers <= 1 or len(pages) < 200 or "fork" not in multiprocessing.get_all_start_methods()
        results = []
        if serial:
            for task in tasks:
                results.append(_run(task))
                on_rendered(task[2] - task[1] if task[0] == "pages" else 0)
        else:
            renderer.preload({page.template for page in pages})
            # Objects made before the fork are frozen out of the garbage collector: its passes
            # would otherwise write to every one of them in each worker, turning the model the
            # workers share into a private copy per worker.
            gc.freeze()
            try:
                # One share per worker (see above): forking again costs milliseconds.
                with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=1) as pool:
                    # In order, as each share finishes: the same list as a map, heard as it comes.
                    for task, result in zip(tasks, pool.imap(_run, tasks, chunksize=1), strict=True):
                        results.append(result)
                        on_rendered(task[2] - task[1] if task[0] == "pages" else 0)
            finally:
                gc.unfreeze()
        done = [item for chunk in made_here + results for item in chunk]
        job_paths = {job.path for job in jobs}
        return [d for d in done if d[0] not in job_paths], [d for d in done if d[0] in job_paths]
    finally:
        _JOB = None
