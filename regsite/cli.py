"""Command line: ``python build.py [--data DIR] [--content DIR] [--out DIR] [--base-url URL]``
builds the site; ``python build.py serve`` builds, serves and rebuilds on change.

Maps failures to exit codes and clear messages; it never prints a traceback for a
problem in the inputs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from regsite.build import ROOT, Options, Result, build
from regsite.diagnostics import BuildFailed, RegsiteError, print_problems
from regsite.model import accounting


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python build.py", description="Build the register site from data/ and content/.")
    p.add_argument(
        "command",
        nargs="?",
        choices=["build", "serve"],
        default="build",
        help="build (the default) or serve: build, serve on localhost and rebuild on change",
    )
    p.add_argument("--data", type=Path, default=ROOT / "data", help="folder of registers (default: data/)")
    p.add_argument(
        "--content", type=Path, default=ROOT / "content", help="folder of guidance pages (default: content/)"
    )
    p.add_argument("--out", type=Path, default=ROOT / "site", help="where to write the site (default: site/)")
    p.add_argument("--templates", type=Path, default=ROOT / "templates", help=argparse.SUPPRESS)
    p.add_argument("--base-url", default="", help="the site's public address, for canonical links and the sitemap")
    p.add_argument("--strict", action="store_true", help="treat warnings about the data as errors")
    p.add_argument("--offline", action="store_true", help="write links that work from file:// (index.html named)")
    p.add_argument(
        "--no-search",
        action="store_true",
        help="skip Pagefind's search index (faster; the site's search page will not work, the offline mirror's does)",
    )
    p.add_argument("--no-mirror", action="store_true", help="skip the offline mirror zip in downloads/ (faster)")
    p.add_argument("--workers", type=int, default=None, help="processes to render with (default: every core)")
    p.add_argument("--no-cache", action="store_true", help="re-read every workbook instead of using .cache/")
    p.add_argument("--port", type=int, default=8000, help="serve: the port (default 8000)")
    p.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    return p


def options_from(args: argparse.Namespace) -> Options:
    return Options(
        data=args.data.resolve(),
        content=args.content.resolve(),
        out=args.out.resolve(),
        templates=args.templates.resolve(),
        base_url=args.base_url,
        strict=args.strict,
        offline=args.offline,
        workers=args.workers,
        search=not args.no_search,
        mirror=not args.no_mirror,
        cache=None if args.no_cache else ROOT / ".cache",
    )


STAGES = {
    "read": "Reading the registers",
    "validate": "Checking their definitions",
    "model": "Modelling every edition",
    "assets": "Building the stylesheet",
    "render": "Rendering pages",
    "index": "Building the search index",
    "mirror": "Writing the offline mirror",
    "publish": "Publishing",
}


class _PagesColumn(ProgressColumn):
    """``1,234/2,730 pages`` once the pages are counted; nothing before."""

    def render(self, task: Task) -> Text:
        return Text(f"{int(task.completed):,}/{int(task.total):,} pages" if task.total else "")


class TerminalProgress:
    """The build's stage and the pages rendered, drawn with rich on a terminal (stderr)."""

    def __init__(self, console: Console) -> None:
        self.bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            _PagesColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,  # the summary follows, as without a terminal
        )
        self.task = self.bar.add_task(STAGES["read"], total=None)

    def stage(self, name: str) -> None:
        self.bar.update(self.task, description=STAGES.get(name, name))

    def planned(self, pages: int) -> None:
        total = self.bar.tasks[0].total or 0
        self.bar.update(self.task, total=total + pages)

    def rendered(self, pages: int) -> None:
        self.bar.advance(self.task, pages)


@contextmanager
def terminal_progress(quiet: bool) -> Iterator[TerminalProgress | None]:
    """Progress on a terminal; none with ``--quiet`` or when stderr is not one (CI, a pipe)."""
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield None
        return
    progress = TerminalProgress(console)
    with progress.bar:
        yield progress


def print_summary(result: Result) -> None:
    s = result.summary
    assert s is not None  # a finished build has one
    counts = s["counts"]
    editions = s["editions"]
    print("Read:")
    for register, months in editions.items():
        print(f"  {register}: {len(months)} edition{'s' if len(months) != 1 else ''} ({', '.join(months)})")
    parsed = s["parsed"]
    print(f"  workbooks parsed {parsed['parsed']}, from cache {parsed['cached']}")
    for line in accounting.summary_lines(s["reconciliation"]):
        print(line)
    print(
        f"Modelled: {counts['agreements']:,} agreements, {counts['versions']:,} versions, "
        f"{s['organisations']:,} organisations, {s['datasets']:,} datasets, {counts['files_released']:,} files released"
    )
    warnings = len(result.report.warnings)
    if warnings:
        print(f"Warnings: {warnings:,} (listed above; the build went on)")
    print(f"Wrote: {result.pages:,} pages, {result.files:,} files, {result.bytes / 1e6:.1f} MB")
    if result.index:
        index = result.index
        bundles = f" in {index.bundles} bundles" if index.bundles > 1 else ""
        print(f"Search index: {index.pages:,} pages, {index.words:,} words, {index.bytes / 1e6:.1f} MB{bundles}")
    else:
        print("Search index: skipped (--no-search): the site's search page finds nothing; the mirror's search works")
    total = sum(result.timings.values())
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    print(f"Time: {total:.2f}s ({stages})")
    if result.peaks:
        print(f"Peak memory: {max(result.peaks.values()) / 2**20:,.0f} MB")


def run_build(options: Options, quiet: bool = False) -> int:
    try:
        with terminal_progress(quiet) as progress:
            result = build(options, progress)
    except BuildFailed as failed:
        print_problems(failed.report)
        print(f"\n{failed}", file=sys.stderr)
        return 1
    except RegsiteError as error:
        print(f"error: {error}", file=sys.stderr)
        print("The previous site was left as it was.", file=sys.stderr)
        return 1
    print_problems(result.report)
    if not quiet:
        print_summary(result)
        index = options.out / "index.html"
        print(f"\nThe site is in {options.out}")
        print(
            f"Open it: ./run serve   (then http://localhost:8000/), or open {index.as_uri()}"
            + (" (offline build)" if options.offline else " (search needs a server)")
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    options = options_from(args)
    try:
        if args.command == "serve":
            from regsite.serve import serve

            return serve(options, args.port, lambda: run_build(options, quiet=False))
        return run_build(options, quiet=args.quiet)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
