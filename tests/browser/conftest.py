"""Browser tests: the built sample site served on localhost, driven in Debian's chromium.

Chromium is the system package (installed by ./run test with apt), launched by
Playwright through ``executable_path``: no browser is ever downloaded. Every request
the browser makes is recorded, so a test can prove that none leaves the site.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import shutil
import threading
import tomllib
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from regsite.build import build

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-default-apps",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Debian's chromium is not installed: run ./run test, which installs it with apt.")
    return path


ROOT = Path(__file__).resolve().parents[2]


def netlify_headers() -> list[tuple[str, dict[str, str]]]:
    """The [[headers]] rules of netlify.toml: (path pattern, headers)."""
    config = tomllib.loads((ROOT / "netlify.toml").read_text("utf-8"))
    return [(rule["for"], rule["values"]) for rule in config.get("headers", [])]


HEADERS = netlify_headers()


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site as Netlify would: the headers in netlify.toml (so every browser test runs
    under the real Content-Security-Policy), 404.html for missing paths, no directory listings."""

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        for pattern, values in HEADERS:
            if fnmatch.fnmatch(path, pattern):
                for name, value in values.items():
                    self.send_header(name, value)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def list_directory(self, path):
        self.send_error(404)
        return None


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(SiteHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def site_url(sample_site) -> Iterator[str]:
    server, url = serve(sample_site.out)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def split_site(tmp_path_factory: pytest.TempPathFactory):
    """The shipped sample built with its search index in bundles of 9 MB of stubs (it has 25 MB),
    as a full-size register's is in bundles of search/pagefind.py's BUNDLE_MB."""
    from conftest import options_for

    tmp = tmp_path_factory.mktemp("split")
    return build(options_for(tmp, ROOT / "data", ROOT / "content", mirror=False, search_bundle_mb=9.0))


@pytest.fixture(scope="session")
def split_url(split_site) -> Iterator[str]:
    server, url = serve(split_site.out)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Requests(list):
    """Every URL the page asked for."""

    def outside(self, base: str) -> list[str]:
        return [u for u in self if not (u.startswith(base) or u.startswith(("data:", "blob:", "about:", "file://")))]


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1100, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    tab = context.new_page()
    tab.requests = Requests()
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    return tab
