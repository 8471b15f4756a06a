"""The register as data: downloads/datapackage.json describes every download and validates,
with the frictionless library, against the files the build wrote."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import json
import shutil

import frictionless
from conftest import options_for
from factory import SAMPLE, make_project

from regsite.build import build
from regsite.render.datapackage import field_type, resource_name
from regsite.sources.definitions import Column


def package_of(site):
    return json.loads((site / "downloads" / "datapackage.json").read_text("utf-8"))


def problems(folder) -> list[tuple[str, str]]:
    report = frictionless.Package(str(folder / "datapackage.json")).validate()
    return [(task.name, error.type) for task in report.tasks for error in task.errors]


def test_the_package_validates_against_the_built_files(sample_site):
    downloads = sample_site.out / "downloads"
    assert problems(downloads) == []
    package = package_of(sample_site.out)
    assert package["licenses"][0]["name"] == "OGL-UK-3.0"
    listed = {r["path"]: r for r in package["resources"]}
    kept = (".csv", ".csv.gz", ".json", ".json.gz", ".xlsx")
    on_disk = {p.name for p in downloads.iterdir() if p.name.endswith(kept)} - {"datapackage.json"}
    assert set(listed) == on_disk  # every download but the mirror, which holds this file
    for path, resource in listed.items():
        data = (downloads / path).read_bytes()
        assert resource["bytes"] == len(data) and resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["format"] == path.removesuffix(".gz").rsplit(".", 1)[1] and resource["mediatype"]
        assert resource.get("compression") == ("gz" if path.endswith(".gz") else None), path
    whole = json.loads(gzip.decompress((downloads / "data-uses-register-2026-09.json.gz").read_bytes()))
    assert listed["data-uses-register-2026-09.json.gz"]["name"] == "data-uses-register-json"
    assert whole["register"] == "data-uses-register" and whole["agreements"]
    page = (downloads / "index.html").read_text("utf-8")
    assert 'href="../downloads/datapackage.json"' in page and 'href="../open-data/"' in page


def test_each_csv_has_a_schema_from_the_register_definition(sample_site):
    package = package_of(sample_site.out)
    agreements = next(r for r in package["resources"] if r["name"] == "data-uses-register-agreements-csv")
    assert agreements["path"].endswith(".csv.gz") and agreements["compression"] == "gz"
    with gzip.open(sample_site.out / "downloads" / agreements["path"], "rt", encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    fields = {f["name"]: f for f in agreements["schema"]["fields"]}
    assert [f["name"] for f in agreements["schema"]["fields"]] == header
    start = fields["DSA Start Date"]
    assert (start["title"], start["type"]) == ("Start date", "date")  # the definition's label
    assert "DSA Start Date" in start["description"] and "Agreements sheet" in start["description"]
    assert fields["Applicant Organisation"]["description"].startswith("The organisation")  # from the guidance
    releases = next(r for r in package["resources"] if r["name"] == "data-uses-register-releases-csv")
    assert {f["name"]: f["type"] for f in releases["schema"]["fields"]}["Month File Released"] == "yearmonth"
    # Invented data is said to be so, and so is the derived edition.
    by_name = {r["name"]: r for r in package["resources"]}
    assert "Illustrative data" in by_name["ndrs-data-releases-csv"]["description"]
    assert by_name["national-back-office-csv"]["description"] == "Published by NHS Digital (now NHS England)."
    counts = {f["name"]: f["type"] for f in by_name["national-back-office-csv"]["schema"]["fields"]}
    assert counts["Police"] == "integer" and counts["Total"] == "integer"  # a count table's columns
    assert "not published by NHS England" in by_name["data-uses-register-2026-08-xlsx"]["description"]
    assert by_name["data-uses-register-xlsx"]["description"] == "Published by NHS England."


def test_a_damaged_file_fails_validation(sample_site, tmp_path):
    copy = tmp_path / "downloads"
    shutil.copytree(sample_site.out / "downloads", copy)
    releases = copy / "data-uses-register-2026-09-releases.csv.gz"
    lines = gzip.decompress(releases.read_bytes()).decode("utf-8").splitlines(keepends=True)
    releases.write_bytes(gzip.compress((lines[0] + lines[1].replace(",2019-04", ",April 2019")).encode("utf-8")))
    assert set(problems(copy)) >= {
        ("data-uses-register-releases-csv", "type-error"),
        ("data-uses-register-releases-csv", "hash-count"),
    }


def test_resource_names_stay_the_same_from_month_to_month(tmp_path):
    names = []
    for month in ("2026-09", "2026-10"):
        data, content = make_project(tmp_path / month, {month: SAMPLE})
        options = options_for(tmp_path / month, data, content, search=False, mirror=False)
        build(options)
        names.append({r["name"]: r["path"] for r in package_of(options.out)["resources"]})
    assert names[0].keys() == names[1].keys()
    assert names[1]["data-uses-register-agreements-csv"] == "data-uses-register-2026-10-agreements.csv.gz"
    open_data = (options.out / "open-data" / "index.html").read_text("utf-8")
    assert "data-uses-register-agreements-csv" in open_data and 'href="../downloads/datapackage.json"' in open_data


def test_a_column_is_typed_only_when_every_cell_has_the_type():
    date = Column("start_date", "DSA Start Date", "date")

    assert field_type(date, [dt.date(2024, 1, 1)]) == {"type": "date"}
    assert field_type(date, [dt.date(2024, 1, 1), "sometime in 2024"]) == {"type": "string"}  # kept as text
    assert field_type(Column("n", "N", "number"), [1, -2]) == {"type": "string"}  # "-2" is written '-2
    assert field_type(Column("y", "Y", "yes-no"), ["Yes", "No"])["trueValues"] == ["Yes"]
    current = {"x": "2026-09", "y": "2026-08"}
    assert resource_name("downloads/x-2026-09-agreements.csv", current) == "x-agreements-csv"
    assert resource_name("downloads/x-2026-08.xlsx", current) == "x-2026-08-xlsx"  # an earlier edition
    assert resource_name("downloads/x-2026-09.xlsx", current) == "x-xlsx"
    assert resource_name("downloads/y-2026-08.xlsx", current) == "y-xlsx"
