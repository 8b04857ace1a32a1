"""Editors' consistency check: is every person and company spelled one way, and the approved way?

For a set of documents (and, optionally, the approved glossary) it reports, with document, line and
context, the findings that check.rules lists. This module only orchestrates: it reads each document's
mentions with Hanzi (check.search.read_rows), computes what each name is expected to be spelled as
(check.expect), applies the rules to the mentions with Hanzi, then has each document searched for the
mentions without Hanzi (check.search, in the workers), and hands the findings on in the report's order
(check.spooling) without holding an archive's findings in memory.

The official spelling (NIKL's rules) and a customary form (청룽 / 성룡 for 成龙) are both correct, unless
a policy chose one: the glossary's approved form or the house style (``official`` | ``customary``). Then
the other is a ``house-style`` error that names the policy. Without a policy, a document that writes one
name both ways gets a ``mixed`` warning (consistency, not a misspelling).

Design: docs/check.md
"""

from __future__ import annotations

import functools
import itertools
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from glossary.base.collector import fewer_collections
from glossary.base.han import fold
from glossary.base.hangul import compact
from glossary.base.progress import Quiet, Stages
from glossary.base.workers import Workers
from glossary.check import rules
from glossary.check.expect import Approved, Expected, expectations
from glossary.check.rules import LEVELS, Finding, Mention, fails
from glossary.check.search import Extracting, Shared, check_document, prepare, read_mentions, read_rows, warm_up
from glossary.check.spooling import FindingRuns, MentionSpool, Waiting
from glossary.extraction.reader import documents
from glossary.termbase.build import refresh_dirty
from glossary.termbase.evidence import Tally
from glossary.termbase.resolve import counted, entries_from, recommend_stored
from glossary.translit import phonetic

__all__ = ["LEVELS", "Finding", "Findings", "Mention", "Names", "check", "check_stream", "fails", "read_names"]


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

    def __init__(self, runs: FindingRuns, errors: list[Finding]) -> None:
        self.runs, self.errors = runs, errors
        self.total = runs.count + len(errors)

    def __iter__(self) -> Iterator[Finding]:
        yield from self.runs.findings()
        yield from self.errors

    def records(self) -> Iterator[dict]:
        """The same findings as dicts (Finding.to_dict), in the same order: a batch run writes them so."""
        yield from self.runs.records()
        for f in self.errors:
            yield f.to_dict()

    def close(self) -> None:
        self.runs.close()

    def __enter__(self) -> Findings:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def check_stream(inputs: Iterable[str | Path], store=None, analyzer: str | None = None,
                 style: str | None = None, *, source=None, workers: Workers | None = None,
                 stages: Stages | None = None, names: Names | None = None) -> Findings:
    """`check`, for a batch run: the findings stream from disk in order instead of coming as a list.
    ``names``: the documents' names already read (read_names, in another process while the glossary was
    built: batch.names_beside); the check then starts at its expectations. The findings are the same."""
    spool = names.spool if names is not None else MentionSpool()
    if style is None and store is not None:
        style = store.style
    try:
        with fewer_collections():  # a check allocates a record per mention and a result per distinct word
            return _Check(documents(inputs), spool, store, analyzer, style, source, workers or Workers(),
                          stages or Quiet(), names).run()
    finally:
        spool.close()


@dataclass
class Names:
    """What the check's first stage reads of the documents: each document's mentions with Hanzi (in the
    spool, in document order) and their evidence counted (the tally), each readable document's facts for
    the search (None where the search reads them from the source again), and the unreadable documents
    with why. It depends only on the documents (or the extraction cache), never on the glossary: a batch
    run reads it while it builds the glossary."""

    paths: list[Path]
    spool: MentionSpool
    tally: Tally
    docs: dict[str, object]
    errors: list[tuple[Path, str]]


def read_names(paths: list[Path], spool: MentionSpool, source=None, analyzer: str | None = None,
               progress: Callable[[], object] | None = None) -> Names:
    """The check's reading of ``paths`` (Names), their mentions into ``spool``; ``source`` as for `check`.
    ``progress`` is told after each document."""
    reader = source if source is not None else Extracting(analyzer)
    counts = _Counted(spool)
    names = Names(paths, spool, counts.tally, {}, [])
    for path in paths:
        try:
            if source is None:
                names.docs[str(path)] = read_rows(path.name, reader.rows(path), counts)
            else:  # the workers read the source again for the facts of their search
                read_mentions(path.name, reader.rows(path), counts)
                names.docs[str(path)] = None
        except Exception as exc:
            names.errors.append((path, str(exc)))
        if progress is not None:
            progress()
    return names


