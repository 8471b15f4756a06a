"""Which pages exist (render/pages/site.py): one page per record, each path once, each with a
template that exists; the globals every template sees; the data pages that list the downloads."""

from __future__ import annotations

import json
from collections import Counter

from factory import ROOT

from regsite.diagnostics import Report
from regsite.render import pages, urls

PIN = json.loads((ROOT / "tests" / "pinned" / "shipped-data.json").read_text("utf-8"))["data-uses-register"]


def test_every_record_has_one_page_with_a_template(sample_model):
    site = sample_model.site
    specs = pages.all_pages(site)
    paths = Counter(s.path for s in specs)
    assert [p for p, n in paths.items() if n > 1] == []
    templates = {p.name for p in (ROOT / "templates").glob("*.html")}
    assert templates and {s.template for s in specs} <= templates
    for record in site.uses.records.values():
        assert urls.agreement(record.slug) in paths
    for org in site.organisations.values():
        assert urls.organisation(org.slug) in paths
    for dataset in site.datasets.values():
        assert urls.dataset(dataset.slug) in paths
    assert {"", "search/", "404.html", "overview/", "archive/"} <= set(paths)


def test_the_home_page_counts(sample_model):
    home = next(s for s in pages.all_pages(sample_model.site) if s.path == "")
    assert home.context["counts"] == PIN["editions"][sample_model.site.edition]
    assert home.context["organisation_count"] == PIN["organisations"]
    assert [w[0] for w in home.context["ways_in"]][:2] == ["Search", "Agreements"]
    assert (
        f"All {PIN['editions'][sample_model.site.edition]['agreements']:,} agreements" in home.context["ways_in"][1][1]
    )


def test_what_every_template_sees(sample_model):
    g = pages.template_globals(sample_model.site, {"site.css": "assets/site.1.css"})
    assert g["asset_paths"] == {"site.css": "assets/site.1.css"}
    assert g["organisation_for"]("UNIVERSITY OF BRISTOL") is sample_model.site.organisation("UNIVERSITY OF BRISTOL")
    assert "Sep 2026 edition" in g["footer_meta"] and "Open Government Licence v3.0" in g["footer_meta"]


def test_the_data_pages_group_the_downloads(sample_model):
    specs = pages.data_pages(sample_model.site, sample_model.reconciliation, Report(), [])
    assert sorted(s.path for s in specs) == ["about/data/", "downloads/", "open-data/"]
