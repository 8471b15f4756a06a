"""Search stubs (search/stubs.py): the title and indexed body of a page, without skipped parts."""

from __future__ import annotations

from regsite.search.stubs import search_stub


def test_a_stub_keeps_the_title_and_body_and_drops_what_is_skipped():
    html = (
        "<html><head><title>An agreement</title><link rel=stylesheet></head><body><header>Menu</header>"
        "<div data-pagefind-body><h1>An agreement</h1><p>Kept</p>"
        "<!--search:skip--><table>Every file</table><!--/search:skip--><p>Also kept</p>"
        "<!--search:skip--><p>Unclosed skip runs to the end</p><!--/search-body--></div><footer>F</footer>"
    )
    assert search_stub(html) == (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>An agreement</title></head>'
        "<body><div data-pagefind-body><h1>An agreement</h1><p>Kept</p><p>Also kept</p></body></html>"
    )
