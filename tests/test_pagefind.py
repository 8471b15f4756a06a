"""The search index (search/pagefind.py): Pagefind over the stubs, in bundles, made byte-stable."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from regsite.search.pagefind import BUNDLE_LIST, ELSEWHERE, build_index, plan_bundles
from regsite.search.stable import page_sorts


def write_stubs(folder):
    for i, kind in enumerate(["Agreement", "Organisation", "Agreement"]):
        page = folder / f"p{i}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>P{i}</title></head><body>'
            f"<div data-pagefind-body><h1>Page {i}</h1><p>hospital data number {i}</p>"
            f'<span data-pagefind-filter="Type of page:{kind}"></span></div></body></html>'
        )


def write_site_stubs(folder):
    """Stubs of three sections, agreements of several sizes and with end dates to sort by; the last
    agreement alone has a Status filter, and every page the word "hospital"."""
    paths = [f"agreements/a{i}/index.html" for i in range(7)] + [f"organisations/o{i}/index.html" for i in range(4)]
    paths += ["guidance/g0/index.html", "guidance/g1/index.html"]
    for n, path in enumerate(paths):
        section = path.split("/")[0]
        extra = '<span data-pagefind-filter="Status:Live"></span>' if path == "agreements/a6/index.html" else ""
        if section == "agreements":  # end dates out of path order, two of them the same
            extra += f'<span data-pagefind-sort="end_date:2020-{min(n * 5 % 7, 5) + 1:02d}-01"></span>'
        page = folder / path
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{path}</title></head><body>'
            f"<div data-pagefind-body><h1>{section} {n}</h1><p>hospital word{n} {'text ' * (20 * (n % 3))}</p>"
            f'<span data-pagefind-filter="Type of page:{section}"></span>{extra}</div></body></html>'
        )
    return sorted(paths)


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_index_counts_its_pages_and_is_the_same_every_time(tmp_path):
    write_stubs(tmp_path / "stubs")
    first = build_index(tmp_path / "stubs", tmp_path / "one")
    assert build_index(tmp_path / "stubs", tmp_path / "two") == first
    assert (first.pages, first.filters, first.bundles) == (3, 1, 1) and first.words > 5 and first.bytes > 0
    one = files(tmp_path / "one")
    assert any(p.endswith(".pf_filter") for p in one) and "pagefind.js" in one
    assert not any(p.startswith("part-") for p in one)  # a small site is one bundle
    assert one[BUNDLE_LIST].decode().endswith("export default [];\n")
    assert one == files(tmp_path / "two")


def test_stubs_are_dealt_into_as_few_bundles_as_keep_each_within_the_limit(tmp_path):
    paths = write_site_stubs(tmp_path)
    sizes = {p: (tmp_path / p).stat().st_size for p in paths}
    limit = sum(sizes.values()) // 3
    plan = plan_bundles(tmp_path, limit)
    assert plan == plan_bundles(tmp_path, limit)  # deterministic
    assert len(plan) >= 3 and sorted(p for bundle in plan for p in bundle) == paths  # every page once
    assert all(bundle == sorted(bundle) for bundle in plan)  # each in path order
    assert all(sum(sizes[p] for p in bundle) <= limit for bundle in plan)
    # Dealt, not cut in runs: every bundle has agreements and a page of another section.
    assert all(
        any(p.startswith("agreements/") for p in b) and not all(p.startswith("agreements/") for p in b) for b in plan
    )
    assert plan_bundles(tmp_path, sum(sizes.values())) == [paths]  # everything fits: one bundle
    assert len(plan_bundles(tmp_path, 1)) == len(paths)  # no page fits: one each


def end_dates(stubs):
    found = {}
    for page in stubs.rglob("*.html"):
        match = re.search(r'end_date:([0-9-]+)"', page.read_text())
        if match:
            found[page.relative_to(stubs).as_posix()] = match.group(1)
    return found


def fragment_urls(bundle):
    urls = []
    for fragment in sorted((bundle / "fragment").iterdir()):
        data = gzip.decompress(fragment.read_bytes())
        urls.append(json.loads(data[len(b"pagefind_dcd") :])["url"])
    return urls


@pytest.mark.parametrize("bundle_mb", [0.001])
def test_a_large_site_is_indexed_in_bundles_that_the_first_lists(tmp_path, bundle_mb):
    paths = write_site_stubs(tmp_path / "stubs")
    dates = {"/" + p.removesuffix("index.html"): date for p, date in end_dates(tmp_path / "stubs").items()}
    plan = plan_bundles(tmp_path / "stubs", int(bundle_mb * 1e6))
    assert len(plan) >= 3
    result = build_index(tmp_path / "stubs", tmp_path / "one", bundle_mb)
    parts = [f"part-{n}/" for n in range(2, len(plan) + 1)]
    assert result.parts == parts
    one = files(tmp_path / "one")
    assert one[BUNDLE_LIST].decode().endswith(f"export default {json.dumps(parts)};\n")
    # Each bundle has the pages of its share, and every page is in exactly one.
    bundles = [tmp_path / "one"] + [tmp_path / "one" / part for part in parts]
    found = [sorted(fragment_urls(bundle)) for bundle in bundles]
    assert found == [sorted("/" + p.removesuffix("index.html") for p in share) for share in plan]
    # A merged bundle keeps only its index: the first bundle's runtime reads it.
    for part in parts:
        kept = {p.split("/")[1] for p in one if p.startswith(part)}
        assert kept == {"pagefind-entry.json", "index", "filter", "fragment"} | {
            p.split("/")[1] for p in one if p.startswith(part) and p.endswith(".pf_meta")
        }
    assert "pagefind.js" in one and not any(p.startswith("part-") and p.endswith(".js") for p in one)
    # The figures are the whole index's: pages and bytes summed, filters counted once.
    assert (result.pages, result.bundles, result.filters) == (len(paths), len(plan), 2)
    assert result.bytes == sum(len(data) for data in one.values())
    # A sorted search scores a page by its place in its bundle's order of the sort: each bundle's
    # order is the whole index's, other bundles' pages holding their places.
    orders = [page_sorts(bundle)["en"] for bundle in bundles]
    places = [sorts["end_date"] for _, sorts in orders]
    assert len({len(p) for p in places}) == 1 and len(places[0]) == 7
    whole = []
    for place in range(7):
        (here,) = [urls[p[place]] for (urls, _), p in zip(orders, places, strict=True) if p[place] != ELSEWHERE]
        whole.append(here)
    assert whole == sorted(dates, key=lambda url: (dates[url], url))
    # The same stubs, the same bytes.
    write_site_stubs(tmp_path / "again")
    build_index(tmp_path / "again", tmp_path / "two", bundle_mb)
    assert files(tmp_path / "two") == one
