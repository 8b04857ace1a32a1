"""The search of one document for mentions without Hanzi: known spellings written plainly (and their
variants), and the first mention of each name, for the rules. Runs in a worker or in the main process:
``check_document`` is what the workers map, and a worker builds its matchers once per check.

Design: docs/check.md
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from glossary.base.collector import fewer_collections
from glossary.base.errors import GlossaryError
from glossary.base.hangul import HANGUL_WORD
from glossary.check import rules
from glossary.check.expect import Expected
from glossary.check.match import (
    BlockScanner,
    Matcher,
    SoundHit,
    VariantFinder,
    after_particle,
    glossed_after,
    korean_before,
    named_there,
    places_with_hanzi,
    sentence_at,
    slip_settings,
    stands_as_name,
)
from glossary.check.rules import Finding, Mention
from glossary.extraction.extract import record_fields, stream_file
from glossary.extraction.forms import (
    korean_common_nouns,
    korean_dictionary_words,
    person_titles_longest_first,
    words_after_names,
)
from glossary.extraction.morph import get_analyzer, particle_table
from glossary.extraction.reader import open_document
from glossary.extraction.record import PUBLIC_FIELDS
from glossary.termbase.evidence import is_name
from glossary.termbase.facts import DocFacts

# fields of an occurrence tuple (extract.PUBLIC_FIELDS)
_LINE, _KOREAN, _HANZI, _ENGLISH, _TYPE, _ORIGIN, _KEY, _CONTEXT = (
    PUBLIC_FIELDS.index(f) for f in ("line", "korean", "hanzi", "english", "type", "origin", "key", "context"))


class Extracting:
    """A document source that extracts here (the check of documents no run has extracted)."""

    def __init__(self, analyzer: str | None = None) -> None:
        self.analyzer = analyzer

    def rows(self, path: Path) -> Iterator[tuple]:
        return map(record_fields, stream_file(path, analyzer=self.analyzer).occurrences)


def read_rows(doc: str, rows: Iterable[tuple], spool=None) -> DocFacts:
    """A document's facts for the search of mentions without Hanzi, from its occurrence tuples; its named
    occurrences go to ``spool`` when one is given. ``doc`` names the document (documents with the same
    content share one cache entry, whose rows name the first of them)."""
    if spool is None:
        return DocFacts().add(rows)
    rows = list(rows)
    facts = DocFacts().add(rows)
    spool.add([Mention(doc, o[_LINE], o[_KEY], o[_KOREAN], o[_HANZI], o[_ENGLISH], o[_TYPE], o[_ORIGIN],
                       o[_CONTEXT]) for o in rows if o[_KOREAN] and is_name(o[_ORIGIN], o[_TYPE])])
    return facts


_MENTION_FIELDS = operator.itemgetter(_LINE, _KEY, _KOREAN, _HANZI, _ENGLISH, _TYPE, _ORIGIN, _CONTEXT)


def read_mentions(doc: str, rows: Iterable[tuple], spool) -> None:
    """A document's named occurrences with Korean into ``spool``, without the facts read_rows gathers: a
    batch run's check has the workers read those again from the cache, so the main process reads an
    archive's occurrences once, at the speed of a comprehension."""
    fields = _MENTION_FIELDS
    spool.add([Mention(doc, *fields(o)) for o in rows
               if o[_KOREAN] and (o[_ORIGIN] != "ko" or is_name(o[_ORIGIN], o[_TYPE]))])


@dataclass
class Shared:
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


def warm_up(analyzer: str | None) -> None:
    """Load in a worker what every document's search reads (the analyzer, the word tables), while the
    main process still reads the documents' names (base.workers.Workers.start)."""
    get_analyzer(analyzer or "rule")
    korean_common_nouns(), korean_dictionary_words(), person_titles_longest_first(), words_after_names()
    particle_table(), slip_settings()


