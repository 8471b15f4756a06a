import zipfile

import pytest
from conftest import options_for
from factory import make_project

from regsite.build import build
from regsite.diagnostics import RegsiteError
from regsite.publish.mirror import offline_html


def test_folder_links_name_their_index():
    html = (
        '<a href="../../agreements/x/">a</a> <a href="./">home</a> <a href="../search/?q=x">s</a> '
        '<a href="guidance/y/#field-z">g</a> <form action="../../search/" method="get"> '
        '<a href="https://example.org/a/">e</a> <a href="#main">m</a> <a href="/agreements/">abs</a> '
        '<a href="../downloads/a.csv">f</a> <link href="../assets/site.1.css"> <a data-href="x/" class="y/">n</a>'
    )
    assert offline_html(html) == (
        '<a href="../../agreements/x/index.html">a</a> <a href="./index.html">home</a> '
        '<a href="../search/index.html?q=x">s</a> <a href="guidance/y/index.html#field-z">g</a> '
        '<form action="../../search/index.html" method="get"> <a href="https://example.org/a/">e</a> '
        '<a href="#main">m</a> <a href="/agreements/">abs</a> <a href="../downloads/a.csv">f</a> '
        '<link href="../assets/site.1.css"> <a data-href="x/" class="y/">n</a>'
    )


def test_the_mirror_search_index():
    from regsite.search.offline import Document, document_from_stub, index_scripts

    stub = (
        "<html><head><title>x</title></head><body><div data-pagefind-body>"
        '<div hidden><span data-pagefind-meta="Reference:DARS-NIC-1-A"></span>'
        '<span data-pagefind-filter="Type of page:Agreement"></span></div>'
        "<h1>A study</h1><p>About <b>cancer</b>.</p><div data-pagefind-ignore><p>not this</p></div>"
        "<p>Ends here &lt;script&gt;</p></div></body></html>"
    )
    doc = document_from_stub("agreements/dars-nic-1-a/", stub)
    assert doc == Document(
        "agreements/dars-nic-1-a/",
        "A study",
        "A study About cancer . Ends here <script>",
        "Agreement",
        {"Reference": "DARS-NIC-1-A"},
    )
    files = index_scripts([doc, Document("b/", "B", "</script><img src=x onerror=alert(1)>", "Page")], chunk_chars=80)
    assert sorted(files) == ["search-offline/index-0.js", "search-offline/index-1.js", "search-offline/manifest.js"]
    assert files["search-offline/manifest.js"] == b'window.RegisterOfflineSearchFiles = ["index-0.js","index-1.js"];\n'
    assert b"</script>" not in b"".join(files.values())
    assert index_scripts([doc]) == index_scripts([doc])


def test_a_long_stub_is_read_only_as_far_as_the_index_keeps():
    from regsite.search.offline import TEXT_LIMIT, document_from_stub

    paragraphs = "".join(f"<p>Paragraph {i} about <b>linked</b> data, at some length.</p>\n" for i in range(2_000))
    words = {"Long", "Paragraph", "about", "linked", "data,", "at", "some", "length.", *map(str, range(99))}
    for padding in range(0, 64, 3):  # moves where the stub is cut into pieces
        stub = (
            f'<html><body><div data-pagefind-body data-x="{"x" * padding}">'
            '<span data-pagefind-meta="Ends:1 May 2027"></span>'
            f'<span data-pagefind-filter="Type of page:Agreement"></span><h1>Long</h1>{paragraphs}</div></body></html>'
        )
        doc = document_from_stub("agreements/long/", stub)
        assert (doc.title, doc.kind, doc.meta) == ("Long", "Agreement", {"Ends": "1 May 2027"})
        assert len(doc.text) == TEXT_LIMIT
        assert doc.text.startswith("Long Paragraph 0 about linked data, at some length. Paragraph 1 about linked")
        assert set(doc.text.split()[:-1]) <= words  # no word split where the stub was cut


@pytest.fixture(scope="module")
def no_search_build(tmp_path_factory):
    """A build with --no-search and SOURCE_DATE_EPOCH set (2023-11-14 22:13:20 UTC)."""
    tmp = tmp_path_factory.mktemp("no-search")
    data, content = make_project(tmp)
    options = options_for(tmp, data, content, search=False, mirror=True)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", "1700000000")
        build(options)
    return options.out


@pytest.mark.slow
def test_the_mirror_searches_without_pagefind(no_search_build):
    """--no-search skips Pagefind's index; the mirror's own search still finds every agreement."""
    assert not (no_search_build / "pagefind").exists()
    with zipfile.ZipFile(no_search_build / "downloads" / "register-site-2026-09.zip") as mirror:
        scripts = [n for n in mirror.namelist() if "/search-offline/index-" in n]
        assert scripts
        index = b"".join(mirror.read(n) for n in scripts).decode()
    assert index.count('"agreements/dars-nic-') == 28
    assert '"agreements/dars-nic-00574-v2h1f/"' in index


@pytest.mark.slow
def test_source_date_epoch_dates_the_mirror_and_the_feed(no_search_build):
    with zipfile.ZipFile(no_search_build / "downloads" / "register-site-2026-09.zip") as mirror:
        times = {info.date_time for info in mirror.infolist()}
    assert times == {(2023, 11, 14, 22, 13, 20)}
    feed = (no_search_build / "changes.atom").read_text()
    assert feed.split("<entry>")[0].count("<updated>2023-11-14T22:13:20Z</updated>") == 1
    assert "<updated>2026-09-01T00:00:00Z</updated>" in feed  # the edition's own entry keeps its month


def test_without_source_date_epoch_the_newest_edition_dates_the_build(monkeypatch):
    from regsite.build import source_date, zip_time

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert zip_time(source_date("2026-09")) == (2026, 9, 1, 0, 0, 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert zip_time(source_date("2026-09")) == (1980, 1, 1, 0, 0, 0)  # ZIP's earliest
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(RegsiteError, match="SOURCE_DATE_EPOCH must be a whole number"):
        source_date("2026-09")