class _Check:
    """One check's state, from reading the documents to the findings in order."""

    def __init__(self, paths: list[Path], spool: MentionSpool, store, analyzer: str | None, style: str | None,
                 source, workers: Workers, stages: Stages, names: Names | None = None) -> None:
        self.paths, self.spool, self.store, self.analyzer, self.style = paths, spool, store, analyzer, style
        self.source, self.workers, self.stages = source, workers, stages
        if names is not None and [str(p) for p in names.paths] != [str(p) for p in paths]:
            raise ValueError("the names were read from other documents than the check's")
        self.names = names

    def run(self) -> Findings:
        if len(self.paths) >= WARM_FROM:  # the workers start while the names are read here
            self.workers.start(functools.partial(warm_up, self.analyzer))
        try:
            return self._run()
        finally:
            self.workers.close()

    def _run(self) -> Findings:
        self._read()
        self._expect()
        written = self._written()
        shared = Shared(written, self.expected, _by_sound(self.expected), self.types, self.analyzer or "rule",
                        self.source, uuid.uuid4().hex)
        if len(self.paths) >= WARM_FROM:  # the workers index the spellings while the rules run here
            self.workers.prepare(prepare, shared)
        runs = FindingRuns()
        waiting = Waiting(runs, {p.name: str(p) for p in self.paths})
        try:
            with self.stages.stage("check: rules", total=self.spool.count, unit="mentions") as stage:
                self._with_hanzi(waiting, stage.advance)
                waiting.in_order = False
                with stage.meanwhile("mixed and ambiguous spellings"):
                    self._mixed(waiting)
                    self._ambiguous(waiting, written)
            self._search(shared, waiting, runs)
            return Findings(runs, [rules.unreadable(path.name, str(path), reason) for path, reason in self.errors])
        except BaseException:
            runs.close()
            raise
        finally:
            waiting.close()

    def _read(self) -> None:
        """Each document's mentions with Hanzi into the spool, and its facts for the search (read_names),
        unless they were read already."""
        if self.names is None:
            with self.stages.stage("check: names", total=len(self.paths)) as stage:
                self.names = read_names(self.paths, self.spool, self.source, self.analyzer, stage.advance)
        self.tally, self.docs, self.errors = self.names.tally, self.names.docs, self.names.errors

    def _expect(self) -> None:
        """Each name's entry from the documents' mentions with Hanzi, and the spelling it is expected in."""
        with self.stages.stage("check: expect", unit="entries") as stage:
            with stage.meanwhile("reading the glossary and the mentions"):
                # the glossary's stored spellings where it has the name (a run's check comes right after its
                # build): suggesting them all again costs time and fills the transliteration caches here
                stored = {row["key"]: row for row in self.store.entries()} if self.store is not None else None
                evidence = counted(self.tally)
            stage.set_total(len(evidence))
            # neither linked nor recommended: the rules read an entry's spellings, official and customary forms
            self.entries = entries_from(evidence, stored, related=False, recommended=False, progress=stage.advance)
            del evidence
            with stage.meanwhile("approved forms and expectations"):
                self.approved = approved_forms(self.store) if self.store is not None else {}
                self.expected = expectations(self.entries, self.approved, self.style)
                # the type of each name, for the search; the glossary's rows are let go here (an archive's
                # glossary: a few hundred MB the rest of the check can reuse)
                self.types = {key: (stored or {}).get(key, {}).get("type") for key in self.approved}
                self.types.update((key, e.type) for key, e in self.entries.items())

    def _with_hanzi(self, waiting: Waiting, progress: Callable[[int], object]) -> None:
        """The rules over each mention with Hanzi, in the order read: deviations, alternative names (once
        per document and spelling), non-official transliterations; the correct spellings each document
        uses are kept for ``mixed``."""
        noted: set[tuple[str, str, str]] = set()
        self.first_written: dict[str, Mention] = {}  # compact spelling → its first mention
        self.both_ways: dict[tuple[str, str], dict[str, Mention]] = defaultdict(dict)  # (doc, key) → correct forms
        # what the rules make of a mention depends on its name, spelling and Hanzi only (and, for another
        # name, on whether the document noted it already): decided once for each of those, by the number the
        # spool gives it; a batch's mentions that need a step here (a name not decided yet, or one a rule
        # keeps) are picked out of its numbers at once, and the others, nearly all of an archive's millions,
        # cost nothing more. The first mention of each spelling is the first of some name: picked out too.
        decided: dict[int, tuple[int, str, bool]] = {}
        kept = np.zeros(1 << 16, np.uint8)  # by number: 0 not decided yet, 1 no rule, 2 a rule keeps it
        first_written, both_ways = self.first_written, self.both_ways
        n = 0
        for records, sentences, numbers in self.spool.batches():
            n += len(records)
            if n >= RULES_STEP:
                progress(n)
                n = 0
            if not numbers:
                continue
            ids = np.frombuffer(numbers, np.uintc)
            if (top := int(ids.max())) >= len(kept):
                kept = np.concatenate((kept, np.zeros(top + 1 - len(kept) + (1 << 16), np.uint8)))
            for i in np.flatnonzero(kept[ids] != 1).tolist():
                t, number = records[i], numbers[i]
                what = decided.get(number)
                if what is None:
                    what = decided[number] = self._decide(Mention(*t, sentences[i]))
                    kept[number] = 1 if what[0] == _NO_RULE and not what[2] else 2
                    if what[1] not in first_written:
                        first_written[what[1]] = Mention(*t, sentences[i])
                rule, written, unofficial = what
                if rule == _NO_RULE and not unofficial:
                    continue
                key = t[_KEY]
                if rule == _DEVIATING:
                    waiting.append(rules.deviating(Mention(*t, sentences[i]), self.expected[key]))
                elif rule == _BOTH_WAYS:
                    firsts = both_ways[(t[_DOC], key)]
                    if written not in firsts:
                        firsts[written] = Mention(*t, sentences[i])
                elif rule == _ALTERNATIVE and (t[_DOC], key, written) not in noted:
                    noted.add((t[_DOC], key, written))
                    waiting.append(rules.alternative(Mention(*t, sentences[i]), self.expected[key]))
                elif unofficial:
                    waiting.append(rules.non_official(Mention(*t, sentences[i]), self.expected.get(key),
                                                      self.entries[key].official, key in self.approved))
        progress(n)

    def _decide(self, o: Mention) -> tuple[int, str, bool]:
        """Which rule a mention meets (_with_hanzi): a deviation, a correct spelling of a name with two, another
        name, or none; its compact spelling; whether it is a non-official transliteration (what is left when
        it is none of the others, or another name the document noted already)."""
        written = compact(o.korean)
        x = self.expected.get(o.key)
        if rules.deviating(o, x) is not None:
            return _DEVIATING, written, False
        if x is not None and written in x.accepted:
            # only a name with two correct spellings can be written both ways
            return (_BOTH_WAYS if len(x.accepted) > 1 else _NO_RULE), written, False
        unofficial = rules.non_official(o, x, self.entries[o.key].official, o.key in self.approved) is not None
        return (_ALTERNATIVE if rules.alternative(o, x) is not None else _NO_RULE), written, unofficial

    def _mixed(self, waiting: Waiting) -> None:
        for (_doc, key), firsts in self.both_ways.items():
            e = self.entries[key]
            said = f"official {e.official}, customary {', '.join(k for k, _ in e.customary)}"
            for found in rules.mixed(firsts, self.expected[key], said):
                waiting.append(found)

    def _written(self) -> dict[str, set[str]]:
        """Every known spelling as written (spaces kept: 궈메이 소매) with its keys: the documents' and the
        approved ones, for the search."""
        written: dict[str, set[str]] = defaultdict(set)
        forms = [(key, f.korean) for key, e in self.entries.items() for f in e.forms]
        for key, korean in forms + [(key, a.korean) for key, a in self.approved.items()]:
            written[korean].add(key)
        return written

    def _ambiguous(self, waiting: Waiting, written: dict[str, set[str]]) -> None:
        """One spelling for several Hanzi (in the documents and the glossary; ``written``: _written)."""
        spellings: dict[str, set[str]] = defaultdict(set)
        for korean, keys in written.items():
            spellings[compact(korean)] |= keys
        first_as_written: dict[str, str] = {}  # compact spelling → the first spelling written so (one pass)
        for w in written:
            first_as_written.setdefault(compact(w), w)
        for spelling, keys in spellings.items():
            as_written = first_as_written.get(spelling, spelling) if len(keys) > 1 else ""
            waiting.append(rules.ambiguous(keys, self.first_written.get(spelling), as_written))

    def _search(self, shared: Shared, waiting: Waiting, runs: FindingRuns) -> None:
        """Mentions without Hanzi, found by spelling or by phonetic key, per document (in the workers);
        the columns of the findings above, from the same reading of each document. The findings go to
        the sorted runs as soon as they are final, numbered in the order they were found."""
        seq = waiting.seq
        readable = [p for p in self.paths if str(p) in self.docs]
        jobs = ((str(p), self.docs[str(p)], {n: set(ks) for n, ks in waiting.lines.pop(p.name, {}).items()})
                for p in readable)
        with self.stages.stage("check: mentions", total=len(readable)) as stage:
            results = iter(self.workers.map(check_document, shared, jobs))
            with stage.meanwhile("indexing the glossary's spellings"):  # in each worker, before its first document
                first = list(itertools.islice(results, 1))
            # the documents come back in order: a large one holds up the count while the workers go on
            with stage.meanwhile("searching the documents"):
                for path, (found, cols) in zip(readable, itertools.chain(first, results)):
                    for f in found:
                        f.path = waiting.path_of.get(f.doc, f.doc)
                        runs.add((seq, f))
                        seq += 1
                    taken: dict[tuple[int, str], int] = {}  # per line and spelling, the places given so far
                    for s, f in waiting.take(path.name):
                        places = cols.get((f.line, f.korean))
                        if places:
                            f.col = places[_place(f, taken, len(places))]
                        runs.add((s, f))
                    stage.advance()
            for item in waiting.rest():
                runs.add(item)


