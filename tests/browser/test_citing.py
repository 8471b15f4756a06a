"""Cite this page, in a browser without JavaScript: opened from the keyboard, its text labelled,
selectable and whole, with no accessibility violation while open."""

from __future__ import annotations

import pytest

from tests.browser.pages import PAGE_TYPES
from tests.browser.test_accessibility import AXE, TAGS, describe

pytestmark = pytest.mark.browser

CITED = ["agreement with four versions", "organisation", "dataset", "archive edition with changes"]


@pytest.mark.parametrize("name", CITED)
def test_cite_this_page_without_javascript(browser, site_url, name):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES[name])
    summary = page.locator("#cite summary")
    summary.focus()
    page.keyboard.press("Enter")  # a details element opens from the keyboard, no script needed
    box = page.get_by_label("Citation for this page")
    assert box.is_visible() and box.get_attribute("readonly") is not None
    text = box.input_value()
    title = page.locator("h1").inner_text().strip()
    assert title in text.splitlines()[2] and f"Address: /{PAGE_TYPES[name]}" in text  # "Title: …" names the h1
    assert len(text.split("Workbook SHA-256: ")[1].strip()) == 64
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "cite-text"
    page.keyboard.press("Control+A")
    selected = page.evaluate(
        "() => { const t = document.activeElement; return t.value.slice(t.selectionStart, t.selectionEnd) }"
    )
    assert selected == text  # the whole citation, ready to copy
    # Nothing of it needs sideways scrolling on a phone.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    context.close()


@pytest.mark.parametrize("name", CITED)
def test_cite_this_page_open_has_no_axe_violations(page, site_url, name):
    page.goto(site_url + PAGE_TYPES[name])  # axe runs as a script, so with JavaScript on
    page.locator("#cite summary").click()
    assert page.get_by_label("Citation for this page").is_visible()
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    assert results.response["violations"] == [], describe(results.response["violations"])
