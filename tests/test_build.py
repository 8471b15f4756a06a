"""The whole pipeline on the shipped real sample, and on damaged copies of it."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import options_for
from factory import ROOT, SAMPLE, make_project, sample_rows
from markupsafe import escape

from regsite.build import build
from regsite.diagnostics import BuildFailed, RegsiteError
from regsite.render.markup import free_text_html
from regsite.render.pages.agreements import FILES_PER_PAGE

SAMPLE_ROWS = sample_rows()
# The shipped data's figures, rewritten by ./run fixtures (scripts/pin.py).
PIN = json.loads((ROOT / "tests" / "pinned" / "shipped-data.json").read_text("utf-8"))["data-uses-register"]


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _latest_versions() -> dict[str, str]:
    """Each agreement's latest version number, from the sample's own rows."""
    latest: dict[str, str] = {}
    for row in SAMPLE_ROWS["Agreements"]:
        base, version = row["Reference Number"].lower().rsplit("-v", 1)
        if base not in latest or tuple(map(int, version.split("."))) > tuple(map(int, latest[base].split("."))):
            latest[base] = version
    return latest


def version_page(site: Path, reference: str) -> str:
    """Where a version is shown whole: the agreement's page for its latest, else its own page."""
    base, version = reference.lower().rsplit("-v", 1)
    if _latest_versions()[base] == version:
        return page(site, f"agreements/{base}")
    return page(site, f"agreements/{base}/v{version}")


def agreement_pages(site: Path, base: str) -> list[str]:
    """An agreement's main page and its version pages (not its files pages)."""
    folder = site / "agreements" / base
    return [page(site, f"agreements/{base}")] + [p.read_text("utf-8") for p in sorted(folder.glob("v*/index.html"))]


def test_every_agreement_has_a_page_with_every_version(sample_site):
    site = sample_site.out
    bases = sorted({r["Reference Number"].rsplit("-v", 1)[0].lower() for r in SAMPLE_ROWS["Agreements"]})
    assert len(bases) == len(PIN["agreements"])
    assert sorted(p.name for p in (site / "agreements").iterdir() if p.is_dir() and p.name.startswith("dars")) == bases
    for row in SAMPLE_ROWS["Agreements"]:
        base = row["Reference Number"].rsplit("-v", 1)[0].lower()
        text = version_page(site, row["Reference Number"])
        assert row["Reference Number"] in text
        version = row["Reference Number"].rsplit("-v", 1)[1]
        if version != _latest_versions()[base]:  # the agreement's history links to its page
            assert f'href="../../agreements/{base}/v{version}/"' in page(site, f"agreements/{base}")
        # every long text of every version is on its page, as rendered free text, or that page
        # points to the later version whose text is word for word the same (and is on its page)
        whole = "".join(agreement_pages(site, base))
        for header in (
            "Objective for Processing",
            "Processing Activities",
            "Expected Output",
            "Expected Measurable Benefits",
            "Yielded Benefits",
        ):
            if row[header]:
                start = str(free_text_html(row[header].strip()))[:200]
                assert start in text or "Word for word the same as in" in text, (base, header)
                assert start in whole, (base, header)
        assert str(escape(row["Applicant Organisation"])) in text


def test_an_earlier_version_page_points_to_the_agreement(sample_site):
    text = page(sample_site.out, "agreements/dars-nic-00574-v2h1f/v4.2")
    assert "<h1>Version 4.2: " in text
    assert 'href="../../../agreements/dars-nic-00574-v2h1f/"' in text
    main = page(sample_site.out, "agreements/dars-nic-00574-v2h1f")
    for version in ("4.2", "5.2", "6.2"):
        assert f'href="../../agreements/dars-nic-00574-v2h1f/v{version}/"' in main
    assert "v7.4/" not in main  # the latest is the main page itself


def _table_rows(text: str, table_id_prefix: str) -> int:
    count = 0
    for match in re.finditer(
        rf'<table class="nhsuk-table[^"]*app-table" id="{table_id_prefix}[^"]*"[^>]*>(.*?)</table>', text, re.S
    ):
        body = match.group(1).split("<tbody", 1)[1]
        count += body.count("<tr>")
    return count


def test_every_dataset_row_is_shown(sample_site):
    site = sample_site.out
    by_base: dict[str, int] = {}
    for row in SAMPLE_ROWS["Datasets"]:
        base = row["Reference Number"].rsplit("-v", 1)[0].lower()
        by_base[base] = by_base.get(base, 0) + 1
    assert sum(by_base.values()) == PIN["editions"]["2026-09"]["dataset_rows"]
    for base, expected in by_base.items():
        shown = sum(_table_rows(text, "datasets-") for text in agreement_pages(site, base))
        assert shown == expected, base


