"""The browse pages (render/pages/overview.py): a facet's agreements a hundred to a page."""

from __future__ import annotations

from conftest import options_for
from factory import ROOT

from regsite.build import _Stages, prepare
from regsite.diagnostics import Report
from regsite.render.pages import overview


def test_a_long_facet_is_paged_and_every_agreement_is_on_one_page(tmp_path, monkeypatch):
    model = prepare(options_for(tmp_path, ROOT / "data", ROOT / "content"), Report(), _Stages({}, {}))
    monkeypatch.setattr(overview, "AGREEMENTS_PER_PAGE", 10)
    field, facet = max(
        ((f, facet) for f, facets in model.site.facets.items() for facet in facets), key=lambda x: len(x[1].records)
    )
    assert len(facet.records) > 20
    first = f"browse/{field}/{facet.slug}/"
    specs = [s for s in overview.browse_pages(model.site) if s.path.startswith(first)]
    assert [s.path for s in specs] == [first] + [f"{first}page-{n}/" for n in range(2, len(specs) + 1)]
    assert [r for s in specs for r in s.context["records"]] == facet.records
    assert all(len(s.context["records"]) <= 10 for s in specs)
    assert specs[1].title.endswith(f", page 2 of {len(specs)}")
