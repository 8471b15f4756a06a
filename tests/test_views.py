"""Agreement page pieces made in Python (render/views.py): a version's facts, its datasets and
files, as NHS.UK markup with links relative to the page."""

from __future__ import annotations

import re

import pytest
from factory import plain_cells
from markupsafe import Markup

from regsite.render import pages, urls, views

BASE = "DARS-NIC-00574-V2H1F"


@pytest.fixture(scope="module")
def context(sample_model):
    """What a template on an agreement page sees."""
    return {**pages.template_globals(sample_model.site, {}), "url": urls.Linker.for_page("agreements/x/index.html")}


@pytest.fixture(scope="module")
def record(sample_model):
    record = sample_model.site.agreement(BASE)
    assert record is not None
    return record


def test_the_latest_versions_facts(context, record):
    latest = record.agreement.versions[-1]
    html = views.version_facts(context, record, latest, True)
    assert html.startswith('<dl class="nhsuk-summary-list">')
    keys = re.findall(r'<dt class="nhsuk-summary-list__key">(.*?)</dt>', html)
    assert len(keys) >= 11
    # each field's name links to its explanation in the guidance, from this page
    assert keys[0] == '<a href="../../guidance/reading-an-agreement/#field-reference" class="app-field-link">' + (
        context["field_labels"]["reference"] + "</a>"
    )
    assert f'<dd class="nhsuk-summary-list__value">{latest.reference}</dd>' in html
    assert "nhsuk-tag" in html  # its status, on the latest version only
    applicant = context["organisation_for"](latest.fields["applicant"])
    assert f'href="../../organisations/{applicant.slug}/"' in html


def test_an_earlier_version_has_no_status(context, record):
    html = views.version_facts(context, record, record.agreement.versions[0], False)
    assert "nhsuk-tag" not in html


def test_the_datasets_table_has_a_row_per_dataset(context, record):
    version = record.agreement.versions[-1]
    html = views.datasets_table(context, "datasets-x", "Datasets", version)
    assert html.count("<tr>") == 1 + len(version.datasets)
    assert 'id="datasets-x"' in html and ">Datasets</caption>" in html
    assert html.count('scope="col"') == 6
    for row in version.datasets:
        dataset = context["dataset_for"](row["dataset"])
        assert f'<a href="../../datasets/{dataset.slug}/">' in html


def test_a_version_without_datasets_says_so(context, record):
    version = record.agreement.versions[-1]
    empty = type(version)(version.reference, version.base, version.version, {}, {}, 1)
    assert views.datasets_table(context, "d", "Datasets", empty) == Markup(
        "<p>The register lists no datasets for this version.</p>"
    )


def test_the_files_released_table_summarises_each_dataset(context, record):
    version = max(record.agreement.versions, key=lambda v: len(v.releases))
    summaries = version.release_summaries()
    html = plain_cells(views.releases_table(context, "files-x", "Files released", summaries))
    assert html.count("<tr>") == 1 + len(summaries) > 1
    assert sum(s.files for s in summaries) == len(version.releases)
    for s in summaries:
        assert f'<td class="app-num">{s.files:,}</td>' in html


def test_status_tags_and_organisation_links(context):
    assert views.status_tag("Active") == Markup('<strong class="nhsuk-tag nhsuk-tag--green">Active</strong>')
    assert "nhsuk-tag--orange" in views.status_tag("Suspended")
    assert views.org_link(context, "A <new> body") == Markup("A &lt;new&gt; body")
    assert views.org_link(context, "UNIVERSITY OF BRISTOL").startswith('<a href="../../organisations/university-of')
