"""Hostile text is only text: HTML, script, javascript: links and markdown in any cell are
escaped on every page; only http(s) links are made; downloads stay safe."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re

from conftest import options_for
from factory import DEFINITION, agreement, dataset, release, write_register

from regsite.build import build

HOSTILE = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1)) javascript:alert(2)",
    "**bold** _em_ <b>bold</b> &amp; &lt;",
    '"><svg onload=alert(3)>',
    "+cmd|' /C calc'!A0",
    "{{ 7*7 }} {% raw %}",
]


def test_hostile_cells_are_escaped_everywhere(tmp_path):
    ref = "DARS-NIC-1-A1B2C-v1.0"
    rows = [
        agreement(
            ref,
            application_title=HOSTILE[0],
            applicant_organisation=HOSTILE[1],
            data_controller_s=HOSTILE[4],
            objective_for_processing="\n\n".join(HOSTILE),
            applicant_organisation_type=HOSTILE[2],
            processing_activities="See http://ok.example/a?b=1&c=2.",
        )
    ]
    path = write_register(
        tmp_path / "data" / "data-uses-register" / "2026-09.xlsx",
        rows,
        [dataset(ref, HOSTILE[3], legal_basis=HOSTILE[6])],
        [release(ref, HOSTILE[5], name=HOSTILE[3])],
    )
    (path.parent / "register.toml").write_text(DEFINITION.read_text("utf-8").split("\n[editions.")[0], "utf-8")
    (tmp_path / "content").mkdir()
    options = options_for(tmp_path, tmp_path / "data", tmp_path / "content", search=False)
    build(options)
    site = options.out
    pages = sorted(site.rglob("*.html"))
    assert pages
    # Escaped text is fine ("&lt;img …"); a tag that a browser would act on is not.
    bad = re.compile(r"<script>alert|<img src=x|<svg onload|href=\"javascript:|<b>bold</b>|<strong>bold|<em>em")
    for page in pages:
        text = page.read_text("utf-8")
        found = bad.findall(text)
        assert found == [], (page, found)
        # Every link on every page is relative, a fragment, or http(s).
        for href in re.findall(r'href="([^"]*)"', text):
            assert not href.lower().startswith(("javascript:", "data:", "vbscript:")), (page, href)
    agreement_page = (site / "agreements" / "dars-nic-1-a1b2c" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in agreement_page
    assert "{{ 7*7 }} {% raw %}" in agreement_page  # never evaluated as a template
    assert '<a href="http://ok.example/a?b=1&amp;c=2" class="nhsuk-link">' in agreement_page
    # JSON keeps the text exactly; CSV neutralises the formula.
    data = json.loads(gzip.decompress((site / "agreements" / "dars-nic-1-a1b2c.json.gz").read_bytes()))
    assert data["versions"][0]["title"] == HOSTILE[0]
    packed = (site / "downloads" / "data-uses-register-2026-09-releases.csv.gz").read_bytes()
    rows = list(csv.reader(io.StringIO(gzip.decompress(packed).decode("utf-8"))))
    assert rows[1][0] == "'" + HOSTILE[5]
