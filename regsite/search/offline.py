"""Search for the offline mirror, which browsers open from ``file://``.

Pagefind loads its index with ``fetch`` and WebAssembly, which browsers refuse for
``file://`` pages, so the mirror carries its own small index as classic scripts that a
``<script src>`` can load from disk, and ``mirror-search.js`` searches it. The index is
made from the same search stubs Pagefind reads, so both search the same content.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_LIMIT = 3_000  # characters of each page's text kept: enough for matches and excerpts, and a bounded index
CHUNK_CHARS = 2_000_000
_FEED = 4_096  # characters of a stub parsed at a time


@dataclass(frozen=True)
class Document:
    path: str  # site path: "agreements/x/" (a folder) or a file
    title: str
    text: str
    kind: str
    meta: dict[str, str] = field(default_factory=dict)


class _StubReader(HTMLParser):
    """The text of a stub's data-pagefind-body, without data-pagefind-ignore parts; its first
    h1; and the meta and "Type of page" filter carried by empty spans."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # nesting inside the body
        self.ignore_at: int | None = None
        self.in_body = False
        self.in_h1 = False
        self.title: list[str] = []
        self.text: list[str] = []
        self.meta: dict[str, str] = {}
        self.kind = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "data-pagefind-body" in a:
            self.in_body = True
            self.depth = 0
        if not self.in_body:
            return
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self.depth += 1
        if "data-pagefind-ignore" in a and self.ignore_at is None:
            self.ignore_at = self.depth
        if (value := a.get("data-pagefind-meta")) and ":" in value:
            key, _, text = value.partition(":")
            self.meta[key.strip()] = text.strip()
        if (value := a.get("data-pagefind-filter")) and value.startswith("Type of page:"):
            self.kind = value.partition(":")[2].strip()
        if tag == "h1" and not self.title:
            self.in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if not self.in_body:
            return
        if tag == "h1":
            self.in_h1 = False
        if self.ignore_at is not None and self.depth == self.ignore_at:
            self.ignore_at = None
        self.depth -= 1
        if self.depth < 0:
            self.in_body = False

    def handle_data(self, data: str) -> None:
        if not self.in_body or self.ignore_at is not None:
            return
        if self.in_h1:
            self.title.append(data)
        self.text.append(data)


def _tidy(parts: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def document_from_stub(path: str, stub_html: str) -> Document | None:
    reader = _StubReader()
    # Only the first TEXT_LIMIT characters are kept, and the meta and filters sit at the top
    # of the body, so parsing stops once they are read: a long agreement's stub is 50 KB of
    # HTML, and Python's parser reads about 12 MB a second.
    start = 0
    while start < len(stub_html):
        # Each piece ends before a tag, so no text is split between two pieces.
        end = stub_html.find("<", start + _FEED)
        end = len(stub_html) if end < 0 else end
        reader.feed(stub_html[start:end])
        start = end
        enough = reader.title and not reader.in_h1 and sum(map(len, reader.text)) > 2 * TEXT_LIMIT
        if enough and len(_tidy(reader.text)) >= TEXT_LIMIT:
            break
    if not reader.text and not reader.title:
        return None
    title = _tidy(reader.title)
    text = _tidy(reader.text)
    return Document(path, title or path, text[:TEXT_LIMIT], reader.kind or "Page", reader.meta)


def _script_json(value: object) -> str:
    # ASCII-only JSON, and "</" broken so that no text can end the script element.
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).replace("</", "<\\/")


def index_scripts(documents: list[Document], chunk_chars: int = CHUNK_CHARS) -> dict[str, bytes]:
    """``search-offline/index-N.js`` chunks calling ``RegisterOfflineSearch.add([...])``, and a
    ``manifest.js`` listing them; deterministic for the same documents."""
    chunks: list[list[str]] = [[]]
    size = 0
    for doc in sorted(documents, key=lambda d: d.path):
        entry = _script_json([doc.path, doc.title, doc.kind, doc.meta, doc.text])
        if size + len(entry) > chunk_chars and chunks[-1]:
            chunks.append([])
            size = 0
        chunks[-1].append(entry)
        size += len(entry) + 1
    files: dict[str, bytes] = {}
    names = []
    for number, entries in enumerate(chunks):
        name = f"index-{number}.js"
        names.append(name)
        body = "window.RegisterOfflineSearch.add([" + ",".join(entries) + "]);\n"
        files[f"search-offline/{name}"] = body.encode("ascii")
    files["search-offline/manifest.js"] = f"window.RegisterOfflineSearchFiles = {_script_json(names)};\n".encode()
    return files
