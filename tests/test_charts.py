from __future__ import annotations

import datetime as dt
import random
import xml.etree.ElementTree as ET

import pytest

from regsite.render.charts import Chart, counts_bars, line_over_time, monthly_bars, timeline
from regsite.render.svg import OTHER

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<b>"x"</b>'
TODAY = dt.date(2026, 9, 1)


def _months(first: str, count: int) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    out = []
    for _ in range(count):
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


NINETY = _months("2019-04", 90)  # Apr 2019 to Sep 2026
DATASETS = [
    "Hospital Episode Statistics Admitted Patient Care",
    "Hospital Episode Statistics Outpatients",
    "Emergency Care Data Set",
    "Civil Registration - Deaths",
    "Mental Health Services Data Set",
    "Diagnostic Imaging Dataset",
]


def realistic_series() -> dict[str, dict[str, int]]:
    """Six datasets over 90 months, released monthly down to yearly, as the register shows."""
    rnd = random.Random(4)
    return {
        name: {m: rnd.randint(1, 4) for i, m in enumerate(NINETY) if i % (k + 1) == 0 and rnd.random() < 0.9}
        for k, name in enumerate(DATASETS)
    }


def dense_series() -> dict[str, dict[str, int]]:
    """The worst case for size: every dataset released every month, at an awkward scale."""
    return {name: {m: 1 + (i * 7 + k) % 13 for i, m in enumerate(NINETY)} for k, name in enumerate(DATASETS)}


def parse(chart: Chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))


def texts(root: ET.Element) -> list[str]:
    """Each <text>'s visible words, without its <title>."""
    return [(t.text or "") + "".join(child.tail or "" for child in t) for t in root.iter(f"{SVG}text")]


def all_charts() -> list[Chart]:
    return [
        monthly_bars(
            "releases-chart",
            "Files released each month, by dataset",
            realistic_series(),
            markers={"2021-04": "v4.2 starts"},
        ),
        timeline("timeline-chart", "Agreements over time", TIMELINE_ROWS, today=TODAY),
        counts_bars(
            "types-chart", "Agreements by organisation type", [("Academic", 12), ("NHS trust", 8)], unit="agreement"
        ),
        line_over_time(
            "active-chart", "Active agreements", [("2020-01", 40), ("2024-03", 130), ("2026-08", 120)], unit="agreement"
        ),
    ]


TIMELINE_ROWS = [
    ("DARS-NIC-00574-V2H1F", "v1", dt.date(2014, 4, 1), dt.date(2017, 3, 31)),
    ("DARS-NIC-00574-V2H1F", "v2", dt.date(2017, 4, 1), dt.date(2027, 3, 31)),
    ("DARS-NIC-12345-ABCDE", "v1.3", dt.date(2024, 1, 1), dt.date(2026, 12, 31)),
    ("DARS-NIC-99999-NODATES", "v1", None, None),
    ("DARS-NIC-77777-OPENEND", "v2", dt.date(2022, 5, 1), None),
]


# ---------------------------------------------------------------------------
# monthly_bars


def test_monthly_summary_and_table_for_a_known_input():
    chart = monthly_bars("c", "Files", {"HES APC": {"2019-04": 2, "2020-01": 5}, "ECDS": {"2020-01": 1}})
    assert chart.summary == "8 files released between Apr 2019 and Jan 2020, most in 2020 (6)."
    assert chart.table_caption == "Files"
    assert chart.table_head == ["Month", "HES APC", "ECDS", "Total"]
    assert chart.table_rows == [["Apr 2019", 2, 0, 2], ["Jan 2020", 5, 1, 6]]


def test_monthly_table_has_the_non_empty_months_in_order_and_the_input_totals():
    series = realistic_series()
    chart = monthly_bars("c", "Files", series)
    wanted = [m for m in NINETY if any(counts.get(m) for counts in series.values())]
    assert [row[0] for row in chart.table_rows] == [f"{dt.date(int(m[:4]), int(m[5:]), 1):%b %Y}" for m in wanted]
    for column, name in enumerate(chart.table_head[1:-1], 1):
        assert sum(row[column] for row in chart.table_rows) == sum(series[name].values())
    assert sum(row[-1] for row in chart.table_rows) == sum(sum(c.values()) for c in series.values())
    assert all(row[-1] == sum(row[1:-1]) for row in chart.table_rows)


@pytest.mark.parametrize(
    ("series", "summary"),
    [
        ({}, "No files released."),
        ({"A": {"2020-01": 0}}, "No files released."),
        ({"A": {"2019-04": 7}, "B": {"2019-04": 1}}, "8 files released in Apr 2019."),
        ({"A": {"2019-04": 1}}, "1 file released in Apr 2019."),
        ({"A": {"2019-04": 2, "2019-09": 3}}, "5 files released between Apr 2019 and Sep 2019."),
        (
            {"A": {"2019-04": 4, "2020-09": 4}},
            "8 files released between Apr 2019 and Sep 2020, most in 2019 and 2020 (4 each).",
        ),
        (
            {"A": {"2019-04": 1000, "2020-09": 1}},
            "1,001 files released between Apr 2019 and Sep 2020, most in 2019 (1,000).",
        ),
    ],
)
def test_monthly_summary_wording(series, summary):
    assert monthly_bars("c", "Files", series).summary == summary