class _Counted:
    """Where _read puts each document's mentions: into the spool, for the rules, and counted at once for
    the expectations (one reading of an archive's mentions less: they are on disk by then)."""

    def __init__(self, spool: MentionSpool) -> None:
        self.spool, self.tally = spool, Tally()

    def add(self, mentions: list[Mention]) -> None:
        self.spool.add(mentions)
        self.tally.add(mention_rows(mentions))


def mention_rows(mentions: Iterable[Mention]) -> Iterator[tuple]:
    """resolve.occurrence_rows of Mention tuples, read by field rather than through a dict each."""
    return ((m.key or fold(m.hanzi), m.korean, m.english, m.hanzi, m.type, m.origin, m.doc, m.context or "", 1)
            for m in mentions)


_PER_MENTION = frozenset({"inconsistent", "not-approved", "house-style", "non-official"})  # one finding a mention


def _place(f: Finding, taken: dict[tuple[int, str], int], n: int) -> int:
    """Which of the places of its line and spelling a finding made from a mention with Hanzi stands at: a
    rule that judges each mention gives the k-th such finding the k-th place (two slips with Hanzi on one
    line: two places); one that speaks of a first mention (another name, both ways, ambiguous) the first."""
    if f.kind not in _PER_MENTION:
        return 0
    k = taken.get((f.line, f.korean), 0)
    taken[(f.line, f.korean)] = k + 1
    return min(k, n - 1)


