"""The search index: Pagefind, run over the search stubs of the rendered pages, in bundles.

Only each page's main content (``data-pagefind-body``) is indexed; earlier versions of
an agreement and its file-by-file listing are marked ``data-pagefind-ignore``, because
Pagefind's time and index size grow with the text it reads.

Pagefind holds all it indexes in memory until it writes, so a large site is indexed in
several bundles, one Pagefind run after another: the first at ``pagefind/``, the others at
``pagefind/part-N/``, which the search page merges into the first with Pagefind's own
``mergeIndex`` (templates/assets/search-api.js; ``pagefind/bundles.js`` lists them).
"""

from __future__ import annotations

import heapq
import html
import json
import math
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from regsite.diagnostics import RegsiteError
from regsite.search.stable import filter_names, page_sorts, set_page_sorts, stabilise

# Stub bytes per bundle. Pagefind's memory is linear in what it indexes: about 13.5 MB of
# RSS per MB of stubs (1.2 GB for the full-size register's 90 MB), whatever its threads or
# the markup. 32 MB keeps one run near 400 MB, so the index stage stays below the build's
# other stages; the full-size register is three bundles. Fewer is better for the browser: a
# search fetches one index chunk (about 25 KB) from every bundle.
BUNDLE_MB = 32.0
BUNDLE_LIST = "bundles.js"
# What a merged bundle needs: the first bundle's runtime (scripts, WebAssembly, UI) reads it.
_MERGED_KEEPS = ("pagefind-entry.json", "index", "filter", "fragment")
# A page number no bundle has: in a bundle's sort, it holds the place of another bundle's page.
ELSEWHERE = 2**32 - 1
_SORT = re.compile(r'data-pagefind-sort="([^"]*)"')


@dataclass
class IndexResult:
    pages: int
    words: int  # distinct words of each bundle, summed (a word in two bundles counts twice)
    filters: int  # distinct filters over every bundle
    bytes: int
    parts: list[str] = field(default_factory=list)  # the bundles after the first: "part-2/", …

    @property
    def bundles(self) -> int:
        return 1 + len(self.parts)


def pagefind_executable() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # pragma: no cover - a broken install
        raise RegsiteError("Pagefind is not installed: run the README's set-up command (./run build).") from exc
    return get_executable()


def plan_bundles(pages_dir: Path, limit: int) -> list[list[str]]:
    """The stubs in ``pages_dir`` (paths relative to it) dealt into as few bundles as keep each
    within ``limit`` bytes (a page larger than that is a bundle of its own size): in path order,
    the i-th page to bundle i mod n. Dealt rather than cut in runs, every bundle holds a like
    share of every kind of page, so that Pagefind's scores (which weigh a word by how few of a
    bundle's pages have it, and a page by its length against the bundle's average) compare
    across bundles, and merged results rank as one index would rank them."""
    pages = sorted((p.relative_to(pages_dir).as_posix(), p.stat().st_size) for p in pages_dir.rglob("*") if p.is_file())
    count = max(1, math.ceil(sum(size for _, size in pages) / limit))
    while True:
        bundles = [pages[i::count] for i in range(count)]
        if count >= len(pages) or all(sum(size for _, size in b) <= limit for b in bundles):
            return [[path for path, _ in b] for b in bundles if b] or [[]]
        count += 1


