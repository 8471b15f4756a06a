#!/usr/bin/env python3
"""Search on a full-size register, measured in Debian's chromium: the index's size, the bytes
a first search transfers, and the time from typing a query to the first result shown.

    python benchmarks/search.py [--site DIR] [--runs 5] [--query cancer]

Without --site it builds a full-size register first (benchmarks/make_register.py). Not a
test: it prints medians.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import statistics
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def build_full(folder: Path) -> Path:
    from make_register import make_register
    from run import DEFINITION

    from regsite.build import Options, build

    data = folder / "data" / "data-uses-register"
    data.mkdir(parents=True)
    (data / "register.toml").write_text(DEFINITION.read_text("utf-8").split("\n[editions.")[0], "utf-8")
    make_register(data / "2026-09.xlsx")
    build(Options(data=folder / "data", out=folder / "site", cache=folder / "cache", mirror=False))
    return folder / "site"


def measure(site: Path, runs: int, query: str) -> None:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/search/"
    index_bytes = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    times, transfers, results = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=ARGS)
        for _ in range(runs):
            context = browser.new_context()  # a cold cache every run
            page = context.new_page()
            page.goto(url)
            page.wait_for_selector("input.pagefind-ui__search-input")
            sizes: list[int] = []
            page.on("requestfinished", lambda r, sizes=sizes: sizes.append(r.sizes()["responseBodySize"]))
            started = time.perf_counter()
            page.fill("input.pagefind-ui__search-input", query)
            page.wait_for_selector(".pagefind-ui__result-link", timeout=30_000)
            times.append(time.perf_counter() - started)
            page.wait_for_timeout(500)  # let the first page of results finish loading its fragments
            transfers.append(sum(sizes))
            results.append(page.locator(".pagefind-ui__message").inner_text())
            context.close()
        browser.close()
    server.shutdown()
    print(f"search index: {index_bytes / 1e6:.1f} MB in {sum(1 for _ in (site / 'pagefind').rglob('*'))} files")
    print(f"query {query!r}: {results[0]}")
    median = statistics.median(transfers) / 1e3
    print(
        f"bytes a first search transfers (after the page and the UI): median {median:,.0f} KB"
        f" [{min(transfers) / 1e3:,.0f} – {max(transfers) / 1e3:,.0f}]"
    )
    print(
        f"typing to first result: median {statistics.median(times) * 1000:,.0f} ms"
        f" [{min(times) * 1000:,.0f} – {max(times) * 1000:,.0f}] over {runs} runs"
    )
    print("\nIssue 14's search goals (medians)")
    for name, value, goal, unit in (
        ("first result after the last keystroke", statistics.median(times) * 1000, 300, "ms"),
        ("transferred for a first search", median, 100, "KB"),
    ):
        verdict = "met" if value <= goal else "NOT met"
        print(f"  {name:<40} {value:>8,.0f} {unit}  goal ≤ {goal} {unit}  ratio {value / goal:.2f}  {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build a full-size register)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="cancer")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="regsite-search-"))
    try:
        site = args.site or build_full(folder)
        measure(site, args.runs, args.query)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
