"""Drawing the charts: SVG paths, axes, labels and patterns, byte-for-byte deterministic.

Presentation attributes only, never ``style``: the site's Content-Security-Policy forbids inline
styles. Text, axes and outlines use ``currentColor``, so print and forced colours follow the text.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from regsite.sources.cells import month_label

WIDTH = 640
FONT_SIZE = 12
# Rough advances in ems for a sans-serif like Frutiger or Arial: text is fitted without measuring it.
_NARROW, _SEMI, _WIDE = frozenset("iljI.,:;'|!"), frozenset("ftr -()[]/"), frozenset("mwMW@%")
BLUE = "#005eb8"
# NHS.UK palette in the order series take it; grey is kept for the merged "Other datasets".
PALETTE = ("#005eb8", "#330072", "#007f3b", "#ed8b00", "#7c2855", "#00a499")
OTHER_COLOUR = "#425563"
OTHER = "Other datasets"
MAX_SERIES = 6

# The white marks each series' colour is overlaid with on a 6×6 tile, so series differ without
# colour too: solid, diagonal hatch, dots, cross-hatch, horizontal lines, vertical lines.
_LINES = 'stroke="#fff" stroke-width="1.5"'
_PATTERNS: tuple[tuple[str, str] | None, ...] = (
    None,
    ("rotate(45)", f'<path d="M3 0v6" {_LINES}/>'),
    ("", '<circle cx="3" cy="3" r="1.4" fill="#fff"/>'),
    ("rotate(45)", '<path d="M3 0v6M0 3h6" stroke="#fff" stroke-width="1.2"/>'),
    ("", f'<path d="M0 3h6" {_LINES}/>'),
    ("", f'<path d="M3 0v6" {_LINES}/>'),
)
_OTHER_PATTERN = ("rotate(-45)", f'<path d="M3 0v6" {_LINES}/>')

_OUTLINE = 'stroke="currentColor" stroke-width=".5"'
_MARKER_ROOM = 160  # a marker's label is a few words, such as "v4.2 starts"


def monthly_svg(
    chart_id: str,
    title: str,
    summary: str,
    months: list[str],
    shown: list[tuple[str, dict[str, int]]],
    by_month: dict[str, int],
    markers: dict[str, str],
) -> Markup:
    ticks = _ticks(max(by_month.values(), default=0))
    left = _text_width(f"{ticks[-1]:,}") + 10
    right = WIDTH - 14
    slot = (right - left) / max(len(months), 1)
    index = {m: i for i, m in enumerate(months)}
    placed, rows = _place_markers(markers, index, left, slot)
    top = 14 * rows + (14 if rows else 12)
    plot = _Plot(months, index, left, right, slot, top + 180, 180 / ticks[-1])

    out: list[str] = []
    fills = []
    for i, (name, _) in enumerate(shown):
        colour, pattern = (OTHER_COLOUR, _OTHER_PATTERN) if name == OTHER and i == MAX_SERIES else _style(i)
        fills.append(_fill(chart_id, i, colour, pattern))
    defs = "".join(d for _, d in fills if d)
    if defs:
        out.append(f"<defs>{defs}</defs>")
    out.append(_y_axis(ticks, left, right, plot.bottom, plot.scale))
    out.append(_stacked_bars(plot, [counts for _, counts in shown], [fill for fill, _ in fills]))
    out.append(f'<path d="M{_n(left)} {_n(plot.bottom)}H{_n(right)}" stroke="currentColor"/>')
    axis, axis_bottom = _month_axis(months, left, slot, plot.bottom)
    out.append(axis)
    out += _marker_lines(placed, plot.bottom)
    legend, height = _legend([name for name, _ in shown], [fill for fill, _ in fills], left, axis_bottom + 10)
    out += legend
    return _svg(chart_id, title, summary, out, height)


@dataclass(frozen=True)
class _Plot:
    """Where a monthly chart's bars go: a slot per month from ``left``, values scaled up from ``bottom``."""

    months: list[str]
    index: dict[str, int]  # month → its slot
    left: float
    right: float
    slot: float
    bottom: float
    scale: float  # units per count

    @property
    def bar(self) -> int:
        """A bar's width in tenths of a unit. Whole-unit widths keep the paths short; very thin
        bars touch rather than vanish, and a few months do not make slabs."""
        return min(48, round(self.slot * 0.8)) * 10 if self.slot >= 3 else round(self.slot * 10)

    def y10(self, value: int) -> int:
        return round((self.bottom - value * self.scale) * 10)


