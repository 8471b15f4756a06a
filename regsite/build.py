"""The one orchestrator: read → validate → model → render → index → writer.

Everything is read and modelled before a byte is written. Pages are rendered into a
staging folder beside the output; only when the staging folder is complete (search
index included) does it replace the live site, so a failed build leaves the previous
site as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import gc
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from regsite.diagnostics import BuildFailed, Location, RegsiteError, Report
from regsite.model import accounting, agreements, datauses, tables
from regsite.model.datauses import DataUses
from regsite.model.site import Site, build_site
from regsite.model.tables import TableRegister
from regsite.publish import mirror
from regsite.publish.writer import Writer, discard, staging_dir, swap
from regsite.render import environment, hosting, pages, workers
from regsite.render.assets import build_assets
from regsite.render.downloads import (
    Download,
    agreement_downloads,
    current_downloads,
    edition_workbook,
    json_bytes,
    table_downloads,
)
from regsite.render.feeds import changes_feed
from regsite.search import offline, pagefind
from regsite.sources.cache import Parser
from regsite.sources.content import load_content
from regsite.sources.definitions import load_external
from regsite.sources.discover import discover

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Options:
    data: Path = ROOT / "data"
    content: Path = ROOT / "content"
    out: Path = ROOT / "site"
    templates: Path = ROOT / "templates"
    cache: Path | None = ROOT / ".cache"
    base_url: str = ""
    strict: bool = False
    offline: bool = False
    workers: int | None = None
    search: bool = True
    mirror: bool = True  # also write the offline mirror, as one zip in downloads/


@dataclass
class Result:
    out: Path
    pages: int = 0
    files: int = 0
    bytes: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    peaks: dict[str, int] = field(default_factory=dict)  # peak memory at the end of each stage
    report: Report = field(default_factory=Report)
    summary: dict[str, object] = field(default_factory=dict)
    index: pagefind.IndexResult | None = None


class _Stages:
    """Times each stage, and records the process's peak memory when it ends."""

    def __init__(self, timings: dict[str, float], peaks: dict[str, int]) -> None:
        self.timings = timings
        self.peaks = peaks

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
            self.peaks[name] = peak_memory()


