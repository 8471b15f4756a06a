"""The one orchestrator: stylesheet → read → validate → model → render → mirror → index → publish.

Everything is read and modelled before a byte is written (the stylesheet is compiled first,
in memory, while the process holds little). Pages are rendered into a
staging folder beside the output; only when the staging folder is complete (search
index included) does it replace the live site, so a failed build leaves the previous
site as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypedDict

from regsite.diagnostics import BuildFailed, Location, RegsiteError, Report
from regsite.memory import release_freed_memory
from regsite.model import accounting, agreements, datauses, tables
from regsite.model.datauses import DataUses
from regsite.model.site import Site, build_site
from regsite.model.tables import TableRegister
from regsite.publish import mirror
from regsite.publish.writer import Writer, discard, staging_dir, swap
from regsite.render import agreement_list, datapackage, environment, hosting, pages, urls, workers
from regsite.render.assets import Stylesheet, build_assets, require_frontend
from regsite.render.downloads import (
    Download,
    agreement_downloads,
    current_downloads,
    edition_workbook,
    json_bytes,
    table_downloads,
)
from regsite.render.feeds import changes_feed
from regsite.search import pagefind
from regsite.sources.cache import Parser
from regsite.sources.content import load_content
from regsite.sources.discover import RegisterSource, discover
from regsite.sources.external import load_external

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
    search_bundle_mb: float = pagefind.BUNDLE_MB  # stub MB per Pagefind run (search/pagefind.py)


class Summary(TypedDict):
    """What the command line prints after a build."""

    editions: dict[str, list[str]]  # register id → its editions' months
    parsed: dict[str, int]  # workbooks parsed, and read from the cache
    counts: dict[str, int]  # the Data Uses Register's agreements, versions, datasets, files released
    registers: dict[str, int]  # the other registers' rows
    organisations: int
    datasets: int
    reconciliation: list[dict[str, Any]]  # rows read = published + set aside, per sheet


class Progress(Protocol):
    """Hears how a build goes: the command line draws it on a terminal (cli.py)."""

    def stage(self, name: str) -> None:
        """A stage began: assets, read, validate, model, render, mirror, index or publish."""

    def planned(self, pages: int) -> None:
        """This many more pages are to be rendered."""

    def rendered(self, pages: int) -> None:
        """This many more pages were rendered."""


class NoProgress:
    """Progress nobody watches (tests, CI, ``--quiet``)."""

    def stage(self, name: str) -> None:
        pass

    def planned(self, pages: int) -> None:
        pass

    def rendered(self, pages: int) -> None:
        pass


@dataclass
class Result:
    out: Path
    pages: int = 0
    files: int = 0
    bytes: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds of each stage, finished workers included
    peaks: dict[str, int] = field(default_factory=dict)  # peak memory at the end of each stage
    report: Report = field(default_factory=Report)
    summary: Summary | None = None
    index: pagefind.IndexResult | None = None


class _Stages:
    """Times each stage (wall and CPU time), and records the process's peak memory when it ends."""

    def __init__(
        self,
        timings: dict[str, float],
        peaks: dict[str, int],
        began: Callable[[str], None] = lambda _: None,
        cpu: dict[str, float] | None = None,
    ) -> None:
        self.timings = timings
        self.peaks = peaks
        self.began = began
        self.cpu = {} if cpu is None else cpu

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        self.began(name)
        start, cpu = time.perf_counter(), cpu_seconds()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
            self.cpu[name] = self.cpu.get(name, 0.0) + cpu_seconds() - cpu
            self.peaks[name] = peak_memory()


def cpu_seconds() -> float:
    """User and system time of this process and of its finished children (render workers,
    Pagefind): on a shared machine a steadier measure of a stage's work than wall time."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def peak_memory() -> int:
    """Peak resident memory of this process and of its finished children (render workers), in bytes."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return 0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) * 1024


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
        source = _validate(options, report, sources)
    with stage("model"):
        parser = Parser(
            source.definition,
            options.cache / "editions" if options.cache else None,
            keep={e.month for e in source.editions[-2:]},
        )
        uses = _model_uses(options, report, source, parser)
        registers = _model_tables(report, sources, parser)
        external = load_external(
            options.data / "external-registers.toml", report, f"{options.data.name}/external-registers.toml"
        )
        _stop_on_problems(options, report)
        site = build_site(uses, content, options.base_url, registers, external)
        site.built_at = source_date(uses.current.month)
        reconciliation = accounting.reconcile(uses, registers)
        _stop_on_problems(options, report)
    return Model(site, uses, registers, reconciliation, parser.stats)