def prepare(shared: Shared) -> tuple:
    """What a worker builds once per check before its first document (the matchers over the glossary's
    spellings, what decides a mention's relevance): ``Workers.prepare`` has it built while the main
    process applies the rules, else the first document builds it."""
    runtime = _RUNTIME.get(shared.token)
    if runtime is None:
        _RUNTIME.clear()
        matcher, morph = Matcher(shared.written), get_analyzer(shared.analyzer)
        near = {x.compact: key for key, x in shared.expected.items()}
        variants = VariantFinder(shared.by_sound, morph, near, matcher.forms)
        runtime = _RUNTIME[shared.token] = (BlockScanner(matcher, variants, bool(shared.by_sound)),
                                            *_relevance(matcher, shared.expected), {})
    return runtime


def check_document(shared: Shared, path: str, facts: DocFacts | None, pending: dict[int, set[str]]
                   ) -> tuple[list[Finding], dict[tuple[int, str], tuple[int, ...]]]:
    """One document's mentions without Hanzi (findings), and the columns of the ``pending`` findings made
    from its occurrences with Hanzi (line → spellings; per line and spelling, each place it is written with
    Hanzi). Runs in a worker or here."""
    scanner, deviating, spellings_of, verdicts = prepare(shared)
    p = Path(path)
    try:
        with fewer_collections():
            if facts is None:  # from the cache entry's facts (written by the extraction), else its rows
                facts = _facts_of(shared.source, p)
            own = {s for key in facts.first_hanzi for s in spellings_of.get(key, ())}
            return DocumentSearch(p.name, facts, scanner, shared, own.__contains__, deviating, verdicts
                                  ).run(p, pending)
    except GlossaryError:
        return [], {}  # read in the first pass, changed since: its findings from occurrences still stand


def _facts_of(source, path: Path) -> DocFacts:
    """A document's facts as its extraction stored them (CachedSource.facts), else read from its
    occurrences."""
    stored = getattr(source, "facts", None)
    facts = stored(path) if stored is not None else None
    return facts if facts is not None else read_rows(path.name, source.rows(path), None)


def _relevance(matcher: Matcher, expected: dict[str, Expected]) -> tuple[frozenset[str], dict[str, list[str]]]:
    """What decides which mentions of known spellings a document's search must look at: the spellings that
    some expectation finds fault with, and each name's spellings. A mention of any other spelling is a
    later mention of a name the document never gives with Hanzi, written as expected: it can make no
    finding (no deviation, no first mention before the Hanzi), so it is left out before any per-mention
    work — in an archive, most hits of the matchers are such (names and glossary spellings that are
    Korean words, mentioned again and again)."""
    deviating = frozenset(s for x in expected.values() for s in (*x.off_policy, *x.variants))
    spellings_of: dict[str, list[str]] = {}
    for spelling, keys in matcher.forms.items():
        for key in keys:
            spellings_of.setdefault(key, []).append(spelling)
    return deviating, spellings_of


def _with_its_hanzi(line: str, pos: int, end: int, hanzi: str) -> bool:
    """Whether the mention that starts at ``pos`` and ends at ``end`` is no plain mention before the name's
    Hanzi on its line: the Hanzi come before it (or not on the line), or right after it with no Hangul
    between (핀둬둬(拼多多), 핀둬둬 (拼多多)) — then it is the mention with them. Most names' first line with
    Hanzi is such a line, and korean_before need not look for the spelling's last writing before them."""
    h = line.find(hanzi)
    return h <= pos or (end <= h and HANGUL_WORD.search(line, end, h) is None)


@dataclass
class _Plain:
    """The first mention of a name without Hanzi in a document."""

    line: int
    spelling: str
    context: str
    col: int
    text: str


