"""Cite this page: the citation's text, and on every agreement, organisation, dataset and
edition page, naming the page, the edition and its workbook's SHA-256."""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from conftest import options_for
from factory import ROOT, SAMPLE, make_project

from regsite.build import build
from regsite.render.citation import Citation, address

CITE = re.compile(
    r'<textarea class="nhsuk-textarea app-cite__text" id="cite-text"[^>]*readonly[^>]*>(.*?)</textarea>', re.S
)


def citation_on(site: Path, path: str) -> str:
    found = CITE.findall((site / path / "index.html").read_text("utf-8"))
    assert len(found) == 1, path
    return html.unescape(found[0])


def test_the_text_names_everything_needed_to_find_the_data_again():
    c = Citation(
        "DARS-NIC-1: A study",
        "Data Uses Register",
        "NHS England",
        "2026-09",
        "/agreements/dars-nic-1/",
        "data-uses-register-2026-09.xlsx",
        "ab" * 32,
    )
    lines = c.text.splitlines()
    assert lines[0] == (
        "NHS England. DARS-NIC-1: A study. Data Uses Register, Sep 2026 edition. Available at: /agreements/dars-nic-1/"
    )
    assert lines[2:] == [
        "Title: DARS-NIC-1: A study",
        "Register: Data Uses Register, published by NHS England",
        "Edition: Sep 2026",
        "Address: /agreements/dars-nic-1/",
        "Workbook: data-uses-register-2026-09.xlsx",
        f"Workbook SHA-256: {'ab' * 32}",
    ]
    derived = Citation(
        *[getattr(c, f) for f in ("title", "register", "publisher", "edition", "address", "workbook", "sha256")],
        derived=True,
    )
    assert (
        not derived.text.startswith("NHS England.") and "not published by NHS England" in derived.text.splitlines()[0]
    )
    assert address("agreements/x/", "https://example.org/r") == "https://example.org/r/agreements/x/"
    assert address("agreements/x/", "") == "/agreements/x/"


def test_every_agreement_organisation_dataset_and_edition_page_can_be_cited(sample_site):
    site = sample_site.out
    current = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    pages = ["agreements/dars-nic-00574-v2h1f", "archive/2026-09"]
    pages += [p.parent.relative_to(site).as_posix() for p in sorted((site / "organisations").glob("*/index.html"))[:3]]
    pages += [p.parent.relative_to(site).as_posix() for p in sorted((site / "datasets").glob("*/index.html"))[:3]]
    for path in pages:
        text = citation_on(site, path)
        title = html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", (site / path / "index.html").read_text()).group(1))
        assert f"Address: /{path}/" in text and f"Workbook SHA-256: {current}" in text, path
        assert "Edition: Sep 2026" in text and "Register: Data Uses Register, published by NHS England" in text
        assert re.sub(r"<[^>]+>", "", title).strip() in text, path
    august = citation_on(site, "archive/2026-08")  # an edition page cites its own workbook
    derived = (ROOT / "data" / "data-uses-register" / "2026-08.xlsx").read_bytes()
    assert f"Workbook SHA-256: {hashlib.sha256(derived).hexdigest()}" in august
    assert "Edition: Aug 2026" in august and "Note: a derived edition, not published by NHS England" in august
    # Outside the searched part of the page, so a search never matches a citation's words.
    page = (site / pages[0] / "index.html").read_text()
    assert page.index("<!--/search-body-->") < page.index('id="cite"')


def test_the_address_is_absolute_with_a_base_url(tmp_path):
    data, content = make_project(tmp_path)
    options = options_for(tmp_path, data, content, search=False, mirror=False, base_url="https://example.org/dur")
    build(options)
    text = citation_on(options.out, "agreements/dars-nic-00574-v2h1f")
    assert "Address: https://example.org/dur/agreements/dars-nic-00574-v2h1f/" in text
