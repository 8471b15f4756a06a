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
    assert html.startswith('<dl class="nhsuk-summary-list app-summary-list">')
    keys = re.findall(r"<dt>(.*?)</dt>", html)
    assert len(keys) >= 11
    # each field's name links to its explanation in the guidance, from this page
    assert keys[0] == '<a href="../../guidance/reading-an-agreement/#field-reference" class="app-field-link">' + (
        context["field_labels"]["reference"] + "</a>"
    )
    assert f"<dd>{latest.reference}</dd>" in html
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


def _files(n: int, **fields) -> list[dict]:
    base = {
        "type_of_data": "Pseudonymised",
        "sensitivity": "Sensitive",
        "legal_basis": "Section 251",
        "frequency": "Ongoing",
        "opt_outs": "Yes",
    }
    return [
        {
            "file_reference": f"F{i:03d}",
            "dataset": "HES",
            "month_released": f"2024-{i % 12 + 1:02d}",
            **base,
            **{k: v[i % len(v)] for k, v in fields.items()},
        }
        for i in range(n)
    ]


def _group(files, version="2.0", first=0, last=None, **kw) -> views.FileGroup:
    values = {"version_path": f"agreements/x/v{version}/", "latest": False, "version_continued": False}
    return views.FileGroup(
        version, dataset="", files=files, first=first, last=len(files) if last is None else last, **{**values, **kw}
    )


def _path_for(n: int) -> str:
    return urls.agreement_files("x", n)


@pytest.fixture(scope="module")
def files_page(context):
    """What the template of an agreement's first files page sees."""
    return {**context, "url": urls.Linker.for_page("agreements/x/files/index.html")}


def test_a_group_says_what_its_files_share_once(files_page):
    html = views.file_groups(files_page, [_group(_files(3))], 1, _path_for)
    assert html.startswith(
        '<h2>Version 2.0</h2><p>Every field of <a href="../../../agreements/x/v2.0/">version 2.0</a> is on its own page.</p>'
    )
    assert html.count("<h3>") == 1 and "<h3>Dataset not named</h3>" in html
    assert html.count("<dt") == 5 and "<dd>Section 251</dd>" in html
    assert html.count("Section 251") == 1  # not once a row
    assert html.count('scope="col"') == 2 and "data-label" not in html  # two columns: not stacked on a phone
    assert '<th scope="row">F001</th><td>Feb 2024</td>' in html
    assert ">Version 2.0, dataset not named: 3 files</caption>" in html


def test_fields_that_differ_within_a_group_are_columns(files_page):
    files = _files(4, opt_outs=["Yes", "No"], legal_basis=["Section 251", "Consent"])
    html = plain_cells(views.file_groups(files_page, [_group(files)], 1, _path_for))
    assert html.count("<dt") == 3  # type of data, sensitivity, frequency
    assert html.count('scope="col"') == 4
    assert '<th scope="col">Legal basis</th><th scope="col">Patient opt-outs applied</th>' in html
    for f in files:  # every field of every file is on the page
        assert f'<th scope="row">{f["file_reference"]}</th><td>' in html
        assert f"<td>{f['legal_basis']}</td><td>{f['opt_outs']}</td></tr>" in html.split(f["file_reference"], 1)[1]
    assert 'class="nhsuk-table nhsuk-table--responsive app-table"' in views.file_groups(
        files_page, [_group(files)], 1, _path_for
    )


def test_a_group_split_between_pages_says_where_it_continues(files_page):
    files = _files(5)
    first = views.file_groups(files_page, [_group(files, first=0, last=2)], 1, _path_for)
    assert "files 1 to 2 of 5</caption>" in first and first.count("<tr>") == 3
    assert first.endswith('<p>Continued on <a href="../../../agreements/x/files/page-2/">page 2</a>.</p>')
    later = [_group(files, first=2, last=5, version_continued=True), _group(_files(1), version="1.0")]
    second = views.file_groups(
        {**files_page, "url": urls.Linker.for_page("agreements/x/files/page-2/index.html")}, later, 2, _path_for
    )
    headings = re.findall(r"<(h\d)>(.*?)</h\d>", second)
    assert headings == [
        ("h2", "Version 2.0, continued"),
        ("h3", "Dataset not named, continued"),
        ("h2", "Version 1.0"),
        ("h3", "Dataset not named"),
    ]
    assert '<p>Continued from <a href="../../../../agreements/x/files/">page 1</a>.</p>' in second
    assert "files 3 to 5 of 5</caption>" in second and "Continued on" not in second
    assert 'id="files-1"' in second and 'id="files-2"' in second


def test_the_latest_version_is_shown_whole_on_the_agreements_page(files_page, record):
    group = _group(_files(1), latest=True, version_path=urls.agreement(record.slug))
    html = views.file_groups(files_page, [group], 1, _path_for)
    assert "Version 2.0 is the latest: every field of it is on <a" in html
    assert ": 1 file</caption>" in html


def test_a_dataset_the_site_knows_links_to_its_page(files_page, record):
    name = record.latest.datasets[0]["dataset"]
    files = [{**f, "dataset": name} for f in _files(1)]
    html = views.file_groups(files_page, [_group(files)._replace(dataset=name)], 1, _path_for)
    slug = files_page["dataset_for"](name).slug
    assert f'<h3><a href="../../../datasets/{slug}/">' in html