def peak_memory() -> int:
    """Peak resident memory of this process and of its finished children (render workers), in bytes."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return 0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) * 1024


def release_freed_memory() -> None:
    """Give the memory freed while modelling (an archive's older editions) back to the system
    before the render workers fork: each worker's resident size starts from this process's.
    glibc keeps freed memory otherwise; elsewhere this does nothing."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def source_date(month: str) -> dt.datetime:
    """The build's time, written as the feed's ``updated`` and the mirror zip's entry times:
    ``SOURCE_DATE_EPOCH`` if set (reproducible-builds.org), else the newest edition's first day;
    never the clock."""
    if epoch := os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise RegsiteError(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, found {epoch!r}."
            ) from None
    year, mon = month.split("-")
    return dt.datetime(int(year), int(mon), 1, tzinfo=dt.UTC)


def zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry's date and time (UTC): ZIP cannot say a time before 1980."""
    moment = max(moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


@dataclass
class Model:
    """Everything read and modelled, before a byte is written: what ``serve`` keeps in memory."""

    site: Site
    uses: DataUses
    registers: list[TableRegister]
    reconciliation: list[dict[str, Any]]
    parsed: dict[str, int]  # how many workbooks were parsed and how many came from the cache


def prepare(options: Options, report: Report, stage: _Stages) -> Model:
    """Read, validate and model every register and page; raises ``BuildFailed`` on errors."""
    with stage("read"):
        sources = discover(options.data, report)
        content = load_content(options.content, report)

    with stage("validate"):
        uses_sources = [s for s in sources if s.definition.kind == "data-uses"]
        for source in uses_sources:
            report.extend(agreements.check_definition(source.definition))
        if sources and not uses_sources:
            report.error(
                "no-data-uses",
                Location(file=options.data.name),
                'No register of kind "data-uses" (the Data Uses Register) was found.',
                fix="Add data/data-uses-register/ with its register.toml and editions.",
            )
        if len(uses_sources) > 1:
            report.error(
                "two-data-uses",
                Location(file=options.data.name),
                'More than one register declares kind = "data-uses".',
                fix="Keep one.",
            )
        if report.failed(options.strict):
            raise BuildFailed(report, options.strict)

    with stage("model"):
        source = uses_sources[0]
        parser = Parser(
            source.definition,
            options.cache / "editions" if options.cache else None,
            keep={e.month for e in source.editions[-2:]},
        )
        loaded = datauses.load(
            source.definition, source.editions, parser, options.cache / "model" if options.cache else None, parser.stats
        )
        if isinstance(loaded, list):  # the editions' problems: report them all
            report.extend(loaded)
            raise BuildFailed(report, options.strict)
        uses = loaded
        for summary in uses.editions:
            report.extend(summary.diagnostics)
        registers = []
        for other in (s for s in sources if s.definition.kind == "table"):
            table_parser = Parser(other.definition, parser.cache_dir)
            table = tables.load(other.definition, other.editions, table_parser)
            for key, value in table_parser.stats.items():
                parser.stats[key] = parser.stats.get(key, 0) + value
            if isinstance(table, list):
                report.extend(table)
                continue
            for edition in table.editions:
                report.extend(edition.diagnostics)
            registers.append(table)
        registers.sort(key=lambda r: (r.definition.order, r.id))
        external = load_external(
            options.data / "external-registers.toml", report, f"{options.data.name}/external-registers.toml"
        )
        if report.failed(options.strict):
            raise BuildFailed(report, options.strict)
        site = build_site(uses, content, options.base_url, registers, external)
        site.built_at = source_date(uses.current.month)
        reconciliation = accounting.reconcile(uses, registers)
        if report.failed(options.strict):
            raise BuildFailed(report, options.strict)
    return Model(site, uses, registers, reconciliation, parser.stats)


def build(options: Options, log: Callable[[str], None] = lambda _: None) -> Result:
    result = Result(out=options.out)
    report = result.report
    stage = _Stages(result.timings, result.peaks)
    model = prepare(options, report, stage)
    release_freed_memory()
    site, uses, registers, reconciliation = model.site, model.uses, model.registers, model.reconciliation
    page_specs = pages.all_pages(site)

    staging = staging_dir(options.out)
    try:
        writer = Writer(staging)
        with stage("assets"):
            assets = build_assets(options.templates, ROOT, options.cache / "css" if options.cache else None)
            for path, data in assets.files.items():
                writer.add(path, data)
        with stage("render"):
            # Workbooks are copied byte for byte; CSV, JSON and pages are made on every core.
            workbooks = [edition_workbook(uses, s) for s in reversed(uses.editions)]
            for workbook in workbooks:
                writer.copy(workbook.path, workbook.source)
            writer.add("changes.atom", changes_feed(uses, options.base_url, site.title, site.built_at))
            writer.add("_redirects", hosting.redirects(uses))
            writer.add("robots.txt", hosting.robots(options.base_url))
            for table in registers:
                workbooks += [edition_workbook(table, e) for e in reversed(table.editions)]
                for workbook in workbooks[-len(table.editions) :]:
                    writer.copy(workbook.path, workbook.source)
            planned = current_downloads(uses) + [p for t in registers for p in table_downloads(t)]
            planned = sorted(planned, key=lambda p: -p.weight) + agreement_downloads(uses)
            jobs = [workers.FileJob(p.path, p.make, p.weight) for p in planned]
            renderer = environment.Renderer(
                options.templates, pages.template_globals(site, assets.paths), offline=options.offline
            )
            stubs = Writer(staging_dir(options.out, "search")) if options.search else None
            read_documents = options.mirror  # the mirror's own search, with or without Pagefind's
            written, made = workers.render_pages(
                renderer, page_specs, writer, options.workers, jobs, stubs, read_documents
            )
            sizes = {w.path: (w.size, w.sha256) for w in made}
            downloads = workbooks + [
                Download(p.path, p.title, p.kind, *sizes[p.path]) for p in planned if p.path.startswith("downloads/")
            ]
            build_report = Download.of(
                "downloads/build-report.json",
                "How every row of every workbook was used",
                "JSON",
                json_bytes(accounting.report_json(uses, reconciliation, report)),
            )
            writer.add(build_report.path, build_report.data or b"")
            # The pages that list the downloads need their sizes and checksums, so come last.
            final = pages.data_pages(site, reconciliation, report, [*downloads, build_report])
            written += workers.render_pages(renderer, final, writer, 1, stubs=stubs, read_documents=read_documents)[0]
            if options.base_url:
                writer.add(
                    "sitemap.xml",
                    hosting.sitemap(
                        [p.path for p in [*page_specs, *final] if p.path.endswith("/") or p.path == ""],
                        options.base_url,
                    ),
                )
        if stubs is not None:
            with stage("index"):
                result.index = pagefind.build_index(stubs.root, staging / "pagefind")
        if options.mirror:
            with stage("mirror"):
                documents = [w.document for w in written if w.document]
                mirror_zip = _write_mirror(options, site, renderer, staging, documents)
                # The downloads page lists the mirror: rendered once more, now that its size is known.
                final = pages.data_pages(site, reconciliation, report, [*downloads, build_report, mirror_zip])
                for page in final:
                    writer.write(page.file, renderer.render(page))
        if stubs is not None:
            discard(stubs.root)
        with stage("publish"):
            result.files, result.bytes = _tally(staging)
            swap(staging, options.out)
    except BaseException:
        discard(staging)
        if options.search:
            discard(staging_dir(options.out, "search", create=False))
        raise

    result.pages = len(written)
    result.summary = {
        "editions": {r.definition.id: [e.month for e in r.editions] for r in [uses, *registers]},
        "parsed": model.parsed,
        "counts": uses.current.counts,
        "registers": {t.id: t.current.rows for t in registers},
        "organisations": len(site.organisations),
        "datasets": len(site.datasets),
        "reconciliation": reconciliation,
    }
    return result


def _write_mirror(
    options: Options,
    site: Site,
    renderer: environment.Renderer,
    staging: Path,
    documents: list[offline.Document],
) -> Download:
    """The whole site as a zip that opens from disk: links name their index.html, and search
    runs from an index loaded by script tags (search/offline.py), made from the search stubs'
    documents (read while rendering)."""
    from_disk = environment.Renderer(options.templates, renderer.globals, offline=True)
    search_page = from_disk.render(
        environment.PageSpec(
            path="search/", template="search_offline.html", title="Search", breadcrumbs=[("Home", "")], search=False
        )
    )
    name = f"register-site-{site.edition}"
    path = f"downloads/{name}.zip"
    target = staging / path
    mirror.write_mirror(
        staging,
        target,
        name,
        {"search/index.html": search_page},
        offline.index_scripts(documents),
        skip=lambda n: n == path,
        date_time=zip_time(site.built_at),
    )
    data = target.read_bytes()
    return Download(
        path,
        "The whole site, to read offline: unzip it and open index.html",
        "ZIP",
        len(data),
        hashlib.sha256(data).hexdigest(),
    )


def _tally(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


__all__ = ["BuildFailed", "Options", "RegsiteError", "Result", "build"]
