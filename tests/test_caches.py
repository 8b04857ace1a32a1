"""The bounded caches: their sizes in one table (base.caches.SIZES), none unbounded on the extraction path,
and the least recently used entry the one forgotten."""

from __future__ import annotations

import re
from pathlib import Path

from glossary.base import caches

ROOT = Path(__file__).resolve().parent.parent


def test_every_sized_cache_takes_its_size_from_the_table() -> None:
    literal = re.compile(r"lru_cache\(maxsize=\d")
    named = re.compile(r'caches\.(?:lru|Bounded)\("([^"]+)"\)')
    used = set()
    for path in (ROOT / "glossary").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not literal.search(text), f"{path}: a cache sized outside base.caches.SIZES"
        used |= set(named.findall(text))
    assert used == set(caches.SIZES)  # no size without its cache, no cache without its size


def test_a_bounded_cache_forgets_the_least_recently_used() -> None:
    caches.SIZES["test.small"] = 2
    try:
        c = caches.Bounded("test.small")
        c.keep("a", 1)
        c.keep("b", 2)
        assert c.find("a") == 1  # a is now the most recent
        c.keep("c", 3)
        assert c.find("b") is None and c.find("a") == 1 and c.find("c") == 3
        assert caches.stats()["test.small"] == (3, 1)
        assert caches.ratios({"test.small": (3, 1)}) == {"test.small": "3/4 (75%)"}
    finally:
        del caches.SIZES["test.small"]
        caches._COUNTERS.pop("test.small", None)
