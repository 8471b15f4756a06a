"""The site's static assets: the stylesheet built from NHS.UK frontend's Sass, our
scripts and images, each named by a hash of its content so a CDN may cache it forever.

The Sass compiler (dart-sass, from npm) runs only when the Sass or the installed
NHS.UK frontend changes; its output is cached by a hash of both (in ``.cache/css``; with
``--no-cache`` it is compiled afresh and written nowhere but the site).
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from regsite.diagnostics import RegsiteError

FINGERPRINTED = (
    "site.css",
    "site.js",
    "search.js",
    "search-api.js",
    "mirror-search.js",
    "agreements.js",
    "logo.svg",
)
# Published as a file of another name in a fingerprinted folder: Pagefind UI imports the
# Pagefind API as "<bundlePath>pagefind.js", and search-api.js is the API the search page
# gives it (its import of Pagefind's own module is relative: assets/ and pagefind/ are siblings).
RENAMED = {"search-api.js": "pagefind.js"}


@dataclass
class Assets:
    paths: dict[str, str]  # logical name → site path, e.g. "site.css" → "assets/site.3f2a1c9e.css"
    files: dict[str, bytes]  # site path → content


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


def _frontend_dir(root: Path) -> Path:
    return root / "node_modules" / "nhsuk-frontend"


def require_frontend(root: Path) -> Path:
    """NHS.UK frontend's folder; the build checks for it before reading anything."""
    frontend = _frontend_dir(root)
    if not (frontend / "package.json").is_file():
        raise RegsiteError(
            "NHS.UK frontend is not installed (node_modules/nhsuk-frontend is missing). "
            "Run the README's set-up command (./run build), which installs it with npm."
        )
    return frontend


class Stylesheet:
    """The stylesheet, compiled by dart-sass in a process of its own from the moment this is made
    until ``result()``: the build starts it before reading the registers, so Node.js compiles on
    the other core while the model is made on one (about 1.7 s of a full-size build's wall time),
    and is done, its 150 MB given back, long before the model is whole."""

    def __init__(self, source_dir: Path, root: Path, cache_dir: Path | None) -> None:
        frontend = require_frontend(root)
        digest = hashlib.sha256((frontend / "package.json").read_bytes())
        for scss in sorted(source_dir.glob("*.scss")):
            digest.update(scss.name.encode() + scss.read_bytes())
        self._cached = cache_dir / f"site-{digest.hexdigest()[:16]}.css" if cache_dir else None
        self._css = self._cached.read_bytes() if self._cached is not None and self._cached.is_file() else None
        self._process: subprocess.Popen[bytes] | None = None
        if self._css is not None:
            return
        sass = root / "node_modules" / ".bin" / "sass"
        if not sass.exists() or not shutil.which("node"):
            raise RegsiteError("The Sass compiler is not installed. Run the README's set-up command (./run build).")
        # Files, not pipes: a pipe would stop the compiler once its buffer is full, until read.
        # They outlive this call, so no context manager: close() closes them.
        self._out = tempfile.TemporaryFile()  # noqa: SIM115
        self._err = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            [
                str(sass),
                "--load-path",
                str(root / "node_modules"),
                "--style=compressed",
                "--no-source-map",
                "--quiet-deps",
                "--silence-deprecation=import",
                str(source_dir / "site.scss"),
            ],
            stdout=self._out,
            stderr=self._err,
        )

    @property
    def compiling(self) -> bool:
        """Whether the compiler's process is still running."""
        return self._process is not None and self._process.poll() is None

    def result(self) -> bytes:
        """The compiled stylesheet, waiting for the compiler if it still runs."""
        if self._css is not None:
            return self._css
        assert self._process is not None
        code = self._process.wait()
        self._out.seek(0)
        self._err.seek(0)
        css, errors = self._out.read(), self._err.read()
        self.close()
        if code != 0:
            raise RegsiteError("The stylesheet did not compile:\n" + errors.decode("utf-8", "replace"))
        if self._cached is not None:
            self._cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._cached.with_suffix(".tmp")
            tmp.write_bytes(css)
            tmp.replace(self._cached)
        self._css = css
        return css

    def close(self) -> None:
        """Stop the compiler if it still runs (a build that failed before it was needed)."""
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._process = None
        self._out.close()
        self._err.close()


def build_assets(templates: Path, root: Path, cache_dir: Path | None, stylesheet: Stylesheet | None = None) -> Assets:
    """The assets, with ``stylesheet`` if its compiling was begun before (else compiled here)."""
    source = templates / "assets"
    contents = {name: (source / name).read_bytes() for name in FINGERPRINTED if name != "site.css"}
    # The few small icons the NHS.UK stylesheet uses as masks go inside it as data: URIs: a
    # browser refuses CSS mask images from file:// (the offline mirror), and it saves requests.
    css = (stylesheet or Stylesheet(source, root, cache_dir)).result().decode("utf-8")
    images = _frontend_dir(root) / "dist" / "nhsuk" / "assets" / "images"
    for image in sorted(images.glob("*.svg")):
        uri = "data:image/svg+xml," + quote(image.read_text("utf-8").strip(), safe=" =:/'")
        css = css.replace(f'url("images/{image.name}")', f'url("{uri}")')
    if 'url("images/' in css or "url(images/" in css:
        raise RegsiteError("The stylesheet refers to an image that is not an NHS.UK SVG icon: see render/assets.py.")
    contents["site.css"] = css.encode("utf-8")
    paths: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for name, data in sorted(contents.items()):
        stem, _, ext = name.rpartition(".")
        path = f"assets/{stem}.{_digest(data)}" + (f"/{RENAMED[name]}" if name in RENAMED else f".{ext}")
        paths[name] = path
        files[path] = data
    # Compressed copies of the stylesheet and scripts, for hosts that serve them as they are.
    for path in [p for p in files if p.endswith((".css", ".js"))]:
        files[path + ".gz"] = gzip.compress(files[path], compresslevel=9, mtime=0)
    return Assets(paths, files)
