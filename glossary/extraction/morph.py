"""Korean morphology behind one small interface: which particle (조사) ends a word.

Extraction asks it where a Korean rendering carries a particle (더우인은 after 抖音·, the words of a
multi-word name), and the consistency check asks it for mentions without Hanzi (핀둬둬가). Analyzers:

- ``rule``: the longest particle of korean_particles.tsv that leaves two syllables (no dependencies);
- ``komoran`` / ``okt``: konlpy's taggers (a JVM, started lazily and once; blank input never sent);
- ``kiwi``: kiwipiepy, if installed (``pip install kozh-glossary[kiwi]``).

bench/compare_morph.py measures them on particle cases; docs/benchmarks.md records the numbers and the choice.

Design: docs/how-it-works.md
"""

from __future__ import annotations

import functools
import threading
from typing import Protocol

from glossary.base import caches
from glossary.base.errors import GlossaryError
from glossary.base.hangul import is_hangul, is_syllable, split
from glossary.base.resources import read_table


class Analyzer(Protocol):
    name: str

    def particle(self, word: str) -> str:
        """The particle that ends ``word`` ('' if none)."""


def strip_particle(analyzer: Analyzer, word: str) -> str:
    """``word`` without its trailing particle (핀둬둬가 → 핀둬둬)."""
    p = analyzer.particle(word)
    return word[: len(word) - len(p)] if p else word


@functools.cache
def _particles() -> tuple[str, ...]:
    return tuple(sorted((r["particle"] for r in read_table("korean_particles.tsv")), key=len, reverse=True))


@functools.cache
def _particle_set() -> tuple[frozenset[str], tuple[int, ...]]:
    particles = _particles()
    return frozenset(particles), tuple(sorted({len(p) for p in particles}, reverse=True))


def particle_table() -> frozenset[str]:
    """Every particle the rule analyzer strips (korean_particles.tsv)."""
    return _particle_set()[0]


class RuleAnalyzer:
    name = "rule"

    @caches.lru("morph.RuleAnalyzer.particle")
    def particle(self, word: str) -> str:
        """The longest particle that ends the word and leaves two syllables: the word's ending of each
        particle length looked up in a set (two particles of one length cannot both end a word), not every
        particle tried in turn — the check asks this of every distinct word of an archive."""
        particles, lengths = _particle_set()
        for n in lengths:
            if len(word) - n >= 2:
                tail = word[-n:]
                if tail in particles and is_hangul(word[:-n]):
                    return _epenthetic(word, tail, particles)
        return ""


_EU = "으"


def _epenthetic(word: str, tail: str, particles: frozenset[str]) -> str:
    """A particle that Korean opens with 으 after a closing consonant (것으로, 곳으로서): the 으 belongs to
    it, not to the stem. Only a one-syllable word before it reaches here (a longer one has matched the
    whole particle first), and no name's transliteration ends in a bare 으, so the stem left is too
    short to be a name rather than a pseudo-name (것으, which sounds like 거쓰 盖思)."""
    n = len(word) - len(tail)
    if (n >= 2 and word[n - 1] == _EU and _EU + tail in particles and is_syllable(word[n - 2])
            and split(word[n - 2])[2] not in ("", "ㄹ")):  # 로 follows a vowel or ㄹ; 으로 any other final
        return _EU + tail
    return tail


class _TaggerAnalyzer:
    """Shared by taggers that return (form, tag) pairs: trailing particle tags make the particle."""

    name = "tagger"
    particle_tags: tuple[str, ...] = ()

    def __init__(self) -> None:
        self._tagger = None
        self._lock = threading.Lock()

    def _load(self):
        raise NotImplementedError

    def _pos(self, word: str) -> list[tuple[str, str]]:
        if self._tagger is None:
            with self._lock:
                if self._tagger is None:
                    self._tagger = self._load()
        return self._tagger.pos(word)

    @caches.lru("morph.TaggerAnalyzer.particle")
    def particle(self, word: str) -> str:
        if not word.strip():  # Komoran/Kkma crash and Hannanum hangs on blank input
            return ""
        tags = self._pos(word)
        tail = []
        for form, tag in reversed(tags):
            if tag.startswith(self.particle_tags):
                tail.append(form)
            else:
                break
        p = "".join(reversed(tail))
        return p if p and word.endswith(p) and len(word) > len(p) else ""


class KomoranAnalyzer(_TaggerAnalyzer):
    name = "komoran"
    particle_tags = ("J",)  # JKS, JKB, JX … (Sejong tag set)

    def _load(self):
        from konlpy.tag import Komoran

        return Komoran()


class OktAnalyzer(_TaggerAnalyzer):
    name = "okt"
    particle_tags = ("Josa",)

    def _load(self):
        from konlpy.tag import Okt

        return Okt()


class KiwiAnalyzer(_TaggerAnalyzer):
    name = "kiwi"
    particle_tags = ("J",)

    def _load(self):
        try:
            from kiwipiepy import Kiwi
        except ImportError as exc:
            raise GlossaryError("the kiwi analyzer needs kiwipiepy: pip install 'kozh-glossary[kiwi]'") from exc
        kiwi = Kiwi()

        class _Pos:
            def pos(self, word: str) -> list[tuple[str, str]]:
                return [(t.form, t.tag) for t in kiwi.tokenize(word)]

        return _Pos()


ANALYZERS = {"rule": RuleAnalyzer, "komoran": KomoranAnalyzer, "okt": OktAnalyzer, "kiwi": KiwiAnalyzer}
DEFAULT = "rule"


@functools.cache
def get_analyzer(name: str = DEFAULT) -> Analyzer:
    """The analyzer called ``name`` (one instance per process: a JVM starts at most once)."""
    try:
        return ANALYZERS[name]()
    except KeyError:
        raise GlossaryError(f"unknown analyzer {name!r} (one of {', '.join(ANALYZERS)})") from None
