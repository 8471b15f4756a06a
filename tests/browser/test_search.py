"""Search with the real Pagefind index in the browser."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re

import pytest

from tests.browser.search_ui import open_filter

pytestmark = pytest.mark.browser


def results(page) -> list[str]:
    page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
    # Each result shows once its own fragment has arrived (fetched once typing settles:
    # search-api.js), in no set order: read them when none is still loading, not after a fixed
    # time, which a busy machine outran.
    page.wait_for_function(
        "() => !document.querySelector('.pagefind-ui__result .pagefind-ui__loading')", timeout=10_000
    )
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
    open_filter(page, "For commercial purposes")
    page.locator("input[name='For commercial purposes'][value=Yes]").check()
    page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result').length === 2", timeout=10_000)
    # The sample's two commercial agreements: Northern Care Alliance's and Neil Wilson Associates'.
    assert sorted(results(page)) == [
        "Financial benchmarking service",
        "Programmes of analysis and service improvement - AQuA",
    ]


def end_dates(page) -> list[dt.date]:
    texts = page.locator(".pagefind-ui__result-tag", has_text="End date:").all_inner_texts()
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


def status_says(page, ending: str) -> str:
    """The live region's text, once it ends with ``ending`` (it is set when the count settles)."""
    page.wait_for_function(
        "ending => document.getElementById('search-status').textContent.endsWith(ending)", arg=ending, timeout=10_000
    )
    return page.locator("#search-status").inner_text()


def test_results_are_announced(page, site_url):
    page.goto(site_url + "search/?q=cancer")
    results(page)
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert status_says(page, "results for cancer")


def test_typing_announces_the_count_for_the_whole_query_only(page, site_url):
    """Results change at each key pressed; the live region waits for them to settle, so a screen
    reader hears the count for the query typed, not "Searching for c..." and one for each letter."""
    page.goto(site_url + "search/")
    page.wait_for_selector("#search-input")
    page.evaluate(
        """() => {
        const status = document.getElementById('search-status');
        window.heard = [];
        new MutationObserver(() => window.heard.push(status.textContent))
          .observe(status, { childList: true, characterData: true, subtree: true });
    }"""
    )
    page.click("#search-input")
    page.keyboard.type("cancer")
    status_says(page, "results for cancer")
    heard = page.evaluate("window.heard")
    assert heard and all(h.endswith("for cancer") or h.startswith("Searching for cancer") for h in heard), heard


def api(page, script: str):
    """Run ``script`` (an async function of the search page's Pagefind API, search-api.js) in the page."""
    return page.evaluate(
        """async () => {
        const app = document.getElementById('app-search');
        const api = await import(new URL(app.getAttribute('data-api'), document.baseURI).href);
        await api.search('cancer');  // the filters loaded and the first search done: nothing runs now
        return await (SCRIPT)(api);
    }""".replace("SCRIPT", script)
    )


def test_searches_run_one_at_a_time_and_only_the_newest_waits(page, site_url):
    """The UI asks for a search at every key; while one runs, the next waits, and a newer one
    replaces it (answered null, which the UI never reads, as it shows only its newest search)."""
    page.goto(site_url + "search/")
    answers = api(
        page,
        """async api => (await Promise.all([api.search('hospital'), api.search('hospita'), api.search('southampton')]))
        .map(a => a && a.results.length)""",
    )
    assert answers[0] > 0 and answers[1] is None and answers[2] > 0, answers


def test_a_query_of_two_letters_waits_for_a_pause(page, site_url):
    """One or two letters match nearly every page: they are searched only once typing pauses, so a
    letter typed next replaces them before they run (and fetch a page of results)."""
    page.goto(site_url + "search/")
    assert api(page, "async api => (await api.search('nh')).results.length") > 0  # searched, after the pause
    answers = api(page, "async api => (await Promise.all([api.search('nh'), api.search('nhs')])).map(a => a && 1)")
    assert answers == [None, 1]


