"""Agreement pages (render/pages/agreements.py): the paged list and a page per agreement."""

from __future__ import annotations

import itertools

from regsite.render import urls
from regsite.render.pages.agreements import FILES_PER_PAGE, agreement_page, agreements_pages, files_pages
from regsite.text import name_key


def test_a_page_per_agreement_with_its_json(sample_model):
    site = sample_model.site
    for record in site.uses.records.values():
        spec = agreement_page(site, record)
        assert spec.path == urls.agreement(record.slug)
        assert record.base in spec.title or record.latest.fields.get("title", "") in spec.title
        assert spec.alternate_json.endswith(".json.gz")
        assert spec.context_fn is not None  # its differences are worked out on a render worker


def test_the_list_pages_hold_every_agreement(sample_model):
    site = sample_model.site
    specs = agreements_pages(site)
    assert specs[0].path == urls.agreements()
    listed = [r.base for s in specs for r in s.context.get("records", [])]
    assert sorted(listed) == sorted(site.uses.records)


def test_files_pages_group_every_file_by_version_and_dataset(sample_model):
    record = sample_model.site.agreement("DARS-NIC-00574-V2H1F")
    specs = files_pages(record)
    total = sum(len(v.releases) for v in record.agreement.versions)
    assert len(specs) == -(-total // FILES_PER_PAGE) > 1
    assert [s.path for s in specs] == [urls.agreement_files(record.slug, n) for n in range(1, len(specs) + 1)]
    pages = [s.context_fn() for s in specs if s.context_fn]
    shown = [
        (g.version, g.dataset, f["file_reference"])
        for p in pages
        for g in p["groups"]
        for f in g.files[g.first : g.last]
    ]
    assert len(shown) == len(set(shown)) == total
    assert all(sum(g.last - g.first for g in p["groups"]) <= FILES_PER_PAGE for p in pages)
    newest_first = [v.version for v in reversed(record.agreement.versions) if v.releases]
    assert list(dict.fromkeys(v for v, _, _ in shown)) == newest_first
    for version in newest_first:  # within a version, datasets in order, each whole before the next
        datasets = [d for v, d, _ in shown if v == version]
        assert list(dict.fromkeys(datasets)) == sorted(set(datasets), key=name_key)
    assert any(p["groups"][-1].last < len(p["groups"][-1].files) for p in pages[:-1])  # some group is cut
    for page, following in itertools.pairwise(pages):  # a group cut by a page break goes on where it stopped
        last, next_first = page["groups"][-1], following["groups"][0]
        if last.last < len(last.files):
            assert (next_first.version, next_first.dataset, next_first.first) == (last.version, last.dataset, last.last)
        assert next_first.version_continued == (next_first.version == last.version)
    assert pages[0]["release_chart"] is not None and pages[1]["release_chart"] is None
    assert (pages[1]["first_index"], pages[1]["last_index"]) == (FILES_PER_PAGE + 1, 2 * FILES_PER_PAGE)


def test_an_agreement_without_files_has_no_files_pages(sample_model):
    record = next(
        r for r in sample_model.site.uses.records.values() if not any(v.releases for v in r.agreement.versions)
    )
    assert files_pages(record) == []
