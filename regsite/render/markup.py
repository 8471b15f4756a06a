"""Free text from the register as HTML: paragraphs, bullets and links, never HTML or markdown.

Register text comes from Word and Excel by hand: tab bullets, private-use bullet characters,
bare URLs. Everything is escaped; only paragraphs, line breaks, lists and links are made.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby

from markupsafe import Markup, escape

# Bullet markers seen in the register: •, ·, U+F0B7 (Word's Symbol-font bullet), o, -, *, ~, ▪.
_BULLET = re.compile(r"^[ \t]*(?:[\u2022\u00b7\uf0b7\u25aa\u25cf\u2023\u2043\u25e6~*o-])[ \t]+(?=\S)")
_TAB_BULLET = re.compile(r"^\t+(?=\S)")
_URL = re.compile(r"\bhttps?://[^\s<>\"'\u201c\u201d\u2018\u2019]+", re.IGNORECASE)
_URL_TRAIL = ".,;:!?)]}"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_TABS = re.compile(r"[ \t]*\t[ \t]*")


def _linked(line: str) -> Markup:
    """Escape a line and turn its http(s) URLs into links; nothing else becomes markup."""
    if "://" not in line:  # most lines: no URL to look for (a full-size build has 300,000 lines)
        return escape(line)
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
    for para in _PARAGRAPH_BREAK.split(text):
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
    return _TABS.sub(" ", line).strip() if "\t" in line else line.strip()
