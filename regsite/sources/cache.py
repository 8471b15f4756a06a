"""The build's caches in ``.cache/``: parsed editions, and the summaries and change lists made from them.

Every key holds the workbook's content hash, the register definition's fingerprint and a hash of
this whole package's code (every module, in every folder, by its path inside the package), so a
changed, added or moved module can neither load a stale entry nor fail to load a good one.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from regsite.memory import trim
from regsite.sources import sheets
from regsite.sources.definitions import RegisterDefinition
from regsite.sources.discover import Edition

PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """A hash of every module of the package, each named by its path inside it."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class Parser:
    """Reads editions, each at most once per content: from ``cache_dir`` when the same file
    (with the same definition and reader code) was read before."""

    def __init__(self, definition: RegisterDefinition, cache_dir: Path | None, keep: set[str] | None = None) -> None:
        self.definition = definition
        self.cache_dir = cache_dir  # parsed editions: shared by every register's parser
        # Months whose parsed edition is worth keeping (None: all). An archive needs only its
        # newest two again (the current edition, and the one the next edition is compared
        # with); writing two years of editions to the cache would cost time and memory.
        self.keep = keep
        self.version = package_fingerprint()
        self.stats = {"parsed": 0, "cached": 0}

    def __call__(self, edition: Edition) -> sheets.ParsedEdition:
        key = f"{edition.sha256}-{self.definition.fingerprint[:16]}-{self.version}"
        cached = self.cache_dir / f"{key}.pickle" if self.cache_dir else None
        result: sheets.ParsedEdition | None = None
        if cached and cached.is_file():
            try:
                with cached.open("rb") as handle:
                    result = pickle.load(handle)
            except Exception:  # a stale or damaged cache entry is simply re-read
                result = None
        if result is None:
            result = sheets.read_edition(
                self.definition, edition.register_id, edition.month, edition.path, edition.file
            )
            self.stats["parsed"] += 1
            if cached and (self.keep is None or edition.month in self.keep):
                cached.parent.mkdir(parents=True, exist_ok=True)
                tmp = cached.with_suffix(".tmp")
                with tmp.open("wb") as handle:  # streamed: no second copy of the edition in memory
                    pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
                tmp.replace(cached)
                trim()  # the pickler's memo of every object written
            return result
        self.stats["cached"] += 1
        # The cache is keyed by content: the same file may sit at another name or month.
        if result.file != edition.file:
            result.diagnostics = [
                replace(d, location=replace(d.location, file=edition.file)) if d.location.file == result.file else d
                for d in result.diagnostics
            ]
        result.register_id, result.month, result.file = edition.register_id, edition.month, edition.file
        return result


class ModelCache:
    """Pickled summaries and change lists, keyed by workbook content hashes and the code."""

    def __init__(self, folder: Path | None, code: str) -> None:
        self.folder = folder
        self.code = code

    def _path(self, kind: str, *parts: str) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / kind / ("-".join(p[:16] for p in parts) + f"-{self.code}.pickle")

    def get(self, kind: str, *parts: str) -> Any:
        path = self._path(kind, *parts)
        if path is None or not path.is_file():
            return None
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except Exception:  # a damaged or stale entry is simply recomputed
            return None

    def put(self, kind: str, value: Any, *parts: str) -> None:
        path = self._path(kind, *parts)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