def test_every_released_file_is_listed(sample_site):
    site = sample_site.out
    for base in {r["Reference Number"].rsplit("-v", 1)[0].lower() for r in SAMPLE_ROWS["DataReleases"]}:
        expected = sum(1 for r in SAMPLE_ROWS["DataReleases"] if r["Reference Number"].lower().startswith(base + "-v"))
        files = sorted((site / "agreements" / base / "files").rglob("index.html"))
        assert sum(_table_rows(p.read_text("utf-8"), "files-") for p in files) == expected
        listed = [ref for p in files for ref in re.findall(r'<th scope="row">(FILE\w+)</th>', p.read_text("utf-8"))]
        refs = [
            r["File Reference"]
            for r in SAMPLE_ROWS["DataReleases"]
            if r["Reference Number"].lower().startswith(base + "-v")
        ]
        assert sorted(listed) == sorted(refs), base
        assert f'href="../../agreements/{base}/files/"' in page(site, f"agreements/{base}")


def test_a_long_file_list_is_paged(sample_site):
    folder = sample_site.out / "agreements" / "dars-nic-00574-v2h1f" / "files"
    assert (folder / "index.html").is_file() and (folder / "page-2" / "index.html").is_file()
    first = (folder / "index.html").read_text("utf-8")
    pages = sorted(folder.rglob("index.html"))
    assert f"page 1 of {len(pages)}" in first
    assert 'href="../../../agreements/dars-nic-00574-v2h1f/files/page-2/"' in first
    assert _table_rows(first, "files-") == FILES_PER_PAGE


