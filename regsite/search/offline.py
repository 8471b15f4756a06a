"""Search for the offline mirror, which browsers open from ``file://``.

Pagefind loads its index with ``fetch`` and WebAssembly, which browsers refuse for
``file://`` pages, so the mirror carries its own index as classic scripts that a
``<script src>`` can load from disk, and ``mirror-search.js`` searches it. The index is
made from the same search stubs Pagefind reads, so both search the same content: every
word of every page, as an inverted index (word → the pages that use it, and how often),
with a short excerpt of each page rather than its whole text.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

EXCERPT_CHARS = 320  # of each page's text kept for its result's excerpt
CHUNK_CHARS = 2_000_000

# Pagefind's reading of a page (pagefind/src/fossick/parser.rs): these elements' text is not
# indexed, and text runs on across inline elements (so "<b>can</b>cer" is one word).
_REMOVED = {"head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe", "template"}
_INLINE = {
    "a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i", "img", "input",
    "kbd", "label", "map", "object", "output", "q", "samp", "script", "select", "small", "span", "strong", "sub",
    "sup", "textarea", "time", "tt", "var",
}  # fmt: skip
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_WORD = re.compile(r"[^\W_]+")
_MARKS = re.compile(r"[\u0300-\u036f]")
# The site's HTML escapes ">" in attribute values, so a tag ends at the first ">".
_REMOVED_NAMES = "|".join(sorted(_REMOVED))
_REMOVED_START = re.compile(rf"<(?:{_REMOVED_NAMES})\b")
_INLINE_NAMES = "|".join(sorted(_INLINE))
_INLINE_TAG = re.compile(rf"</?(?:{_INLINE_NAMES})\b[^>]*>|<!--.*?-->", re.S)
_ANY_TAG = re.compile(r"<[^>]*>")
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_META = re.compile(r'data-pagefind-(meta|filter)="([^"]*)"')
_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")


@dataclass(frozen=True)
class Document:
    path: str  # site path: "agreements/x/" (a folder) or a file
    title: str
    text: str  # the start of the page's text, for its excerpt
    kind: str
    meta: dict[str, str] = field(default_factory=dict)
    # Every word of the page and its count, sorted, as one string ("cancer 3 care 1 …"): the
    # build holds a document per page until the mirror is made, and a tuple per word took a
    # hundred times the memory. Words are letters and digits only (words_of), so spaces part them.
    packed_words: str = ""

    @property
    def words(self) -> list[tuple[str, int]]:
        parts = iter(self.packed_words.split(" ") if self.packed_words else ())
        return [(word, int(count)) for word, count in zip(parts, parts, strict=False)]  # pairs: word, count


def words_of(text: str) -> list[str]:
    """The words of a text as the index keeps them, and as mirror-search.js splits a query:
    letters and digits, lower case, without accents."""
    folded = _MARKS.sub("", unicodedata.normalize("NFKD", text)).lower()
    return _WORD.findall(folded)


def _element_end(html_text: str, start: int) -> int:
    """Where the element whose start tag begins at ``start`` ends (after its end tag)."""
    tag = _NAME.match(html_text, start).group(1).lower()  # type: ignore[union-attr]
    if tag in _VOID:
        return html_text.index(">", start) + 1
    depth = 0
    for m in re.compile(rf"<(/?){tag}\b[^>]*>", re.I).finditer(html_text, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    return len(html_text)


def _next_cut(body: str, at: int) -> int:
    """Where the next element Pagefind does not index starts, or -1."""
    removed = _REMOVED_START.search(body, at)
    marked = body.find(" data-pagefind-ignore", at)
    starts = [removed.start()] if removed else []
    if marked >= 0:
        starts.append(body.rfind("<", at, marked))
    return min(starts) if starts else -1


def _without_ignored(body: str) -> str:
    """The body without the elements Pagefind does not index: those marked
    data-pagefind-ignore and those it removes (nav, form, svg, script ...)."""
    parts, at = [], 0
    while (cut := _next_cut(body, at)) >= 0:
        parts.append(body[at:cut])
        at = _element_end(body, cut)
    parts.append(body[at:])
    return " ".join(parts)


def _text(fragment: str) -> str:
    # Inline elements join their text to their neighbours' (as Pagefind reads them); any other
    # tag separates words.
    return html.unescape(_ANY_TAG.sub(" ", _INLINE_TAG.sub("", fragment)))


@dataclass
class _Reading:
    """What a stub says: its body's text (without ignored parts), first h1, meta and kind."""

    text: str = ""
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    kind: str = ""


