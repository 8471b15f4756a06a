"""Table, list and navigation rows built in Python (render/rows.py), with links relative to the page."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from regsite.model.version_diff import FieldChange, VersionChanges
from regsite.render import pages, rows, urls


@pytest.fixture(scope="module")
def context(sample_model):
    """What a template two folders down sees."""
    site = sample_model.site
    return {
        **pages.template_globals(site, {}),
        "url": urls.Linker.for_page("agreements/x/index.html"),
        "section": "datasets",
        "page": SimpleNamespace(breadcrumbs=[("Home", urls.home()), ("Archive", urls.archive())]),
    }


def test_the_navigation_marks_the_current_section(context):
    items = rows.nav_items(context)
    assert [i["text"] for i in items if i["current"]] == ["Datasets"]
    assert {"text": "Registers", "href": "../../registers/", "current": False} in items
    assert rows.nav_items({**context, "has_registers": False})[3]["text"] == "Browse"


def test_pages_link_from_the_page(context):
    items = rows.pager_items(context, 2, 3, lambda n: urls.agreements(n))
    assert [i["number"] for i in items] == [1, 2, 3] and [i["current"] for i in items] == [False, True, False]
    assert all(i["href"].startswith("../../agreements/") for i in items)


def test_changed_fields_and_datasets_are_summary_rows():
    changes = VersionChanges(
        fields=[
            FieldChange("end_date", dt.date(2026, 1, 31), None),
            FieldChange("purpose", "old words", "new words", long=True),
        ],
        datasets_added=["HES <APC>"],
        datasets_changed=[("HES OP", [FieldChange("legal_basis", "", "Section 261")])],
    )
    found = rows.changed_rows(changes, {"end_date": "End date", "legal_basis": "Legal basis"})
    assert [r["key"]["text"] for r in found] == ["End date", "purpose", "Datasets added", "Dataset HES OP"]
    html = [str(r["value"]["html"]) for r in found]
    assert "31 January 2026" in html[0] and "blank" in html[0]
    assert "<ins" in html[1] and "Show the changed wording" in html[1]
    assert "HES &lt;APC&gt;" in html[2]
    assert "Legal basis: " in html[3] and "Section 261" in html[3]


def test_an_agreements_history_links_to_both_whole_texts(context):
    older, newer = SimpleNamespace(reference="A-v1", version="1"), SimpleNamespace(reference="A-v2", version="2")
    ctx = {**context, "version_paths": {"A-v1": "agreements/a/v1/", "A-v2": "agreements/a/v2/"}}
    changes = VersionChanges(fields=[FieldChange("purpose", "one", "two", long=True)])
    (row,) = rows.version_change_rows(ctx, changes, older, newer)
    assert '<a href="../../agreements/a/v1/#purpose">version 1</a>' in row["value"]["html"]


def test_a_register_table_links_the_names_it_knows(context, sample_model):
    register = sample_model.site.registers[0]
    table = register.main
    head, body = rows.register_rows(context, table, table.rows[:5])
    assert len(head) == len(table.table_columns) and len(body) == len(table.rows[:5])
    assert all(len(line) == len(head) for line in body)
    linked = [cell for line in body for cell in line if isinstance(cell, dict) and "href" in cell]
    assert all(not c["href"].startswith("../") for c in linked)  # site paths: data_table(link=url) relativises


def test_accounting_rows_give_each_reason():
    sheets = [
        {
            "sheet": "Agreements",
            "read": 5,
            "published": 3,
            "set_aside": 2,
            "reasons": [{"reason": "blank row", "count": 2, "rows": "7–8"}],
        },
        {"sheet": "Datasets", "read": 1, "published": 1, "set_aside": 0, "reasons": []},
    ]
    first, second = rows.accounting_rows(sheets)
    assert first[:4] == [
        "Agreements",
        {"text": 5, "numeric": True},
        {"text": 3, "numeric": True},
        {"text": 2, "numeric": True},
    ]
    assert "<li>2 blank row (rows 7–8)</li>" in first[4]["html"]
    assert second[4]["html"] == "None"


def test_simple_rows(context):
    assert rows.count_rows([("2025", 3)]) == [["2025", {"text": 3, "numeric": True}]]
    assert rows.linked_count_rows(context, [("Active", 4, urls.browse())]) == [
        [{"text": "Active", "href": "../../browse/"}, {"text": 4, "numeric": True}]
    ]
    ds = SimpleNamespace(name="HES", slug="hes", records=[1, 2], files_released=9)
    assert rows.dataset_rows([ds]) == [
        [{"text": "HES", "href": urls.dataset("hes")}, {"text": 2, "numeric": True}, {"text": 9, "numeric": True}]
    ]
    d = SimpleNamespace(path="downloads/x.csv", title="X", kind="CSV", size=2_000, sha256="ab")
    (line,) = rows.download_rows([d])
    assert line[0] == {"text": "x.csv", "href": "downloads/x.csv"} and line[3]["text"] == "2.0 KB"
    assert rows.resource_rows([("x", d)])[0][:2] == [{"text": "x"}, {"text": "x.csv", "href": "downloads/x.csv"}]
