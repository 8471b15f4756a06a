"""Files for hosting on a CDN: permanent links, sitemap.xml, robots.txt, compressed downloads.

Netlify reads ``_redirects`` and ``_headers`` from the published folder; its own settings
(headers, the 404 page) are in the repository's ``netlify.toml``. Any static host can use the
sitemap, robots.txt and the ``.gz`` copies.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from regsite.model.datauses import DataUses
from regsite.render import urls
from regsite.render.downloads import register_json_path, sheet_csv_path


def redirects(uses: DataUses) -> bytes:
    """Permanent links: an agreement's reference leads to its page, and a versioned reference
    to that version's page (the latest version is the agreement's own page), in capitals or
    lower case. (Netlify matches paths case-sensitively; other casings are caught by the 404
    page's script.)"""
    lines = ["# Permanent links to agreements, written by the build: /DARS-NIC-… and /DARS-NIC-…-vX.Y"]
    for record in uses.records.values():
        main = "/" + urls.agreement(record.slug)
        latest = record.agreement.latest
        targets = [(record.base, main)] + [
            (v.reference, main if v is latest else "/" + urls.agreement_version(record.slug, v.version))
            for v in record.agreement.versions
        ]
        for reference, target in targets:
            for form in dict.fromkeys((reference, reference.upper(), reference.lower())):
                lines.append(f"/{form} {target} 301")
                lines.append(f"/{form}/ {target} 301")
    # The whole register's JSON, its sheets' CSVs and each agreement's JSON were once published
    # uncompressed, under the names without .gz.
    for path in [
        register_json_path(uses),
        *(sheet_csv_path(uses, sheet.id) for sheet in uses.definition.sheets),
        *(urls.agreement_json(record.slug) for record in uses.records.values()),
    ]:
        lines.append(f"/{path.removesuffix('.gz')} /{path} 301")
    return ("\n".join(lines) + "\n").encode("utf-8")


def index_headers(parts: list[str]) -> bytes:
    """Netlify's ``_headers`` for the search index's bundles after the first (``pagefind/part-N/``,
    search/pagefind.py): their index, filter and fragment files are named by their content, so are
    cached for a year, as netlify.toml caches the first bundle's. Written by the build, which alone
    knows how many there are; each rule ends with its wildcard, the one place every host takes it."""
    lines = ["# The search index's other bundles, written by the build (netlify.toml caches the first's)."]
    for part in parts:
        for folder in ("fragment", "index", "filter"):
            lines += [f"/{urls.pagefind(part)}{folder}/*", "  Cache-Control: public, max-age=31536000, immutable"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def sitemap(paths: list[str], base_url: str) -> bytes:
    """Every page (not downloads), with absolute addresses: only made with --base-url."""
    base = base_url.rstrip("/") + "/"
    entries = "".join(f"<url><loc>{escape(base + p)}</loc></url>\n" for p in sorted(paths))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n"
    ).encode("utf-8")


def robots(base_url: str) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {base_url.rstrip('/')}/sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")
