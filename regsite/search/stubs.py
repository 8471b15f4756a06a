"""Search stubs: the part of each page that Pagefind indexes, cut from the rendered HTML."""

from __future__ import annotations


def search_stub(html: str) -> str:
    """What the search indexer needs of a page: its title and indexed body, without the parts
    marked <!--search:skip--> (an agreement's file list and earlier versions, which Pagefind
    ignores anyway but would still have to read)."""
    start = html.find("<div data-pagefind-body>")
    end = html.find("<!--/search-body-->", start)
    body = html[start:end]
    while (skip := body.find("<!--search:skip-->")) >= 0:
        stop = body.find("<!--/search:skip-->", skip)
        body = body[:skip] + (body[stop + len("<!--/search:skip-->") :] if stop >= 0 else "")
    title = html[html.find("<title>") : html.find("</title>") + len("</title>")]
    return f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{title}</head><body>{body}</body></html>'
