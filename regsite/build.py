"""The one orchestrator: read → validate → model → render → index → publish.

Everything is read and modelled before a byte is written. Pages are rendered into a
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

from regsite import agreements, datauses, pages, publish, reconcile, rendering, search, urls
from regsite.assets import build_assets
from regsite.content import load_content
from regsite.diagnostics import BuildFailed, Level, Location, RegsiteError, Report
from regsite.downloads import Download, agreement_json, current_downloads, edition_workbook, json_bytes
from regsite.editions import Parser, discover
from regsite.feeds import changes_feed
from regsite.site import build_site

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


@dataclass
class Result:
    out: Path
    pages: int = 0
    files: int = 0
    bytes: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    report: Report = field(default_factory=Report)
    summary: dict[str, object] = field(default_factory=dict)
    index: search.IndexResult | None = None


class _Stages:
    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


def source_date(month: str) -> dt.date:
    """The build's date: SOURCE_DATE_EPOCH if set, else the edition's own month; never the clock."""
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    year, mon = month.split("-")
    return dt.date(int(year), int(mon), 1)


def build(options: Options, log: Callable[[str], None] = lambda _: None) -> Result:
    result = Result(out=options.out)
    report = result.report
    stage = _Stages(result.timings)

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
        parser = Parser(source.definition, options.cache / "editions" if options.cache else None)
        loaded = datauses.load(
            source.definition, source.editions, parser, options.cache / "model" if options.cache else None, parser.stats
        )
        if isinstance(loaded, list):  # the editions' problems: report them all
            report.extend(loaded)
            raise BuildFailed(report, options.strict)
        uses = loaded
        for summary in uses.editions:
            report.extend(summary.diagnostics)
        site = build_site(uses, content, options.base_url)
        site.built_on = source_date(uses.current.month)
        page_specs = pages.all_pages(site)
        reconciliation = reconcile.reconcile(uses)
        if report.failed(options.strict):
            raise BuildFailed(report, options.strict)

    staging = publish.staging_dir(options.out)
    try:
        writer = publish.Writer(staging)
        with stage("assets"):
            assets = build_assets(options.templates, ROOT, (options.cache or staging / ".tmp") / "css")
            for path, data in assets.files.items():
                writer.add(path, data)
        with stage("downloads"):
            downloads = current_downloads(uses)
            downloads += [edition_workbook(uses, s) for s in reversed(uses.editions[:-1])]
            for d in downloads:
                if d.source is not None:
                    writer.copy(d.path, d.source)
                else:
                    writer.add(d.path, d.data or b"")
            report_download = Download.of(
                "downloads/build-report.json",
                "How every row of every workbook was used",
                "JSON",
                json_bytes(reconcile.report_json(uses, reconciliation, report)),
            )
            writer.add(report_download.path, report_download.data or b"")
            writer.add("changes.atom", changes_feed(uses, options.base_url, site.title))
            for record in uses.records.values():
                writer.add(urls.agreement_json(record.slug), json_bytes(agreement_json(record, uses)))
            page_specs += pages.data_pages(site, reconciliation, report, [*downloads, report_download])
        with stage("render"):
            globals_ = pages.template_globals(site, assets.paths)
            renderer = rendering.Renderer(options.templates, globals_, offline=options.offline)
            written = rendering.render_pages(renderer, page_specs, writer, options.workers)
        if options.search:
            with stage("index"):
                result.index = search.build_index(staging)
        with stage("publish"):
            result.files, result.bytes = _tally(staging)
            publish.swap(staging, options.out)
    except BaseException:
        publish.discard(staging)
        raise

    result.pages = len(written)
    result.summary = {
        "editions": {s.definition.id: [e.month for e in s.editions] for s in sources},
        "parsed": parser.stats,
        "counts": uses.current.counts,
        "organisations": len(site.organisations),
        "datasets": len(site.datasets),
        "reconciliation": reconciliation,
    }
    return result


def _tally(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def level_counts(report: Report) -> dict[str, int]:
    return {level.value: sum(1 for d in report.items if d.level is level) for level in Level}


__all__ = ["BuildFailed", "Options", "RegsiteError", "Result", "build"]
