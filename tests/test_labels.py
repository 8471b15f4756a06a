"""The Data Uses Register's pages name, list, filter and explain its fields as its definition
says: a changed label, a new filter or a column taken out of the lists shows on the site."""

from __future__ import annotations

import re
import tomllib

import pytest
from conftest import options_for
from factory import DEFINITION, ROOT, make_project

from regsite.build import build


def page(site, path):
    return (site / path / "index.html").read_text("utf-8")


def build_with(tmp_path, *edits: tuple[str, str]):
    """The real sample built with the shipped definition, each (old, new) text replaced once."""
    data, content = make_project(tmp_path, content=True)
    toml = data / "data-uses-register" / "register.toml"
    text = toml.read_text("utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    toml.write_text(text, "utf-8")
    options = options_for(tmp_path, data, content, search=False, mirror=False)
    build(options)
    return options.out


@pytest.fixture(scope="module")
def edited_site(tmp_path_factory):
    commercial = 'label = "For commercial purposes"'
    controller_basis = 'key = "controller_basis"\n  header = "Sole/Joint Data Controller"\n  type = "text"\n'
    frequency = 'key = "frequency"\n  header = "Frequency"\n  type = "text"\n  label = "Frequency"'
    releases_basis = 'type = "text"\n  table = false\n  label = "Legal basis"'
    return build_with(
        tmp_path_factory.mktemp("edited"),
        (releases_basis, releases_basis.replace("table = false", "table = false\n  filter = true")),
        (commercial, 'label = "Made for profit"'),
        (controller_basis, controller_basis + "  filter = true\n"),
        (frequency, frequency.replace('type = "text"', 'type = "text"\n  filter = true')),
        (
            'key = "title"\n  header = "Application Title"\n  type = "text"\n',
            'key = "title"\n  header = "Application Title"\n  type = "text"\n  table = false\n',
        ),
    )


def test_a_changed_label_names_the_field_on_every_page(edited_site, sample_site):
    agreement = page(edited_site, "agreements/dars-nic-07141-l2s0b")
    assert 'class="app-field-link">Made for profit</a>' in agreement
    assert "For commercial purposes" not in agreement
    assert 'data-pagefind-filter="Made for profit:Yes"' in agreement
    glossary = page(edited_site, "guidance/reading-an-agreement")
    assert '<h3 id="field-commercial">Made for profit</h3>' in glossary
    assert '<span class="nhsuk-caption-l">Made for profit</span>' in page(edited_site, "browse/commercial/yes")
    shipped = page(sample_site.out, "agreements/dars-nic-07141-l2s0b")
    assert 'class="app-field-link">For commercial purposes</a>' in shipped
    assert 'data-pagefind-filter="For commercial purposes:Yes"' in shipped


@pytest.mark.parametrize(
    ("facet", "value", "filter_name", "agreement"),
    [
        ("controller-basis", "Sole Data Controller", "Sole or joint data controller", "dars-nic-07141-l2s0b"),
        ("frequency", "One-Off", "Frequency", "dars-nic-03716-r3w8q"),
    ],
)
def test_filter_true_adds_a_search_filter_and_a_browse_facet(
    edited_site, sample_site, facet, value, filter_name, agreement
):
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    listing = page(edited_site, f"browse/{facet}/{slug}")
    assert f"/agreements/{agreement}/" in listing
    assert f'browse/{facet}/{slug}/"' in page(edited_site, "browse")
    assert f'data-pagefind-filter="{filter_name}:{value}"' in page(edited_site, f"agreements/{agreement}")
    assert not (sample_site.out / "browse" / facet).exists()
    assert f'data-pagefind-filter="{filter_name}:' not in page(sample_site.out, f"agreements/{agreement}")


def test_table_false_takes_a_column_out_of_every_list_of_agreements(edited_site, sample_site):
    def head(site):
        listing = page(site, "agreements")
        return re.findall(r'<th scope="col">([^<]*)</th>', listing)

    assert head(sample_site.out) == [
        "Reference number",
        "Application title",
        "Applicant organisation",
        "End date",
        "Status",
    ]
    assert head(edited_site) == ["Reference number", "Applicant organisation", "End date", "Status"]


def test_every_field_link_has_its_glossary_entry(sample_site):
    glossary = page(sample_site.out, "guidance/reading-an-agreement")
    anchors = set(re.findall(r'id="(field-[a-z-]+)"', glossary))
    linked = set(
        re.findall(r'reading-an-agreement/#(field-[a-z-]+)"', page(sample_site.out, "agreements/dars-nic-00574-v2h1f"))
    )
    assert linked and linked <= anchors
    definition = tomllib.loads(DEFINITION.read_text("utf-8"))
    for sheet in definition["sheets"]:
        for column in sheet["columns"]:
            if column.get("description"):
                assert f'<h3 id="field-{column["key"].replace("_", "-")}">{column["label"]}</h3>' in glossary


def test_no_template_names_a_field_of_the_register():
    """Field labels and headers live in register.toml, never in a template's text."""
    definition = tomllib.loads(DEFINITION.read_text("utf-8"))
    names = {c[k] for s in definition["sheets"] for c in s["columns"] for k in ("label", "header")}
    for template in sorted((ROOT / "templates").glob("*.html")):
        text = template.read_text("utf-8")
        found = [n for n in sorted(names) if any(q in text for q in (f'"{n}"', f"'{n}'", f">{n}<"))]
        assert not found, (template.name, found)


def test_a_key_filtered_in_two_sheets_is_one_facet(edited_site):
    """Legal basis is a filter in Datasets and now in DataReleases too: one facet, one filter per value."""
    browse = page(edited_site, "browse")
    assert browse.count('<h2 id="legal-basis">') == 1
    agreement = page(edited_site, "agreements/dars-nic-07141-l2s0b")
    assert agreement.count('data-pagefind-filter="Legal basis:Health and Social Care Act 2012 – s261(2)(b)(ii)"') == 1
