#!/usr/bin/env python3
"""Write a full-size Data Uses Register workbook for benchmarks (never committed).

Shaped like the real register: ~1,900 agreements, ~5,500 versions, ~570 organisations,
~210 datasets and ~148,000 released files, with long texts recombined from the real
sample's own paragraphs at lengths like the real register's. Seeded and deterministic:
the same arguments give the same bytes.

    python benchmarks/make_register.py [--out PATH] [--seed N] [--scale F]

The workbook's XML is written directly (inline strings, a DD/MM/YYYY date style), which
is ~20 times faster than openpyxl for 150,000 rows and gives full control of the bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import python_calamine

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "data-uses-register" / "2026-09.xlsx"
DEFAULT_OUT = Path(__file__).resolve().parent / "out" / "register-full.xlsx"

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
ORG_TYPES = (
    ["Academic"] * 8
    + ["NHS Trust"] * 5
    + ["Sub ICB Location"] * 5
    + ["Local Authority"] * 4
    + ["Research", "Consultancy", "Ministerial Department", "Agency/Public Body", "Charity", "Commercial", "CSU"]
)
DATASET_STEMS = [
    "Hospital Episode Statistics Admitted Patient Care",
    "Hospital Episode Statistics Outpatients",
    "Hospital Episode Statistics Accident and Emergency",
    "Hospital Episode Statistics Critical Care",
    "Emergency Care Data Set",
    "Mental Health Services Data Set",
    "Community Services Data Set",
    "Improving Access to Psychological Therapies",
    "Civil Registrations of Death",
    "Cancer Registration Data",
    "Diagnostic Imaging Dataset",
    "Maternity Services Data Set",
    "National Diabetes Audit",
    "GP Extraction Service",
    "Secondary Uses Service",
    "Patient Reported Outcome Measures",
    "Demographics",
    "Bridge file",
    "Cancer Waiting Times",
    "Systemic Anti-Cancer Therapy",
    "Radiotherapy Data Set",
    "Medicines dispensed in Primary Care",
]
DATASET_VARIANTS = [
    "",
    " (Pseudonymised)",
    " - Sensitive",
    " - Identifiable",
    " Extract",
    " (Linked)",
    " for Commissioners",
    " - Secondary Care Cut",
    " Bridge",
    " Historic",
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LAST_MONTH = (2026, 8)
EXCEL_EPOCH = dt.date(1899, 12, 30)
CELL_LIMIT = 32_767


def _col(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


class SheetWriter:
    """Rows of one worksheet as XML: inline strings, dates as serial numbers with style 1."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.row = 0

    def append(self, values: list[object]) -> None:
        self.row += 1
        cells = []
        for i, value in enumerate(values, 1):
            ref = f"{_col(i)}{self.row}"
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                cells.append(f'<c r="{ref}" s="1"><v>{(value - EXCEL_EPOCH).days}</v></c>')
            else:
                text = escape(str(value))
                space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
        self.parts.append(f'<row r="{self.row}">{"".join(cells)}</row>')

    def xml(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{''.join(self.parts)}</sheetData></worksheet>"
        )


XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def write_xlsx(path: Path, sheets: dict[str, SheetWriter]) -> None:
    names = list(sheets)
    ns = "http://schemas.openxmlformats.org/"
    rel = f'{XML}<Relationships xmlns="{ns}package/2006/relationships">'
    office = f"{ns}officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Types xmlns="{ns}package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, len(names) + 1)
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            rel + f'<Relationship Id="rId1" Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{ns}spreadsheetml/2006/main" '
            f'xmlns:r="{ns}officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            rel
            + "".join(
                f'<Relationship Id="rId{i}" Type="{ns}officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(names) + 1)
            )
            + f'<Relationship Id="rId{len(names) + 1}" Type="{ns}officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{ns}spreadsheetml/2006/main">'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="DD/MM/YYYY"/></numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>'
        ),
    }
    for i, name in enumerate(names, 1):
        files[f"xl/worksheets/sheet{i}.xml"] = sheets[name].xml()
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 9, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8"))