def _place_markers(
    markers: dict[str, str], index: dict[str, int], left: float, slot: float
) -> tuple[list[tuple[float, int, str, str]], int]:
    """Marker labels go in rows above the plot, each in the first row where it does not overlap.
    Returns each marker's (x, row, anchor, label) and the number of rows."""
    placed: list[tuple[float, int, str, str]] = []
    row_ends: list[float] = []
    for month, label in sorted(markers.items()):
        if month not in index:
            continue
        x = left + index[month] * slot
        size = min(_text_width(label), _MARKER_ROOM)
        anchor, x0 = ("start", x) if x + 3 + size <= WIDTH else ("end", x - size)
        row = next((r for r, end in enumerate(row_ends) if end + 8 <= x0), len(row_ends))
        if row == len(row_ends):
            row_ends.append(0)
        row_ends[row] = x0 + size + 3
        placed.append((x, row, anchor, label))
    return placed, len(row_ends)


def _stacked_bars(plot: _Plot, series: list[dict[str, int]], fills: list[str]) -> str:
    """One path per series, each bar a subpath; moves are relative in tenths of a unit so the
    stacked edges meet exactly and the text stays short."""
    bar = plot.bar
    base = dict.fromkeys(plot.months, 0)
    out = [f'<g class="app-chart__marks" {_OUTLINE}>']
    for counts, fill in zip(series, fills, strict=True):
        d: list[str] = []
        here = (0, 0)
        for month in plot.months:
            count = counts.get(month, 0)
            if not count:
                continue
            x = round((plot.left + (plot.index[month] + 0.5) * plot.slot) * 10) - bar // 2
            y_top, y_bottom = plot.y10(base[month] + count), plot.y10(base[month])
            base[month] += count
            d.append(_path("M" if not d else "m", x - here[0], y_top - here[1]))
            d.append(f"h{_t(bar)}v{_t(y_bottom - y_top)}h{_t(-bar)}z")
            here = (x, y_top)  # where "z" leaves the pen
        if d:
            out.append(f'<path fill="{fill}" d="{"".join(d)}"/>')
    out.append("</g>")
    return "".join(out)


def _marker_lines(placed: list[tuple[float, int, str, str]], bottom: float) -> list[str]:
    """A dashed line down from each marker's label."""
    if not placed:
        return []
    lines = "".join(f"M{_n(x)} {12 + 14 * row}V{_n(bottom)}" for x, row, _, _ in placed)
    out = [f'<path d="{lines}" stroke="currentColor" stroke-dasharray="4 3"/>']
    out.append('<g class="app-chart__label" fill="currentColor">')
    for x, row, anchor, label in placed:
        tx = x + 3 if anchor == "start" else x - 3
        end = 'text-anchor="end"' if anchor == "end" else ""
        out.append(_text(tx, 10 + 14 * row, label, _MARKER_ROOM, attrs=end))
    out.append("</g>")
    return out


