"""What changed between editions: editions made in code from the real sample with known
edits, mixed with typographic noise; the change list must be exactly the edits."""

from __future__ import annotations

from pathlib import Path

from factory import HES_OP, UCL, agreements_with, edited, make_project, noisy, relabelled, sample_rows

from regsite.diagnostics import Report
from regsite.model import datauses, edition_diff
from regsite.model.names import Names
from regsite.model.version_diff import compare_versions
from regsite.sources.cache import Parser
from regsite.sources.discover import discover

BASE = sample_rows()


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
