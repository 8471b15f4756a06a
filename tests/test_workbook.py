import zipfile
from pathlib import Path

import pytest
from factory import agreement, rewrite_workbook, write_register

from regsite.sources import workbook
from regsite.sources.workbook import WorkbookRefused, inspect, read_sheets


def refused(path: Path) -> WorkbookRefused:
    with pytest.raises(WorkbookRefused) as info:
        inspect(path)
    return info.value


def test_a_real_workbook_passes(tmp_path):
    inspect(write_register(tmp_path / "ok.xlsx", [agreement("DARS-NIC-1-A1B2C-v1.0")]))


def test_empty_file(tmp_path):
    (tmp_path / "e.xlsx").write_bytes(b"")
    assert refused(tmp_path / "e.xlsx").message == "The file is empty (0 bytes)."


def test_csv_and_html_renamed(tmp_path):
    (tmp_path / "c.xlsx").write_text("Reference Number,Application Title\nDARS-NIC-1-X-v1,T\n")
    (tmp_path / "h.xlsx").write_text("<!DOCTYPE html><html><body>Sign in</body></html>")
    assert refused(tmp_path / "c.xlsx").message == "The file is a CSV or text file saved with an .xlsx name."
    assert refused(tmp_path / "h.xlsx").message == "The file is a web page (HTML) saved with an .xlsx name."


def _ole(tmp_path: Path, name: str, extra: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + extra + b"\0" * 1024)
    return path


def test_old_xls_and_encrypted(tmp_path):
    assert refused(_ole(tmp_path, "old.xlsx", b"Workbook")).code == "old-xls"
    encrypted = refused(_ole(tmp_path, "enc.xlsx", "EncryptedPackage".encode("utf-16-le")))
    assert encrypted.code == "encrypted" and "remove the password" in encrypted.fix


def test_zip_that_is_not_a_workbook(tmp_path):
    with zipfile.ZipFile(tmp_path / "z.xlsx", "w") as z:
        z.writestr("hello.txt", "hi")
    assert refused(tmp_path / "z.xlsx").code == "not-a-workbook"


def test_zip_bomb_is_refused_without_expanding(tmp_path, monkeypatch):
    path = write_register(tmp_path / "bomb.xlsx", [agreement("DARS-NIC-1-A1B2C-v1.0")])
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as z,
        z.open("xl/media/padding.bin", "w", force_zip64=True) as member,
    ):
        chunk = b"\0" * (1 << 20)
        for _ in range(64):  # 64 MB of zeros compress to ~64 KB: a ratio near 1000
            member.write(chunk)
    monkeypatch.setattr(workbook, "RATIO_FLOOR", 10_000_000)
    problem = refused(path)
    assert problem.code == "zip-bomb" and "xl/media/padding.bin" in problem.message


def test_entity_expansion_is_refused(tmp_path):
    path = write_register(tmp_path / "ent.xlsx", [agreement("DARS-NIC-1-A1B2C-v1.0")])
    doctype = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    sheet1 = "xl/worksheets/sheet1.xml"
    with_entity = rewrite_workbook(path, tmp_path / "ent1.xlsx", b"A study of outcomes", b"&lol2;", sheet1)
    rewritten = rewrite_workbook(with_entity, tmp_path / "ent2.xlsx", b"<worksheet", doctype + b"<worksheet", sheet1)
    problem = refused(rewritten)
    assert problem.code == "xml-entities" and "xl/worksheets/sheet1.xml" in problem.message


