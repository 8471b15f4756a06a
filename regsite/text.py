"""Text helpers shared by every stage: the identity of names across typographic variants, and slugs.

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

try:  # markupsafe's own escaping, in C, as markupsafe.escape uses it
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - markupsafe built without its C speedups
    from markupsafe._native import _escape_inner

# Each character and what it is compared as. Replaced one by one: a few scans of a long text
# are several times faster than str.translate, which looks up every character.
_QUOTES = tuple(
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
    }.items()
)


def comparable(value: str) -> str:
    """A form of ``value`` without typographic noise, for deciding whether two texts differ.

    Straightens quotes and dashes, folds compatibility characters (ligatures), unifies
    line endings and whitespace, and drops trailing full stops. Case is kept: use
    ``name_key`` for names, where case is noise too.
    """
    # Short texts (names, words, terms) recur and are remembered; long ones (an agreement's
    # purpose) are compared once or twice, and remembering them would fill each worker's memory.
    return _comparable_short(value) if len(value) <= 200 else _comparable(value)


def _comparable(value: str) -> str:
    text = unicodedata.normalize("NFKC", value)
    for character, compared_as in _QUOTES:
        if character in text:
            text = text.replace(character, compared_as)
    return " ".join(text.split()).rstrip(".").rstrip()  # split() takes the whitespace \s does


_comparable_short = lru_cache(maxsize=65536)(_comparable)


@lru_cache(maxsize=65536)
def name_key(value: str) -> str:
    """The identity of an organisation or dataset name: ``ST. GEORGE’S`` = ``St. George's``."""
    return comparable(value).casefold()


def escape_html(value: str) -> str:
    """``str(markupsafe.escape(value))`` for a plain string, a tenth of its time: no Markup is made
    only to be joined into a bigger one (a full-size build escapes millions of table cells)."""
    return _escape_inner(value)


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
