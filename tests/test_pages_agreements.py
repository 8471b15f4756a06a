"""Agreement pages (render/pages/agreements.py): the paged list and a page per agreement."""

from __future__ import annotations

from regsite.render import urls
from regsite.render.pages.agreements import agreement_page, agreements_pages


def test_a_page_per_agreement_with_its_json(sample_model):
    site = sample_model.site
    for record in site.uses.records.values():
        spec = agreement_page(site, record)
        assert spec.path == urls.agreement(record.slug)
        assert record.base in spec.title or record.latest.fields.get("title", "") in spec.title
        assert spec.alternate_json.endswith(".json")
        assert spec.context_fn is not None  # its differences are worked out on a render worker


def test_the_list_pages_hold_every_agreement(sample_model):
    site = sample_model.site
    specs = agreements_pages(site)
    assert specs[0].path == urls.agreements()
    listed = [r.base for s in specs for r in s.context.get("records", [])]
    assert sorted(listed) == sorted(site.uses.records)
