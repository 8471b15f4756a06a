"""The search index (search/pagefind.py): Pagefind over the stubs, made byte-stable."""

from __future__ import annotations

from regsite.search.pagefind import build_index


def write_stubs(folder):
    for i, kind in enumerate(["Agreement", "Organisation", "Agreement"]):
        page = folder / f"p{i}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>P{i}</title></head><body>'
            f"<div data-pagefind-body><h1>Page {i}</h1><p>hospital data number {i}</p>"
            f'<span data-pagefind-filter="Type of page:{kind}"></span></div></body></html>'
        )


def test_the_index_counts_its_pages_and_is_the_same_every_time(tmp_path):
    write_stubs(tmp_path / "stubs")
    first = build_index(tmp_path / "stubs", tmp_path / "one")
    assert build_index(tmp_path / "stubs", tmp_path / "two") == first
    assert (first.pages, first.filters) == (3, 1) and first.words > 5 and first.bytes > 0
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert any(p.suffix == ".pf_filter" for p in files)
    assert files == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*") if p.is_file())
    assert all((tmp_path / "one" / p).read_bytes() == (tmp_path / "two" / p).read_bytes() for p in files)
