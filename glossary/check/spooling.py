"""Where the check keeps what an archive has too much of to hold: the documents' mentions with Hanzi, the
findings in the report's order, and the findings that wait for the column their document's search tells.

All of it goes through the package's spool format (base.spool): in memory up to a limit, then on disk.

Design: docs/check.md
"""

from __future__ import annotations

import heapq
import itertools
import operator
from array import array
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import fields
from typing import IO

from glossary.base.spool import SortedRuns, Spool, write_frame
from glossary.check.rules import LEVELS, Finding, Mention

KEEP_MENTIONS = 25_000  # mentions (and waiting findings) held in memory before the rest go to disk
FINDINGS_RUN = 25_000  # findings sorted in memory at a time; the runs are merged from disk (40 at 1 GB)


class MentionSpool(Spool):
    """The documents' named occurrences, in memory up to KEEP_MENTIONS and then in a temporary file: an
    archive of many thousands of documents holds millions of them. Read back in the order they were added.

    On disk a batch is two frames: its mentions without their sentences, then the sentences as one string
    with where each ends. The rules read every mention of an archive and the sentences of a few (those
    that make a finding): loading a batch makes a tuple a mention and one string, not one more string a
    mention (640,000 mentions of the 1 GB archive: read 10 % faster, and written 15 % faster).

    Each mention also has a number for its name as written, (key, Korean, Hanzi), the same for every
    mention of it in the spool: what the rules make of a mention depends on those three only, so they
    decide each name once and pick out the few mentions a rule keeps from a batch's numbers at once,
    without a step of Python for each of an archive's millions (`batches`)."""

    def __init__(self) -> None:
        super().__init__(KEEP_MENTIONS)  # its own frames: _write_batch and batches
        self.count = 0
        self.numbers: dict[tuple, int] = {}  # (key, Korean, Hanzi) → its number, in the order first written

    def _write_batch(self, batch: list[Mention]) -> None:
        file = self.file
        assert file is not None  # _flush opened it
        contexts = [m[_CONTEXT] for m in batch]
        write_frame(file, [m[:_CONTEXT] for m in batch])
        nones = tuple(i for i, c in enumerate(contexts) if c is None)
        if nones:
            contexts = [c or "" for c in contexts]
        ends = array("I", itertools.accumulate(map(len, contexts)))
        write_frame(file, ("".join(contexts), ends.tobytes(), nones, self._numbered(batch).tobytes()))

    def _numbered(self, batch: list[Mention]) -> array:
        """The number of each mention's name as written (a new one for a name not seen before)."""
        numbers = self.numbers
        return array("I", [numbers.setdefault(m[_KEY:_HANZI + 1], len(numbers)) for m in batch])

    def batches(self) -> Iterator[tuple[list[tuple], Sequence[str], array]]:
        """The mentions in order, a batch at a time: (their tuples in Mention's order without the sentence,
        the sentences by index, the numbers of their names as written: an array of unsigned ints) — a
        Mention is made only for those a reader keeps (Mention(*t, sentence))."""
        frames = self._frames()
        for records in frames:
            text, ends, nones, numbers = next(frames)
            yield records, _Sentences(text, ends, nones), _array(numbers)
        if self.buffer:
            yield ([m[:_CONTEXT] for m in self.buffer], [m[_CONTEXT] for m in self.buffer],
                   self._numbered(self.buffer))

    def __iter__(self) -> Iterator[Mention]:
        for records, sentences, _ in self.batches():
            for i, t in enumerate(records):
                yield Mention(*t, sentences[i])

    def packed(self) -> Iterator[tuple]:
        for records, sentences, _ in self.batches():
            for i, t in enumerate(records):
                yield (*t, sentences[i])

    def add(self, mentions: list[Mention]) -> None:
        self.extend(mentions)  # one document's, whole: a document that fails half-way adds nothing
        self.count += len(mentions)

    @classmethod
    def writing_to(cls, file: IO[bytes]) -> MentionSpool:
        """A spool whose mentions go to ``file`` (open for writing and reading), to be handed to another
        process (hand_over, taken_over): the check's names read beside a batch run's build."""
        spool = cls()
        spool.file = file
        return spool

    def hand_over(self) -> None:
        """Write what is still in memory to the file too, and flush it: every mention is in the file."""
        if self.buffer:
            self._flush()
        if self.file is not None:
            self.file.flush()

    @classmethod
    def taken_over(cls, file: IO[bytes], count: int) -> MentionSpool:
        """The spool that ``hand_over`` left in ``file`` with ``count`` mentions (closed with the spool)."""
        spool = cls()
        spool.file = file
        spool.count = count
        return spool

    def of_keys(self, keys: set[str]) -> dict[str, list[Mention]]:
        """The mentions of these keys (few: those with findings), by key, in order."""
        out: dict[str, list[Mention]] = defaultdict(list)
        for m in self:
            if m.key in keys:
                out[m.key].append(m)
        return out


