from regsite.render.markup import free_text_html
from regsite.text import comparable, name_key, slugify, unique_slugs


def test_comparable_ignores_typographic_noise():
    assert comparable("ST. GEORGE’S  HOSPITAL.") == comparable("ST. GEORGE'S HOSPITAL")
    assert comparable("“quoted” – text\r\nhere") == comparable('"quoted" - text here')
    assert comparable("ﬂow") == comparable("flow")
    assert comparable("Case") != comparable("case")


def test_name_key_folds_case_and_quotes():
    assert name_key("ST. GEORGE’S HOSPITAL MEDICAL SCHOOL") == name_key("St. George's Hospital Medical School")
    assert name_key("UNIVERSITY OF LEEDS") != name_key("UNIVERSITY OF LEICESTER")


def test_slugify_is_ascii_and_tidy():
    assert slugify("NHS BATH AND NORTH EAST SOMERSET, SWINDON AND WILTSHIRE ICB - 92G") == (
        "nhs-bath-and-north-east-somerset-swindon-and-wiltshire-icb-92g"
    )
    assert slugify("Hôpital ‘Ünïcode’") == "hopital-unicode"
    assert slugify("!!!") == "unnamed"


def test_unique_slugs_are_stable_for_the_first_key():
    names = {"a&b": "A&B", "a b": "A B"}
    first = unique_slugs(["a&b"], names)
    both = unique_slugs(["a&b", "a b"], names)
    assert first["a&b"] == both["a&b"] == "a-b"
    assert both["a b"].startswith("a-b-") and both["a b"] != both["a&b"]
    assert unique_slugs(["a&b", "a b"], names) == both  # the same every build


def test_free_text_keeps_paragraphs_bullets_and_links():
    html = str(free_text_html("First para.\n\n• one\n\uf0b7\ttwo\n- three\no four\nSee https://example.org/x)."))
    assert html.startswith("<p>First para.</p><ul><li>one</li><li>two</li><li>three</li><li>four</li></ul>")
    assert '<a href="https://example.org/x" class="nhsuk-link">https://example.org/x</a>).' in html


def test_free_text_tab_bullets_and_line_breaks():
    html = str(free_text_html("Intro line\n1.\tfirst point\n\tindented bullet"))
    assert html == "<p>Intro line<br>1. first point</p><ul><li>indented bullet</li></ul>"


def test_free_text_is_never_html_or_markdown():
    html = str(free_text_html('<script>alert(1)</script> **bold** [x](javascript:alert(1)) <a href="javascript:x">'))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<strong>" not in html and "**bold**" in html
    assert 'href="javascript' not in html
    assert "javascript:alert" in html  # shown as text


def test_only_http_links_are_made():
    html = str(free_text_html("ftp://x.org mailto:a@b.c http://ok.example/path"))
    assert html.count("<a ") == 1 and 'href="http://ok.example/path"' in html
