"""serve: pages render from the in-memory model on request, so an edit shows at once."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import options_for
from factory import ROOT, make_project

from regsite.build import build
from regsite.serve import DevSite, wsgi_app


def get(app, path):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path}, start_response))
    return seen["status"], seen["headers"], body


@pytest.mark.slow
def test_template_and_guidance_edits_show_on_the_next_request(tmp_path):
    data, content = make_project(tmp_path, content=True)
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    options = options_for(tmp_path, data, content, search=False)
    options.templates = templates
    build(options)
    dev = DevSite(options)
    app = wsgi_app(dev)

    status, _headers, body = get(app, "/agreements/dars-nic-00574-v2h1f/")
    assert status == "200 OK" and b"LAPH Standard Extract" in body
    # A template edit: no rebuild, the next request renders with it.
    agreement = templates / "agreement.html"
    agreement.write_text(agreement.read_text().replace("What the data is for", "What the data is used for"))
    dev.templates_changed()
    assert b"What the data is used for" in get(app, "/agreements/dars-nic-00574-v2h1f/")[2]
    # A guidance edit.
    page = content / "feedback.md"
    page.write_text(page.read_text().replace("title: Feedback", "title: Tell us what you think"))
    dev.load_content()
    assert b"<h1>Tell us what you think</h1>" in get(app, "/guidance/feedback/")[2]
    # Files that are not pages come from the last build; unknown paths get the 404 page.
    status, _headers, body = get(app, "/downloads/data-uses-register-2026-09.xlsx")
    assert status == "200 OK" and body == (data / "data-uses-register" / "2026-09.xlsx").read_bytes()
    assert get(app, "/no/such/page/")[0] == "404 Not Found"
    assert get(app, "/agreements")[0] == "301 Moved Permanently"


class QuietServer:
    """Stands in for livereload's server: records what is watched and returns at once."""

    def __init__(self, app):
        self.app = app
        self.watched = []

    def watch(self, path, action, delay=0):
        self.watched.append((path, action))

    def serve(self, **kw):
        QuietServer.last = self


@pytest.mark.slow
def test_serve_with_broken_data_serves_the_previous_build_without_a_traceback(tmp_path, monkeypatch, capsys):
    import livereload

    from regsite import cli

    data, content = make_project(tmp_path)
    args = ["--data", str(data), "--content", str(content), "--out", str(tmp_path / "site"), "--no-search"]
    assert cli.main([*args, "--quiet", "--no-mirror"]) == 0
    (data / "data-uses-register" / "2026-09.xlsx").write_bytes(b"")
    capsys.readouterr()
    monkeypatch.setattr(livereload, "Server", QuietServer)
    assert cli.main(["serve", *args, "--no-mirror"]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "error: data/data-uses-register/2026-09.xlsx: The file is empty (0 bytes)." in err
    assert "Serving the previous build in" in err


@pytest.mark.slow
def test_content_errors_during_serve_are_printed_and_the_last_good_guidance_kept(tmp_path, capsys):
    from regsite.serve import guarded

    data, content = make_project(tmp_path, content=True)
    options = options_for(tmp_path, data, content, search=False, mirror=False)
    build(options)
    dev = DevSite(options)
    app = wsgi_app(dev)
    page = content / "feedback.md"
    page.write_text(page.read_text().split("---", 2)[2])  # the front matter lost mid-edit
    capsys.readouterr()
    guarded(dev.load_content)()
    err = capsys.readouterr().err
    assert "error: content/feedback.md › line 1: The page has no front matter." in err
    assert "Serving the last good version." in err
    assert get(app, "/guidance/feedback/")[0] == "200 OK"


@pytest.mark.slow
def test_serve_says_when_a_rebuild_starts_and_ends(tmp_path, monkeypatch, capsys):
    import livereload

    from regsite import cli

    data, content = make_project(tmp_path)
    monkeypatch.setattr(livereload, "Server", QuietServer)
    args = ["--data", str(data), "--content", str(content), "--out", str(tmp_path / "site"), "--no-search"]
    assert cli.main(["serve", *args, "--no-mirror"]) == 0
    data_changed = dict(QuietServer.last.watched)[str(data)]
    capsys.readouterr()
    data_changed()
    err = capsys.readouterr().err
    assert err.startswith("\nThe data changed: rebuilding…\n")
    assert re.search(r"\nRebuilt in \d+\.\ds\.\n$", err)
    (data / "data-uses-register" / "2026-09.xlsx").write_bytes(b"")
    data_changed()
    err = capsys.readouterr().err
    assert "error: data/data-uses-register/2026-09.xlsx: The file is empty (0 bytes)." in err
    assert err.endswith("Rebuild stopped (problems above): serving the last good site.\n")
