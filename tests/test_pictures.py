"""The charts on the built site: every one has a summary, a name and a table, and its
numbers are the data's."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

from factory import sample_rows

SAMPLE = sample_rows()


def page(site, path):
    return (site / path / "index.html").read_text("utf-8")


def chart_blocks(html: str) -> list[str]:
    return re.findall(r'<div class="app-chart-block">(.*?)</details>\n</div>', html, re.S)


def table_numbers(block: str) -> list[list[str]]:
    body = block.split("<tbody", 1)[1]
    return [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in body.split("</tr>")[:-1]
    ]


def test_every_chart_has_a_summary_a_name_and_a_table(sample_site):
    site = sample_site.out
    paths = [
        "agreements/dars-nic-00574-v2h1f/files",
        "datasets/hospital-episode-statistics-admitted-patient-care-hes-apc",
        "organisations/university-college-london-ucl",
        "overview",
    ]
    for path in paths:
        blocks = chart_blocks(page(site, path))
        assert blocks, path
        for block in blocks:
            summary = re.search(r'<p class="app-chart-summary">([^<]+)</p>', block).group(1)
            svg = ET.fromstring(re.search(r"<svg.*?</svg>", block, re.S).group(0))
            ns = "{http://www.w3.org/2000/svg}"
            assert svg.get("role") == "img"
            title_id, desc_id = svg.get("aria-labelledby").split()
            assert svg.find(f"{ns}title").get("id") == title_id and svg.find(f"{ns}title").text
            assert svg.find(f"{ns}desc").get("id") == desc_id and svg.find(f"{ns}desc").text == summary
            assert "<caption" in block and table_numbers(block)
            assert len(re.search(r"<svg.*?</svg>", block, re.S).group(0)) < 16_000, path


def test_an_agreements_monthly_files_sum_to_its_released_files(sample_site):
    block = chart_blocks(page(sample_site.out, "agreements/dars-nic-00574-v2h1f/files"))[0]
    rows = table_numbers(block)
    assert sum(int(r[-1].replace(",", "")) for r in rows) == 564
    released = Counter(
        r["Month File Released"]
        for r in SAMPLE["DataReleases"]
        if r["Reference Number"].startswith("DARS-NIC-00574-V2H1F")
    )
    assert len(rows) == len(released)
    assert "564 files released between Apr 2019 and Aug 2026" in block


def test_overview_counts_match_the_model(sample_site):
    html = page(sample_site.out, "overview")
    blocks = chart_blocks(html)
    # One chart per browse facet of the definition, then active agreements, datasets, organisations.
    assert len(blocks) == 8
    blocks = dict(
        zip(
            re.findall(
                r'<h2 id="([^"]+)">', html.split('aria-label="Charts on this page"', 1)[1].split("</nav>", 1)[1]
            ),
            blocks,
            strict=True,
        )
    )
    latest = {}
    for row in SAMPLE["Agreements"]:
        base, version = row["Reference Number"].rsplit("-v", 1)
        key = tuple(int(p) for p in version.split("."))
        if base not in latest or key > latest[base][0]:
            latest[base] = (key, row)
    types = Counter(r["Applicant Organisation Type"] for _, r in latest.values())
    assert {r[0]: int(r[1]) for r in table_numbers(blocks["organisation-type"])} == dict(types)
    commercial = Counter(r["For Commercial Purposes"] for _, r in latest.values())
    assert sorted(int(r[1]) for r in table_numbers(blocks["commercial"])) == sorted(commercial.values())
    # Each number links to the agreements behind it.
    assert 'href="../browse/commercial/yes/"' in blocks["commercial"]