def test_monthly_no_data_still_draws_a_valid_chart():
    chart = monthly_bars("c", "Files", {})
    assert chart.table_rows == []
    assert parse(chart).tag == f"{SVG}svg"


def test_monthly_bars_cover_the_continuous_range_and_start_end_cut_it():
    series = {"A": {"2019-01": 1, "2019-06": 2, "2020-02": 4}}
    chart = monthly_bars("c", "Files", series, start="2019-03", end="2019-12")
    assert chart.table_rows == [["Jun 2019", 2, 2]]
    assert chart.summary == "2 files released in Jun 2019."
    # A start later than every month given is still a range, not an error.
    assert monthly_bars("c", "Files", series, start="2021-01").table_rows == []


def test_more_than_six_series_merge_the_smallest_into_other_datasets_keeping_totals():
    series = {f"Dataset {k}": {"2020-01": 10 + k, "2020-03": 1} for k in range(8)}
    series["Dataset 0"]["2020-02"] = 50  # the largest overall, though first
    chart = monthly_bars("c", "Files", series)
    assert chart.table_head == [
        "Month",
        "Dataset 0",
        "Dataset 3",
        "Dataset 4",
        "Dataset 5",
        "Dataset 6",
        "Dataset 7",
        OTHER,
        "Total",
    ]
    assert chart.table_rows[0] == ["Jan 2020", 10, 13, 14, 15, 16, 17, 11 + 12, 10 + 11 + 12 + 13 + 14 + 15 + 16 + 17]
    assert sum(row[-1] for row in chart.table_rows) == sum(sum(c.values()) for c in series.values())
    legend = texts(parse(chart))
    assert OTHER in legend
    assert "Dataset 1" not in legend


def test_realistic_ninety_month_six_series_chart_is_small():
    chart = monthly_bars(
        "releases-chart",
        "Files released each month, by dataset",
        realistic_series(),
        markers={"2021-04": "v4.2 starts"},
    )
    assert len(str(chart.svg).encode()) < 9_000
    dense = monthly_bars("releases-chart", "Files released each month, by dataset", dense_series())
    assert sum(1 for _ in dense.table_rows) == 90
    assert len(str(dense.svg).encode()) < 14_000


def test_invalid_input_is_refused():
    with pytest.raises(ValueError, match="chart id"):
        monthly_bars('x" onload="alert(1)', "Files", {})
    with pytest.raises(ValueError, match="month like 2019-04"):
        monthly_bars("c", "Files", {"A": {"2019-4": 1}})
    with pytest.raises(ValueError, match="whole number"):
        monthly_bars("c", "Files", {"A": {"2019-04": -1}})
    with pytest.raises(ValueError, match="backwards"):
        monthly_bars("c", "Files", {}, start="2020-01", end="2019-01")


# ---------------------------------------------------------------------------
# timeline


def test_timeline_summary_table_and_today_line():
    chart = timeline("t", "Agreements over time", TIMELINE_ROWS, today=TODAY)
    assert chart.summary == "5 agreement versions from Apr 2014 to Mar 2027; 2 active on 1 Sep 2026."
    assert chart.table_head == ["Agreement", "Version", "Start", "End"]
    assert chart.table_rows == [
        ["DARS-NIC-00574-V2H1F", "v1", "1 Apr 2014", "31 Mar 2017"],
        ["DARS-NIC-00574-V2H1F", "v2", "1 Apr 2017", "31 Mar 2027"],
        ["DARS-NIC-12345-ABCDE", "v1.3", "1 Jan 2024", "31 Dec 2026"],
        ["DARS-NIC-99999-NODATES", "v1", "", ""],
        ["DARS-NIC-77777-OPENEND", "v2", "1 May 2022", ""],
    ]
    root = parse(chart)
    words = texts(root)
    assert "1 Sep 2026" in words
    assert "dates not given" in words
    assert "DARS-NIC-99999-NODATES v1" in words
    dashed = [p for p in root.iter(f"{SVG}path") if p.get("stroke-dasharray")]
    assert len(dashed) == 1
    bars = root.find(f"{SVG}path[@class='app-chart__marks']")
    assert bars.get("d").count("M") == 3  # the rows with both dates
    hollow = [p for p in root.iter(f"{SVG}path") if p.get("fill") == "none"]
    assert len(hollow) == 1  # the open-ended row


