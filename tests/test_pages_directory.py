"""Organisation and dataset pages (render/pages/directory.py), and the active-agreements count."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import partial
from types import SimpleNamespace

import pytest
from conftest import options_for
from factory import HES_OP, ROOT, UCL, make_project, workbook
from markupsafe import escape

from regsite.build import _Stages, prepare
from regsite.diagnostics import Report
from regsite.render import pages, urls
from regsite.render.environment import PageSpec, Renderer
from regsite.render.pages.directory import (
    active_by_month,
    dataset_pages,
    organisation_pages,
    page_sizes,
    rows_in_registers,
    version_spans,
)
from regsite.render.pages.registers import rows_per_page
from regsite.sources.sheets import Row


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
    own = [s.path for s in orgs[1:] if s.template == "organisation.html"]
    assert own == [urls.organisation(o.slug) for o in site.organisations.values()]
    datasets = dataset_pages(site)
    assert datasets[0].path == urls.datasets()
    own = [s.path for s in datasets[1:] if s.template == "dataset.html"]
    assert own == [urls.dataset(d.slug) for d in site.datasets.values()]
    # The rest are pages of a dataset's or organisation's rows in another register, under its own.
    more = [s for s in [*orgs, *datasets] if s.template == "mentions.html"]
    assert more and all(s.path.startswith(s.breadcrumbs[-1][1]) for s in more)
    assert len(orgs) + len(datasets) == 2 + len(site.organisations) + len(site.datasets) + len(more)
    assert all(s.title for s in [*orgs, *datasets])


# A register naming UCL and HES OP in more rows than one page of its table holds (100), and
# King's College London and Adult Social Care in a few.
WIDGETS = """
title = "Widget release register"
summary = "Widgets released to organisations."
sheet = "Widgets"
illustrative = true

[[columns]]
header = "Widget"
type = "text"
required = true

[[columns]]
header = "Organisation"
type = "organisation"

