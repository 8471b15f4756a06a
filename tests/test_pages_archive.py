"""Every register's archive (render/pages/archive.py): an index, and a page per edition with its changes."""

from __future__ import annotations

from regsite.model.datauses import EditionSummary
from regsite.model.edition_diff import EditionChanges
from regsite.model.tables import TableChanges, TableEdition
from regsite.render import urls
from regsite.render.pages.archive import archive_pages, change_summary, edition_counts, edition_gaps
from regsite.sources.sheets import Row


def test_the_data_uses_register_has_an_index_and_a_page_per_edition(sample_model):
    uses = sample_model.uses
    specs = [s for s in archive_pages(sample_model.site) if s.path.startswith(urls.archive())]
    index, *editions = specs
    assert index.path == urls.archive() and index.section == "archive" and index.search
    assert [row[0]["href"] for row in index.context["rows"]] == [urls.archive(e.month) for e in reversed(uses.editions)]
    assert index.context["rows"][-1][-1] == "First edition in the archive"
    assert index.context["feed"] == urls.changes_feed()
    assert [s.path for s in editions] == [urls.archive(e.month) for e in uses.editions]
    first, *later = editions
    assert first.context["previous"] is None and first.context["change"] is None
    for spec, before in zip(later, uses.editions, strict=False):
        assert spec.template == "edition.html" and spec.context["changes_part"] == "_edition_agreements.html"
        assert spec.context["previous"] is before
        assert spec.context["change"] is uses.changes[spec.context["edition"].month]
        assert spec.context["download"].path.startswith("downloads/data-uses-register-")
    assert editions[-1].context["is_current"] and not first.context["is_current"]


def test_every_other_register_has_the_same_pages_under_registers(sample_model):
    site = sample_model.site
    specs = archive_pages(site)
    assert site.registers
    for register in site.registers:
        index = next(s for s in specs if s.path == urls.register_archive(register.id))
        assert index.template == "archive.html" and index.section == "registers" and not index.search
        assert index.context["feed"] is None and index.context["others"] == []
        assert index.context["head"] == ["Edition", {"text": "Rows", "numeric": True}]
        for edition in register.editions:
            page = next(s for s in specs if s.path == urls.register_archive(register.id, edition.month))
            assert page.template == "edition.html" and page.context["changes_part"] == "_edition_rows.html"
            assert page.breadcrumbs[-1] == ("Archive", urls.register_archive(register.id))
    paths = [s.path for s in specs]
    assert len(paths) == len(set(paths))


def test_what_an_edition_counts_follows_its_register(sample_model):
    summary = sample_model.uses.current
    assert isinstance(summary, EditionSummary)
    assert [name for name, _ in edition_counts(summary)] == ["Agreements", "Versions", "Datasets", "Files released"]
    assert dict(edition_counts(summary))["Agreements"] == summary.counts["agreements"]
    table = sample_model.site.registers[0].current
    assert isinstance(table, TableEdition)
    assert edition_counts(table) == [("Rows", table.rows)]


def test_a_change_is_summed_up_as_its_register_counts_it():
    rows = [Row(n, {"name": str(n)}, {}) for n in range(3)]
    assert change_summary(TableChanges("2026-09", "2026-08", added=rows, removed=rows[:1])) == "3 rows added, 1 removed"
    assert change_summary(TableChanges("2026-09", "2026-08")) == ""
    assert change_summary(None) == ""
    assert change_summary(EditionChanges("2026-09", "2026-08")) == ""


def test_gaps_are_named_only_for_a_register_due_every_month():
    months = ["2026-05", "2026-06", "2026-09", "2027-01"]
    assert edition_gaps(months, monthly=True) == {
        "2026-09": "Jul 2026 or Aug 2026",
        "2027-01": "Oct 2026, Nov 2026 or Dec 2026",
    }
    assert edition_gaps(months, monthly=False) == {}
