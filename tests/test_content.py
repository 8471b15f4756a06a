from regsite.diagnostics import Report
from regsite.sources.content import load_content


def write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_pages_with_front_matter(tmp_path):
    content = tmp_path / "content"
    write(content, "b.md", "---\ntitle: Second\norder: 2\nlast_reviewed: 2026-11-22\n---\n## Part {#part}\nText.\n")
    write(content, "a.md", "---\ntitle: First\norder: 1\ndescription: About it\n---\nSee [agreements](/agreements/).\n")
    write(content / "site", "about.md", "---\ntitle: About\n---\nHello.\n")
    report = Report()
    pages = load_content(content, report)
    assert report.items == []
    assert [(p.section, p.name, p.path) for p in pages] == [
        ("guidance", "a", "guidance/a/"),
        ("guidance", "b", "guidance/b/"),
        ("site", "about", "about/"),
    ]
    assert {h[1] for h in pages[1].headings} == {"part"} and str(pages[1].last_reviewed) == "2026-11-22"
    assert '<a href="/agreements/">agreements</a>' in pages[0].html


def test_front_matter_problems(tmp_path):
    content = tmp_path / "content"
    write(content, "x.md", "---\ntitle: X\nlast_reviewed: yesterday\ncolour: red\n---\n# Heading\n")
    write(content, "y.md", "No front matter\n")
    report = Report()
    pages = load_content(content, report)
    assert [p.name for p in pages] == ["x"]
    assert [str(d) for d in report.items] == [
        "content/x.md › line 4 › key 'colour': Unknown front matter key. Known keys: description, last_reviewed, order, title.",
        "content/x.md › key 'last_reviewed': Not a date. Expected a date like 2026-11-22, found 'yesterday'.",
        "content/x.md: The body has a level-1 heading; the title is the page's only h1. Start body headings at ##.",
        "content/y.md › line 1: The page has no front matter. Expected a block between two '---' lines with title, "
        "description, last_reviewed and order.",
        "content/y.md › key 'title': The page has no title. Add 'title: …'.",
    ]


def test_field_markers_become_the_definitions_glossary(tmp_path):
    from factory import DEFINITION

    from regsite.sources.content import with_field_glossary
    from regsite.sources.definitions import load_definition

    content = tmp_path / "content"
    body = (
        "## Facts {#facts}\n\n<!-- fields: agreements except long-text -->\n\n## Purpose\n\n"
        "<!-- fields: agreements long-text -->\n\n<!-- fields: datasets -->\n\n<!-- fields: releases -->\n\n"
        "<!-- fields: nowhere -->\n"
    )
    write(content, "g.md", "---\ntitle: G\n---\n" + body)
    page = load_content(content, Report())[0]
    definition = load_definition(DEFINITION, "data-uses-register", Report(), "register.toml")
    glossary = with_field_glossary(page, definition)
    ids = [h[1] for h in glossary.headings]
    assert ids[:3] == ["facts", "field-reference", "field-title"]
    assert ids.index("field-end-date") < ids.index("purpose") < ids.index("field-objective")
    assert ids.count("field-dataset") == 1  # Datasets and DataReleases share the key: described once
    assert "field-file-reference" in ids and "<!-- fields: nowhere -->" in glossary.html
    assert '<h3 id="field-legal-basis">Legal basis</h3>' in glossary.html
    assert "<caption" in glossary.html  # the legal bases table keeps its caption
    assert with_field_glossary(load_content(content, Report())[0], definition).html == glossary.html


def test_markdown_tables_are_captioned_and_stack_on_phones_from_three_columns(tmp_path):
    content = tmp_path / "content"
    write(
        content,
        "t.md",
        "---\ntitle: T\n---\nTable: Who may see it\n\n| Who | Sees | Why |\n| --- | --- | --- |\n"
        "| A *clinician* | All | Care |\n\nTable: Two\n\n| Term | Meaning |\n| --- | --- |\n| X | Y |\n",
    )
    report = Report()
    [page] = load_content(content, report)
    assert report.items == []
    wide, narrow = page.html.split('<caption class="nhsuk-table__caption" id="table-two">')
    assert '<table class="nhsuk-table nhsuk-table--responsive app-table" role="table">' in wide
    assert '<caption class="nhsuk-table__caption" id="table-who-may-see-it">Who may see it</caption>' in wide
    assert '<td data-label="Who"><span>A <em>clinician</em></span></td>' in wide
    assert '<td data-label="Why"><span>Care</span></td>' in wide
    # Two columns fit a phone as they are: no stacking, no labels.
    assert "data-label" not in narrow and "responsive" not in narrow