_CONTEXT = Mention._fields.index("context")  # Mention's last field: the others are the slice before it
_KEY, _HANZI = Mention._fields.index("key"), Mention._fields.index("hanzi")  # key, korean, hanzi in a row


def _array(data: bytes) -> array:
    out = array("I")
    out.frombytes(data)
    return out


class _Sentences:
    """A batch's sentences as one string, where each ends (an array of unsigned ints, as bytes) and which
    are None."""

    def __init__(self, text: str, ends: bytes, nones: tuple[int, ...]) -> None:
        self.text, self.nones = text, nones
        self.ends = _array(ends)

    def __getitem__(self, i: int) -> str | None:
        if self.nones and i in self.nones:
            return None
        return self.text[self.ends[i - 1] if i else 0:self.ends[i]]

    def __len__(self) -> int:
        return len(self.ends)


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


_LEVEL_AT = 1 + _FINDING_FIELDS.index("severity")
_packed_at = operator.itemgetter(*(1 + _FINDING_FIELDS.index(f) for f in ("doc", "line", "col")))
_KIND_AT = 1 + _FINDING_FIELDS.index("kind")


def _packed_order(t: tuple) -> tuple:
    """_order over a packed finding (its number, then its fields)."""
    return (*_packed_at(t), -LEVELS[t[_LEVEL_AT]], t[_KIND_AT], t[0])


class FindingRuns(SortedRuns):
    """Findings, each with the number of its finding, in the report's order (sorted runs on disk)."""

    def __init__(self) -> None:
        super().__init__(_order, _pack, _unpack, FINDINGS_RUN)

    def findings(self) -> Iterator[Finding]:
        for _, f in self:
            yield f

    def records(self) -> Iterator[dict]:
        """The findings in the same order as their dicts (Finding.to_dict), read from the runs as they are
        stored, without a Finding object each: how a batch run writes an archive's million findings."""
        self.buffer.sort(key=self.key)
        merged = heapq.merge(*(run.packed() for run in self.runs), map(_pack, self.buffer), key=_packed_order)
        for t in merged:
            yield dict(zip(_FINDING_FIELDS, t[1:]))


class Waiting:
    """The findings made before the documents' search, numbered in the order they are made: those whose
    column the search of their document tells wait — on disk and in document order, for the per-occurrence
    ones (made reading the documents in order), in memory for the few made afterwards — and the rest go
    to the sorted runs at once. ``lines`` says, per document and line, which spellings wait there."""

    def __init__(self, runs: FindingRuns, path_of: dict[str, str]) -> None:
        self.runs, self.path_of = runs, path_of
        self.seq = 0
        self.ordered = Spool(KEEP_MENTIONS, _pack, _unpack)
        self.late: dict[str, list[tuple[int, Finding]]] = defaultdict(list)
        self.in_order = True
        self.lines: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._next: Iterator | None = None
        self._peek: tuple[int, Finding] | None = None

    def append(self, f: Finding | None) -> None:
        if f is None:
            return
        f.path = self.path_of.get(f.doc, f.doc)
        if f.col == 1 and f.line > 0 and f.korean:
            (self.ordered.append if self.in_order else self.late[f.doc].append)((self.seq, f))
            self.lines[f.doc][f.line].add(f.korean)
        else:
            self.runs.add((self.seq, f))
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
