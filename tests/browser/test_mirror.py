"""The offline mirror from file://: unzipped with nothing else, it browses and searches."""

from __future__ import annotations

import hashlib
import zipfile

import pytest
from factory import DEEP_WORDS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def mirror(sample_site, tmp_path_factory):
    (archive,) = sample_site.out.glob("downloads/register-site-*.zip")
    folder = tmp_path_factory.mktemp("mirror")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(folder)
    (root,) = folder.iterdir()
    return root


def inside(mirror, requests) -> list[str]:
    base = mirror.as_uri()
    return [u for u in requests if not u.startswith(base)]


def test_the_zip_is_listed_with_its_checksum(sample_site):
    (archive,) = sample_site.out.glob("downloads/register-site-*.zip")
    listing = (sample_site.out / "downloads" / "index.html").read_text("utf-8")
    assert hashlib.sha256(archive.read_bytes()).hexdigest() in listing
    names = zipfile.ZipFile(archive).namelist()
    assert not [n for n in names if "/pagefind/" in n or n.endswith(("_redirects", "robots.txt", ".zip"))]
    assert any(n.endswith("/search-offline/manifest.js") for n in names)


def test_browse_from_disk(page, mirror):
    page.goto((mirror / "index.html").as_uri())
    page.get_by_role("link", name="Agreements", exact=True).first.click()
    assert page.url.endswith("/agreements/index.html")
    page.get_by_role("link", name="DARS-NIC-00574-V2H1F").first.click()
    assert page.url.endswith("/agreements/dars-nic-00574-v2h1f/index.html")
    assert page.locator("h1").inner_text() == "LAPH Standard Extract"
    page.locator("nav.nhsuk-breadcrumb a", has_text="Home").first.click()
    assert page.url.endswith(f"{mirror.name}/index.html")
    page.go_back()
    assert page.url.endswith("/agreements/dars-nic-00574-v2h1f/index.html")
    assert inside(mirror, page.requests) == []
    assert page.errors == []


def test_search_from_disk(page, mirror):
    page.goto((mirror / "index.html").as_uri())
    page.fill("#home-search", "Southampton City Council")
    page.keyboard.press("Enter")
    page.wait_for_selector(".app-offline-result", timeout=10_000)
    assert page.url.split("?")[0].endswith("/search/index.html")
    status = page.locator("#offline-search [role=status]")
    assert status.inner_text().endswith("results for Southampton City Council")
    titles = page.locator(".app-offline-result h2 a").all_inner_texts()
    assert "LAPH Standard Extract" in titles
    page.locator(".app-offline-result h2 a", has_text="LAPH Standard Extract").click()
    assert page.url.endswith("/agreements/dars-nic-00574-v2h1f/index.html")
    assert inside(mirror, page.requests) == []
    assert page.errors == []


def offline_results(page, mirror, query: str) -> tuple[str, list[str]]:
    page.goto((mirror / "search" / "index.html").as_uri() + "?q=" + query)
    status = page.locator("#offline-search [role=status]")
    status.filter(has_text=query).wait_for(timeout=10_000)
    hrefs = page.locator(".app-offline-result h2 a").evaluate_all("links => links.map(a => a.href)")
    return status.inner_text(), [h.split(mirror.name + "/", 1)[1].removesuffix("index.html") for h in hrefs]


# Words only in the body of long agreements, far past the 3,000 characters of each page that
# the mirror's index used to keep: "competent" 12,491 characters into DARS-NIC-00574-V2H1F's
# indexed text, "invitees" 10,143 into DARS-NIC-108098-D2L3V's (test_mirror.py checks where).
@pytest.mark.parametrize(("word", "agreement"), DEEP_WORDS)
def test_search_from_disk_finds_a_word_deep_in_a_long_agreement(page, mirror, word, agreement):
    status, found = offline_results(page, mirror, word)
    assert agreement in found, (status, found)
    assert inside(mirror, page.requests) == []
    assert page.errors == []


@pytest.mark.parametrize("query", [w for w, _ in DEEP_WORDS] + ["Southampton", "glioblastoma", "opt-out", "HES"])
def test_search_from_disk_finds_every_page_the_online_search_finds(page, mirror, site_url, query):
    page.goto(site_url + "search/?q=" + query)
    page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
    page.wait_for_timeout(300)
    while (more := page.locator(".pagefind-ui__button", has_text="Load more")).count():
        more.click()
        page.wait_for_timeout(300)
    online = page.locator(".pagefind-ui__result-link").evaluate_all("links => links.map(a => a.pathname)")
    online = {p.lstrip("/") for p in online}
    status, found = offline_results(page, mirror, query)
    count = int(status.split()[0])
    assert count >= len(online) > 0, (status, sorted(online))
    if count <= 20:  # every offline result is listed
        assert online <= set(found), sorted(online - set(found))
