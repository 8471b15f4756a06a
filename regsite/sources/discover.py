"""Find registers and their editions under ``data/``, and read each edition once.

``data/<register-id>/register.toml`` defines a register; ``data/<register-id>/YYYY-MM.xlsx``
are its editions, dated by their file names. Parsed editions are cached by the file's
content hash (and the definition's and reader's), so adding an edition to two years of
them re-reads only the new file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from regsite.diagnostics import Location, Report, relative_name
from regsite.sources.definitions import RegisterDefinition, load_definition

EDITION_NAME = re.compile(r"^(\d{4})-(\d{2})\.xlsx$", re.IGNORECASE)
IGNORED_NAMES = {"register.toml", "readme.md", "readme.txt", ".gitkeep"}
# Modules whose code decides what a parsed edition holds: a change to any of them
# invalidates the cache.
_READER_MODULES = ("sheets.py", "cells.py", "workbook.py", "definitions.py")


@dataclass(frozen=True)
class Edition:
    register_id: str
    month: str  # YYYY-MM
    path: Path
    file: str  # label for messages, relative to the data folder's parent
    size: int
    sha256: str

    @property
    def download_name(self) -> str:
        return f"{self.register_id}-{self.month}.xlsx"


@dataclass
class RegisterSource:
    definition: RegisterDefinition
    editions: list[Edition]  # oldest first


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def discover(data_dir: Path, report: Report) -> list[RegisterSource]:
    """Every register folder with a definition, and its editions, in a stable order."""
    root = data_dir.parent
    if not data_dir.is_dir():
        report.error(
            "no-data",
            Location(file=relative_name(data_dir, root)),
            "The data folder does not exist.",
            fix="Pass --data with the folder that holds one sub-folder per register.",
        )
        return []
    sources: list[RegisterSource] = []
    for folder in sorted(p for p in data_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        toml = folder / "register.toml"
        if not toml.is_file():
            report.warning(
                "no-definition",
                Location(file=relative_name(folder, root)),
                "Folder ignored: it has no register.toml.",
                fix="Add a register.toml describing the register, or move the folder out of the data folder.",
            )
            continue
        definition = load_definition(toml, folder.name, report, relative_name(toml, root))
        editions: list[Edition] = []
        for path in sorted(folder.iterdir()):
            if path.is_dir() or path.name.lower() in IGNORED_NAMES or path.name.startswith("."):
                continue
            label = relative_name(path, root)
            match = EDITION_NAME.match(path.name)
            if not match or not 1 <= int(match.group(2)) <= 12:
                report.warning(
                    "unknown-file",
                    Location(file=label),
                    "File ignored: not named like an edition.",
                    expected="YYYY-MM.xlsx, the month of the edition (2026-09.xlsx)",
                    found=repr(path.name),
                    fix="Rename it to the month it was published, or move it out of the data folder.",
                )
                continue
            month = f"{match.group(1)}-{match.group(2)}"
            editions.append(Edition(folder.name, month, path, label, path.stat().st_size, file_sha256(path)))
        if definition is None:
            continue
        if not editions:
            report.error(
                "no-editions",
                Location(file=relative_name(folder, root)),
                "The register has no editions.",
                expected="at least one workbook named YYYY-MM.xlsx",
                fix="Add the register's latest workbook, named by its month.",
            )
            continue
        for month in sorted(set(definition.editions) - {e.month for e in editions}):
            report.warning(
                "edition-note",
                Location(file=definition.path, key=f'editions."{month}"'),
                "A note for an edition that is not in the folder.",
            )
        sources.append(RegisterSource(definition, editions))
    if not sources and not report.errors:
        report.error(
            "no-registers",
            Location(file=relative_name(data_dir, root)),
            "No registers found.",
            expected="one sub-folder per register, each with register.toml and YYYY-MM.xlsx editions",
            fix="See data/data-uses-register/ in the project for an example.",
        )
    return sources
