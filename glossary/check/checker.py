"""Editors' consistency check: is every person and company spelled one way, and the approved way?

For a set of documents (and, optionally, the approved glossary) it reports, with document, line and
context:

- ``inconsistent`` (error): one Hanzi written with different Korean spellings (펭지엔전 / 펑지엔전);
- ``not-approved`` (error): a spelling other than the glossary's approved form, with or without Hanzi
  next to it (핀둬둬가 found by its spelling, 펭지엔전은 by its phonetic key);
- ``hanzi-late`` (warning): a name whose first mention in a document has no Hanzi while a later one has;
- ``ambiguous`` (error): one Korean spelling used for two different Hanzi;
- ``non-official`` (info): a transliteration (every part rendered by Mandarin sound) that is not the official
  spelling (자오천잉 → 자오전잉); Sino-Korean readings and translated renderings are other kinds of name.

The official spelling (NIKL's rules) and a customary form (청룽 / 성룡 for 成龙) are both correct, unless
a policy chose one: the glossary's approved form or the house style (``official`` | ``customary``). Then
the other is a ``house-style`` error that names the policy. Without a policy, a document that writes one
name both ways gets a ``mixed`` warning (consistency, not a misspelling).

Known spellings are matched through the distinct Hangul words of each block of text: every distinct
word is looked up once (its prefixes in a dict of spellings, its stem's phonetic key for variants), so a
glossary of 100,000 forms costs about what one of a thousand does. Spellings with other characters than
Hangul go through an Aho-Corasick automaton (pyahocorasick).
"""

from __future__ import annotations

import bisect
import functools
import heapq
import operator
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, fields
from itertools import compress, count
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from glossary.base.errors import GlossaryError
from glossary.base.han import han_only
from glossary.base.progress import Quiet, Stages
from glossary.base.spool import Spool
from glossary.base.workers import Workers
from glossary.extraction.align import align
from glossary.extraction.extract import record_fields, stream_file
from glossary.extraction.forms import korean_common_nouns, person_titles
from glossary.extraction.morph import get_analyzer, strip_particle
from glossary.extraction.reader import documents, open_document
from glossary.extraction.record import PUBLIC_FIELDS, RECORD_FIELDS
from glossary.outputs.cells import looks_like_formula
from glossary.termbase.build import refresh_dirty
from glossary.termbase.evidence import is_name
from glossary.termbase.resolve import VARIANT_DISTANCE, entries_from, evidence_of, recommend_stored
from glossary.translit import phonetic

LEVELS = {"info": 0, "warning": 1, "error": 2}
_HANGUL_WORD = re.compile(r"[가-힣]+")


@dataclass
class Finding:
    kind: str
    severity: str
    doc: str
    line: int
    key: str
    korean: str
    expected: str | None
    context: str
    path: str = ""  # the document as it was named (doc is its file name)
    col: int = 1  # 1-based column where the Korean starts on its line
    policy: str = ""  # house-style and mixed: the policy (house style official, the glossary's approved form …)

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def message(self) -> str:
        """One sentence for a person: what is wrong, and with which name."""
        return MESSAGES.get(self.kind, "{korean} ({key})").format(korean=self.korean, key=self.key,
                                                                   policy=self.policy)


MESSAGES = {
    "inconsistent": "{korean} for {key}: this name is spelled another way in these documents",
    "not-approved": "{korean} for {key} is not the glossary's approved spelling",
    "hanzi-late": "{korean} ({key}) is first mentioned without its Hanzi, which a later mention gives",
    "ambiguous": "{korean} is written for several names: {key}",
    "non-official": "{korean} for {key} is not the official spelling",
    "house-style": "{korean} for {key} is correct, but not the spelling chosen by {policy}",
    "mixed": "{korean} for {key}: this document writes the name both ways, {policy}",
    "alternative": "{korean} is another name for {key} (a translated or shortened form)",
    "unreadable": "the document could not be read",
}


@dataclass
class Expected:
    """The spelling a name should have in the checked documents, and how its other spellings stand to it:
    variants (the same transliteration spelled otherwise: errors) or alternative names (another name,
    translated or shortened: at most a note)."""

    korean: str  # as written, spaces kept
    source: str  # approved | house style | official | customary | dominant
    variants: frozenset[str]  # compact spellings that deviate from it
    alternatives: frozenset[str]
    seen: frozenset[str] = frozenset()  # compact spellings written with the Hanzi in the documents
    off_policy: frozenset[str] = frozenset()  # correct spellings (official, customary) a policy did not choose
    policy: str = ""  # that policy, in words
    accepted: frozenset[str] = frozenset()  # with no policy: the official and customary spellings, both correct

    def kind_of(self, spelling: str) -> str | None:
        """The finding a compact spelling deserves against this expectation, if any."""
        if spelling in self.off_policy:
            return "house-style"
        if spelling in self.variants:
            return "not-approved" if self.source == "approved" else "inconsistent"
        return None

    @property
    def compact(self) -> str:
        return self.korean.replace(" ", "")


