"""Registers others publish: ``data/external-registers.toml`` lists them, to link to, not to read."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from regsite.diagnostics import Report, shown
from regsite.sources.definitions import DefinitionReader


@dataclass(frozen=True)
class ExternalRegister:
    """A register of NHS England data that someone else publishes: listed and linked, not read."""

    title: str
    summary: str
    publisher: str
    url: str


def load_external(path: Path, report: Report, file_label: str) -> list[ExternalRegister]:
    """``data/external-registers.toml``: [[registers]] tables with title, summary, publisher and url."""
    if not path.is_file():
        return []
    reader = DefinitionReader(file_label, report)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reader.problem("", f"The file is not valid TOML: {exc}.")
        return []
    reader.unknown_keys(data, {"registers"}, "")
    out = []
    for i, table in enumerate(data.get("registers", []), 1):
        where = f"registers[{i}]."
        if not isinstance(table, dict):
            reader.problem(where.rstrip("."), "Wrong type.", expected="a [[registers]] table")
            continue
        reader.unknown_keys(table, {"title", "summary", "publisher", "url"}, where)
        url = reader.string(table, "url", where, required=True)
        if url and not re.match(r"https://", url):
            reader.problem(f"{where}url", "Not a secure web address.", expected="an https:// address", found=shown(url))
        out.append(
            ExternalRegister(
                reader.string(table, "title", where, required=True),
                reader.string(table, "summary", where, required=True),
                reader.string(table, "publisher", where),
                url,
            )
        )
    return out