def _legend(names: list[str], fills: list[str], left: float, top: float) -> tuple[list[str], float]:
    """Two columns of swatch and name under the axis; returns them and the chart's height."""
    column = (WIDTH - left) / 2
    swatches, labels = [], []
    for i, (name, fill) in enumerate(zip(names, fills, strict=True)):
        x = left + (i % 2) * column
        y = top + (i // 2) * 18
        swatches.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="12" height="12" fill="{fill}"/>')
        labels.append(_text(x + 18, y + 10, name, column - 26))
    out = [
        f'<g class="app-chart__marks" {_OUTLINE}>{"".join(swatches)}</g>',
        f'<g class="app-chart__label" fill="currentColor">{"".join(labels)}</g>',
    ]
    return out, top + math.ceil(len(names) / 2) * 18 + 2


def timeline_svg(
    chart_id: str,
    title: str,
    summary: str,
    rows: list[tuple[str, str, dt.date | None, dt.date | None]],
    today: dt.date,
) -> Markup:
    dates = [d for _, _, s, e in rows for d in (s, e) if d] + [today]
    first_year, last_year = min(dates).year, max(dates).year
    d0, d1 = dt.date(first_year, 1, 1), dt.date(last_year + 1, 1, 1)
    label_width = min(WIDTH * 0.35, max((_text_width(f"{a} {b}".strip()) for a, b, _, _ in rows), default=0)) + 8
    left, right = label_width + 4, WIDTH - 14
    per_day = (right - left) / (d1 - d0).days

    def x_of(day: dt.date) -> float:
        return left + (day - d0).days * per_day

    top, row_height = 22, 20
    bottom = top + len(rows) * row_height + 4
    out: list[str] = []

    out.extend(_year_bands(list(range(first_year, last_year + 1)), x_of, right - left, top, bottom))

    bars: list[str] = []
    hollow: list[str] = []
    out.append('<g class="app-chart__label" fill="currentColor">')
    for i, (label, sub, start, end) in enumerate(rows):
        y = top + i * row_height
        room = label_width - 8 - (_text_width(" " + sub) if sub else 0)
        name = _truncate(label, room)
        text = f"{escape(name)} {escape(sub)}".strip() if sub else str(escape(name))
        inner = f"<title>{escape(label)}</title>{text}" if name != label else text
        out.append(f'<text x="{_n(label_width)}" y="{y + 14}" text-anchor="end">{inner}</text>')
        if start and end:
            a, b = sorted((x_of(start), x_of(end)))
            bars.append(f"M{_n(a)} {y + 4}h{_n(max(b - a, 1))}v12h{_n(-max(b - a, 1))}z")
        elif day := start or end:
            hollow.append(f"M{_n(x_of(day) - 5)} {y + 10}a5 5 0 1 0 10 0a5 5 0 1 0-10 0z")
        else:
            out.append(f'<text x="{_n(left + 4)}" y="{y + 14}" font-style="italic">dates not given</text>')
    out.append("</g>")
    if bars:
        out.append(f'<path class="app-chart__marks" fill="{BLUE}" {_OUTLINE} d="{"".join(bars)}"/>')
    if hollow:
        out.append(f'<path fill="none" stroke="{BLUE}" stroke-width="2" d="{"".join(hollow)}"/>')
    out.extend(_today_line(x_of(today), day_label(today), left, top, bottom))
    return _svg(chart_id, title, summary, out, bottom + 22)


def _year_bands(years: list[int], x_of: Callable[[dt.date], float], span: float, top: int, bottom: int) -> list[str]:
    """A tick where each year begins, the year centred in its band (every year, or every few if crowded)."""
    band = span / len(years)
    step = _label_step(band)
    grid = "".join(f"M{_n(x_of(dt.date(y, 1, 1)))} {top - 4}V{_n(bottom + 4)}" for y in [*years, years[-1] + 1])
    out = [f'<path d="{grid}" stroke="currentColor" stroke-opacity=".25"/>']
    out.append('<g class="app-chart__axis" fill="currentColor" text-anchor="middle">')
    for y in years:
        if y % step == 0:
            out.append(f'<text x="{_n(x_of(dt.date(y, 1, 1)) + band / 2)}" y="{_n(bottom + 16)}">{y}</text>')
    out.append("</g>")
    return out


def _today_line(x: float, label: str, left: float, top: int, bottom: int) -> list[str]:
    """A dashed line at today, its date above it, kept inside the chart."""
    half = _text_width(label) / 2
    tx = min(max(x, left + half), WIDTH - 2 - half)
    return [
        f'<path d="M{_n(x)} {top - 6}V{_n(bottom + 4)}" stroke="currentColor" stroke-dasharray="4 3"/>',
        f'<text class="app-chart__label" fill="currentColor" x="{_n(tx)}" y="12" text-anchor="middle">{label}</text>',
    ]


def counts_svg(chart_id: str, title: str, summary: str, items: list[tuple[str, int]]) -> Markup:
    label_width = min(WIDTH * 0.45, max((_text_width(label) for label, _ in items), default=0)) + 8
    most = max((n for _, n in items), default=0)
    number_width = _text_width(f"{most:,}") + 10
    left = label_width + 4
    span = WIDTH - left - number_width
    row_height = 24
    out: list[str] = []
    bars: list[str] = []
    out.append('<g class="app-chart__label" fill="currentColor">')
    for i, (label, n) in enumerate(items):
        y = 4 + i * row_height
        out.append(_text(label_width, y + 15, label, label_width - 8, attrs='text-anchor="end"'))
        length = n / most * span if most else 0
        if n:
            bars.append(f"M{_n(left)} {y + 3}h{_n(max(length, 1))}v16h{_n(-max(length, 1))}z")
        out.append(f'<text x="{_n(left + length + 5)}" y="{y + 15}">{n:,}</text>')
    out.append("</g>")
    if bars:
        out.append(f'<path class="app-chart__marks" fill="{BLUE}" {_OUTLINE} d="{"".join(bars)}"/>')
    out.append(f'<path d="M{_n(left)} 2V{len(items) * row_height + 6}" stroke="currentColor"/>')
    return _svg(chart_id, title, summary, out, len(items) * row_height + 8)


def line_svg(chart_id: str, title: str, summary: str, points: list[tuple[str, int]]) -> Markup:
    months = month_range(points[0][0], points[-1][0]) if points else []
    ticks = _ticks(max((v for _, v in points), default=0))
    last_label = f"{points[-1][1]:,}" if points else ""
    left = _text_width(f"{ticks[-1]:,}") + 10
    right = WIDTH - max(_text_width(last_label) + 12, 14)
    slot = (right - left) / max(len(months), 1)
    top, bottom = 10, 170
    scale = (bottom - top) / ticks[-1]
    index = {m: i for i, m in enumerate(months)}
    xy = [(round((left + (index[m] + 0.5) * slot) * 10), round((bottom - v * scale) * 10)) for m, v in points]

    out = [_y_axis(ticks, left, right, bottom, scale)]
    out.append(f'<path d="M{_n(left)} {bottom}H{_n(right)}" stroke="currentColor"/>')
    axis, axis_bottom = _month_axis(months, left, slot, bottom)
    out.append(axis)
    if xy:
        line = "".join(_path("M" if i == 0 else "l", *_delta(xy, i)) for i in range(len(xy)))
        dots = "".join(_path("M" if i == 0 else "m", *_delta(xy, i)) + "h0" for i in range(len(xy)))
        dot = _n(min(6, max(3, slot * 0.8)))
        out.append(f'<path d="{line}" fill="none" stroke="{BLUE}" stroke-width="2" stroke-linejoin="round"/>')
        # Zero-length subpaths with round caps draw a dot per point from one short path.
        out.append(f'<path d="{dots}" stroke="{BLUE}" stroke-width="{dot}" stroke-linecap="round"/>')
        x, y = xy[-1]
        out.append(
            f'<text class="app-chart__label" fill="currentColor" x="{_t(x + 60)}" y="{_t(y + 40)}">{last_label}</text>'
        )
    return _svg(chart_id, title, summary, out, axis_bottom + 4)


# ---------------------------------------------------------------------------
# Shared pieces


def _svg(chart_id: str, title: str, summary: str, body: list[str], height: float) -> Markup:
    """The whole ``<svg>``: named by its title and described by the summary, sized by viewBox only."""
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}"'
        f' preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
        ' class="app-chart" focusable="false"'
        f' font-size="{FONT_SIZE}"><title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>{"".join(body)}</svg>'
    )


