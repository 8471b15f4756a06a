#!/usr/bin/env python3
"""Write a full-size Data Uses Register workbook for benchmarks (generated, never committed).

The workbook is shaped like NHS England's real register: the sheets Agreements, Datasets and
DataReleases with the real headers in the real order, real Excel dates (DD/MM/YYYY), release
months as text (``Jul-19``) and versioned references (``DARS-NIC-00574-V2H1F-v4.2``). At scale
1.0 it holds about 1,900 agreements, 5,500 versions, 570 organisations, 210 datasets, 20,000
Datasets rows and 148,000 released files, about 30 MB, like the real register.

The long free texts are the real sample's own paragraphs, recombined by a seeded RNG at lengths
drawn from the sample's, so pages, search indexes and downloads see realistic text (bullets,
tabs, curly quotes, URLs) rather than lorem ipsum.

Usage:
    python benchmarks/make_register.py [--out PATH] [--seed N] [--scale F] [--agreements N]

    --out         workbook to write (default benchmarks/out/register-full.xlsx)
    --seed        RNG seed (default 1); the same seed and arguments give byte-identical files
    --scale       1.0 is the full register; 0.1 a tenth of everything, for quick tests
    --agreements  number of agreements (default 1,900 x scale); the pools follow --scale

From Python (``benchmarks/`` on ``sys.path``, it is not a package):

    from make_register import make_register
    counts = make_register(Path("register.xlsx"), seed=1, scale=0.1)

The real sample is read from ``../shared/real-sample/datausesregister-sample.xlsx`` beside the
repository, or else from the repository's identical copy ``data/data-uses-register/2026-09.xlsx``.
Needs openpyxl and python-calamine only.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import random
import re
import shutil
import sys
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import python_calamine
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.xml.functions import tostring

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLES = (
    ROOT.parent / "shared" / "real-sample" / "datausesregister-sample.xlsx",
    ROOT / "data" / "data-uses-register" / "2026-09.xlsx",
)
DEFAULT_OUT = HERE / "out" / "register-full.xlsx"

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
LONG_FIELDS = AGREEMENT_HEADER[10:]
DATE_FORMAT = "DD/MM/YYYY"
CELL_LIMIT = 32_767  # Excel's characters per cell (UTF-16 code units)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LAST_MONTH = (2026, 8)  # the register's data runs to Aug-26
FIRST_DAY = dt.date(2014, 1, 1)
LAST_DAY = dt.date(2026, 8, 31)
# Fixed so the same arguments give the same bytes: openpyxl stamps "now" into docProps/core.xml
# and each zip entry otherwise.
FIXED_TIME = dt.datetime(2026, 9, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
T = TypeVar("T")

FULL = {"agreements": 1900, "organisations": 570, "datasets": 210}
# Organisations per type at scale 1.0 (sums to 570); applicants are drawn by APPLICANT_WEIGHTS.
ORG_MIX = {
    "Academic": 140,
    "NHS Trust": 150,
    "Sub ICB Location": 100,
    "Local Authority": 80,
    "Commercial": 30,
    "Research": 20,
    "Consultancy": 15,
    "Charity": 15,
    "Agency/Public Body": 10,
    "CSU": 6,
    "Ministerial Department": 4,
}
APPLICANT_WEIGHTS = {
    "Academic": 30,
    "NHS Trust": 15,
    "Sub ICB Location": 15,
    "Local Authority": 12,
    "Commercial": 6,
    "Research": 5,
    "Consultancy": 3,
    "Charity": 3,
    "Agency/Public Body": 4,
    "CSU": 5,
    "Ministerial Department": 2,
}
# Commissioning and public health applicants hold the long-running, many-dataset, many-file agreements.
COMMISSIONING = ("Sub ICB Location", "Local Authority", "CSU")
# Versions per agreement, 1..12: mean ~2.8, many with 1-2, some with 6-10.
VERSION_WEIGHTS = [40, 21, 12, 8, 5, 4, 3, 2.5, 1.8, 1.2, 0.8, 0.4]
YIELDED_BOILERPLATE = "Yielded Benefits is not a requirement for new applications."


# ---------------------------------------------------------------------------------------------
# Material from the real sample


@dataclass
class Material:
    """What the generator takes from the real sample workbook."""

    paragraphs: dict[str, list[str]]  # by long field, split on blank lines
    lengths: dict[str, list[int]]  # non-empty cell lengths by long field
    yielded: list[str]  # every Yielded Benefits cell, empty and boilerplate included
    titles: list[str]
    organisations: list[tuple[str, str]]  # (name, type), applicants and controllers
    datasets: list[str]
    attributes: list[tuple[str, str, str, str, str]]  # Datasets rows' five value columns
    path: Path = field(default=Path())


def find_sample() -> Path:
    for path in SAMPLES:
        if path.is_file():
            return path
    raise FileNotFoundError("real sample workbook not found at " + " or ".join(map(str, SAMPLES)))


def load_material(path: Path) -> Material:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name("Agreements").to_python()
    col = {name: rows[0].index(name) for name in AGREEMENT_HEADER}
    paragraphs: dict[str, list[str]] = {f: [] for f in LONG_FIELDS}
    lengths: dict[str, list[int]] = {f: [] for f in LONG_FIELDS}
    seen: set[str] = set()
    titles: list[str] = []
    organisations: dict[str, str] = {}
    for row in rows[1:]:
        for f in LONG_FIELDS:
            text = str(row[col[f]] or "")
            if text:
                lengths[f].append(len(text))
            # A line of only spaces or tabs counts as blank, as it does to a reader.
            for p in re.split(r"\n[ \t]*\n", text):
                p = p.strip("\n")
                if p.strip() and p not in seen:  # versions repeat text: keep one copy
                    seen.add(p)
                    paragraphs[f].append(p)
        if row[col["Application Title"]] not in titles:
            titles.append(str(row[col["Application Title"]]))
        organisations.setdefault(str(row[col["Applicant Organisation"]]), str(row[col["Applicant Organisation Type"]]))
    for row in rows[1:]:
        # Controllers are joined with ", " and names may hold ", " too: match known names first.
        for name in split_controllers(str(row[col["Data Controller(s)"]]), list(organisations)):
            organisations.setdefault(name, infer_type(name))
    yielded = [str(r[col["Yielded Benefits"]] or "") for r in rows[1:]]
    ds = book.get_sheet_by_name("Datasets").to_python()
    dcol = [ds[0].index(h) for h in DATASET_HEADER]
    names: list[str] = []
    attributes = []
    for r in ds[1:]:
        if r[dcol[1]] not in names:
            names.append(str(r[dcol[1]]))
        attributes.append(tuple(str(r[i] or "") for i in dcol[2:]))
    return Material(
        paragraphs=paragraphs,
        lengths={f: sorted(v) for f, v in lengths.items()},
        yielded=yielded,
        titles=titles,
        organisations=sorted(organisations.items()),
        datasets=names,
        attributes=attributes,  # type: ignore[arg-type]
        path=path,
    )


def split_controllers(cell: str, known: list[str]) -> list[str]:
    names = []
    rest = cell
    while rest:
        match = next((k for k in sorted(known, key=len, reverse=True) if rest.startswith(k)), None)
        name = match or rest.split(", ")[0]
        names.append(name)
        rest = rest[len(name) :].removeprefix(", ")
    return names


def infer_type(name: str) -> str:
    if any(w in name for w in ("UNIVERSITY", "COLLEGE", "SCHOOL")) and "NHS" not in name:
        return "Academic"
    if "NHS" in name and "TRUST" in name:
        return "NHS Trust"
    if " ICB - " in name:
        return "Sub ICB Location"
    if "COUNCIL" in name:
        return "Local Authority"
    return "Agency/Public Body"


# ---------------------------------------------------------------------------------------------
# Names: organisations, datasets, titles

PLACES = [
    "LEEDS",
    "BRADFORD",
    "SHEFFIELD",
    "MANCHESTER",
    "LIVERPOOL",
    "BIRMINGHAM",
    "COVENTRY",
    "LEICESTER",
    "NOTTINGHAM",
    "DERBY",
    "STOKE",
    "WOLVERHAMPTON",
    "WALSALL",
    "DUDLEY",
    "BRISTOL",
    "PLYMOUTH",
    "EXETER",
    "TORBAY",
    "CORNWALL",
    "DORSET",
    "SOMERSET",
    "WILTSHIRE",
    "GLOUCESTERSHIRE",
    "OXFORD",
    "READING",
    "MILTON KEYNES",
    "BEDFORD",
    "LUTON",
    "CAMBRIDGE",
    "PETERBOROUGH",
    "NORFOLK",
    "NORWICH",
    "IPSWICH",
    "COLCHESTER",
    "SOUTHEND",
    "BASILDON",
    "KENT",
    "MEDWAY",
    "BRIGHTON",
    "SUSSEX",
    "SURREY",
    "PORTSMOUTH",
    "SOUTHAMPTON",
    "WINCHESTER",
    "ISLE OF WIGHT",
    "LINCOLN",
    "GRIMSBY",
    "HULL",
    "YORK",
    "HARROGATE",
    "SCARBOROUGH",
    "DONCASTER",
    "ROTHERHAM",
    "BARNSLEY",
    "WAKEFIELD",
    "HUDDERSFIELD",
    "CALDERDALE",
    "BOLTON",
    "BURY",
    "ROCHDALE",
    "OLDHAM",
    "STOCKPORT",
    "TAMESIDE",
    "WIGAN",
    "SALFORD",
    "BLACKPOOL",
    "PRESTON",
    "LANCASHIRE",
    "CUMBRIA",
    "CARLISLE",
    "DURHAM",
    "SUNDERLAND",
    "GATESHEAD",
    "NEWCASTLE",
    "NORTHUMBRIA",
    "TEESSIDE",
    "MIDDLESBROUGH",
    "CHESTER",
    "WARRINGTON",
    "WIRRAL",
    "STAFFORDSHIRE",
    "SHROPSHIRE",
    "HEREFORD",
    "WORCESTERSHIRE",
    "NORTHAMPTON",
    "KETTERING",
    "CROYDON",
    "LEWISHAM",
    "HOMERTON",
    "BARNET",
    "EALING",
    "HILLINGDON",
    "KINGSTON",
    "SUTTON",
    "WHITTINGTON",
    "BARKING",
]
LONDON_BOROUGHS = [
    "BARNET",
    "BRENT",
    "BROMLEY",
    "CAMDEN",
    "CROYDON",
    "EALING",
    "ENFIELD",
    "GREENWICH",
    "HACKNEY",
    "HAMMERSMITH AND FULHAM",
    "HARINGEY",
    "HARROW",
    "HAVERING",
    "HILLINGDON",
    "HOUNSLOW",
    "ISLINGTON",
    "LAMBETH",
    "LEWISHAM",
    "MERTON",
    "NEWHAM",
    "REDBRIDGE",
    "RICHMOND UPON THAMES",
    "SOUTHWARK",
    "SUTTON",
    "TOWER HAMLETS",
    "WALTHAM FOREST",
    "WANDSWORTH",
    "BEXLEY",
    "BARKING AND DAGENHAM",
]
ICBS = [
    "BATH AND NORTH EAST SOMERSET, SWINDON AND WILTSHIRE",
    "BEDFORDSHIRE, LUTON AND MILTON KEYNES",
    "BIRMINGHAM AND SOLIHULL",
    "BLACK COUNTRY",
    "BRISTOL, NORTH SOMERSET AND SOUTH GLOUCESTERSHIRE",
    "BUCKINGHAMSHIRE, OXFORDSHIRE AND BERKSHIRE WEST",
    "CAMBRIDGESHIRE AND PETERBOROUGH",
    "CHESHIRE AND MERSEYSIDE",
    "CORNWALL AND THE ISLES OF SCILLY",
    "COVENTRY AND WARWICKSHIRE",
    "DERBY AND DERBYSHIRE",
    "DEVON",
    "DORSET",
    "FRIMLEY",
    "GLOUCESTERSHIRE",
    "GREATER MANCHESTER",
    "HAMPSHIRE AND ISLE OF WIGHT",
    "HEREFORDSHIRE AND WORCESTERSHIRE",
    "HERTFORDSHIRE AND WEST ESSEX",
    "HUMBER AND NORTH YORKSHIRE",
    "KENT AND MEDWAY",
    "LANCASHIRE AND SOUTH CUMBRIA",
    "LEICESTER, LEICESTERSHIRE AND RUTLAND",
    "LINCOLNSHIRE",
    "MID AND SOUTH ESSEX",
    "NORFOLK AND WAVENEY",
    "NORTH CENTRAL LONDON",
    "NORTH EAST AND NORTH CUMBRIA",
    "NORTH EAST LONDON",
    "NORTH WEST LONDON",
    "NORTHAMPTONSHIRE",
    "NOTTINGHAM AND NOTTINGHAMSHIRE",
    "SHROPSHIRE, TELFORD AND WREKIN",
    "SOMERSET",
    "SOUTH EAST LONDON",
    "SOUTH WEST LONDON",
    "SOUTH YORKSHIRE",
    "STAFFORDSHIRE AND STOKE-ON-TRENT",
    "SUFFOLK AND NORTH EAST ESSEX",
    "SURREY HEARTLANDS",
    "SUSSEX",
    "WEST YORKSHIRE",
]
FIXED_ORGS: dict[str, list[str]] = {
    "Academic": [
        "IMPERIAL COLLEGE LONDON",
        "LONDON SCHOOL OF ECONOMICS AND POLITICAL SCIENCE",
        "CITY, UNIVERSITY OF LONDON",
        "ST GEORGE'S, UNIVERSITY OF LONDON",
        "QUEEN’S UNIVERSITY BELFAST",
        "ROYAL HOLLOWAY, UNIVERSITY OF LONDON",
        "BIRKBECK, UNIVERSITY OF LONDON",
        "UNIVERSITY OF THE WEST OF ENGLAND (UWE)",
        "THE OPEN UNIVERSITY",
        "LIVERPOOL SCHOOL OF TROPICAL MEDICINE",
        "BRIGHTON AND SUSSEX MEDICAL SCHOOL",
        "HULL YORK MEDICAL SCHOOL",
        "QUEEN MARY UNIVERSITY OF LONDON",
        "UNIVERSITY OF EAST ANGLIA (UEA)",
        "SWANSEA UNIVERSITY",
        "CARDIFF UNIVERSITY",
        "KEELE UNIVERSITY",
        "LOUGHBOROUGH UNIVERSITY",
        "LANCASTER UNIVERSITY",
        "ASTON UNIVERSITY",
        "BRUNEL UNIVERSITY LONDON",
        "OXFORD BROOKES UNIVERSITY",
        "SHEFFIELD HALLAM UNIVERSITY",
        "MANCHESTER METROPOLITAN UNIVERSITY",
        "LIVERPOOL JOHN MOORES UNIVERSITY",
        "NOTTINGHAM TRENT UNIVERSITY",
        "DE MONTFORT UNIVERSITY",
        "ANGLIA RUSKIN UNIVERSITY",
        "UNIVERSITY OF ST ANDREWS",
        "UNIVERSITY OF EDINBURGH",
        "UNIVERSITY OF GLASGOW",
    ],
    "NHS Trust": [
        "GUY'S AND ST THOMAS' NHS FOUNDATION TRUST",
        "KING’S COLLEGE HOSPITAL NHS FOUNDATION TRUST",
        "THE QUEEN ELIZABETH HOSPITAL, KING'S LYNN, NHS FOUNDATION TRUST",
        "GREAT ORMOND STREET HOSPITAL FOR CHILDREN NHS FOUNDATION TRUST",
        "MOORFIELDS EYE HOSPITAL NHS FOUNDATION TRUST",
        "THE ROYAL MARSDEN NHS FOUNDATION TRUST",
        "ST GEORGE’S UNIVERSITY HOSPITALS NHS FOUNDATION TRUST",
        "BIRMINGHAM WOMEN'S AND CHILDREN'S NHS FOUNDATION TRUST",
        "ALDER HEY CHILDREN’S NHS FOUNDATION TRUST",
        "SOUTH LONDON AND MAUDSLEY NHS FOUNDATION TRUST (SLAM)",
        "TAVISTOCK AND PORTMAN NHS FOUNDATION TRUST",
        "THE NEWCASTLE UPON TYNE HOSPITALS NHS FOUNDATION TRUST",
        "BARTS HEALTH NHS TRUST",
        "IMPERIAL COLLEGE HEALTHCARE NHS TRUST",
        "THE CHRISTIE NHS FOUNDATION TRUST",
    ],
    "Research": [
        "MEDICAL RESEARCH COUNCIL (MRC)",
        "NATIONAL INSTITUTE FOR HEALTH AND CARE RESEARCH (NIHR)",
        "INSTITUTE OF CANCER RESEARCH",
        "THE HEALTH FOUNDATION",
        "NUFFIELD TRUST",
        "INSTITUTE FOR FISCAL STUDIES",
        "WELLCOME SANGER INSTITUTE",
        "NATIONAL CENTRE FOR SOCIAL RESEARCH (NATCEN)",
        "THE KING’S FUND",
    ],
    "Agency/Public Body": [
        "UK HEALTH SECURITY AGENCY",
        "OFFICE FOR NATIONAL STATISTICS",
        "CARE QUALITY COMMISSION",
        "NATIONAL INSTITUTE FOR HEALTH AND CARE EXCELLENCE (NICE)",
        "HEALTH RESEARCH AUTHORITY",
        "MEDICINES AND HEALTHCARE PRODUCTS REGULATORY AGENCY",
        "NHS RESOLUTION",
        "PUBLIC HEALTH SCOTLAND",
        "NHS BUSINESS SERVICES AUTHORITY",
        "HEALTH EDUCATION ENGLAND",
    ],
    "CSU": [
        "NHS MIDLANDS AND LANCASHIRE COMMISSIONING SUPPORT UNIT",
        "NHS NORTH OF ENGLAND COMMISSIONING SUPPORT UNIT (NECS)",
        "NHS ARDEN AND GREATER EAST MIDLANDS COMMISSIONING SUPPORT UNIT",
        "NHS SOUTH, CENTRAL AND WEST COMMISSIONING SUPPORT UNIT",
        "NHS NORTH EAST LONDON COMMISSIONING SUPPORT UNIT",
        "NHS SOUTH EAST COMMISSIONING SUPPORT UNIT",
    ],
    "Ministerial Department": [
        "HOME OFFICE",
        "DEPARTMENT FOR WORK AND PENSIONS",
        "DEPARTMENT FOR EDUCATION",
        "MINISTRY OF JUSTICE",
        "MINISTRY OF DEFENCE",
        "CABINET OFFICE",
    ],
    "Local Authority": [
        "ROYAL BOROUGH OF KENSINGTON AND CHELSEA",
        "COUNCIL OF THE ISLES OF SCILLY",
        "BRIGHTON AND HOVE CITY COUNCIL",
        "CITY OF YORK COUNCIL",
        "KINGSTON UPON HULL CITY COUNCIL",
        "STOKE-ON-TRENT CITY COUNCIL",
        "BATH AND NORTH EAST SOMERSET COUNCIL",
    ],
}
BRANDS = [
    "ACORN",
    "APEX",
    "BEACON",
    "BRIGHTWATER",
    "CEDAR",
    "CLARITY",
    "COMPASS",
    "CORNERSTONE",
    "DATALINE",
    "HARBOUR",
    "HORIZON",
    "KESTREL",
    "LANTERN",
    "MERIDIAN",
    "NORTHSTAR",
    "OAKTREE",
    "OPTIMUM",
    "PINNACLE",
    "QUANTA",
    "SENTINEL",
    "SUMMIT",
    "TALON",
    "VANGUARD",
    "WILLOW",
    "ASPEN",
    "FALCON",
    "HALCYON",
    "SOLENT",
]
SURNAMES = [
    "WILSON",
    "HARGREAVES",
    "PATEL",
    "OKAFOR",
    "MCALLISTER",
    "O'NEILL",
    "KHAN",
    "BENNETT",
    "FLETCHER",
    "DAVIES",
    "MORGAN",
    "CHAUDHRY",
    "ROBERTSON",
    "HUGHES",
    "ASHWORTH",
    "LINDQVIST",
    "O’BRIEN",
    "STEWART",
]
SAINTS = ["LUKE", "JOHN", "MARY", "CATHERINE", "MICHAEL", "ANN", "GILES", "BARNABAS", "CHRISTOPHER", "WILFRID"]


def _apostrophes(rng: random.Random, name: str) -> str:
    # The register mixes straight and curly apostrophes, even within one cell.
    return name.replace("'", "\u2019") if rng.random() < 0.35 else name


def _icb_code(rng: random.Random) -> str:
    if rng.random() < 0.75:  # most sub ICB locations keep a former CCG code: 92G, 78H, 99A
        return f"{rng.randrange(100):02d}{rng.choice('ABCDEFGHJKLMNPQRTVWXY')}"
    letters, digits = "ABCDEFGHJKLMNPQRSTUVWXYZ", "0123456789"
    return "".join(rng.choice(letters if i % 2 == 0 else digits) for i in range(5))  # like M2L0M


def _generated_org(rng: random.Random, kind: str) -> str:
    p, q = rng.choice(PLACES), rng.choice(PLACES)
    return _public_org(rng, kind, p, q) or _independent_org(rng, kind, p)


def _public_org(rng: random.Random, kind: str, p: str, q: str) -> str | None:
    """A university, NHS body or council's name; None for any other kind."""
    if kind == "Academic":
        return rng.choice(
            [f"UNIVERSITY OF {p}", f"{p} UNIVERSITY", f"UNIVERSITY OF {p} AND {q}", f"{p} METROPOLITAN UNIVERSITY"]
        )
    if kind == "NHS Trust":
        return rng.choice(
            [
                f"{p} TEACHING HOSPITALS NHS FOUNDATION TRUST",
                f"{p} HOSPITALS NHS FOUNDATION TRUST",
                f"{p} HOSPITALS NHS TRUST",
                f"{p} NHS FOUNDATION TRUST",
                f"{p} PARTNERSHIP NHS FOUNDATION TRUST",
                f"{p} COMMUNITY HEALTHCARE NHS TRUST",
                f"{p} HEALTH AND CARE NHS FOUNDATION TRUST",
                f"UNIVERSITY HOSPITALS OF {p} NHS FOUNDATION TRUST",
                f"{p} AND {q} NHS FOUNDATION TRUST",
                f"{p} CHILDREN'S HOSPITAL NHS FOUNDATION TRUST",
                f"{p} WOMEN'S NHS FOUNDATION TRUST",
            ]
        )
    if kind == "Sub ICB Location":
        return f"NHS {rng.choice(ICBS)} ICB - {_icb_code(rng)}"
    if kind == "Local Authority":
        return rng.choice(
            [
                f"{p} CITY COUNCIL",
                f"{p} COUNTY COUNCIL",
                f"{p} METROPOLITAN BOROUGH COUNCIL",
                f"{p} BOROUGH COUNCIL",
                f"LONDON BOROUGH OF {rng.choice(LONDON_BOROUGHS)}",
                f"{p} COUNCIL",
            ]
        )
    return None


