#!/usr/bin/env python3
"""Build a full-size register and print stage timings, pages, pages per second, peak
memory and output size, as medians of several runs. Not a test: it prints figures.

    python benchmarks/run.py [--runs 3] [--scale 1.0] [--editions 1] [--no-search] [--keep]

--editions N builds N monthly editions (each the last with a month's changes) and then
times adding one more edition, the cost the archive's cache is meant to keep small.
Cold runs start from an empty cache; warm runs reuse the cache of parsed editions.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from make_register import make_register  # noqa: E402

from regsite.build import Options, build  # noqa: E402

DEFINITION = ROOT / "data" / "data-uses-register" / "register.toml"


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


def one_build(data: Path, out: Path, cache: Path, search: bool) -> dict[str, float]:
    started = time.perf_counter()
    result = build(Options(data=data, content=ROOT / "content", out=out, cache=cache, search=search))
    wall = time.perf_counter() - started
    return {
        "wall": wall,
        **{f"stage {k}": v for k, v in result.timings.items()},
        "pages": result.pages,
        "pages per second": result.pages / wall,
        "peak MB": max(result.peaks.values()) / 2**20,
        "output MB": result.bytes / 1e6,
        "files": result.files,
        "index MB": result.index.bytes / 1e6 if result.index else 0,
    }


def report(title: str, runs: list[dict[str, float]]) -> None:
    print(f"\n{title} (median of {len(runs)} run{'s' if len(runs) != 1 else ''})")
    for key in runs[0]:
        values = [r[key] for r in runs]
        median = statistics.median(values)
        spread = f"  [{min(values):,.2f} – {max(values):,.2f}]" if len(values) > 1 else ""
        print(f"  {key:<22} {median:>10,.2f}{spread}")


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
            grown = []
            for run in range(args.runs):
                cache = folder / f"cache-{run}"
                add_edition(data, 1 + run, args.scale)  # the next month: data beyond Aug 2026 is empty
                grown.append(one_build(data, folder / "site", cache, not args.no_search))
            report(f"Adding one more edition to {args.editions}+ (cached archive)", grown)
            single = statistics.median(r["wall"] for r in cold[:1] + warm[:0]) if args.editions == 1 else None
            print(
                f"\n  adding an edition / cold single build: see the figures above (goal: at most 1.5x){single or ''}"
            )
    finally:
        if args.keep:
            print(f"\nkept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
