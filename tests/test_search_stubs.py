"""Search stubs: what Pagefind indexes of a page."""

from __future__ import annotations

from regsite.search.stubs import search_stub


def test_a_stub_separates_what_pagefind_would_run_together():
    page = (
        "<html><head><title>T</title></head><body><div data-pagefind-body>"
        '<dl><div><dt><a href="#r">Reference number</a></dt><dd>DARS-NIC-1-A</dd></div>'
        "<div><dt>Asked?</dt><dd>Yes</dd></div></dl>"
        "<table><caption>Agreements over time</caption><tr><th>A</th><th>B</th></tr></table>"
        "<!--search:skip--><p>file list</p><!--/search:skip--></div><!--/search-body--></body></html>"
    )
    stub = search_stub(page)
    assert '<a href="#r">Reference number</a>: </dt><dd>DARS-NIC-1-A</dd>' in stub
    assert "<dt>Asked?</dt>" in stub  # a term that ends in punctuation keeps it
    assert "<caption>Agreements over time. </caption>" in stub
    assert "<th>A </th><th>B </th>" in stub
    assert "file list" not in stub and "<title>T</title>" in stub
