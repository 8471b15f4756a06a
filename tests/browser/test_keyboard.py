"""Keyboard use: the skip link comes first, focus is always visible, and search,
filters and results work with the keyboard alone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const background = style.backgroundColor;
  return {tag: el.tagName, text: (el.innerText || el.value || '').slice(0, 40), visible: outline || !!shadow,
          background};
}"""


def test_skip_link_is_first_and_moves_focus_to_main(page, site_url):
    page.goto(site_url + "agreements/dars-nic-00574-v2h1f/")
    page.keyboard.press("Tab")
    first = page.evaluate(
        "() => [document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]"
    )
    assert first == ["Skip to main content", "#maincontent"]
    assert page.evaluate(FOCUS_VISIBLE)["visible"]
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#maincontent"


@pytest.mark.parametrize("path", ["", "agreements/dars-nic-00574-v2h1f/", "organisations/", "downloads/"])
def test_every_focusable_element_shows_focus(page, site_url, path):
    page.goto(site_url + path)
    seen = 0
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_VISIBLE)
        if state["tag"] == "BODY":
            break
        assert state["visible"], f"no visible focus on {state}"
        seen += 1
    assert seen > 10


def test_search_filter_and_open_a_result_by_keyboard(page, site_url):
    page.goto(site_url)
    # The header search box leads to the search page with the query.
    page.focus("#search-field")
    page.keyboard.type("hospital")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=hospital")
    page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
    page.wait_for_function(
        "() => document.getElementById('search-status').textContent.includes('results for hospital')"
    )
    # Narrow to commercial agreements with the keyboard: open the filter group, tick "Yes".
    page.focus("#search-input")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()").startswith("For commercial purposes"):
            break
    page.keyboard.press("Enter")
    page.wait_for_selector("details[open] .pagefind-ui__filter-checkbox")
    for _ in range(10):
        page.keyboard.press("Tab")
        label = page.evaluate("() => document.activeElement.closest('.pagefind-ui__filter-value')?.innerText || ''")
        if label.startswith("Yes"):
            break
    page.keyboard.press("Space")
    # Both results drawn with their links: until its fragment arrives, a result is a placeholder
    # without one, and on a loaded machine the tabbing below could pass it by.
    page.wait_for_function(
        "() => document.querySelectorAll('.pagefind-ui__result').length === 2"
        " && document.querySelectorAll('.pagefind-ui__result-link').length === 2",
        timeout=10_000,
    )
    # Open the first result by keyboard.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('pagefind-ui__result-link')"):
            break
    else:
        raise AssertionError("no result link was reached with the Tab key")
    page.keyboard.press("Enter")
    page.wait_for_url("**/agreements/dars-nic-*/?pagefind-highlight=hospital")
    assert "For commercial purposes" in page.inner_text("main")
    assert page.locator("main dl").first.inner_text().count("Yes") >= 1
