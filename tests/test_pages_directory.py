"""Organisation and dataset pages (render/pages/directory.py), and the active-agreements count."""

from __future__ import annotations

import datetime as dt

from regsite.render import urls
from regsite.render.pages.directory import active_by_month, dataset_pages, organisation_pages, version_spans


def test_active_by_month_counts_each_key_once_a_month():
    spans = [
        ("a", dt.date(2026, 1, 15), dt.date(2026, 3, 1)),
        ("a", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),  # the same agreement again: counted once
        ("b", dt.date(2025, 12, 31), dt.date(2026, 1, 1)),
    ]
    assert active_by_month(spans, "2026-04") == [
        ("2025-12", 1),
        ("2026-01", 2),
        ("2026-02", 1),
        ("2026-03", 1),
        ("2026-04", 0),
    ]
    assert active_by_month([], "2026-04") == []


def test_version_spans_need_both_dates(sample_model):
    record = sample_model.site.agreement("DARS-NIC-00574-V2H1F")
    spans = version_spans(record.agreement.versions, record.base)
    assert spans and all(key == record.base and start <= end for key, start, end in spans)
    assert len(spans) == sum(
        1
        for v in record.agreement.versions
        if isinstance(v.fields.get("start_date"), dt.date) and isinstance(v.fields.get("end_date"), dt.date)
    )


def test_an_index_and_a_page_per_organisation_and_dataset(sample_model):
    site = sample_model.site
    orgs = organisation_pages(site)
    assert orgs[0].path == urls.organisations()
    assert [s.path for s in orgs[1:]] == [urls.organisation(o.slug) for o in site.organisations.values()]
    datasets = dataset_pages(site)
    assert datasets[0].path == urls.datasets()
    assert [s.path for s in datasets[1:]] == [urls.dataset(d.slug) for d in site.datasets.values()]
    assert all(s.title for s in [*orgs, *datasets])