def _y_axis(ticks: list[int], left: float, right: float, bottom: float, scale: float) -> str:
    grid = "".join(f"M{_n(left)} {_n(bottom - t * scale)}H{_n(right)}" for t in ticks[1:])
    labels = "".join(f'<text x="{_n(left - 6)}" y="{_n(bottom - t * scale + 4)}">{t:,}</text>' for t in ticks)
    return (
        f'<path d="{grid}" stroke="currentColor" stroke-opacity=".25"/>'
        f'<g class="app-chart__axis" fill="currentColor" text-anchor="end">{labels}</g>'
    )


def _month_axis(months: list[str], left: float, slot: float, bottom: float) -> tuple[str, float]:
    """Month names under each bar when there is room; years centred under their months, always.

    Returns the SVG and the lowest y it uses.
    """
    texts: list[str] = []
    y = bottom
    if slot >= 28:
        y += 14
        for i, month in enumerate(months):
            texts.append(f'<text x="{_n(left + (i + 0.5) * slot)}" y="{_n(y)}">{month_label(month)[:3]}</text>')
    y += 14
    ticks: list[str] = []
    step = _label_step(12 * slot)
    i = 0
    while i < len(months):
        year = months[i][:4]
        j = i
        while j < len(months) and months[j][:4] == year:
            j += 1
        x0, x1 = left + i * slot, left + j * slot
        if i:
            ticks.append(f"M{_n(x0)} {_n(bottom)}v{_n(y - bottom - 10)}")
        whole = j - i == 12 or x1 - x0 >= _text_width(year) + 4
        if int(year) % step == 0 and whole:
            texts.append(f'<text x="{_n((x0 + x1) / 2)}" y="{_n(y)}">{year}</text>')
        i = j
    out = f'<path d="{"".join(ticks)}" stroke="currentColor"/>' if ticks else ""
    out += f'<g class="app-chart__axis" fill="currentColor" text-anchor="middle">{"".join(texts)}</g>'
    return out, y + 4


def _label_step(band: float) -> int:
    """Label every year, or every second, fifth… when a year is too narrow for its label."""
    return next(s for s in (1, 2, 5, 10, 20, 50, 100) if band * s >= _text_width("2020") + 6 or s == 100)


