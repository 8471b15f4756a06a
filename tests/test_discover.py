"""Finding registers and editions: packaged definitions, overrides, formats, mistakes located."""

from __future__ import annotations

from pathlib import Path

import pytest

from regsite.diagnostics import Report
from regsite.sources import discover as discover_module
from regsite.sources.discover import discover

WIDGETS = """
title = "Widget release register"
summary = "Widgets released to organisations."
sheet = "Widgets"

[[columns]]
header = "Organisation"
type = "organisation"
"""


@pytest.fixture
def packaged(tmp_path, monkeypatch) -> Path:
    """A package whose only known register is 'widgets'."""
    folder = tmp_path / "package-registers"
    folder.mkdir()
    (folder / "widgets.toml").write_text(WIDGETS, "utf-8")
    monkeypatch.setattr(discover_module, "PACKAGED", folder)
    return folder


def _data(tmp_path: Path, files: dict[str, bytes]) -> Path:
    data = tmp_path / "data"
    for name, content in files.items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return data


def test_a_folder_named_after_a_known_register_needs_only_its_files(tmp_path, packaged):
    report = Report()
    sources = discover(_data(tmp_path, {"widgets/2026-09.xlsx": b"PK"}), report)
    assert report.items == []
    [source] = sources
    assert source.definition.title == "Widget release register"
    assert source.definition.path == "regsite/registers/widgets.toml"
    assert [e.file for e in source.editions] == ["data/widgets/2026-09.xlsx"]


def test_a_register_toml_in_the_folder_replaces_the_packaged_one(tmp_path, packaged):
    own = WIDGETS.replace("Widget release register", "Gadget register")
    data = _data(tmp_path, {"widgets/2026-09.xlsx": b"PK", "widgets/register.toml": own.encode()})
    [source] = discover(data, Report())
    assert source.definition.title == "Gadget register"
    assert source.definition.path == "data/widgets/register.toml"
    [packaged_source] = discover(_data(tmp_path / "other", {"widgets/2026-09.xlsx": b"PK"}), Report())
    # The cache key holds the definition's fingerprint: the override's is its own.
    assert source.definition.fingerprint != packaged_source.definition.fingerprint


def test_an_unknown_folder_says_what_to_add(tmp_path, packaged):
    report = Report()
    data = _data(tmp_path, {"widget/2026-09.xlsx": b"PK", "widgets/2026-09.xlsx": b"PK"})
    assert [s.definition.id for s in discover(data, report)] == ["widgets"]
    assert [str(d) for d in report.items] == [
        "data/widget: Folder ignored: it is not named after a register this site knows, and it has no "
        "register.toml. Expected a folder named after a known register (widgets) or holding register.toml, "
        "found 'widget'. Did you mean 'widgets'? Rename the folder to it, or add data/widget/register.toml with "
        "the register's title, summary, sheet and one [[columns]] table per column (regsite/registers/widgets.toml "
        "is one)."
    ]


def test_editions_in_every_format_keep_their_extension(tmp_path, packaged):
    files = {f"widgets/2026-0{i}.{ext}": b"x" for i, ext in enumerate(["xlsx", "ods", "CSV", "pdf"], 1)}
    report = Report()
    [source] = discover(_data(tmp_path, files), report)
    assert report.items == []
    assert [(e.month, e.format, e.download_name) for e in source.editions] == [
        ("2026-01", "XLSX", "widgets-2026-01.xlsx"),
        ("2026-02", "ODS", "widgets-2026-02.ods"),
        ("2026-03", "CSV", "widgets-2026-03-as-published.csv"),
        ("2026-04", "PDF", "widgets-2026-04.pdf"),
    ]


def test_two_files_for_one_month_is_an_error(tmp_path, packaged):
    report = Report()
    data = _data(tmp_path, {"widgets/2026-09.xlsx": b"PK", "widgets/2026-09.pdf": b"%PDF", "widgets/2026-9.csv": b""})
    [source] = discover(data, report)
    assert [e.path.name for e in source.editions] == ["2026-09.pdf"]
    assert [str(d) for d in report.items] == [
        "data/widgets/2026-09.xlsx: Two files for the edition of 2026-09. Expected one file per month, found "
        "'2026-09.pdf' and '2026-09.xlsx'. Keep the one NHS England published for that month and move the other "
        "out of the data folder.",
        "data/widgets/2026-9.csv: File ignored: not named like an edition. Expected YYYY-MM and the file's own "
        "extension, the month of the edition (2026-09.xlsx, 2026-09.ods, 2026-09.csv or 2026-09.pdf), found "
        "'2026-9.csv'. Rename it to the month it was published, or move it out of the data folder.",
    ]
    assert report.errors


