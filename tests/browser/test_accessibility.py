"""axe-core (bundled in axe-playwright-python) in Chromium: zero WCAG 2.2 AA violations
on every page type, and no request leaving the site."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.pages import PAGE_TYPES
from tests.browser.search_ui import open_filter

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_axe_violations(page, site_url, name):
    page.goto(site_url + PAGE_TYPES[name])
    if name == "search with results":
        page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert violations == [], describe(violations)
    assert page.requests.outside(site_url) == []
    # The 404 page is itself served with a 404 status, which the browser logs; nothing else may be.
    assert [e for e in page.errors if not (name == "404" and "status of 404" in e)] == []


def test_search_results_page_with_filters_open_has_no_violations(page, site_url):
    page.goto(site_url + "search/?q=cancer")
    page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
    open_filter(page, "For commercial purposes")
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    assert results.response["violations"] == [], describe(results.response["violations"])
