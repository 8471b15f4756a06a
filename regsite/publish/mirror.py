"""The offline mirror: the whole site as one zip that opens from disk, with no server.

Links on the site are relative already; a mirror page's links to folders also name their
``index.html``, because a browser opening ``file://`` shows a folder listing, not its
index. The mirror is made from the staged site (so it is exactly the same content),
with its own search page (Pagefind cannot load its modules from ``file://``) and
without what only a web server uses (Pagefind's index, redirects, robots, sitemap).
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import posixpath
import re
import struct
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO, NamedTuple

from regsite.diagnostics import RegsiteError
from regsite.render import environment, urls
from regsite.render.downloads import Download
from regsite.search import offline

# Relative links and form targets to a folder: href="../../agreements/x/" or "./", with an
# optional query or fragment. Absolute links (http:, mailto:, /…) and fragments are left alone,
# and so is an attribute whose name only ends with one of these (data-href). Each pattern starts
# with its attribute's name, a literal the matcher finds fast, and the name's start is checked
# after it: a pattern starting with an alternation of names ran eight times
# slower over the gigabyte of HTML a full-size mirror holds, and one starting at '="' with the
# name checked in Python took an eighth more time than these.
_FOLDER_LINKS = [
    (
        re.compile(rf'{name}(?<![\w-]{name})="((?![a-z][a-z0-9+.-]*:|/|#)[^"?#]*/)([?#][^"]*)?"'),
        rf'{name}="\1index.html\2"',  # an unmatched group (no query) writes nothing
    )
    for name in ("href", "action")
]
# Relative links to a file that may be left out of the mirror (a download): checked against
# the files linked online after resolving them from the page that holds them.
_FILE_LINK = re.compile(r'href="((?:\.\./)*[^":?#/][^":?#]*\.(?:json|csv|xlsx|zip|gz))"')
SERVER_ONLY = ("pagefind/", "_redirects", "_headers", "robots.txt", "sitemap.xml", "404.html")
STORED = (".xlsx", ".zip", ".gz", ".png", ".ico")  # already compressed
_LEVEL = 4  # deflate level of the other members (see pack)


def offline_html(html: str, page: str = "", online: Online | None = None) -> str:
    """A page as it reads from disk: folder links name their index.html, and with ``online``
    (the files left out of the mirror, and the published site's address) links to those
    files, resolved from ``page``, lead to them on the published site."""
    for pattern, folder_index in _FOLDER_LINKS:
        html = pattern.sub(folder_index, html)
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


def online(base_url: str) -> Online | None:
    """With the site's address (--base-url), the mirror links the downloads on the published site:
    the workbooks, CSV and JSON files in downloads/ and each agreement's JSON, most of the bytes."""
    return Online(base_url, _linked_online) if base_url else None


def _linked_online(name: str) -> bool:
    if name.startswith(urls.download("")):
        return not name.endswith(".html")
    return name.startswith("agreements/") and name.endswith(".json.gz")


def make(
    staging: Path,
    from_disk: environment.Renderer,
    edition: str,
    date_time: tuple[int, int, int, int, int, int],
    online: Online | None,
    documents: list[offline.Document],
    spooled: Mapping[str, Packed],
    downloads_page: environment.PageSpec,
) -> Download:
    """The staged site as the mirror, ``downloads/register-site-<edition>.zip``: links name their
    index.html (``from_disk`` renders the pages the mirror has its own way), and search runs from
    an index loaded by script tags (search/offline.py), made from the pages' ``documents``; the
    pages were packed as they were rendered (``spooled``). With ``online``, the downloads are
    linked on the published site rather than packed a second time, and the mirror's downloads
    page says so."""
    search_page = from_disk.render(
        environment.PageSpec(
            path=urls.search(), template="search_offline.html", title="Search", breadcrumbs=[("Home", "")], search=False
        )
    )
    replace = {urls.search() + "index.html": search_page}
    if online is not None:
        downloads_page.context = {**downloads_page.context, "downloads_online": online.base + "/" + urls.downloads()}
        replace[downloads_page.file] = from_disk.render(downloads_page)
    name = f"register-site-{edition}"
    path = urls.download(f"{name}.zip")
    target = staging / path
    extra = offline.index_scripts(documents)
    skip = path.__eq__
    write_mirror(staging, target, name, replace, extra, skip, date_time, online=online, spooled=spooled)
    digest = hashlib.sha256()
    with target.open("rb") as handle:  # in chunks: the zip runs to tens of megabytes
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    title = "The whole site, to read offline: unzip it and open index.html"
    return Download(path, title, "ZIP", target.stat().st_size, digest.hexdigest())


class Packed(NamedTuple):
    """A member packed before the mirror is made: how, and where its bytes lie in a spool file."""

    method: int  # 8: deflated, 0: stored
    crc: int
    size: int
    file: Path
    offset: int
    length: int


class Spool:
    """Pages packed for the mirror where they are rendered, on every core (render/workers.py):
    the mirror then copies each page's packed bytes into its zip rather than reading, rewriting
    and compressing every page of the site again on its own."""

    def __init__(self, folder: Path, online: Online | None = None) -> None:
        self.folder = folder
        self.online = online

    def wants(self, name: str) -> bool:
        return name.endswith(".html") and not name.startswith(SERVER_ONLY)

    def open(self) -> SpoolFile:
        """A spool file of its own, for one share of pages (its name is never part of the output)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, path = tempfile.mkstemp(dir=self.folder, suffix=".bin")
        return SpoolFile(self, os.fdopen(handle, "wb"), Path(path))


class SpoolFile:
    def __init__(self, spool: Spool, handle: BinaryIO, path: Path) -> None:
        self.spool, self.handle, self.path = spool, handle, path

    def add(self, name: str, data: bytes) -> Packed | None:
        """``name`` packed, its bytes appended; None for a file the mirror leaves out."""
        if not self.spool.wants(name):
            return None
        method, crc, size, packed = pack(name, data, self.spool.online)
        offset = self.handle.tell()
        self.handle.write(packed)
        return Packed(method, crc, size, self.path, offset, len(packed))

    def close(self) -> None:
        self.handle.close()


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
    spooled: Mapping[str, Packed] | None = None,
) -> int:
    """Zip the staged ``site`` as an offline mirror under ``folder/``; returns the file count.

    ``replace`` holds pages to use instead of the site's (the offline search page); ``extra``
    files only the mirror has (the offline search index); ``spooled`` pages packed already,
    where they were rendered (``Spool``). Entries are in path order with a fixed date, so the
    same site gives the same zip. Other members are compressed on every core when there are
    many (a site without ``online`` packs the downloads) and written in order here.
    """
    spooled = spooled or {}
    files = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    names = sorted(
        n
        for n in set(files) | set(extra)
        if not n.startswith(SERVER_ONLY) and not skip(n) and not (online and n in files and online.files(n))
    )
    ready = {n: spooled[n] for n in names if n in spooled and n not in replace and n not in extra}
    jobs = [(name, None if name in replace or name in extra else files[name]) for name in names if name not in ready]
    global _MEMBERS, _ONLINE
    _MEMBERS, _ONLINE = {**replace, **extra}, online
    try:
        workers = workers or os.cpu_count() or 1
        if workers > 1 and len(jobs) > 50 and "fork" in multiprocessing.get_all_start_methods():
            gc.freeze()  # the workers share this process's objects; see render/workers.py
            try:
                # Workers replaced every 160 members give back what they copied (render/workers.py).
                with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=10) as pool:
                    made = pool.imap(_member, jobs, chunksize=16)
                    _write_zip(target, folder, date_time, _in_order(names, ready, made))
            finally:
                gc.unfreeze()
        else:
            _write_zip(target, folder, date_time, _in_order(names, ready, map(_member, jobs)))
    finally:
        _MEMBERS, _ONLINE = {}, None
    return len(names)


def _in_order(names: list[str], ready: Mapping[str, Packed], made: Iterable[_Member]) -> Iterator[_Member]:
    """Every member in ``names``' order: the packed ones from the spool, the rest as made (in that order too)."""
    made = iter(made)
    for name in names:
        if (packed := ready.get(name)) is not None:
            yield name, packed.method, packed.crc, packed.size, packed
        else:
            yield next(made)


_MEMBERS: dict[str, bytes] = {}  # replaced and extra members, inherited by the forked workers
_ONLINE: Online | None = None


# (name, method, CRC-32, size, the packed bytes, or the file to copy them from)
_Member = tuple[str, int, int, int, "bytes | Path | Packed"]


def _member(job: tuple[str, Path | None]) -> _Member:
    """One member, made in a worker. A file stored as it is (a workbook) comes back as its
    path, for the writer to copy: tens of megabytes need not travel between processes."""
    name, path = job
    if path is not None and name.endswith(STORED):
        crc, size = 0, 0
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                crc, size = zlib.crc32(chunk, crc), size + len(chunk)
        return name, 0, crc, size, path
    return (name, *pack(name, _MEMBERS[name] if path is None else path.read_bytes(), _ONLINE))


def pack(name: str, data: bytes, online: Online | None) -> tuple[int, int, int, bytes]:
    """(method, CRC-32, size, packed bytes) of one member: a page as it reads from disk
    (``offline_html``: a page rendered for the disk already is left as it is), compressed
    unless its format is compressed already."""
    if name.endswith(".html"):
        data = offline_html(data.decode("utf-8"), name, online).encode("utf-8")
    crc = zlib.crc32(data)
    if name.endswith(STORED):
        return 0, crc, len(data), data
    # Level 4: on the full-size register's mirror (base URL given) 74.2 MB against level 6's
    # 71.7 MB, for 3.0 CPU seconds of compression against 5.3 (level 3: 78.5 MB, too near the
    # 80 MB goal; level 5: 72.4 MB for 4.0 s).
    packer = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    return 8, crc, len(data), packer.compress(data) + packer.flush()


def _write_zip(target: Path, folder: str, date_time: tuple[int, ...], members: Iterable[_Member]) -> None:
    """A plain ZIP (no zip64: refused past 4 GB or 65,535 members) from precompressed members;
    a member given as a path is copied as it is, and a spooled one from its spool file."""
    spools: dict[Path, BinaryIO] = {}
    try:
        _write_members(target, folder, date_time, members, spools)
    finally:
        for handle in spools.values():
            handle.close()


def _write_members(
    target: Path, folder: str, date_time: tuple[int, ...], members: Iterable[_Member], spools: dict[Path, BinaryIO]
) -> None:
    year, month, day, hour, minute, second = date_time
    dos_time = hour << 11 | minute << 5 | second // 2
    dos_date = (year - 1980) << 9 | month << 5 | day
    central: list[bytes] = []
    offset = 0
    with target.open("wb") as out:
        for name, method, crc, size, packed in members:
            encoded = f"{folder}/{name}".encode()
            if isinstance(packed, Packed):
                if packed.file not in spools:
                    spools[packed.file] = packed.file.open("rb")
                spools[packed.file].seek(packed.offset)
                packed = spools[packed.file].read(packed.length)
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
