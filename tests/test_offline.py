"""The offline mirror's own search index (regsite/search/offline.py)."""

import json

from regsite.search.offline import EXCERPT_CHARS, document_from_stub, index_scripts, postings, words_of


def test_the_mirror_search_index():
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


def test_words_are_letters_and_digits_lower_case_without_accents():
    assert words_of("Café-Société, NHS_England 2026: naïve") == ["cafe", "societe", "nhs", "england", "2026", "naive"]
    assert words_of("— … !") == []


def test_postings_are_gaps_in_base_36_with_counts_over_one():
    assert postings([]) == ""
    assert postings([(0, 1)]) == "0"
    assert postings([(35, 1), (36, 37)]) == "z 1.11"


def test_a_stub_without_a_body_or_text_is_no_document():
    assert document_from_stub("a/", "<html><body><p>No pagefind body.</p></body></html>") is None
    assert document_from_stub("b/", "<body><div data-pagefind-body><nav>only navigation</nav></div></body>") is None
    untitled = document_from_stub("c/", "<body><div data-pagefind-body><p>Text , here .</p></div></body>")
    assert untitled is not None
    assert (untitled.title, untitled.kind, untitled.text) == ("c/", "Page", "Text, here.")


def test_pages_are_numbered_in_path_order():
    docs = [
        document_from_stub(p, f"<body><div data-pagefind-body><h1>{p}</h1><p>shared</p></div></body>") for p in "zam"
    ]
    files = index_scripts([d for d in docs if d is not None])
    pages = files["search-offline/pages-0.js"].decode()
    assert pages.index('"a"') < pages.index('"m"') < pages.index('"z"')
    assert b'"shared":"0 1 1"' in files["search-offline/words-0.js"]
    assert list(files) == ["search-offline/pages-0.js", "search-offline/words-0.js", "search-offline/manifest.js"]


def test_tidy_joins_whitespace_and_closes_up_punctuation_as_the_patterns_did():
    import re

    from regsite.search.offline import _tidy

    for text in [" a \u00a0 b . c ,\n d : e ;f", "a  .. ,,", "x \x1c. y\x85,", "\u2003", "no change."]:
        assert _tidy(text) == re.sub(r" ([.,:;])", r"\1", re.sub(r"\s+", " ", text).strip())
