"""Search with the real Pagefind index in the browser."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.search_ui import open_filter

pytestmark = pytest.mark.browser


def results(page) -> list[str]:
    page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
    page.wait_for_timeout(300)
    return [t.strip() for t in page.locator(".pagefind-ui__result-link").all_inner_texts()]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("DARS-NIC-00574-V2H1F", "LAPH Standard Extract"),
        ("Southampton City Council", "LAPH Standard Extract"),
        ("Southampton", "SOUTHAMPTON CITY COUNCIL"),
        ("glioblastoma", "MR1396 - GALA-5"),
        ("Neil Wilson", "NEIL WILSON ASSOCIATES LLP"),
        ("Emergency Care Data Set", "Emergency Care Data Set (ECDS)"),
        ("opt-out", "Reading an agreement"),
    ],
)
def test_search_finds_agreements_organisations_datasets_and_guidance(page, site_url, query, expected):
    page.goto(site_url + "search/?q=" + query)
    found = results(page)
    assert any(r.startswith(expected) for r in found), found


def test_the_query_is_kept_in_the_address(page, site_url):
    page.goto(site_url + "search/")
    page.fill("#search-input", "cancer")
    page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
    page.wait_for_function("() => location.search.includes('q=cancer')")
    assert page.url.endswith("search/?q=cancer")


def test_filter_narrows_results(page, site_url):
    page.goto(site_url + "search/?q=hospital")
    assert len(results(page)) > 1
    open_filter(page, "Commercial purpose")
    page.locator("input[name='Commercial purpose'][value=Yes]").check()
    page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result').length === 2", timeout=10_000)
    # The sample's two commercial agreements: Northern Care Alliance's and Neil Wilson Associates'.
    assert sorted(results(page)) == [
        "Financial benchmarking service",
        "Programmes of analysis and service improvement - AQuA",
    ]


def end_dates(page) -> list[dt.date]:
    texts = page.locator(".pagefind-ui__result-tag", has_text="Ends:").all_inner_texts()
    return [dt.datetime.strptime(t.split(":", 1)[1].strip(), "%d %B %Y").date() for t in texts]


@pytest.mark.parametrize(("order", "reverse"), [("end-desc", True), ("end-asc", False)])
def test_sort_by_end_date(page, site_url, order, reverse):
    page.goto(site_url + "search/?q=university")
    results(page)
    page.select_option("#search-order", order)
    page.wait_for_function(f"() => location.search.includes('order={order}')")
    page.wait_for_timeout(500)
    results(page)
    dates = end_dates(page)
    assert len(dates) >= 5
    assert dates == sorted(dates, reverse=reverse)


def test_results_are_announced(page, site_url):
    page.goto(site_url + "search/?q=cancer")
    results(page)
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert status.inner_text().endswith("results for cancer")


def test_every_filter_is_listed_when_filter_files_are_slow(page, site_url):
    """Pagefind UI lists the filters of the first search if it ends before every filter file has
    loaded; the search page loads them all first, so a slow connection cannot hide a filter."""
    first: list[str] = []

    def slow_after_the_first(route):
        if not first:
            first.append(route.request.url)
        else:
            page.wait_for_timeout(1_500)
        route.continue_()

    page.route("**/pagefind/filter/*", slow_after_the_first)
    page.goto(site_url + "search/?q=hospital")
    results(page)
    shown = page.locator("summary.pagefind-ui__filter-name").all_inner_texts()
    assert "Commercial purpose" in shown and len(shown) == len(set(shown)) >= 8, shown
