"""Finding known spellings in text: the matchers, the Hangul tokens they share, and where a match
stands on its line (column, the sentence around it, the spaced form of a spelling).

Known spellings are matched through the distinct Hangul words of each block of text: every distinct
word is looked up once (its prefixes in a dict of spellings, its stem's phonetic key for variants), so a
glossary of 100,000 forms costs about what one of a thousand does. Spellings with other characters than
Hangul go through an Aho-Corasick automaton (pyahocorasick). ``fix`` finds its spans with the same
spaced pattern.

Design: docs/check.md
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import os
import re
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from itertools import accumulate, compress, count
from typing import NamedTuple

import ahocorasick

from glossary.base import caches
from glossary.base.hangul import HANGUL_WORD, compact, is_syllable
from glossary.base.resources import read_toml
from glossary.extraction.forms import (
    korean_common_nouns,
    korean_dictionary_words,
    person_titles_longest_first,
    words_after_names,
)
from glossary.extraction.morph import particle_table, strip_particle
from glossary.translit import phonetic

try:  # the compiled word index, built by the install (pyproject.toml's build hook); else the same in Python
    from glossary.check._vocab import Vocabulary
except ImportError:  # no compiler at install time
    Vocabulary = None


class Matcher:
    """All known spellings at once: exact matches by word index, variants by phonetic key.

    A spelling counts where it starts a Hangul word (a particle or more may follow), so the text is read
    as its distinct Hangul words: each distinct word is looked up once (its prefixes in a dict), and only
    blocks that hold a hit are walked word by word. That is C-level work for most of the text and does not
    slow down with the size of the glossary. Spellings with other characters than Hangul (rare) go
    through an Aho-Corasick automaton."""

    def __init__(self, spellings: dict[str, set[str]]) -> None:  # spelling → keys
        hangul: dict[str, set[str]] = defaultdict(set)
        other: dict[str, set[str]] = defaultdict(set)
        spaced: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for spelling, keys in spellings.items():
            written = compact(spelling)
            if len(written) < 2:
                continue
            (hangul if HANGUL_WORD.fullmatch(written) else other)[written].update(keys)
            words = tuple(spelling.split())
            if len(words) > 1 and all(HANGUL_WORD.fullmatch(w) for w in words):
                spaced[words].update(keys)  # 궈메이 소매: also found written in several words
        self.forms = {k: tuple(sorted(v)) for k, v in hangul.items()}
        self.spaced: dict[str, list[tuple[list[str], str, str, tuple[str, ...]]]] = defaultdict(list)
        for words, keys in spaced.items():  # first word → (middle words, last word, compact spelling, keys)
            self.spaced[words[0]].append((list(words[1:-1]), words[-1], "".join(words), tuple(sorted(keys))))
        self.spaced_span = {first: 1 + max(len(middle) for middle, _, _, _ in candidates)  # words after the first
                            for first, candidates in self.spaced.items()}
        self.longest = max(map(len, self.forms), default=0)
        self.automaton = ahocorasick.Automaton() if other else None
        for written, keys in other.items():
            self.automaton.add_word(written, (written, tuple(sorted(keys))))  # type: ignore[union-attr]
        if self.automaton is not None:
            self.automaton.make_automaton()
        self.empty = not self.forms and self.automaton is None and not self.spaced
        self._words = WordMemo(self._prefixes)

    def _spaced_hits(self, text: str, tokens: list[str], lines: list[int] | None = None
                     ) -> list[tuple[int, int, str, tuple[str, ...]]]:
        """(token index, line index, compact spelling, keys) for spellings of several words written so
        in text (궈메이 소매는; a line break may fall between the words, the last may carry a particle)."""
        return self._spaced_at(following(tokens, text), _locate_indexed(tokens, self.spaced, lines))

    def _spaced_at(self, next_words: Callable[[int, int], list[str]], firsts: list[tuple[int, int, str]]
                   ) -> list[tuple[int, int, str, tuple[str, ...]]]:
        """_spaced_hits, from the located tokens that are the first word of such a spelling;
        ``next_words(i, n)``: the n words after token i, line breaks skipped (fewer at the text's end)."""
        out = []
        for i, line, first in firsts:
            candidates = self.spaced[first]
            after = next_words(i, self.spaced_span[first])
            for middle, last, joined, keys in candidates:
                n = len(middle)  # the words between the first and the last, which may carry a particle
                if len(after) > n and after[n].startswith(last) and (not n or after[:n] == middle):
                    out.append((i, line, joined, keys))
        return out

    def _prefixes(self, word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(spelling, keys) for the longest known spelling the word starts with: 탕핑족이 is a mention of
        탕핑족 (躺平族), not of 탕핑 (躺平) as well."""
        forms = self.forms
        for n in range(min(len(word), self.longest), 1, -1):
            if word[:n] in forms:
                return ((word[:n], forms[word[:n]]),)
        return ()

    def find(self, text: str, tokens: list[str] | None = None, distinct: set[str] | None = None,
             lines: list[int] | None = None) -> list[tuple[int, str, tuple[str, ...]]]:
        """(line index in text, spelling, keys) for spellings that stand as words (not inside a longer
        Hangul word on their left; a particle may follow), in text order. ``tokens`` are text's
        hangul_tokens, ``distinct`` and ``lines`` what distinct_words and token_lines say of them, when
        the caller has them already (the search of a block shares them between its matchers)."""
        if self.empty:
            return []
        tokens = hangul_tokens(text) if tokens is None else tokens
        hits = self._words.hits(tokens, distinct) if self.forms else {}
        spaced = self._spaced_hits(text, tokens, lines) if self.spaced else []
        return [f[:3] for f in self._found(text, _locate_indexed(tokens, hits, lines), hits, spaced, _no_start)]

    def _found(self, text: str, located: list[tuple[int, int, str]], hits: Mapping[str, tuple],
               spaced: list[tuple[int, int, str, tuple[str, ...]]], start: Callable[[int], int]
               ) -> list[tuple[int, str, tuple[str, ...], int]]:
        """(line index, spelling, keys, where in text it starts) for the located tokens that start a known
        spelling (their ``hits``: word → _prefixes) and the spellings of several words found, in text
        order; ``start``: where a token (by its index) starts in text."""
        covered = {t for t, _, _, _ in spaced}  # a longer name of several words wins over its first word
        found = [(line, spelling, keys, start(t)) for t, line, word in located if t not in covered
                 for spelling, keys in hits[word]]
        found.extend((line, spelling, keys, start(t)) for t, line, spelling, keys in spaced)
        if self.automaton is not None:
            newlines = [m.start() for m in _NEWLINE.finditer(text)]
            for end, (spelling, keys) in self.automaton.iter(text):
                at = end - len(spelling) + 1
                if not (at > 0 and is_syllable(text[at - 1])):
                    found.append((bisect.bisect_left(newlines, at), spelling, keys, at))
        if spaced or self.automaton is not None:
            found.sort(key=_LINE_AND_START)
        return found

_CAP = 2_000_000  # an archive's worth of distinct words: start over, keep the hits


_LINE_AND_START = operator.itemgetter(0, 3)


def _no_start(index: int) -> int:
    """Matcher.find's tokens carry no place in the text."""
    return -1


class WordMemo:
    """Each distinct Hangul word of a run analysed once: a block of text is read as its set of distinct
    words (one C-level regex pass and set build), and text repeats its words, so the per-word Python work
    stays far below one call per word of text."""

    def __init__(self, analyse: Callable[[str], object], hits: dict | None = None) -> None:
        self.analyse = analyse  # word → a result, or something false for no hit
        self._seen: set[str] = set()
        self._hits: dict[str, object] = {} if hits is None else hits  # the hits so far (a caller's, if given)

    def hits(self, tokens: list[str], distinct: set[str] | None = None) -> dict:
        """word → result, for the words among ``tokens`` (hangul_tokens of a text) that hit; ``distinct``:
        distinct_words(tokens), when the caller has it."""
        if distinct is None:
            distinct = distinct_words(tokens)
        new = distinct - self._seen
        for word in new:
            result = self.analyse(word)
            if result:
                self._hits[word] = result
        self._seen |= new
        if len(self._seen) > _CAP:
            self._seen = set(self._hits)
        return {w: self._hits[w] for w in distinct & self._hits.keys()}


class BlockScanner:
    """Both matchers over a block in one reading: each distinct word of the run is analysed once for both
    (its known prefix, its sound), and the tokens are walked once, for the words that hit either and the
    first words of spellings of several words. ``scan`` returns what Matcher.find and
    locate(tokens, VariantFinder.words(tokens)) return, with the sound hits: the same results, for about
    a third of the per-token passes (a block's tokens are its text's size; its hits are few).

    The words of a block are read by the compiled word index (check/_vocab.c: no Python object per word
    of text) when it is built, else by the same steps in Python (_PythonWords); ``compiled`` chooses
    (default: the compiled one if built, unless KOZH_PURE_PYTHON is set). Both give the same results."""

    def __init__(self, matcher: Matcher, variants: VariantFinder, by_sound: bool,
                 compiled: bool | None = None) -> None:
        self.matcher, self.variants = matcher, variants
        self.exact, self.by_sound = bool(matcher.forms), by_sound
        self._hits: dict[str, tuple] = {}  # word → (its _prefixes, its SoundHit or None), when either hits
        if compiled is None:
            compiled = Vocabulary is not None and not os.environ.get("KOZH_PURE_PYTHON")
        if compiled and Vocabulary is None:
            raise RuntimeError("the compiled word index (glossary/check/_vocab.c) is not built")
        spaced = matcher.spaced.keys()
        self._words = _CompiledWords(self._analyse, self._hits, spaced) if compiled else \
            _PythonWords(self._analyse, self._hits, spaced)

    def _analyse(self, word: str) -> tuple | None:
        prefixes = self.matcher._prefixes(word) if self.exact else ()
        sound = self.variants._variant(word) if self.by_sound else None
        return (prefixes, sound) if prefixes or sound else None

    def scan(self, text: str, relevant: Callable[[str], bool] | None = None
             ) -> tuple[list[tuple[int, str, tuple[str, ...], int]], list[tuple[int, str, int]], dict[str, SoundHit]]:
        """(Matcher.find's result, each hit with where it starts in text; (line index, word, where it
        starts) of the sound hits in text order; word → SoundHit).
        ``relevant``: which known spellings the caller wants found (the rest are left out of the result
        before any per-mention work); a spelling that is the stem of a sound hit is always found."""
        words, firsts = self._words.read(text)
        if relevant is not None:
            stems = {sound.stem for _, sound in words.values() if sound is not None}
            words = {w: hit for w, hit in words.items()
                     if hit[1] is not None or hit[0][0][0] in stems or relevant(hit[0][0][0])}
        located = self._words.locate(text, words.keys() | firsts if firsts else words)
        exact_hits = {w: prefixes for w, (prefixes, _) in words.items() if prefixes}
        sound_hits = {w: sound for w, (_, sound) in words.items() if sound is not None}
        exact_at = [x for x in located if x[2] in exact_hits]
        start = self._words.start
        sound_at = [(line, w, start(t)) for t, line, w in located if w in sound_hits]
        matcher = self.matcher
        if matcher.empty:
            return [], sound_at, sound_hits
        spaced = matcher._spaced_at(self._words.next_words, [x for x in located if x[2] in firsts]) if firsts else []
        return matcher._found(text, exact_at, exact_hits, spaced, start), sound_at, sound_hits


class _PythonWords:
    """A block's words in Python: its tokens (one regex pass), their set, the words not analysed yet."""

    def __init__(self, analyse: Callable[[str], tuple | None], hits: dict[str, tuple], spaced: Container[str]
                 ) -> None:
        self.spaced = spaced
        self.memo = WordMemo(analyse, hits)
        self._text, self._tokens, self._starts = "", [], []

    def tokens(self, text: str) -> list[str]:
        if text is not self._text:
            self._text, self._tokens, self._starts = text, hangul_tokens(text), []
        return self._tokens

    def starts(self) -> list[int]:
        """Where each token of the text last read starts in it (made once per text)."""
        if not self._starts:
            self._starts = [m.start() for m in _TOKENS.finditer(self._text)]
        return self._starts

    def start(self, index: int) -> int:
        """Where token ``index`` of the text last read starts in it."""
        return self.starts()[index]

    def next_words(self, i: int, n: int) -> list[str]:
        """The n words after token i of the text last read that follow it with only white space between."""
        return following(self._tokens, self._text, self.starts())(i, n)

    def read(self, text: str) -> tuple[dict[str, tuple], set[str]]:
        """(word → hit for the distinct words of text that hit, the distinct words that start a spelling
        of several words)."""
        tokens = self.tokens(text)
        distinct = distinct_words(tokens)
        firsts = distinct & self.spaced if self.spaced else set()  # type: ignore[operator]
        return self.memo.hits(tokens, distinct), firsts

    def locate(self, text: str, words: Container[str]) -> list[tuple[int, int, str]]:
        return _locate_indexed(self.tokens(text), words)


_HIT, _FIRST = 2, 4  # the compiled index's flags (1 is its own: seen)


class _CompiledWords:
    """A block's words read by the compiled word index (check/_vocab.c): the same results as
    _PythonWords, with no Python object per word of text (only per new word and per hit)."""

    def __init__(self, analyse: Callable[[str], tuple | None], hits: dict[str, tuple], spaced: Container[str]
                 ) -> None:
        self.analyse, self.hits, self.spaced = analyse, hits, spaced
        self.index = Vocabulary()
        self.start = self.index.start  # where token i of the text last read starts in it
        self._mark_spaced()

    def _mark_spaced(self) -> None:
        for word in self.spaced:  # type: ignore[attr-defined]
            if HANGUL_WORD.fullmatch(word):
                self.index.mark(word, _FIRST)

    def next_words(self, i: int, n: int) -> list[str]:
        """The n words after token i of the text last read (line breaks skipped)."""
        return self.index.next_words(i, n)

    def read(self, text: str) -> tuple[dict[str, tuple], set[str]]:
        new, flagged = self.index.scan(text)
        analyse, hits, mark = self.analyse, self.hits, self.index.mark
        words = {w: hits[w] for w in flagged if w in hits}
        for word in new:
            result = analyse(word)
            if result is not None:
                hits[word] = words[word] = result
                mark(word, _HIT)
        spaced = self.spaced
        firsts = {w for w in itertools.chain(new, flagged) if w in spaced} if spaced else set()
        if len(self.index) > _CAP:
            self.index.clear()
            for word in hits:
                mark(word, 1 | _HIT)
            self._mark_spaced()
        return words, firsts

    def locate(self, text: str, words: Iterable[str]) -> list[tuple[int, int, str]]:
        return self.index.locate(text, words)


class SoundHit(NamedTuple):
    """A word whose stem sounds like a known spelling."""

    stem: str  # the word without its particle
    name: str  # the name it sounds like
    near: bool  # one syllable off (a slip), not the same phonetic key


class VariantFinder:
    """Hangul words whose stem (particle stripped) sounds like a known spelling written otherwise, without
    Hanzi: the same phonetic key (펭지엔전은 ~ 펑젠전), or one syllable off that the key does not fold — a
    writer's slip of a vowel, a final or an aspirate (레이준 for 레이쥔, 리커찬 for 리커창, 쑨영 for 쑨잉).

    For the slips each spelling is indexed once per syllable with that syllable as a wildcard (레이? 레?쥔
    ?이쥔), so a word's look-up is as many dict probes as it has syllables, whatever the size of the
    glossary. A slip is a candidate only: the rule (check.rules.near_variant) measures it as `suggest
    --check` does, and ``stands_as_name`` asks the text whether the word is a name there. A word that is a
    Korean word, starts with a known spelling, or is near two names is no candidate.

    Each distinct word is analysed once per run (see WordMemo)."""

    def __init__(self, index: Mapping[str, str], analyzer, near: Mapping[str, str] | None = None,
                 known: Container[str] = ()) -> None:
        self.index = index  # phonetic key → name
        self.analyzer = analyzer
        self.known = known  # every known spelling (compact)
        self.wildcards: dict[str, list[tuple[str, str]]] = defaultdict(list)  # 레?쥔 → (spelling, name)
        self.heads: set[tuple] = set()  # (length, its first syllables with one as a wildcard): see _headed
        for spelling, name in (near or {}).items():
            if len(spelling) >= slip_settings()["min_syllables"] and HANGUL_WORD.fullmatch(spelling):
                for i in range(len(spelling)):
                    self.wildcards[spelling[:i] + "?" + spelling[i + 1:]].append((spelling, name))
                self.heads |= _heads(spelling)
        self.skeletons = {phonetic.consonants(k) for k in index}  # what a word must start with to have a key
        # where a stem can end: before a particle of the table, for the rule analyzer (a tagger decides alone)
        self.particles = particle_table() if getattr(analyzer, "name", "") == "rule" else None
        self._words = WordMemo(self._variant)

    def _may_hit(self, word: str) -> bool:
        """Whether a stem of the word (two syllables or more) can have a key of the index or be a slip: its
        consonant skeleton is one of the keys' (phonetic.consonants), or it shares the first or the second
        syllable with a spelling of its length. Most words fail both at once, before any analysis."""
        skeleton, skeletons, heads, particles = "", self.skeletons, self.heads, self.particles
        last = len(word)
        for n, ch in enumerate(word, 1):
            skeleton += phonetic.syllable_consonants(ch)
            if n < 2 or (particles is not None and n < last and word[n:] not in particles):
                continue  # no stem ends here: the rest is no particle
            if skeleton in skeletons or _headed(heads, n, word):
                return True
        return False

    def _variant(self, word: str) -> SoundHit | None:
        if not self._may_hit(word):
            return None
        stem = strip_particle(self.analyzer, word)
        if len(stem) < 2:
            return None
        value = self.index.get(phonetic.key(stem))
        if value:
            return SoundHit(stem, value, False)
        if _headed(self.heads, len(stem), stem):  # most words are no slip of any name's first syllables
            return self._near(word, stem)
        return None

    def _near(self, word: str, stem: str) -> SoundHit | None:
        found = {hit for i in range(len(stem)) for hit in self.wildcards.get(stem[:i] + "?" + stem[i + 1:], ())}
        names = {name for _, name in found}
        if (len(names) != 1 or korean_word(stem) or korean_word(word)  # 명나라 as written, whatever its stem (명나)
                or any(word[:n] in self.known for n in range(2, len(word) + 1))):
            return None
        return SoundHit(stem, names.pop(), True)

    def words(self, tokens: list[str], distinct: set[str] | None = None) -> dict[str, SoundHit]:
        """word as written → its hit, for the words (hangul_tokens of a text) that sound like a known name."""
        return self._words.hits(tokens, distinct)


def _heads(spelling: str) -> set[tuple]:
    """The patterns of a spelling's first syllables (two, or three in a longer spelling) with one of them
    a wildcard: a slip (one syllable off, the same length) matches one of them whichever syllable it
    changes, and a word that matches none cannot be a slip of the spelling (_headed)."""
    n = len(spelling)
    if n == 2:
        return {(2, "?", spelling[1]), (2, spelling[0], "?")}
    a, b, c = spelling[:3]
    return {(n, "?", b, c), (n, a, "?", c), (n, a, b, "?")}


def _headed(heads: set[tuple], n: int, word: str) -> bool:
    """Whether the first ``n`` syllables of ``word`` may be a slip of a spelling of that length (_heads):
    three set probes, where the wildcard index would need one per syllable and a string each."""
    if n == 2:
        return (2, "?", word[1]) in heads or (2, word[0], "?") in heads
    a, b, c = word[0], word[1], word[2]
    return (n, "?", b, c) in heads or (n, a, "?", c) in heads or (n, a, b, "?") in heads


@functools.cache
def slip_settings() -> dict:
    """What makes a word a slip of a name (data/tables/slips.toml)."""
    return read_toml("slips.toml")


def korean_word(stem: str) -> bool:
    """An ordinary Korean word or a Korean proper noun of the dictionary (선진, 장기, 한전): never a slip."""
    return stem in korean_common_nouns() or stem in korean_dictionary_words()


_NEXT_WORD = re.compile(r"[ \t]+[가-힣A-Za-z]{1,8}[ \t]+")


def stands_as_name(stem: str, written: str, after: str) -> bool:
    """A word written as a name is: a particle glued to it (레이준은), or a title or another word that
    follows names right after it (레이준 회장, 쑨영 부총리), or after one word more (마화퉁 텐센트 회장,
    리커찬 중국 총리). Bare, in a list or at a sentence's end, a near spelling is too weak a sign."""
    if written != stem:
        return True
    head = after.lstrip()
    if not head or head == after:
        return False
    if head.startswith(words_after_names()):
        return True
    skip = _NEXT_WORD.match(after)  # then only a person's title: 마화퉁 텐센트 주가 is not a person's place
    return skip is not None and after[skip.end():].startswith(person_titles_longest_first())


_TOKENS = re.compile(r"[가-힣]+|\n")
_NEWLINE = re.compile(r"\n")


def hangul_tokens(text: str) -> list[str]:
    """The Hangul words and line breaks of a text, in order: one regex pass that the matchers share."""
    return _TOKENS.findall(text)


def distinct_words(tokens: list[str]) -> set[str]:
    """The distinct words among hangul_tokens (one set build, shared by the matchers of a block)."""
    distinct = set(tokens)
    distinct.discard("\n")
    return distinct


def following(tokens: list[str], text: str, starts: list[int] | None = None) -> Callable[[int, int], list[str]]:
    """next_words(i, n) over hangul_tokens(text) (``starts``: where each token starts, when known): the n
    words after token i that follow it with only white space between, line breaks included — a name of
    several words is written so (궈메이 소매, 궈메이⏎소매), never across a bracket or a Hanzi (셴린쉬안(冼琳轩)
    시장자료 is no 셴린쉬안 시장). The compiled index's next_words does the same."""
    at = [m.start() for m in _TOKENS.finditer(text)] if starts is None else starts

    def next_words(i: int, n: int) -> list[str]:
        out: list[str] = []
        if not 0 <= i < len(tokens):
            return out
        end = at[i] + len(tokens[i])
        for j in range(i + 1, len(tokens)):
            word = tokens[j]
            if len(out) >= n:
                break
            if word == "\n":
                continue
            if text[end:at[j]].strip():
                break
            out.append(word)
            end = at[j] + len(word)
        return out
    return next_words


def token_lines(tokens: list[str]) -> list[int]:
    """The line index of each of hangul_tokens (the line breaks before it), in one C-level pass."""
    return list(accumulate(map(_NEWLINE_TOKEN, tokens)))


_NEWLINE_TOKEN = "\n".__eq__


def locate(tokens: list[str], words: Mapping[str, object], lines: list[int] | None = None
           ) -> list[tuple[int, str]]:
    """(line index, word) for every token that is a key of ``words``."""
    return [(line, word) for _, line, word in _locate_indexed(tokens, words, lines)]


def _locate_indexed(tokens: list[str], words: Mapping[str, object], lines: list[int] | None = None
                    ) -> list[tuple[int, int, str]]:
    """(token index, line index, word) for every token that is a key of ``words``. The scans are C-level
    (compress over map): no Python-level loop per token, only per hit. ``lines``: token_lines(tokens)."""
    if not words:
        return []
    hits = list(compress(count(), map(words.__contains__, tokens)))
    if lines is not None:
        return [(i, lines[i], tokens[i]) for i in hits]
    out = []
    line = prev = 0
    for i in hits:  # line breaks between one hit and the next, counted by list.count in C
        line += tokens[prev:i].count("\n")
        prev = i
        out.append((i, line, tokens[i]))
    return out


def named_there(stem: str, after: str, key_type: str | None, variant: bool = False) -> bool:
    """A word without Hanzi that spells a name is that name here, unless it is also an ordinary Korean
    word (소식 'news' for 苏轼, 시정 for 施政, 정부): then only a person's title right after it (소식 선생)
    makes it the name. A ``variant`` spelling (not the name's own) is held to every word the Korean
    language has (리스 'lease' sounds like 리시 李希)."""
    if stem not in korean_common_nouns() and not (variant and korean_word(stem)):
        return True
    if key_type != "PERSON":
        return False
    return after.lstrip().startswith(person_titles_longest_first())  # one C call over the titles


_PARTICLE_HEAD = re.compile(r"[가-힣]{0,3}")


@caches.lru("match.spaced_pattern")
def spaced_pattern(spelling: str) -> re.Pattern:
    """A spelling however it is spaced in the text (궈메이소매 or 궈메이 소매): one pattern for the check's
    columns and for fix's spans."""
    return re.compile(r"\s*".join(map(re.escape, compact(spelling))))


def korean_before(line: str, spelling: str, hanzi: str) -> int:
    """Where the mention with Hanzi starts on its line: the spelling last written before the Hanzi (핀둬둬가
    … 핀둬둬(拼多多): the second 핀둬둬), else the Hanzi itself."""
    h = line.find(hanzi)
    if h < 0:
        return -1
    first = spelling[:1]
    if first and " " not in spelling and line.count(first, 0, h) == line.count(spelling, 0, h):
        # each of its first syllable before the Hanzi starts the spelling as it is: no spaced writing there
        r = line.rfind(spelling, 0, h)
        return r if r >= 0 else h
    starts = list(spaced_starts(line, spelling, h))  # 칭화대학 as written: 칭화 대학
    return starts[-1] if starts else h


def after_particle(after: str) -> str:
    """What follows a name and the particle glued to it (소식 선생은 → ' 선생은')."""
    return after[_PARTICLE_HEAD.match(after).end():] if after and not after[0].isspace() else after


def column(line: str, spelling: str) -> int:
    """1-based column where a spelling starts on its line as a word, however it is spaced there (궈메이 소매
    for 궈메이소매); 1 when it cannot be found (it starts on the line before)."""
    at = next(word_starts(line, spelling), -1)
    if at >= 0 and (" " not in spelling and line.find(spelling[:1], 0, at) < 0):
        return at + 1  # written as it is, and nothing before it could start a spaced writing of it
    for start in spaced_starts(line, spelling):
        if start == 0 or not is_syllable(line[start - 1]):
            return start + 1
    return 1


def word_starts(line: str, written: str) -> Iterator[int]:
    """Where ``written`` starts a word of the line (not inside a longer Hangul word), in order."""
    at = line.find(written)
    while at >= 0:
        if at == 0 or not is_syllable(line[at - 1]):
            yield at
        at = line.find(written, at + 1)


_HANZI_AFTER = re.compile(r"\s*[(（\[［〔【《〈「『]?\s*[\u3400-\u9fff\uf900-\ufaff]")


_GLOSS = re.compile(r"[(（\[［〔【《〈「『\u3400-\u9fff\uf900-\ufaff]")  # Hanzi, or a bracket that may hold them
_SENTENCE_END = re.compile(r"[.!?。](?=\s|$)")


def glossed_after(line: str, end: int, spelling: str) -> bool:
    """Whether Hanzi or a bracket follow a mention of ``spelling`` that ends at ``end``, in its sentence and
    before the spelling's next mention: it may be the mention with Hanzi (레이쥔(雷军), 레이쥔(Lei Jun, 雷军), a
    title between: 린후이샤 대변인(林慧霞)). A plain mention has neither (레이쥔(雷军)은 말했다. 레이쥔은 …)."""
    stop = line.find(spelling, end)
    stop = len(line) if stop < 0 else stop
    if (m := _SENTENCE_END.search(line, end, stop)) is not None:
        stop = m.start()
    return _GLOSS.search(line, end, stop) is not None


def places_with_hanzi(line: str, spelling: str) -> tuple[int, ...]:
    """The 1-based columns where a spelling is written with its Hanzi after it (핀둬둬(拼多多), 핀둬둬 (拼多多))
    as a word, in order: the places of a line's mentions with Hanzi of that spelling, one per mention. None
    so written: those with Hanzi later in their sentence (glossed_after), else (仇家(추자), a spaced writing)
    its words' starts, else column()'s one place."""
    written = compact(spelling)
    starts = list(word_starts(line, written))
    places = tuple(at + 1 for at in starts if _HANZI_AFTER.match(line, at + len(written)))
    # else those with Hanzi later in their sentence (a title between: 린후이샤 대표(林慧霞)), not a plain mention
    # before them (린후이샤와 … 린후이샤 대표(林慧霞)), which is a finding of its own
    places = places or tuple(at + 1 for at in starts if glossed_after(line, at + len(written), written))
    return places or tuple(at + 1 for at in starts) or (column(line, spelling),)


def spaced_starts(line: str, spelling: str, end: int | None = None) -> Iterator[int]:
    """Where spaced_pattern(spelling).finditer(line, 0, end) finds the spelling, in order, without compiling
    a pattern: an archive's check looks for more distinct spellings than any cache of patterns holds, and a
    compile costs a hundred times this scan. Each occurrence of the first character is tried, whitespace
    skipped between the characters; a match goes on after its end (as finditer, no overlaps)."""
    chars = compact(spelling)
    if not chars or any(ch.isspace() for ch in chars):  # what \s* could take too: the pattern decides
        yield from (m.start() for m in spaced_pattern(spelling).finditer(line, 0, len(line) if end is None else end))
        return
    end = len(line) if end is None else min(end, len(line))
    first, rest, pos = chars[0], chars[1:], 0
    while (start := line.find(first, pos, end)) >= 0:
        j = start + 1
        for ch in rest:
            while j < end and line[j].isspace():
                j += 1
            if j >= end or line[j] != ch:
                break
            j += 1
        else:
            yield start
            pos = j
            continue
        pos = start + 1


_SENTENCE_STOP = re.compile(r"[.?!](?=\s|$)")


def sentence_at(line: str, col: int = 1) -> str:
    """The sentence of the line that holds column ``col`` (a line may hold several)."""
    start = 0
    for m in _SENTENCE_STOP.finditer(line):
        if m.end() >= col:
            return " ".join(line[start:m.end()].split())[:200]
        start = m.end()
    return " ".join(line[start:].split())[:200]
