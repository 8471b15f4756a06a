"""The site model (model/site.py): lookups by reference and name, organisations and datasets with
their agreements, and the browse facets."""

from __future__ import annotations

import json

from factory import ROOT

PIN = json.loads((ROOT / "tests" / "pinned" / "shipped-data.json").read_text("utf-8"))["data-uses-register"]


def test_an_agreement_is_found_by_any_form_of_its_reference(sample_model):
    site = sample_model.site
    record = site.agreement("DARS-NIC-00574-V2H1F")
    assert record is not None and record.base == "DARS-NIC-00574-V2H1F"
    assert site.agreement("DARS-NIC-00574-V2H1F-v4.2") is record
    assert site.agreement("  dars-nic-00574-v2h1f ") is record
    assert site.agreement("DARS-NIC-99999-XXXXX") is None


def test_organisations_and_datasets_are_found_by_name_whatever_the_case(sample_model):
    site = sample_model.site
    org = site.organisation("UNIVERSITY OF BRISTOL")
    assert org is not None and site.organisation("  University of  Bristol ") is org
    assert org.slug == "university-of-bristol" and org.records
    assert all(org in [site.organisation(r.latest.fields["applicant"])] or r in org.controller_of for r in org.records)
    assert site.organisation("No Such Organisation") is None
    dataset = next(iter(site.datasets.values()))
    assert site.dataset(dataset.name.lower()) is dataset


def test_organisations_and_datasets_are_sorted_by_name(sample_model):
    site = sample_model.site
    names = [o.name.casefold() for o in site.organisations.values()]
    assert names == sorted(names) and len(names) == PIN["organisations"]
    assert len(site.datasets) == PIN["datasets"]


def test_a_datasets_files_released_add_up_to_the_register(sample_model):
    site = sample_model.site
    total = sum(d.files_released for d in site.datasets.values())
    assert total == PIN["editions"][site.edition]["files_released"]
    for dataset in site.datasets.values():
        assert list(dataset.releases_by_month) == sorted(dataset.releases_by_month)


def test_every_current_agreement_is_on_one_page_of_each_facet(sample_model):
    site = sample_model.site
    current = {r.base for r in site.uses.current_records()}
    assert set(site.facets) >= {"organisation-type", "commercial", "status"}
    for field in ("organisation-type", "commercial", "status"):
        facets = site.facets[field]
        assert [f.value for f in facets] == sorted(f.value for f in facets), field
        bases = [r.base for f in facets for r in f.records]
        assert sorted(bases) == sorted(current), field
        assert len({f.slug for f in facets}) == len(facets)


def test_the_site_knows_its_edition_and_guidance(sample_model):
    site = sample_model.site
    assert site.edition == max(PIN["editions"])
    assert site.guidance and all(p.section == "guidance" for p in site.guidance)
    assert site.built_at.year == 2026 and site.built_at.month == 9
