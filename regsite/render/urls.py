"""The one place that names every page and file of the site.

Paths are relative to the site root, directories end in ``/``. Links are written
relative to the page that holds them (``../../agreements/x/``) so the same site works
on a CDN, under any sub-path, and (with ``offline``) from ``file://``, where every
directory link also names its ``index.html``.
"""

from __future__ import annotations

from dataclasses import dataclass


def home() -> str:
    return ""


def paged(base: str, page: int) -> str:
    """Page ``page`` of a list at ``base``: page 1 is the folder itself, later pages ``page-N/`` in it."""
    return base if page == 1 else f"{base}page-{page}/"


def agreements(page: int = 1) -> str:
    return paged("agreements/", page)


def agreement(slug: str) -> str:
    return f"agreements/{slug}/"


def agreement_version(slug: str, version: str) -> str:
    """An earlier version's own page: every field of it, as the register gave it."""
    return f"agreements/{slug}/v{version}/"


def agreement_files(slug: str, page: int = 1) -> str:
    """Every file released under an agreement, one row each, a page of them at a time."""
    return paged(f"agreements/{slug}/files/", page)


def agreement_json(slug: str) -> str:
    """Every version, dataset and file of one agreement, gzip-compressed (render/downloads.py)."""
    return f"agreements/{slug}.json.gz"


def agreements_list_json() -> str:
    return "agreements/list.json"  # the list's rows, for agreements.js to filter and sort


def organisations() -> str:
    return "organisations/"


def organisation(slug: str) -> str:
    return f"organisations/{slug}/"


def organisation_mentions(slug: str, register_id: str, page: int = 1) -> str:
    """An organisation's rows in another register, a page of them at a time, when one page cannot hold them."""
    return paged(f"organisations/{slug}/{register_id}/", page)


def datasets() -> str:
    return "datasets/"


def dataset(slug: str) -> str:
    return f"datasets/{slug}/"


def dataset_mentions(slug: str, register_id: str, page: int = 1) -> str:
    """A dataset's rows in another register, a page of them at a time, when one page cannot hold them."""
    return paged(f"datasets/{slug}/{register_id}/", page)


def browse() -> str:
    return "browse/"


def facet(field: str, slug: str | None = None, page: int = 1) -> str:
    if slug is None:
        return f"browse/{field}/"
    return paged(f"browse/{field}/{slug}/", page)


def guidance(name: str | None = None, anchor: str = "") -> str:
    path = "guidance/" if name is None else f"guidance/{name}/"
    return path + (f"#{anchor}" if anchor else "")


def field_help(key: str) -> str:
    """Where a register field is explained."""
    return guidance("reading-an-agreement", "field-" + key.replace("_", "-"))


def downloads() -> str:
    return "downloads/"


def search(query: str = "") -> str:
    return "search/" + (f"?q={query}" if query else "")


def archive(month: str | None = None) -> str:
    return "archive/" if month is None else f"archive/{month}/"


def registers() -> str:
    return "registers/"


def register(register_id: str, page: int = 1) -> str:
    return paged(f"registers/{register_id}/", page)


def register_table(register_id: str, table_id: str, page: int = 1) -> str:
    """A register's further table (its first is the register's own page)."""
    return paged(f"registers/{register_id}/{table_id}/", page)


def register_archive(register_id: str, month: str | None = None) -> str:
    base = f"registers/{register_id}/archive/"
    return base if month is None else f"{base}{month}/"


def overview() -> str:
    return "overview/"


def about() -> str:
    return "about/"


def about_data(anchor: str = "") -> str:
    """ "About this data": every row of every edition accounted for; ``anchor`` names one sheet's edition."""
    return "about/data/" + (f"#{anchor}" if anchor else "")


def accessibility() -> str:
    return "accessibility/"


def open_data() -> str:
    return "open-data/"


def download(name: str) -> str:
    """A file on the downloads page, by its file name."""
    return f"downloads/{name}"


def changes_feed() -> str:
    return "changes.atom"


def pagefind(name: str = "") -> str:
    """The search bundle's folder, or one of its files."""
    return f"pagefind/{name}"


def not_found() -> str:
    return "404.html"


def output_file(path: str) -> str:
    """The file a path is written to: directories hold an index.html."""
    return path + "index.html" if path == "" or path.endswith("/") else path


@dataclass(frozen=True)
class Linker:
    """Makes links from one page: ``prefix`` climbs from the page's folder to the root."""

    prefix: str
    offline: bool = False

    @classmethod
    def for_page(cls, page_file: str, offline: bool = False) -> Linker:
        return cls("../" * page_file.count("/"), offline)

    def __call__(self, target: str) -> str:
        path, hash_, fragment = target.partition("#")
        path, q, query = path.partition("?")
        if self.offline and (path == "" or path.endswith("/")):
            path += "index.html"
        link = self.prefix + path
        if not link:
            link = "./"
        return link + (q + query if q else "") + (hash_ + fragment if hash_ else "")
