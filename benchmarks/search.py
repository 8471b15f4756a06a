#!/usr/bin/env python3
"""Search on a full-size register, measured in Debian's chromium: the index's size, what the
search page transfers before and for a first search, and the time from the last keystroke of a
query to its first result on screen.

    python benchmarks/search.py [--site DIR ...] [--runs 5] [--query cancer] [--delay 150]

Each run opens the search page in a fresh browser context (a cold cache), waits until the
page has loaded everything it loads by itself (Pagefind's runtime and its filters), then types
the query key by key, --delay ms apart, as a person would; then again, pasting it whole; then
opens /search/?q=<query>, as the search form in every page's header does. Times are taken in
the page: from the last key's input event (or from navigation, for the address) to the first
animation frame in which a result link is shown under a message naming the whole query
(results for the letters typed so far do not count). Bytes are response bodies: the page's own
load, and what the first typed search adds (from the first key until its results have loaded).

Without --site it builds a full-size register first (benchmarks/make_register.py). Given
several sites (--site A --site B: say, before and after a change), it measures them in turn,
run by run, so that on a shared machine they share the same load. Not a test: it prints
medians.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

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
INPUT = "input.pagefind-ui__search-input"

# Runs in the page before its scripts: notes when the search box appears, each input event, and
# the first frame that shows a result for the whole query (window.__query, set before typing).
# A result is for the whole query once Pagefind's message ends "for <query>" ("1,677 results
# for cancer"; while it searches it reads "Searching for cancer...").
TIMER = """
window.__search = { inputs: [] };
document.addEventListener("input", function () { window.__search.inputs.push(performance.now()); }, true);
new MutationObserver(function () {
  var s = window.__search;
  if (!s.box && document.querySelector("INPUT")) { s.box = performance.now(); }
  if (s.shown || !window.__query) { return; }
  var message = document.querySelector(".pagefind-ui__message");
  var link = document.querySelector(".pagefind-ui__result-link");
  if (message && link && link.checkVisibility() && message.textContent.trim().endsWith("for " + window.__query)) {
    s.shown = true;
    requestAnimationFrame(function () { s.frame = performance.now(); });
  }
}).observe(document, { childList: true, subtree: true, characterData: true });
""".replace("INPUT", INPUT)


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


@dataclass
class Figures:
    box: list[float] = field(default_factory=list)  # ms from navigation to the search box
    page: list[int] = field(default_factory=list)  # bytes the page loads by itself
    typed: list[float] = field(default_factory=list)  # ms, last keystroke to the first result
    pasted: list[float] = field(default_factory=list)  # ms, the paste to the first result
    address: list[float] = field(default_factory=list)  # ms, navigation to /search/?q= to the first result
    search: list[int] = field(default_factory=list)  # bytes a first (typed) search adds
    message: str = ""


class Network:
    """Requests in flight, and when the last one began or ended."""

    def __init__(self, page: Any) -> None:
        self.sizes: list[int] = []
        self.open = 0
        self.last = time.monotonic()
        page.on("request", self._began)
        page.on("requestfinished", self._finished)
        page.on("requestfailed", lambda r: self._ended())

    def _began(self, request: Any) -> None:
        self.open += 1
        self.last = time.monotonic()

    def _finished(self, request: Any) -> None:
        self.sizes.append(request.sizes()["responseBodySize"])
        self._ended()

    def _ended(self) -> None:
        self.open -= 1
        self.last = time.monotonic()

    def settle(self, page: Any, quiet: float = 0.5) -> None:
        """Wait until nothing has been in flight for ``quiet`` seconds."""
        while self.open > 0 or time.monotonic() - self.last < quiet:
            page.wait_for_timeout(50)


def one_search(browser: Any, url: str, query: str, delay: float | None, figures: Figures) -> None:
    """Open the search page afresh and type the query (``delay`` ms a key) or, with ``delay``
    None, paste it; add what was measured to ``figures``."""
    context = browser.new_context()  # a cold cache every run
    page = context.new_page()
    page.add_init_script(TIMER)
    network = Network(page)
    page.goto(url)
    page.wait_for_selector(INPUT)
    network.settle(page)  # Pagefind's runtime and filters, which the page loads by itself
    loaded = len(network.sizes)
    page.evaluate("query => { window.__query = query; }", query)
    if delay is None:
        page.fill(INPUT, query)
    else:
        page.click(INPUT)
        page.keyboard.type(query, delay=delay)
    page.wait_for_function("() => window.__search.frame", timeout=30_000)
    network.settle(page)  # the first page of results, fragments and all
    timer = page.evaluate("window.__search")
    if delay is None:
        figures.pasted.append(timer["frame"] - timer["inputs"][-1])
    else:
        figures.typed.append(timer["frame"] - timer["inputs"][-1])
        figures.box.append(timer["box"])
        figures.page.append(sum(network.sizes[:loaded]))
        figures.search.append(sum(network.sizes[loaded:]))
        figures.message = page.locator(".pagefind-ui__message").inner_text()
    context.close()


def from_address(browser: Any, url: str, query: str, figures: Figures) -> None:
    """Open /search/?q=<query> afresh (as the header's search form does): time to the first result."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(TIMER + f"window.__query = {json.dumps(query)};")
    page.goto(url + "?" + urlencode({"q": query}))
    page.wait_for_function("() => window.__search.frame", timeout=30_000)
    figures.address.append(page.evaluate("window.__search.frame"))
    context.close()


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a context closed while a file was sent
            super().handle_error(request, client_address)


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    server = QuietServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/search/"


def measure(sites: list[Path], runs: int, query: str, delay: float) -> list[Figures]:
    from playwright.sync_api import sync_playwright

    servers = [serve(site) for site in sites]
    all_figures = [Figures() for _ in sites]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=ARGS)
        for _ in range(runs):
            for (_, url), figures in zip(servers, all_figures, strict=True):
                one_search(browser, url, query, delay, figures)
                one_search(browser, url, query, None, figures)
                from_address(browser, url, query, figures)
        browser.close()
    for server, _ in servers:
        server.shutdown()
    return all_figures


