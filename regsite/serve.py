"""``python build.py serve``: build, serve on localhost, rebuild and reload on change.

The first build writes the whole site. After that the server keeps the model in memory
and renders each page when it is asked for, from the templates as they are on disk: a
template or guidance edit shows on the next reload (a page renders in milliseconds)
instead of after re-rendering thousands of pages. A change to the data rebuilds
everything, into a staging folder and an atomic swap as ever. Files that are not pages
(assets, downloads, the search index) are served from the last full build.
"""

from __future__ import annotations

import mimetypes
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from regsite.build import ROOT, Model, Options, _Stages, prepare
from regsite.diagnostics import BuildFailed, RegsiteError, Report, print_problems
from regsite.model.site import build_site
from regsite.render import pages, urls
from regsite.render.assets import build_assets
from regsite.render.environment import PageSpec, Renderer
from regsite.sources.content import load_content


class DevSite:
    """The in-memory site the server renders from. Without a model (the data had problems when
    the server started) every request is served from the last full build in ``options.out``."""

    def __init__(self, options: Options, load: bool = True) -> None:
        self.options = options
        self.lock = threading.Lock()
        self.model: Model | None = None
        self.pages: dict[str, PageSpec] = {}
        # With --no-cache the compiled stylesheet is kept in a temporary folder, never inside the site.
        self._css: tempfile.TemporaryDirectory[str] | None = None
        if options.cache is None:
            self._css = tempfile.TemporaryDirectory(prefix="regsite-css-")
            self.css_cache = Path(self._css.name)
        else:
            self.css_cache = options.cache / "css"
        if load:
            self.load_model()

    def load_model(self) -> None:
        report = Report()
        model = prepare(self.options, report, _Stages({}, {}))
        print_problems(report)
        self.model = model
        self.load_pages()

    def load_content(self) -> None:
        """Guidance changed: rebuild the site model around the same registers. A page with an
        error is reported and the last good guidance kept."""
        if self.model is None:
            return
        report = Report()
        content = load_content(self.options.content, report)
        print_problems(report)
        if report.failed(self.options.strict):
            raise BuildFailed(report, self.options.strict)
        m = self.model
        site = build_site(m.uses, content, self.options.base_url, m.registers, m.site.external)
        site.built_at = m.site.built_at
        m.site = site
        self.load_pages()

    def load_pages(self) -> None:
        options = self.options
        assert self.model is not None
        assets = build_assets(options.templates, ROOT, self.css_cache)
        for path, data in assets.files.items():  # new stylesheet or scripts: put them where pages link
            target = options.out / path
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        self.renderer = Renderer(options.templates, pages.template_globals(self.model.site, assets.paths))
        specs = pages.all_pages(self.model.site)
        self.pages = {spec.file: spec for spec in specs}

    def templates_changed(self) -> None:
        if self.model is None:
            return
        self.renderer.chrome_cache.clear()  # Jinja reloads changed templates itself
        self.load_pages()

    def page(self, path: str) -> bytes | None:
        spec = self.pages.get(path)
        if spec is None:
            return None
        with self.lock:
            return self.renderer.render(spec)


def wsgi_app(dev: DevSite) -> Callable[..., Iterable[bytes]]:
    out = dev.options.out.resolve()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/").lstrip("/")
        file = urls.output_file(path) if path == "" or path.endswith("/") else path
        body = dev.page(file)
        if body is not None:
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [body]
        target = (out / file).resolve()
        if target.is_dir() and (target / "index.html").is_file():
            start_response("301 Moved Permanently", [("Location", "/" + path.rstrip("/") + "/")])
            return [b""]
        if out in target.parents and target.is_file():
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            start_response("200 OK", [("Content-Type", kind)])
            return [target.read_bytes()]
        start_response("404 Not Found", [("Content-Type", "text/html; charset=utf-8")])
        return [dev.page("404.html") or b"Not found"]

    return app


def guarded(action: Callable[[], None]) -> Callable[[], None]:
    """Run a watcher's action; a problem in the inputs is printed, and the last good site kept."""

    def run() -> None:
        try:
            action()
        except BuildFailed as failed:  # a mistake mid-edit: say what, keep serving
            print_problems(failed.report)
            print(f"error: {failed} Serving the last good version.", file=sys.stderr)
        except RegsiteError as error:
            print(f"error: {error} Serving the last good version.", file=sys.stderr)

    return run


def start(options: Options, rebuild: Callable[[], int]) -> DevSite | None:
    """The first build, then the in-memory site; ``None`` when there is nothing to serve. When the
    data has problems but an earlier build exists, that build is served until they are fixed."""
    if rebuild() == 0:
        return DevSite(options)
    if not (options.out / "index.html").is_file():
        return None
    print(
        f"Serving the previous build in {options.out} until the problems above are fixed "
        "(a change to the data rebuilds it).",
        file=sys.stderr,
    )
    return DevSite(options, load=False)


def serve(options: Options, port: int, rebuild: Callable[[], int]) -> int:
    from livereload import Server

    dev = start(options, rebuild)
    if dev is None:
        return 1

    def data_changed() -> None:
        print("\nThe data changed: rebuilding…", file=sys.stderr)
        began = time.perf_counter()
        if rebuild() != 0:
            print("Rebuild stopped (problems above): serving the last good site.", file=sys.stderr)
            return
        dev.load_model()
        print(f"Rebuilt in {time.perf_counter() - began:.1f}s.", file=sys.stderr)

    server = Server(wsgi_app(dev))
    server.watch(str(options.data), guarded(data_changed), delay=0.5)
    server.watch(str(options.content), guarded(dev.load_content), delay=0.2)
    server.watch(str(options.templates), guarded(dev.templates_changed), delay=0.2)
    print(f"\nServing at http://localhost:{port}/ (Ctrl+C to stop). Pages render from the templates on request;")
    print("data changes rebuild the site.")
    server.serve(host="127.0.0.1", port=port, open_url_delay=None, restart_delay=0)
    return 0