def test_formula_cells_are_found(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Agreements"
    sheet.append(["Reference Number", "Application Title"])
    sheet.append(["DARS-NIC-1-A1B2C-v1.0", '=UPPER("x")'])
    book.save(tmp_path / "f.xlsx")
    sheets = read_sheets(tmp_path / "f.xlsx", ["Agreements"])
    assert sheets["Agreements"].formula_cells == {(2, 2)}


def _inline_long_cell(tmp_path: Path, cell_xml: bytes) -> Path:
    """A workbook whose cell B2 is ``cell_xml`` (an inline string: openpyxl, like Excel, cuts
    texts at 32,767 characters, so the long one is written into the XML)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Agreements")
    sheet.append(["Reference Number", "Objective"])
    sheet.append(["DARS-NIC-1-A1B2C-v1.0", "LONGCELL"])
    book.save(tmp_path / "w.xlsx")
    return rewrite_workbook(
        tmp_path / "w.xlsx", tmp_path / "long.xlsx", b"<is><t>LONGCELL</t></is>", b"<is>" + cell_xml + b"</is>"
    )


@pytest.mark.parametrize("runs", [1, 2])
def test_a_cell_over_the_excel_limit_is_read_in_full(tmp_path, runs):
    # Excel cannot type such a cell, but a tool can write one: cutting it would publish part of the
    # register's text as if it were all of it. In one run of text, or in several (rich text);
    # tests/test_sheets.py has one in the shared strings.
    text = " ".join(["Fish & chips, caf\u00e9."] * 2_000)  # 47,999 characters
    half = len(text) // 2
    pieces = [text] if runs == 1 else [text[:half], text[half:]]
    escaped = [p.replace("&", "&amp;").encode() for p in pieces]
    cell = b"".join(b'<r><t xml:space="preserve">' + p + b"</t></r>" for p in escaped)
    path = _inline_long_cell(tmp_path, b"<t>" + escaped[0] + b"</t>" if runs == 1 else cell)
    assert read_sheets(path, ["Agreements"])["Agreements"].rows[1][1] == text


def test_an_ods_is_read_like_a_workbook(tmp_path):
    import datetime as dt

    from opendocument import write_ods

    path = write_ods(
        tmp_path / "r.ods",
        {"Read me": [["About"]], "Widgets": [["Organisation", "Released"], ["A & B", dt.date(2026, 8, 3)]]},
    )
    inspect(path)
    assert workbook.sheet_names(path) == ["Read me", "Widgets"]
    assert read_sheets(path, ["Widgets"])["Widgets"].rows == [
        ["Organisation", "Released"],
        ["A & B", dt.date(2026, 8, 3)],
    ]


def test_an_ods_gets_the_same_safety_checks(tmp_path, monkeypatch):
    from opendocument import MANIFEST, write_ods

    rows = {"Widgets": [["Organisation"], ["A"]]}
    entities = write_ods(tmp_path / "ent.ods", rows, prologue='<!DOCTYPE x [<!ENTITY a "aaaa">]>')
    assert refused(entities).code == "xml-entities" and "content.xml" in refused(entities).message
    bomb = write_ods(tmp_path / "bomb.ods", rows)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("Thumbnails/padding.bin", b"\0" * (16 << 20))
    monkeypatch.setattr(workbook, "RATIO_FLOOR", 1_000_000)
    assert refused(bomb).code == "zip-bomb"
    encryption = '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>'
    encrypted = write_ods(
        tmp_path / "enc.ods",
        rows,
        manifest=MANIFEST.replace("</manifest:manifest>", encryption + "</manifest:manifest>"),
    )
    assert refused(encrypted).code == "encrypted"


def test_a_workbook_under_the_other_extension(tmp_path):
    from opendocument import write_ods

    xlsx = write_register(tmp_path / "book.ods", [agreement("DARS-NIC-1-A1B2C-v1.0")])
    ods = write_ods(tmp_path / "sheet.xlsx", {"Widgets": [["Organisation"]]})
    with zipfile.ZipFile(tmp_path / "text.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<x/>")
    assert (refused(xlsx).message, refused(xlsx).fix) == (
        "The file is an Excel workbook (.xlsx) saved with an .ods name.",
        "Rename it to end in .xlsx: the download keeps the file's own extension.",
    )
    assert refused(ods).message == "The file is an OpenDocument spreadsheet (.ods) saved with an .xlsx name."
    assert refused(tmp_path / "text.ods").message == (
        "The file is a zip archive but not an OpenDocument spreadsheet (its mimetype is "
        "'application/vnd.oasis.opendocument.text')."
    )


def test_formula_cells_in_an_ods_are_found(tmp_path):
    from opendocument import Blank, Formula, write_ods

    rows = [["Organisation", "Count", "Total"], Blank(2), ["A", Blank(1), Formula("=1+1", 2)], ["B", 3, 3]]
    path = write_ods(tmp_path / "f.ods", {"Read me": [[Formula("=2", 2)]], "Widgets": rows})
    sheets = read_sheets(path, ["Widgets"])
    assert sheets["Widgets"].rows[3] == ["A", "", 2.0]
    assert sheets["Widgets"].formula_cells == {(4, 3)}
