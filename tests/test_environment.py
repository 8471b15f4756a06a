"""Jinja: strict in our templates, lenient only inside NHS.UK's macros; a template error names the
template, its line and the page, without a traceback."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from factory import ROOT, make_project

from regsite.render.environment import (
    PageSpec,
    Renderer,
    TemplateFailed,
    format_date,
    format_size,
    plural,
)
from regsite.render.urls import Linker


def renderer_with(tmp_path, **templates: str) -> Renderer:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, body in templates.items():
        (folder / f"{name}.html").write_text(body)
    return Renderer(folder, {"site_title": "Registers"})


def render(renderer: Renderer, template: str, **context) -> str:
    page = PageSpec(path="x/", template=f"{template}.html", title="X", context=context)
    return renderer.render(page).decode()


def test_a_misspelt_variable_names_the_template_line_and_page(tmp_path):
    renderer = renderer_with(tmp_path, page="<h1>{{ page.title }}</h1>\n<p>{{ site_titel }}</p>")
    with pytest.raises(TemplateFailed) as failed:
        render(renderer, "page")
    assert str(failed.value) == "templates/page.html, line 2: 'site_titel' is undefined (rendering /x/)."


@pytest.mark.parametrize(
    "body",
    [
        "{% if missing %}yes{% endif %}",
        "{{ record.missing }}",
        "{% for x in missing %}{{ x }}{% endfor %}",
        "{{ missing | length }}",
        "{% if missing == 'a' %}a{% endif %}",
    ],
)
def test_every_use_of_an_undefined_value_fails(tmp_path, body):
    renderer = renderer_with(tmp_path, page=body)
    with pytest.raises(TemplateFailed, match=r"^templates/page.html, line 1: .* \(rendering /x/\)\.$"):
        render(renderer, "page", record={"title": "t"})


def test_is_defined_and_defaults_still_work(tmp_path):
    renderer = renderer_with(
        tmp_path, page="{% if missing is defined %}no{% else %}ok{% endif %} {{ missing | default('d') }}"
    )
    assert render(renderer, "page") == "ok d"


def test_nhsuk_macros_read_their_optional_parameters_as_empty(tmp_path):
    renderer = renderer_with(
        tmp_path,
        page='{% from "nhsuk/components/inset-text/macro.jinja" import insetText %}'
        '{{ insetText({"html": "<p>Note</p>"}) }}',
    )
    html = render(renderer, "page")
    assert '<div class="nhsuk-inset-text">' in html and "<p>Note</p>" in html


def test_an_undefined_value_passed_to_an_nhsuk_macro_still_fails(tmp_path):
    renderer = renderer_with(
        tmp_path,
        page='{% from "nhsuk/components/inset-text/macro.jinja" import insetText %}\n'
        '{{ insetText({"html": notes.text}) }}',
    )
    with pytest.raises(TemplateFailed, match=r"line 2: 'notes' is undefined"):
        render(renderer, "page")


def test_a_syntax_error_names_the_template_and_line(tmp_path):
    renderer = renderer_with(tmp_path, page="<p>\n{% if x %}never closed\n</p>")
    with pytest.raises(TemplateFailed, match=r"^templates/page.html, line 2: Unexpected end of template"):
        render(renderer, "page", x=1)


def test_a_fault_in_python_code_keeps_its_traceback(tmp_path):
    def broken():
        raise KeyError("from Python")

    renderer = renderer_with(tmp_path, page="{{ broken() }}")
    with pytest.raises(KeyError):
        render(renderer, "page", broken=broken)


@pytest.mark.slow
def test_the_command_line_reports_a_misspelt_variable_without_a_traceback(tmp_path):
    data, content = make_project(tmp_path)
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    agreement = templates / "agreement.html"
    text = agreement.read_text()
    line = next(i for i, line in enumerate(text.splitlines(), 1) if "{{" in line and "extends" not in line)
    lines = text.splitlines()
    lines[line - 1] += "{{ agreemnt.title }}"
    agreement.write_text("\n".join(lines) + "\n")
    run = subprocess.run(
        [
            *(sys.executable, str(ROOT / "build.py"), "--data", str(data), "--content", str(content)),
            *("--out", str(tmp_path / "site"), "--templates", str(templates), "--no-search", "--no-mirror"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    first = run.stderr.splitlines()[0]
    assert first.startswith(f"error: templates/agreement.html, line {line}: 'agreemnt' is undefined (rendering ")
    assert re.fullmatch(r".*\(rendering /agreements/dars-nic-[0-9a-z-]+/\)\.", first), first
    assert not (tmp_path / "site").exists()


def test_filters():
    import datetime as dt

    assert format_date(dt.date(2026, 9, 1)) == "1 September 2026"
    assert format_size(999) == "999 bytes" and format_size(1_500) == "1.5 KB" and format_size(2_000_000) == "2.0 MB"
    assert plural(1, "agreement") == "1 agreement" and plural(1200, "entry", "entries") == "1,200 entries"


def test_breadcrumbs_link_from_the_page_and_are_made_once_per_length_of_trail(tmp_path):
    renderer = renderer_with(tmp_path, p="{{ trail() }}")
    trail = [("Home", ""), ("Agreements", "agreements/")]

    def crumbs(path: str, trail=trail) -> str:
        return renderer.render(PageSpec(path=path, template="p.html", title="T", breadcrumbs=trail)).decode()

    deep = crumbs("agreements/a/")
    assert 'href="../../"' in deep and 'href="../../agreements/"' in deep and "Agreements" in deep
    assert "nhsuk-breadcrumb" in deep
    assert crumbs("agreements/b/") == deep  # the same trail, the same depth
    assert 'href="../agreements/"' in crumbs("archive/")  # another depth: its own links
    assert 'href="../../archive/"' in crumbs("agreements/c/", [("Home", ""), ("Archive", "archive/")])
    assert list(renderer.trail_shapes) == [2]


@pytest.mark.parametrize(
    "trail",
    [
        [("Home", ""), ("Agreements", "agreements/"), ('O\'Brien & <Sons> "Ltd"', "organisations/o&b/")],
        [("Home", ""), (" Spaced ", "a/")],  # trimmed by the macro: rendered by it
        [("Home", ""), ("", "a/")],  # a blank text: no link
    ],
)
def test_breadcrumbs_are_the_nhsuk_macros_own(tmp_path, trail):
    renderer = renderer_with(tmp_path, p="{{ trail() }}")
    page = PageSpec(path="x/y/", template="p.html", title="T", breadcrumbs=trail)
    url = Linker.for_page(page.file, False)
    macro = renderer.trail_template.render(items=[{"text": t, "href": url(p)} for t, p in trail])
    assert renderer.render(page).decode() == macro
    assert renderer.render(page).decode() == macro  # the second time from the shape made the first


def test_preloading_compiles_a_template_and_all_it_extends_includes_or_imports(tmp_path):
    renderer = renderer_with(
        tmp_path,
        base="<main>{% block main %}{% endblock %}</main>",
        parts="{% macro shout(x) %}{{ x | upper }}{% endmacro %}",
        p='{% extends "base.html" %}{% from "parts.html" import shout %}{% block main %}{{ shout("hi") }}{% endblock %}',
        unused="never used",
    )
    renderer.preload(["p.html"])
    compiled = {key[1] for key in renderer.env.cache}  # (loader, name) pairs
    assert {"p.html", "base.html", "parts.html"} <= compiled and "unused.html" not in compiled
    assert "nhsuk/components/breadcrumb/template.jinja" in compiled  # what the breadcrumbs use
    assert renderer.render(PageSpec(path="a/", template="p.html", title="T")) == b"<main>HI</main>"


def test_preloading_compiles_what_the_chrome_uses():
    renderer = Renderer(ROOT / "templates", {})
    renderer.preload(["content.html"])
    compiled = {key[1] for key in renderer.env.cache}
    assert {
        "_chrome.html",
        "nhsuk/components/header/template.jinja",
        "nhsuk/components/footer/template.jinja",
    } <= compiled


def test_templates_lose_their_indentation_but_not_the_spaces_between_words(tmp_path):
    body = (
        '<ul>\n  <li>\n    <button>\n      <span class="hidden">Browse </span>More\n    </button>\n  </li>\n\n</ul>\n'
        "<p>One\n   two{% if yes %}\n      three{% endif %}</p>\n"
        "{% for n in [1, 2] %}\n    <i>{{ n }}</i>\n{% endfor %}\n"
    )
    html = render(renderer_with(tmp_path, page=body), "page", yes=True)
    assert html == (
        '<ul>\n<li>\n<button>\n<span class="hidden">Browse </span>More\n</button>\n</li>\n</ul>\n'
        "<p>One\ntwo\nthree</p>\n\n<i>1</i>\n\n<i>2</i>\n"
    )


def test_values_and_templates_with_pre_or_textarea_keep_their_whitespace(tmp_path):
    renderer = renderer_with(
        tmp_path,
        page="<div>\n  {{ text }}\n</div>",
        pre="<div>\n  <pre>a\n    b</pre>\n</div>",
        cite="<div>\n  <textarea>{{ text }}</textarea>\n</div>",
    )
    assert render(renderer, "page", text="a\n   b") == "<div>\na\n   b\n</div>"
    assert render(renderer, "pre") == "<div>\n  <pre>a\n    b</pre>\n</div>"
    assert render(renderer, "cite", text="x") == "<div>\n  <textarea>x</textarea>\n</div>"


def test_nhsuk_macros_write_no_indentation(tmp_path):
    body = (
        '{% from "nhsuk/components/details/macro.jinja" import details %}'
        '{{ details({"summaryText": "More", "html": "<p>One</p>\\n<p>Two</p>"}) }}'
    )
    html = render(renderer_with(tmp_path, page=body), "page")
    assert "<p>One</p>\n<p>Two</p>" in html and "More" in html
    assert not re.search(r"\n[ \t]", html)
