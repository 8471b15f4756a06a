"""Workbooks made in code for tests: the register's layout, rows given as dicts.

``sample_rows()`` reads the shipped real sample so tests can start from real text and
make known edits; ``write_register`` writes any rows back as an .xlsx with openpyxl.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import openpyxl
import python_calamine

from regsite.diagnostics import Report
from regsite.sources.definitions import RegisterDefinition, load_definition
from regsite.sources.sheets import ParsedEdition

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "data-uses-register" / "2026-09.xlsx"
DEFINITION = ROOT / "regsite" / "registers" / "data-uses-register.toml"

AGREEMENT_HEADER = [
    "Reference Number",
    "Application Title",
    "Applicant Organisation",
    "Applicant Organisation Type",
    "Data Controller(s)",
    "Sole/Joint Data Controller",
    "DSA Start Date",
    "DSA End Date",
    "Does Sublicensing Apply",
    "For Commercial Purposes",
    "Objective for Processing",
    "Processing Activities",
    "Expected Output",
    "Expected Measurable Benefits",
    "Yielded Benefits",
]
DATASET_HEADER = [
    "Reference Number",
    "Dataset",
    "Type of Data",
    "Sensitive or Non-Sensitive",
    "Frequency",
    "Legal Basis for Provision of Data",
    "Common Law Duty of Confidentiality",
]
RELEASE_HEADER = [
    "File Reference",
    "Reference Number",
    "Dataset",
    "Type of Data",
    "Sensitive or Non-Sensitive",
    "Patient Opt-Outs Applied",
    "Legal Basis for Provision of Data",
    "Frequency",
    "Month File Released",
]
HEADERS = {"Agreements": AGREEMENT_HEADER, "Datasets": DATASET_HEADER, "DataReleases": RELEASE_HEADER}


def agreement(reference: str, **fields: Any) -> dict[str, Any]:
    """An Agreements row with plausible defaults; pass header names as keyword-friendly keys."""
    row = {
        "Reference Number": reference,
        "Application Title": "A study of outcomes",
        "Applicant Organisation": "UNIVERSITY OF EXAMPLE",
        "Applicant Organisation Type": "Academic",
        "Data Controller(s)": "UNIVERSITY OF EXAMPLE",
        "Sole/Joint Data Controller": "Sole Data Controller",
        "DSA Start Date": dt.datetime(2024, 1, 1),
        "DSA End Date": dt.datetime(2027, 12, 31),
        "Does Sublicensing Apply": "No",
        "For Commercial Purposes": "No",
        "Objective for Processing": "To study outcomes.",
        "Processing Activities": "Analysis in a secure environment.",
        "Expected Output": "Papers.",
        "Expected Measurable Benefits": "Better care.",
        "Yielded Benefits": "",
    }
    row.update({_header(k): v for k, v in fields.items()})
    return row


def dataset(
    reference: str, name: str = "Hospital Episode Statistics Admitted Patient Care (HES APC)", **fields: Any
) -> dict[str, Any]:
    row = {
        "Reference Number": reference,
        "Dataset": name,
        "Type of Data": "Pseudonymised",
        "Sensitive or Non-Sensitive": "Non-Sensitive",
        "Frequency": "One-Off",
        "Legal Basis for Provision of Data": "Health and Social Care Act 2012 – s261(2)(b)(ii)",
        "Common Law Duty of Confidentiality": "Does not include the flow of confidential data",
    }
    row.update({_header(k): v for k, v in fields.items()})
    return row


def release(
    reference: str,
    file_reference: str,
    month: str = "Jan-25",
    name: str = "Hospital Episode Statistics Admitted Patient Care (HES APC)",
    **fields: Any,
) -> dict[str, Any]:
    row = {
        "File Reference": file_reference,
        "Reference Number": reference,
        "Dataset": name,
        "Type of Data": "Pseudonymised",
        "Sensitive or Non-Sensitive": "Non-Sensitive",
        "Patient Opt-Outs Applied": "No",
        "Legal Basis for Provision of Data": "Health and Social Care Act 2012 – s261(2)(b)(ii)",
        "Frequency": "One-Off",
        "Month File Released": month,
    }
    row.update({_header(k): v for k, v in fields.items()})
    return row


_ALIASES = {re.sub(r"[^a-z0-9]+", "_", h.lower()).strip("_"): h for header in HEADERS.values() for h in header}


def _header(key: str) -> str:
    return _ALIASES.get(key, key)


def write_register(
    path: Path,
    agreements: Iterable[dict[str, Any]],
    datasets: Iterable[dict[str, Any]] = (),
    releases: Iterable[dict[str, Any]] = (),
    headers: dict[str, list[str]] | None = None,
    sheets: dict[str, list[list[Any]]] | None = None,
) -> Path:
    """Write a register workbook. ``headers`` overrides a sheet's header row (``None`` leaves the
    sheet out); ``sheets`` adds raw sheets."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    data = {"Agreements": list(agreements), "Datasets": list(datasets), "DataReleases": list(releases)}
    for name, rows in data.items():
        if headers is not None and name in headers and headers[name] is None:
            continue  # leave the sheet out
        sheet = book.create_sheet(name)
        default = HEADERS[name]
        header = (headers or {}).get(name) or default
        sheet.append(header)
        for row in rows:
            if row is None:
                sheet.append([])
                continue
            # Values are taken by header, compared without case or spacing, so a test can rename,
            # reorder or restyle headers and keep its rows.
            by_key = {" ".join(str(k).split()).casefold(): v for k, v in row.items()}
            values = [by_key.get(" ".join(h.split()).casefold()) for h in header]
            sheet.append(values)
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "DD/MM/YYYY"
    for name, rows in (sheets or {}).items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def rewrite_workbook(path: Path, out: Path, old: bytes, new: bytes, member: str = "") -> Path:
    """``path`` copied to ``out`` with ``old`` replaced by ``new`` in its XML (in ``member`` only,
    if given): for what openpyxl will not write, such as a cell over Excel's limit. Fails if
    ``old`` is not there."""
    found = False
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if old in data and item.filename == (member or item.filename):
                data, found = data.replace(old, new), True
            dst.writestr(item, data)
    assert found, f"{old!r} is not in {path.name}"
    return out


