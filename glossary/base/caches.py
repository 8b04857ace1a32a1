"""The bounded caches of one process: their sizes in one place, their hits counted for the run's summary.

A batch worker extracts document after document for hours, and news repeats its names: caches are most of
its speed and could be most of its memory. Every cache of the extraction path is bounded here, by name, so
that a worker's memory stays flat however large the archive, and the sizes can be weighed against each
other in one table. `stats` gives each cache's hits and misses; the run summary reports their ratios.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

# entries per cache (per process). Sized for a worker on a large archive: the alignment caches hold a
# programme's columns (≈ 2 KB) and a character's options at a piece of Korean (≈ 0.2 KB).
SIZES: dict[str, int] = {
    "align.columns": 16384,  # the programme's columns, by Korean suffix and Hanzi
    "align.chars": 16384,  # what the matchers need to know of a character before they run
    "align.word": 131072,  # align(): a word with a Hanzi string
    "align.exact": 131072,  # exact(): the official transliteration or the reading, without the programme
    "align.sound": 262144,  # a character's Mandarin sound against a piece of Korean
    "align.plan": 16384,  # what the programme needs of a Hanzi string
}

F = TypeVar("F", bound=Callable[..., Any])
_COUNTERS: dict[str, Callable[[], tuple[int, int]]] = {}


def lru(name: str) -> Callable[[F], F]:
    """functools.lru_cache with the size of ``name`` in SIZES, its hits counted under that name."""

    def wrap(fn: F) -> F:
        cached = functools.lru_cache(maxsize=SIZES[name])(fn)

        def counts() -> tuple[int, int]:
            info = cached.cache_info()
            return info.hits, info.misses

        _COUNTERS[name] = counts
        return cached  # type: ignore[return-value]

    return wrap


class Bounded(OrderedDict):
    """A dict that forgets its least recently used entries past the size of its name in SIZES, and counts
    its hits: for caches whose values are built in steps (the programme's columns)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.size = SIZES[name]
        self.hits = self.misses = 0
        _COUNTERS[name] = lambda: (self.hits, self.misses)

    def find(self, key: Any) -> Any:
        """The value of key (now the most recently used), or None."""
        value = self.get(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self.move_to_end(key)
        return value

    def keep(self, key: Any, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        if len(self) > self.size:
            self.popitem(last=False)


def stats() -> dict[str, tuple[int, int]]:
    """(hits, misses) of every bounded cache of this process, by name."""
    return {name: counts() for name, counts in sorted(_COUNTERS.items())}


def ratios(counts: dict[str, tuple[int, int]]) -> dict[str, str]:
    """'hits/lookups (share)' by name, for the caches that were used."""
    return {name: f"{h}/{h + m} ({h / (h + m):.0%})" for name, (h, m) in counts.items() if h + m}
