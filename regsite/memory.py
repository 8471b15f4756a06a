"""Memory the build has freed, given back to the system: after each sheet is read, before it
forks workers or runs Pagefind.

glibc keeps what a process frees for its own later use, so without this the resident size only
ever grows: reading a full-size register's three sheets left 600 MB resident for 430 MB in use
(the spreadsheet reader's cells, freed once typed, among it), and every forked worker's resident
size starts from its parent's.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc


def trim() -> None:
    """Return the pages glibc holds free to the system (milliseconds); elsewhere nothing."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def release_freed_memory() -> None:
    """Collect garbage, then ``trim``: an archive's older editions once modelled, the big
    downloads once written."""
    gc.collect()
    trim()
