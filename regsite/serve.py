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
import threading
from collections.abc import Callable, Iterable
from typing import Any

from regsite.build import ROOT, Options, _Stages, prepare
from regsite.diagnostics import RegsiteError, Report
from regsite.model.site import build_site
from regsite.render import pages, urls
from regsite.render.assets import build_assets
from regsite.render.environment import PageSpec, Renderer
from regsite.sources.content import load_content


class DevSite:
    """The in-memory site the server renders from."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.lock = threading.Lock()
        self.load_model()

    def load_model(self) -> None:
        report = Report()
        self.model = prepare(self.options, report, _Stages({}, {}))
        self.load_pages()

    def load_content(self) -> None:
        """Guidance changed: rebuild the site model around the same registers."""
        report = Report()
        content = load_content(self.options.content, report)
        m = self.model
        m.site = build_site(m.uses, content, self.options.base_url, m.registers, m.site.external)
        self.load_pages()

    def load_pages(self) -> None:
        options = self.options
        assets = build_assets(options.templates, ROOT, (options.cache or options.out / ".tmp") / "css")
        for path, data in assets.files.items():  # new stylesheet or scripts: put them where pages link
            target = options.out / path
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        self.renderer = Renderer(options.templates, pages.template_globals(self.model.site, assets.paths))
        specs = pages.all_pages(self.model.site)
        self.pages: dict[str, PageSpec] = {spec.file: spec for spec in specs}

    def templates_changed(self) -> None:
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


def serve(options: Options, port: int, rebuild: Callable[[], int]) -> int:
    from livereload import Server

    if rebuild() != 0 and not options.out.is_dir():
        return 1
    dev = DevSite(options)

    def data_changed() -> None:
        if rebuild() == 0:
            dev.load_model()

    def guarded(action: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                action()
            except RegsiteError as error:  # a mistake mid-edit: say so and keep serving the last good model
                print(f"error: {error}")

        return run

    server = Server(wsgi_app(dev))
    server.watch(str(options.data), guarded(data_changed), delay=0.5)
    server.watch(str(options.content), guarded(dev.load_content), delay=0.2)
    server.watch(str(options.templates), guarded(dev.templates_changed), delay=0.2)
    print(f"\nServing at http://localhost:{port}/ (Ctrl+C to stop). Pages render from the templates on request;")
    print("data changes rebuild the site.")
    server.serve(host="127.0.0.1", port=port, open_url_delay=None, restart_delay=0)
    return 0
