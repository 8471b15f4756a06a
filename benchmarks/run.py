#!/usr/bin/env python3
"""Build a full-size register and print stage timings, pages, pages per second, peak
memory and output size, as medians of several runs. Not a test: it prints figures.

    python benchmarks/run.py [--runs 3] [--scale 1.0] [--editions 1] [--no-search] [--keep]

--editions N builds N monthly editions (the newest the full register) and then times adding
the newest to a cached archive of the N-1 before it, against a cold build of it alone.
Cold runs start from an empty cache; warm runs reuse the cache of parsed editions.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import statistics
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from make_register import make_register  # noqa: E402

from regsite.build import Options, build  # noqa: E402

DEFINITION = ROOT / "regsite" / "registers" / "data-uses-register.toml"


def project(folder: Path, editions: int, scale: float) -> Path:
    """A data folder with the Data Uses Register's definition and ``editions`` monthly workbooks,
    the last of them the full register (data to Aug 2026), each earlier one a month before."""
    data = folder / "data" / "data-uses-register"
    data.mkdir(parents=True, exist_ok=True)
    (data / "register.toml").write_text(DEFINITION.read_text("utf-8").split("\n[editions.")[0], "utf-8")
    for i in range(editions):
        add_edition(folder / "data", i - editions + 1, scale)
    return folder / "data"


def add_edition(data: Path, offset: int, scale: float) -> None:
    """The register as it stood ``offset`` months after Aug 2026 (0: the full register), named by
    the month after its data, as NHS England's editions are."""
    year, month = divmod(2026 * 12 + 7 + offset, 12)  # data to the end of this month
    name_year, name_month = divmod(year * 12 + month + 1, 12)
    make_register(
        data / "data-uses-register" / f"{name_year}-{name_month + 1:02d}.xlsx",
        seed=1,
        scale=scale,
        until=(year, month + 1),
    )


def _build_here(data: Path, out: Path, cache: Path, search: bool, results: Connection) -> None:
    started = time.perf_counter()
    result = build(Options(data=data, content=ROOT / "content", out=out, cache=cache, search=search))
    wall = time.perf_counter() - started
    results.send(
        {
            "wall": wall,
            **{f"stage {k}": v for k, v in result.timings.items()},
            "pages": result.pages,
            "pages per second": result.pages / wall,
            "peak MB": max(result.peaks.values()) / 2**20,
            "output MB": result.bytes / 1e6,
            "files": result.files,
            "index MB": result.index.bytes / 1e6 if result.index else 0,
        }
    )


def one_build(data: Path, out: Path, cache: Path, search: bool) -> dict[str, float]:
    """One build in a fresh interpreter, so that its peak memory is its own, not the largest
    of every build this script has run."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_build_here, args=(data, out, cache, search, send))
    process.start()
    send.close()
    try:
        figures = receive.recv()
    except EOFError:
        figures = None
    process.join()
    if figures is None or process.exitcode != 0:
        raise SystemExit(f"the build failed (exit code {process.exitcode})")
    return figures


def report(title: str, runs: list[dict[str, float]]) -> None:
    print(f"\n{title} (median of {len(runs)} run{'s' if len(runs) != 1 else ''})")
    for key in runs[0]:
        values = [r[key] for r in runs]
        median = statistics.median(values)
        spread = f"  [{min(values):,.2f} – {max(values):,.2f}]" if len(values) > 1 else ""
        print(f"  {key:<22} {median:>10,.2f}{spread}")


def linked(folder: Path, workbooks: list[Path]) -> Path:
    """A data folder holding ``workbooks`` (hard links) with the register's definition."""
    data = project(folder, 0, 1.0)
    for workbook in workbooks:
        (data / "data-uses-register" / workbook.name).hardlink_to(workbook)
    return data


def report_growth(folder: Path, data: Path, args: argparse.Namespace) -> None:
    """What the newest edition costs when the archive before it is cached, against a cold
    build of that edition alone: the archive's cache is meant to keep it within 1.5 times."""
    search = not args.no_search
    editions = sorted((data / "data-uses-register").glob("*.xlsx"))
    grown, single = [], []
    for run in range(args.runs):
        before = linked(folder / f"grown-{run}", editions[:-1])
        cache = folder / f"grown-cache-{run}"
        one_build(before, folder / "site", cache, search)  # the archive as it stood, cached
        (before / "data-uses-register" / editions[-1].name).hardlink_to(editions[-1])
        grown.append(one_build(before, folder / "site", cache, search))
        alone = linked(folder / f"single-{run}", editions[-1:])
        single.append(one_build(alone, folder / "site", folder / f"single-cache-{run}", search))
    report(f"Adding edition {len(editions)} to a cached archive of {len(editions) - 1}", grown)
    report("The newest edition alone, empty cache", single)
    ratio = statistics.median(r["wall"] for r in grown) / statistics.median(r["wall"] for r in single)
    print(f"\n  adding an edition costs {ratio:.2f}x a cold build of that edition alone (goal: at most 1.5x)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--editions", type=int, default=1)
    parser.add_argument("--no-search", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="regsite-bench-"))
    try:
        started = time.perf_counter()
        data = project(folder, args.editions, args.scale)
        print(
            f"made {args.editions} edition(s) at scale {args.scale} in {time.perf_counter() - started:.1f}s: "
            f"{sum(p.stat().st_size for p in data.rglob('*.xlsx')) / 1e6:.1f} MB of workbooks"
        )
        cold, warm = [], []
        for run in range(args.runs):
            cache = folder / f"cache-{run}"
            cold.append(one_build(data, folder / "site", cache, not args.no_search))
            warm.append(one_build(data, folder / "site", cache, not args.no_search))
        report(f"Cold build, {args.editions} edition(s), empty cache", cold)
        report(f"Warm build, {args.editions} edition(s), cached editions", warm)
        if args.editions > 1:
            report_growth(folder, data, args)
    finally:
        if args.keep:
            print(f"\nkept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
