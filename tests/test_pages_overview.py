"""The overview in charts and the browse pages (render/pages/overview.py)."""

from __future__ import annotations

from regsite.render import urls
from regsite.render.pages.overview import browse_pages, overview_page


def test_the_overview_sections_and_their_links(sample_model):
    site = sample_model.site
    spec = overview_page(site)
    sections = spec.context["sections"]
    facets = [f.slug for f in site.facet_fields if not f.directory and f.slug != "status"]
    assert [s[0] for s in sections] == [*facets, "active", "datasets", "organisations"]  # a chart per facet first
    total = len(site.uses.current_records())
    types = sections[0]
    rows = types[2]
    assert sum(n for _, n, _ in rows) == total
    assert [n for _, n, _ in rows] == sorted((n for _, n, _ in rows), reverse=True)
    assert all(link.startswith("browse/organisation-type/") for _, _, link in rows)
    assert types[1].summary.endswith(f"{rows[0][1]} of the {total} agreements.")
    datasets = sections[-2][2]
    assert 0 < len(datasets) <= 15 and all(link.startswith("datasets/") for _, _, link in datasets)
    assert sections[-3][2] is None  # the line chart has no ranking


def test_a_browse_page_per_facet_value(sample_model):
    site = sample_model.site
    specs = browse_pages(site)
    assert specs[0].path == urls.browse()
    expected = [urls.facet(field, f.slug) for field, facets in site.facets.items() for f in facets]
    assert [s.path for s in specs[1:]] == expected
    assert all(not s.search for s in specs)
