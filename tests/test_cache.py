"""The build's caches (sources/cache.py): an edition is parsed once per content; a damaged
entry is re-read; keys hold the package's code, so moving a module cannot reuse a stale entry."""

from __future__ import annotations

import shutil

from factory import ROOT, SAMPLE

from regsite.diagnostics import Report
from regsite.sources import cache
from regsite.sources.cache import ModelCache, Parser
from regsite.sources.discover import discover


def source(tmp_path, month="2026-09"):
    folder = tmp_path / "data" / "data-uses-register"
    folder.mkdir(parents=True, exist_ok=True)
    definition = (ROOT / "regsite" / "registers" / "data-uses-register.toml").read_text("utf-8")
    (folder / "register.toml").write_text(definition.split("\n[editions.", 1)[0], "utf-8")
    shutil.copyfile(SAMPLE, folder / f"{month}.xlsx")
    (found,) = [s for s in discover(tmp_path / "data", Report()) if s.definition.kind == "data-uses"]
    return found


def test_an_edition_is_parsed_once_then_read_from_the_cache(tmp_path):
    found = source(tmp_path)
    edition = found.editions[0]
    first = Parser(found.definition, tmp_path / "cache")(edition)
    again = Parser(found.definition, tmp_path / "cache")
    second = again(edition)
    assert again.stats == {"parsed": 0, "cached": 1}
    assert [s.read for s in second.sheets.values()] == [s.read for s in first.sheets.values()]


def test_a_damaged_entry_is_read_again(tmp_path):
    found = source(tmp_path)
    Parser(found.definition, tmp_path / "cache")(found.editions[0])
    (entry,) = (tmp_path / "cache").glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    parser = Parser(found.definition, tmp_path / "cache")
    assert parser(found.editions[0]).ok and parser.stats == {"parsed": 1, "cached": 0}


def test_only_the_editions_to_keep_are_written(tmp_path):
    found = source(tmp_path)
    Parser(found.definition, tmp_path / "cache", keep={"2026-10"})(found.editions[0])
    assert not list((tmp_path / "cache").glob("*.pickle"))


def test_the_package_fingerprint_names_every_module_by_its_path(tmp_path, monkeypatch):
    package = tmp_path / "regsite"
    (package / "model").mkdir(parents=True)
    (package / "model" / "a.py").write_text("x = 1\n")
    monkeypatch.setattr(cache, "PACKAGE", package)
    cache.package_fingerprint.cache_clear()
    try:
        before = cache.package_fingerprint()
        (package / "model" / "a.py").rename(package / "a.py")  # moved, unchanged
        cache.package_fingerprint.cache_clear()
        assert cache.package_fingerprint() != before
    finally:
        cache.package_fingerprint.cache_clear()


def test_the_model_cache_round_trips_and_forgets_damage(tmp_path):
    store = ModelCache(tmp_path, "code1")
    assert store.get("changes", "a" * 64, "b" * 64) is None
    store.put("changes", {"count": 3}, "a" * 64, "b" * 64)
    assert store.get("changes", "a" * 64, "b" * 64) == {"count": 3}
    assert ModelCache(tmp_path, "code2").get("changes", "a" * 64, "b" * 64) is None  # other code
    (path,) = (tmp_path / "changes").glob("*.pickle")
    path.write_bytes(b"\x80damaged")
    assert store.get("changes", "a" * 64, "b" * 64) is None
    assert ModelCache(None, "code1").get("changes", "x") is None