def sample_material() -> tuple[dict[str, list[str]], list[str], dict[str, list[list[str]]]]:
    """Paragraphs of the real sample's long texts by field, its titles, and Datasets value rows."""
    book = python_calamine.CalamineWorkbook.from_path(str(SAMPLE))
    rows = book.get_sheet_by_name("Agreements").to_python()
    header = rows[0]
    paragraphs: dict[str, list[str]] = {f: [] for f in LONG_FIELDS}
    titles = []
    for row in rows[1:]:
        record = dict(zip(header, row, strict=False))
        titles.append(str(record["Application Title"]))
        for f in LONG_FIELDS:
            paragraphs[f] += [p.strip() for p in str(record[f] or "").split("\n\n") if len(p.strip()) > 40]
    ds = book.get_sheet_by_name("Datasets").to_python()
    values = {h: sorted({str(r[i]) for r in ds[1:] if r[i]}) for i, h in enumerate(ds[0])}
    return paragraphs, titles, values  # type: ignore[return-value]


def organisations(rng: random.Random, count: int) -> list[tuple[str, str]]:
    places = [
        "LEEDS",
        "BRISTOL",
        "NORTH CUMBRIA",
        "KENT AND MEDWAY",
        "BIRMINGHAM",
        "MANCHESTER",
        "OXFORD",
        "YORK",
        "SOUTHAMPTON",
        "NOTTINGHAM",
        "DERBY",
        "CORNWALL",
        "SURREY",
        "ESSEX",
        "SUSSEX",
        "DEVON",
        "NORFOLK",
        "LINCOLNSHIRE",
        "CHESHIRE",
        "LANCASHIRE",
        "DURHAM",
        "SHEFFIELD",
        "LEICESTER",
        "COVENTRY",
        "HULL",
    ]
    real = [
        "KING'S COLLEGE LONDON",
        "ST. GEORGE\u2019S HOSPITAL MEDICAL SCHOOL",
        "UNIVERSITY COLLEGE LONDON (UCL)",
        "NHS BATH AND NORTH EAST SOMERSET, SWINDON AND WILTSHIRE ICB - 92G",
        "NHS SHROPSHIRE, TELFORD AND WREKIN ICB - M2L0M",
        "HEALTHCARE QUALITY IMPROVEMENT PARTNERSHIP (HQIP)",
        "NHS BLOOD AND TRANSPLANT (NHSBT)",
        "DEPARTMENT OF HEALTH AND SOCIAL CARE",
    ]
    out = [(n, "Academic" if "COLLEGE" in n or "SCHOOL" in n else "Agency/Public Body") for n in real]
    seen = {n for n, _ in out}
    patterns = [
        ("UNIVERSITY OF {p}", "Academic"),
        ("{p} TEACHING HOSPITALS NHS FOUNDATION TRUST", "NHS Trust"),
        ("NHS {p} ICB - {c}", "Sub ICB Location"),
        ("{p} CITY COUNCIL", "Local Authority"),
        ("{p} COUNTY COUNCIL", "Local Authority"),
        ("{p} HEALTH ANALYTICS LTD", "Commercial"),
        ("{p} RESEARCH INSTITUTE", "Research"),
        ("{p} PARTNERSHIP NHS TRUST", "NHS Trust"),
        ("NHS {p}, {q} AND {r} ICB - {c}", "Sub ICB Location"),
        ("{p} CANCER CHARITY", "Charity"),
    ]
    while len(out) < count:
        template, kind = rng.choice(patterns)
        name = template.format(
            p=rng.choice(places),
            q=rng.choice(places),
            r=rng.choice(places),
            c=f"{rng.randint(1, 99):02d}{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}",
        )
        if rng.random() < 0.03:
            name = name.replace("'", "\u2019")
        if name not in seen:
            seen.add(name)
            out.append((name, kind))
    return out


def long_text(rng: random.Random, pool: list[str], target: int) -> str:
    parts: list[str] = []
    length = 0
    while length < target and pool:
        p = rng.choice(pool)
        parts.append(p)
        length += len(p) + 2
    return "\n\n".join(parts)[: CELL_LIMIT - 767]  # real cells rarely sit exactly at the limit


def month_label(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]}-{year % 100:02d}"


