"""Cite this page": a plain-text reference to a page of the register, and the facts behind it.

A citation has to outlive the page it names: the register changes every month, so it names
the edition and the SHA-256 of the workbook the page was built from, which identifies the
data exactly even after the page has moved on to a later edition.
"""

from __future__ import annotations

from dataclasses import dataclass

from regsite.sources.cells import month_label
from regsite.sources.definitions import RegisterDefinition
from regsite.sources.discover import Edition


@dataclass(frozen=True)
class Citation:
    title: str
    register: str
    publisher: str
    edition: str  # YYYY-MM
    address: str  # absolute when the site's base URL is known, else the path from the site root
    workbook: str  # the workbook's file name
    sha256: str
    derived: bool = False  # an edition made by this project from a published one, not by the publisher

    @property
    def facts(self) -> list[tuple[str, str]]:
        return [
            ("Title", self.title),
            ("Register", f"{self.register}, published by {self.publisher}"),
            *([("Note", f"a derived edition, not published by {self.publisher}")] if self.derived else []),
            ("Edition", month_label(self.edition)),
            ("Address", self.address),
            ("Workbook", self.workbook),
            ("Workbook SHA-256", self.sha256),
        ]

    @property
    def text(self) -> str:
        """One reference sentence, then the facts a line each: copied as it stands."""
        edition = f"{month_label(self.edition)} edition"
        if self.derived:  # never cited as the publisher's own
            sentence = f"{self.title}. Derived from the {self.register} ({self.publisher}), {edition}; "
            sentence += f"not published by {self.publisher}."
        else:
            sentence = f"{self.publisher}. {self.title}. {self.register}, {edition}."
        sentence += f" Available at: {self.address}"
        return "\n".join([sentence, "", *(f"{key}: {value}" for key, value in self.facts)])


def address(path: str, base_url: str) -> str:
    """A page's address: absolute under ``base_url`` (no trailing slash), else from the site root."""
    return f"{base_url}/{path}" if base_url else f"/{path}"


def cite(
    title: str, definition: RegisterDefinition, edition: Edition, path: str, base_url: str, derived: bool = False
) -> Citation:
    """The citation of the page at ``path``, made from ``edition`` of the register ``definition``."""
    return Citation(
        title=title,
        register=definition.title,
        publisher=definition.publisher,
        edition=edition.month,
        address=address(path, base_url),
        workbook=edition.download_name,
        sha256=edition.sha256,
        derived=derived,
    )
