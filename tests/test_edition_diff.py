"""What changed between editions: editions made in code from the real sample with known
edits, mixed with typographic noise; the change list must be exactly the edits."""

from __future__ import annotations

from pathlib import Path

from factory import edited, make_project, noisy, sample_rows

from regsite.diagnostics import Report
from regsite.model import datauses
from regsite.model.names import Names
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
