"""``/changes.atom``: an Atom feed (RFC 4287), one entry per edition, summarising what changed.

Atom needs permanent identifiers: with ``--base-url`` they are the pages' addresses;
without one, ``tag:`` URIs (RFC 4151) that never change. Links are absolute with a base
URL and relative to the feed otherwise.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from markupsafe import Markup

from regsite.model.datauses import DataUses
from regsite.render import urls
from regsite.render.pages.archive import edition_gaps
from regsite.render.pages.labels import field_labels
from regsite.sources.cells import month_label

TAG_AUTHORITY = "tag:regsite.nhs-registers,2026"


def _entry_html(uses: DataUses, month: str, link_for: str, gap: str | None) -> str:
    """What the edition page says, in brief: register-wide edits once each, with the number of
    agreements they touched; tidied wording apart from the changes; a month without an edition."""
    change = uses.changes.get(month)
    if change is None:
        return str(Markup("<p>The earliest edition in the archive.</p>"))
    labels = field_labels(uses.definition)
    items: list[Markup] = []
    if gap:
        previous = month_label(change.previous)
        items.append(Markup("No edition for {}: compared with the {} edition").format(gap, previous))
    for e in change.register_wide:
        what = {"organisation": "Organisation renamed", "dataset": "Dataset renamed"}.get(
            e.field, f"{labels.get(e.field, e.field)} changed"
        )
        items.append(
            Markup("{} in {} agreement{}, listed once: was “{}”, now “{}”").format(
                what, len(e.agreements), "" if len(e.agreements) == 1 else "s", e.old or "blank", e.new or "blank"
            )
        )

    def agreement(base: str) -> Markup:
        return Markup('<a href="{}">{}</a>').format(link_for + urls.agreement(base.lower()), base)

    for a in change.added:
        items.append(Markup("New agreement {}: {}").format(agreement(a.base), a.title))
    for a in change.removed:
        items.append(Markup("No longer in the register: {}: {}").format(agreement(a.base), a.title))
    for n in change.new_versions:
        items.append(
            Markup("New version {} of {} (was {})").format(
                ", ".join(n.versions), agreement(n.agreement.base), n.previous
            )
        )
    for c in change.changed:
        fields = [labels.get(f.key, f.key) for f in c.changes.fields]
        fields += [f"dataset added: {d}" for d in c.changes.datasets_added]
        fields += [f"dataset removed: {d}" for d in c.changes.datasets_removed]
        fields += [f"dataset terms changed: {d}" for d, _ in c.changes.datasets_changed]
        items.append(
            Markup("{} version {} changed: {}").format(agreement(c.agreement.base), c.version, "; ".join(fields))
        )
    if change.files:
        items.append(
            Markup("{} files newly listed under {} agreements").format(change.files_released, len(change.files))
        )
    if change.tidied:
        count = len(change.tidied)
        items.append(
            Markup("Wording tidied in {} agreement{} (quotes, spacing, capitals or full stops; not counted)").format(
                count, "" if count == 1 else "s"
            )
        )
    if not items:
        return str(Markup("<p>Nothing changed.</p>"))
    return str(Markup("<ul>{}</ul>").format(Markup("").join(Markup("<li>{}</li>").format(i) for i in items)))


def changes_feed(uses: DataUses, base_url: str, title: str, updated: dt.datetime | None = None) -> bytes:
    """The feed; its own ``updated`` is the build's time (``updated``), else the newest edition's."""
    base = base_url.rstrip("/") + "/" if base_url else ""
    feed_id = base + urls.changes_feed() if base else f"{TAG_AUTHORITY}:{uses.definition.id}/changes"
    latest = uses.editions[-1].month
    gaps = edition_gaps([s.month for s in uses.editions], uses.definition.monthly)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(title)}: what changed in each edition</title>",
        f"<subtitle>{escape(uses.definition.summary)}</subtitle>",
        f'<link rel="self" type="application/atom+xml" href="{escape(base + urls.changes_feed())}"/>',
        f'<link rel="alternate" type="text/html" href="{escape(base + urls.archive())}"/>',
        f"<id>{escape(feed_id)}</id>",
        f"<updated>{updated:%Y-%m-%dT%H:%M:%SZ}</updated>" if updated else f"<updated>{latest}-01T00:00:00Z</updated>",
        f"<author><name>{escape(uses.definition.publisher)} (data), regsite (feed)</name></author>",
        "<rights>Contains public sector information licensed under the Open Government Licence v3.0.</rights>",
    ]
    for summary in reversed(uses.editions):
        month = summary.month
        change = uses.changes.get(month)
        label = month_label(month)
        heading = f"{label} edition"
        if change is not None:
            heading += f": {change.count} change{'s' if change.count != 1 else ''}, {change.files_released} new files"
        if summary.note.derived:
            heading += " (derived, not published by NHS England)"
        page = urls.archive(month)
        entry_id = base + page if base else f"{TAG_AUTHORITY}:{uses.definition.id}/{month}"
        lines += [
            "<entry>",
            f"<title>{escape(heading)}</title>",
            f'<link rel="alternate" type="text/html" href="{escape(base + page)}"/>',
            f"<id>{escape(entry_id)}</id>",
            f"<updated>{month}-01T00:00:00Z</updated>",
            f'<content type="html">{escape(_entry_html(uses, month, base, gaps.get(month)))}</content>',
            "</entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
