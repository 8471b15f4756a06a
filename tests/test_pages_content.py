"""Guidance and about pages from content/*.md (render/pages/content.py)."""

from __future__ import annotations

import dataclasses

from regsite.render import urls
from regsite.render.pages.content import content_pages


def test_a_page_per_content_file_and_a_guidance_index(sample_model):
    site = sample_model.site
    specs = content_pages(site)
    assert specs[0].path == urls.guidance()
    assert [s.path for s in specs[1:]] == [p.path for p in site.pages]
    about = next(s for s in specs if s.path == "about/")
    assert about.template == "about.html"
    guidance = [s for s in specs[1:] if s.path.startswith("guidance/")]
    assert guidance and all(s.breadcrumbs[-1] == ("Guidance", urls.guidance()) for s in guidance)


def test_site_links_in_markdown_become_relative_to_the_page(sample_model):
    spec = next(s for s in content_pages(sample_model.site) if s.context.get("content") and "/" in s.path)
    page = dataclasses.replace(
        spec.context["content"], html='<p><a href="/agreements/">all</a> <a href="https://example.org/x/">out</a></p>'
    )
    html = type(spec.context["body"])(page).render(urls.Linker.for_page(spec.file))
    depth = spec.file.count("/")
    assert f'<a href="{"../" * depth}agreements/">all</a>' in html
    assert '<a href="https://example.org/x/">out</a>' in html
