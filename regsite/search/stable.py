"""Make Pagefind's output the same for the same pages.

Pagefind writes its filter indexes from hash maps, so the order of filters and of their
values (and so the files' names) changes from run to run (Pagefind/pagefind#638). We
decode those few small files (gzip + CBOR), sort them, and write them back under names
derived from their content, which keeps the whole site byte-identical between builds.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

MAGIC = b"pagefind_dcd"


def _decode(data: bytes, i: int = 0) -> tuple[Any, int]:
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(data[i : i + size], "big")
        i += size
    else:
        raise ValueError(f"unsupported CBOR item {head:#x}")
    if major == 0:
        return value, i
    if major == 1:
        return -1 - value, i
    if major == 2:
        return bytes(data[i : i + value]), i + value
    if major == 3:
        return data[i : i + value].decode("utf-8"), i + value
    if major == 4:
        items = []
        for _ in range(value):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], i
    raise ValueError(f"unsupported CBOR major type {major}")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError("integer too large")


def _encode(value: Any) -> bytes:
    if value is False or value is True or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(v) for v in value)
    raise TypeError(type(value).__name__)


def _read(path: Path, json_body: bool = False) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MAGIC):
        raise ValueError(f"{path.name} is not a Pagefind index file")
    if json_body:  # a fragment: the page's address, text, filters and metadata
        return json.loads(data[len(MAGIC) :])
    value, end = _decode(data, len(MAGIC))
    if end != len(data):
        raise ValueError(f"{path.name} has trailing data")
    return value


def _write(path: Path, value: Any) -> None:
    path.write_bytes(gzip.compress(MAGIC + _encode(value), compresslevel=9, mtime=0))


def stabilise(bundle: Path) -> None:
    """Sort the filter indexes of every language in a Pagefind bundle, in place."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = []
        for name, file_hash in meta[3]:
            old = bundle / "filter" / f"{file_hash}.pf_filter"
            content = _read(old)
            content[1] = sorted(content[1], key=lambda pair: (pair[0], pair[1]))
            digest = hashlib.sha256(_encode(content)).hexdigest()
            new_hash = f"{file_hash.split('_')[0]}_{digest[:7]}"
            old.unlink()
            _write(bundle / "filter" / f"{new_hash}.pf_filter", content)
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        meta[5] = sorted(meta[5])
        _save_meta(bundle, language, meta)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _save_meta(bundle: Path, language: dict[str, Any], meta: Any) -> None:
    """Write a language's metadata under a name made from its content, in place of the old."""
    prefix = language["hash"].split("_")[0]
    new_meta_hash = f"{prefix}_{hashlib.sha256(_encode(meta)).hexdigest()[:10]}"
    (bundle / f"pagefind.{language['hash']}.pf_meta").unlink()
    _write(bundle / f"pagefind.{new_meta_hash}.pf_meta", meta)
    language["hash"] = new_meta_hash


def filter_names(bundle: Path) -> set[str]:
    """The names of a Pagefind bundle's filters, over every language."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {
        name
        for language in entry["languages"].values()
        for name, _ in _read(bundle / f"pagefind.{language['hash']}.pf_meta")[3]
    }


def page_sorts(bundle: Path) -> dict[str, tuple[list[str], dict[str, list[int]]]]:
    """For each language of a bundle: its pages' addresses, by page number, and each sort's page
    numbers in the sort's order."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    found = {}
    for code, language in entry["languages"].items():
        meta = _read(bundle / f"pagefind.{language['hash']}.pf_meta")
        sorted_pages = {key: list(pages) for key, pages in meta[4]}
        needed = {number for pages in sorted_pages.values() for number in pages}
        urls = [
            _read(bundle / "fragment" / f"{fragment_hash}.pf_fragment", json_body=True)["url"] if n in needed else ""
            for n, (fragment_hash, _) in enumerate(meta[1])
        ]
        found[code] = (urls, sorted_pages)
    return found


def set_page_sorts(bundle: Path, sorts: dict[str, dict[str, list[int]]]) -> None:
    """Give each language of a bundle the sorts in ``sorts``, page numbers in order (see page_sorts):
    a sort the bundle's pages lack too, so that a sorted search leaves them out, as one index would."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for code, language in entry["languages"].items():
        meta = _read(bundle / f"pagefind.{language['hash']}.pf_meta")
        meta[4] = [[key, pages] for key, pages in sorted(sorts[code].items())]
        _save_meta(bundle, language, meta)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
