import json
import zipfile

import pytest
from conftest import options_for
from factory import DEEP_WORDS, make_project

from regsite.build import build
from regsite.diagnostics import RegsiteError
from regsite.publish.mirror import Online, offline_html


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
    from regsite.search.offline import document_from_stub, index_scripts, postings

    stub = (
        "<html><head><title>x</title></head><body><div data-pagefind-body>"
        '<div hidden><span data-pagefind-meta="Reference:DARS-NIC-1-A"></span>'
        '<span data-pagefind-filter="Type of page:Agreement"></span></div>'
        "<h1>A <em>study</em></h1><p>About <b>can</b>cer, Café.</p><div data-pagefind-ignore><p>not <div>this</div></p></div>"
        '<nav><a href="#x">contents</a></nav><svg><text>axis</text></svg>'
        "<p>Ends here &lt;script&gt; cancer</p></div></body></html>"
    )
    doc = document_from_stub("agreements/dars-nic-1-a/", stub)
    assert doc is not None
    assert (doc.path, doc.title, doc.kind, doc.meta) == (
        "agreements/dars-nic-1-a/",
        "A study",
        "Agreement",
        {"Reference": "DARS-NIC-1-A"},
    )
    assert doc.text == "A study About cancer, Café. Ends here <script> cancer"
    words = dict(doc.words)
    assert words["cancer"] == 2 and words["cafe"] == 1 and words["dars"] == 1 and words["1"] == 1
    assert not {"not", "this", "contents", "axis", "can", "cer"} & set(words)
    other = document_from_stub("b/", "<body><div data-pagefind-body><p>&lt;/script&gt;<img src=x> cancer</p></div>")
    assert other is not None
    files = index_scripts([doc, other], chunk_chars=80)
    names = sorted(n.removeprefix("search-offline/") for n in files if n != "search-offline/manifest.js")
    assert names[:2] == ["pages-0.js", "pages-1.js"] and "words-0.js" in names  # split in chunks
    manifest = files["search-offline/manifest.js"].decode()
    assert manifest == f"window.RegisterOfflineSearchFiles = {json.dumps(names, separators=(',', ':'))};\n"
    every_word = b"".join(v for n, v in files.items() if "/words-" in n)
    assert b'"cancer":"0.2 1"' in every_word  # page 0 twice, page 1 once
    assert b"</script>" not in b"".join(files.values())
    assert index_scripts([doc, other]) == index_scripts([other, doc])
    assert postings([(0, 1), (3, 2), (40, 1)]) == "0 3.2 11"


def test_every_word_of_a_long_page_is_indexed_and_its_excerpt_is_short():
    from regsite.search.offline import EXCERPT_CHARS, document_from_stub

    paragraphs = "".join(f"<p>Paragraph {i} about <b>linked</b> data, at some length.</p>\n" for i in range(2_000))
    stub = (
        "<html><body><div data-pagefind-body>"
        '<span data-pagefind-meta="Ends:1 May 2027"></span>'
        f'<span data-pagefind-filter="Type of page:Agreement"></span><h1>Long</h1>{paragraphs}'
        "<p>The very last word: zygote.</p></div></body></html>"
    )
    doc = document_from_stub("agreements/long/", stub)
    assert doc is not None
    assert (doc.title, doc.kind, doc.meta) == ("Long", "Agreement", {"Ends": "1 May 2027"})
    words = dict(doc.words)
    assert words["zygote"] == 1 and words["paragraph"] == 2_000 and words["1999"] == 1
    assert len(doc.text) <= EXCERPT_CHARS
    assert doc.text.startswith("Long Paragraph 0 about linked data, at some length. Paragraph 1")


def test_the_browser_tests_deep_words_lie_past_what_the_index_once_kept(sample_site):
    from regsite.search.offline import _read, _tidy
    from regsite.search.stubs import search_stub

    for word, agreement in DEEP_WORDS:
        stub = search_stub((sample_site.out / agreement / "index.html").read_text("utf-8"))
        assert _tidy(_read(stub).text).lower().find(word) > 10_000, word


def test_links_to_files_left_out_of_the_mirror_lead_to_the_published_site():
    online = Online("https://example.org/", lambda n: n.startswith("downloads/") or n.endswith(".json"))
    html = (
        '<a href="../../downloads/a.csv">f</a> <a href="../x.json" download>j</a> '
        '<a href="../../assets/a.svg">s</a> <a href="../../downloads/">d</a>'
    )
    assert offline_html(html, "agreements/x/index.html", online) == (
        '<a href="https://example.org/downloads/a.csv">f</a> <a href="https://example.org/agreements/x.json" download>'
        'j</a> <a href="../../assets/a.svg">s</a> <a href="../../downloads/index.html">d</a>'
    )


def test_a_mirror_with_the_site_address_links_its_downloads_online(tmp_path):
    import zipfile

    from conftest import options_for
    from factory import ROOT

    from regsite.build import build

    options = options_for(tmp_path, ROOT / "data", ROOT / "content", base_url="https://example.org", search=False)
    build(options)
    (archive,) = (tmp_path / "site" / "downloads").glob("register-site-*.zip")
    with zipfile.ZipFile(archive) as z:
        names = {n.split("/", 1)[1] for n in z.namelist()}
        listing = z.read(next(n for n in z.namelist() if n.endswith("/downloads/index.html"))).decode()
    published = {p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    downloads = {n for n in published if n.startswith("downloads/") and not n.endswith(".html")}
    assert downloads and not downloads & names
    assert not {n for n in names if n.endswith(".json") and n.startswith("agreements/")}
    assert {n for n in published if n.endswith("index.html") and not n.startswith("404")} <= names | {"404.html"}
    assert "does not hold the files below" in listing
    assert 'href="https://example.org/downloads/data-uses-register-2026-09.xlsx"' in listing


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
        scripts = [n for n in mirror.namelist() if "/search-offline/pages-" in n]
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
