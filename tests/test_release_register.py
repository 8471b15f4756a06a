"""NHS Digital's real 2017 release register, shipped byte for byte and read whole."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

from factory import ROOT, plain_cells

REGISTER = "register-of-approved-data-releases"
SHA256 = "da8e5c32331246a689018bce3227a01061ec828d1c63c15b5256c71a1fb64bab"


def _edition(summary, register):
    registers = summary.get("reconciliation") or summary["registers"]
    (entry,) = [r for r in registers if r["register"] == register]
    (edition,) = entry["editions"]
    return edition


def test_every_sheet_of_the_2017_workbook_is_accounted_for(sample_site):
    edition = _edition(sample_site.summary, REGISTER)
    assert edition["edition"] == "2017-11" and edition["sha256"] == SHA256
    sheets = {s["sheet"]: (s["read"], s["published"], s["set_aside"]) for s in edition["sheets"]}
    assert sheets == {
        "DataReleases": (5776, 5776, 0),
        "PurposeStatements": (838, 838, 0),
        "NBO": (9, 4, 5),
        "AmendmentsToPreviousRegisters": (12, 12, 0),
    }
    nbo = next(s for s in edition["sheets"] if s["sheet"] == "NBO")
    assert {r["reason"]: r["count"] for r in nbo["reasons"]} == {"blank row": 1, "note, not a count": 4}
    about = (sample_site.out / "about" / "data" / "index.html").read_text("utf-8")
    assert "AmendmentsToPreviousRegisters" in about and "PurposeStatements" in about
    report = json.loads((sample_site.out / "downloads" / "build-report.json").read_text("utf-8"))
    assert _edition(report, REGISTER)["sheets"] == edition["sheets"]


def test_the_workbook_ships_byte_for_byte_and_no_invented_edition_remains():
    for register in (REGISTER, "national-back-office"):
        files = sorted(p.name for p in (ROOT / "data" / register).glob("*.xlsx"))
        assert files == ["2017-11.xlsx"], register
        assert hashlib.sha256((ROOT / "data" / register / "2017-11.xlsx").read_bytes()).hexdigest() == SHA256
        assert "illustrative" not in (ROOT / "regsite" / "registers" / f"{register}.toml").read_text("utf-8")


def test_the_edition_is_named_by_the_period_its_readme_gives(sample_site):
    page = (sample_site.out / "registers" / REGISTER / "archive" / "2017-11" / "index.html").read_text("utf-8")
    assert "<h1>September to November 2017 edition</h1>" in page
    assert "Format of the reference number" in page  # the README tab, although the definition says "Read me"
    assert "Purpose statements" in page and "5,776" in page


def test_each_table_has_its_section_and_downloads(sample_site):
    site = sample_site.out
    page = (site / "registers" / REGISTER / "index.html").read_text("utf-8")
    for anchor in ('id="rows"', 'id="purpose-statements"', 'id="national-back-office"', 'id="amendments"'):
        assert anchor in page
    assert "Important: illustrative" not in page
    assert '<th scope="col" class="app-num">Jersey Cytology Screening</th>' in page
    assert '<th scope="row">Approved - No Trace</th>' in plain_cells(page)
    releases = list(csv.reader(io.StringIO((site / "downloads" / f"{REGISTER}-2017-11.csv").read_text("utf-8"))))
    assert len(releases) == 5777 and releases[0][:3] == ["RowID", "Organisation Name", "us"]
    assert releases[1][:3] == [
        "FILE0012064",
        "UNIVERSITY OF BRISTOL",
        "Hospital Episode Statistics Admitted Patient Care",
    ]
    amendments = list(
        csv.reader(io.StringIO((site / "downloads" / f"{REGISTER}-2017-11-amendments.csv").read_text("utf-8")))
    )
    assert len(amendments) == 13 and amendments[0][-1] == "Reason"
    assert {r[-1] for r in amendments[1:]} == {"Omitted from previous registers"}
    purposes = json.loads((site / "downloads" / f"{REGISTER}-2017-11-purpose-statements.json").read_text("utf-8"))
    assert len(purposes["rows"]) == 838 and purposes["sheet"] == "PurposeStatements"
    nbo = json.loads((site / "downloads" / f"{REGISTER}-2017-11-national-back-office.json").read_text("utf-8"))
    assert nbo["shape"] == "counts" and nbo["notes"][0] == "Explanation of terms:"
    assert nbo["rows"][0] == {
        "row_label": "Total Receipts Processed",
        "police": 70,
        "nca": 123,
        "home_office": 1775,
        "court_order": 71,
        "ccrc": 2,
        "nhs_protect": 0,
        "hm_coroner": 1,
        "welsh_blood_service": 0,
        "skipton_fund": 44,
        "jersey_cytology_screening": 22,
        "total": 2108,
    }
    assert shmi_page(site / "registers" / REGISTER / "purpose-statements")  # the sheet's last statement


def shmi_page(folder: Path) -> str:
    """The page of a paged table that holds the statement for SHMI_trusts (not a DARS reference)."""
    pages = [p.read_text("utf-8") for p in sorted(folder.rglob("index.html"))]
    assert len(pages) > 1
    return next(p for p in pages if "SHMI_trusts" in p)


def test_the_national_back_office_register_is_the_2017_count_table(sample_site):
    page = (sample_site.out / "registers" / "national-back-office" / "index.html").read_text("utf-8")
    assert "Important: illustrative" not in page and "invented" not in page
    assert "Approved - Trace" in page and ">2,108<" in page
    assert "Explanation of terms" in page  # the notes, shown, not counted
    assert 'role="img"' in page and "The numbers in this chart" in page
    edition = _edition(sample_site.summary, "national-back-office")
    assert [(s["sheet"], s["read"], s["published"]) for s in edition["sheets"]] == [("NBO", 9, 4)]
    # The totals of the real tab add up: no warning about them.
    assert not [d for d in sample_site.report.items if d.code == "total-mismatch"]


def test_nic_numbers_link_to_the_data_uses_registers_agreements(sample_site):
    site = sample_site.out
    releases = site / "registers" / REGISTER
    # DARS-NIC-00574-V2H1F-v2.2's files are on page 2 of the releases; its purpose statement on page 1.
    assert 'href="../../../agreements/dars-nic-00574-v2h1f/">DARS-NIC-00574-V2H1F-v2.2</a>' in (
        releases / "page-2" / "index.html"
    ).read_text("utf-8")
    assert 'href="../../../agreements/dars-nic-00574-v2h1f/">DARS-NIC-00574-V2H1F-v2.2</a>' in (
        releases / "purpose-statements" / "index.html"
    ).read_text("utf-8")
    # A reference that is not a DARS agreement is shown, not linked.
    last = shmi_page(releases / "purpose-statements")
    assert "agreements/shmi" not in last


def test_an_agreement_page_shows_what_the_older_register_recorded(sample_site):
    page = (sample_site.out / "agreements" / "dars-nic-00574-v2h1f" / "index.html").read_text("utf-8")
    start = page.index('<h2 id="in-register-of-approved-data-releases">')
    section = page[start : page.index('<h2 id="data">')]
    assert "September to November 2017" in section and "DARS-NIC-00574-V2H1F-v2.2" in section
    assert "12 files, of 3 datasets" in section and "1 purpose statement" in section
    assert "None recorded" in section  # no amendment names it
    assert 'href="../../registers/register-of-approved-data-releases/"' in section
    linked = [
        p.parent.name
        for p in sorted((sample_site.out / "agreements").glob("*/index.html"))
        if 'id="in-register-of-approved-data-releases"' in p.read_text("utf-8")
    ]
    assert linked == ["dars-nic-00574-v2h1f", "dars-nic-07141-l2s0b", "dars-nic-09122-r1s1d", "dars-nic-11221-x6y6n"]


def test_the_release_registers_organisations_link_by_name_identity(sample_site):
    site = sample_site.out
    page = (site / "registers" / REGISTER / "index.html").read_text("utf-8")
    assert 'href="../../organisations/university-of-bristol/">UNIVERSITY OF BRISTOL</a>' in page
    bristol = (site / "organisations" / "university-of-bristol" / "index.html").read_text("utf-8")
    assert 'id="register-register-of-approved-data-releases"' in bristol  # the same page as its DUR agreements
    assert "DARS-NIC-121996-T2R7B" in bristol
