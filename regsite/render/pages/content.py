"""Guidance and about pages from markdown, with site links made relative to the page."""

from __future__ import annotations

import re

from regsite.model.site import Site
from regsite.render import urls
from regsite.render.environment import PageSpec
from regsite.render.pages.labels import crumbs
from regsite.sources.content import ContentPage

_SITE_LINK = re.compile(r'(href|src)="/(?!/)([^"]*)"')


def content_pages(site: Site) -> list[PageSpec]:
    counts = site.uses.current.counts
    specs = []
    if site.guidance:
        specs.append(
            PageSpec(
                path=urls.guidance(),
                template="guidance.html",
                title="Guidance",
                section="guidance",
                breadcrumbs=crumbs(),
                description="How to read the register and how decisions on data access are made.",
            )
        )
    for page in site.pages:
        template = "about.html" if page.section == "site" and page.name == "about" else "content.html"
        trail = crumbs(("Guidance", urls.guidance())) if page.section == "guidance" else crumbs()
        specs.append(
            PageSpec(
                path=page.path,
                template=template,
                title=page.title,
                section="guidance" if page.section == "guidance" else "",
                breadcrumbs=trail,
                description=page.description,
                context={"content": page, "body": _ContentBody(page), "counts": counts},
            )
        )
    return specs


class _ContentBody:
    """Markdown HTML whose site-absolute links (``/agreements/``) become relative to the page."""

    def __init__(self, page: ContentPage) -> None:
        self.page = page

    def render(self, url: urls.Linker) -> str:
        return _SITE_LINK.sub(lambda m: f'{m.group(1)}="{url(m.group(2))}"', self.page.html)
