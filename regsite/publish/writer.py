"""Write the site into a staging folder, then swap it into place in one step.

Every file goes through ``Writer``, which refuses paths outside the staging folder and a
second write to the same path. ``swap`` replaces the live folder with the staging folder
atomically where the system allows (Linux ``renameat2(RENAME_EXCHANGE)``), else by two
renames, so a failed build never leaves a half-written site.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from regsite.diagnostics import RegsiteError


class Writer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.claimed: set[str] = set()
        self.folders: set[Path] = set()  # made already, by this process: most files share a folder

    def _target(self, path: str) -> Path:
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts or not path or path.endswith("/"):
            raise RegsiteError(f"Refused to write '{path}': not a file path inside the site.")
        return self.root.joinpath(*pure.parts)

    def claim(self, path: str) -> None:
        """Reserve a path; two pages that would write the same file stop the build."""
        if path in self.claimed:
            raise RegsiteError(f"Output conflict: two pages would both write '{path}'.")
        self._target(path)
        self.claimed.add(path)

    def write(self, path: str, data: bytes) -> None:
        target = self._target(path)
        self._folder(target.parent)
        target.write_bytes(data)

    def open(self, path: str) -> BinaryIO:
        """A claimed path, opened for writing in chunks."""
        target = self._target(path)
        self._folder(target.parent)
        return target.open("wb")

    def _folder(self, folder: Path) -> None:
        if folder not in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)

    def add(self, path: str, data: bytes) -> None:
        self.claim(path)
        self.write(path, data)

    def copy(self, path: str, source: Path) -> None:
        self.claim(path)
        target = self._target(path)
        self._folder(target.parent)
        shutil.copyfile(source, target)


def staging_dir(out: Path, purpose: str = "staging", create: bool = True) -> Path:
    """A fresh folder beside the output, on the same file system so the swap is a rename."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f"{out.name}.{purpose}-{os.getpid()}")
    if create:
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir()
    return staging


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux 3.15+); False where not supported."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def swap(staging: Path, out: Path) -> None:
    """Put the staged site at ``out``; the previous site is removed only once replaced."""
    if out.exists() and not out.is_dir():
        raise RegsiteError(f"The output path {out} exists and is not a folder.")
    if out.exists():
        if _exchange(staging, out):
            shutil.rmtree(staging)  # now holds the previous site
            return
        old = out.with_name(f"{out.name}.old-{os.getpid()}")
        os.replace(out, old)
        os.replace(staging, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, out)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