def test_results_a_newer_search_replaces_fetch_no_fragments(page, site_url):
    """A query typed is searched at once, but its results' fragments are fetched only once typing
    settles (200 ms with no newer search): results the next key replaces are never drawn, so a
    first search costs the index chunks and one page of fragments, not a page per pause."""
    fragments: list[str] = []
    page.on("request", lambda request: "/fragment/" in request.url and fragments.append(request.url))
    page.goto(site_url + "search/")
    early, shown, waited = api(
        page,
        """async api => {
        const replaced = await api.search('hospital');
        const asked = performance.now();
        const newest = await api.search('southampton');
        let early = false;
        replaced.results[0].data().then(() => { early = true; });
        const shown = await newest.results[0].data();
        const waited = performance.now() - asked;
        await new Promise(resolve => setTimeout(resolve, 300));
        return [early, shown.url, waited];
    }""",
    )
    assert not early and shown and waited >= 195, (early, shown, waited)
    assert len(fragments) == 1, fragments  # the newest search's first result's, and no other


def test_the_first_result_shows_before_the_other_results_have_loaded(page, site_url):
    """Each result shows as soon as its own fragment arrives: the first is on screen while the
    others' fragments are still held back."""
    held = []
    first = []

    def hold_all_but_the_first(route):
        if first:
            held.append(route)
        else:
            first.append(route.request.url)
            route.continue_()

    page.route("**/pagefind/fragment/*", hold_all_but_the_first)
    page.goto(site_url + "search/?q=cancer")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
    shown = page.locator(".pagefind-ui__result-link").count()
    waiting = len(held)
    for route in held:
        route.continue_()
    assert shown == 1 and waiting >= 1, (shown, waiting)
    page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result-link').length > 1")


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
    assert "For commercial purposes" in shown and len(shown) == len(set(shown)) >= 8, shown
    # Every value of every filter, as Pagefind lists them, has its box.
    values = api(page, "async api => Object.values(await api.filters()).map(v => Object.keys(v).length)")
    assert page.locator(".pagefind-ui__filter-checkbox").count() == sum(values) > len(shown), values


def result_paths(page) -> list[str]:
    results(page)
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all("links => links.map(a => a.pathname)")
    return [h.split("?")[0].lstrip("/") for h in hrefs]


def test_an_organisations_agreements_come_before_pages_that_mention_it(page, site_url):
    """Southampton City Council's only agreement and the University of Southampton's are both in the
    first five for "Southampton", with the pages of the organisations named Southampton and above the
    registers and dataset pages that merely list the council."""
    page.goto(site_url + "search/?q=Southampton")
    paths = result_paths(page)
    top = paths[:5]
    assert "agreements/dars-nic-00574-v2h1f/" in top and "agreements/dars-nic-07360-k4r9r/" in top, paths
    assert all(p.startswith("agreements/") or "southampton" in p for p in top), paths


@pytest.mark.parametrize("query", ["DARS-NIC-07141-L2S0B", "07141", "dars-nic-00574-v2h1f", "00574"])
def test_a_nic_number_finds_its_agreement_first(page, site_url, query):
    page.goto(site_url + "search/?q=" + query)
    first = result_paths(page)[0]
    assert first.startswith("agreements/dars-nic-") and query.lower().removeprefix("dars-nic-") in first, first


def test_excerpts_separate_field_names_from_values(page, site_url):
    page.goto(site_url + "search/?q=Southampton")
    results(page)
    excerpts = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
    joined = " ".join(excerpts)
    assert "Reference number: DARS-NIC-" in joined and "Applicant organisation: SOUTHAMPTON" in joined, excerpts
    labels = r"(Reference number|Status|Application title|Applicant organisation( type)?|Data controllers|End date)"
    assert not re.search(labels + r"[A-Z0-9]", joined), excerpts
    assert not re.search(r"[a-z]DARS-NIC-", joined), excerpts  # a caption run into a table's first cell


