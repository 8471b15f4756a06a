"""Rendering on every core (render/workers.py): the same pages and files whether forked or not,
each share heard as it finishes."""

from __future__ import annotations

import hashlib
import os

import pytest

from regsite.publish.writer import Writer
from regsite.render.environment import PageSpec, Renderer
from regsite.render.workers import FileJob, render_pages


@pytest.fixture
def renderer(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "p.html").write_text(
        "<title>{{ page.title }}</title><div data-pagefind-body><h1>{{ page.title }}</h1>"
        "<p>Text {{ page.path }}</p><!--/search-body--></div>"
    )
    return Renderer(templates, {})


def specs(count: int) -> list[PageSpec]:
    return [PageSpec(path=f"p/{i}/", template="p.html", title=f"Page {i}") for i in range(count)]


def jobs() -> list[FileJob]:
    return [
        FileJob("downloads/big.csv", lambda: [b"a,b\n", b"1,2\n"], weight=5),
        FileJob("downloads/small.json", lambda: b"{}", weight=1),
    ]


def run(tmp_path, renderer, name: str, workers: int, count: int):
    heard: list[int] = []
    writer = Writer(tmp_path / name)
    stubs = Writer(tmp_path / f"{name}-stubs")
    pages, files = render_pages(renderer, specs(count), writer, workers, jobs(), stubs, True, heard.append)
    return pages, files, heard, writer.root


def test_forked_and_serial_rendering_write_the_same(tmp_path, renderer):
    serial = run(tmp_path, renderer, "serial", 1, 230)
    forked = run(tmp_path, renderer, "forked", 2, 230)  # 200 pages or more share the work
    assert serial[0] == forked[0] and serial[1] == forked[1]
    assert [w.path for w in serial[0]] == [f"p/{i}/index.html" for i in range(230)]
    assert all(w.document is not None and w.document.title == f"Page {i}" for i, w in enumerate(serial[0]))
    for pages, _files, heard, _root in (serial, forked):
        assert sum(heard) == len(pages) == 230 and len(heard) > 2


def test_file_jobs_are_streamed_with_their_size_and_checksum(tmp_path, renderer):
    _pages, files, _heard, root = run(tmp_path, renderer, "files", 1, 3)
    assert {(w.path, w.size, w.sha256) for w in files} == {
        ("downloads/big.csv", 8, hashlib.sha256(b"a,b\n1,2\n").hexdigest()),
        ("downloads/small.json", 2, hashlib.sha256(b"{}").hexdigest()),
    }
    assert (root / "downloads" / "big.csv").read_bytes() == b"a,b\n1,2\n"


def test_heavy_jobs_must_come_first(tmp_path, renderer):
    with pytest.raises(ValueError, match="heavy file jobs before light ones"):
        render_pages(renderer, [], Writer(tmp_path / "w"), 1, list(reversed(jobs())))


def test_heavy_file_jobs_are_made_before_the_fork_light_ones_by_workers(tmp_path, renderer):
    # A worker reading a whole register would copy the model into its own memory (reference counts).
    pid = [
        FileJob("downloads/heavy.txt", lambda: str(os.getpid()).encode(), weight=5),
        FileJob("agreements/light.txt", lambda: str(os.getpid()).encode(), weight=1),
    ]
    writer = Writer(tmp_path / "out")
    pages, files = render_pages(renderer, specs(230), writer, 2, pid)
    assert len(pages) == 230 and [w.path for w in files] == ["downloads/heavy.txt", "agreements/light.txt"]
    assert (writer.root / "downloads" / "heavy.txt").read_text() == str(os.getpid())
    assert (writer.root / "agreements" / "light.txt").read_text() != str(os.getpid())


def test_each_share_of_pages_is_rendered_by_a_new_worker(tmp_path):
    """A worker exits after one share, giving back the memory it copied from this process."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "p.html").write_text("{{ pid() }}")
    writer = Writer(tmp_path / "site")
    render_pages(Renderer(templates, {"pid": os.getpid}), specs(230), writer, 2)
    pids = [(writer.root / "p" / str(i) / "index.html").read_text() for i in range(230)]
    shares = [pids[i : i + 14] for i in range(0, 230, 14)]  # _plan: 230 pages in shares of 14
    assert all(len(set(share)) == 1 for share in shares)
    assert len({share[0] for share in shares}) == len(shares) and str(os.getpid()) not in pids


def test_each_page_is_packed_for_the_mirror_where_it_is_rendered(tmp_path, renderer):
    import zlib

    from regsite.publish.mirror import Spool

    for workers in (1, 2):
        spool = Spool(tmp_path / f"spool-{workers}")
        pages, _ = render_pages(renderer, specs(230), Writer(tmp_path / f"site-{workers}"), workers, spool=spool)
        page = pages[7]
        assert page.packed is not None and page.packed.method == 8
        with page.packed.file.open("rb") as handle:
            handle.seek(page.packed.offset)
            data = zlib.decompress(handle.read(page.packed.length), -15)
        assert data == (tmp_path / f"site-{workers}" / "p/7/index.html").read_bytes()
        assert zlib.crc32(data) == page.packed.crc and len(data) == page.packed.size
        assert all(w.packed is not None for w in pages)
