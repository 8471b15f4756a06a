"""The archive in the built site: every edition kept byte for byte, its change list, the
history on agreement pages, pages kept for agreements that left, and the Atom feed."""

from __future__ import annotations

import copy
import hashlib
import html
import re
import shutil
import sys
import xml.etree.ElementTree as ET

import pytest
import python_calamine
from conftest import options_for
from factory import HES_OP, ROOT, SAMPLE, agreements_with, edited, make_project, noisy, relabelled, sample_rows

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


# NHS England's workbook rows as re-extracted (the real sample's README), shipped byte for byte.
SHIPPED_SHA256 = "d8348836a502a6ef17b651b2bf2f14553f944af1db26cf57ee941ec83db348e7"


def test_the_shipped_edition_lists_the_real_released_files():
    assert hashlib.sha256(SAMPLE.read_bytes()).hexdigest() == SHIPPED_SHA256
    book = python_calamine.CalamineWorkbook.from_path(str(SAMPLE))
    rows = book.get_sheet_by_name("DataReleases").to_python()[1:]
    references = [r[0] for r in rows]
    assert len(rows) == 695 and len(set(references)) == 695
    assert all(re.fullmatch(r"FILE\d{7}", ref) for ref in references)  # no invented SYN… rows left
    assert ["FILE0055040", "DARS-NIC-07141-L2S0B-v2.6", "Jun-18"] in [[r[0], r[1], r[8]] for r in rows]


def test_the_derived_edition_is_what_the_script_writes(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import derive_edition

    target = tmp_path / "2026-08.xlsx"
    derive_edition.write(derive_edition.derive(derive_edition.read(SAMPLE)), target)
    assert target.read_bytes() == (ROOT / "data" / "data-uses-register" / "2026-08.xlsx").read_bytes()


def test_agreement_pages_list_the_real_file_references(sample_site):
    text = page(sample_site.out, "agreements/dars-nic-07141-l2s0b/files")
    # The cells' own text, without links: a file's reference, then its month.
    cells = re.sub(r"</?(?:span|a)\b[^>]*>", "", text)
    assert re.search(r">FILE0055040</th><td[^>]*>Jun 2018</td>", cells)
    assert "SYN0" not in text


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


def test_about_this_data_says_what_is_real_and_what_is_derived(sample_site):
    text = page(sample_site.out, "about/data")
    september = text[text.index('id="data-uses-register-2026-09"') : text.index('id="data-uses-register-2026-08"')]
    assert "What is NHS England's and what is reconstructed." in september
    assert "each file with its real file reference, month released and opt-out answer" in september
    assert "copied from the version&#39;s Datasets row" in september
    august = text[text.index('id="data-uses-register-2026-08"') :]
    assert "Derived edition.</strong> Derived by this project from the September 2026 edition" in august


def text_of(html: str) -> str:
    """A page's words as a reader meets them: tags dropped, spacing collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_an_edition_page_reports_a_register_wide_edit_once_and_a_missing_month(tmp_path):
    later = relabelled()
    tidied = later["Agreements"][3]
    tidied["Application Title"] = tidied["Application Title"].upper()
    data, content = make_project(tmp_path, {"2026-06": BASE, "2026-08": later})
    options = options_for(tmp_path, data, content, search=False)
    build(options)
    august = page(options.out, "archive/2026-08")
    words = text_of(august)
    assert (
        "No edition for Jul 2026: there is none in the archive, so this edition is compared with the Jun 2026 edition."
        in words
    )
    hes_op = agreements_with(BASE, "Datasets", "Dataset", HES_OP)
    assert f"Dataset renamed in {len(hes_op)} agreements Was {HES_OP} Now HES Outpatients" in words
    assert f"The {len(hes_op)} agreements it touched" in words
    assert words.count("HES Outpatients") == 1  # once, not once per agreement
    assert "Organisation renamed in" in words and "Edits across the register (2)" in words
    assert "4 changes to agreements and 0 newly listed files" in words  # 2 register-wide + 2 amendments
    assert "Wording tidied in 1 agreement" in words and "Application title" in words
    tidied_base = tidied["Reference Number"].rsplit("-v", 1)[0].lower()
    assert f'<li><a href="../../agreements/{tidied_base}/">' in august.split('id="tidied"')[1]
    archive = text_of(page(options.out, "archive"))
    assert "No edition for Jul 2026: the Aug 2026 edition is compared with the one before it." in archive
    assert "4 changes, 0 new files (no edition for Jul 2026)" in archive
    assert "No edition for" not in text_of(page(options.out, "archive/2026-06"))
    # The feed says the same, in brief: the relabel once, tidied wording apart, the missing month.
    feed = ET.fromstring((options.out / "changes.atom").read_bytes())
    august_entry = next(e for e in feed.iter(f"{ATOM}entry") if "Aug 2026" in e.findtext(f"{ATOM}title"))
    assert "4 changes" in august_entry.findtext(f"{ATOM}title")
    entry = text_of(html.unescape(august_entry.findtext(f"{ATOM}content")))
    assert f"Dataset renamed in {len(hes_op)} agreements, listed once: was “{HES_OP}”, now “HES Outpatients”" in entry
    assert entry.count("HES Outpatients") == 1 and "Organisation renamed in" in entry
    assert "Wording tidied in 1 agreement (quotes, spacing, capitals or full stops; not counted)" in entry
    assert "No edition for Jul 2026: compared with the Jun 2026 edition" in entry


def test_every_monthly_register_names_its_missing_months(tmp_path):
    """The NDRS register is due monthly (``monthly = true``), like the Data Uses Register: with
    editions for June and September, its archive and September's page name July and August."""
    data, content = make_project(tmp_path)
    ndrs = data / "ndrs-data-releases"
    ndrs.mkdir()
    for month in ("2026-06", "2026-09"):
        shutil.copyfile(ROOT / "data/ndrs-data-releases/2026-09.xlsx", ndrs / f"{month}.xlsx")
    options = options_for(tmp_path, data, content, search=False)
    build(options)
    archive = text_of(page(options.out, "registers/ndrs-data-releases/archive"))
    assert "No edition for Jul 2026 or Aug 2026: the Sep 2026 edition is compared with the one before it." in archive
    assert "No row added or removed (no edition for Jul 2026 or Aug 2026)" in archive
    september = text_of(page(options.out, "registers/ndrs-data-releases/archive/2026-09"))
    assert "No edition for Jul 2026 or Aug 2026: there is none in the archive" in september
    assert "No edition for" not in text_of(page(options.out, "registers/ndrs-data-releases/archive/2026-06"))