def _stop_on_problems(options: Options, report: Report) -> None:
    if report.failed(options.strict):
        raise BuildFailed(report, options.strict)


def _validate(options: Options, report: Report, sources: list[RegisterSource]) -> RegisterSource:
    """The one Data Uses Register, its definition checked; stops the build on any error so far."""
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
    _stop_on_problems(options, report)
    return uses_sources[0]


def _model_uses(options: Options, report: Report, source: RegisterSource, parser: Parser) -> DataUses:
    """The Data Uses Register across its editions; any edition's problems stop the build."""
    loaded = datauses.load(
        source.definition, source.editions, parser, options.cache / "model" if options.cache else None, parser.stats
    )
    if isinstance(loaded, list):  # the editions' problems: report them all
        report.extend(loaded)
        raise BuildFailed(report, options.strict)
    for summary in loaded.editions:
        report.extend(summary.diagnostics)
    return loaded


def _model_tables(report: Report, sources: list[RegisterSource], parser: Parser) -> list[TableRegister]:
    """Every other register, in the order their definitions give; one with problems is left out
    (its problems are reported, and stop the build)."""
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
    return registers


def build(options: Options, progress: Progress | None = None) -> Result:
    """Read, model, render, index and publish; ``progress`` hears of each stage and page."""
    progress = progress or NoProgress()
    # A tool that is missing fails the build now, not after a minute of reading and rendering.
    require_frontend(ROOT)
    if options.search:
        pagefind.pagefind_executable()
    result = Result(out=options.out)
    stage = _Stages(result.timings, result.peaks, progress.stage, result.cpu)
    staging = staging_dir(options.out)
    stubs = staging_dir(options.out, "search") if options.search else None
    spool = staging_dir(options.out, "mirror") if options.mirror else None
    try:
        result.pages, result.summary = _write(options, result.report, stage, progress, staging, stubs, spool)
        if spool is not None:
            discard(spool)
        # Pagefind, the build's hungriest part, runs last, once the model is freed: the mirror
        # has no use for its index (mirror.SERVER_ONLY), and nothing after it needs the model.
        release_freed_memory()
        if stubs is not None:
            with stage("index"):
                result.index = pagefind.build_index(stubs, staging / "pagefind", options.search_bundle_mb)
                if result.index.parts:
                    (staging / "_headers").write_bytes(hosting.index_headers(result.index.parts))
            discard(stubs)
        with stage("publish"):
            result.files, result.bytes = _tally(staging)
            swap(staging, options.out)
    except BaseException:
        for folder in (staging, stubs, spool):
            if folder is not None:
                discard(folder)
        raise
    return result


def _write(
    options: Options,
    report: Report,
    stage: _Stages,
    progress: Progress,
    staging: Path,
    stubs_dir: Path | None,
    spool_dir: Path | None,
) -> tuple[int, Summary]:
    """Model everything, then write every page, download and the mirror into ``staging`` (the
    search stubs into ``stubs_dir``, each page packed for the mirror into ``spool_dir``); returns
    the pages written and the build's summary. Everything it made is freed when it returns."""
    # The stylesheet's compiler (Node.js, 150 MB) runs while the registers are read and modelled,
    # on the other core, and ends long before the model is whole (the model stage's peak memory).
    with stage("assets"):
        stylesheet = Stylesheet(options.templates / "assets", ROOT, options.cache / "css" if options.cache else None)
    try:
        model = prepare(options, report=report, stage=stage)
        with stage("assets"):
            assets = build_assets(options.templates, ROOT, None, stylesheet)
    finally:
        stylesheet.close()
    release_freed_memory()
    page_specs = pages.all_pages(model.site)
    progress.planned(len(page_specs))
    writer = Writer(staging)
    for path, data in assets.files.items():
        writer.add(path, data)
    with stage("render"):
        renderer = environment.Renderer(
            options.templates, pages.template_globals(model.site, assets.paths), offline=options.offline, reload=False
        )
        stubs = Writer(stubs_dir) if stubs_dir is not None else None
        online = mirror.online(options.base_url)
        spool = mirror.Spool(spool_dir, online) if spool_dir is not None else None
        rendered = _render(options, model, report, page_specs, renderer, writer, stubs, spool, progress)
    if options.mirror:
        with stage("mirror"):
            mirror_zip = mirror.make(
                staging,
                environment.Renderer(options.templates, renderer.globals, offline=True, reload=False),
                model.site.edition,
                zip_time(model.site.built_at),
                online,
                [w.document for w in rendered.pages if w.document],
                {w.path: w.packed for w in rendered.pages if w.packed is not None},
                rendered.final[0],
            )
            # The downloads page lists the mirror: rendered once more, now that its size is known.
            final = pages.data_pages(model.site, model.reconciliation, report, [*rendered.downloads, mirror_zip])
            for page in final:
                writer.write(page.file, renderer.render(page))
    return len(rendered.pages), _summary(model)


