"""The SVG drawing (regsite/render/svg.py), called directly: what charts.py hands it is
checked in test_charts.py."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from regsite.render.svg import (
    OTHER,
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

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<b>"x"</b>'
TODAY = dt.date(2026, 9, 1)


def monthly(chart_id: str, series: dict[str, dict[str, int]], markers: dict[str, str] | None = None) -> Markup:
    """A monthly chart over every month the series cover, drawn as charts.monthly_bars asks."""
    known = sorted({m for counts in series.values() for m in counts})
    months = month_range(known[0], known[-1])
    shown = merge_small(list(series.items()))
    by_month = {m: sum(counts.get(m, 0) for _, counts in shown) for m in months}
    return monthly_svg(chart_id, "Files", "Some files.", months, shown, by_month, markers or {})


def yearly_series() -> dict[str, dict[str, int]]:
    """Three series over Apr 2019 to Sep 2026, each month filled by one of them."""
    months = month_range("2019-04", "2026-09")
    return {f"Dataset {k}": {m: 1 + i % 4 for i, m in enumerate(months) if i % 3 == k} for k in range(3)}


TIMELINE_ROWS = [
    ("DARS-NIC-00574-V2H1F", "v1", dt.date(2014, 4, 1), dt.date(2017, 3, 31)),
    ("DARS-NIC-99999-NODATES", "v1", None, None),
    ("DARS-NIC-77777-OPENEND", "v2", dt.date(2022, 5, 1), None),
]


def all_svgs() -> list[tuple[str, str, str, Markup]]:
    """(id, title, summary, svg) for one chart of each kind."""
    return [
        ("releases-chart", "Files", "Some files.", monthly("releases-chart", yearly_series(), {"2021-04": "v4.2"})),
        ("timeline-chart", "Over time", "Versions.", timeline_svg("timeline-chart", "Over time", "Versions.", TIMELINE_ROWS, TODAY)),
        ("types-chart", "Types", "Counts.", counts_svg("types-chart", "Types", "Counts.", [("Academic", 12), ("NHS trust", 8)])),
        ("active-chart", "Active", "A line.", line_svg("active-chart", "Active", "A line.", [("2020-01", 40), ("2026-08", 120)])),
    ]  # fmt: skip


IDS = [c[0] for c in all_svgs()]


def texts(root: ET.Element) -> list[str]:
    """Each <text>'s visible words, without its <title>."""
    return [(t.text or "") + "".join(child.tail or "" for child in t) for t in root.iter(f"{SVG}text")]


# ---------------------------------------------------------------------------
# Months and days


def test_month_helpers():
    assert month_index("2020-01") == 2020 * 12
    assert month_range("2019-11", "2020-02") == ["2019-11", "2019-12", "2020-01", "2020-02"]
    assert month_range("2020-02", "2020-02") == ["2020-02"]
    with pytest.raises(ValueError, match="backwards"):
        month_range("2020-02", "2020-01")
    assert month_of(dt.date(2026, 9, 30)) == "Sep 2026"
    assert day_label(dt.date(2026, 9, 1)) == "1 Sep 2026"
    assert day_label(None) == ""


def test_merge_small_keeps_the_six_largest_in_order_and_sums_the_rest_by_month():
    series = [(f"D{k}", {"2020-01": 10 + k, "2020-03": 1}) for k in range(8)]
    series[0][1]["2020-02"] = 50
    merged = merge_small(series)
    assert [name for name, _ in merged] == ["D0", "D3", "D4", "D5", "D6", "D7", OTHER]
    assert merged[-1][1] == {"2020-01": 11 + 12, "2020-03": 2}
    assert merge_small(series[:6]) == series[:6]  # six or fewer: as given


# ---------------------------------------------------------------------------
# Monthly bars


def test_every_series_has_its_own_colour_and_pattern():
    root = ET.fromstring(str(monthly("c", {f"Dataset {k}": {"2020-01": 1} for k in range(8)})))
    patterns = list(root.iter(f"{SVG}pattern"))
    assert [p.get("id") for p in patterns] == ["c-p1", "c-p2", "c-p3", "c-p4", "c-p5", "c-p6"]
    # The pattern's marks, not just its colour, differ from series to series.
    marks = [ET.tostring(p[1]) + (p.get("patternTransform") or "").encode() for p in patterns]
    assert len(set(marks)) == len(marks)
    colours = [p[0].get("fill") for p in patterns]
    assert colours == ["#330072", "#007f3b", "#ed8b00", "#7c2855", "#00a499", "#425563"]
    fills = [p.get("fill") for p in root.find(f"{SVG}g[@class='app-chart__marks']")]
    assert fills == ["#005eb8", "url(#c-p1)", "url(#c-p2)", "url(#c-p3)", "url(#c-p4)", "url(#c-p5)", "url(#c-p6)"]


def test_markers_draw_a_dashed_line_and_their_label():
    root = ET.fromstring(str(monthly("c", yearly_series(), {"2021-04": "v4.2 starts", "1999-01": "out of range"})))
    assert "v4.2 starts" in texts(root)
    assert "out of range" not in texts(root)
    dashed = [p for p in root.iter(f"{SVG}path") if p.get("stroke-dasharray")]
    assert len(dashed) == 1
    assert dashed[0].get("d").count("M") == 1


