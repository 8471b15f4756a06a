#!/usr/bin/env python3
"""Write the illustrative sample editions of the registers we have no real file for.

NHS England publishes these registers as PDFs or not at all in a form we could ship, so
each sample is written here: plausible columns from what NHS England's pages describe,
organisation and dataset names taken from the real Data Uses Register sample (so that
organisation pages link across registers), and invented rows. Every page of these
registers says they are illustrative (register.toml: illustrative = true).

Usage: python scripts/make_samples.py   (deterministic: the same bytes every run)
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import python_calamine
from workbooks import save

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SAMPLE = DATA / "data-uses-register" / "2026-09.xlsx"


def real_names() -> tuple[list[str], list[str], list[str]]:
    """Organisations, datasets and references from the real sample."""
    book = python_calamine.CalamineWorkbook.from_path(str(SAMPLE))
    agreements = book.get_sheet_by_name("Agreements").to_python()[1:]
    datasets = book.get_sheet_by_name("Datasets").to_python()[1:]
    orgs = sorted({str(r[2]) for r in agreements})
    names = sorted({str(r[1]) for r in datasets})
    references = sorted({str(r[0]).rsplit("-v", 1)[0] for r in agreements})
    return orgs, names, references


def month(rng: random.Random, start: tuple[int, int], end: tuple[int, int]) -> str:
    span = (end[0] - start[0]) * 12 + end[1] - start[1]
    y, m = divmod(start[0] * 12 + start[1] - 1 + rng.randint(0, span), 12)
    return f"{['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m]}-{y % 100:02d}"


def day(rng: random.Random, start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, days))


def main() -> int:
    rng = random.Random(2026)
    orgs, datasets, references = real_names()
    stamp = dt.datetime(2026, 9, 1)
    # One generator drawn from in this order: each register's rows keep their bytes.
    written = {"data-sharing-framework-contracts/2026-09.xlsx": ({"DSFC holders": contracts(rng, orgs)}, stamp)}
    retired_back_office(rng, orgs)
    written["ndrs-data-releases/2026-09.xlsx"] = ({"NDRS Releases": ndrs_releases(rng, orgs, references)}, stamp)
    written["covid-19-data-releases/2021-03.xlsx"] = (
        {"COVID-19 releases": covid_releases(rng, orgs, datasets)},
        dt.datetime(2021, 3, 1),
    )
    written["internal-data-flow-record/2026-09.xlsx"] = ({"Internal flows": internal_flows(rng, datasets)}, stamp)

    for name, (sheets, when) in written.items():
        save(sheets, DATA / name, when)
        print(f"wrote data/{name}")
    return 0


def contracts(rng: random.Random, orgs: list[str]) -> list[list[object]]:
    """The Data Sharing Framework Contracts: one per organisation."""
    rows: list[list[object]] = [
        ["Organisation Name", "Organisation Code", "Contract Reference", "Contract Start Date", "Contract Expiry Date"]
    ]
    for i, org in enumerate(orgs):
        start = day(rng, dt.date(2021, 1, 1), 1400)
        rows.append(
            [
                org,
                f"{chr(65 + i % 26)}{rng.randint(100, 999)}",
                f"DSFC-{2021 + i % 5}-{1000 + i:05d}",
                start,
                start + dt.timedelta(days=3 * 365),
            ]
        )
    return rows


def retired_back_office(rng: random.Random, orgs: list[str]) -> None:
    """The National Back Office's invented rows, drawn and dropped.

    They were retired when its real 2017 tab shipped (data/national-back-office/2017-11.xlsx);
    they are still drawn so that the samples after them keep their bytes.
    """
    services = ["Tracing service", "Demographics Batch Service Bureau"]
    purposes = [
        "To confirm whether study participants are still alive before follow-up contact.",
        "To update the addresses of people invited to a screening programme.",
        "To trace NHS numbers for a cohort so records can be linked.",
    ]
    bases = [
        "Health and Social Care Act 2012 – s261(7)",
        "National Health Service Act 2006 - s251",
        "Informed patient consent",
    ]
    for _ in range(30):
        month(rng, (2026, 1), (2026, 8))
        rng.choice(orgs)
        rng.choice(services)
        rng.choice(purposes)
        rng.choice(bases)
        rng.randint(50, 250_000)


def ndrs_releases(rng: random.Random, orgs: list[str], references: list[str]) -> list[list[object]]:
    ndrs = [
        "Cancer Registration Data",
        "Congenital Anomaly Register",
        "Rare Diseases Register",
        "Systemic Anti-Cancer Therapy",
        "Radiotherapy Data Set",
    ]
    rows: list[list[object]] = [["Reference Number", "Organisation", "Dataset", "Legal Basis", "Release Date"]]
    for _ in range(18):
        rows.append(
            [
                rng.choice(references),
                rng.choice(orgs),
                rng.choice(ndrs),
                rng.choice(
                    ["Health and Social Care Act 2012 – s261(2)(b)(ii)", "National Health Service Act 2006 - s251"]
                ),
                day(rng, dt.date(2022, 6, 20), 1500),
            ]
        )
    return rows


def covid_releases(rng: random.Random, orgs: list[str], datasets: list[str]) -> list[list[object]]:
    programmes = ["COVID-19 vaccine uptake", "Shielded patients list", "COVID-19 hospital activity", "Long COVID"]
    rows: list[list[object]] = [["Organisation", "Programme", "Dataset", "Legal Basis", "Release Month"]]
    for _ in range(20):
        rows.append(
            [
                rng.choice(orgs),
                rng.choice(programmes),
                rng.choice(datasets),
                "Control of Patient Information (COPI) Regulations 2002 – Regulation 3(4)",
                month(rng, (2020, 3), (2021, 3)),
            ]
        )
    return rows


def internal_flows(rng: random.Random, datasets: list[str]) -> list[list[object]]:
    teams = [
        "Analytical Services",
        "Screening Quality Assurance",
        "Medicines Policy",
        "Urgent and Emergency Care",
        "Workforce Planning",
        "Specialised Commissioning",
    ]
    rows: list[list[object]] = [["Flow Reference", "Receiving Team", "Dataset", "Purpose", "Legal Basis", "Approved"]]
    for i in range(16):
        rows.append(
            [
                f"IDF-{2023 + i % 3}-{i + 1:04d}",
                rng.choice(teams),
                rng.choice(datasets),
                "To support the team's statutory functions with routine analysis.",
                rng.choice(
                    [
                        "NHS England's statutory functions (NHS Act 2006)",
                        "Health and Social Care Act 2012 – s254 direction",
                    ]
                ),
                day(rng, dt.date(2023, 2, 1), 1200),
            ]
        )
    return rows


if __name__ == "__main__":
    sys.exit(main())
