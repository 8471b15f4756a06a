"""The offline mirror: the whole site as one zip that opens from disk, with no server.

Links on the site are relative already; a mirror page's links to folders also name their
``index.html``, because a browser opening ``file://`` shows a folder listing, not its
index. The mirror is made from the staged site (so it is exactly the same content),
with its own search page (Pagefind cannot load its modules from ``file://``) and
without what only a web server uses (Pagefind's index, redirects, robots, sitemap).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import posixpath
import re
import struct
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from regsite.diagnostics import RegsiteError

# Relative links and form targets to a folder: href="../../agreements/x/" or "./", with an
# optional query or fragment. Absolute links (http:, mailto:, /…) and fragments are left alone.
# The pattern starts at '="' and the attribute's name is checked after: a pattern starting
# with the name ran eight times slower over the gigabyte of HTML a full-size mirror holds.
_FOLDER_VALUE = re.compile(r'="((?![a-z][a-z0-9+.-]*:|/|#)[^"?#]*/)([?#][^"]*)?"')
_LINK_ATTRIBUTES = ("href", "action")
# Relative links to a file that may be left out of the mirror (a download): checked against
# the files linked online after resolving them from the page that holds them.
_FILE_LINK = re.compile(r'href="((?:\.\./)*[^":?#/][^":?#]*\.(?:json|csv|xlsx|zip|gz))"')
SERVER_ONLY = ("pagefind/", "_redirects", "robots.txt", "sitemap.xml", "404.html")
STORED = (".xlsx", ".zip", ".gz", ".png", ".ico")  # already compressed


def offline_html(html: str, page: str = "", online: Online | None = None) -> str:
    """A page as it reads from disk: folder links name their index.html, and with ``online``
    (the files left out of the mirror, and the published site's address) links to those
    files, resolved from ``page``, lead to them on the published site."""

    def to_index(match: re.Match[str]) -> str:
        at = match.start()
        for name in _LINK_ATTRIBUTES:
            before = at - len(name)
            if html.startswith(name, before) and not (
                before and (html[before - 1].isalnum() or html[before - 1] in "_-")
            ):
                return f'="{match.group(1)}index.html{match.group(2) or ""}"'
        return match.group(0)

    html = _FOLDER_VALUE.sub(to_index, html)
    if online is None:
        return html
    folder = posixpath.dirname(page)

    def to_online(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(folder, match.group(1)))
        return f'href="{online.base}/{target}"' if online.files(target) else match.group(0)

    return _FILE_LINK.sub(to_online, html)


class Online:
    """Files the mirror links to on the published site instead of packing them a second time."""

    def __init__(self, base: str, files: Callable[[str], bool]) -> None:
        self.base = base.rstrip("/")
        self.files = files


def write_mirror(
    site: Path,
    target: Path,
    folder: str,
    replace: dict[str, bytes],
    extra: dict[str, bytes],
    skip: Callable[[str], bool] = lambda _: False,
    date_time: tuple[int, int, int, int, int, int] = (2026, 1, 1, 0, 0, 0),
    workers: int | None = None,
    online: Online | None = None,
) -> int:
    """Zip the staged ``site`` as an offline mirror under ``folder/``; returns the file count.

    ``replace`` holds pages to use instead of the site's (the offline search page); ``extra``
    files only the mirror has (the offline search index). Entries are in path order with a
    fixed date, so the same site gives the same zip. Members are compressed on every core
    (a full-size site is a gigabyte of text) and written in order by this process.
    """
    files = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    names = sorted(
        n
        for n in set(files) | set(extra)
        if not n.startswith(SERVER_ONLY) and not skip(n) and not (online and n in files and online.files(n))
    )
    jobs = [(name, None if name in replace or name in extra else files[name]) for name in names]
    global _MEMBERS, _ONLINE
    _MEMBERS, _ONLINE = {**replace, **extra}, online
    try:
        workers = workers or os.cpu_count() or 1
        if workers > 1 and len(jobs) > 50 and "fork" in multiprocessing.get_all_start_methods():
            gc.freeze()  # the workers share this process's objects; see render/workers.py
            try:
                # Workers replaced every 160 members give back what they copied (render/workers.py).
                with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=10) as pool:
                    _write_zip(target, folder, date_time, pool.imap(_member, jobs, chunksize=16))
            finally:
                gc.unfreeze()
        else:
            _write_zip(target, folder, date_time, map(_member, jobs))
    finally:
        _MEMBERS, _ONLINE = {}, None
    return len(names)


_MEMBERS: dict[str, bytes] = {}  # replaced and extra members, inherited by the forked workers
_ONLINE: Online | None = None


def _member(job: tuple[str, Path | None]) -> tuple[str, int, int, int, bytes | Path]:
    """(name, method, CRC-32, size, compressed bytes) of one member, made in a worker. A file
    stored as it is (a workbook) comes back as its path, for the writer to copy: tens of
    megabytes need not travel between processes."""
    name, path = job
    if path is not None and name.endswith(STORED):
        crc, size = 0, 0
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                crc, size = zlib.crc32(chunk, crc), size + len(chunk)
        return name, 0, crc, size, path
    data = _MEMBERS[name] if path is None else path.read_bytes()
    if name.endswith(".html") and (path is not None or _ONLINE is not None):
        data = offline_html(data.decode("utf-8"), name, _ONLINE).encode("utf-8")
    crc = zlib.crc32(data)
    if name.endswith(STORED):
        return name, 0, crc, len(data), data
    # Level 6 (zlib's default): on the full-size register's agreement pages 9.5% smaller than
    # level 3 for about twice its compression time, a couple of seconds over the whole mirror.
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return name, 8, crc, len(data), packer.compress(data) + packer.flush()


def _write_zip(target: Path, folder: str, date_time: tuple[int, ...], members: Iterable[tuple]) -> None:
    """A plain ZIP (no zip64: refused past 4 GB or 65,535 members) from precompressed members;
    a member given as a path is copied as it is."""
    year, month, day, hour, minute, second = date_time
    dos_time = hour << 11 | minute << 5 | second // 2
    dos_date = (year - 1980) << 9 | month << 5 | day
    central: list[bytes] = []
    offset = 0
    with target.open("wb") as out:
        for name, method, crc, size, packed in members:
            encoded = f"{folder}/{name}".encode()
            length = size if isinstance(packed, Path) else len(packed)
            header = struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, 0x800, method, dos_time, dos_date, crc, length, size, len(encoded), 0
            )
            out.write(header + encoded)
            if isinstance(packed, Path):
                with packed.open("rb") as source:
                    while chunk := source.read(1 << 20):
                        out.write(chunk)
            else:
                out.write(packed)
            central.append(
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    3 << 8 | 20,
                    20,
                    0x800,
                    method,
                    dos_time,
                    dos_date,
                    crc,
                    length,
                    size,
                    len(encoded),
                    0,
                    0,
                    0,
                    0,
                    0o100644 << 16,
                    offset,
                )
                + encoded
            )
            offset += len(header) + len(encoded) + length
            if offset > 0xFFFFFFFF or len(central) > 0xFFFF:
                raise RegsiteError("The offline mirror is too large for a plain zip; build with --no-mirror.")
        directory = b"".join(central)
        out.write(directory)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0))
