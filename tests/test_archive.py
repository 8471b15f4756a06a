"""The archive in the built site: every edition kept byte for byte, its change list, the
history on agreement pages, pages kept for agreements that left, and the Atom feed."""

from __future__ import annotations

import copy
import hashlib
import xml.etree.ElementTree as ET

import pytest
from conftest import options_for
from factory import ROOT, SAMPLE, edited, make_project, noisy, sample_rows

from regsite.build import build

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = sample_rows()


def page(site, path):
    return (site / path / "index.html").read_text("utf-8")


def test_the_shipped_archive(sample_site):
    site = sample_site.out
    index = page(site, "archive")
    assert index.index("Sep 2026") < index.index("Aug 2026 (derived)")
    derived = (ROOT / "data" / "data-uses-register" / "2026-08.xlsx").read_bytes()
    assert (site / "downloads" / "data-uses-register-2026-08.xlsx").read_bytes() == derived
    august = page(site, "archive/2026-08")
    assert "Important: a derived edition, not published by NHS England" in august
    assert hashlib.sha256(derived).hexdigest() in august
    assert "earliest edition in the archive" in august
    september = page(site, "archive/2026-09")
    assert hashlib.sha256(SAMPLE.read_bytes()).hexdigest() in september
    assert "4 changes to agreements and 10 newly listed files" in september
    for base in (
        "dars-nic-127189-r2k8f",
        "dars-nic-121483-r8p9f",
        "dars-nic-07141-l2s0b",
        "dars-nic-120105-f0k2l",
        "dars-nic-00574-v2h1f",
    ):
        assert f'href="../../agreements/{base}/"' in september


def test_agreement_pages_show_their_history(sample_site):
    text = page(sample_site.out, "agreements/dars-nic-121483-r8p9f")
    assert "This agreement is in 2 editions of the register, from Aug 2026 to Sep 2026" in text
    assert 'href="../../archive/2026-09/">Sep 2026 edition</a>' in text  # version 2.4 first appeared there


def test_the_feed_is_atom_with_one_entry_per_edition(sample_site):
    root = ET.fromstring((sample_site.out / "changes.atom").read_bytes())
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Sep 2026 edition: 4 changes, 10 new files",
        "Aug 2026 edition (derived, not published by NHS England)",
    ]
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith("tag:")
        assert entry.find(f"{ATOM}updated").text.endswith("-01T00:00:00Z")
        assert entry.find(f"{ATOM}link").get("href").startswith("archive/")
    assert "DARS-NIC-127189-R2K8F" in entries[0].find(f"{ATOM}content").text


def test_a_departed_agreement_keeps_its_page(tmp_path):
    data, content = make_project(tmp_path, {"2026-08": BASE, "2026-09": edited()})
    options = options_for(tmp_path, data, content, search=False)
    build(options)
    text = page(options.out, "agreements/dars-nic-03422-y7y0z")
    assert "Not in the current register" in text
    assert "It is not in the Sep 2026 edition or any since" in text
    assert "dars-nic-03422-y7y0z" in page(options.out, "agreements")  # listed under "No longer in the register"


@pytest.mark.slow
def test_adding_an_edition_reads_only_the_new_file(tmp_path):
    data, content = make_project(tmp_path, {"2026-07": noisy(BASE), "2026-08": BASE})
    options = options_for(tmp_path, data, content, search=False)
    first = build(options)
    assert first.summary["parsed"] == {"parsed": 2, "cached": 0, "modelled": 2}
    make_project(tmp_path, {"2026-09": edited()})  # the next month's workbook arrives
    second = build(options)
    # Only the new workbook is read; the one before it comes from the cache, to be compared.
    assert second.summary["parsed"] == {"parsed": 1, "cached": 1, "modelled": 2}
    assert second.summary["editions"] == {"data-uses-register": ["2026-07", "2026-08", "2026-09"]}


def test_an_organisation_renamed_in_a_later_edition_keeps_its_page(tmp_path):
    renamed = copy.deepcopy(BASE)
    for row in renamed["Agreements"]:
        for column in ("Applicant Organisation", "Data Controller(s)"):
            row[column] = row[column].replace("UNIVERSITY OF EXETER", "THE UNIVERSITY OF EXETER")
        if row["Reference Number"] == "DARS-NIC-00574-V2H1F-v4.2":  # renamed on a new version
            row["Applicant Organisation"] = row["Data Controller(s)"] = "SOUTHAMPTON CC"
    data, content = make_project(tmp_path, {"2026-08": BASE, "2026-09": renamed})
    options = options_for(tmp_path, data, content, search=False)
    build(options)
    link = 'href="../../agreements/dars-nic-03716-r3w8q/"'
    assert link in page(options.out, "organisations/the-university-of-exeter")
    old = page(options.out, "organisations/university-of-exeter")  # the address published before still works
    assert "UNIVERSITY OF EXETER is not named on any agreement in the current register, the Sep 2026 edition." in old
    assert 'The <a href="../../archive/2026-08/">Aug 2026 edition</a> named it; each later edition' in old
    earlier = page(options.out, "organisations/southampton-cc")
    assert '<h2 id="earlier">On earlier versions</h2>' in earlier
    assert 'href="../../agreements/dars-nic-00574-v2h1f/"' in earlier
    assert "is not named on any agreement in the current register" not in earlier
