"""What run.py measures besides wall time: the build's memory, process tree included, and the
sizes of what it wrote (agreement pages raw and gzipped, the largest page, the site, the mirror).

Not a test: helpers for the benchmark scripts (``benchmarks/`` is on ``sys.path``).
"""

from __future__ import annotations

import gzip
import os
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

KB, MB = 1e3, 1e6


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += _children(current)
    return pids


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in bytes, from /proc/<pid>/smaps_rollup; (0, 0) once it is gone."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


class TreeMemory:
    """Samples a process and all its descendants (render and mirror workers) every ``every``
    seconds and keeps the peak of their summed PSS: memory shared by forked workers counted
    once, in proportion, so the figure is what the build as a whole holds. The summed RSS is
    kept too (it counts shared pages in every worker, so it overstates)."""

    def __init__(self, pid: int, every: float = 0.05, stage: Callable[[], str] = lambda: "") -> None:
        self.pid, self.every, self.stage = pid, every, stage
        self.pss = self.rss = 0
        self.by_stage: dict[str, int] = {}  # the peak summed PSS while each stage ran
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            total_rss = total_pss = 0
            for pid in _tree(self.pid):
                rss, pss = _memory(pid)
                total_rss, total_pss = total_rss + rss, total_pss + pss
            self.pss, self.rss = max(self.pss, total_pss), max(self.rss, total_rss)
            if stage := self.stage():
                self.by_stage[stage] = max(self.by_stage.get(stage, 0), total_pss)
            time.sleep(self.every)


def page_type(relative: str) -> str:
    """A page's type for the byte profile: its section and its depth (agreements/<nic>/ is
    "agreements/*/", agreements/<nic>/v1-2/ is "agreements/*/*/")."""
    parts = relative.split("/")[:-1]  # drop index.html
    if not parts:
        return "home"
    if len(parts) > 1 and parts[1].startswith("page-"):
        return f"{parts[0]}/page-N/"
    return parts[0] + "/" + "*/" * (len(parts) - 1)


def site_figures(site: Path) -> dict[str, float]:
    """Sizes of what a build wrote: agreement pages (``agreements/<nic>/index.html``) raw and
    gzipped (level 6, as a CDN serves them), the largest page, the site and the mirror zip."""
    agreement_raw, agreement_gz = [], []
    largest, largest_path, total, files = 0, "", 0, 0
    mirror = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total, files = total + size, files + 1
        relative = path.relative_to(site).as_posix()
        if relative.startswith("downloads/register-site-") and relative.endswith(".zip"):
            mirror = size
        if not relative.endswith(".html"):
            continue
        if size > largest:
            largest, largest_path = size, relative
        parts = relative.split("/")
        if len(parts) == 3 and parts[0] == "agreements" and not parts[1].startswith("page-"):
            data = path.read_bytes()
            agreement_raw.append(len(data))
            agreement_gz.append(len(gzip.compress(data, 6, mtime=0)))
    return {
        "agreement page median KB": statistics.median(agreement_raw) / KB if agreement_raw else 0,
        "agreement page median gz KB": statistics.median(agreement_gz) / KB if agreement_gz else 0,
        "agreement page max KB": max(agreement_raw, default=0) / KB,
        "agreement page max gz KB": max(agreement_gz, default=0) / KB,
        "largest page KB": largest / KB,
        "site MB": total / MB,
        "site files": files,
        "mirror zip MB": mirror / MB,
        "_largest page": largest_path,  # type: ignore[dict-item]
    }


def byte_profile(site: Path) -> list[tuple[str, int, int, int]]:
    """(page type, pages, total bytes, largest) for every kind of HTML page, biggest total first."""
    groups: dict[str, list[int]] = defaultdict(list)
    for path in site.rglob("*.html"):
        groups[page_type(path.relative_to(site).as_posix())].append(path.stat().st_size)
    rows = [(name, len(sizes), sum(sizes), max(sizes)) for name, sizes in groups.items()]
    return sorted(rows, key=lambda r: -r[2])


def openpyxl_pass(workbook: Path) -> float:
    """Seconds for one read-only openpyxl pass over every cell of every sheet: the yardstick
    the issue sets the cold build against."""
    from openpyxl import load_workbook

    started = time.perf_counter()
    book = load_workbook(workbook, read_only=True, data_only=True)
    for sheet in book.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            pass
    book.close()
    return time.perf_counter() - started


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
