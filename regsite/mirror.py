"""The offline mirror: the whole site as one zip that opens from disk, with no server.

Links on the site are relative already; a mirror page's links to folders also name their
``index.html``, because a browser opening ``file://`` shows a folder listing, not its
index. The mirror is made from the staged site (so it is exactly the same content),
with its own search page (Pagefind cannot load its modules from ``file://``) and
without what only a web server uses (Pagefind's index, redirects, robots, sitemap).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

# Relative links and form targets to a folder: href="../../agreements/x/" or "./", with an
# optional query or fragment. Absolute links (http:, mailto:, /…) and fragments are left alone.
_FOLDER_LINK = re.compile(r'(\b(?:href|action)=")((?![a-z][a-z0-9+.-]*:|/|#)[^"?#]*/)([?#][^"]*)?"')
SERVER_ONLY = ("pagefind/", "_redirects", "robots.txt", "sitemap.xml", "404.html")
STORED = (".xlsx", ".zip", ".gz", ".png", ".ico")  # already compressed


def offline_html(html: str) -> str:
    return _FOLDER_LINK.sub(lambda m: f'{m.group(1)}{m.group(2)}index.html{m.group(3) or ""}"', html)


def write_mirror(
    site: Path,
    target: Path,
    folder: str,
    replace: dict[str, bytes],
    extra: dict[str, bytes],
    skip: Callable[[str], bool] = lambda _: False,
    date_time: tuple[int, int, int, int, int, int] = (2026, 1, 1, 0, 0, 0),
) -> int:
    """Zip the staged ``site`` as an offline mirror under ``folder/``; returns the file count.

    ``replace`` holds pages to use instead of the site's (the offline search page); ``extra``
    files only the mirror has (the offline search index). Entries are in path order with a
    fixed date, so the same site gives the same zip.
    """
    files = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    names = sorted(n for n in set(files) | set(extra) if not n.startswith(SERVER_ONLY) and not skip(n))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name in names:
            if name in replace:
                data = replace[name]
            elif name in extra:
                data = extra[name]
            else:
                data = files[name].read_bytes()
            if name.endswith(".html") and name not in replace:
                data = offline_html(data.decode("utf-8")).encode("utf-8")
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=date_time)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(STORED) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return len(names)