def _csv_value(header: str, value) -> str:
    """How the CSV writes a sheet's value: dates as YYYY-MM-DD, months as YYYY-MM, formulas neutralised."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    text = str(value)
    if header == "Month File Released" and text:
        return dt.datetime.strptime(text, "%b-%y").strftime("%Y-%m")
    text = text.strip()
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def test_csv_downloads_equal_the_sheets(sample_site):
    downloads = sample_site.out / "downloads"
    for sheet, name in (("Agreements", "agreements"), ("Datasets", "datasets"), ("DataReleases", "releases")):
        packed = (downloads / f"data-uses-register-2026-09-{name}.csv.gz").read_bytes()
        rows = list(csv.reader(io.StringIO(gzip.decompress(packed).decode("utf-8"))))
        assert rows[0] == list(SAMPLE_ROWS[sheet][0].keys())
        assert len(rows) - 1 == len(SAMPLE_ROWS[sheet])
        for got, want in zip(rows[1:], SAMPLE_ROWS[sheet], strict=True):
            assert got == [_csv_value(h, v) for h, v in want.items()]


def test_the_workbook_download_is_byte_for_byte(sample_site):
    got = (sample_site.out / "downloads" / "data-uses-register-2026-09.xlsx").read_bytes()
    assert got == SAMPLE.read_bytes()
    listing = page(sample_site.out, "downloads")
    assert hashlib.sha256(got).hexdigest() in listing


def test_json_round_trips(sample_site):
    site = sample_site.out
    register = json.loads(gzip.decompress((site / "downloads" / "data-uses-register-2026-09.json.gz").read_bytes()))
    assert register["counts"] == PIN["editions"]["2026-09"]
    versions = {v["reference"]: v for a in register["agreements"] for v in a["versions"]}
    for row in SAMPLE_ROWS["Agreements"]:
        version = versions[row["Reference Number"]]
        assert version["title"] == row["Application Title"].strip()
        assert version["start_date"] == row["DSA Start Date"].date().isoformat()
        assert version["objective"] == row["Objective for Processing"].strip()
    one = json.loads(gzip.decompress((site / "agreements" / "dars-nic-00574-v2h1f.json.gz").read_bytes()))
    pinned = PIN["agreements"]["dars-nic-00574-v2h1f"]
    assert [v["version"] for v in one["versions"]] == pinned["versions"]
    assert sum(len(v["releases"]) for v in one["versions"]) == pinned["releases"]
    assert sum(len(v["datasets"]) for v in one["versions"]) == pinned["datasets"]


def test_organisation_and_dataset_pages(sample_site):
    site = sample_site.out
    text = page(site, "organisations/nhs-bath-and-north-east-somerset-swindon-and-wiltshire-icb-92g")
    assert "dars-nic-116560-r7f9j" in text
    ucl = page(site, "organisations/university-college-london-ucl")
    assert ucl.count('href="../../agreements/dars-nic-') >= 4  # applicant on two, joint controller on two more
    george = [p for p in (site / "organisations").iterdir() if p.name.startswith("st-george")]
    assert len(george) == 1
    assert "UNIVERSITY OF BIRMINGHAM" in page(site, "organisations/university-of-birmingham")


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path, sample_site):
    options = options_for(tmp_path, ROOT / "data", ROOT / "content")
    build(options)
    assert tree_digest(options.out) == tree_digest(sample_site.out)


@pytest.mark.slow
def test_a_failed_build_leaves_the_previous_site(tmp_path):
    data, content = make_project(tmp_path)
    options = options_for(tmp_path, data, content, search=False)
    build(options)
    before = tree_digest(options.out)
    (data / "data-uses-register" / "2026-09.xlsx").write_text("Reference Number,Title\n")
    with pytest.raises(BuildFailed) as failed:
        build(options)
    assert [str(d) for d in failed.value.report.errors] == [
        "data/data-uses-register/2026-09.xlsx: The file is a CSV or text file saved with an .xlsx name. Download the "
        "register's .xlsx file again, or open this file in Excel and save it as .xlsx."
    ]
    assert tree_digest(options.out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "data", "site"]


def test_a_missing_tool_fails_the_build_before_anything_is_read(tmp_path, monkeypatch):
    import regsite.build as build_module
    from regsite.render import assets

    monkeypatch.setattr(assets, "_frontend_dir", lambda root: tmp_path / "nowhere")
    monkeypatch.setattr(build_module, "prepare", lambda *a, **k: pytest.fail("the build read its data"))
    data, content = make_project(tmp_path)
    with pytest.raises(RegsiteError, match=r"NHS\.UK frontend is not installed"):
        build(options_for(tmp_path, data, content))
    assert not (tmp_path / "site").exists()


@pytest.mark.slow
def test_a_failure_while_rendering_leaves_the_previous_site(tmp_path):
    data, content = make_project(tmp_path)
    options = options_for(tmp_path, data, content, search=False)
    build(options)
    before = tree_digest(options.out)
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "agreement.html").write_text("{% extends 'base.html' %}{% block content %}{{ 1 / 0 }}{% endblock %}")
    options.templates = templates
    with pytest.raises(
        RegsiteError, match=r"^templates/agreement.html, line 1: division by zero \(rendering /agreements/"
    ):
        build(options)
    assert tree_digest(options.out) == before
    assert not list(tmp_path.glob("site.*"))


@pytest.mark.slow
def test_the_command_line_reports_without_a_traceback(tmp_path):
    data, content = make_project(tmp_path)
    (data / "data-uses-register" / "2026-09.xlsx").write_bytes(b"")
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--data",
            str(data),
            "--content",
            str(content),
            "--out",
            str(tmp_path / "site"),
            "--no-search",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [
        "error: data/data-uses-register/2026-09.xlsx: The file is empty (0 bytes). Replace it with the register "
        "workbook as published.",
        "",
        "Build stopped: 1 error in the inputs. The previous site was left as it was.",
    ]


@pytest.mark.slow
def test_warnings_stop_the_build_only_when_strict(tmp_path):
    rows = sample_rows()
    rows["Agreements"][0]["DSA End Date"] = "31/13/2024"
    data, content = make_project(tmp_path, {"2026-09": rows})
    options = options_for(tmp_path, data, content, search=False)
    result = build(options)
    assert [d.code for d in result.report.warnings] == ["bad-date"]
    options.strict = True
    with pytest.raises(BuildFailed) as failed:
        build(options)
    assert str(failed.value) == (
        "Build stopped: 0 errors and 1 warning (--strict) in the inputs. The previous site was left as it was."
    )


@pytest.mark.slow
def test_the_command_line_summary(tmp_path):
    """``python build.py`` on the shipped data, without a terminal: the summary, and no progress bar."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--out", str(tmp_path / "site"), "--no-mirror"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    counts = PIN["editions"]["2026-09"]
    assert lines[:2] == ["Read:", "  data-uses-register: 2 editions (2026-08, 2026-09)"]
    assert (
        f"  data-uses-register 2026-09 Agreements: {counts['versions']} rows read, {counts['versions']} published, "
        "0 set aside"
    ) in lines
    assert (
        f"Modelled: {counts['agreements']} agreements, {counts['versions']} versions, {PIN['organisations']} "
        f"organisations, {PIN['datasets']} datasets, {counts['files_released']} files released"
    ) in lines
    wrote = next(line for line in lines if line.startswith("Wrote: "))
    assert int(wrote.split()[1].replace(",", "")) > counts["agreements"] + PIN["organisations"] + PIN["datasets"]
    index = next(line for line in lines if line.startswith("Search index: "))
    assert int(index.split()[2].replace(",", "")) > 28
    assert lines[-1].startswith("Open it: ./run serve")


def test_each_stage_is_timed_in_wall_and_cpu_seconds(sample_site):
    # The benchmarks compare stages by CPU time (workers included): wall time is noisy on a shared machine.
    assert set(sample_site.cpu) == set(sample_site.timings)
    assert {"model", "render", "index", "mirror"} <= set(sample_site.cpu)
    assert all(seconds >= 0 for seconds in sample_site.cpu.values())
    assert sample_site.cpu["render"] > 0


def test_the_search_index_is_built_last_once_the_model_is_freed(sample_site):
    # Pagefind is the build's hungriest part: it runs after the mirror, when nothing holds the model.
    stages = list(sample_site.timings)
    assert stages.index("render") < stages.index("mirror") < stages.index("index") < stages.index("publish")


def test_the_stylesheet_compiles_before_anything_is_read(sample_site):
    # Its compiler (Node.js, about 150 MB) runs beside a process that holds nothing yet, not beside the model.
    stages = list(sample_site.timings)
    assert stages.index("assets") < stages.index("read") < stages.index("model")
