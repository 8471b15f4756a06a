"""The open data page's spec (regsite/render/pages/open_data.py), on a register made in code."""

from __future__ import annotations

import pytest
from factory import ROOT, agreement, dataset, make_project

from regsite.build import Options, _Stages, prepare
from regsite.diagnostics import Report
from regsite.model.site import Site
from regsite.render.downloads import Download
from regsite.render.pages.open_data import open_data_page

A = "DARS-NIC-00001-A1B2C"  # in August's edition only
B = "DARS-NIC-00002-D3E4F"


def rows(*bases: str) -> dict[str, list[dict]]:
    return {
        "Agreements": [agreement(f"{b}-v1.0") for b in bases],
        "Datasets": [dataset(f"{b}-v1.0") for b in bases],
        "DataReleases": [],
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    tmp = tmp_path_factory.mktemp("open-data")
    data, content = make_project(tmp, {"2026-08": rows(A, B), "2026-09": rows(B)})
    options = Options(data=data, content=content, out=tmp / "site", cache=None, templates=ROOT / "templates")
    return prepare(options, Report(), _Stages({}, {})).site


def download(path: str, kind: str) -> Download:
    return Download.of(path, path.rsplit("/", 1)[-1], kind, b"x")


DOWNLOADS = [
    download("downloads/datapackage.json", "JSON"),
    download("downloads/data-uses-register-2026-09.json.gz", "JSON"),
    download("downloads/data-uses-register-2026-09-agreements.csv", "CSV"),
    download("downloads/data-uses-register-2026-08-agreements.csv", "CSV"),
    download("downloads/data-uses-register-2026-09.xlsx", "XLSX"),
    download("downloads/build-report.json", "JSON"),
]


def test_the_page_lists_the_current_csv_and_json_files_by_their_lasting_names(site):
    spec = open_data_page(site, DOWNLOADS)
    assert (spec.path, spec.template, spec.title) == ("open-data/", "open_data.html", "Open data")
    assert spec.breadcrumbs == [("Home", ""), ("Downloads", "downloads/")]
    assert spec.description.startswith("The registers as data")
    files = spec.context["files"]
    # In path order; no workbook, no build report, and not the data package itself.
    assert [d.path for _, d in files] == [
        "downloads/data-uses-register-2026-08-agreements.csv",
        "downloads/data-uses-register-2026-09-agreements.csv",
        "downloads/data-uses-register-2026-09.json.gz",
    ]
    # The current edition's files drop their month; an earlier edition's keep it.
    assert [name for name, _ in files] == [
        "data-uses-register-2026-08-agreements-csv",
        "data-uses-register-agreements-csv",
        "data-uses-register-json",
    ]
    assert spec.context["package"] is DOWNLOADS[0]


def test_the_example_is_an_agreement_in_the_current_edition(site):
    assert not site.uses.records[A].in_current  # the first by reference has left
    example = open_data_page(site, DOWNLOADS).context["example"]
    assert example is site.uses.records[B]


def test_without_a_data_package_or_files_the_page_still_builds(site):
    spec = open_data_page(site, [download("downloads/data-uses-register-2026-09.xlsx", "XLSX")])
    assert spec.context["package"] is None and spec.context["files"] == []