def _read(stub: str) -> _Reading:
    """Read with regular expressions rather than an HTML parser: every page's whole text is
    indexed, and Python's parser reads only about 12 MB a second."""
    reading = _Reading()
    start = stub.find("data-pagefind-body")
    if start < 0:
        return reading
    body = stub[stub.index(">", start) + 1 :]
    for name, value in _META.findall(body):
        value = html.unescape(value)
        if name == "meta" and ":" in value:
            key, _, text = value.partition(":")
            reading.meta[key.strip()] = text.strip()
        elif name == "filter" and value.startswith("Type of page:") and not reading.kind:
            reading.kind = value.partition(":")[2].strip()
    kept = _without_ignored(body)
    reading.text = _text(kept)
    if h1 := _H1.search(kept):
        reading.title = _text(h1.group(1))
    return reading


def _tidy(text: str) -> str:
    # str.split takes the whitespace \s does; with single spaces left, replacing " ." and the rest
    # one by one is what one pass of " ([.,:;])" gives, at half the time of the two patterns.
    text = " ".join(text.split())
    for mark in ".,:;":
        if " " + mark in text:
            text = text.replace(" " + mark, mark)
    return text


def document_from_stub(path: str, stub_html: str) -> Document | None:
    reading = _read(stub_html)
    text = _tidy(reading.text)
    if not text and not reading.title:
        return None
    counts = Counter(words_of(text + " " + " ".join(reading.meta.values())))
    excerpt = text if len(text) <= EXCERPT_CHARS else text[: text.rfind(" ", 0, EXCERPT_CHARS) + 1].rstrip()
    packed = " ".join(f"{word} {count}" for word, count in sorted(counts.items()))
    return Document(path, _tidy(reading.title) or path, excerpt, reading.kind or "Page", reading.meta, packed)


def _script_json(value: object) -> str:
    # ASCII-only JSON, and "</" broken so that no text can end the script element.
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).replace("</", "<\\/")


@cache  # gaps and counts are small numbers (below the pages, mostly): a million postings, a few thousand numbers
def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def postings(entries: list[tuple[int, int]]) -> str:
    """A word's pages as text: each page's number as the gap from the one before, in base 36,
    with ".count" after it when the page uses the word more than once ("0 3.2 a")."""
    out, last = [], 0
    for number, count in entries:
        out.append(f"{_base36(number - last)}.{_base36(count)}" if count > 1 else _base36(number - last))
        last = number
    return " ".join(out)


def _chunks(entries: list[str], chunk_chars: int) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    size = 0
    for entry in entries:
        if size + len(entry) > chunk_chars and chunks[-1]:
            chunks.append([])
            size = 0
        chunks[-1].append(entry)
        size += len(entry) + 1
    return chunks


def index_scripts(documents: list[Document], chunk_chars: int = CHUNK_CHARS) -> dict[str, bytes]:
    """``search-offline/`` scripts: ``pages-N.js`` calling ``RegisterOfflineSearch.pages([...])``
    with each page (path, title, kind, meta, excerpt) in path order, ``words-N.js`` calling
    ``RegisterOfflineSearch.words({word: postings})``, and ``manifest.js`` listing them;
    deterministic for the same documents."""
    ordered = sorted(documents, key=lambda d: d.path)
    index: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, doc in enumerate(ordered):
        for word, count in doc.words:
            index[word].append((number, count))
    pages = [_script_json([d.path, d.title, d.kind, d.meta, d.text]) for d in ordered]
    words = [f"{_script_json(word)}:{_script_json(postings(index[word]))}" for word in sorted(index)]
    files: dict[str, bytes] = {}
    names = []
    for kind, entries, opening, closing in (("pages", pages, "[", "]"), ("words", words, "{", "}")):
        for number, chunk in enumerate(_chunks(entries, chunk_chars)):
            name = f"{kind}-{number}.js"
            names.append(name)
            body = f"window.RegisterOfflineSearch.{kind}({opening}{','.join(chunk)}{closing});\n"
            files[f"search-offline/{name}"] = body.encode("ascii")
    files["search-offline/manifest.js"] = f"window.RegisterOfflineSearchFiles = {_script_json(names)};\n".encode()
    return files
