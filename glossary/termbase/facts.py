"""What the check's search for mentions without Hanzi needs of a document's own occurrences (DocFacts):
where each name is first given with Hanzi, and which lines write which spelling with them.

A module of its own because two stages make them: the extraction of a batch run computes them while it
writes the document's cache entry (termbase.cache: the check's workers then read these few rows of facts
instead of every occurrence again), and the check computes them itself for documents no run extracted
(check.search.read_rows). One class, so that both give the same facts.

Design: docs/check.md
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from glossary.base.hangul import compact
from glossary.extraction.record import PUBLIC_FIELDS, RECORD_FIELDS

# fields of an occurrence tuple (extract.PUBLIC_FIELDS, then the line where the Korean starts)
_LINE, _KOREAN, _HANZI, _KEY = (PUBLIC_FIELDS.index(f) for f in ("line", "korean", "hanzi", "key"))
_KOREAN_LINE = RECORD_FIELDS.index("korean_line")


@dataclass
class DocFacts:
    """A document's facts for the search of mentions without Hanzi (check.search)."""

    first_hanzi: dict[str, tuple[int, str]] = field(default_factory=dict)  # key → line, Hanzi of its first
    with_hanzi: set[tuple[int, str]] = field(default_factory=set)  # (line, compact spelling) with Hanzi

    def add(self, rows: Iterable[tuple]) -> DocFacts:
        """Take in occurrence tuples (RECORD_FIELDS order), in document order; returns self."""
        first_hanzi, with_hanzi = self.first_hanzi, self.with_hanzi
        for o in rows:
            key, line, korean = o[_KEY], o[_LINE], o[_KOREAN]
            if key not in first_hanzi:
                first_hanzi[key] = (line, o[_HANZI])
            if korean:
                spelling = compact(korean)
                with_hanzi.add((line, spelling))
                # 국가발전개혁위원회\n(国家发展…): the rendering's own line counts too
                with_hanzi.add((o[_KOREAN_LINE] or line, spelling))
        return self

    def dumps(self) -> tuple:
        """Core types only (marshal: the cache's format)."""
        return (self.first_hanzi, self.with_hanzi)

    @classmethod
    def loads(cls, value) -> DocFacts:
        """From `dumps`; ValueError if it is not such a value (a damaged or foreign cache entry)."""
        try:
            first_hanzi, with_hanzi = value
        except (TypeError, ValueError) as exc:
            raise ValueError("not a document's facts") from exc
        if not isinstance(first_hanzi, dict) or not isinstance(with_hanzi, (set, frozenset)):
            raise ValueError("not a document's facts")
        return cls(first_hanzi, with_hanzi if isinstance(with_hanzi, set) else set(with_hanzi))
