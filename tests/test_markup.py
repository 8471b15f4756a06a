"""Register free text as HTML (regsite/render/markup.py): paragraphs, bullets, links, nothing else."""

from regsite.render.markup import free_text_html, tidy_tabs


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


def test_a_closing_bracket_stays_in_the_link_when_it_belongs_to_the_url():
    html = str(free_text_html("See https://en.wikipedia.org/wiki/Cohort_(statistics), then."))
    assert 'href="https://en.wikipedia.org/wiki/Cohort_(statistics)"' in html
    assert "</a>, then." in html


def test_blank_text_is_nothing_and_windows_line_ends_are_lines():
    assert free_text_html("") == ""
    assert free_text_html(" \n\t\n") == ""
    assert str(free_text_html("One\r\nTwo\r\n \r\nThree")) == "<p>One<br>Two</p><p>Three</p>"


def test_a_list_between_lines_splits_the_paragraph():
    html = str(free_text_html("Before\n* a\n* b\nAfter"))
    assert html == "<p>Before</p><ul><li>a</li><li>b</li></ul><p>After</p>"


def test_tidy_tabs():
    assert tidy_tabs("1.\tthe local  \t  authority") == "1. the local authority"
    assert tidy_tabs("  lead and trail\t") == "lead and trail"
