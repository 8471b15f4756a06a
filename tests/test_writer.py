"""The staging folder and its swap into place (regsite/publish/writer.py)."""

import re

import pytest

from regsite.diagnostics import RegsiteError
from regsite.publish import writer as writer_module
from regsite.publish.writer import Writer, discard, staging_dir, swap


def test_writer_refuses_escapes_and_double_writes(tmp_path):
    writer = Writer(tmp_path)
    writer.add("a/b.html", b"x")
    assert (tmp_path / "a" / "b.html").read_bytes() == b"x"
    with pytest.raises(RegsiteError, match=re.escape("two pages would both write 'a/b.html'")):
        writer.add("a/b.html", b"y")
    for bad in ("../evil.html", "/etc/passwd", "dir/"):
        with pytest.raises(RegsiteError, match="not a file path inside the site"):
            writer.add(bad, b"")


def test_swap_replaces_the_site_whole(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_text("old")
    staging = staging_dir(out)
    (staging / "new.html").write_text("new")
    swap(staging, out)
    assert sorted(p.name for p in out.iterdir()) == ["new.html"]
    assert not staging.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_discard_leaves_the_site(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.html").write_text("keep")
    staging = staging_dir(out)
    discard(staging)
    assert (out / "keep.html").read_text() == "keep" and not staging.exists()


def test_claim_then_open_and_copy(tmp_path):
    writer = Writer(tmp_path / "out")
    writer.claim("big/file.bin")
    with writer.open("big/file.bin") as stream:
        stream.write(b"chunk one ")
        stream.write(b"chunk two")
    assert (tmp_path / "out" / "big" / "file.bin").read_bytes() == b"chunk one chunk two"
    source = tmp_path / "source.css"
    source.write_bytes(b"body{}")
    writer.copy("assets/site.css", source)
    assert (tmp_path / "out" / "assets" / "site.css").read_bytes() == b"body{}"
    with pytest.raises(RegsiteError, match=re.escape("both write 'assets/site.css'")):
        writer.copy("assets/site.css", source)
    with pytest.raises(RegsiteError, match="not a file path"):
        writer.claim("")


def test_swap_into_a_new_folder_and_without_an_atomic_exchange(tmp_path, monkeypatch):
    out = tmp_path / "site"
    staging = staging_dir(out)
    (staging / "first.html").write_text("1")
    swap(staging, out)  # nothing there yet: a rename
    assert [p.name for p in out.iterdir()] == ["first.html"]
    monkeypatch.setattr(writer_module, "_exchange", lambda a, b: False)
    staging = staging_dir(out)
    (staging / "second.html").write_text("2")
    swap(staging, out)  # two renames, the old site then removed
    assert [p.name for p in out.iterdir()] == ["second.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_refuses_a_file_in_the_way(tmp_path):
    out = tmp_path / "site"
    out.write_text("not a folder")
    staging = staging_dir(out)
    with pytest.raises(RegsiteError, match="is not a folder"):
        swap(staging, out)
    assert out.read_text() == "not a folder" and staging.exists()


def test_staging_dir_starts_empty_beside_the_output(tmp_path):
    out = tmp_path / "deep" / "site"
    first = staging_dir(out, "mirror")
    (first / "left-over").write_text("x")
    again = staging_dir(out, "mirror")
    assert again == first and again.parent == out.parent and list(again.iterdir()) == []
    assert staging_dir(out, "later", create=False).exists() is False
