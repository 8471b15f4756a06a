"""Search stubs: the part of each page that Pagefind indexes, cut from the rendered HTML."""

from __future__ import annotations

import re

# Pagefind separates only some block elements (div, p, td, li, headings) and runs the text of
# others into the next ("Reference numberDARS-…", "Agreements over timeDARS-…"). So a
# summary-list term ends with a colon ("Reference number: DARS-…"; the row's div ends the
# sentence), a table caption with a full stop, and a header cell with a space.
_ENDINGS = (
    (re.compile(r"(?<![:?.])</dt>"), ": </dt>"),
    (re.compile(r"(?<![:?.])</caption>"), ". </caption>"),
    (re.compile(r"</th>"), " </th>"),
)


def search_stub(html: str) -> str:
    """What the search indexer needs of a page: its title and indexed body, without the parts
    marked <!--search:skip--> (an agreement's file list and earlier versions, which Pagefind
    ignores anyway but would still have to read), with its terms, captions and header cells ended (see _ENDINGS)."""
    start = html.find("<div data-pagefind-body>")
    end = html.find("<!--/search-body-->", start)
    body = html[start:end]
    while (skip := body.find("<!--search:skip-->")) >= 0:
        stop = body.find("<!--/search:skip-->", skip)
        body = body[:skip] + (body[stop + len("<!--/search:skip-->") :] if stop >= 0 else "")
    for pattern, ending in _ENDINGS:
        body = pattern.sub(ending, body)
    title = html[html.find("<title>") : html.find("</title>") + len("</title>")]
    return f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{title}</head><body>{body}</body></html>'
