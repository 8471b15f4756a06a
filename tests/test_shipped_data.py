"""The site built from the shipped data/ shows the figures pinned in tests/pinned/shipped-data.json.

The pin is written by ``./run fixtures`` (scripts/pin.py): after changing data/, run it and read the
diff. A change in how the data is read or modelled then shows here as a failing test.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest
from factory import ROOT

PIN = json.loads((ROOT / "tests" / "pinned" / "shipped-data.json").read_text("utf-8"))
USES = PIN["data-uses-register"]


@pytest.mark.slow
def test_the_pin_matches_the_shipped_data():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "pin.py"), "--check"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr


def test_every_agreement_shows_its_pinned_versions_datasets_and_files(sample_site):
    agreements = sorted(
        p.name.removesuffix(".json.gz") for p in (sample_site.out / "agreements").glob("dars-nic-*.json.gz")
    )
    assert agreements == sorted(USES["agreements"])
    for base, pinned in USES["agreements"].items():
        record = json.loads(gzip.decompress((sample_site.out / "agreements" / f"{base}.json.gz").read_bytes()))
        assert [v["version"] for v in record["versions"]] == pinned["versions"], base
        assert sum(len(v["datasets"]) for v in record["versions"]) == pinned["datasets"], base
        assert sum(len(v["releases"]) for v in record["versions"]) == pinned["releases"], base


def test_each_edition_and_register_has_its_pinned_counts(sample_site):
    summary = sample_site.summary
    current = max(USES["editions"])
    packed = sample_site.out / "downloads" / f"data-uses-register-{current}.json.gz"
    register = json.loads(gzip.decompress(packed.read_bytes()))
    assert register["counts"] == USES["editions"][current]
    assert summary["counts"] == USES["editions"][current]
    assert summary["editions"]["data-uses-register"] == sorted(USES["editions"])
    assert (summary["organisations"], summary["datasets"]) == (USES["organisations"], USES["datasets"])
    assert summary["registers"] == {r: editions[max(editions)] for r, editions in PIN["registers"].items()}
    for month, change in USES["changes"].items():
        page = (sample_site.out / "archive" / month / "index.html").read_text("utf-8")
        assert f"{change['changes']} changes to agreements and {change['files_released']} newly listed files" in page
