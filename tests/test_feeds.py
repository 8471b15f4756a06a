"""The Atom feed of what changed (render/feeds.py)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from regsite.render.feeds import changes_feed

ATOM = "{http://www.w3.org/2005/Atom}"


def test_an_entry_per_edition_newest_first(sample_model):
    uses = sample_model.uses
    feed = ET.fromstring(changes_feed(uses, "", "Data Uses Register"))
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [
        f"{e.month}-01T00:00:00Z" for e in reversed(uses.editions)
    ]
    assert feed.findtext(f"{ATOM}updated") == f"{uses.editions[-1].month}-01T00:00:00Z"
    assert feed.findtext(f"{ATOM}id").startswith("tag:")
    assert all(e.findtext(f"{ATOM}id").startswith("tag:") for e in entries)


def test_the_feeds_own_time_is_the_builds(sample_model):
    moment = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    feed = ET.fromstring(changes_feed(sample_model.uses, "https://example.org/", "R", moment))
    assert feed.findtext(f"{ATOM}updated") == "2023-11-14T22:13:20Z"
    assert feed.findtext(f"{ATOM}id") == "https://example.org/changes.atom"
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    assert links and all(link.startswith("https://example.org/archive/") for link in links)