def _ticks(most: int) -> list[int]:
    """0 up to a round maximum at or above ``most``, in at most four round steps."""
    if most <= 0:
        return [0, 1]
    magnitude = 10 ** max(0, len(str(most)) - 2)
    step = next(s * m for m in (magnitude, magnitude * 10) for s in (1, 2, 5) if -(-most // (s * m)) <= 4)
    return [step * i for i in range(-(-most // step) + 1)]


def _style(i: int) -> tuple[str, tuple[str, str] | None]:
    return PALETTE[i % len(PALETTE)], _PATTERNS[i % len(_PATTERNS)]


def _fill(chart_id: str, i: int, colour: str, pattern: tuple[str, str] | None) -> tuple[str, str]:
    """The fill attribute value for series ``i``, and the ``<pattern>`` it needs, if any."""
    if pattern is None:
        return colour, ""
    rotate, marks = pattern
    transform = f' patternTransform="{rotate}"' if rotate else ""
    return f"url(#{chart_id}-p{i})", (
        f'<pattern id="{chart_id}-p{i}" width="6" height="6" patternUnits="userSpaceOnUse"{transform}>'
        f'<rect width="6" height="6" fill="{colour}"/>{marks}</pattern>'
    )


def merge_small(series: list[tuple[str, dict[str, int]]]) -> list[tuple[str, dict[str, int]]]:
    if len(series) <= MAX_SERIES:
        return series
    by_total = sorted(range(len(series)), key=lambda i: -sum(series[i][1].values()))
    keep = set(by_total[:MAX_SERIES])
    other: dict[str, int] = {}
    for i, (_, counts) in enumerate(series):
        if i not in keep:
            for month, count in counts.items():
                other[month] = other.get(month, 0) + count
    return [s for i, s in enumerate(series) if i in keep] + [(OTHER, dict(sorted(other.items())))]


def _text(x: float, y: float, value: str, room: float, *, attrs: str = "") -> str:
    """A text element cut to ``room`` with an ellipsis; the full text then goes in its ``<title>``."""
    shown = _truncate(value, room)
    inner = f"<title>{escape(value)}</title>{escape(shown)}" if shown != value else str(escape(value))
    extra = f" {attrs}" if attrs else ""
    return f'<text x="{_n(x)}" y="{_n(y)}"{extra}>{inner}</text>'


def _truncate(value: str, room: float) -> str:
    if _text_width(value) <= room:
        return value
    # The width of value[:cut] + "…" for each cut, from the sums of value's prefixes made once
    # and in _text_width's order (so the very same numbers), rather than a sum for every cut.
    sums = [0.0]
    for char in value:
        sums.append(sums[-1] + _ems(char))
    ellipsis = _ems("…")
    cut = len(value)
    while cut > 1 and (sums[cut] + ellipsis) * FONT_SIZE > room:
        cut -= 1
    return value[:cut].rstrip() + "…"


def _text_width(value: str) -> float:
    """An estimate on the generous side, so labels fit in any likely font."""
    ems = 0.0
    for char in value:
        ems += _ems(char)
    return ems * FONT_SIZE


def _ems(char: str) -> float:
    if char in _NARROW:
        return 0.3
    if char in _SEMI:
        return 0.36
    if char in _WIDE:
        return 0.88
    if char.isupper():
        return 0.7
    return 0.58 if char.isdigit() else 0.55


def _path(command: str, x: int, y: int) -> str:
    """A move or line in tenths; a minus sign separates numbers, so the space is then left out."""
    ys = _t(y)
    return f"{command}{_t(x)}{'' if ys.startswith('-') else ' '}{ys}"


def _delta(xy: list[tuple[int, int]], i: int) -> tuple[int, int]:
    if i == 0:
        return xy[0]
    return xy[i][0] - xy[i - 1][0], xy[i][1] - xy[i - 1][1]


def _n(value: float) -> str:
    return _t(round(value * 10))


def _t(tenths: int) -> str:
    """A number given in tenths, as short as SVG allows: 15 → 1.5, 5 → .5, 20 → 2."""
    whole, frac = divmod(abs(tenths), 10)
    text = (str(whole) if whole else "") + (f".{frac}" if frac else "")
    return ("-" if tenths < 0 else "") + text if text else "0"


def month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def month_range(first: str, last: str) -> list[str]:
    a, b = month_index(first), month_index(last)
    if a > b:
        raise ValueError(f"month range runs backwards: {first} to {last}")
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(a, b + 1)]


def month_of(day: dt.date) -> str:
    return month_label(f"{day:%Y-%m}")


def day_label(day: dt.date | None) -> str:
    """``1 Sep 2026``: short enough for a chart label, and the same in the summary and table."""
    return f"{day.day} {month_of(day)}" if day else ""
