#!/usr/bin/env python3
"""Pin the shipped data's figures for the tests: tests/pinned/shipped-data.json.

The tests check the site built from data/ against these figures (every agreement's versions,
datasets and files; each edition's counts and changes; each register's rows), so that a change in
how the data is read or modelled shows as a failing test, and a change to the data as a reviewed
diff of this file. After changing data/ (or scripts/derive_edition.py, scripts/make_samples.py),
run it again and read the diff:

    ./run fixtures            (or: .venv/bin/python scripts/pin.py)
    ./run fixtures --check    exits 1, naming the pin, when it no longer matches data/
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from regsite.build import Options, _Stages, prepare  # noqa: E402
from regsite.diagnostics import Report  # noqa: E402

PIN = ROOT / "tests" / "pinned" / "shipped-data.json"


def figures(data: Path = ROOT / "data", content: Path = ROOT / "content") -> dict[str, Any]:
    """The figures the tests pin, from the model of ``data``."""
    model = prepare(Options(data=data, content=content, cache=ROOT / ".cache"), Report(), _Stages({}, {}))
    uses = model.uses
    return {
        "data-uses-register": {
            "editions": {e.month: e.counts for e in uses.editions},
            "changes": {m: {"changes": c.count, "files_released": c.files_released} for m, c in uses.changes.items()},
            "organisations": len(model.site.organisations),
            "datasets": len(model.site.datasets),
            "agreements": {
                base.lower(): {
                    "versions": [v.version for v in agreement.versions],
                    "datasets": sum(len(v.datasets) for v in agreement.versions),
                    "releases": sum(len(v.releases) for v in agreement.versions),
                }
                for base, agreement in uses.snapshot.agreements.items()
            },
        },
        "registers": {t.id: {e.month: e.rows for e in t.editions} for t in model.registers},
    }


def text(value: dict[str, Any]) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the pin matches data/")
    args = parser.parse_args(argv)
    pinned = text(figures())
    if args.check:
        if PIN.is_file() and PIN.read_text("utf-8") == pinned:
            return 0
        print(f"{PIN.relative_to(ROOT)} does not match data/: run ./run fixtures and read the diff.", file=sys.stderr)
        return 1
    PIN.parent.mkdir(parents=True, exist_ok=True)
    PIN.write_text(pinned, encoding="utf-8")
    print(f"Wrote {PIN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