def is_variant(spelling: str, expected: str) -> bool:
    """Two compact spellings are one transliteration spelled two ways: phonetically close, and neither a
    shortened or extended form of the other (칭화대 / 칭화대학, 징둥 / 징둥닷컴 are other names)."""
    if spelling == expected or spelling.startswith(expected) or expected.startswith(spelling):
        return False
    return phonetic.distance(spelling, expected) <= VARIANT_DISTANCE


def expectations(entries: dict, approved: dict[str, Approved], style: str | None = None) -> dict[str, Expected]:
    """Per key: the approved spelling; else the house style's (official | customary) where it has one; else
    the official one where the documents use it or a variant of it, or a customary form the documents use;
    else the spelling the documents use most (first seen on ties). The official spelling and the customary
    forms are never variants of each other: both are correct unless a policy chose one."""
    out = {}
    for key, e in entries.items():
        seen = [f.korean for f in e.forms]  # most frequent first, ties in first-seen order
        compact = [k.replace(" ", "") for k in seen]
        official = (e.official or "").replace(" ", "")
        usual = [k for k, _ in getattr(e, "customary", ())]
        correct = {c.replace(" ", "") for c in (e.official, *usual) if c}
        policy = ""
        if key in approved:
            korean, source, policy = approved[key].korean, "approved", "the glossary's approved form"
        elif style == "official" and official and usual:
            korean, source, policy = e.official, "house style", "the house style (official spelling)"
        elif style == "customary" and usual:
            korean, source, policy = usual[0], "house style", "the house style (customary form)"
        elif official and (official in compact or any(is_variant(c, official) for c in compact)):
            korean, source = e.official, "official"
        elif usual and (used := [k for k in usual if k.replace(" ", "") in compact]):
            korean, source = used[0], "customary"
        elif seen:
            korean, source = seen[0], "dominant"
        else:
            continue
        target = korean.replace(" ", "")
        in_docs = set(compact)
        off_policy = frozenset((correct & in_docs) - {target}) if policy else frozenset()
        accepted = frozenset() if policy else frozenset(correct)
        others = in_docs - {target} - off_policy - accepted
        variants = frozenset(c for c in others if is_variant(c, target))
        alternatives = frozenset(others - variants)
        if source != "approved":
            if len(variants | ({target} & in_docs)) < 2:
                variants = frozenset()  # one spelling of it in the documents: nothing inconsistent
            if len(in_docs) < 2:
                alternatives = frozenset()  # one name in the documents: nothing to note
        out[key] = Expected(korean, source, variants, alternatives, frozenset(in_docs), off_policy, policy,
                            accepted)
    return out


@dataclass
class Approved:
    """One approved entry of the glossary: the form to use and the forms that are not it."""

    key: str
    korean: str


def approved_forms(store) -> dict[str, Approved]:
    """Approved entries: key → the form reviewers chose (or, failing that, the recommended one)."""
    refresh_dirty(store)  # a build left unfinished is completed first: the tables below only read
    rows = {r["key"]: r for r in store.entries() if r["status"] == "approved"}
    if not rows:
        return {}
    style = store.style
    out = {}
    for key, e in entries_from(store.evidence(list(rows)), rows).items():  # the approved ones only
        r = rows[key]
        korean = recommend_stored(e.forms, r, style)[0]
        if korean:
            out[key] = Approved(key, korean)
    return out