def _independent_org(rng: random.Random, kind: str, p: str) -> str:
    """A company, consultancy, charity, research institute, CSU or department's name."""
    if kind == "Commercial":
        suffix = rng.choice(["LTD", "LIMITED", "UK LIMITED", "(UK) LTD", "PLC", "LLP"])
        trade = rng.choice(
            ["HEALTH ANALYTICS", "OUTCOMES RESEARCH", "DATA SCIENCE", "INSIGHT", "INFORMATICS", "LIFE SCIENCES"]
        )
        return f"{rng.choice(BRANDS)} {trade} {suffix}"
    if kind == "Consultancy":
        a, b = rng.choice(SURNAMES), rng.choice(SURNAMES)
        return rng.choice(
            [f"{a} ASSOCIATES LLP", f"{a} & {b} CONSULTING LTD", f"{rng.choice(BRANDS)} HEALTHCARE CONSULTING LTD"]
        )
    if kind == "Charity":
        return rng.choice(
            [
                f"ST {rng.choice(SAINTS)}'S HOSPICE",
                f"THE {rng.choice(BRANDS)} FOUNDATION",
                f"{p} CANCER RESEARCH TRUST",
                f"{rng.choice(BRANDS)} HEART RESEARCH",
                f"{p} CHILDREN'S CHARITY",
            ]
        )
    if kind == "Research":
        return rng.choice([f"{p} INSTITUTE OF HEALTH RESEARCH", f"{rng.choice(BRANDS)} RESEARCH INSTITUTE"])
    if kind == "CSU":
        return f"NHS {p} COMMISSIONING SUPPORT UNIT"
    if kind == "Ministerial Department":
        return rng.choice(
            ["DEPARTMENT FOR TRANSPORT", "DEPARTMENT FOR LEVELLING UP, HOUSING AND COMMUNITIES", "HM TREASURY"]
        )
    return f"{p} HEALTH PARTNERSHIP"  # Agency/Public Body


