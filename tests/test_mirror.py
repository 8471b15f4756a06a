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
