#!/usr/bin/env python3
"""Write the shipped derived edition, data/data-uses-register/2026-08.xlsx, from the real sample.

The real sample (2026-09) is NHS England's register; we have no earlier real edition, so
this makes one by undoing a few plausible month-on-month changes, so that the archive
and its change list have something true to show. Its archive page says it is derived
(register.toml, [editions."2026-08"]). The edits, as the 2026-09 change list reports them:

* DARS-NIC-127189-R2K8F is not in 2026-08: "added" in 2026-09;
* DARS-NIC-121483-R8P9F lacks its latest version: "new version" in 2026-09;
* DARS-NIC-07141-L2S0B v2.6 ended a year earlier: "end date changed";
* DARS-NIC-120105-F0K2L v1.4 lacks its last dataset: "dataset added";
* no file released in Aug 2026 is listed yet: "files released since";

plus typographic noise that must not count as change: curly quotes made straight, an
organisation name in other case, doubled spaces, trailing full stops, CRLF line ends.

Usage: python scripts/derive_edition.py   (deterministic: the same bytes every run)
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import python_calamine
from workbooks import save

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "data-uses-register" / "2026-09.xlsx"
TARGET = ROOT / "data" / "data-uses-register" / "2026-08.xlsx"
FIXED_TIME = dt.datetime(2026, 8, 1)


def read(path: Path) -> dict[str, list[list[object]]]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def noise(value: object) -> object:
    """Typographic differences only: the change list must ignore every one of them."""
    if not isinstance(value, str):
        return value
    text = value.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\n", "\r\n").replace(". ", ".  ", 1)
    return text


def derive(sheets: dict[str, list[list[object]]]) -> dict[str, list[list[object]]]:
    agreements, datasets, releases = (list(sheets[n]) for n in ("Agreements", "Datasets", "DataReleases"))
    a_head, d_head, r_head = agreements[0], datasets[0], releases[0]
    ref_a, ref_d, ref_r = (h.index("Reference Number") for h in (a_head, d_head, r_head))

    gone = "DARS-NIC-127189-R2K8F"
    rows = [r for r in agreements[1:] if not str(r[ref_a]).startswith(gone)]
    # The newest version of DARS-NIC-121483-R8P9F is not out yet.
    versions = sorted(
        (r[ref_a] for r in rows if str(r[ref_a]).startswith("DARS-NIC-121483-R8P9F")),
        key=lambda ref: tuple(int(p) for p in ref.rsplit("-v", 1)[1].split(".")),
    )
    newest = versions[-1]
    rows = [r for r in rows if r[ref_a] != newest]
    end = a_head.index("DSA End Date")
    applicant = a_head.index("Applicant Organisation")
    title = a_head.index("Application Title")
    out_agreements = [a_head]
    for row in rows:
        row = [noise(v) for v in row]
        if row[ref_a] == "DARS-NIC-07141-L2S0B-v2.6":
            row[end] = row[end].replace(year=row[end].year - 1)
        if row[ref_a].startswith("DARS-NIC-116738"):
            row[applicant] = row[applicant].title()  # case is not a change for a name
        if row[ref_a].startswith("DARS-NIC-03716"):
            row[title] = row[title] + "."  # nor is a trailing full stop
        out_agreements.append(row)

    keep = {r[ref_a] for r in rows}
    dropped_dataset = None
    out_datasets = [d_head]
    for row in datasets[1:]:
        if row[ref_d] not in keep:
            continue
        if row[ref_d] == "DARS-NIC-120105-F0K2L-v1.4":
            last = [r for r in datasets[1:] if r[ref_d] == row[ref_d]][-1]
            if row is last:
                dropped_dataset = row[d_head.index("Dataset")]
                continue
        out_datasets.append([noise(v) for v in row])
    month = r_head.index("Month File Released")
    name = r_head.index("Dataset")
    out_releases = [r_head] + [
        [noise(v) for v in row]
        for row in releases[1:]
        if row[ref_r] in keep
        and row[month] != "Aug-26"
        and not (row[ref_r] == "DARS-NIC-120105-F0K2L-v1.4" and row[name] == dropped_dataset)
    ]
    return {"Agreements": out_agreements, "Datasets": out_datasets, "DataReleases": out_releases}


def write(sheets: dict[str, list[list[object]]], target: Path) -> None:
    save(sheets, target, FIXED_TIME)


def main() -> int:
    write(derive(read(SOURCE)), TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
