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


def test_only_href_and_action_themselves_are_rewritten():
    html = '<a my_href="q/" xaction="r/" data-action="s/" href="t/"><form\naction="u/?x=1">'
    assert (
        offline_html(html)
        == '<a my_href="q/" xaction="r/" data-action="s/" href="t/index.html"><form\naction="u/index.html?x=1">'
    )
    assert offline_html('href="a/"') == 'href="a/index.html"'  # at the very start


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
        '<a href="../../assets/a.svg">s</a> <a href="../../downloads/">d</a> <a href="../../downloads/r.json.gz">z</a>'
    )
    assert offline_html(html, "agreements/x/index.html", online) == (
        '<a href="https://example.org/downloads/a.csv">f</a> <a href="https://example.org/agreements/x.json" download>'
        'j</a> <a href="../../assets/a.svg">s</a> <a href="../../downloads/index.html">d</a> '
        '<a href="https://example.org/downloads/r.json.gz">z</a>'
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
    assert not {n for n in names if n.endswith(".json.gz") and n.startswith("agreements/")}
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


def _site(root):
    pages = {
        "index.html": '<a href="agreements/">all</a> <a href="downloads/x.csv">csv</a>',
        "agreements/index.html": '<a href="../">home</a>',
        "agreements/a.json": '{"a": 1}',
        "404.html": "<p>lost</p>",
        "downloads/x.csv": "a,b\r\n",
    }
    for name, text in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
    return pages


@pytest.mark.parametrize("online", [None, Online("https://example.org", lambda n: n.endswith(".csv"))])
def test_pages_packed_where_rendered_make_the_same_zip(tmp_path, online):
    from regsite.publish.mirror import Spool, write_mirror

    site = tmp_path / "site"
    pages = _site(site)
    spool = Spool(tmp_path / "spool", online)
    assert [n for n in pages if spool.wants(n)] == ["index.html", "agreements/index.html"]  # no server-only page
    share = spool.open()
    added = {n: share.add(n, (site / n).read_bytes()) for n in pages}
    spooled = {n: packed for n, packed in added.items() if packed is not None}
    assert list(spooled) == ["index.html", "agreements/index.html"]
    share.close()
    extra = {"search-offline/manifest.js": b"window.x = [];\n"}
    write_mirror(site, tmp_path / "read.zip", "m", {}, extra, online=online, workers=1)
    write_mirror(site, tmp_path / "spooled.zip", "m", {}, extra, online=online, workers=1, spooled=spooled)
    assert (tmp_path / "read.zip").read_bytes() == (tmp_path / "spooled.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "spooled.zip") as z:
        assert z.testzip() is None
        home = z.read("m/index.html").decode()
    assert 'href="agreements/index.html"' in home
    assert ('href="https://example.org/downloads/x.csv"' in home) is (online is not None)


def test_a_spooled_page_is_copied_not_read_again(tmp_path):
    from regsite.publish.mirror import Spool, write_mirror

    site = tmp_path / "site"
    _site(site)
    spool = Spool(tmp_path / "spool")
    share = spool.open()
    packed = share.add("index.html", b"<p>as rendered</p>")
    share.close()
    (site / "index.html").write_text("<p>changed on disk since</p>", "utf-8")
    write_mirror(site, tmp_path / "m.zip", "m", {}, {}, workers=1, spooled={"index.html": packed})
    with zipfile.ZipFile(tmp_path / "m.zip") as z:
        assert z.read("m/index.html") == b"<p>as rendered</p>"
