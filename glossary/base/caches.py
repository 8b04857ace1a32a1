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

# entries per cache (per process), by module. Sized for a worker on a large archive: a name's entries are
# small (a string, a float, a short tuple) except the aligner's columns (≈ 2 KB each).
SIZES: dict[str, int] = {
    # the aligner
    "align.columns": 16384,  # the programme's columns, by Korean suffix and Hanzi
    "align.plan": 16384,  # what the programme needs of a Hanzi string
    "align.chars": 16384,  # what the matchers need to know of a character before they run
    "align.sound": 262144,  # a character's Mandarin sound against a piece of Korean
    "align.sound_keys": 65536,
    "align.sino_syllables": 65536,
    "align.word": 131072,  # align(): a word with a Hanzi string
    "align.exact": 131072,  # exact(): the official transliteration or the reading, without the programme
    "align.may_cover": 131072,  # may_cover(): whether a word can render a Hanzi string whole
    # the rest of the extraction
    "boundary.is_title": 65536,
    "classify.key_facts": 262144,
    "classify.ordinary_word": 262144,
    "classify.named_by_jieba": 65536,
    "classify.sentence_cues": 4096,
    "morph.RuleAnalyzer.particle": 65536,
    "morph.TaggerAnalyzer.particle": 65536,
    "match.spaced_pattern": 4096,
    # transliteration
    "pinyin.default_tags": 65536,
    "pinyin.default_single_word_tag": 262144,
    "pinyin.syllables": 262144,
    "pinyin.person_reading_differs": 262144,
    "pinyin.toneless": 4096,
    "pinyin.char_readings": 65536,
    "suggest.suggest_cached": 262144,
    "reverse.span_readings": 65536,
    "phonetic.syllable_key": 131072,
    "phonetic.key": 131072,
    "phonetic.syllable_consonants": 16384,
    "japanese.romaji_to_hangul": 65536,
    "japanese.keys": 65536,
    "japanese.similarity": 262144,
    "japanese.words": 65536,
    "japanese.word_keys": 65536,
    "cantonese.to_hangul": 65536,
    "cantonese.keys": 65536,
    "cantonese.similarity": 262144,
    # Han characters
    "han.japanese_only": 16384,
    "han.japanese_form": 16384,
    "han.fold": 262144,
    "han.simplified_char": 65536,
    "han.simplified_only": 65536,
    "han.traditional": 65536,
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
