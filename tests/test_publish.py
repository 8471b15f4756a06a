import re

import pytest

from regsite.diagnostics import RegsiteError
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