def sample_rows() -> dict[str, list[dict[str, Any]]]:
    """The real sample's three sheets as lists of row dicts (header → value), dates as datetimes."""
    book = python_calamine.CalamineWorkbook.from_path(str(SAMPLE))
    out: dict[str, list[dict[str, Any]]] = {}
    for name in HEADERS:
        rows = book.get_sheet_by_name(name).to_python()
        header = [str(h) for h in rows[0]]
        out[name] = []
        for row in rows[1:]:
            values = {}
            for h, v in zip(header, row, strict=False):
                if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
                    v = dt.datetime(v.year, v.month, v.day)
                values[h] = v
            out[name].append(values)
    return out


@functools.cache
def _sample() -> dict[str, list[dict[str, Any]]]:
    return sample_rows()


def noisy(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Typographic noise only: none of it is a change."""
    out = copy.deepcopy(rows)
    for sheet in out.values():
        for row in sheet:
            for key, value in row.items():
                if isinstance(value, str) and key not in ("Reference Number", "File Reference"):
                    value = value.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
                    value = value.replace("\n", "\r\n").replace(" ", "  ", 1)
                    if key in ("Applicant Organisation", "Data Controller(s)"):
                        value = value.title()
                    if key == "Application Title":
                        value = value.rstrip(".") + "."
                    row[key] = value
    return out


def edited() -> dict[str, list[dict]]:
    """The real sample with six known edits, each one change in the change list."""
    base = _sample()
    rows = copy.deepcopy(base)
    agreements = rows["Agreements"]
    # 1. a new version of DARS-NIC-03398-N1D2C
    v1 = next(r for r in agreements if r["Reference Number"].startswith("DARS-NIC-03398-N1D2C"))
    agreements.append({**v1, "Reference Number": "DARS-NIC-03398-N1D2C-v9.1", "DSA End Date": dt.datetime(2028, 1, 1)})
    # 2. an end date moved without a new version
    moved = next(r for r in agreements if r["Reference Number"] == "DARS-NIC-07233-W1M2Q-v3.4")
    old_end = moved["DSA End Date"]
    moved["DSA End Date"] = old_end.replace(year=old_end.year + 1)
    # 3. a dataset added on a version
    rows["Datasets"].append(
        {
            **rows["Datasets"][0],
            "Reference Number": "DARS-NIC-09637-Y8T1N-v"
            + next(
                r["Reference Number"] for r in agreements if r["Reference Number"].startswith("DARS-NIC-09637-Y8T1N")
            ).rsplit("-v", 1)[1],
            "Dataset": "Civil Registrations of Death",
        }
    )
    # 4. an agreement removed, with its datasets and files
    gone = "DARS-NIC-03422-Y7Y0Z"
    for name in rows:
        rows[name] = [r for r in rows[name] if not r["Reference Number"].startswith(gone)]
    # 5. an agreement added
    rows["Agreements"].append(
        {
            **base["Agreements"][5],
            "Reference Number": "DARS-NIC-99999-T3ST1-v1.0",
            "Application Title": "A new study",
            "Applicant Organisation": "UNIVERSITY OF TESTING",
        }
    )
    # 6. three files released since
    rows["DataReleases"] += [
        release("DARS-NIC-07141-L2S0B-v2.6", f"NEW{i}", "Sep-26", name=base["DataReleases"][0]["Dataset"])
        for i in range(3)
    ]
    return rows


def write_sample_edition(path: Path, rows: dict[str, list[dict[str, Any]]]) -> Path:
    return write_register(path, rows["Agreements"], rows["Datasets"], rows["DataReleases"])


def make_project(
    tmp: Path, editions: dict[str, Path | dict[str, list[dict[str, Any]]]] | None = None, content: bool = False
) -> tuple[Path, Path]:
    """A data folder with the Data Uses Register definition and the given editions
    (a path to copy, or rows to write); returns (data dir, content dir)."""
    data = tmp / "data"
    folder = data / "data-uses-register"
    folder.mkdir(parents=True, exist_ok=True)
    # The shipped definition, without its notes about the shipped editions.
    definition = DEFINITION.read_text(encoding="utf-8").split("\n[editions.", 1)[0]
    (folder / "register.toml").write_text(definition, encoding="utf-8")
    for month, source in (editions or {"2026-09": SAMPLE}).items():
        target = folder / f"{month}.xlsx"
        if isinstance(source, Path):
            shutil.copyfile(source, target)
        else:
            write_sample_edition(target, source)
    content_dir = tmp / "content"
    if content:
        shutil.copytree(ROOT / "content", content_dir)
    else:
        content_dir.mkdir(exist_ok=True)
    return data, content_dir


UCL = "UNIVERSITY COLLEGE LONDON (UCL)"
HES_OP = "Hospital Episode Statistics Outpatients (HES OP)"


def relabelled() -> dict[str, list[dict]]:
    """The sample with two register-wide relabels (UCL renamed wherever it is a controller or the
    applicant; HES OP renamed on every version and file), plus one edit made in only two agreements."""
    rows = copy.deepcopy(sample_rows())
    for row in rows["Agreements"]:
        for key in ("Data Controller(s)", "Applicant Organisation"):
            row[key] = (row[key] or "").replace(UCL, "UCL (University College London)")
    for row in rows["Datasets"] + rows["DataReleases"]:
        if row["Dataset"] == HES_OP:
            row["Dataset"] = "HES Outpatients"
    firsts = {r["Reference Number"].rsplit("-v", 1)[0]: r for r in rows["Agreements"]}
    for row in [firsts[base] for base in sorted(firsts)[:2]]:  # the last version of two agreements
        row["For Commercial Purposes"] = "Yes" if row["For Commercial Purposes"] == "No" else "No"
    return rows


def agreements_with(rows: dict[str, list[dict]], sheet: str, key: str, text: str) -> set[str]:
    return {r["Reference Number"].rsplit("-v", 1)[0] for r in rows[sheet] if text in (r[key] or "")}


# Words far into long agreements of the shipped sample (past the 3,000 characters the offline
# search once kept): the mirror's search must find them.
DEEP_WORDS = [("competent", "agreements/dars-nic-00574-v2h1f/"), ("invitees", "agreements/dars-nic-108098-d2l3v/")]


def plain_cells(html: str) -> str:
    """A table's HTML without the labels a stacked (responsive) table gives each cell for phones,
    and without the span around a labelled value: the cells as a desktop reader meets them."""
    html = re.sub(r' data-label="[^"]*"', "", html)
    return re.sub(r"<span>(.*?)</span>", r"\1", html)


def definition(text: str, report: Report | None = None) -> RegisterDefinition:
    """A register definition from its text; it must load without errors."""
    report = report or Report()
    loaded = load_definition_text(text, report)
    assert loaded is not None, [str(e) for e in report.errors]
    return loaded


def load_definition_text(text: str, report: Report) -> RegisterDefinition | None:
    """A register definition (register.toml text) loaded as the build loads one."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register.toml"
        path.write_text(text, "utf-8")
        return load_definition(path, "releases", report, "data/releases/register.toml")


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """An .xlsx of raw sheets (name → rows), nothing assumed of their layout."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def messages(parsed: ParsedEdition, level: str | None = None) -> list[str]:
    """An edition's diagnostics as text, those of one level (``"error"``…) if given."""
    return [str(d) for d in parsed.diagnostics if level is None or d.level.value == level]
