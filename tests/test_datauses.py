"""The Data Uses Register across editions (regsite/model/datauses.py), on workbooks made in code."""

from __future__ import annotations

import datetime as dt

import pytest
from factory import AGREEMENT_HEADER, agreement, dataset, make_project, release, write_register

from regsite.diagnostics import Level, Report
from regsite.model.agreements import build_snapshot
from regsite.model.datauses import DataUses, load, summarise
from regsite.model.editions import edition_date
from regsite.sources.discover import RegisterSource, discover
from regsite.sources.sheets import read_edition

A = "DARS-NIC-00001-A1B2C"
B = "DARS-NIC-00002-D3E4F"
C = "DARS-NIC-00003-G5H6J"
HES = "Hospital Episode Statistics Admitted Patient Care (HES APC)"
ECDS = "Emergency Care Data Set (ECDS)"


def august() -> dict[str, list[dict]]:
    return {
        "Agreements": [
            agreement(f"{A}-v1.0", data_controller_s="UNIVERSITY OF EXAMPLE, NHS ENGLAND"),
            agreement(f"{B}-v1.0", applicant_organisation="NHS ENGLAND", data_controller_s="NHS ENGLAND"),
        ],
        "Datasets": [dataset(f"{A}-v1.0"), dataset(f"{A}-v1.0", ECDS), dataset(f"{B}-v1.0")],
        "DataReleases": [release(f"{A}-v1.0", "F0000001", "Mar-25")],
    }


def september() -> dict[str, list[dict]]:
    """A has a new version, B has left, C is new."""
    return {
        "Agreements": [
            agreement(f"{A}-v1.0", data_controller_s="UNIVERSITY OF EXAMPLE, NHS ENGLAND"),
            agreement(f"{A}-v2.0", data_controller_s="UNIVERSITY OF EXAMPLE, NHS ENGLAND"),
            agreement(f"{C}-v1.0", applicant_organisation="CITY COUNCIL", data_controller_s="CITY COUNCIL"),
        ],
        "Datasets": [
            dataset(f"{A}-v1.0"),
            dataset(f"{A}-v1.0", ECDS),
            dataset(f"{A}-v2.0"),
            dataset(f"{C}-v1.0", ECDS),
        ],
        "DataReleases": [release(f"{A}-v1.0", "F0000001", "Mar-25"), release(f"{A}-v2.0", "F0000002", "Aug-26")],
    }


def source(tmp_path, editions) -> RegisterSource:
    data, _ = make_project(tmp_path, editions)
    report = Report()
    (found,) = [s for s in discover(data, report) if s.definition.kind == "data-uses"]
    return found


def parser(found: RegisterSource, parsed: list[str] | None = None):
    def parse(edition):
        if parsed is not None:
            parsed.append(edition.month)
        return read_edition(found.definition, edition.register_id, edition.month, edition.path, edition.file)

    return parse


def test_edition_date_is_the_first_of_its_month():
    assert edition_date("2026-09") == dt.date(2026, 9, 1)
    assert edition_date("2019-12") == dt.date(2019, 12, 1)
    with pytest.raises(ValueError):
        edition_date("2026-13")


def test_summarise_counts_names_and_accounts_for_every_row(tmp_path):
    found = source(tmp_path, {"2026-08": august()})
    (edition,) = found.editions
    parsed = parser(found)(edition)
    assert parsed.ok, parsed.diagnostics
    snapshot, _ = build_snapshot(parsed)
    summary = summarise(edition, parsed, snapshot)
    assert summary.month == "2026-08" and summary.date == dt.date(2026, 8, 1)
    assert summary.counts["agreements"] == 2 and summary.counts["versions"] == 2
    assert summary.counts["datasets"] == 2 and summary.counts["dataset_rows"] == 3
    assert summary.versions == {A: [f"{A}-v1.0"], B: [f"{B}-v1.0"]}
    assert summary.names == ["UNIVERSITY OF EXAMPLE", "NHS ENGLAND"]
    # A controller cell with a comma waits to be split until every name is known.
    assert summary.controller_cells == ["UNIVERSITY OF EXAMPLE, NHS ENGLAND"]
    assert summary.dataset_names == [HES, ECDS]
    assert sorted(summary.dataset_agreements.values()) == [1, 2]  # HES on A and B, ECDS on A
    accounts = {s["sheet"]: s for s in summary.sheets}
    assert {s: (a["read"], a["published"], a["set_aside"]) for s, a in accounts.items()} == {
        "Agreements": (2, 2, {}),
        "Datasets": (3, 3, {}),
        "DataReleases": (1, 1, {}),
    }


def test_load_across_two_editions(tmp_path):
    found = source(tmp_path, {"2026-08": august(), "2026-09": september()})
    parsed: list[str] = []
    stats: dict[str, int] = {}
    uses = load(found.definition, found.editions, parser(found, parsed), None, stats)
    assert isinstance(uses, DataUses)
    assert [s.month for s in uses.editions] == ["2026-08", "2026-09"] and uses.current is uses.editions[-1]
    assert uses.date == dt.date(2026, 9, 1)
    assert sorted(uses.snapshot.agreements) == [A, C]
    assert list(uses.departed) == [B]
    change = uses.changes["2026-09"]
    assert (change.month, change.previous) == ("2026-09", "2026-08")
    assert [r.base for r in change.added] == [C] and [r.base for r in change.removed] == [B]
    assert "2026-08" not in uses.changes  # the first edition has nothing before it
    # Each edition parsed once, though the comparison needs both.
    assert parsed == ["2026-08", "2026-09"] and stats["modelled"] == 2
    uses.build_records()
    assert set(uses.records) == {A, B, C}
    assert uses.records[A].editions == ["2026-08", "2026-09"]
    assert uses.records[A].version_first_seen == {f"{A}-v1.0": "2026-08", f"{A}-v2.0": "2026-09"}
    assert (uses.records[B].in_current, uses.records[B].left_in) == (False, "2026-09")
    assert uses.records[B].status == "Not in the current register"
    assert [r.base for r in uses.current_records()] == [A, C]
    assert [r.base for r in uses.departed_records()] == [B]


def test_load_a_second_time_reads_only_the_current_edition_from_its_cache(tmp_path):
    found = source(tmp_path, {"2026-08": august(), "2026-09": september()})
    cache = tmp_path / "cache"
    load(found.definition, found.editions, parser(found), cache)
    parsed: list[str] = []
    again = load(found.definition, found.editions, parser(found, parsed), cache)
    assert isinstance(again, DataUses)
    assert parsed == ["2026-09"]  # the older edition's summary and the changes came from the cache
    assert [r.base for r in again.changes["2026-09"].added] == [C]


def test_load_returns_every_edition_problem_instead(tmp_path):
    rows = august()
    header = [h for h in AGREEMENT_HEADER if h != "Applicant Organisation"]
    broken = write_register(
        tmp_path / "broken.xlsx", rows["Agreements"], rows["Datasets"], headers={"Agreements": header}
    )
    found = source(tmp_path, {"2026-08": broken, "2026-09": september()})
    problems = load(found.definition, found.editions, parser(found), None)
    assert isinstance(problems, list)
    # A set: the broken edition is parsed again for the comparison with the next, and its
    # problems are returned each time.
    assert {(p.code, p.location.column) for p in problems if p.level is Level.ERROR} == {
        ("missing-column", "Applicant Organisation")
    }
    assert all("2026-08" in p.location.file for p in problems)