@dataclass
class DocumentSearch:
    """One document read block by block: the matchers run over each block at C speed (one reading of its
    words for both, match.BlockScanner), the rules over their hits."""

    doc: str
    facts: DocFacts
    scanner: BlockScanner
    shared: Shared
    own: Callable[[str], bool]  # a spelling of a name the document gives with Hanzi (search._relevance)
    deviating: frozenset[str]  # a spelling some expectation finds fault with
    verdicts: dict[str, bool]  # a sound hit (the word as written) → whether its rule calls it a variant
    out: list[Finding] = field(default_factory=list)
    cols: dict[tuple[int, str], tuple[int, ...]] = field(default_factory=dict)
    first_plain: dict[str, _Plain] = field(default_factory=dict)
    first_on: set[int] = field(init=False)  # the lines where the document first gives a name with Hanzi

    def __post_init__(self) -> None:
        self.first_on = {line for line, _ in self.facts.first_hanzi.values()}

    def run(self, path: Path, pending: dict[int, set[str]]
            ) -> tuple[list[Finding], dict[tuple[int, str], tuple[int, ...]]]:
        for block in open_document(path).blocks:
            if pending:
                self._columns(block, pending)
            exact_found, sound_at, sound_hits = self.scanner.scan("\n".join(block.lines), self._relevant)
            starts = [0, *itertools.accumulate(len(line) + 1 for line in block.lines)]  # of each line in the text
            exact = self._exact(block, exact_found, starts)
            if self.shared.by_sound:
                self._by_sound(block, exact, sound_at, sound_hits, starts)
        self._late_hanzi()
        return self.out, self.cols

    def _relevant(self, spelling: str) -> bool:
        return spelling in self.deviating or self.own(spelling)

    def _columns(self, block, pending: dict[int, set[str]]) -> None:
        """The columns of the findings made from this block's occurrences with Hanzi: each place on the line
        where the spelling is written with Hanzi, in order (the checker gives the k-th finding of a line
        and spelling the k-th place)."""
        for number, line in zip(block.numbers, block.lines):
            for spelling in pending.get(number, ()):
                if self.cols.get((number, spelling), (1,))[0] == 1:  # a paragraph may span several lines of one number
                    self.cols[(number, spelling)] = places_with_hanzi(line, spelling)

    def _exact(self, block, found: list[tuple[int, str, tuple[str, ...], int]], starts: list[int]
               ) -> set[tuple[int, str]]:
        """Known spellings as written (BlockScanner.scan's ``found``: line index, spelling, keys, where in
        the block's text); returns (line index, spelling) of each, for the variant search. A mention's
        column is where its word starts on its line: each mention its own, none searched for."""
        exact: set[tuple[int, str]] = set()
        numbers, with_hanzi, first_on = block.numbers, self.facts.with_hanzi, self.first_on
        for i, spelling, keys, at in found:
            number = numbers[i]
            exact.add((i, spelling))
            line, pos = block.lines[i], at - starts[i]
            if (number, spelling) in with_hanzi:
                if number in first_on:  # some name's first line with Hanzi: a plain mention may precede them
                    self._plain_before_hanzi(number, line, spelling, keys, pos)
                # the line writes the spelling with Hanzi, and here again without them (레이준(雷军)은 … 레이준은):
                # a faulted spelling is a slip of its own, which the rules over the mention with Hanzi do not see
                if (spelling in self.deviating and line.startswith(spelling, pos)
                        and not glossed_after(line, pos + len(spelling), spelling) and self._faulted(keys, spelling)):
                    self._mention(number, line, pos + 1, spelling, keys, first=False)
                continue
            if not (spelling in self.deviating and self._faulted(keys, spelling)) and not self._first(keys, number):
                continue  # nothing a finding could come of: no particle or word test
            self._mention(number, line, pos + 1, spelling, keys, first=True)
        return exact

    def _mention(self, number: int, line: str, col: int, spelling: str, keys: tuple[str, ...], first: bool) -> None:
        """A plain mention of a known spelling, for each name it spells that the text writes as a name here:
        a finding if the name's expectation faults the spelling; the name's first plain mention (for
        _late_hanzi) if ``first`` and it is the first."""
        after = after_particle(line[col - 1 + len(spelling):] if col else "")
        named: dict[str | None, bool] = {}  # by the key's type: a spelling may spell many names
        for key in keys:
            kind = self.shared.types.get(key)
            if kind not in named:
                named[kind] = named_there(spelling, after, kind)
            if not named[kind]:
                continue
            if first and key not in self.first_plain:  # the sentence only for the first mention
                self.first_plain[key] = _Plain(number, spelling, sentence_at(line, col), col, line)
            x = self.shared.expected.get(key)
            if x is not None and x.kind_of(spelling) is not None:  # the sentence only for a finding
                finding = rules.plain_deviation(self.doc, number, col, key, spelling, x, sentence_at(line, col))
                if finding is not None:
                    self.out.append(finding)

    # Whether a plain mention can change anything: a spelling some of its names' expectations find fault
    # with, or the first plain mention of a name the document gives with Hanzi on this line or a later
    # one (it may come before them: _late_hanzi). Most mentions are neither — later mentions, or names the
    # document never gives with Hanzi, written as expected — and skip the particle and the word tests.
    # (Lines are read in document order.)

    def _faulted(self, keys: tuple[str, ...], spelling: str) -> bool:
        expected = self.shared.expected
        return any((x := expected.get(key)) is not None and x.kind_of(spelling) is not None for key in keys)

    def _first(self, keys: tuple[str, ...], number: int) -> bool:
        first_plain, first_hanzi = self.first_plain, self.facts.first_hanzi
        for key in keys:
            if key not in first_plain and (first := first_hanzi.get(key)) is not None and number <= first[0]:
                return True
        return False

    def _plain_before_hanzi(self, number: int, line: str, spelling: str, keys, pos: int) -> None:
        """The spelling has its Hanzi on this line; a plain mention on the same line before them (핀둬둬가 …
        핀둬둬(拼多多): this one, at ``pos``) still counts for the first mention."""
        for key in keys:
            at, hanzi = self.facts.first_hanzi.get(key, (0, ""))
            if at == number and key not in self.first_plain and not _with_its_hanzi(line, pos, pos + len(spelling),
                                                                                     hanzi):
                if pos < korean_before(line, spelling, hanzi):
                    self.first_plain[key] = _Plain(number, spelling, sentence_at(line, pos + 1), pos + 1, line)

    def _by_sound(self, block, exact: set[tuple[int, str]], located: list[tuple[int, str, int]],
                  hits: dict[str, SoundHit], starts: list[int]) -> None:
        """Words whose stem sounds like an expected spelling (펭지엔전은 ~ 펑젠전), or is one syllable off it
        where the text writes it as a name (레이준 회장은 for 레이쥔)."""
        for i, written, at in located:
            word, key, near = hits[written]
            number, line = block.numbers[i], block.lines[i]
            if (i, word) in exact or (number, word) in self.facts.with_hanzi:
                continue
            x = self.shared.expected[key]
            verdict = self.verdicts.get(written)
            if verdict is None:  # the rule, once per word of a check: it reads the word and its name only
                verdict = self.verdicts[written] = self._variant(number, 1, key, word, x, near) is not None
            if not verdict:
                continue
            col = at - starts[i] + 1
            after = line[col - 1 + len(written):]
            if not (stands_as_name(word, written, after) if near
                    else named_there(word, after, self.shared.types.get(key), variant=True)):
                continue  # the text does not write it as the name here
            found = self._variant(number, col, key, word, x, near)
            found.context = sentence_at(line, col)  # the sentence only for a finding (most such words make none)
            self.out.append(found)

    def _variant(self, number: int, col: int, key: str, word: str, x: Expected, near: bool) -> Finding | None:
        """The rule for a word that sounds like ``key``'s expected spelling: a slip (near) or a variant."""
        if near:
            return rules.near_variant(self.doc, number, col, key, word, x, "", slip_settings()["max_distance"])
        return rules.sound_variant(self.doc, number, col, key, word, x, "")

    def _late_hanzi(self) -> None:
        """A first mention without Hanzi before the first with them."""
        for key, p in self.first_plain.items():
            if key not in self.facts.first_hanzi:
                continue
            at, hanzi = self.facts.first_hanzi[key]
            if p.line < at or (p.line == at and p.col - 1 < korean_before(p.text, p.spelling, hanzi)):  # same line
                self.out.append(rules.hanzi_late(self.doc, p.line, p.col, key, p.spelling, hanzi, p.context))