def make_register(
    out: Path = DEFAULT_OUT, seed: int = 1, scale: float = 1.0, until: tuple[int, int] = LAST_MONTH
) -> dict[str, int]:
    """Write the register as it stood at the end of month ``until``: versions that start later and
    files released later are left out, so editions for successive months grow as the real one does
    (the random draws are the same whatever ``until`` is, so shared rows are identical)."""
    rng = random.Random(seed)
    paragraphs, titles, values = sample_material()
    orgs = organisations(rng, max(20, round(570 * scale)))
    dataset_names = list(dict.fromkeys(f"{s}{v}" for s in DATASET_STEMS for v in DATASET_VARIANTS))[
        : max(10, round(210 * scale))
    ]
    agreements_sheet, datasets_sheet, releases_sheet = SheetWriter(), SheetWriter(), SheetWriter()
    agreements_sheet.append(AGREEMENT_HEADER)
    datasets_sheet.append(DATASET_HEADER)
    releases_sheet.append(RELEASE_HEADER)
    counts = {"agreements": 0, "versions": 0, "dataset_rows": 0, "release_rows": 0}
    file_number = 0
    n_agreements = max(5, round(1900 * scale))
    for a in range(n_agreements):
        base = f"DARS-NIC-{rng.randint(100, 999_999):06d}-{''.join(rng.choice(CODE_CHARS) for _ in range(5))}"
        applicant, kind = rng.choice(orgs)
        joint = rng.random() < 0.15
        controllers = [applicant] + ([rng.choice(orgs)[0] for _ in range(rng.randint(1, 2))] if joint else [])
        n_versions = min(12, max(1, int(rng.expovariate(1 / 3.1)) + 1))
        start = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randint(0, 11 * 365))
        major, minor = rng.randint(0, 2), rng.randint(1, 9)
        texts = {f: long_text(rng, paragraphs[f], int(rng.lognormvariate(7.9, 0.9))) for f in LONG_FIELDS}
        datasets = rng.sample(dataset_names, k=min(len(dataset_names), max(1, int(rng.expovariate(1 / 3.2)) + 1)))
        heavy = kind in ("Local Authority", "Sub ICB Location") and rng.random() < 0.3
        title = rng.choice(titles) if rng.random() < 0.5 else f"{rng.choice(titles)} ({a})"
        listed = False
        for v in range(n_versions):
            minor += rng.randint(1, 12)
            if rng.random() < 0.3:
                major, minor = major + 1, rng.randint(1, 4)
            reference = f"{base}-v{major}.{minor}"
            end = start + dt.timedelta(days=rng.randint(365, 5 * 365))
            if v and rng.random() < 0.5:  # a new version changes some of the text
                field = rng.choice(LONG_FIELDS)
                texts[field] = long_text(rng, paragraphs[field], int(rng.lognormvariate(7.9, 0.9)))
            published = (start.year, start.month) <= until
            row_values = [
                reference,
                title,
                applicant,
                kind,
                ", ".join(controllers),
                "Joint Data Controller" if joint else "Sole Data Controller",
                start,
                end,
                "Yes" if rng.random() < 0.03 else "No",
                "Yes" if rng.random() < 0.1 else "No",
                *[texts[f] for f in LONG_FIELDS],
            ]
            if published:
                agreements_sheet.append(row_values)
                counts["versions"] += 1
                listed = True
            for name in datasets:
                row = [reference, name] + [rng.choice(values[h]) for h in DATASET_HEADER[2:]]
                if published:
                    datasets_sheet.append(row)
                    counts["dataset_rows"] += 1
                files = int(rng.expovariate(1 / (40 if heavy else 3.5)))
                first = (start.year, start.month)
                for _ in range(files):
                    offset = rng.randint(0, max(0, (end.year - start.year) * 12 + end.month - start.month))
                    y, m = divmod(first[0] * 12 + first[1] - 1 + offset, 12)
                    file_number += 1
                    opt_out = rng.choice(["Yes", "No", "No"])  # drawn whatever ``until`` is: see above
                    if not published or (y, m + 1) > until:
                        continue
                    releases_sheet.append(
                        [
                            f"F{file_number:07d}",
                            reference,
                            name,
                            row[2],
                            row[3],
                            opt_out,
                            row[5],
                            row[4],
                            month_label(y, m + 1),
                        ]
                    )
                    counts["release_rows"] += 1
            start = start + dt.timedelta(days=rng.randint(200, 900))
        counts["agreements"] += listed
    write_xlsx(out, {"Agreements": agreements_sheet, "Datasets": datasets_sheet, "DataReleases": releases_sheet})
    counts["organisations"] = len(orgs)
    counts["datasets"] = len(dataset_names)
    counts["bytes"] = out.stat().st_size
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 is the full register; 0.1 a tenth of it")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = make_register(args.out, args.seed, args.scale)
    print(
        f"wrote {args.out} in {time.perf_counter() - started:.1f}s: "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
