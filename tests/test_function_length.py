"""No function over 60 lines unless its docstring says why ("Long because …"), no module over 500.

A long function is hard for a newcomer to read and to test in parts; the one way out is a
reason written where the next reader will look, in the docstring.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 60
REASON = "Long because"


def long_functions(source: str, name: str) -> list[str]:
    """``name:line function (N lines)`` for each function over ``LIMIT`` lines with no reason given."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > LIMIT and REASON not in (ast.get_docstring(node) or ""):
                found.append(f"{name}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_is_long_without_a_reason():
    folders = ("regsite", "scripts", "benchmarks")
    files = [*(p for f in folders for p in sorted((ROOT / f).rglob("*.py"))), ROOT / "build.py"]
    assert len(files) > 40
    found = [f for p in files for f in long_functions(p.read_text(encoding="utf-8"), str(p.relative_to(ROOT)))]
    assert found == [], "split these, or say in the docstring why not (" + REASON + " …)"


def test_a_long_function_is_found_and_a_reason_lets_it_be():
    body = "".join(f"    x{n} = {n}\n" for n in range(LIMIT))
    assert long_functions("def f():\n" + body, "m.py") == [f"m.py:1 f ({LIMIT + 1} lines)"]
    assert long_functions('def f():\n    """Long because it must be."""\n' + body, "m.py") == []
    assert long_functions("def f():\n" + body[: -len(f"    x{LIMIT - 1} = {LIMIT - 1}\n")], "m.py") == []


def test_no_module_is_over_500_lines():
    modules = [*sorted((ROOT / "regsite").rglob("*.py")), ROOT / "build.py"]
    long = {
        str(p.relative_to(ROOT)): n for p in modules if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}, "split these modules by what they hold"