_NO_RULE, _DEVIATING, _BOTH_WAYS, _ALTERNATIVE = range(4)  # what _decide says of a mention
_DOC, _KEY, _HANZI = (Mention._fields.index(f) for f in ("doc", "key", "hanzi"))  # key, korean, hanzi in a row
RULES_STEP = 10_000  # mentions between two steps of the progress line
WARM_FROM = 8  # documents: fewer, and the pool may not be worth its start (Workers decides who runs them)


def _by_sound(expected: dict[str, Expected]) -> dict[str, str]:
    """The phonetic key of each expected spelling → its name (the first name for a shared key)."""
    out: dict[str, str] = {}
    for key, x in expected.items():
        if len(x.compact) >= 2:
            out.setdefault(phonetic.key(x.compact), key)
    return out


def approved_forms(store) -> dict[str, Approved]:
    """Approved entries: key → the form reviewers chose (or, failing that, the recommended one)."""
    refresh_dirty(store)  # a build left unfinished is completed first: the tables below only read
    rows = {r["key"]: r for r in store.entries("approved")}
    if not rows:
        return {}
    style = store.style
    out = {}
    approved = entries_from(store.evidence(list(rows)), rows, related=False, recommended=False)  # recommended here
    for key, e in approved.items():
        r = rows[key]
        korean = recommend_stored(e.forms, r, style)[0]
        if korean:
            out[key] = Approved(key, korean)
    return out
