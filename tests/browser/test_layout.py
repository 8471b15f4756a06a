"""Reflow at 320 CSS pixels, the same content without JavaScript, and a print stylesheet
that prints an agreement whole."""

from __future__ import annotations

import re

import pytest

from tests.browser.pages import PAGE_TYPES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", [n for n in PAGE_TYPES if n != "search with results"])
def test_no_sideways_scrolling_at_320_pixels(browser, site_url, name):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES[name])
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"{name} is {width}px wide"
    # Wide tables scroll inside their own labelled, focusable region.
    for region in page.locator(".app-table-region").all():
        assert region.get_attribute("tabindex") == "0"
        label_id = region.get_attribute("aria-labelledby")
        assert label_id and page.locator(f"#{label_id}").text_content().strip()
        assert region.get_attribute("role") == "region"
    context.close()


def main_text(page) -> str:
    return re.sub(r"\s+", " ", page.inner_text("main")).strip()


@pytest.mark.parametrize("name", [n for n in PAGE_TYPES if n != "search with results"])
def test_the_same_content_without_javascript(browser, site_url, name):
    with_js = browser.new_context()
    without_js = browser.new_context(java_script_enabled=False)
    a, b = with_js.new_page(), without_js.new_page()
    a.goto(site_url + PAGE_TYPES[name])
    b.goto(site_url + PAGE_TYPES[name])
    # Controls that only JavaScript can work (data-enhancement) are added to the content, not part of it.
    a.evaluate("() => document.querySelectorAll('[data-enhancement]').forEach(e => { e.hidden = true; })")
    assert main_text(a) == main_text(b)
    with_js.close()
    without_js.close()


def test_search_without_javascript_offers_the_browse_pages(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "search/?q=cancer")
    text = main_text(page)
    assert "Search needs JavaScript" in text
    for link in ("all agreements, by reference number", "organisations from A to Z", "datasets"):
        assert page.get_by_role("link", name=link).count() >= 1
    context.close()


def test_an_agreement_prints_whole(page, site_url):
    page.goto(site_url + "agreements/dars-nic-00574-v2h1f/")
    page.emulate_media(media="print")
    # Every earlier version's details are shown in print, even though collapsed on screen.
    hidden = page.evaluate("""() => [...document.querySelectorAll('details:not([open]) .nhsuk-details__text')]
        .filter(el => el.getBoundingClientRect().height === 0).length""")
    assert hidden == 0
    after = page.evaluate("""() => getComputedStyle(document.querySelector('main a[href^="http"], main a[href^="../"]'),
        '::after').content""")
    assert after.startswith('" (')
    pdf = page.pdf()
    assert len(pdf) > 50_000


STACKED = """() => {
  const problems = [];
  const tables = [...document.querySelectorAll('table.nhsuk-table--responsive')];
  for (const table of tables) {
    const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    if (table.getAttribute('role') !== 'table') problems.push(table.id + ': no table role');
    for (const row of table.querySelectorAll('tbody tr')) {
      const cells = [...row.children];
      const lefts = new Set(cells.map(c => Math.round(c.getBoundingClientRect().left)));
      if (lefts.size !== 1) problems.push(table.id + ': a row is not stacked');
      cells.forEach((cell, i) => {
        // The heading is drawn from the cell's data-label, with empty alternative text.
        const label = getComputedStyle(cell, '::before').content;
        if (label !== `"${heads[i]}" / ""` && label !== JSON.stringify(heads[i]))
          problems.push(table.id + ': cell ' + i + ' unlabelled: ' + label);
        const box = cell.getBoundingClientRect();
        // NHS.UK's tables reach 2px past their container on each side, so their borders meet its edge.
        if (box.left < -2 || box.right > window.innerWidth + 2) problems.push(table.id + ': cell off screen');
      });
    }
  }
  return [tables.length, problems.slice(0, 5)];
}"""

