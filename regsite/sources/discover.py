"""Find registers and their editions under ``data/``, and read each edition once.

``data/<register-id>/YYYY-MM.xlsx`` (or ``.ods``, ``.csv``, ``.pdf``) are a register's
editions, dated by their file names. The known registers' definitions ship with the package
(``regsite/registers/<register-id>.toml``), so a folder named after one needs only NHS
England's files; a ``register.toml`` in the folder replaces the packaged definition, or
defines a register the package does not know. Parsed editions are cached by the file's
content hash (and the definition's and reader's), so adding an edition to two years of
them re-reads only the new file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

from regsite.diagnostics import Location, Report, relative_name
from regsite.sources.definitions import RegisterDefinition, load_definition, with_data_facts

# The formats an edition may come in, by extension, with the name the site gives each.
FORMATS = {"xlsx": "XLSX", "ods": "ODS", "csv": "CSV", "pdf": "PDF"}
EDITION_NAME = re.compile(r"^(\d{4})-(\d{2})\.(xlsx|ods|csv|pdf)$", re.IGNORECASE)
# The definitions of the registers this site knows, one file per register id.
PACKAGED = Path(__file__).resolve().parent.parent / "registers"
IGNORED_NAMES = {"register.toml", "editions.toml", "readme.md", "readme.txt", ".gitkeep"}
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
    def extension(self) -> str:
        """The file's own extension, lower case: the download keeps it."""
        return self.path.suffix.lower().lstrip(".")

    @property
    def format(self) -> str:
        return FORMATS.get(self.extension, self.extension.upper())

    @property
    def noun(self) -> str:
        """What the site calls the file: 'the workbook as published', 'the PDF as published'."""
        return {"xlsx": "workbook", "ods": "spreadsheet", "csv": "CSV file", "pdf": "PDF"}.get(self.extension, "file")

    @property
    def download_name(self) -> str:
        # A CSV edition's own file must not take the name of the CSV the site makes from it.
        tail = "-as-published" if self.extension == "csv" else ""
        return f"{self.register_id}-{self.month}{tail}.{self.extension}"


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


def packaged_ids() -> list[str]:
    """The ids of the registers whose definitions ship with the package."""
    return sorted(p.stem for p in PACKAGED.glob("*.toml")) if PACKAGED.is_dir() else []


def _definition_file(folder: Path, root: Path, report: Report) -> tuple[Path, str] | None:
    """The folder's own register.toml if it has one, else the packaged definition of the
    register it is named after; ``None`` (with a warning saying what to add) if neither."""
    own = folder / "register.toml"
    if own.is_file():
        return own, relative_name(own, root)
    packaged = PACKAGED / f"{folder.name}.toml"
    if packaged.is_file():
        return packaged, f"regsite/registers/{packaged.name}"
    known = packaged_ids()
    close = get_close_matches(folder.name, known, n=1, cutoff=0.6)
    rename = f"Did you mean '{close[0]}'? Rename the folder to it, or add" if close else "Add"
    report.warning(
        "no-definition",
        Location(file=relative_name(folder, root)),
        "Folder ignored: it is not named after a register this site knows, and it has no register.toml.",
        expected="a folder named after a known register (" + ", ".join(known) + ") or holding register.toml"
        if known
        else "a folder holding register.toml",
        found=repr(folder.name),
        fix=f"{rename} {relative_name(own, root)} with the register's title, summary, sheet and one "
        "[[columns]] table per column"
        + (f" (regsite/registers/{known[0]}.toml is one)." if known else " (README.md, 'The data')."),
    )
    return None


def _editions(folder: Path, root: Path, report: Report) -> list[Edition]:
    """The folder's editions, oldest first; a file not named like one is reported and left out."""
    editions: dict[str, Edition] = {}
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
                expected="YYYY-MM and the file's own extension, the month of the edition "
                "(2026-09.xlsx, 2026-09.ods, 2026-09.csv or 2026-09.pdf)",
                found=repr(path.name),
                fix="Rename it to the month it was published, or move it out of the data folder.",
            )
            continue
        month = f"{match.group(1)}-{match.group(2)}"
        if month in editions:
            report.error(
                "two-editions",
                Location(file=label),
                f"Two files for the edition of {month}.",
                expected="one file per month",
                found=f"{editions[month].path.name!r} and {path.name!r}",
                fix="Keep the one NHS England published for that month and move the other out of the data folder.",
            )
            continue
        editions[month] = Edition(folder.name, month, path, label, path.stat().st_size, file_sha256(path))
    return [editions[m] for m in sorted(editions)]


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
        found = _definition_file(folder, root, report)
        if found is None:
            continue
        definition = load_definition(found[0], folder.name, report, found[1])
        facts = folder / "editions.toml"
        if definition is not None and facts.is_file():
            definition = with_data_facts(definition, facts, report, relative_name(facts, root))
        editions = _editions(folder, root, report)
        if definition is None:
            continue
        if not editions:
            report.error(
                "no-editions",
                Location(file=relative_name(folder, root)),
                "The register has no editions.",
                expected="at least one file named YYYY-MM.xlsx (or .ods, .csv, .pdf)",
                fix="Add the register's latest file, named by its month.",
            )
            continue
        # Notes are the folder's own (editions.toml, or its register.toml): one for a month the
        # folder lacks is a mistake worth a word.
        for month in sorted(set(definition.editions) - {e.month for e in editions}):
            report.warning(
                "edition-note",
                Location(file=definition.path, key=f'editions."{month}"'),
                "A note for an edition that is not in the folder.",
                fix="Remove the note, or add the edition's file.",
            )
        sources.append(RegisterSource(definition, editions))
    if not sources and not report.errors:
        report.error(
            "no-registers",
            Location(file=relative_name(data_dir, root)),
            "No registers found.",
            expected="one sub-folder per register, named after it (data-uses-register) and holding its "
            "editions named YYYY-MM.xlsx",
            fix="See data/data-uses-register/ in the project for an example.",
        )
    return sources
