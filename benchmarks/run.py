#!/usr/bin/env python3
"""Build a full-size register and print every figure of issue 14 next to its goal: the cold
build against one read-only openpyxl pass over the same workbook (measured in the same run),
peak memory of the whole build (workers included), agreement pages, the largest page, the
site on disk and the mirror zip, as medians of several runs. Not a test: it prints figures.

    python benchmarks/run.py [--runs 3] [--scale 1.0] [--editions 1] [--data DIR] [--no-search]
                             [--profile] [--keep]

--editions N builds N monthly editions (the newest the full register) and then times adding
the newest to a cached archive of the N-1 before it, against a cold build of it alone.
Cold runs start from an empty cache; warm runs reuse the cache of parsed editions. Each run
is an openpyxl pass, a cold build and a warm build, one after another, so that the ratio
compares figures taken under the same load (the machine is shared). KB and MB are 10^3 and
10^6 bytes; memory is the peak of the summed PSS of the build's process and its workers.
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
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from figures import MB, TreeMemory, byte_profile, openpyxl_pass, site_figures  # noqa: E402
from make_register import make_register  # noqa: E402

from regsite.build import NoProgress, Options, build  # noqa: E402

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


BASE_URL = "https://example.org"  # as the published build has one (netlify.toml): the mirror links downloads there


class _StageName(NoProgress):
    """Tells the sampling parent which stage is running, through shared memory."""

    def __init__(self, shared: Any) -> None:
        self.shared = shared

    def stage(self, name: str) -> None:
        self.shared.value = name.encode()[:15]


def _build_here(data: Path, out: Path, cache: Path, search: bool, stage: Any, results: Connection) -> None:
    started = time.perf_counter()
    options = Options(data=data, content=ROOT / "content", out=out, cache=cache, search=search, base_url=BASE_URL)
    result = build(options, _StageName(stage))
    wall = time.perf_counter() - started
    results.send(
        {
            "wall": wall,
            **{f"stage {k}": v for k, v in result.timings.items()},
            "cpu": sum(result.cpu.values()),
            **{f"cpu {k}": v for k, v in result.cpu.items()},
            "pages": result.pages,
            "pages per second": result.pages / wall,
            "largest process MB": max(result.peaks.values()) / MB,
            "output MB": result.bytes / MB,
            "files": result.files,
            "index MB": result.index.bytes / MB if result.index else 0,
            "index bundles": result.index.bundles if result.index else 0,
        }
    )


def _spawned(target: object, args: tuple, staged: bool = False) -> dict[str, float]:
    """Run ``target(*args, pipe)`` in a fresh interpreter, its memory (and its workers') sampled;
    with ``staged``, ``target(*args, stage, pipe)``, told where to say which stage is running,
    and the peak of each stage is reported too."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    stage = context.Array("c", 16)
    process = context.Process(target=target, args=(*args, stage, send) if staged else (*args, send))
    process.start()
    send.close()
    with TreeMemory(process.pid, stage=lambda: stage.value.decode()) as memory:
        try:
            figures = receive.recv()
        except EOFError:
            figures = None
        process.join()
    if figures is None or process.exitcode != 0:
        raise SystemExit(f"the build failed (exit code {process.exitcode})")
    stages = {f"peak memory MB, {name}": pss / MB for name, pss in memory.by_stage.items()} if staged else {}
    return {**figures, "peak memory MB": memory.pss / MB, "peak memory (summed RSS) MB": memory.rss / MB, **stages}


def one_build(data: Path, out: Path, cache: Path, search: bool) -> dict[str, float]:
    """One build in a fresh interpreter, so that its peak memory is its own, not the largest
    of every build this script has run."""
    return _spawned(_build_here, (data, out, cache, search), staged=True)


def _openpyxl_here(workbook: Path, results: Connection) -> None:
    cpu = time.process_time()
    wall = openpyxl_pass(workbook)
    results.send({"openpyxl pass": wall, "openpyxl cpu": time.process_time() - cpu})


def report(title: str, runs: list[dict[str, float]]) -> None:
    print(f"\n{title} (median of {len(runs)} run{'s' if len(runs) != 1 else ''})")
    for key in runs[0]:
        if key.startswith("_"):
            continue
        values = [r[key] for r in runs]
        median = statistics.median(values)
        spread = f"  [{min(values):,.2f} – {max(values):,.2f}]" if len(values) > 1 else ""
        print(f"  {key:<30} {median:>10,.2f}{spread}")


def goal(name: str, value: float, target: float, unit: str) -> None:
    verdict = "met" if value <= target else "NOT met"
    figures = f"{value:>10,.2f} {unit:<3} goal ≤ {target:,.2f} {unit:<3}"
    print(f"  {name:<42} {figures} ratio {value / target:5.2f}  {verdict}")


def report_goals(cold: list[dict[str, float]], passes: list[float]) -> None:
    def median(key: str) -> float:
        return statistics.median(r[key] for r in cold)

    wall, yardstick = median("wall"), statistics.median(passes)
    print(f"\nIssue 14's goals (medians of {len(cold)} cold build(s) and openpyxl pass(es), taken in turn)")
    print(f"  {'cold build':<42} {wall:>10,.2f} s   openpyxl pass {yardstick:,.2f} s")
    goal("cold build / openpyxl read-only pass", wall / yardstick, 1.0, "x")
    goal("peak memory, workers included (PSS)", median("peak memory MB"), 650, "MB")
    goal("median agreement page", median("agreement page median KB"), 60, "KB")
    goal("median agreement page, gzipped", median("agreement page median gz KB"), 15, "KB")
    goal("largest agreement page", median("agreement page max KB"), 500, "KB")
    goal("largest page of the site", median("largest page KB"), 500, "KB")
    goal("site on disk", median("site MB"), 400, "MB")
    goal("offline mirror zip", median("mirror zip MB"), 80, "MB")
    print(f"  (largest page: {cold[-1]['_largest page']})")


def linked(folder: Path, workbooks: list[Path]) -> Path:
    """A data folder holding ``workbooks`` (hard links) with the register's definition."""
    data = project(folder, 0, 1.0)
    for workbook in workbooks:
        (data / "data-uses-register" / workbook.name).hardlink_to(workbook)
    return data


def report_growth(folder: Path, data: Path, args: argparse.Namespace, cold: list[dict[str, float]]) -> None:
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
    print(f"\nIssue 14's goals for an archive of {len(editions)} editions")
    goal("adding an edition / a cold build of it alone", ratio, 1.5, "x")
    peak = max(statistics.median(r["peak memory MB"] for r in runs) for runs in (grown, cold))
    goal(f"peak memory, {len(editions)}-edition archive (cold or grown)", peak, 2000, "MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--editions", type=int, default=1)
    parser.add_argument("--data", type=Path, help="a data folder made before (default: make the editions)")
    parser.add_argument("--no-search", action="store_true")
    parser.add_argument("--no-warm", action="store_true", help="skip the warm builds")
    parser.add_argument("--profile", action="store_true", help="print the bytes of each page type")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="regsite-bench-"))
    try:
        started = time.perf_counter()
        data = args.data.resolve() if args.data else project(folder, args.editions, args.scale)
        workbooks = sorted(data.rglob("*.xlsx"))
        print(
            f"{'used' if args.data else 'made'} {len(workbooks)} edition(s) in {time.perf_counter() - started:.1f}s: "
            f"{sum(p.stat().st_size for p in workbooks) / MB:.1f} MB of workbooks"
        )
        cold, warm, passes, pass_cpu = [], [], [], []
        for run in range(args.runs):
            yardstick = _spawned(_openpyxl_here, (workbooks[-1],))
            passes.append(yardstick["openpyxl pass"])
            pass_cpu.append(yardstick["openpyxl cpu"])
            cache = folder / f"cache-{run}"
            cold.append(one_build(data, folder / "site", cache, not args.no_search))
            cold[-1].update(site_figures(folder / "site"))
            if not args.no_warm:
                warm.append(one_build(data, folder / "site", cache, not args.no_search))
        if args.profile:
            print("\nHTML pages by type (last cold build): pages, total MB, largest KB")
            for name, count, total, largest in byte_profile(folder / "site"):
                print(f"  {name:<28} {count:>6,} {total / MB:>9,.1f} {largest / 1e3:>9,.1f}")
        report(f"Cold build, {len(workbooks)} edition(s), empty cache", cold)
        if warm:
            report(f"Warm build, {len(workbooks)} edition(s), cached editions", warm)
        report_goals(cold, passes)
        print(
            f"  (CPU seconds: cold build {statistics.median(r['cpu'] for r in cold):,.2f}, "
            f"openpyxl pass {statistics.median(pass_cpu):,.2f})"
        )
        if len(workbooks) > 1:
            report_growth(folder, data, args, cold)
    finally:
        if args.keep:
            print(f"\nkept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
