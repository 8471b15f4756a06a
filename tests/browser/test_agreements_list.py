"""The agreements list filtered and sorted with JavaScript, its state in the address; and the
plain list without JavaScript."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_accessibility import TAGS, describe
from tests.browser.test_html_valid import VNU

pytestmark = pytest.mark.browser


def rows(page) -> list[list[str]]:
    page.wait_for_selector("#agreements-found, .app-list-results p", timeout=10_000)
    cells = page.locator("#agreements-found tbody tr").evaluate_all(
        "trs => trs.map(tr => Array.from(tr.cells).map(c => c.textContent.trim()))"
    )
    return cells


def date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d %B %Y").date()


def wait_enhanced(page) -> None:
    page.wait_for_selector("#agreements-status option", state="attached", timeout=10_000)


def test_filter_and_sort_keep_their_state_in_the_address(page, site_url, sample_site):
    page.goto(site_url + "agreements/")
    wait_enhanced(page)
    assert page.locator("#agreements-table").is_visible()  # the plain list until a choice is made
    active = page.locator("#agreements-status option[value=Active]").inner_text()
    page.select_option("#agreements-status", "Active")
    page.wait_for_function("() => location.search === '?status=Active'")
    page.select_option("#agreements-sort", "end")
    page.wait_for_function("() => location.search === '?status=Active&sort=end'")
    found = rows(page)
    assert found and {r[3] for r in found} == {"Active"}
    ends = [date(r[5]) for r in found]
    assert ends == sorted(ends)
    assert active == f"Active ({len(found)})"  # each option counts what it would show
    assert page.locator("#agreements-count").inner_text() == f"{len(found)} agreements found."
    assert not page.locator("#agreements-table").is_visible()
    expected = sorted(
        (r for r in json.loads((sample_site.out / "agreements" / "list.json").read_text("utf-8"))["rows"]),
        key=lambda r: (r[7] or "9999", r[0]),
    )
    assert [r[0] for r in found] == [r[0] for r in expected if r[5] == "Active"]
    # The same address, opened afresh, shows the same list.
    url = page.url
    page.goto(url)
    wait_enhanced(page)
    assert rows(page) == found
    assert page.locator("#agreements-status").input_value() == "Active"
    assert page.locator("#agreements-sort").input_value() == "end"
    assert page.errors == []


def test_an_organisation_filter_and_the_back_button(page, site_url):
    page.goto(site_url + "agreements/")
    wait_enhanced(page)
    page.select_option("#agreements-org", "southampton-city-council")
    page.wait_for_function("() => location.search === '?org=southampton-city-council'")
    assert [r[0] for r in rows(page)] == ["DARS-NIC-00574-V2H1F"]
    page.select_option("#agreements-sort", "title")
    page.wait_for_function("() => location.search.endsWith('&sort=title')")
    page.select_option("#agreements-org", "")
    page.wait_for_function("() => location.search === '?sort=title'")
    titles = [r[1] for r in rows(page)]
    assert len(titles) > 20 and titles == sorted(titles, key=str.lower)
    page.go_back()
    page.wait_for_function("() => location.search === '?org=southampton-city-council&sort=title'")
    assert [r[0] for r in rows(page)] == ["DARS-NIC-00574-V2H1F"]
    assert page.locator("#agreements-org").input_value() == "southampton-city-council"
    page.go_back()
    page.go_back()
    page.wait_for_function("() => location.search === ''")
    assert page.locator("#agreements-table").is_visible()
    assert page.locator("#agreements-found").count() == 0
    assert page.errors == []


def test_sort_by_start_date_newest_first_and_by_organisation(page, site_url):
    page.goto(site_url + "agreements/?sort=start-desc")
    wait_enhanced(page)
    starts = [date(r[4]) for r in rows(page) if r[4]]
    assert len(starts) > 20 and starts == sorted(starts, reverse=True)
    page.goto(site_url + "agreements/?sort=organisation")
    wait_enhanced(page)
    names = [r[2] for r in rows(page)]
    assert names == sorted(names, key=lambda n: re.sub(r"[^a-z0-9 ]", "", n.lower()))


def test_without_javascript_the_list_is_plain(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "agreements/?status=Active&sort=end")
    assert page.locator("#agreements-table tbody tr").count() == 28
    assert page.locator("#agreements-list *, select").count() == 0  # no controls, only the list
    context.close()


def test_the_enhanced_list_has_no_axe_violations_and_is_valid_html(page, site_url, tmp_path):
    page.goto(site_url + "agreements/?status=Expired&sort=end-desc")
    wait_enhanced(page)
    rows(page)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    assert results.response["violations"] == [], describe(results.response["violations"])
    java = shutil.which("java")
    if not java or not VNU.is_file():
        pytest.fail("The Nu HTML checker needs Java and node_modules/vnu-jar: run ./run test.")
    saved = tmp_path / "enhanced.html"
    saved.write_text(page.content(), encoding="utf-8")
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(saved)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    assert [m["message"] for m in messages if m.get("type") == "error"] == []
    # Tab moves through the form and on into the results: no trap.
    page.focus("#agreements-status")
    for _ in range(4):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#agreements-found, .app-table-region') !== null")