class Matcher:
    """All known spellings at once: exact matches by word index, variants by phonetic key.

    A spelling counts where it starts a Hangul word (a particle or more may follow), so the text is read
    as its distinct Hangul words: each distinct word is looked up once (its prefixes in a dict), and only
    blocks that hold a hit are walked word by word. That is C-level work for most of the text and does not
    slow down with the size of the glossary. Spellings with other characters than Hangul (rare) go
    through an Aho-Corasick automaton."""

    def __init__(self, spellings: dict[str, set[str]]) -> None:  # spelling → keys
        self.by_key: dict[str, set[str]] = defaultdict(set)
        hangul: dict[str, set[str]] = defaultdict(set)
        other: dict[str, set[str]] = defaultdict(set)
        spaced: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for spelling, keys in spellings.items():
            compact = spelling.replace(" ", "")
            if len(compact) < 2:
                continue
            (hangul if _HANGUL_WORD.fullmatch(compact) else other)[compact].update(keys)
            self.by_key[phonetic.key(compact)].update(keys)
            words = tuple(spelling.split())
            if len(words) > 1 and all(_HANGUL_WORD.fullmatch(w) for w in words):
                spaced[words].update(keys)  # 궈메이 소매: also found written in several words
        self.forms = {k: tuple(sorted(v)) for k, v in hangul.items()}
        self.spaced: dict[str, list[tuple[tuple[str, ...], str, tuple[str, ...]]]] = defaultdict(list)
        for words, keys in spaced.items():  # first word → (other words, compact spelling, keys)
            self.spaced[words[0]].append((words[1:], "".join(words), tuple(sorted(keys))))
        self.longest = max(map(len, self.forms), default=0)
        self.automaton = ahocorasick.Automaton() if other else None
        for compact, keys in other.items():
            self.automaton.add_word(compact, (compact, tuple(sorted(keys))))  # type: ignore[union-attr]
        if self.automaton is not None:
            self.automaton.make_automaton()
        self.empty = not self.forms and self.automaton is None and not self.spaced
        self._words = WordMemo(self._prefixes)

    def _spaced_hits(self, tokens: list[str]) -> list[tuple[int, int, str, tuple[str, ...]]]:
        """(token index, line index, compact spelling, keys) for spellings of several words written so
        (궈메이 소매는; a line break may fall between the words, the last may carry a particle)."""
        out = []
        for i, line, first in _locate_indexed(tokens, self.spaced):
            for rest, compact, keys in self.spaced[first]:
                j, ok = i + 1, True
                for k, word in enumerate(rest):
                    while j < len(tokens) and tokens[j] == "\n":
                        j += 1
                    last = k == len(rest) - 1
                    if j >= len(tokens) or not (tokens[j].startswith(word) if last else tokens[j] == word):
                        ok = False
                        break
                    j += 1
                if ok:
                    out.append((i, line, compact, keys))
        return out

    def _prefixes(self, word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(spelling, keys) for the longest known spelling the word starts with: 탕핑족이 is a mention of
        탕핑족 (躺平族), not of 탕핑 (躺平) as well."""
        forms = self.forms
        for n in range(min(len(word), self.longest), 1, -1):
            if word[:n] in forms:
                return ((word[:n], forms[word[:n]]),)
        return ()

    def find(self, text: str, tokens: list[str] | None = None) -> list[tuple[int, str, tuple[str, ...]]]:
        """(line index in text, spelling, keys) for spellings that stand as words (not inside a longer
        Hangul word on their left; a particle may follow), in text order. ``tokens`` are text's
        hangul_tokens, when the caller has them already."""
        if self.empty:
            return []
        tokens = hangul_tokens(text) if tokens is None else tokens
        hits = self._words.hits(tokens) if self.forms else {}
        spaced = self._spaced_hits(tokens) if self.spaced else []
        covered = {t for t, _, _, _ in spaced}  # a longer name of several words wins over its first word
        found = [(line, spelling, keys) for t, line, word in _locate_indexed(tokens, hits) if t not in covered
                 for spelling, keys in hits[word]]
        found.extend((line, spelling, keys) for _, line, spelling, keys in spaced)
        if self.automaton is not None:
            newlines = [m.start() for m in _NEWLINE.finditer(text)]
            for end, (spelling, keys) in self.automaton.iter(text):
                start = end - len(spelling) + 1
                if not (start > 0 and "가" <= text[start - 1] <= "힣"):
                    found.append((bisect.bisect_left(newlines, start), spelling, keys))
        if spaced or self.automaton is not None:
            found.sort(key=lambda f: f[0])
        return found

class WordMemo:
    """Each distinct Hangul word of a run analysed once: a block of text is read as its set of distinct
    words (one C-level regex pass and set build), and text repeats its words, so the per-word Python work
    stays far below one call per word of text."""

    def __init__(self, analyse: Callable[[str], object]) -> None:
        self.analyse = analyse  # word → a result, or something false for no hit
        self._seen: set[str] = set()
        self._hits: dict[str, object] = {}

    def hits(self, tokens: list[str]) -> dict:
        """word → result, for the words among ``tokens`` (hangul_tokens of a text) that hit."""
        distinct = set(tokens)
        distinct.discard("\n")
        for word in distinct - self._seen:
            result = self.analyse(word)
            if result:
                self._hits[word] = result
        self._seen |= distinct
        if len(self._seen) > 2_000_000:  # an archive's worth of distinct words: start over, keep the hits
            self._seen = set(self._hits)
        return {w: self._hits[w] for w in distinct & self._hits.keys()}


class VariantFinder:
    """Hangul words whose stem (particle stripped) has a phonetic key in an index: the variants of
    known spellings written without Hanzi (펭지엔전은 ~ 펑젠전).

    Each distinct word is analysed once per run (see WordMemo)."""

    def __init__(self, index: Mapping[str, object], analyzer) -> None:
        self.index = index
        self.analyzer = analyzer
        self._words = WordMemo(self._variant)

    def _variant(self, word: str) -> tuple[str, object] | None:
        stem = strip_particle(self.analyzer, word)
        value = self.index.get(phonetic.key(stem)) if len(stem) >= 2 else None
        return (stem, value) if value else None

    def words(self, tokens: list[str]) -> dict[str, tuple[str, object]]:
        """word as written → (stem, index value) for the words (hangul_tokens of a text) that hit the index."""
        return self._words.hits(tokens)


_TOKENS = re.compile(r"[가-힣]+|\n")
_NEWLINE = re.compile(r"\n")


def hangul_tokens(text: str) -> list[str]:
    """The Hangul words and line breaks of a text, in order: one regex pass that the matchers share."""
    return _TOKENS.findall(text)


def locate(tokens: list[str], words: Mapping[str, object]) -> list[tuple[int, str]]:
    """(line index, word) for every token that is a key of ``words``."""
    return [(line, word) for _, line, word in _locate_indexed(tokens, words)]


def _locate_indexed(tokens: list[str], words: Mapping[str, object]) -> list[tuple[int, int, str]]:
    """(token index, line index, word) for every token that is a key of ``words``. The scans are C-level
    (compress over map): no Python-level loop per token, only per hit."""
    if not words:
        return []
    hits = list(compress(count(), map(words.__contains__, tokens)))
    out = []
    line = prev = 0
    for i in hits:  # line breaks between one hit and the next, counted by list.count in C
        line += tokens[prev:i].count("\n")
        prev = i
        out.append((i, line, tokens[i]))
    return out


class Mention(NamedTuple):
    """An occurrence as the check keeps it (what findings and resolution need)."""

    doc: str
    line: int
    key: str
    korean: str
    hanzi: str
    english: str | None
    type: str
    origin: str
    context: str

    def to_dict(self) -> dict:
        return self._asdict()


class _Spool(Spool):
    """The documents' named occurrences, in memory up to KEEP_MENTIONS and then in a temporary file (the
    package's spool format): an archive of many thousands of documents holds millions of them. Read back
    in the order they were added."""

    def __init__(self) -> None:
        super().__init__(KEEP_MENTIONS, tuple, Mention._make)

    def add(self, mentions: list[Mention]) -> None:
        self.extend(mentions)  # one document's, whole: a document that fails half-way adds nothing

    def of_keys(self, keys: set[str]) -> dict[str, list[Mention]]:
        """The mentions of these keys (few: those with findings), by key, in order."""
        out: dict[str, list[Mention]] = defaultdict(list)
        for m in self:
            if m.key in keys:
                out[m.key].append(m)
        return out


KEEP_MENTIONS = 100_000
FINDINGS_RUN = 100_000  # findings sorted in memory at a time; the runs are merged from disk


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))
_finding_tuple = operator.attrgetter(*_FINDING_FIELDS)


def _pack(item: tuple[int, Finding]) -> tuple:
    return (item[0], *_finding_tuple(item[1]))


def _unpack(t: tuple) -> tuple[int, Finding]:
    return t[0], Finding(*t[1:])


def _order(item: tuple[int, Finding]) -> tuple:
    """The report's order: document, line, column, errors first, kind — then the order found in."""
    f = item[1]
    return f.doc, f.line, f.col, -LEVELS[f.severity], f.kind, item[0]


class _SortedRuns:
    """Findings in the report's order without holding them all: runs of FINDINGS_RUN sorted in memory go
    to disk (the package's spool format) and are merged when read (heapq.merge). Each finding carries the
    number of its finding, so the order is the one a sort of them all would give."""

    def __init__(self) -> None:
        self.runs: list[Spool] = []
        self.buffer: list[tuple[int, Finding]] = []
        self.count = 0

    def add(self, seq: int, finding: Finding) -> None:
        self.buffer.append((seq, finding))
        self.count += 1
        if len(self.buffer) >= FINDINGS_RUN:
            self.buffer.sort(key=_order)
            run = Spool(0, _pack, _unpack)
            run.extend(self.buffer)
            self.runs.append(run)
            self.buffer = []

    def __iter__(self) -> Iterator[Finding]:
        self.buffer.sort(key=_order)
        for _, f in heapq.merge(*self.runs, self.buffer, key=_order):
            yield f

    def close(self) -> None:
        for run in self.runs:
            run.close()


class _Waiting:
    """The findings made before the documents' search, numbered in the order they are made: those whose
    column the search of their document tells wait — on disk and in document order, for the per-occurrence
    ones (made reading the documents in order), in memory for the few made afterwards — and the rest go
    to the sorted runs at once. ``lines`` says, per document and line, which spellings wait there."""

    def __init__(self, runs: _SortedRuns, path_of: dict[str, str]) -> None:
        self.runs, self.path_of = runs, path_of
        self.seq = 0
        self.ordered = Spool(KEEP_MENTIONS, _pack, _unpack)
        self.late: dict[str, list[tuple[int, Finding]]] = defaultdict(list)
        self.in_order = True
        self.lines: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._next: Iterator | None = None
        self._peek: tuple[int, Finding] | None = None

    def append(self, f: Finding) -> None:
        f.path = self.path_of.get(f.doc, f.doc)
        if f.col == 1 and f.line > 0 and f.korean:
            (self.ordered.append if self.in_order else self.late[f.doc].append)((self.seq, f))
            self.lines[f.doc][f.line].add(f.korean)
        else:
            self.runs.add(self.seq, f)
        self.seq += 1

    def take(self, doc: str) -> Iterator[tuple[int, Finding]]:
        """The waiting findings of ``doc`` (the documents are searched in the order they were read)."""
        if self._next is None:
            self._next = iter(self.ordered)
            self._peek = next(self._next, None)
        while self._peek is not None and self._peek[1].doc == doc:
            yield self._peek
            self._peek = next(self._next, None)
        yield from self.late.pop(doc, ())

    def rest(self) -> Iterator[tuple[int, Finding]]:
        if self._next is None:
            yield from self.ordered
        else:
            if self._peek is not None:
                yield self._peek
            yield from self._next
        for fs in self.late.values():
            yield from fs

    def close(self) -> None:
        self.ordered.close()


@dataclass
class _DocFacts:
    """What the search for mentions without Hanzi needs of a document's own occurrences."""

    first_hanzi: dict[str, tuple[int, str]]  # key → line and Hanzi of its first occurrence with Hanzi
    with_hanzi: set[tuple[int, str]]  # (line, compact spelling) written with Hanzi


# fields of an occurrence tuple (extract.PUBLIC_FIELDS, then the line where the Korean starts)
_LINE, _KOREAN, _HANZI, _ENGLISH, _TYPE, _ORIGIN, _KEY, _CONTEXT = (
    PUBLIC_FIELDS.index(f) for f in ("line", "korean", "hanzi", "english", "type", "origin", "key", "context"))
_KOREAN_LINE = RECORD_FIELDS.index("korean_line")


class Extracting:
    """A document source that extracts here (the check of documents no run has extracted)."""

    def __init__(self, analyzer: str | None = None) -> None:
        self.analyzer = analyzer

    def rows(self, path: Path) -> Iterator[tuple]:
        return map(record_fields, stream_file(path, analyzer=self.analyzer).occurrences)


def _read_rows(doc: str, rows: Iterable[tuple], spool: _Spool | None) -> _DocFacts:
    """A document's facts for the search of mentions without Hanzi, from its occurrence tuples; its named
    occurrences go to ``spool`` when one is given. ``doc`` names the document (documents with the same
    content share one cache entry, whose rows name the first of them)."""
    first_hanzi: dict[str, tuple[int, str]] = {}
    with_hanzi: set[tuple[int, str]] = set()
    named: list[Mention] = []
    for o in rows:
        key, line, korean = o[_KEY], o[_LINE], o[_KOREAN]
        if key not in first_hanzi:
            first_hanzi[key] = (line, o[_HANZI])
        if korean:
            spelling = korean.replace(" ", "")
            with_hanzi.add((line, spelling))
            with_hanzi.add((o[_KOREAN_LINE] or line, spelling))  # 국가발전개혁위원회\n(国家发展…): its own line
            if spool is not None and is_name(o[_ORIGIN], o[_TYPE]):
                named.append(Mention(doc, line, key, korean, o[_HANZI], o[_ENGLISH], o[_TYPE], o[_ORIGIN],
                                     o[_CONTEXT]))
    if spool is not None:
        spool.add(named)
    return _DocFacts(first_hanzi, with_hanzi)


@dataclass
class _Shared:
    """What every document's search for mentions without Hanzi needs of the whole check: sent to each
    worker once (base.workers)."""

    written: dict[str, set[str]]
    expected: dict[str, Expected]
    by_sound: dict[str, str]
    types: dict[str, str]
    analyzer: str
    source: object | None  # where a worker reads a document's occurrences (None: they come with the job)
    token: str  # one per check: a worker builds the matcher once per check


_RUNTIME: dict[str, tuple] = {}


def check_document(shared: _Shared, path: str, facts: _DocFacts | None, pending: dict[int, set[str]]
                   ) -> tuple[list[Finding], dict[tuple[int, str], int]]:
    """One document's mentions without Hanzi (findings), and the columns of the ``pending`` findings made
    from its occurrences with Hanzi (line → spellings). Runs in a worker or here."""
    runtime = _RUNTIME.get(shared.token)
    if runtime is None:
        _RUNTIME.clear()
        runtime = _RUNTIME[shared.token] = (Matcher(shared.written), get_analyzer(shared.analyzer))
    matcher, morph = runtime
    p = Path(path)
    try:
        if facts is None:
            facts = _read_rows(p.name, shared.source.rows(p), None)  # type: ignore[union-attr]
        return _mentions(p, facts, matcher, shared.expected, shared.by_sound, shared.types, morph, pending)
    except GlossaryError:
        return [], {}  # read in the first pass, changed since: its findings from occurrences still stand


def _transliterated(korean: str, hanzi: str) -> bool:
    """The Korean renders every part it renders by Mandarin sound: a transliteration, which the official
    rules govern (자오천잉 for 자오전잉). A Sino-Korean reading (인민일보, 시정) or a rendering with a
    translated part (쯔광그룹) is another kind of name, not a misspelling, even where it sounds close."""
    return align(korean, han_only(hanzi)).hows == _SOUND_ONLY


_SOUND_ONLY = frozenset({"sound"})


def check(inputs: Iterable[str | Path], store=None, analyzer: str | None = None,
          style: str | None = None, *, source=None, workers: Workers | None = None,
          stages: Stages | None = None) -> list[Finding]:
    """Findings for the documents (files or folders), against the approved glossary if a store is given.
    ``style`` is the house style (official | customary; default: the glossary's, else none).

    ``source`` gives each document's occurrences (a batch run's extraction cache: no document is
    extracted twice); by default they are extracted here. The search for mentions without Hanzi runs per
    document on ``workers`` (processes or a Dask cluster), which get the glossary's spellings once; the
    findings are the same wherever it runs. ``stages`` records the check's progress."""
    with check_stream(inputs, store, analyzer, style, source=source, workers=workers, stages=stages) as found:
        return list(found)


class Findings:
    """A check's findings in the report's order, read from disk as they are iterated (an archive's
    findings need not fit in memory); ``total`` says how many. Close it (or use it in a with block)."""

    def __init__(self, runs: _SortedRuns, errors: list[Finding]) -> None:
        self.runs, self.errors = runs, errors
        self.total = runs.count + len(errors)

    def __iter__(self) -> Iterator[Finding]:
        yield from self.runs
        yield from self.errors

    def close(self) -> None:
        self.runs.close()

    def __enter__(self) -> Findings:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def check_stream(inputs: Iterable[str | Path], store=None, analyzer: str | None = None,
                 style: str | None = None, *, source=None, workers: Workers | None = None,
                 stages: Stages | None = None) -> Findings:
    """`check`, for a batch run: the findings stream from disk in order instead of coming as a list."""
    spool = _Spool()
    if style is None and store is not None:
        style = store.style
    try:
        return _check(documents(inputs), spool, store, analyzer, style, source, workers or Workers(),
                      stages or Quiet())
    finally:
        spool.close()


def _check(paths: list[Path], spool: _Spool, store, analyzer: str | None, style: str | None, source,
           workers: Workers, stages: Stages) -> Findings:
    docs: dict[str, _DocFacts | None] = {}
    errors: list[tuple[Path, str]] = []
    reader = source if source is not None else Extracting(analyzer)
    with stages.stage("check: names", total=len(paths)) as stage:
        for path in paths:
            try:
                facts = _read_rows(path.name, reader.rows(path), spool)
                docs[str(path)] = facts if source is None else None  # a source is read again in the workers
            except Exception as exc:
                errors.append((path, str(exc)))
            stage.advance()
    # the glossary's stored spellings where it has the name (a run's check comes right after its build):
    # suggesting them all again costs time and fills the transliteration caches of this process
    facts = {row["key"]: row for row in store.entries()} if store is not None else None
    entries = entries_from(evidence_of(spool), facts)
    approved = approved_forms(store) if store is not None else {}
    expected = expectations(entries, approved, style)
    path_of = {p.name: str(p) for p in paths}
    runs = _SortedRuns()
    findings = _Waiting(runs, path_of)
    try:
        return _findings(paths, docs, errors, spool, expected, entries, approved, runs, findings, analyzer,
                         source, workers, stages)
    except BaseException:
        runs.close()
        raise
    finally:
        findings.close()


def _findings(paths: list[Path], docs: dict, errors: list, spool: _Spool, expected: dict, entries: dict,
              approved: dict, runs: _SortedRuns, findings: _Waiting, analyzer: str | None, source,
              workers: Workers, stages: Stages) -> Findings:

    # (a) occurrences with Hanzi that deviate from the expected spelling; alternative names as notes;
    # (e) non-official transliterations; the first use of each spelling, for (d)
    first_written: dict[str, Mention] = {}  # compact spelling → its first mention
    noted: set[tuple[str, str, str]] = set()
    both_ways: dict[tuple[str, str], dict[str, Mention]] = defaultdict(dict)  # (doc, key) → correct spellings
    for o in spool:
        compact = o.korean.replace(" ", "")
        first_written.setdefault(compact, o)
        x = expected.get(o.key)
        e = entries[o.key]
        kind = x.kind_of(compact) if x is not None else None
        if kind is not None:
            findings.append(Finding(kind, "error", o.doc, o.line, o.key, o.korean, x.korean, o.context,
                                    policy=x.policy if kind == "house-style" else ""))
            continue
        if x is not None and compact in x.accepted:
            both_ways[(o.doc, o.key)].setdefault(compact, o)
            continue
        if x is not None and compact in x.alternatives and (o.doc, o.key, compact) not in noted:
            noted.add((o.doc, o.key, compact))
            findings.append(Finding("alternative", "info", o.doc, o.line, o.key, o.korean, x.korean, o.context))
            continue
        if (o.key not in approved and e.official and compact != e.official.replace(" ", "")
                and compact not in (x.accepted if x is not None else ())
                and phonetic.distance(o.korean, e.official) <= VARIANT_DISTANCE  # a spelling, not another name
                and _transliterated(o.korean, o.hanzi)):
            findings.append(Finding("non-official", "info", o.doc, o.line, o.key, o.korean, e.official, o.context))

    # official and customary spellings of one name, both correct, in one document: a consistency warning
    findings.in_order = False
    for (_doc, key), firsts in both_ways.items():
        if len(firsts) < 2:
            continue
        target = expected[key].compact
        e = entries[key]
        said = f"official {e.official}, customary {', '.join(k for k, _ in e.customary)}"
        for compact, o in firsts.items():
            if compact != target:
                findings.append(Finding("mixed", "warning", o.doc, o.line, key, o.korean, expected[key].korean,
                                        o.context, policy=said))

    # (d) one spelling, several Hanzi (in the documents and the glossary)
    spellings: dict[str, set[str]] = defaultdict(set)
    written: dict[str, set[str]] = defaultdict(set)  # as written, spaces kept: 궈메이 소매
    for key, e in entries.items():
        for f in e.forms:
            spellings[f.korean.replace(" ", "")].add(key)
            written[f.korean].add(key)
    for key, a in approved.items():
        spellings[a.korean.replace(" ", "")].add(key)
        written[a.korean].add(key)
    for spelling, keys in spellings.items():
        if len(keys) > 1:
            o = first_written.get(spelling)
            if o is None:  # only the glossary gives this spelling to several entries
                findings.append(Finding("ambiguous", "error", "(glossary)", 0, " / ".join(sorted(keys)),
                                        next(w for w in written if w.replace(" ", "") == spelling), None,
                                        "approved forms in the glossary"))
                continue
            findings.append(Finding("ambiguous", "error", o.doc, o.line, " / ".join(sorted(keys)), o.korean, None,
                                    o.context))

    # (b) and (c): mentions without Hanzi, found by spelling or by phonetic key, per document (in the workers);
    # the columns of the findings above, from the same reading of each document
    by_sound: dict[str, str] = {}
    for key, x in expected.items():
        if len(x.compact) >= 2:
            by_sound.setdefault(phonetic.key(x.compact), key)
    shared = _Shared(written, expected, by_sound, {key: e.type for key, e in entries.items()}, analyzer or "rule",
                     source, uuid.uuid4().hex)
    # the findings go to sorted runs as soon as they are final, numbered in the order they were found;
    # those whose column the document's search tells wait for it
    path_of = findings.path_of
    seq = findings.seq
    readable = [p for p in paths if str(p) in docs]
    jobs = ((str(p), docs[str(p)], {n: set(ks) for n, ks in findings.lines.pop(p.name, {}).items()})
            for p in readable)
    with stages.stage("check: mentions", total=len(readable)) as stage:
        for path, (found, cols) in zip(readable, workers.map(check_document, shared, jobs)):
            for f in found:
                f.path = path_of.get(f.doc, f.doc)
                runs.add(seq, f)
                seq += 1
            for s, f in findings.take(path.name):
                f.col = cols.get((f.line, f.korean), f.col)
                runs.add(s, f)
            stage.advance()
    for s, f in findings.rest():
        runs.add(s, f)
    return Findings(runs, [Finding("unreadable", "error", path.name, 0, "", "", None, message, str(path), 1)
                           for path, message in errors])


def _named_there(stem: str, after: str, key_type: str | None) -> bool:
    """A word without Hanzi that spells a name is that name here, unless it is also an ordinary Korean
    word (소식 'news' for 苏轼, 시정 for 施政, 정부): then only a person's title right after it (소식 선생)
    makes it the name."""
    if stem not in korean_common_nouns():
        return True
    if key_type != "PERSON":
        return False
    head = after.lstrip()
    return any(head.startswith(t) for t in person_titles())


def _mentions(path: Path, facts: _DocFacts, matcher: Matcher, expected: dict[str, Expected],
              by_sound: dict[str, str], types: dict[str, str], morph, pending: dict[int, set[str]]
              ) -> tuple[list[Finding], dict[tuple[int, str], int]]:
    doc = path.name
    src = open_document(path)
    cols: dict[tuple[int, str], int] = {}
    first_hanzi, with_hanzi = facts.first_hanzi, facts.with_hanzi
    first_plain: dict[str, tuple[int, str, str, int, str]] = {}  # key → line, spelling, context, col, text
    variants = VariantFinder(by_sound, morph)
    out = []
    for block in src.blocks:  # a block of lines at a time: the matchers run over it at C speed
        if pending:
            for number, line in zip(block.numbers, block.lines):
                for spelling in pending.get(number, ()):
                    if cols.get((number, spelling), 1) == 1:  # a paragraph may span several lines of one number
                        cols[(number, spelling)] = _column(line, spelling)
        text = "\n".join(block.lines)
        tokens = hangul_tokens(text)
        exact_here: set[tuple[int, str]] = set()  # (line index, spelling) matched exactly
        for i, spelling, keys in matcher.find(text, tokens):
            number, line = block.numbers[i], block.lines[i]
            exact_here.add((i, spelling))
            if (number, spelling) in with_hanzi:
                # the spelling has its Hanzi on this line; an earlier plain mention on the same line (핀둬둬가
                # … 핀둬둬(拼多多)) still counts for the first mention (its column only computed then)
                for key in keys:
                    at, hanzi = first_hanzi.get(key, (0, ""))
                    if at == number and key not in first_plain:
                        col = _column(line, spelling)
                        if col - 1 < _korean_before(line, spelling, hanzi):
                            first_plain[key] = (number, spelling, _ctx(line, col), col, line)
                continue
            col = _column(line, spelling)
            after = line[col - 1 + len(spelling):] if col else ""
            for key in keys:
                if not _named_there(spelling, _after_particle(after), types.get(key)):
                    continue
                x = expected.get(key)
                if key not in first_plain:  # the sentence only for the first mention
                    first_plain[key] = (number, spelling, _ctx(line, col), col, line)
                kind = x.kind_of(spelling) if x is not None else None
                if kind is not None:
                    out.append(Finding(kind, "error", doc, number, key, spelling, x.korean, _ctx(line, col),
                                       col=col, policy=x.policy if kind == "house-style" else ""))
        hits = variants.words(tokens) if by_sound else {}
        for i, written in locate(tokens, hits):
            word, key = hits[written]
            number, line = block.numbers[i], block.lines[i]
            x = expected[key]
            if (i, word) in exact_here or word == x.compact or (number, word) in with_hanzi:
                continue
            if (word in x.seen and word not in x.variants) or word in x.accepted:
                continue  # a spelling the documents use with the Hanzi, and consistently, or a correct one
            if word not in x.variants and not is_variant(word, x.compact):
                continue
            col = _column(line, written)
            if not _named_there(word, line[col - 1 + len(written):], types.get(key)):
                continue
            kind = "not-approved" if x.source == "approved" else "inconsistent"
            out.append(Finding(kind, "error", doc, number, key, word, x.korean, _ctx(line, col), col=col))
    for key, (number, spelling, ctx, col, line) in first_plain.items():
        if key not in first_hanzi:
            continue
        at, hanzi = first_hanzi[key]
        if number < at or (number == at and col - 1 < _korean_before(line, spelling, hanzi)):  # same line
            out.append(Finding("hanzi-late", "warning", doc, number, key, spelling, f"{spelling}({hanzi})", ctx,
                               col=col))
    return out, cols


_PARTICLE_HEAD = re.compile(r"[가-힣]{0,3}")


@functools.lru_cache(maxsize=4096)
def spaced_pattern(spelling: str) -> re.Pattern:
    """A spelling however it is spaced in the text (궈메이소매 or 궈메이 소매): one pattern for the check's
    columns and for fix's spans."""
    return re.compile(r"\s*".join(map(re.escape, spelling.replace(" ", ""))))


def _korean_before(line: str, spelling: str, hanzi: str) -> int:
    """Where the mention with Hanzi starts on its line: the spelling last written before the Hanzi (핀둬둬가
    … 핀둬둬(拼多多): the second 핀둬둬), else the Hanzi itself."""
    h = line.find(hanzi)
    if h < 0:
        return -1
    spaced = spaced_pattern(spelling)  # 칭화대학 as written: 칭화 대학
    starts = [m.start() for m in spaced.finditer(line, 0, h)]
    return starts[-1] if starts else h


def _after_particle(after: str) -> str:
    """What follows a name and the particle glued to it (소식 선생은 → ' 선생은')."""
    return after[_PARTICLE_HEAD.match(after).end():] if after and not after[0].isspace() else after


def _column(line: str, spelling: str) -> int:
    """1-based column where a spelling starts on its line as a word, however it is spaced there (궈메이 소매
    for 궈메이소매); 1 when it cannot be found (it starts on the line before)."""
    spaced = spaced_pattern(spelling)
    for m in spaced.finditer(line):
        if m.start() == 0 or not ("가" <= line[m.start() - 1] <= "힣"):
            return m.start() + 1
    return 1


_SENTENCE_STOP = re.compile(r"[.?!](?=\s|$)")


def _ctx(line: str, col: int = 1) -> str:
    """The sentence of the line that holds column ``col`` (a line may hold several)."""
    start = 0
    for m in _SENTENCE_STOP.finditer(line):
        if m.end() >= col:
            return " ".join(line[start:m.end()].split())[:200]
        start = m.end()
    return " ".join(line[start:].split())[:200]


def fails(findings: list[Finding], fail_on: str) -> bool:
    """True if any finding is at or above the severity ``fail_on`` (error, warning, info, never)."""
    if fail_on == "never":
        return False
    return any(LEVELS.get(f.severity, 2) >= LEVELS[fail_on] for f in findings)


def write_xlsx(findings: list[Finding], path: str | Path) -> None:
    """The findings as a spreadsheet (one row each, errors first), for editors who work in Excel."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Findings"
    columns = ["severity", "kind", "doc", "line", "key", "korean", "expected", "context"]
    ws.append(columns)
    for c in ws[1]:
        c.font = Font(bold=True)
    fills = {"error": PatternFill("solid", fgColor="F8CBAD"), "warning": PatternFill("solid", fgColor="FFE699")}
    for f in sorted(findings, key=lambda f: (-LEVELS[f.severity], f.doc, f.line)):
        row = [getattr(f, c) for c in columns]
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if looks_like_formula(cell.value):
                    cell.quotePrefix = True
        if f.severity in fills:
            ws.cell(ws.max_row, 1).fill = fills[f.severity]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for letter, width in zip("ABCDEFGH", (9, 14, 24, 7, 16, 18, 20, 90)):
        ws.column_dimensions[letter].width = width
    wb.save(path)