def build_index(pages_dir: Path, out_dir: Path, bundle_mb: float = BUNDLE_MB) -> IndexResult:
    """Index the pages in ``pages_dir`` (search stubs of the site's pages) into ``out_dir``, in
    bundles of at most ``bundle_mb`` MB of stubs (see plan_bundles), one Pagefind run at a time."""
    plan = plan_bundles(pages_dir, int(bundle_mb * 1e6))
    values = _sort_values(pages_dir, plan) if len(plan) > 1 else {}
    sites = [pages_dir] if len(plan) == 1 else _separate(pages_dir, plan)
    outs = [out_dir] + [out_dir / f"part-{n}" for n in range(2, len(plan) + 1)]
    counts = [_run(site, out) for site, out in zip(sites, outs, strict=True)]
    if len(outs) > 1:
        _align_sorts(outs, values)
    names: set[str] = set()
    for out in outs:
        names |= filter_names(out)
    for out in outs[1:]:
        _drop_runtime(out)
    parts = [out.relative_to(out_dir).as_posix() + "/" for out in outs[1:]]
    (out_dir / BUNDLE_LIST).write_text(
        "// The search index's other bundles, which search-api.js merges into this one (search/pagefind.py).\n"
        f"export default {json.dumps(parts)};\n",
        encoding="utf-8",
    )
    return IndexResult(
        pages=sum(c[0] for c in counts),
        words=sum(c[1] for c in counts),
        filters=len(names),
        bytes=sum(p.stat().st_size for p in out_dir.rglob("*") if p.is_file()),
        parts=parts,
    )


def _sort_values(pages_dir: Path, plan: list[list[str]]) -> dict[str, dict[str, str]]:
    """Each page's sort values (``data-pagefind-sort="key:value"``), by its address."""
    values = {}
    for path in (p for paths in plan for p in paths):
        found = _SORT.findall((pages_dir / path).read_text("utf-8"))
        if found:
            pairs = (html.unescape(f).partition(":") for f in found)
            values["/" + path.removesuffix("index.html")] = {key: value for key, _, value in pairs}
    return values


def _align_sorts(outs: list[Path], values: dict[str, dict[str, str]]) -> None:
    """Pagefind scores a sorted search's results by their places in the bundle's own order, so
    merged bundles would interleave their results by place, not by value. Each bundle's order is
    made the whole index's instead (merged by value, then address), the other bundles' pages
    standing in it as ELSEWHERE: a result's place, its score, is then its place in the whole index."""
    bundles = [page_sorts(out) for out in outs]
    aligned: list[dict[str, dict[str, list[int]]]] = [{code: {} for code in b} for b in bundles]
    for code in bundles[0]:
        for key in sorted({key for b in bundles for key in b.get(code, ([], {}))[1]}):
            runs = []
            for n, bundle in enumerate(bundles):
                urls, sorts = bundle.get(code, ([], {}))
                runs.append([(values.get(urls[i], {}).get(key, ""), urls[i], n, i) for i in sorts.get(key, [])])
            merged = list(heapq.merge(*runs))
            for n in range(len(bundles)):
                aligned[n].setdefault(code, {})[key] = [i if m == n else ELSEWHERE for _, _, m, i in merged]
    for out, bundle_sorts in zip(outs, aligned, strict=True):
        set_page_sorts(out, bundle_sorts)


def _separate(pages_dir: Path, plan: list[list[str]]) -> list[Path]:
    """Move each bundle's stubs into a folder of its own inside ``pages_dir`` (renames)."""
    sites = []
    for n, paths in enumerate(plan, start=1):
        site = pages_dir / f".bundle-{n}"
        for path in paths:
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            (pages_dir / path).rename(target)
        sites.append(site)
    return sites


def _run(site: Path, out: Path) -> tuple[int, int]:
    """Pagefind over ``site`` into ``out``, made byte-stable; its pages and words."""
    command = [str(pagefind_executable()), "--site", str(site), "--output-path", str(out)]
    result = subprocess.run(command, capture_output=True, check=False)
    if result.returncode != 0:
        raise RegsiteError(
            "The search index could not be built:\n" + (result.stderr or result.stdout).decode("utf-8", "replace")
        )
    stabilise(out)
    text = (result.stdout + result.stderr).decode("utf-8", "replace")
    return _number(r"Indexed (\d+) pages?", text), _number(r"Indexed (\d+) words?", text)


def _drop_runtime(bundle: Path) -> None:
    """Leave out what a merged bundle does not need (0.6 MB: see _MERGED_KEEPS)."""
    for path in bundle.iterdir():
        if path.name in _MERGED_KEEPS or path.suffix == ".pf_meta":
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def _number(pattern: str, text: str) -> int:
    match = re.search(pattern, text)
    return int(match.group(1)) if match else 0
