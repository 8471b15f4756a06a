"""Text helpers: the identity of names across typographic variants, slugs, and free text.

Register text comes from Word and Excel by hand: curly and straight quotes side by side,
doubled spaces, tab bullets, private-use bullet characters. ``comparable`` removes that
noise so two spellings of one thing compare equal; the published text itself is never
rewritten.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from itertools import groupby

from markupsafe import Markup, escape

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")


def tidy(value: str) -> str:
    """Trim and collapse runs of whitespace: how short fields (names, types) are shown."""
    return _SPACE.sub(" ", value).strip()


@lru_cache(maxsize=65536)
def comparable(value: str) -> str:
    """A form of ``value`` without typographic noise, for deciding whether two texts differ.

    Straightens quotes and dashes, folds compatibility characters (ligatures), unifies
    line endings and whitespace, and drops trailing full stops. Case is kept: use
    ``name_key`` for names, where case is noise too.
    """
    text = unicodedata.normalize("NFKC", value).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().rstrip(".").rstrip()


@lru_cache(maxsize=65536)
def name_key(value: str) -> str:
    """The identity of an organisation or dataset name: ``ST. GEORGE’S`` = ``St. George's``."""
    return comparable(value).casefold()


def slugify(value: str, max_length: int = 80) -> str:
    """An ASCII slug: lower case letters, digits and single hyphens."""
    text = unicodedata.normalize("NFKD", comparable(value)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(text) > max_length:
        text = text[:max_length].rsplit("-", 1)[0]
    return text or "unnamed"


def short_hash(value: str, length: int = 6) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:length]


def unique_slugs(keys_in_order: list[str], names: dict[str, str]) -> dict[str, str]:
    """Give each key a slug that is unique and stable.

    ``keys_in_order`` is the order keys first appeared in (edition by edition), which
    only ever grows at the end, so the key that first took a slug keeps it; a later key
    whose name slugifies alike gets a suffix from its own key's hash, which never changes.
    """
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for key in keys_in_order:
        slug = slugify(names[key])
        if slug in taken:
            slug = f"{slug}-{short_hash(key)}"
        taken.add(slug)
        slugs[key] = slug
    return slugs


# ---------------------------------------------------------------------------
# Free text: paragraphs, bullets and links, never HTML or markdown.

# Bullet markers seen in the register: •, ·, U+F0B7 (Word's Symbol-font bullet), o, -, *, ~, ▪.
_BULLET = re.compile(r"^[ \t]*(?:[\u2022\u00b7\uf0b7\u25aa\u25cf\u2023\u2043\u25e6~*o-])[ \t]+(?=\S)")
_TAB_BULLET = re.compile(r"^\t+(?=\S)")
_URL = re.compile(r"\bhttps?://[^\s<>\"'\u201c\u201d\u2018\u2019]+", re.IGNORECASE)
_URL_TRAIL = ".,;:!?)]}"


def _linked(line: str) -> Markup:
    """Escape a line and turn its http(s) URLs into links; nothing else becomes markup."""
    out: list[str] = []
    pos = 0
    for match in _URL.finditer(line):
        url = match.group(0)
        trail = ""
        while url and url[-1] in _URL_TRAIL:
            # Keep a closing bracket that belongs to the URL, e.g. wikipedia's (disambiguation).
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            trail = url[-1] + trail
            url = url[:-1]
        out.append(str(escape(line[pos : match.start()])))
        out.append(f'<a href="{escape(url)}" class="nhsuk-link">{escape(url)}</a>{escape(trail)}')
        pos = match.end()
    out.append(str(escape(line[pos:])))
    return Markup("".join(out))


def _bullet_text(line: str) -> str | None:
    match = _BULLET.match(line) or _TAB_BULLET.match(line)
    return line[match.end() :] if match else None


@lru_cache(maxsize=8192)
def free_text_html(value: str) -> Markup:
    """Render a register free-text cell: paragraphs, bullet lists and links.

    Blank lines separate paragraphs; lines that start with a bullet marker become list
    items; other single line breaks are kept as line breaks. Everything is escaped.
    """
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        return Markup("")
    blocks: list[str] = []
    for para in re.split(r"\n[ \t]*\n", text):
        lines = [(ln, _bullet_text(ln)) for ln in para.split("\n") if ln.strip()]
        # Consecutive bullet lines make a list; other consecutive lines make a paragraph.
        for is_list, group in groupby(lines, key=lambda pair: pair[1] is not None):
            if is_list:
                items = "".join(f"<li>{_linked(tidy_tabs(bullet or ''))}</li>" for _, bullet in group)
                blocks.append(f"<ul>{items}</ul>")
            else:
                blocks.append("<p>" + "<br>".join(_linked(tidy_tabs(line)) for line, _ in group) + "</p>")
    return Markup("".join(blocks))


def tidy_tabs(line: str) -> str:
    """Tabs inside a line (``1.\\tthe local…``) read as a space; leading space is dropped."""
    return re.sub(r"[ \t]*\t[ \t]*", " ", line).strip()


def plain_words(value: str) -> list[str]:
    return value.split()
