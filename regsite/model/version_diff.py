"""What changed between two versions of an agreement, field by field.

Differences that are only typographic (curly against straight quotes, spacing, line
endings, a trailing full stop, the case of a name) are not changes. Long texts get a
word-level difference, found paragraph by paragraph so a 30,000-character text stays fast.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from markupsafe import Markup, escape

from regsite.model.agreements import LONG_TEXT_KEYS, SHORT_FIELDS, Version
from regsite.text import comparable, name_key

NAME_FIELDS = {"applicant", "controllers"}
DATASET_FIELDS = ("type_of_data", "sensitivity", "frequency", "legal_basis", "confidentiality")


@dataclass
class FieldChange:
    key: str
    old: Any
    new: Any
    long: bool = False

    def word_diff(self, unchanged: bool = True) -> Markup:
        return word_diff(self.old or "", self.new or "", unchanged)


@dataclass
class VersionChanges:
    fields: list[FieldChange] = field(default_factory=list)
    datasets_added: list[str] = field(default_factory=list)
    datasets_removed: list[str] = field(default_factory=list)
    datasets_changed: list[tuple[str, list[FieldChange]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.datasets_added or self.datasets_removed or self.datasets_changed)


def same(key: str, old: Any, new: Any) -> bool:
    """Equal but for typographic noise."""
    if old == new:  # the common case, and far cheaper than normalising two long texts
        return True
    if isinstance(old, dt.date) or isinstance(new, dt.date):
        return False
    a, b = comparable(str(old or "")), comparable(str(new or ""))
    if key in NAME_FIELDS or key == "dataset":
        return a.casefold() == b.casefold()
    return a == b


def compare_fields(
    old: dict[str, Any], new: dict[str, Any], keys: tuple[str, ...], long_keys: tuple[str, ...] = ()
) -> list[FieldChange]:
    return [FieldChange(k, old.get(k), new.get(k), k in long_keys) for k in keys if not same(k, old.get(k), new.get(k))]


def dataset_rows(version: Version) -> dict[str, list[dict[str, Any]]]:
    """A version's dataset rows by dataset, each dataset's rows in a stable order.

    One dataset can be listed twice on a version with different terms (e.g. anonymised
    and identifiable); ordering its rows by their terms pairs them up across versions.
    """
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in version.datasets:
        rows.setdefault(name_key(row.get("dataset") or ""), []).append(row)
    for group in rows.values():
        group.sort(key=lambda r: tuple(comparable(str(r.get(k) or "")) for k in DATASET_FIELDS))
    return rows


def compare_versions(old: Version, new: Version) -> VersionChanges:
    changes = VersionChanges(compare_fields(old.fields, new.fields, SHORT_FIELDS + LONG_TEXT_KEYS, LONG_TEXT_KEYS))
    before, after = dataset_rows(old), dataset_rows(new)
    changes.datasets_added = [after[k][0]["dataset"] for k in after if k not in before]
    changes.datasets_removed = [before[k][0]["dataset"] for k in before if k not in after]
    for key in after:
        if key in before and len(before[key]) == len(after[key]):
            diffs = [
                c for a, b in zip(before[key], after[key], strict=True) for c in compare_fields(a, b, DATASET_FIELDS)
            ]
            if diffs:
                changes.datasets_changed.append((after[key][0]["dataset"], diffs))
        elif key in before:
            changes.datasets_changed.append(
                (after[key][0]["dataset"], [FieldChange("rows", f"{len(before[key])} rows", f"{len(after[key])} rows")])
            )
    return changes


# A word with the spaces after it: whitespace alone is never a token, so the matcher is not
# swamped by thousands of identical spaces (which made long texts slow to compare).
_TOKEN = re.compile(r"^\s+|\S+\s*")


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if p.strip()]


def _words(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str, unchanged: bool = True) -> Markup:
    """Paragraphs of the new text with removed words in ``<del>`` and added words in ``<ins>``.

    Each insertion and deletion carries visually hidden words, so a screen reader says
    where text was added or removed. Without ``unchanged``, a run of unchanged paragraphs is
    one line saying how many (the agreement page's history: both texts are whole elsewhere).
    """
    old_paras, new_paras = _paragraphs(old), _paragraphs(new)
    matcher = SequenceMatcher(
        None, [comparable(p) for p in old_paras], [comparable(p) for p in new_paras], autojunk=False
    )
    out: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" and not unchanged:
            count = j2 - j1
            out.append(f'<p class="app-muted">{count} paragraph{"s" if count != 1 else ""} unchanged.</p>')
        elif op == "equal":
            out.extend(f"<p>{escape(p)}</p>" for p in new_paras[j1:j2])
        elif op == "replace" and (i2 - i1) == (j2 - j1):
            out.extend(f"<p>{_word_level(a, b)}</p>" for a, b in zip(old_paras[i1:i2], new_paras[j1:j2], strict=True))
        else:
            out.extend(f"<p>{_tag('del', p)}</p>" for p in old_paras[i1:i2])
            out.extend(f"<p>{_tag('ins', p)}</p>" for p in new_paras[j1:j2])
    return Markup("".join(out))


def _tag(tag: str, text: str) -> str:
    if not text.strip():
        return str(escape(text))
    label = "Removed" if tag == "del" else "Added"
    return f'<{tag}><span class="nhsuk-u-visually-hidden">{label}: </span>{escape(text)}</{tag}>'


def _word_level(old: str, new: str) -> str:
    a, b = _words(old), _words(new)
    matcher = SequenceMatcher(None, [comparable(w) for w in a], [comparable(w) for w in b], autojunk=False)
    out: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(str(escape("".join(b[j1:j2]))))
            continue
        # Tokens carry their trailing spaces: those go after the tags, not inside them.
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if removed:
            out.append(_tag("del", removed.rstrip()))
        if added:
            out.append(_tag("ins", added.rstrip()))
        spacing = added or removed
        out.append(str(escape(spacing[len(spacing.rstrip()) :])))
    return "".join(out)
