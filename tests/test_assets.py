"""The stylesheet and scripts: fingerprinted, compressed, and cached only in the cache."""

from __future__ import annotations

import gzip
import posixpath
import re

import pytest
from conftest import options_for
from factory import ROOT, make_project

from regsite.build import build
from regsite.render import urls
from regsite.render.assets import Stylesheet, build_assets
from regsite.search.pagefind import BUNDLE_LIST


def test_assets_are_fingerprinted_and_compressed():
    assets = build_assets(ROOT / "templates", ROOT, ROOT / ".cache" / "css")  # the stylesheet compiled once
    assert sorted(assets.paths) == [
        "agreements.js",
        "logo.svg",
        "mirror-search.js",
        "search-api.js",
        "search.js",
        "site.css",
        "site.js",
    ]
    css = assets.paths["site.css"]
    assert css.startswith("assets/site.") and css.endswith(".css")
    assert gzip.decompress(assets.files[css + ".gz"]) == assets.files[css]
    assert 'url("images/' not in assets.files[css].decode()
    assert list((ROOT / ".cache" / "css").glob("site-*.css"))


def test_the_search_api_is_pagefind_js_in_a_fingerprinted_folder_importing_pagefind_s_own():
    """Pagefind UI imports "<bundlePath>pagefind.js": search-api.js is published under that name, in
    a folder named by its hash, and its imports of Pagefind's module and of the list of the
    index's other bundles reach the real bundle."""
    assets = build_assets(ROOT / "templates", ROOT, ROOT / ".cache" / "css")
    path = assets.paths["search-api.js"]
    assert re.fullmatch(r"assets/search-api\.[0-9a-f]{10}/pagefind\.js", path), path
    imports = set(re.findall(r'from "([^"]+)"', assets.files[path].decode()))
    assert imports and {posixpath.normpath(posixpath.join(posixpath.dirname(path), i)) for i in imports} == {
        urls.pagefind("pagefind.js"),
        urls.pagefind(BUNDLE_LIST),
    }
    assert gzip.decompress(assets.files[path + ".gz"]) == assets.files[path]


@pytest.mark.slow  # compiles the Sass
def test_without_a_cache_the_stylesheet_is_written_nowhere_else(tmp_path):
    assets = build_assets(ROOT / "templates", ROOT, None)
    assert assets.files[assets.paths["site.css"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.slow  # compiles the Sass, twice
def test_the_stylesheet_compiles_in_the_background_and_is_stopped_if_never_needed():
    source = ROOT / "templates" / "assets"
    began = Stylesheet(source, ROOT, None)
    assert began.compiling  # in a process of its own, while the build goes on
    assert began.result() == Stylesheet(source, ROOT, ROOT / ".cache" / "css").result()
    assert not began.compiling
    abandoned = Stylesheet(source, ROOT, None)  # a build that failed before it needed the stylesheet
    abandoned.close()
    assert not abandoned.compiling


@pytest.mark.slow
def test_a_no_cache_build_publishes_no_temporary_files(tmp_path):
    data, content = make_project(tmp_path)
    options = options_for(tmp_path, data, content, search=False, mirror=False)
    options.cache = None
    build(options)
    published = sorted(p.relative_to(options.out).as_posix() for p in options.out.rglob("*"))
    assert "index.html" in published
    assert [p for p in published if p.startswith(".") or "/." in p] == []
    assert not (tmp_path / "cache").exists()