WITH_TABLES = [
    "agreements index",
    "agreement with four versions",
    "organisation",
    "dataset",
    "dataset's rows in another register",
    "downloads",
    "archive",
    "archive edition with changes",
    "register table",
    "open data",
]


@pytest.mark.parametrize("name", WITH_TABLES)
def test_wide_tables_become_labelled_stacked_rows_at_320_pixels(browser, site_url, name):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES[name])
    tables, problems = page.evaluate(STACKED)
    assert tables > 0 and problems == []
    # Stacked by CSS, still a table to a screen reader: Chromium's accessibility tree has its parts.
    tree = context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    assert {"table", "row", "columnheader", "cell"} <= {n["role"]["value"] for n in tree if "role" in n}
    # The drawn headings are not read out again: a cell's name is its value alone.
    values = page.evaluate("""() => [...document.querySelectorAll('table.nhsuk-table--responsive tbody td')]
        .filter(td => td.checkVisibility()).map(td => td.textContent.trim().replace(/\\s+/g, ' ')).filter(Boolean)""")
    names = {n["name"]["value"] for n in tree if n.get("role", {}).get("value") == "cell" and "name" in n}
    assert values and set(values[:20]) <= names
    # On a wide screen the same tables are ordinary tables, the repeated headings hidden.
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES[name])
    shown, tops = page.evaluate("""() => {
        const table = [...document.querySelectorAll('table.nhsuk-table--responsive')].find(t => t.checkVisibility());
        const row = table.querySelector('tbody tr');
        return [[...row.children].map(cell => getComputedStyle(cell, '::before').content),
                [...row.children].map(cell => Math.round(cell.getBoundingClientRect().top))];
    }""")
    assert set(shown) == {"none"}
    assert len(set(tops)) == 1  # a row is one line again
    context.close()


SUMMARY_STYLES = """() => {
  // A summary list as nhsuk-frontend's own markup has it, beside the page's compact one.
  const classed = document.createElement('dl');
  classed.className = 'nhsuk-summary-list';
  classed.innerHTML = '<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Key</dt>'
    + '<dd class="nhsuk-summary-list__value"><p>Value</p></dd></div>';
  const compact = document.querySelector('dl.app-summary-list');
  compact.after(classed);
  const props = ['display', 'font-weight', 'width', 'padding-top', 'padding-right', 'margin-bottom',
                 'border-bottom-width', 'overflow-wrap', 'vertical-align'];
  const style = el => props.map(p => p + ': ' + getComputedStyle(el)[p]);
  const row = compact.querySelector(':scope > div');
  return [[row, row.querySelector('dt'), row.querySelector('dd')].map(style),
          ['.nhsuk-summary-list__row', '.nhsuk-summary-list__key', '.nhsuk-summary-list__value']
            .map(s => style(classed.querySelector(s)))];
}"""


@pytest.mark.parametrize("width", [320, 1280])
def test_compact_summary_lists_look_as_nhsuk_frontends(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES["agreement with four versions"])
    compact, classed = page.evaluate(SUMMARY_STYLES)
    assert compact == classed
    assert ("display: table-cell" in compact[1]) == (width > 640)  # a table on a wide screen, stacked on a phone
    context.close()


def test_a_charts_table_of_counts_scrolls_at_320_pixels_rather_than_stacks(browser, site_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES["agreement with four versions"] + "files/")
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    table = page.locator("table.app-table--numbers").first
    row = table.locator("tbody tr").first
    tops = row.evaluate("r => [...r.children].map(c => Math.round(c.getBoundingClientRect().top))")
    aligns = row.evaluate("r => [...r.children].slice(1).map(c => getComputedStyle(c).textAlign)")
    assert len(set(tops)) == 1 and set(aligns) == {"right"}  # one line, counts right-aligned
    region = table.locator("xpath=..")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # it scrolls in its region...
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320  # ...not the page
    context.close()