@pytest.mark.parametrize(
    ("rows", "summary"),
    [
        ([], "No agreement versions."),
        ([("A", "v1", None, None)], "1 agreement version, none with dates."),
        (
            [("A", "v1", dt.date(2020, 1, 1), dt.date(2021, 1, 1))],
            "1 agreement version from Jan 2020 to Jan 2021; none active on 1 Sep 2026.",
        ),
    ],
)
def test_timeline_summary_wording(rows, summary):
    chart = timeline("t", "Agreements", rows, today=TODAY)
    assert chart.summary == summary
    parse(chart)


# ---------------------------------------------------------------------------
# counts_bars and line_over_time


def test_counts_bars_write_each_number_at_its_bar():
    items = [("Academic", 12), ("NHS trust", 8), ("Local authority", 1_234), ("Other", 0)]
    chart = counts_bars("k", "Agreements by organisation type", items, unit="agreement")
    assert chart.summary == "Local authority has the most agreements (1,234 of 1,254)."
    assert chart.table_head == ["Label", "Count"]
    assert chart.table_rows == [["Academic", 12], ["NHS trust", 8], ["Local authority", 1_234], ["Other", 0]]
    words = texts(parse(chart))
    assert words == ["Academic", "12", "NHS trust", "8", "Local authority", "1,234", "Other", "0"]
    assert str(chart.svg).count('fill="#005eb8"') == 1


@pytest.mark.parametrize(
    ("items", "summary"),
    [
        (
            [("Academic", 3), ("NHS trust", 3), ("Charity", 1)],
            "Academic and NHS trust have the most agreements (3 each, of 7).",
        ),
        ([("Academic", 0)], "No agreements."),
        ([], "No agreements."),
    ],
)
def test_counts_summary_wording(items, summary):
    chart = counts_bars("k", "Agreements", items, unit="agreement")
    assert chart.summary == summary
    parse(chart)


def test_line_over_time_labels_the_last_value():
    points = [("2024-03", 130), ("2020-01", 40), ("2026-08", 120)]
    chart = line_over_time("l", "Active agreements", points, unit="agreement")
    assert chart.summary == (
        "Between Jan 2020 and Aug 2026 the number of agreements rose from 40 to 120, peaking at 130 in Mar 2024."
    )
    assert chart.table_head == ["Month", "Agreements"]
    assert chart.table_rows == [["Jan 2020", 40], ["Mar 2024", 130], ["Aug 2026", 120]]
    root = parse(chart)
    assert texts(root)[-1] == "120"
    dots = [p for p in root.iter(f"{SVG}path") if p.get("stroke-linecap") == "round"]
    assert dots[0].get("d").count("h0") == 3


@pytest.mark.parametrize(
    ("points", "summary"),
    [
        ([], "No agreements."),
        ([("2026-08", 5)], "In Aug 2026 the number of agreements was 5."),
        ([("2020-01", 9), ("2021-01", 4)], "Between Jan 2020 and Jan 2021 the number of agreements fell from 9 to 4."),
        (
            [("2020-01", 4), ("2020-02", 4)],
            "Between Jan 2020 and Feb 2020 the number of agreements was 4 at both ends.",
        ),
    ],
)
def test_line_summary_wording(points, summary):
    chart = line_over_time("l", "Agreements", points, unit="agreement")
    assert chart.summary == summary
    parse(chart)


def test_line_refuses_a_month_twice():
    with pytest.raises(ValueError, match="only once"):
        line_over_time("l", "Agreements", [("2020-01", 1), ("2020-01", 2)], unit="agreement")


# ---------------------------------------------------------------------------
# Every chart (the SVG itself is checked in test_svg.py)


def test_output_is_deterministic():
    first = [(c.svg, c.summary, c.table_rows) for c in all_charts()]
    second = [(c.svg, c.summary, c.table_rows) for c in all_charts()]
    assert first == second


def test_text_reaches_the_svg_summary_and_table_as_given():
    charts = [
        monthly_bars("m", HOSTILE, {HOSTILE: {"2020-01": 1}, "B": {"2020-02": 1}}, markers={"2020-02": HOSTILE}),
        timeline("t", HOSTILE, [(HOSTILE, HOSTILE, dt.date(2020, 1, 1), dt.date(2021, 1, 1))], today=TODAY),
        counts_bars("k", HOSTILE, [(HOSTILE, 3)], unit="agreement"),
        line_over_time("l", HOSTILE, [("2020-01", 1)], unit="agreement"),
    ]
    for chart in charts:
        assert parse(chart).find(f"{SVG}title").text == HOSTILE == chart.title
    assert charts[0].table_head[1] == HOSTILE
    assert texts(parse(charts[0])).count(HOSTILE) == 2  # the legend and the marker
    assert charts[1].table_rows == [[HOSTILE, HOSTILE, "1 Jan 2020", "1 Jan 2021"]]
    assert charts[2].summary == f"{HOSTILE} has the most agreements (3 of 3)."