@dataclass
class _Rendered:
    pages: list[workers.Written]  # every page written, with its offline-search document
    downloads: list[Download]  # every download, with its size and checksum (the build report last)
    final: list[environment.PageSpec]  # the pages that list the downloads: the downloads page first


def _render(
    options: Options,
    model: Model,
    report: Report,
    page_specs: list[environment.PageSpec],
    renderer: environment.Renderer,
    writer: Writer,
    stubs: Writer | None,
    spool: mirror.Spool | None,
    progress: Progress,
) -> _Rendered:
    """Write the workbooks, feeds and hosting files, then every page and download on every core;
    the pages that list the downloads come last, once their sizes and checksums are known."""
    site, uses, registers = model.site, model.uses, model.registers
    workbooks = [edition_workbook(uses, s) for s in reversed(uses.editions)]
    for workbook in workbooks:
        writer.copy(workbook.path, _source(workbook))
    writer.add(urls.changes_feed(), changes_feed(uses, options.base_url, site.title, site.built_at))
    writer.add(urls.agreements_list_json(), agreement_list.agreements_json(site))
    writer.add("_redirects", hosting.redirects(uses))
    writer.add("robots.txt", hosting.robots(options.base_url))
    for table in registers:
        workbooks += [edition_workbook(table, e) for e in reversed(table.editions)]
        for workbook in workbooks[-len(table.editions) :]:
            writer.copy(workbook.path, _source(workbook))
    planned = current_downloads(uses) + [p for t in registers for p in table_downloads(t)]
    planned = sorted(planned, key=lambda p: -p.weight) + agreement_downloads(uses)
    jobs = [workers.FileJob(p.path, p.make, p.weight) for p in planned]
    read_documents = options.mirror  # the mirror's own search, with or without Pagefind's
    written, made = workers.render_pages(
        renderer, page_specs, writer, options.workers, jobs, stubs, read_documents, progress.rendered, spool
    )
    sizes = {w.path: (w.size, w.sha256) for w in made}
    downloads = workbooks + [
        Download(p.path, p.title, p.kind, *sizes[p.path]) for p in planned if p.path.startswith(urls.download(""))
    ]
    build_report, package = _described(model, report, downloads, writer)
    downloads.append(package)
    final = pages.data_pages(site, model.reconciliation, report, [*downloads, build_report])
    progress.planned(len(final))
    written += workers.render_pages(
        renderer,
        final,
        writer,
        1,
        stubs=stubs,
        read_documents=read_documents,
        on_rendered=progress.rendered,
        spool=spool,
    )[0]
    if options.base_url:
        listed = [p.path for p in [*page_specs, *final] if p.path.endswith("/") or p.path == ""]
        writer.add("sitemap.xml", hosting.sitemap(listed, options.base_url))
    return _Rendered(written, [*downloads, build_report], final)


def _described(model: Model, report: Report, downloads: list[Download], writer: Writer) -> tuple[Download, Download]:
    """The build report (how every row was used) and the data package, which describes every
    download, so needs their sizes and checksums: both written."""
    build_report = Download.of(
        urls.download("build-report.json"),
        "How every row of every workbook was used",
        "JSON",
        json_bytes(accounting.report_json(model.uses, model.reconciliation, report)),
    )
    writer.add(build_report.path, build_report.data or b"")
    package = Download.of(
        datapackage.PATH,
        "What every download holds: a Frictionless Data Package",
        "JSON",
        datapackage.data_package(model.site, [*downloads, build_report]),
    )
    writer.add(package.path, package.data or b"")
    return build_report, package


def _source(workbook: Download) -> Path:
    assert workbook.source is not None  # an edition's workbook is copied from its file
    return workbook.source


def _summary(model: Model) -> Summary:
    uses, registers = model.uses, model.registers
    every: list[DataUses | TableRegister] = [uses, *registers]
    return {
        "editions": {r.definition.id: [e.month for e in r.editions] for r in every},
        "parsed": model.parsed,
        "counts": uses.current.counts,
        "registers": {t.id: t.current.rows for t in registers},
        "organisations": len(model.site.organisations),
        "datasets": len(model.site.datasets),
        "reconciliation": model.reconciliation,
    }


def _tally(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


__all__ = ["BuildFailed", "Options", "RegsiteError", "Result", "build"]