def organisation_pool(rng: random.Random, material: Material, count: int) -> list[tuple[str, str]]:
    """``count`` distinct (name, type) pairs: all the sample's own, then fixed and generated names."""
    pool = list(material.organisations)
    names = {n for n, _ in pool}
    have = {kind: sum(1 for _, k in pool if k == kind) for kind in ORG_MIX}
    total = sum(ORG_MIX.values())
    for kind, full in ORG_MIX.items():
        want = max(1, round(full * count / total)) - have.get(kind, 0)
        fixed = [_apostrophes(rng, n) for n in FIXED_ORGS.get(kind, [])]
        rng.shuffle(fixed)
        tries = 0
        while want > 0:
            tries += 1
            name = fixed.pop() if fixed else _apostrophes(rng, _generated_org(rng, kind))
            if tries > 2000:  # very large scales exhaust the plausible combinations
                name = f"{name} ({tries})"
            if name not in names:
                names.add(name)
                pool.append((name, kind))
                want -= 1
    return pool[:count] if count >= len(material.organisations) else pool


HES = {
    "APC": "Hospital Episode Statistics Admitted Patient Care (HES APC)",
    "OP": "Hospital Episode Statistics Outpatients (HES OP)",
    "AE": "Hospital Episode Statistics Accident and Emergency (HES A and E)",
    "CC": "Hospital Episode Statistics Critical Care (HES Critical Care)",
}
EXTRA_DATASETS = [
    "Emergency Care Data Set (ECDS) - Sensitive",
    "Mental Health Services Data Set (MHSDS) v5",
    "Community Services Data Set (CSDS) v1.6",
    "Improving Access to Psychological Therapies (IAPT) v2.0",
    "NHS Talking Therapies for Anxiety and Depression",
    "Civil Registration (Deaths) - Secondary Care Cut - Information Services",
    "Civil Registration (Births)",
    "Cancer Registration Data (NDRS)",
    "Cancer Outcomes and Services Data set (COSD) (NDRS)",
    "Systemic Anti-Cancer Therapy Data Set (SACT) (NDRS)",
    "Radiotherapy Data Set (RTDS) (NDRS)",
    "National Congenital Anomaly and Rare Disease Registration Service (NCARDRS) (NDRS)",
    "Cancer Patient Experience Survey (CPES) (NDRS)",
    "Rapid Cancer Registration Data (RCRD) (NDRS)",
    "National Cancer Waiting Times Monitoring DataSet (NCWTMDS) (NDRS)",
    "Linked Cancer Waiting Times (NDRS)",
    "National Disease Registration Service - Molecular Data (NDRS)",
    "Cancer Screening Programmes (NDRS)",
    "General Practice Extraction Service (GPES) Data for Pandemic Planning and Research (GDPPR)",
    "GPES - Learning Disabilities Observatory",
    "GPES - Cardiovascular Disease Prevention Audit (CVDPREVENT)",
    "GPES - Seasonal Influenza Vaccine Uptake",
    "General Practice Data for Planning and Research (GPDPR)",
    "Secondary Uses Service (SUS) Payment by Results Admitted Patient Care",
    "Secondary Uses Service (SUS) Payment by Results Outpatients",
    "Secondary Uses Service (SUS) Payment by Results Accident and Emergency",
    "SUS+ Admitted Patient Care Episodes",
    "Diagnostic Imaging Data Set (DIDS) - Pseudonymised",
    "Maternity Services Data Set (MSDS) v2",
    "National Diabetes Audit (NDA)",
    "National Diabetes Audit - Diabetes Prevention Programme (NDPP)",
    "National Pregnancy in Diabetes Audit (NPID)",
    "National Diabetes Foot Care Audit (NDFA)",
    "Patient Reported Outcome Measures (PROMs)",
    "Patient Reported Outcome Measures (PROMs) - Linkable to HES",
    "Personal Demographics Service (PDS)",
    "Demographics",
    "MRIS - Members and Postings Report",
    "MRIS - List Cleaning Report",
    "Health Survey for England (HSE)",
    "Mental Health of Children and Young People (MHCYP) Survey",
    "COVID-19 Second Generation Surveillance System (SGSS)",
    "COVID-19 Vaccination Status",
    "COVID-19 Hospitalisation in England Surveillance System (CHESS)",
    "COVID-19 UK Non-hospital Antigen Testing Results (Pillar 2)",
    "COVID-19 Vaccination Adverse Reactions",
    "Medicines dispensed in Primary Care (NHSBSA data)",
    "Primary Care Medicines (PCM)",
    "Patient Level Information and Costing System (PLICS) Data Set",
    "Summary Hospital-level Mortality Indicator (SHMI)",
    "NHS 111 Data Set",
    "Ambulance Data Set (ADS)",
    "Waiting List Minimum Data Set (WLMDS)",
    "Children and Young People's Health Services (CYPHS) Data Set",
    "Female Genital Mutilation (FGM) Enhanced Dataset",
    "National Child Measurement Programme (NCMP)",
    "Adult Social Care Client Level Data (CLD)",
    "Learning Disabilities Health Check Scheme (LDHCS)",
    "Out of Area Placements (OAPs)",
    "Emergency Care Data Set (ECDS) - Identifiable",
    "Mental Health Services Data Set (MHSDS) - Identifiable",
    "Bridge file: Hospital Episode Statistics to Diagnostic Imaging Data Set",
    "HES-ID to MPS-ID HES Critical Care",
    "HES:Civil Registration (Deaths) bridge - Secondary Care Cut",
    "National Joint Registry (NJR) linked HES",
    "Uncurated Low Latency Hospital Data Sets - Admitted Patient Care",
    "Uncurated Low Latency Hospital Data Sets - Outpatient",
    "Uncurated Low Latency Hospital Data Sets - Critical Care",
    "Hospital Episode Statistics Admitted Patient Care (HES APC) - Psychiatric Census",
    "Hospital Episode Statistics Accident and Emergency (HES A&E) 2007/08 onwards",
    "Mental Health Minimum Data Set (MHMDS) - Identifiable",
    "Maternity Services Data Set (MSDS) - Identifiable",
    "National Cancer Patient Experience Survey (NCPES) 2015 onwards",
    "Cancer Registration Data - Pseudonymised",
]


