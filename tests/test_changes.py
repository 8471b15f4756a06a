"""What changed between editions: editions made in code from the real sample with known
edits, mixed with typographic noise; the change list must be exactly the edits."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from factory import make_project, release, sample_rows

from regsite.diagnostics import Report
from regsite.model import datauses, edition_diff
from regsite.model.names import Names
from regsite.model.version_diff import compare_versions
from regsite.sources.cache import Parser
from regsite.sources.discover import discover

BASE = sample_rows()


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
    rows = copy.deepcopy(BASE)
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
            **BASE["Agreements"][5],
            "Reference Number": "DARS-NIC-99999-T3ST1-v1.0",
            "Application Title": "A new study",
            "Applicant Organisation": "UNIVERSITY OF TESTING",
        }
    )
    # 6. three files released since
    rows["DataReleases"] += [
        release("DARS-NIC-07141-L2S0B-v2.6", f"NEW{i}", "Sep-26", name=BASE["DataReleases"][0]["Dataset"])
        for i in range(3)
    ]
    return rows


def model(tmp_path: Path, editions: dict[str, dict]) -> datauses.DataUses:
    data, _ = make_project(tmp_path, editions)
    report = Report()
    source = discover(data, report)[0]
    parser = Parser(source.definition, tmp_path / "cache")
    uses = datauses.load(source.definition, source.editions, parser, tmp_path / "model", parser.stats)
    assert isinstance(uses, datauses.DataUses), uses
    return uses


def version_of(base: str) -> str:
    """The sample's one version of an agreement that has one."""
    (reference,) = [r["Reference Number"] for r in BASE["Agreements"] if r["Reference Number"].startswith(base)]
    return reference.rsplit("-v", 1)[1]


def describe(change) -> list[str]:
    out = [f"added {a.base}" for a in change.added]
    out += [f"removed {a.base}" for a in change.removed]
    out += [f"new version {n.agreement.base} {n.versions} after {n.previous}" for n in change.new_versions]
    for c in change.changed:
        out += [f"changed {c.agreement.base} v{c.version} {f.key}: {f.old} -> {f.new}" for f in c.changes.fields]
        out += [f"dataset added {c.agreement.base} v{c.version}: {d}" for d in c.changes.datasets_added]
        out += [f"dataset removed {c.agreement.base} v{c.version}: {d}" for d in c.changes.datasets_removed]
    out += [f"files {f.agreement.base}: {f.files} new in {f.months}, {f.removed} gone" for f in change.files]
    return out


def test_exactly_the_known_edits_and_none_of_the_noise(tmp_path):
    uses = model(tmp_path, {"2026-08": noisy(BASE), "2026-09": edited()})
    moved = next(r for r in BASE["Agreements"] if r["Reference Number"] == "DARS-NIC-07233-W1M2Q-v3.4")["DSA End Date"]
    assert describe(uses.changes["2026-09"]) == [
        "added DARS-NIC-99999-T3ST1",
        "removed DARS-NIC-03422-Y7Y0Z",
        f"new version DARS-NIC-03398-N1D2C ['9.1'] after {version_of('DARS-NIC-03398-N1D2C')}",
        f"changed DARS-NIC-07233-W1M2Q v3.4 end_date: {moved.date()} -> {moved.date().replace(year=moved.year + 1)}",
        f"dataset added DARS-NIC-09637-Y8T1N v{version_of('DARS-NIC-09637-Y8T1N')}: Civil Registrations of Death",
        "files DARS-NIC-07141-L2S0B: 3 new in ['2026-09'], 0 gone",
    ]
    assert uses.changes["2026-09"].count == 5
    assert uses.changes["2026-09"].files_released == 3


def test_noise_alone_is_no_change(tmp_path):
    uses = model(tmp_path, {"2026-08": BASE, "2026-09": noisy(BASE)})
    assert describe(uses.changes["2026-09"]) == []


