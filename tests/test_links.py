"""Every internal link of the built sample resolves: each href and src in every HTML page, each
``#fragment`` (to an id on the page it names), and each redirect in ``_redirects``; and the
offline mirror's pages, opened from disk, link only to files it contains."""

from __future__ import annotations

import posixpath
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src", "action", "poster", "data"}


class Links(HTMLParser):
    """The links (tag, attribute, value) and the ids of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            elif name in LINK_ATTRIBUTES:
                self.links.append((tag, name, value))
            elif name == "srcset":
                self.links += [(tag, name, part.split()[0]) for part in value.split(",") if part.strip()]


class Site:
    """A built folder, read once: each page's links and ids, parsed on first use."""

    def __init__(self, root: Path, folders_have_index: bool = True) -> None:
        self.root = root
        self.folders_have_index = folders_have_index  # a server answers /x/ with /x/index.html
        self.parsed: dict[str, Links] = {}

    def page(self, path: str) -> Links:
        if path not in self.parsed:
            parser = Links()
            parser.feed((self.root / path).read_text(encoding="utf-8"))
            self.parsed[path] = parser
        return self.parsed[path]

    def target(self, path: str) -> str | None:
        """The file a site path names, or None when there is none."""
        candidate = self.root / path
        if path in ("", ".") or path.endswith("/") or candidate.is_dir():
            if not self.folders_have_index:
                return None
            index = posixpath.join(path.rstrip("/"), "index.html") if path not in ("", ".") else "index.html"
            return index if (self.root / index).is_file() else None
        return path if candidate.is_file() else None

    def broken(self, page: str, value: str) -> str | None:
        """Why the link ``value`` on ``page`` does not resolve, or None when it does."""
        parts = urlsplit(value)
        if parts.scheme or parts.netloc:
            return None if parts.scheme in ("http", "https", "mailto", "data", "tel") else "an unknown scheme"
        if parts.path.startswith("/"):
            path = parts.path.lstrip("/")
        else:
            path = posixpath.join(posixpath.dirname(page), unquote(parts.path)) if parts.path else page
        if posixpath.normpath(path).startswith(".."):
            return "a path above the site's root"
        keep_slash = path.endswith("/")
        path = posixpath.normpath(path) + ("/" if keep_slash and posixpath.normpath(path) != "." else "")
        found = self.target("" if path == "." else path)
        if found is None:
            return f"no file at {path}"
        if parts.fragment and found.endswith(".html") and unquote(parts.fragment) not in self.page(found).ids:
            return f"no id {parts.fragment!r} in {found}"
        return None


def html_pages(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


def broken_links(site: Site) -> list[str]:
    problems = []
    for page in html_pages(site.root):
        for tag, attribute, value in site.page(page).links:
            if why := site.broken(page, value):
                problems.append(f"{page}: <{tag} {attribute}={value!r}>: {why}")
    return problems


def test_every_internal_link_and_fragment_resolves(sample_site):
    site = Site(sample_site.out)
    assert len(html_pages(site.root)) > 100
    assert broken_links(site) == []
    checked = sum(len(site.page(p).links) for p in html_pages(site.root))
    assert checked > 5_000


def test_every_redirect_leads_to_a_page(sample_site):
    site = Site(sample_site.out)
    lines = (site.root / "_redirects").read_text(encoding="utf-8").splitlines()
    rules = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    assert len(rules) > 100
    problems = [f"{' '.join(rule)}: {why}" for rule in rules if (why := site.broken("", rule[1]))]
    assert problems == []
    assert all(rule[2] in ("301", "302", "200", "404") for rule in rules)


def test_the_checker_finds_a_missing_page_and_a_missing_fragment(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="#top" id="top">ok</a>'
        '<a href="b/">missing</a><a href="a/#gone">no id</a><img src="logo.svg">',
        encoding="utf-8",
    )
    (tmp_path / "a" / "index.html").write_text('<h1 id="here">A</h1><a href="../index.html#nowhere">x</a>', "utf-8")
    problems = broken_links(Site(tmp_path))
    assert problems == [
        "a/index.html: <a href='../index.html#nowhere'>: no id 'nowhere' in index.html",
        "index.html: <a href='b/'>: no file at b/",
        "index.html: <a href='a/#gone'>: no id 'gone' in a/index.html",
        "index.html: <img src='logo.svg'>: no file at logo.svg",
    ]


def test_the_offline_mirror_links_only_to_files_it_holds(sample_site, tmp_path):
    (archive,) = sample_site.out.glob("downloads/register-site-*.zip")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(tmp_path)
    (root,) = tmp_path.iterdir()
    # From disk a folder is not a page: every link must name its index.html.
    assert len(html_pages(root)) > 100
    assert broken_links(Site(root, folders_have_index=False)) == []