def test_a_data_folder_of_nhs_england_files_builds(tmp_path):
    """Only the files as published: the packaged definitions serve, a folder's own overrides one,
    and editions may be workbooks, OpenDocument spreadsheets or CSV."""
    import datetime as dt
    import shutil

    from conftest import options_for
    from factory import ROOT, make_project
    from opendocument import write_ods

    from regsite.build import build

    data, content = make_project(tmp_path)
    (data / "data-uses-register" / "register.toml").unlink()
    flows = data / "internal-data-flow-record"
    flows.mkdir()
    shutil.copyfile(ROOT / "data" / flows.name / "2026-09.xlsx", flows / "2026-09.xlsx")
    packaged = (ROOT / "regsite" / "registers" / f"{flows.name}.toml").read_text("utf-8")
    (flows / "register.toml").write_text(packaged.replace('title = "Internal Data Flow Record"', 'title = "Flows"', 1))
    widgets = data / "widgets"
    widgets.mkdir()
    (widgets / "register.toml").write_text(WIDGETS + '\n[[columns]]\nheader = "Released"\ntype = "date"\n', "utf-8")
    write_ods(widgets / "2026-08.ods", {"Widgets": [["Organisation", "Released"], ["ACME LTD", dt.date(2026, 8, 3)]]})
    (widgets / "2026-09.csv").write_bytes(
        b"\xef\xbb\xbfOrganisation,Released\r\nACME LTD,03/08/2026\r\nBETA LTD,01/09/2026\r\n"
    )
    options = options_for(tmp_path, data, content, search=False, mirror=False)
    result = build(options)
    assert sorted(result.summary["registers"]) == ["internal-data-flow-record", "widgets"]
    assert result.summary["registers"]["widgets"] == 2
    site = options.out
    assert "<h1>Flows</h1>" in (site / "registers" / flows.name / "index.html").read_text("utf-8")
    page = (site / "registers" / "widgets" / "index.html").read_text("utf-8")
    assert "BETA LTD" in page and "the CSV file as published" in page
    downloads = site / "downloads"
    assert (downloads / "widgets-2026-08.ods").read_bytes() == (widgets / "2026-08.ods").read_bytes()
    assert (downloads / "widgets-2026-09-as-published.csv").read_bytes() == (widgets / "2026-09.csv").read_bytes()
    assert (downloads / "widgets-2026-09.csv").read_text("utf-8").splitlines()[1:] == [
        "ACME LTD,2026-08-03",
        "BETA LTD,2026-09-01",
    ]
    archive = (site / "registers" / "widgets" / "archive" / "2026-09" / "index.html").read_text("utf-8")
    assert "1 row added and 0 rows removed" in archive
    assert not [d for d in result.report.items if d.level.value != "info"], [str(d) for d in result.report.items]


def test_facts_about_the_files_live_beside_them_not_in_the_definition(tmp_path, packaged):
    """NHS England's real file in a folder named after a known register is never labelled a sample:
    whether rows are illustrative, and what an edition's file is, come from the folder's editions.toml."""
    [real] = discover(_data(tmp_path / "real", {"widgets/2026-09.xlsx": b"PK"}), Report())
    assert not real.definition.illustrative and real.definition.editions == {}
    facts = b'illustrative = true\n[editions."2026-09"]\nderived = true\nnote = "Made by us."\n'
    report = Report()
    [sample] = discover(
        _data(tmp_path / "sample", {"widgets/2026-09.xlsx": b"PK", "widgets/editions.toml": facts}), report
    )
    assert report.items == []
    assert sample.definition.illustrative and sample.definition.editions["2026-09"].derived
    assert sample.definition.fingerprint != real.definition.fingerprint  # the cache key changes with the facts
    assert [e.month for e in sample.editions] == ["2026-09"]  # editions.toml is not an edition


def test_a_mistake_in_editions_toml_is_located(tmp_path, packaged):
    report = Report()
    data = _data(
        tmp_path, {"widgets/2026-09.xlsx": b"PK", "widgets/editions.toml": b"illustrative = 'yes'\ncolour = 1\n"}
    )
    assert discover(data, report) == []
    assert {(d.location.file, d.location.key) for d in report.errors} == {
        ("data/widgets/editions.toml", "illustrative"),
        ("data/widgets/editions.toml", "colour"),
    }


def test_the_shipped_packaged_definitions_say_nothing_of_our_sample_files():
    for path in sorted(discover_module.PACKAGED.glob("*.toml")):
        text = path.read_text("utf-8")
        assert "illustrative" not in text and "[editions." not in text, path
    assert sorted(discover_module.PACKAGED.glob("*.toml")), "no packaged definitions found"
