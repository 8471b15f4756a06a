"""Accessible by construction, checked on every page of the built sample: one h1, headings
in order, captioned tables with scoped headers, landmarks, and every agreement within
three clicks of the home page."""

from __future__ import annotations

import posixpath
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path


class Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.th_without_scope = 0
        self.landmarks: set[str] = set()
        self.links: list[str] = []
        self.first_link: str | None = None
        self.dl = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th" and a.get("scope") not in ("col", "row"):
            self.th_without_scope += 1
        elif tag in ("header", "main", "footer", "nav"):
            self.landmarks.add(tag)
        elif tag == "dl":
            self.dl += 1
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
            if self.first_link is None:
                self.first_link = a["href"]


def outline(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> list[Path]:
    pages = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > 100, "the sample site has its pages"
    return pages


def test_every_page_has_one_h1_headings_in_order_and_landmarks(sample_site):
    for path in html_pages(sample_site.out):
        o = outline(path)
        name = path.relative_to(sample_site.out)
        assert o.headings.count(1) == 1 and o.headings[0] == 1, name
        for before, after in zip(o.headings, o.headings[1:], strict=False):
            assert after <= before + 1, f"{name}: h{before} then h{after}"
        assert {"header", "main", "footer"} <= o.landmarks, name
        assert o.tables == o.captions, f"{name}: a table without a caption"
        assert o.th_without_scope == 0, name
        assert o.first_link == "#maincontent", f"{name}: the skip link is not first"


def test_agreement_facts_are_a_summary_list(sample_site):
    pages = sorted((sample_site.out / "agreements").glob("dars-*/index.html"))
    assert pages
    for path in pages:
        assert outline(path).dl >= 1, path


def test_every_agreement_is_within_three_clicks_of_home(sample_site):
    site = sample_site.out
    depth = {"index.html": 0}
    queue = deque(["index.html"])
    while queue:
        current = queue.popleft()
        if depth[current] == 3:
            continue
        for href in outline(site / current).links:
            if href.startswith(("http", "#", "mailto:")):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(current), href.split("#")[0].split("?")[0]))
            if href.split("#")[0].endswith("/") or target == ".":
                target = posixpath.join(target, "index.html") if target != "." else "index.html"
            if target.endswith(".html") and target not in depth and (site / target).is_file():
                depth[target] = depth[current] + 1
                queue.append(target)
    agreements = sorted(p.parent.name for p in (site / "agreements").glob("dars-*/index.html"))
    unreachable = [a for a in agreements if f"agreements/{a}/index.html" not in depth]
    assert agreements and unreachable == []