def test_history_and_departed_agreements(tmp_path):
    uses = model(tmp_path, {"2026-07": BASE, "2026-08": edited(), "2026-09": edited()})
    uses.split_controllers(Names())
    uses.build_records()
    gone = uses.records["DARS-NIC-03422-Y7Y0Z"]
    assert (gone.in_current, gone.editions, gone.left_in) == (False, ["2026-07"], "2026-08")
    assert gone.status == "Not in the current register"
    new = uses.records["DARS-NIC-03398-N1D2C"]
    assert new.version_first_seen == {
        f"DARS-NIC-03398-N1D2C-v{new.agreement.versions[0].version}": "2026-07",
        "DARS-NIC-03398-N1D2C-v9.1": "2026-08",
    }
    assert not uses.changes["2026-09"]


UCL = "UNIVERSITY COLLEGE LONDON (UCL)"
HES_OP = "Hospital Episode Statistics Outpatients (HES OP)"


def relabelled() -> dict[str, list[dict]]:
    """The sample with two register-wide relabels (UCL renamed wherever it is a controller or the
    applicant; HES OP renamed on every version and file), plus one edit made in only two agreements."""
    rows = copy.deepcopy(BASE)
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


def test_a_register_wide_relabel_is_reported_once(tmp_path):
    uses = model(tmp_path, {"2026-08": BASE, "2026-09": relabelled()})
    change = uses.changes["2026-09"]
    wide = {(e.field, e.old, e.new): sorted(a.base for a in e.agreements) for e in change.register_wide}
    ucl = agreements_with(BASE, "Agreements", "Data Controller(s)", UCL)
    ucl |= agreements_with(BASE, "Agreements", "Applicant Organisation", UCL)
    hes_op = agreements_with(BASE, "Datasets", "Dataset", HES_OP)
    assert len(ucl) >= edition_diff.REGISTER_WIDE and len(hes_op) >= edition_diff.REGISTER_WIDE
    assert wide == {
        ("organisation", UCL, "UCL (University College London)"): sorted(ucl),
        ("dataset", HES_OP, "HES Outpatients"): sorted(hes_op),
    }
    # Reported there, so not again agreement by agreement, and the renamed files are not "new".
    assert [(c.agreement.base, [f.key for f in c.changes.fields]) for c in change.changed] == [
        (base, ["commercial"]) for base in sorted({c.agreement.base for c in change.changed})
    ]
    assert not any(c.changes.datasets_added or c.changes.datasets_removed for c in change.changed)
    assert change.files == []
    # The edit made in two agreements is below the threshold: still an amendment of each.
    assert len({c.agreement.base for c in change.changed}) == 2
    assert change.count == 2 + 2


def test_the_agreements_own_history_still_shows_a_register_wide_edit(tmp_path):
    uses = model(tmp_path, {"2026-08": BASE, "2026-09": relabelled()})
    before = model(tmp_path / "before", {"2026-09": BASE}).snapshot
    base = sorted(agreements_with(BASE, "Datasets", "Dataset", HES_OP))[0]
    old, new = before.agreements[base].latest, uses.snapshot.agreements[base].latest
    diff = compare_versions(old, new)
    assert (diff.datasets_removed, diff.datasets_added) == ([HES_OP], ["HES Outpatients"])


def test_tidied_wording_is_listed_and_not_counted(tmp_path):
    rows = noisy(BASE)
    title = rows["Agreements"][3]
    title["Application Title"] = title["Application Title"].upper()  # capitals alone
    uses = model(tmp_path, {"2026-08": BASE, "2026-09": rows})
    change = uses.changes["2026-09"]
    assert change.count == 0 and describe(change) == [] and change.register_wide == []
    tidied = {t.agreement.base: t.fields for t in change.tidied}
    assert len(tidied) == len({r["Reference Number"].rsplit("-v", 1)[0] for r in BASE["Agreements"]})
    assert "title" in tidied[title["Reference Number"].rsplit("-v", 1)[0]]
    assert all(
        set(fields)
        <= {*edition_diff.SHORT_FIELDS, *edition_diff.LONG_TEXT_KEYS, "dataset", *edition_diff.DATASET_FIELDS}
        for fields in tidied.values()
    )
    assert change  # so the edition page lists the tidied wording


def test_missing_months():
    assert edition_diff.missing_months(["2025-11", "2026-02", "2026-03", "2026-06"]) == {
        "2026-02": ["2025-12", "2026-01"],
        "2026-06": ["2026-04", "2026-05"],
    }
    assert edition_diff.missing_months(["2026-08"]) == {}
