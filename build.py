#!/usr/bin/env python3
"""Build the register site: ``python build.py [--data DIR] [--content DIR] [--out DIR] [--base-url URL]``.

``python build.py serve`` builds, serves on localhost and rebuilds when data, content or
templates change. The code lives in the ``regsite`` package; see ``regsite/build.py``.
"""

from regsite.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
