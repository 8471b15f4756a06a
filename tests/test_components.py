"""NHS.UK tables and summary lists made in Python (render/components.py)."""

from __future__ import annotations

from factory import plain_cells
from markupsafe import Markup

from regsite.render.components import data_table, summary_list


def test_a_table_has_its_caption_and_scoped_headers():
    html = data_table("files", "Files released", ["Dataset", {"text": "Files", "numeric": True}], [["HES", 1234]])
    assert html == Markup(
        '<div class="app-table-region" role="region" aria-labelledby="files-caption" tabindex="0">'
        '<table class="nhsuk-table app-table" id="files">'
        '<caption class="nhsuk-table__caption nhsuk-table__caption--m" id="files-caption">Files released</caption>'
        '<thead data-pagefind-ignore><tr><th scope="col">Dataset</th><th scope="col" class="app-num">Files</th>'
        '</tr></thead><tbody><tr><th scope="row">HES</th><td class="app-num">1,234</td>'
        "</tr></tbody></table></div>"
    )


def test_a_table_of_counts_aligns_them_by_its_class_and_scrolls_rather_than_stacks():
    html = data_table(
        "chart", "Files each month", ["Month", "HES APC", "ECDS", "Total"], [["Jan 2020", 1200, 0, 1200]], numbers=True
    )
    assert '<table class="nhsuk-table app-table app-table--numbers" id="chart">' in html
    assert '<tr><th scope="row">Jan 2020</th><td>1,200</td><td>0</td><td>1,200</td></tr>' in html
    assert "app-num" not in html and "data-label" not in html and "responsive" not in html
    linked = data_table(
        "c", "Counts", ["Label", "Count"], [["A", {"text": 3, "href": "a/", "numeric": True}]], numbers=True
    )
    assert '<td><a href="a/">3</a></td>' in linked  # a linked count too: aligned by the table, not the cell
    # Asked to, it still stacks: each count led by its column's heading.
    stacked = data_table("chart", "Files", ["Month", "A", "B"], [["Jan 2020", 1, 2]], numbers=True, responsive=True)
    assert '<td data-label="A">1</td><td data-label="B">2</td>' in stacked


def test_cells_are_escaped_unless_they_are_markup():
    html = data_table(
        "t",
        "<Caption>",
        ["A", "B", "C"],
        [["<b>x</b>", Markup("<em>y</em>"), {"text": "z & w", "href": "a/?q=1&r=2"}]],
        scroll=False,
        first_is_header=False,
    )
    assert "&lt;Caption&gt;" in html and "&lt;b&gt;x&lt;/b&gt;" in html and "<em>y</em>" in html
    assert '<a href="a/?q=1&amp;r=2">z &amp; w</a>' in html
    assert "app-table-region" not in html and 'scope="row"' not in html


def test_numbers_and_blanks():
    html = plain_cells(data_table("t", "C", ["A", "B", "C"], [[{"text": 5}, True, None]], caption_size=""))
    assert '<caption class="nhsuk-table__caption" id="t-caption">' in html
    assert '<th scope="row">5</th>' in html  # an int in a mapping is not numeric
    assert "<td>True</td>" in html  # nor is a bool
    assert "<td></td>" in html


def test_a_summary_list():
    html = summary_list(
        [
            {"key": {"text": "Reference"}, "value": {"text": "DARS-NIC-1 <v1>"}},
            {"key": {"html": Markup('<a href="x">Status</a>')}, "value": {"html": Markup("<strong>Active</strong>")}},
        ]
    )
    assert html == Markup(
        '<dl class="nhsuk-summary-list app-summary-list">'
        "<div><dt>Reference</dt><dd>DARS-NIC-1 &lt;v1&gt;</dd></div>"
        '<div><dt><a href="x">Status</a></dt><dd><strong>Active</strong></dd></div>'
        "</dl>"
    )


def test_site_paths_in_cells_become_the_pages_addresses():
    rows = [[{"text": "A file", "href": "agreements/x/"}, "plain", {"text": "no link"}]]
    html = data_table("files", "Files", ["File", "Note", "Other"], rows, link=lambda path: "../../" + path)
    assert 'href="../../agreements/x/"' in html
    assert html.count("href=") == 1
    assert 'href="agreements/x/"' in data_table("files", "Files", ["File", "Note", "Other"], rows)


def test_html_writes_a_value_as_markup_format_does():
    import datetime as dt

    from markupsafe import Markup

    from regsite.render.components import html

    class Safe:
        def __html__(self) -> str:
            return "<b>safe</b>"

    for value in ['O\'Brien & <co> "x"', Markup("<i>kept</i>"), 1200, 1.5, None, dt.date(2026, 9, 1), Safe(), True]:
        assert html(value) == Markup("{}").format(value)
