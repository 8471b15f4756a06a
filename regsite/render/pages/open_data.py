"""The open data page: the register's machine-readable addresses, and what each holds."""

from __future__ import annotations

from typing import Any

from regsite.model.site import Site
from regsite.render import urls
from regsite.render.datapackage import PATH, current_editions, resource_name
from regsite.render.environment import PageSpec
from regsite.render.pages.labels import crumbs


def open_data_page(site: Site, downloads: list[Any]) -> PageSpec:
    editions = current_editions(site)
    current = [d for d in downloads if d.kind in ("CSV", "JSON") and d.path != PATH and "build-report" not in d.path]
    files = [(resource_name(d.path, editions), d) for d in sorted(current, key=lambda d: d.path)]
    example = next((r for r in site.uses.records.values() if r.in_current), None)
    return PageSpec(
        path=urls.open_data(),
        template="open_data.html",
        title="Open data",
        breadcrumbs=crumbs(("Downloads", urls.downloads())),
        description="The registers as data: a Frictionless Data Package, CSV and JSON at addresses a program can use.",
        context={
            "package": next((d for d in downloads if d.path == PATH), None),
            "files": files,
            "example": example,
        },
    )