def dataset_pool(rng: random.Random, material: Material, count: int) -> list[str]:
    """``count`` dataset names, in popularity order: HES and the sample's own first."""
    names = list(material.datasets)
    names += [f"{hes} - {y}/{(y + 1) % 100:02d}" for y in range(2008, 2024) for hes in HES.values()]
    names += EXTRA_DATASETS
    names += [f"Emergency Care Data Set (ECDS) - {y}/{(y + 1) % 100:02d}" for y in range(2017, 2025)]
    names += [f"Mental Health Services Data Set (MHSDS) - {y}/{(y + 1) % 100:02d}" for y in range(2016, 2025)]
    names = list(dict.fromkeys(names))
    head, tail = names[:12], names[12:]
    rng.shuffle(tail)  # the sample's commonest stay on top; the rest in a seeded order
    return (head + tail)[: max(1, count)]


RESEARCH_TOPICS = [
    "hip fracture",
    "type 2 diabetes",
    "childhood asthma",
    "stroke rehabilitation",
    "sepsis",
    "dementia",
    "heart failure",
    "chronic kidney disease",
    "bowel cancer screening",
    "prostate cancer",
    "self-harm",
    "multimorbidity",
    "air pollution",
    "preterm birth",
    "knee replacement",
    "COPD",
    "long COVID",
    "maternal mental health",
    "learning disabilities",
    "alcohol-related harm",
    "obesity surgery",
    "antimicrobial resistance",
    "congenital heart disease",
    "opioid prescribing",
    "frailty",
]
DESIGNS = [
    "A randomised controlled trial of",
    "Long-term follow-up of",
    "An evaluation of",
    "A national cohort study of",
    "Outcomes after",
    "Inequalities in",
    "Linking trial data to routine records for",
    "The epidemiology of",
]
POPULATIONS = [
    "adults in England",
    "children and young people",
    "older people",
    "women during pregnancy",
    "patients admitted to hospital",
    "people living in deprived areas",
]