def test_many_months_are_labelled_by_year_few_months_by_month():
    root = ET.fromstring(str(monthly("c", yearly_series())))
    axis = [t for g in root.iter(f"{SVG}g") if g.get("class") == "app-chart__axis" for t in g.itertext()]
    assert [t for t in axis if t.startswith("20") and len(t) == 4] == [str(y) for y in range(2019, 2027)]
    assert "Apr" not in axis
    short = ET.fromstring(str(monthly("c", {"A": {"2024-03": 4, "2024-09": 2}})))
    words = [t for g in short.iter(f"{SVG}g") if g.get("class") == "app-chart__axis" for t in g.itertext()]
    assert words == ["0", "1", "2", "3", "4", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "2024"]


# ---------------------------------------------------------------------------
# Timeline


def test_timeline_truncates_long_labels_but_keeps_them_whole_in_a_title():
    long = "DARS-NIC-" + "VERYLONGREFERENCE" * 5
    rows = [(long, "v1", dt.date(2020, 1, 1), dt.date(2021, 1, 1))]
    root = ET.fromstring(str(timeline_svg("t", "Agreements", "", rows, TODAY)))
    label = next(t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None)
    assert label.find(f"{SVG}title").text == long
    shown = label.find(f"{SVG}title").tail
    assert shown.endswith("… v1")
    assert long.startswith(shown[: -len("… v1")])


# ---------------------------------------------------------------------------
# Every chart: accessible, safe under the CSP, deterministic


@pytest.mark.parametrize(("chart_id", "title", "summary", "svg"), all_svgs(), ids=IDS)
def test_svg_is_named_described_and_scales(chart_id, title, summary, svg):
    text = str(svg)
    root = ET.fromstring(text)  # well-formed XML
    assert text.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 ')
    assert root.get("role") == "img"
    assert root.get("focusable") == "false"
    assert root.get("class") == "app-chart"
    assert root.get("preserveAspectRatio") == "xMinYMin meet"
    assert root.get("width") is None and root.get("height") is None
    assert root.get("font-size") == "12"
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    first, second = root[0], root[1]
    assert (first.tag, first.get("id"), first.text) == (f"{SVG}title", f"{chart_id}-title", title)
    assert (second.tag, second.get("id"), second.text) == (f"{SVG}desc", f"{chart_id}-desc", summary)


@pytest.mark.parametrize(("chart_id", "svg"), [(c[0], c[3]) for c in all_svgs()], ids=IDS)
def test_svg_has_no_styles_scripts_or_outside_references(chart_id, svg):
    text = str(svg)
    root = ET.fromstring(text)
    for element in root.iter():
        assert "style" not in element.attrib
        assert not any(name.startswith("on") or "href" in name for name in element.attrib)
    assert "<script" not in text and "<style" not in text
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert all(i.startswith(f"{chart_id}-") for i in ids)
    # Every url(#…) points inside this SVG.
    assert set(re.findall(r"url\(#([^)]+)\)", text)) <= ids
    assert "url(" not in re.sub(r"url\(#[^)]+\)", "", text)
    # Coordinates carry at most one decimal.
    assert not re.search(r"\d\.\d\d", text)


@pytest.mark.parametrize(("chart_id", "svg"), [(c[0], c[3]) for c in all_svgs()], ids=IDS)
def test_text_and_lines_follow_the_text_colour(chart_id, svg):
    root = ET.fromstring(str(svg))
    for group in root.iter(f"{SVG}g"):
        if group.get("class") in ("app-chart__label", "app-chart__axis"):
            assert group.get("fill") == "currentColor"
    for text in root.iter(f"{SVG}text"):
        assert text.get("fill") in (None, "currentColor")
    # Bars and swatches are outlined so they stay visible where fills are overridden.
    marks = [e for e in root.iter() if e.get("class") == "app-chart__marks"]
    assert bool(marks) == (chart_id != "active-chart")
    assert all(e.get("stroke") == "currentColor" and e.get("stroke-width") == ".5" for e in marks)


def test_two_charts_on_one_page_share_no_ids():
    one, two = monthly("one", yearly_series()), monthly("two", yearly_series())
    ids = [{e.get("id") for e in ET.fromstring(str(c)).iter() if e.get("id")} for c in (one, two)]
    assert ids[0] and not ids[0] & ids[1]


def test_output_is_deterministic():
    assert all_svgs() == all_svgs()


def test_text_is_escaped_everywhere():
    rows = [(HOSTILE, HOSTILE, dt.date(2020, 1, 1), dt.date(2021, 1, 1))]
    months = ["2020-01", "2020-02"]
    shown = [(HOSTILE, {"2020-01": 1}), ("B", {"2020-02": 1})]
    svgs = [
        monthly_svg("m", HOSTILE, HOSTILE, months, shown, {"2020-01": 1, "2020-02": 1}, {"2020-02": HOSTILE}),
        timeline_svg("t", HOSTILE, HOSTILE, rows, TODAY),
        counts_svg("k", HOSTILE, HOSTILE, [(HOSTILE, 3)]),
        line_svg("l", HOSTILE, HOSTILE, [("2020-01", 1)]),
    ]
    for svg in svgs:
        text = str(svg)
        assert "<b>" not in text
        assert "&lt;b&gt;&#34;x&#34;&lt;/b&gt;" in text
        root = ET.fromstring(text)
        assert root.find(f"{SVG}title").text == HOSTILE
        assert root.find(f"{SVG}desc").text == HOSTILE
        assert list(root.iter(f"{SVG}b")) == []
    assert texts(ET.fromstring(str(svgs[0]))).count(HOSTILE) == 2  # the legend and the marker
    assert f"{HOSTILE} {HOSTILE}" in texts(ET.fromstring(str(svgs[1])))
