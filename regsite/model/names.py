"""Organisations and datasets, shared by every register and edition.

One organisation may be spelled several ways across rows and editions (``ST. GEORGE’S``
and ``ST. GEORGE'S``, case, spacing): they share an identity (``text.name_key``) and are
shown by their latest spelling. Slugs are given in order of first appearance, so a slug
never changes once published.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from regsite.text import name_key, unique_slugs

# An ICB's name can hold a comma: "NHS BATH AND NORTH EAST SOMERSET, SWINDON AND WILTSHIRE ICB - 92G".
_ICB_TAIL = re.compile(r"\bICB(?:\s*-\s*[A-Z0-9]{3,6})?$", re.IGNORECASE)


@dataclass
class Entity:
    key: str
    name: str  # latest spelling
    slug: str = ""
    spellings: list[str] = field(default_factory=list)  # every spelling seen, first seen first
    editions: list[str] = field(default_factory=list)  # months of the editions naming it, oldest first


class Names:
    """Collects names in order of appearance; the last spelling seen is the one shown."""

    def __init__(self) -> None:
        self._order: list[str] = []
        self.entities: dict[str, Entity] = {}

    def see(self, name: str, edition: str = "") -> str:
        """Note a name, seen in ``edition`` (a month) if it comes from one."""
        key = name_key(name)
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = Entity(key, name)
            self._order.append(key)
        entity.name = name
        if name not in entity.spellings:
            entity.spellings.append(name)
        if edition and edition not in entity.editions:
            bisect.insort(entity.editions, edition)  # split controller cells come in a second pass
        return key

    def __contains__(self, name: str) -> bool:
        return name_key(name) in self.entities

    def get(self, name: str) -> Entity | None:
        return self.entities.get(name_key(name))

    def assign_slugs(self) -> None:
        slugs = unique_slugs(self._order, {k: e.name for k, e in self.entities.items()})
        for key, slug in slugs.items():
            self.entities[key].slug = slug


def split_names(cell: str | None, known: Names) -> list[str]:
    """Split a comma-joined list of organisations using the names already known.

    Splitting on every comma breaks names that contain one. Among all ways to cut the
    cell at its commas, choose the one with the fewest unknown pieces, then the fewest
    guessed joins (an ICB name with a comma), then the fewest pieces: a run of parts
    that together form a known name stays whole.
    """
    if not cell or not cell.strip():
        return []
    parts = [p.strip() for p in cell.split(",")]
    parts = [p for p in parts if p]
    n = len(parts)
    if n <= 1:
        return parts
    # best[i]: (unknown pieces, guessed joins, pieces, cut) for parts[:i]
    best: list[tuple[int, int, int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, 0, 0, [])
    for end in range(1, n + 1):
        for start in range(end):
            prior = best[start]
            if prior is None:
                continue
            piece = ", ".join(parts[start:end])
            is_known = piece in known
            guessed = end - start > 1 and not is_known and _looks_like_icb(parts[start:end])
            if end - start > 1 and not (is_known or guessed):
                continue
            unknown = 0 if (is_known or guessed) else 1
            candidate = (prior[0] + unknown, prior[1] + guessed, prior[2] + 1, [*prior[3], piece])
            current = best[end]
            if current is None or candidate[:3] < current[:3]:
                best[end] = candidate
    result = best[n]
    return result[3] if result else parts


def _looks_like_icb(parts: list[str]) -> bool:
    """``NHS X, Y AND Z ICB - 92G``: an ICB name whose comma is part of the name."""
    return (
        len(parts) == 2
        and parts[0].upper().startswith("NHS ")
        and not _ICB_TAIL.search(parts[0])
        and not parts[1].upper().startswith("NHS ")
        and bool(_ICB_TAIL.search(parts[1]))
    )