[[columns]]
header = "Dataset"
type = "dataset"
"""
MANY = 250
KINGS, SOCIAL_CARE = "KING'S COLLEGE LONDON", "Adult Social Care"


@pytest.fixture(scope="module")
def widgets(tmp_path_factory: pytest.TempPathFactory):
    """The sample Data Uses Register and the widget register, modelled, with a renderer."""
    tmp = tmp_path_factory.mktemp("widgets")
    data, content = make_project(tmp)
    (data / "widgets").mkdir()
    (data / "widgets" / "register.toml").write_text(WIDGETS, "utf-8")
    rows = [[f"W{n:04d}", UCL, HES_OP] for n in range(1, MANY + 1)]
    rows += [[f"K{n}", KINGS, SOCIAL_CARE] for n in range(1, 4)]
    workbook(data / "widgets" / "2026-09.xlsx", {"Widgets": [["Widget", "Organisation", "Dataset"], *rows]})
    model = prepare(options_for(tmp, data, content), Report(), _Stages({}, {}))
    assets = {"logo.svg": "assets/logo.svg", "site.css": "assets/site.css", "site.js": "assets/site.js"}
    renderer = Renderer(ROOT / "templates", pages.template_globals(model.site, assets))
    return model.site, renderer


def _specs(site, kind: str) -> dict[str, PageSpec]:
    return {s.path: s for s in (dataset_pages(site) if kind == "dataset" else organisation_pages(site))}


def _address(site, kind: str, name: str):
    """The dataset's or organisation's page, and the address of its pages of rows in the widget register."""
    if kind == "dataset":
        slug = site.dataset(name).slug
        return urls.dataset(slug), partial(urls.dataset_mentions, slug, "widgets")
    slug = site.organisation(name).slug
    return urls.organisation(slug), partial(urls.organisation_mentions, slug, "widgets")


def _page(site, renderer, kind: str, name: str):
    """The dataset or organisation page specs, the page's path, its rows' address, and its HTML."""
    specs = _specs(site, kind)
    path, address = _address(site, kind, name)
    return specs, path, address, renderer.render(specs[path]).decode()


@pytest.mark.parametrize("kind, name", [("dataset", SOCIAL_CARE), ("organisation", KINGS)])
def test_a_few_rows_in_another_register_are_shown_on_the_page(widgets, kind, name):
    site, renderer = widgets
    specs, _path, address, html = _page(site, renderer, kind, name)
    assert 'id="entries-widgets"' in html and "(illustrative sample)" in html
    assert re.findall(r">(K\d)<", html) == ["K1", "K2", "K3"]
    assert address(1) not in specs and "read all" not in html


@pytest.mark.parametrize("kind, name", [("dataset", HES_OP), ("organisation", UCL)])
def test_more_rows_than_a_page_holds_are_counted_and_linked_to_pages_of_their_own(widgets, kind, name):
    site, renderer = widgets
    specs, path, address, html = _page(site, renderer, kind, name)
    assert 'id="entries-widgets"' not in html and "W0001" not in html  # no table of them here
    link = urls.Linker.for_page(specs[path].file)(address(1))
    assert (
        f"lists {MANY} rows for {escape(site.dataset(name).name if kind == 'dataset' else site.organisation(name).name)}"
        in html
    )
    assert f'<a href="{link}">read all {MANY} rows</a>, on 3 pages' in html
    # Page 1 at the address itself, then page-2/ and page-3/, as the register's own pages are.
    assert address(1) == path + "widgets/" and address(3) == path + "widgets/page-3/"
    sub = [specs[address(n)] for n in (1, 2, 3)]
    assert [s for s in specs if s.startswith(path + "widgets/")] == [s.path for s in sub]
    assert not any(s.search for s in sub)
    seen: Counter[str] = Counter()
    for number, spec in enumerate(sub, 1):
        page = renderer.render(spec).decode()
        seen.update(re.findall(r">(W\d{4})<", page))
        assert page.count("<h1") == 1 and "(illustrative sample)" in page
        assert spec.breadcrumbs[-1] == (spec.context["name"], path)
        url = urls.Linker.for_page(spec.file)
        prev = re.search(r'<a href="([^"]*)" class="nhsuk-pagination__previous"', page)
        after = re.search(r'<a href="([^"]*)" class="nhsuk-pagination__next"', page)
        assert (prev and prev[1]) == (url(address(number - 1)) if number > 1 else None)
        assert (after and after[1]) == (url(address(number + 1)) if number < 3 else None)
        assert f'href="{url(address(number))}" aria-label="Page {number}" aria-current="page"' in page
    assert sorted(seen) == [f"W{n:04d}" for n in range(1, MANY + 1)] and set(seen.values()) == {1}


def test_the_rows_a_page_are_the_registers_own():
    """A register of long texts has fewer rows a page: so, then, do a dataset's rows in it."""
    rows = [Row(n, {"name": "x", "purpose": "word " * 2_000}, {}) for n in range(250)]
    register = SimpleNamespace(id="long", main=SimpleNamespace(rows=rows))
    sizes = page_sizes([register])
    assert sizes == [(register, rows_per_page(rows))] and rows_per_page(rows) < 20
    (found,) = rows_in_registers(sizes, {"long": rows[:40]}, partial(urls.dataset_mentions, "d"))
    assert found.per_page == rows_per_page(rows) and found.pages == -(-40 // rows_per_page(rows))
    assert found.address(2) == "datasets/d/long/page-2/"
    assert rows_in_registers(sizes, {"other": rows}, partial(urls.dataset_mentions, "d")) == []


def test_active_by_month_merges_a_keys_spans_and_skips_gaps():
    d = dt.date
    spans = [
        ("a", d(2024, 1, 15), d(2024, 3, 1)),
        ("a", d(2024, 2, 1), d(2024, 4, 30)),  # overlaps a's first span: a is still one
        ("a", d(2024, 7, 1), d(2024, 7, 2)),  # after a gap
        ("b", d(2024, 3, 1), d(2026, 1, 1)),  # runs past the last month
        ("c", d(2024, 5, 1), d(2024, 4, 1)),  # ends before it starts: covers nothing
    ]
    assert active_by_month(spans, "2024-08") == [
        ("2024-01", 1),
        ("2024-02", 1),
        ("2024-03", 2),
        ("2024-04", 2),
        ("2024-05", 1),
        ("2024-06", 1),
        ("2024-07", 2),
        ("2024-08", 1),
    ]
    assert active_by_month(spans, "2023-12") == []  # the last month before the first start
    assert active_by_month([], "2024-08") == []