def make_title(rng: random.Random, kind: str, applicant: str, material: Material) -> str:
    r = rng.random()
    if r < 0.12:
        return rng.choice(material.titles)
    area = rng.choice(PLACES).title()
    if kind in ("Sub ICB Location", "CSU"):
        return rng.choice(
            [
                f"DSfC - NHS {area} CCG - RS & IV",
                f"DSfC - NHS {area} CCG; RS, IV & Comm.",
                f"DSfC - NHS {area} ICB - Comm.",
                f"DSfC - {area} - Risk Stratification",
            ]
        )
    if kind == "Local Authority":
        return rng.choice(
            [
                "LAPH Standard Extract",
                f"Public Health Annual Data Extract (PHADE) - {area}",
                "LAPH Standard Extract - Mortality",
            ]
        )
    if kind in ("Commercial", "Consultancy"):
        return rng.choice(
            [
                "Financial benchmarking service",
                f"{rng.choice(BRANDS).title()} Hospital Benchmarking Tool",
                f"Real-world evidence for {rng.choice(RESEARCH_TOPICS)}",
            ]
        )
    topic, design = rng.choice(RESEARCH_TOPICS), rng.choice(DESIGNS)
    title = f"{design} {topic} in {rng.choice(POPULATIONS)}"
    if rng.random() < 0.3:
        acronym = "".join(rng.choice("ABCDEFGHIKLMNOPRSTUVW") for _ in range(rng.randint(3, 6)))
        title = f"{acronym}{'-' + str(rng.randint(2, 9)) if rng.random() < 0.3 else ''}: {title}"
    if rng.random() < 0.2:
        title = f"MR{rng.randint(1000, 1999)} - {title}"
    return title


# ---------------------------------------------------------------------------------------------
# Texts


