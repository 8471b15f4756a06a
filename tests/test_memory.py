"""regsite/memory.py: freed memory handed back to the system."""

from __future__ import annotations

import gc

from regsite import memory


def _resident_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def test_trim_gives_back_memory_freed_between_objects_still_in_use():
    # A sheet's cells are freed among the model's objects that stay: glibc keeps such holes
    # resident (it gives back only a free top of its heap) until trimmed.
    before = _resident_kb()
    cells = [str(i).ljust(2_000, "x") for i in range(200_000)]  # 400 MB, on glibc's heap
    kept = cells[::64]  # one in 64 stays, so no stretch at the heap's top is free
    del cells
    gc.collect()
    held = _resident_kb() - before
    assert held > 300_000
    memory.trim()
    assert _resident_kb() - before < held / 4
    assert len(kept) == 3_125


def test_release_freed_memory_collects_cycles_first():
    class Node:
        def __init__(self) -> None:
            self.me = self
            self.payload = bytearray(10_000)

    nodes = [Node() for _ in range(5_000)]
    del nodes
    memory.release_freed_memory()
    assert not [o for o in gc.get_objects() if type(o).__name__ == "Node"]
