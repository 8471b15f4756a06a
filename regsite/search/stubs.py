"""Search stubs: the part of each page that Pagefind indexes, cut from the rendered HTML."""

from __future__ import annotations

import re

# Pagefind separates only some block elements (div, p, td, li, headings) and runs the text of
# others into the next ("Reference numberDARS-…", "Agreements over timeDARS-…"). So a
# summary-list term ends with a colon ("Reference number: DARS-…"; the row's div ends the
# sentence) and a table caption with a full stop, unless they end with a colon, question mark
# or full stop already, and a header cell with a space.
_ENDS = re.compile(r"</(dt|caption|th)>")  # a literal start: a lookbehind first ran 15 times slower
_ENDINGS = {"dt": ": ", "caption": ". ", "th": " "}


def _ended(body: str) -> str:
    def ending(match: re.Match[str]) -> str:
        name, at = match.group(1), match.start()
        if name != "th" and at and body[at - 1] in ":?.":
            return match.group(0)
        return _ENDINGS[name] + match.group(0)

    return _ENDS.sub(ending, body)


def search_stub(html: str) -> str:
    """What the search indexer needs of a page: its title and indexed body, without the parts
    marked <!--search:skip--> (an agreement's file list and earlier versions, which Pagefind
    ignores anyway but would still have to read), with its terms, captions and header cells ended (see _ended)."""
    start = html.find("<div data-pagefind-body>")
    end = html.find("<!--/search-body-->", start)
    body = html[start:end]
    while (skip := body.find("<!--search:skip-->")) >= 0:
        stop = body.find("<!--/search:skip-->", skip)
        body = body[:skip] + (body[stop + len("<!--/search:skip-->") :] if stop >= 0 else "")
    body = _ended(body)
    title = html[html.find("<title>") : html.find("</title>") + len("</title>")]
    return f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{title}</head><body>{body}</body></html>'
