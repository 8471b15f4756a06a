"""No dead code: every function, class and method the package defines is used somewhere else in
the package, its templates or the command line (a review found ten that were not)."""

from __future__ import annotations

import ast
import re
from collections import Counter

from factory import ROOT

# Used by the tests as a small public API, or called by a library rather than by name.
USED_ELSEWHERE = {
    "handle_starttag",  # HTMLParser's hooks
    "handle_endtag",
    "handle_data",
    "extendMarkdown",  # Markdown's extension hook
    "filter_stream",  # Jinja's extension hook
    "csv_bytes",  # the CSV writer's one-shot form, tested on hostile cells
    "read_sheets",  # the workbook reader's whole-sheet form, tested on refused files
}


def definitions(tree: ast.Module) -> list[str]:
    names = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.append(node.name)
        if isinstance(node, ast.ClassDef):
            names += [m.name for m in node.body if isinstance(m, ast.FunctionDef) and not m.name.startswith("__")]
    return names


def test_everything_defined_is_used():
    modules = sorted((ROOT / "regsite").rglob("*.py"))
    templates = sorted((ROOT / "templates").glob("*.html"))
    assert len(modules) > 40 and len(templates) > 20
    words = Counter(
        w for p in [*modules, *templates, ROOT / "build.py"] for w in re.findall(r"\w+", p.read_text("utf-8"))
    )
    unused = []
    for module in modules:
        for name in definitions(ast.parse(module.read_text("utf-8"))):
            if name not in USED_ELSEWHERE and words[name] < 2:  # named only where it is defined
                unused.append(f"{module.relative_to(ROOT)}: {name}")
    assert unused == []
