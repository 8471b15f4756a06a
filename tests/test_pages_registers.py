"""The other registers' pages (render/pages/registers.py): table pages, archive and editions."""

from __future__ import annotations

from regsite.render import urls
from regsite.render.pages.registers import register_pages


def test_every_register_has_its_table_and_archive(sample_model):
    site = sample_model.site
    specs = register_pages(site)
    paths = [s.path for s in specs]
    assert paths[0] == urls.registers()
    assert site.registers
    for table in site.registers:
        assert urls.register(table.id) in paths
        assert urls.register_archive(table.id) in paths
        for edition in table.editions:
            assert urls.register_archive(table.id, edition.month) in paths
    assert len(paths) == len(set(paths))