def test_a_result_opened_from_search_marks_the_query(page, site_url):
    page.goto(site_url + "search/?q=southampton")
    link = page.locator(".pagefind-ui__result-link[href*='dars-nic-00574-v2h1f']")
    link.wait_for(timeout=10_000)
    assert "pagefind-highlight=southampton" in (link.get_attribute("href") or "")
    page.goto(site_url + "agreements/dars-nic-00574-v2h1f/?pagefind-highlight=southampton")
    page.wait_for_selector("main mark.pagefind-highlight", timeout=10_000)
    assert page.locator("main mark.pagefind-highlight").first.inner_text().lower() == "southampton"
    assert page.errors == []


def test_a_page_without_the_parameter_loads_no_highlighter(page, site_url):
    page.goto(site_url + "agreements/dars-nic-00574-v2h1f/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.requests if "pagefind" in u]
    assert page.locator("mark").count() == 0


# An index in bundles (search/pagefind.py), as a full-size register's is: the sample site built
# again with small bundles (conftest.split_site), searched beside the sample's one bundle.


def bundle_fragments(site) -> list[list[dict]]:
    """Each bundle's pages, as Pagefind's fragments hold them (address, filters), the first first."""
    first = site / "pagefind"
    bundles = [first] + [
        first / p for p in json.loads((first / "bundles.js").read_text("utf-8").split("default ")[1][:-2])
    ]
    return [
        [
            json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd") :])
            for f in sorted((b / "fragment").iterdir())
        ]
        for b in bundles
    ]


def found_everywhere(page, url: str, query: str) -> list[str]:
    """The address of every result for ``query``, best first, as the search page's API finds them."""
    page.goto(url + "search/")
    script = "async api => Promise.all((await api.search(QUERY)).results.map(async r => (await r.data()).url))"
    return [u.split("?")[0] for u in api(page, script.replace("QUERY", json.dumps(query)))]


def test_an_index_in_bundles_finds_what_one_index_finds(page, site_url, split_url, split_site):
    """Every result, from every bundle (merged by score: each bundle scores its own pages, which on
    the small sample can order them a little differently from one index)."""
    bundles = [{f["url"] for f in fragments} for fragments in bundle_fragments(split_site.out)]
    assert len(bundles) >= 3
    one = found_everywhere(page, site_url, "southampton")
    merged = found_everywhere(page, split_url, "southampton")
    assert sorted(merged) == sorted(one) and len(one) >= 5
    assert sum(1 for b in bundles if b & set(merged)) >= 2  # the results come from several bundles
    assert page.errors == []
    # The other bundles are cached like the first, by the headers the build writes for them.
    headers = (split_site.out / "_headers").read_text("utf-8")
    assert all(f"/pagefind/part-{n}/fragment/*" in headers for n in range(2, len(bundles) + 1))


def test_an_index_in_bundles_lists_every_value_of_every_filter(page, site_url, split_url, split_site):
    """The filters of every bundle are merged before the first search: each value is listed, with
    its count over the whole index, even one that only a merged bundle has."""
    values = [
        {(name, value) for f in fragments for name, vs in f["filters"].items() for value in vs}
        for fragments in bundle_fragments(split_site.out)
    ]
    only_merged = sorted(set().union(*values[1:]) - values[0])
    assert only_merged, "every filter value is in the first bundle: the test would prove nothing"
    lists = {}
    for url in (site_url, split_url):
        page.goto(url + "search/?q=hospital")
        results(page)
        lists[url] = api(page, "async api => await api.filters()")
    assert lists[split_url] == lists[site_url]
    assert page.locator(".pagefind-ui__filter-checkbox").count() == sum(len(v) for v in lists[split_url].values())
    name, value = only_merged[0]
    open_filter(page, name)
    boxes = page.locator(f"input[name={json.dumps(name)}]").evaluate_all("boxes => boxes.map(b => b.value)")
    assert value in boxes, (value, boxes)


@pytest.mark.parametrize(("order", "reverse"), [("end-desc", True), ("end-asc", False)])
def test_an_index_in_bundles_sorts_by_end_date_across_them(page, split_url, order, reverse):
    page.goto(split_url + f"search/?q=university&order={order}")
    results(page)
    page.wait_for_timeout(500)
    dates = end_dates(page)
    assert len(dates) >= 5
    assert dates == sorted(dates, reverse=reverse)
