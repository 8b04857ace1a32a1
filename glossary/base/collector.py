"""The cyclic garbage collector, run less often during bulk work.

Extraction, merging and export allocate many small objects that die young. With Python's default
threshold (700 allocations) the collector scans them — and the growing caches of per-name results
behind them — often enough to cost about a fifth of the time. The threshold is raised for the
duration of a bulk step and restored afterwards; nothing else about memory changes.

Design: docs/how-it-works.md
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def fewer_collections(young: int = 50_000) -> Iterator[None]:
    """Raise the young-generation threshold to ``young`` allocations inside the block."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], young), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block: for loading one large structure whose objects all live on
    (a pickle of a check's expectations: 87,000 of them and their sets at 1 GB, loaded in 0.26 s instead of
    0.69 with the collector walking them again and again as they are made)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@functools.cache
def freeze_loaded() -> None:
    """Move every object alive now out of the collector's sight, once a process: called when the tables and
    dictionaries are loaded (extract.prepare), which live as long as the process. A full collection then
    scans what the documents and caches made, not the hundreds of thousands of table objects again (a
    tenth of the time of a pass over new names, measured); objects frozen still go when nothing refers
    to them."""
    gc.collect()
    gc.freeze()
