"""The agreements list as data, for agreements.js: one row per agreement in the current
edition, which the script filters and sorts in the browser. The list pages themselves are
plain HTML (render/pages/agreements.py) and work without it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from regsite.model.site import Site
from regsite.render.views import NOT_STATED

# The order of each row's values, named once at the top of the file so the script need not guess.
COLUMNS = ["reference", "slug", "title", "organisation", "organisation_slug", "status", "start", "end"]


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""


def agreements_json(site: Site) -> bytes:
    """``{"columns": [...], "rows": [[...], ...]}`` in reference order; dates as ISO days
    (blank where the register gives none), the organisation as the site names it."""
    rows = []
    for record in site.uses.current_records():
        fields = record.latest.fields
        org = site.organisations.get(record.applicant_key)
        rows.append(
            [
                record.base,
                record.slug,
                fields.get("title") or record.base,
                org.name if org else NOT_STATED,
                org.slug if org else "",
                record.status,
                _iso(fields.get("start_date")),
                _iso(fields.get("end_date")),
            ]
        )
    return json.dumps({"columns": COLUMNS, "rows": rows}, ensure_ascii=False, separators=(",", ":")).encode()
