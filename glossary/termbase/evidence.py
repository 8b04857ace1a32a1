"""What a glossary entry is made of, counted once: spellings, English names, written forms, type and
origin votes, documents and the first context. One counter serves occurrences in memory (resolve) and
rows read from the database (store), so the two cannot drift apart.

Design: docs/glossary-and-review.md
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

KOREAN_NAME_TYPES = frozenset({"PERSON", "PLACE"})
# the same test in SQL, for the store's queries over the occurrences table
IS_NAME_SQL = "(origin IS NOT 'ko' OR type IN ('PERSON', 'PLACE'))"


def is_name(origin: str | None, type_: str | None) -> bool:
    """An occurrence that is a name, and so evidence of an entry: not an ordinary Korean word written in
    Hanja (origin ko: 시정 施政, 구상권 求償權), though a Korean person or place in Hanja (김정은 金正恩, 평양
    平壤: origin ko, typed PERSON or PLACE) is a name."""
    return origin != "ko" or type_ in KOREAN_NAME_TYPES


@dataclass
class Evidence:
    """The counts are dicts in first-seen order, which breaks ties between equal counts."""

    korean: dict[str, int] = field(default_factory=dict)
    english: dict[str, int] = field(default_factory=dict)
    hanzi: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    origins: dict[str, int] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    first_context: str = ""
    occurrences: int = 0


def tally(rows: Iterable[tuple]) -> tuple[dict[str, Evidence], dict[str, object]]:
    """Evidence per key from rows ``(key, korean, english, hanzi, type, origin, doc, first, n)`` in the
    order the occurrences came (``n``: how many occurrences the row stands for); ordinary Korean words
    written in Hanja are no evidence (see is_name).
    Returns the evidence and, per key, the ``first`` value of its first row (a context, or a rowid whose
    context the caller reads). Plain dicts and one tuple per key: this runs over every occurrence of a
    large glossary."""
    counts = Tally()
    counts.add(rows)
    return counts.result()


class Tally:
    """`tally` fed in parts, in order (a check counts each document's mentions as it reads them, instead of
    reading an archive's mentions back from disk once more); ``result`` is what tally returns."""

    def __init__(self) -> None:
        self.acc: dict[str, tuple] = {}

    def add(self, rows: Iterable[tuple]) -> None:
        acc = self.acc
        for key, korean, english, hanzi, type_, origin, doc, first, n in rows:
            if origin == "ko" and type_ not in KOREAN_NAME_TYPES:
                continue
            a = acc.get(key)
            if a is None:
                a = acc[key] = ({}, {}, {}, {}, {}, {}, first)
            kor, eng, han, typ, ori, docs, _ = a
            if korean:
                kor[korean] = kor.get(korean, 0) + n
            if english:
                eng[english] = eng.get(english, 0) + n
            if " " in hanzi:
                hanzi = "".join(hanzi.split())
            han[hanzi] = han.get(hanzi, 0) + n
            type_ = type_ or "ORG"
            typ[type_] = typ.get(type_, 0) + n
            origin = origin or "zh"
            ori[origin] = ori.get(origin, 0) + n
            docs[doc] = None  # first-seen order

    def result(self) -> tuple[dict[str, Evidence], dict[str, object]]:
        acc = self.acc
        evidence = {key: Evidence(kor, eng, han, typ, ori, list(docs), "", sum(han.values()))
                    for key, (kor, eng, han, typ, ori, docs, _) in acc.items()}
        return evidence, {key: a[6] for key, a in acc.items()}
