"""The agreements list as data (agreements/list.json), which agreements.js filters and sorts."""

from __future__ import annotations

import datetime as dt
import json

from regsite.render.agreement_list import COLUMNS


def test_the_list_has_one_row_per_current_agreement_in_reference_order(sample_site):
    data = json.loads((sample_site.out / "agreements" / "list.json").read_text("utf-8"))
    assert data["columns"] == COLUMNS
    rows = [dict(zip(COLUMNS, row, strict=True)) for row in data["rows"]]
    pages = sorted(p.parent.name for p in (sample_site.out / "agreements").glob("dars-*/index.html"))
    listed = [r["slug"] for r in rows]
    assert len(rows) == 28 and listed == sorted(listed) and set(listed) <= set(pages)
    council = next(r for r in rows if r["reference"] == "DARS-NIC-00574-V2H1F")
    assert council == {
        "reference": "DARS-NIC-00574-V2H1F",
        "slug": "dars-nic-00574-v2h1f",
        "title": "LAPH Standard Extract",
        "organisation": "SOUTHAMPTON CITY COUNCIL",
        "organisation_slug": "southampton-city-council",
        "status": "Active",
        "start": "2023-10-27",
        "end": "2026-10-26",
    }
    for r in rows:
        for key in ("start", "end"):
            assert not r[key] or dt.date.fromisoformat(r[key])
        assert not r["organisation_slug"] or (sample_site.out / "organisations" / r["organisation_slug"]).is_dir()
