"""Charts as static SVG drawn at build time: no JavaScript and no chart library in the browser.

Each function returns a ``Chart``: the ``<svg>`` with a title, a one-sentence summary and a
table of the same numbers, so a page can put the table beside the picture. The SVG is named
by its own ``<title>`` and ``<desc>`` (``role="img"``), compact (one path per series, not an
element per bar) and byte-for-byte deterministic: ids derive from the caller's ``chart_id``.

Colour is never the only cue: series also differ by pattern, and counts are written beside
their bars. Text, axes and bar outlines use ``currentColor``, so print and forced-colors mode
follow the text colour. Presentation attributes only, never ``style``: the site's
Content-Security-Policy forbids inline styles.

The stylesheet's ``.app-chart`` rules (templates/assets/site.scss) keep them legible in forced-colors
mode. Without ``forced-color-adjust: auto`` Chromium leaves an SVG's ``color`` unforced, so text
drawn in ``currentColor`` (#212b32) would all but vanish on a dark high-contrast background.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from regsite.render.svg import (
    counts_svg,
    day_label,
    line_svg,
    merge_small,
    month_index,
    month_of,
    month_range,
    monthly_svg,
    timeline_svg,
)
from regsite.sources.cells import month_label

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_MONTH = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])\Z")


@dataclass(frozen=True)
class Chart:
    id: str  # prefix of every element id in the SVG
    title: str  # the accessible name
    summary: str  # one plain-English sentence with the real numbers: the SVG's description
    svg: Markup
    table_caption: str
    table_head: list[str]
    table_rows: list[list[str | int]]  # the chart's numbers, for a table beside it
    table_numbers: bool  # every column after the first holds counts (data_table's ``numbers``)


# ---------------------------------------------------------------------------
# Public charts


def monthly_bars(
    chart_id: str,
    title: str,
    series: dict[str, dict[str, int]],
    *,
    markers: dict[str, str] | None = None,
    unit: str = "file",
    start: str | None = None,
    end: str | None = None,
    verb: str = "released",
) -> Chart:
    """Stacked bars of monthly counts, one bar per month from the first month to the last.

    ``series`` maps a name to ``{"YYYY-MM": count}`` and is stacked in the given order. Beyond
    six series, the six with the largest totals are shown (in the given order) and the rest
    merged into "Other datasets". ``start``/``end`` fix the range; counts outside it are left
    out of the chart, the table and the summary alike. ``markers`` maps a month to a short
    label drawn on a dashed line at the start of that month (such as a version's start);
    markers outside the range are not drawn. ``unit`` and ``verb`` word the summary.
    """
    check_id(chart_id)
    for counts in series.values():
        for month, count in counts.items():
            check_month(month)
            check_count(count)
    for given in (start, end, *(markers or {})):
        if given is not None:
            check_month(given)
    # The range runs over every month given, widened or cut by ``start`` and ``end``.
    known = sorted({m for counts in series.values() for m in counts} | {m for m in (start, end) if m})
    first = start or (known[0] if known else None)
    last = end or (known[-1] if known else None)
    months = month_range(first, last) if first and last else []
    in_range = set(months)
    clipped = [(name, {m: c for m, c in counts.items() if m in in_range and c}) for name, counts in series.items()]
    shown = merge_small(clipped)
    by_month = {m: sum(counts.get(m, 0) for _, counts in shown) for m in months}
    filled = [m for m in months if by_month[m]]

    rows: list[list[str | int]] = [
        [month_label(m), *(counts.get(m, 0) for _, counts in shown), by_month[m]] for m in filled
    ]
    summary = _monthly_summary(by_month, filled, unit, verb)
    svg = monthly_svg(chart_id, title, summary, months, shown, by_month, markers or {})
    return Chart(
        chart_id, title, summary, svg, title, ["Month", *(n for n, _ in shown), "Total"], rows, table_numbers=True
    )


def timeline(
    chart_id: str,
    title: str,
    rows: list[tuple[str, str, dt.date | None, dt.date | None]],
    *,
    today: dt.date,
    unit: str = "agreement version",
) -> Chart:
    """Horizontal bars from start to end date, one row per ``(label, sublabel, start, end)``.

    A row with only one date is drawn as a hollow circle at that date, and a row with none
    says so in words; the table lists every row. A dashed line marks ``today``, the edition
    date. A row counts as active when ``start <= today <= end``: an open end is not known to
    be active, so it is not counted.
    """
    check_id(chart_id)
    summary = _timeline_summary(rows, today, unit)
    table: list[list[str | int]] = [[label, sub, day_label(s), day_label(e)] for label, sub, s, e in rows]
    svg = timeline_svg(chart_id, title, summary, rows, today)
    return Chart(
        chart_id, title, summary, svg, title, ["Agreement", "Version", "Start", "End"], table, table_numbers=False
    )


def counts_bars(
    chart_id: str, title: str, items: list[tuple[str, int]], *, unit: str, summary: str | None = None
) -> Chart:
    """Horizontal bars of labelled counts in the given order, each with its number at its end.

    ``summary`` replaces the default sentence where the counts are not parts of one whole
    (an agreement can cite several legal bases), so "the most of N" would mislead.
    """
    check_id(chart_id)
    for _, count in items:
        check_count(count)
    summary = summary or _counts_summary(items, unit)
    svg = counts_svg(chart_id, title, summary, items)
    return Chart(
        chart_id, title, summary, svg, title, ["Label", "Count"], [[label, n] for label, n in items], table_numbers=True
    )


def line_over_time(chart_id: str, title: str, points: list[tuple[str, int]], *, unit: str) -> Chart:
    """A line through monthly values (``("YYYY-MM", n)``), a dot on each, the last one labelled.

    The x axis is time, so a gap between editions reads as a longer segment.
    """
    check_id(chart_id)
    for month, value in points:
        check_month(month)
        check_count(value)
    points = sorted(points)
    if len({m for m, _ in points}) != len(points):
        raise ValueError("line_over_time: each month may appear only once")
    summary = _line_summary(points, unit)
    svg = line_svg(chart_id, title, summary, points)
    rows: list[list[str | int]] = [[month_label(m), v] for m, v in points]
    return Chart(
        chart_id, title, summary, svg, title, ["Month", _plural_word(unit).capitalize()], rows, table_numbers=True
    )


# ---------------------------------------------------------------------------
# Summaries: what a screen reader hears, and what the page can print above the chart


def _monthly_summary(by_month: dict[str, int], filled: list[str], unit: str, verb: str) -> str:
    total = sum(by_month.values())
    if not total:
        return f"No {_plural_word(unit)} {verb}."
    if len(filled) == 1:
        return f"{_count(total, unit)} {verb} in {month_label(filled[0])}."
    text = f"{_count(total, unit)} {verb} between {month_label(filled[0])} and {month_label(filled[-1])}"
    years: dict[str, int] = {}
    for month in filled:
        years[month[:4]] = years.get(month[:4], 0) + by_month[month]
    if len(years) == 1:
        return text + "."
    peak = max(years.values())
    best = [year for year, n in years.items() if n == peak]
    if len(best) == 1:
        return f"{text}, most in {best[0]} ({peak:,})."
    return f"{text}, most in {_and(best)} ({peak:,} each)."


def _timeline_summary(rows: list[tuple[str, str, dt.date | None, dt.date | None]], today: dt.date, unit: str) -> str:
    if not rows:
        return f"No {_plural_word(unit)}."
    dated = [d for _, _, s, e in rows for d in (s, e) if d]
    if not dated:
        return f"{_count(len(rows), unit)}, none with dates."
    starts = [s for _, _, s, _ in rows if s] or dated
    ends = [e for _, _, _, e in rows if e] or dated
    active = sum(1 for _, _, s, e in rows if s and e and s <= today <= e)
    return (
        f"{_count(len(rows), unit)} from {month_of(min(starts))} to {month_of(max(ends))}; "
        f"{active or 'none'} active on {day_label(today)}."
    )


def _counts_summary(items: list[tuple[str, int]], unit: str) -> str:
    total = sum(n for _, n in items)
    if not total:
        return f"No {_plural_word(unit)}."
    top = max(n for _, n in items)
    best = [label for label, n in items if n == top]
    if len(best) == 1:
        return f"{best[0]} has the most {_plural_word(unit)} ({top:,} of {total:,})."
    return f"{_and(best)} have the most {_plural_word(unit)} ({top:,} each, of {total:,})."


def _line_summary(points: list[tuple[str, int]], unit: str) -> str:
    noun = f"the number of {_plural_word(unit)}"
    if not points:
        return f"No {_plural_word(unit)}."
    (first, a), (last, b) = points[0], points[-1]
    if len(points) == 1:
        return f"In {month_label(first)} {noun} was {a:,}."
    if b > a:
        change = f"rose from {a:,} to {b:,}"
    elif b < a:
        change = f"fell from {a:,} to {b:,}"
    else:
        change = f"was {a:,} at both ends"
    text = f"Between {month_label(first)} and {month_label(last)} {noun} {change}"
    peak_month, peak = max(points, key=lambda p: (p[1], -month_index(p[0])))
    if peak > max(a, b):
        text += f", peaking at {peak:,} in {month_label(peak_month)}"
    return text + "."


def _count(n: int, unit: str) -> str:
    return f"{n:,} {unit if n == 1 else _plural_word(unit)}"


def _plural_word(unit: str) -> str:
    if unit.endswith("y") and unit[-2:-1] not in tuple("aeiou"):
        return unit[:-1] + "ies"
    return unit + "s"


def _and(values: Iterable[str]) -> str:
    values = list(values)
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} and {values[-1]}"


def check_id(chart_id: str) -> None:
    # The id goes unescaped into id="…" and url(#…), so it must be a plain name.
    if not _ID.match(chart_id):
        raise ValueError(f"chart id must be letters, digits, - or _, starting with a letter: {chart_id!r}")


def check_month(month: str) -> None:
    if not isinstance(month, str) or not _MONTH.match(month):
        raise ValueError(f"expected a month like 2019-04, got {month!r}")


def check_count(count: int) -> None:
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"expected a whole number of 0 or more, got {count!r}")
