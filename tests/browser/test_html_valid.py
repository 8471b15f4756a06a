"""The Nu HTML checker (vnu.jar from npm, on Java) finds no errors in any page of the site."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html(sample_site):
    java = shutil.which("java")
    if not java or not VNU.is_file():
        pytest.fail("The Nu HTML checker needs Java and node_modules/vnu-jar: run ./run test.")
    pages = sorted(str(p) for p in sample_site.out.rglob("*.html"))
    assert len(pages) > 100
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
