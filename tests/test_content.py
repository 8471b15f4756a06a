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
