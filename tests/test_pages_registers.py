"""The other registers' pages (render/pages/registers.py): their tables, paged."""

from __future__ import annotations

from regsite.render import urls
from regsite.render.pages.registers import ROWS_PER_PAGE, TEXT_PER_PAGE, register_pages, rows_per_page
from regsite.sources.sheets import Row


def test_every_register_has_its_table(sample_model):
    site = sample_model.site
    specs = register_pages(site)
    paths = [s.path for s in specs]
    assert paths[0] == urls.registers()
    assert site.registers
    for table in site.registers:
        assert urls.register(table.id) in paths
        for other in table.others:
            assert urls.register_table(table.id, other.id) in paths
    assert len(paths) == len(set(paths))


def test_a_table_of_long_texts_has_fewer_rows_a_page():
    short = [Row(n, {"name": "A short row"}, {}) for n in range(250)]
    long = [Row(n, {"name": "x", "purpose": "word " * 2_000}, {}) for n in range(250)]
    assert rows_per_page(short) == ROWS_PER_PAGE
    assert rows_per_page(long) == TEXT_PER_PAGE // 10_001
    assert rows_per_page([]) == ROWS_PER_PAGE