def spread(values: list[float], scale: float = 1.0, unit: str = "") -> str:
    return (
        f"median {statistics.median(values) * scale:,.0f}{unit}"
        f" [{min(values) * scale:,.0f} – {max(values) * scale:,.0f}]"
    )


def report(site: Path, figures: Figures, runs: int, query: str, delay: float) -> None:
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    print(f"{site}\nsearch index: {sum(p.stat().st_size for p in files) / 1e6:.1f} MB in {len(files)} files")
    print(f"query {query!r}: {figures.message}   ({runs} runs, each in a fresh browser context)")
    print(f"search box shown after navigation: {spread(figures.box, unit=' ms')}")
    print(f"bytes the search page loads by itself: {spread(figures.page, 1e-3, ' KB')}")
    print(f"bytes a first search adds: {spread(figures.search, 1e-3, ' KB')}")
    print(f"last keystroke to first result, typed {delay:.0f} ms a key: {spread(figures.typed, unit=' ms')}")
    print(f"paste to first result: {spread(figures.pasted, unit=' ms')}")
    print(f"opening /search/?q= to first result: {spread(figures.address, unit=' ms')}")
    print("Issue 14's search goals (medians)")
    for name, value, goal, unit in (
        ("first result after the last keystroke", statistics.median(figures.typed), 300, "ms"),
        ("first result after a paste", statistics.median(figures.pasted), 300, "ms"),
        ("transferred for a first search", statistics.median(figures.search) / 1e3, 100, "KB"),
    ):
        verdict = "met" if value <= goal else "NOT met"
        print(f"  {name:<40} {value:>8,.0f} {unit}  goal ≤ {goal} {unit}  ratio {value / goal:.2f}  {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--site", type=Path, action="append", help="a built site (default: build a full-size register); repeatable"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="cancer")
    parser.add_argument("--delay", type=float, default=150, help="ms between keys typed (default 150)")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="regsite-search-"))
    try:
        sites = args.site or [build_full(folder)]
        for i, (site, figures) in enumerate(zip(sites, measure(sites, args.runs, args.query, args.delay), strict=True)):
            print("\n" * bool(i), end="")
            report(site, figures, args.runs, args.query, args.delay)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
