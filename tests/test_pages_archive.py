"""The archive's pages (render/pages/archive.py): an index, and a page per edition with its changes."""

from __future__ import annotations

from regsite.render import urls
from regsite.render.pages.archive import archive_pages, edition_gaps


def test_an_index_and_a_page_per_edition(sample_model):
    uses = sample_model.uses
    specs = archive_pages(sample_model.site)
    assert specs[0].path == urls.archive()
    assert [e.month for e in specs[0].context["editions"]] == sorted((e.month for e in uses.editions), reverse=True)
    editions = specs[1:]
    assert [s.path for s in editions] == [urls.archive(e.month) for e in uses.editions]
    first, *later = editions
    assert first.context["previous"] is None and first.context["change"] is None
    for spec, before in zip(later, uses.editions, strict=False):
        assert spec.context["previous"] is before
        assert spec.context["change"] is uses.changes[spec.context["summary"].month]
        assert spec.context["download"].path.startswith("downloads/data-uses-register-")


def test_gaps_are_named_only_for_a_register_due_every_month():
    months = ["2026-05", "2026-06", "2026-09", "2027-01"]
    assert edition_gaps(months, monthly=True) == {
        "2026-09": "Jul 2026 or Aug 2026",
        "2027-01": "Oct 2026, Nov 2026 or Dec 2026",
    }
    assert edition_gaps(months, monthly=False) == {}