def excel_len(text: str) -> int:
    """Length as Excel counts it: characters outside the BMP take two UTF-16 units."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF) if not text.isascii() else len(text)


def cap(text: str) -> str:
    """Cut to Excel's cell limit, as the real register's export does to its longest cells."""
    if len(text) <= CELL_LIMIT // 2:
        return text
    while excel_len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - (excel_len(text) - len(text))]
    return text


class TextMaker:
    """Long texts recombined from the sample's paragraphs at sample-like lengths."""

    def __init__(self, rng: random.Random, material: Material, stretch: float) -> None:
        self.rng = rng
        self.m = material
        self.stretch = stretch  # tuned so the default workbook is ~30 MB

    def target(self, f: str, verbosity: float) -> int:
        base = self.rng.choice(self.m.lengths[f]) if self.m.lengths[f] else 1000
        return int(base * verbosity * self.stretch * self.rng.lognormvariate(0, 0.25))

    def paragraphs(self, f: str, length: int) -> list[str]:
        pool = self.m.paragraphs[f] or self.m.paragraphs[LONG_FIELDS[0]]
        # Draw without replacement from a random start in a seeded order: no paragraph twice in a
        # cell until the pool runs out, which only the longest cells reach.
        out: list[str] = []
        total = 0
        while total < length:
            p = pool[self.rng.randrange(len(pool))]
            if p in out and len(out) < len(pool):
                continue
            out.append(p)
            total += len(p) + 2
        return out

    def yielded(self, verbosity: float) -> list[str] | str:
        like = self.rng.choice(self.m.yielded)
        if len(like) < 300:  # empty, the boilerplate, or a one-line "none to date": keep as is
            return like
        return self.paragraphs("Yielded Benefits", self.target("Yielded Benefits", verbosity))

    def edit(self, f: str, paras: list[str]) -> list[str]:
        """A later version's text: mostly the same, a paragraph or two replaced or added."""
        paras = list(paras)
        pool = self.m.paragraphs[f] or self.m.paragraphs[LONG_FIELDS[0]]
        for _ in range(self.rng.randint(1, 3)):
            new = self.rng.choice(pool)
            if paras and self.rng.random() < 0.6:
                paras[self.rng.randrange(len(paras))] = new
            else:
                paras.insert(self.rng.randint(0, len(paras)), new)
        return paras


def join(paras: list[str] | str) -> str:
    return paras if isinstance(paras, str) else cap("\n\n".join(paras))


# ---------------------------------------------------------------------------------------------
# The register


@dataclass
class Agreement:
    base: str
    applicant: str
    kind: str
    first: dt.date
    versions: int
    forced_dataset: str | None


def month_label(index: int) -> str:
    """Month index (year * 12 + month - 1) to the register's ``Jul-19``."""
    year, month0 = divmod(index, 12)
    return f"{MONTHS[month0]}-{year % 100:02d}"


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def weighted(rng: random.Random, items: Sequence[T], cum: list[float]) -> T:
    """One of ``items`` by cumulative weights (bisect: far faster than random.choices per draw)."""
    return items[bisect.bisect(cum, rng.random() * cum[-1])]


def base_reference(rng: random.Random, first: dt.date, used: set[str]) -> str:
    # NIC numbers rise with time: five digits (zero-padded) to mid-2017, six after.
    span = (LAST_DAY - FIRST_DAY).days
    t = (first - FIRST_DAY).days / span
    while True:
        if first < dt.date(2017, 7, 1):
            number = f"{min(99_999, max(1, int(t / 0.28 * 99_000) + rng.randint(-800, 800))):05d}"
        else:
            number = f"{100_000 + int((t - 0.28) / 0.72 * 650_000) + rng.randint(-3000, 3000)}"
        letters, digits = "ABCDEFGHJKLMNPQRSTVWXYZ", "0123456789"
        code = "".join(rng.choice(letters if i % 2 == 0 else digits) for i in range(5))
        reference = f"DARS-NIC-{number}-{code}"
        if number not in used:
            used.add(number)
            return reference


def plan_agreements(rng: random.Random, orgs: list[tuple[str, str]], datasets: list[str], n: int) -> list[Agreement]:
    """The agreements in the register's order (Reference Number as text), each with its applicant."""
    by_kind: dict[str, list[str]] = {}
    for name, kind in orgs:
        by_kind.setdefault(kind, []).append(name)
    kinds = [k for k in APPLICANT_WEIGHTS if k in by_kind]
    kind_cum = list(itertools.accumulate(APPLICANT_WEIGHTS[k] for k in kinds))
    # A few organisations hold many agreements (as UCL does), most hold one or two.
    name_cum = {k: list(itertools.accumulate(1 / (i + 2) for i in range(len(v)))) for k, v in by_kind.items()}
    for names in by_kind.values():
        rng.shuffle(names)
    kind_of = dict(orgs)
    # Every organisation and dataset in the pools appears at least once, at random places.
    forced_orgs = dict(zip(rng.sample(range(n), min(n, len(orgs))), [o for o, _ in orgs], strict=False))
    forced_ds = dict(zip(rng.sample(range(n), min(n, len(datasets))), datasets, strict=False))
    version_cum = list(itertools.accumulate(VERSION_WEIGHTS))
    used: set[str] = set()
    plans = []
    for i in range(n):
        if i in forced_orgs:
            applicant = forced_orgs[i]
            kind = kind_of[applicant]
        else:
            kind = weighted(rng, kinds, kind_cum)
            applicant = weighted(rng, by_kind[kind], name_cum[kind])
        versions = weighted(rng, list(range(1, len(VERSION_WEIGHTS) + 1)), version_cum)
        if kind == "Local Authority" and rng.random() < 0.4:  # annual public health renewals
            versions += rng.randint(1, 3)
        # Older agreements have had time for more versions.
        latest = LAST_DAY - dt.timedelta(days=min(3000, 200 * (versions - 1)))
        first = FIRST_DAY + dt.timedelta(days=rng.randint(0, (latest - FIRST_DAY).days))
        plans.append(Agreement(base_reference(rng, first, used), applicant, kind, first, versions, forced_ds.get(i)))
    plans.sort(key=lambda a: a.base)
    return plans


def version_numbers(rng: random.Random, count: int) -> list[str]:
    """``0.11``, ``1.4``, ``2.2``...: majors rise with each renewal, minors are drafting counts
    that pass 9, so they must be compared as numbers."""
    major = rng.choices([0, 1, 2, 3, 4, 5], weights=[35, 25, 20, 10, 6, 4])[0]
    minor = rng.randint(2, 9) if rng.random() < 0.65 else rng.randint(10, 29)
    out = [f"{major}.{minor}"]
    for _ in range(count - 1):
        if rng.random() < 0.15:  # an amendment within the same major version
            minor += rng.randint(1, 6)
        else:
            major += 1 if rng.random() < 0.9 else 2
            minor = rng.randint(1, 9) if rng.random() < 0.8 else rng.randint(10, 25)
        out.append(f"{major}.{minor}")
    return out


