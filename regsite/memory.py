"""Memory the build has freed, given back to the system before it forks workers or runs Pagefind."""

from __future__ import annotations

import contextlib
import ctypes
import gc


def release_freed_memory() -> None:
    """Give freed memory (an archive's older editions once modelled, the big downloads once
    written) back to the system: each forked worker's resident size starts from this
    process's. glibc keeps freed memory otherwise; elsewhere this does nothing."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").malloc_trim(0)