def version_dates(rng: random.Random, first: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """Increasing start dates, each end 1-5 years on; the next version renews the day after,
    amends before the end (overlapping) or comes after a gap. A chain that would run past
    Aug 2026 is pressed into the time left, keeping each version's length."""
    chain: list[tuple[dt.date, dt.date]] = []
    start = first
    for _ in range(count):
        years = rng.choices([1, 2, 3, 5], weights=[30, 25, 35, 10])[0]
        if rng.random() < 0.7:
            end = add_years(start, years) - dt.timedelta(days=1)
        else:
            end = start + dt.timedelta(days=rng.randint(365, 5 * 365))
        chain.append((start, end))
        r = rng.random()
        if r < 0.35:  # renewed the day after it ends
            start = end + dt.timedelta(days=1)
        elif r < 0.75:  # amended before it ends
            start = start + dt.timedelta(days=rng.randint(60, max(61, (end - start).days)))
        else:  # lapsed, then renewed
            start = end + dt.timedelta(days=rng.randint(20, 400))
    span = (chain[-1][0] - first).days
    room = (LAST_DAY - first).days
    if span > room:
        factor = room / span
        chain = [
            (new, new + (e - s))
            for s, e in chain
            for new in [first + dt.timedelta(days=int((s - first).days * factor))]
        ]
    return chain


def dataset_count(rng: random.Random, kind: str) -> int:
    r = rng.random()
    if kind in COMMISSIONING:
        r = min(0.999, r + 0.12)  # commissioning agreements carry more flows
    if r < 0.37:
        return 1
    if r < 0.59:
        return 2
    if r < 0.72:
        return 3
    if r < 0.89:
        return rng.randint(4, 6)
    if r < 0.96:
        return rng.randint(7, 15)
    return rng.randint(16, 30)


def file_count(rng: random.Random, kind: str) -> int:
    """Files released on one version: most 0-20, a few commissioning ones 200-600."""
    r = rng.random()
    if kind in COMMISSIONING:
        if r < 0.22:
            return 0
        if r < 0.58:
            return rng.randint(1, 20)
        if r < 0.89:
            return rng.randint(20, 140)
        return rng.randint(200, 600)
    if r < 0.45:
        return 0
    if r < 0.88:
        return rng.randint(1, 20)
    return rng.randint(20, 90)


FREQUENCY_WEIGHT = {"Ongoing": 4.0, "Frequent Adhoc Flow": 2.5, "System Access": 1.0, "One-Off": 0.3}


@dataclass
class Counts:
    agreements: int = 0
    versions: int = 0
    dataset_rows: int = 0
    release_rows: int = 0
    organisations: set[str] = field(default_factory=set)
    datasets: set[str] = field(default_factory=set)
    max_cell: int = 0


Attributes = tuple[str, str, str, str, str]  # a Datasets row's five value columns


def make_register(
    out: Path = DEFAULT_OUT,
    seed: int = 1,
    scale: float = 1.0,
    *,
    agreements: int | None = None,
    until: tuple[int, int] = LAST_MONTH,
    sample: Path | None = None,
) -> dict[str, int]:
    """Write the register to ``out`` and return its counts.

    ``until`` (year, month) writes the register as it stood at the end of that month: versions that
    start later and files released later are left out. Every random draw is made whatever ``until``
    is, so successive monthly editions share identical rows, as the real register's do.
    """
    started = time.perf_counter()
    material = load_material(sample or find_sample())
    rng = random.Random(seed)
    n_agreements = agreements if agreements is not None else max(1, round(FULL["agreements"] * scale))
    orgs = organisation_pool(rng, material, max(1, round(FULL["organisations"] * scale)))
    pool = dataset_pool(rng, material, max(1, round(FULL["datasets"] * scale)))
    plans = plan_agreements(rng, orgs, pool, n_agreements)
    # Made after the plans: the text maker draws from the same generator.
    writer = RegisterWriter(rng, material, pool, [o for o, _ in orgs], until)
    for plan in plans:
        writer.agreement(plan)
    counts = writer.counts

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    book = writer.book
    book.save(out)
    book.properties.modified = FIXED_TIME  # save() stamped "now" into it
    make_deterministic(out, tostring(book.properties.to_tree()))
    return {
        "agreements": counts.agreements,
        "versions": counts.versions,
        "organisations": len(counts.organisations),
        "datasets": len(counts.datasets),
        "dataset_rows": counts.dataset_rows,
        "release_rows": counts.release_rows,
        "max_cell": counts.max_cell,
        "bytes": out.stat().st_size,
        "seconds": round(time.perf_counter() - started, 1),
    }


def new_book() -> tuple[Workbook, dict[str, Any]]:
    """A write-only workbook with the three sheets, each with its bold, frozen header row."""
    book = Workbook(write_only=True)
    book.properties.creator = "benchmarks/make_register.py"
    book.properties.created = book.properties.modified = FIXED_TIME
    sheets = {}
    bold = Font(bold=True)
    for title, header in (
        ("Agreements", AGREEMENT_HEADER),
        ("Datasets", DATASET_HEADER),
        ("DataReleases", RELEASE_HEADER),
    ):
        sheet = book.create_sheet(title)
        sheet.freeze_panes = "A2"
        cells = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        sheets[title] = sheet
    return book, sheets


class RegisterWriter:
    """Writes each planned agreement's versions, their datasets and released files to the sheets.

    Every draw is made from the one generator, in the order the agreements are written, and
    whatever ``until`` is: an earlier month's register leaves rows out but draws the same.
    """

    def __init__(
        self,
        rng: random.Random,
        material: Material,
        pool: list[str],
        org_names: list[str],
        until: tuple[int, int],
    ) -> None:
        self.rng, self.material, self.pool, self.org_names = rng, material, pool, org_names
        self.pool_cum = list(itertools.accumulate(1 / (i + 3) for i in range(len(pool))))
        self.local_flows = [d for d in pool if d.endswith("-Local Provider Flows") or d == "SUS for Commissioners"]
        self.texts = TextMaker(rng, material, stretch=1.0)
        self.until_index = until[0] * 12 + until[1] - 1
        self.last_index = LAST_MONTH[0] * 12 + LAST_MONTH[1] - 1
        self.book, sheets = new_book()
        self.agreements_sheet = sheets["Agreements"]
        self.datasets_sheet = sheets["Datasets"]
        self.releases_sheet = sheets["DataReleases"]
        self.counts = Counts()
        self.file_number = 1_000_000

    def date_cell(self, day: dt.date) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.agreements_sheet, value=day)
        cell.number_format = DATE_FORMAT
        return cell

    def agreement(self, plan: Agreement) -> None:
        """One agreement: its choices kept across versions unless a version changes them."""
        rng, texts = self.rng, self.texts
        controllers = self.controllers(plan)
        joint = "Joint Data Controller" if len(controllers) > 1 else "Sole Data Controller"
        commercial_p = 0.75 if plan.kind in ("Commercial", "Consultancy") else 0.05
        commercial = "Yes" if rng.random() < commercial_p else "No"
        sublicensing = "Yes" if rng.random() < 0.03 else "No"
        title = make_title(rng, plan.kind, plan.applicant, self.material)
        verbosity = rng.lognormvariate(0, 0.45) * (2.5 if rng.random() < 0.04 else 1.0)
        body: dict[str, list[str] | str] = {
            f: texts.paragraphs(f, texts.target(f, verbosity)) for f in LONG_FIELDS[:-1]
        }
        body["Yielded Benefits"] = texts.yielded(verbosity)
        names = self.dataset_names(plan)
        attrs = {name: rng.choice(self.material.attributes) for name in names}
        duplicate = rng.random() < 0.01  # one name twice with different attributes, as the register has
        numbers = version_numbers(rng, plan.versions)
        dates = version_dates(rng, plan.first, plan.versions)
        terms = [plan.applicant, plan.kind, ", ".join(controllers), joint]
        listed = False
        for v, (number, (start, end)) in enumerate(zip(numbers, dates, strict=False)):
            reference = f"{plan.base}-v{number}"
            if v:
                self.amend(body, names, attrs)
            version_title = title.replace(" ", "  ", 1) if v and rng.random() < 0.02 else title
            published = start.year * 12 + start.month - 1 <= self.until_index
            if published:
                listed = True
                values = [join(body[f]) for f in LONG_FIELDS]
                self.counts.max_cell = max(self.counts.max_cell, *map(len, values))
                self.agreements_sheet.append(
                    [
                        reference,
                        version_title,
                        *terms,
                        self.date_cell(start),
                        self.date_cell(end),
                        sublicensing,
                        commercial,
                        *values,
                    ]
                )
                self.counts.versions += 1
                self.counts.organisations.update([plan.applicant, *controllers])
            self.dataset_rows(reference, names, attrs, duplicate, published)
            self.releases(plan, reference, names, attrs, (start, end), published)
        self.counts.agreements += listed

    def controllers(self, plan: Agreement) -> list[str]:
        """The agreement's data controllers: mostly the applicant alone."""
        rng = self.rng
        controllers = [plan.applicant]
        if rng.random() < 0.15:  # joint controllers, sometimes without the applicant
            controllers += rng.sample(self.org_names, rng.randint(1, 2))
            if rng.random() < 0.15:
                controllers.remove(plan.applicant)
        elif rng.random() < 0.04:  # a sole controller other than the applicant (CPRD for DHSC)
            controllers = [rng.choice(self.org_names)]
        return sorted(set(controllers))

    def dataset_names(self, plan: Agreement) -> list[str]:
        """The first version's datasets."""
        rng = self.rng
        names: list[str] = []
        k = dataset_count(rng, plan.kind)
        if plan.kind in COMMISSIONING and k >= 10 and self.local_flows:
            names = self.local_flows[: k - 2]  # a DSfC agreement: the Local Provider Flows and SUS
        if plan.forced_dataset and plan.forced_dataset not in names:
            names.append(plan.forced_dataset)
        while len(names) < min(k, len(self.pool)):
            name = weighted(rng, self.pool, self.pool_cum)
            if name not in names:
                names.append(name)
        return names

    def amend(self, body: dict[str, list[str] | str], names: list[str], attrs: dict[str, Attributes]) -> None:
        """A later version: some long texts edited, a dataset sometimes added or dropped."""
        rng = self.rng
        for f in LONG_FIELDS:
            if rng.random() < 0.45 and isinstance(body[f], list):
                body[f] = self.texts.edit(f, body[f])  # type: ignore[arg-type]
        if rng.random() < 0.25:
            extra = weighted(rng, self.pool, self.pool_cum)
            if extra not in attrs:
                names.append(extra)
                attrs[extra] = rng.choice(self.material.attributes)
        if len(names) > 1 and rng.random() < 0.12:
            names.remove(names[rng.randrange(len(names))])

    def dataset_rows(
        self, reference: str, names: list[str], attrs: dict[str, Attributes], duplicate: bool, published: bool
    ) -> None:
        rows = [(name, attrs[name]) for name in names]
        if duplicate and rows:
            name, (kind_of_data, *rest) = rows[0]
            other = "Identifiable" if kind_of_data != "Identifiable" else "Anonymised - ICO Code Compliant"
            rows.append((name, (other, *rest)))  # type: ignore[arg-type]
        for name, a in rows:
            if published:
                self.datasets_sheet.append([reference, name, *a])
                self.counts.dataset_rows += 1
                self.counts.datasets.add(name)

    def releases(
        self,
        plan: Agreement,
        reference: str,
        names: list[str],
        attrs: dict[str, Attributes],
        dates: tuple[dt.date, dt.date],
        published: bool,
    ) -> None:
        """Released files: only for this version's datasets, within its dates, to Aug-26."""
        rng = self.rng
        start, end = dates
        files = file_count(rng, plan.kind)
        first_m = start.year * 12 + start.month - 1
        last_m = min(end.year * 12 + end.month - 1, self.last_index)
        if not files or last_m < first_m or not names:
            return
        cum = list(itertools.accumulate(FREQUENCY_WEIGHT.get(attrs[n][2], 1.0) * rng.random() + 0.01 for n in names))
        per_dataset = [0] * len(names)
        for _ in range(files):
            per_dataset[bisect.bisect(cum, rng.random() * cum[-1])] += 1
        for name, n_files in zip(names, per_dataset, strict=True):
            if n_files:
                self.files(reference, name, attrs[name], n_files, (first_m, last_m), published)

    def files(
        self, reference: str, name: str, attrs: Attributes, n_files: int, span: tuple[int, int], published: bool
    ) -> None:
        """One dataset's files released on a version, in months (indexes) within ``span``."""
        rng = self.rng
        type_of_data, sensitivity, frequency, legal, _ = attrs
        opt_out_p = 0.7 if type_of_data == "Identifiable" else 0.15
        opt_out = "Yes" if rng.random() < opt_out_p else "No"
        mixed = rng.random() < 0.05
        if rng.random() < 0.02:  # a release row can disagree with its Datasets row
            frequency = rng.choice(self.material.attributes)[2]
        months = sorted(rng.randint(*span) for _ in range(n_files))
        for month in months:
            self.file_number += rng.randint(1, 40)
            this_opt_out = ("Yes" if rng.random() < 0.5 else "No") if mixed else opt_out
            if published and month <= self.until_index:
                self.releases_sheet.append(
                    [
                        f"F{self.file_number:07d}",
                        reference,
                        name,
                        type_of_data,
                        sensitivity,
                        this_opt_out,
                        legal,
                        frequency,
                        month_label(month),
                    ]
                )
                self.counts.release_rows += 1


def make_deterministic(path: Path, core_xml: bytes) -> None:
    """Rewrite the zip with fixed entry times and the fixed docProps/core.xml, in openpyxl's
    own (stable) entry order, streaming so no sheet is held in memory whole."""
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            if info.filename == "docProps/core.xml":
                dst.writestr(entry, core_xml)
                continue
            with src.open(info) as reader, dst.open(entry, "w") as writer:
                shutil.copyfileobj(reader, writer, 1 << 20)
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="workbook to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 is the full register; 0.1 a tenth of it")
    parser.add_argument("--agreements", type=int, default=None, help="number of agreements (default 1,900 x scale)")
    args = parser.parse_args(argv)
    c = make_register(args.out, args.seed, args.scale, agreements=args.agreements)
    print(
        f"wrote {args.out}: {c['agreements']:,} agreements, {c['versions']:,} versions, "
        f"{c['organisations']:,} organisations, {c['datasets']:,} datasets, {c['dataset_rows']:,} Datasets rows, "
        f"{c['release_rows']:,} DataReleases rows; {c['bytes'] / 1e6:.1f} MB in {c['seconds']:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
