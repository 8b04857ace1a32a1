"""Sino-Korean readings (한자음) of Han characters, from the Unihan-derived table.

Pre-1911 Chinese persons are written in these readings (欧阳修 구양수), and many Korean renderings
mix them with Mandarin sound (베이징상보 = 北京 by sound + 商报 by reading).

Design: docs/transliteration.md
"""

from __future__ import annotations

import functools

from glossary.base.han import fold, traditional
from glossary.base.hangul import apply_dueum
from glossary.base.resources import read_table


@functools.cache
def _table() -> dict[str, tuple[str, ...]]:
    return {r["char"]: tuple(r["readings"].split()) for r in read_table("sino_korean.tsv")}


def prepare() -> None:
    """Load the table now, before a document's text is read (see japanese.prepare for why)."""
    _table()


def readings(ch: str) -> tuple[str, ...]:
    """All Sino-Korean readings of one character, best first; () if none is known."""
    table = _table()
    found = table.get(ch)
    if found:
        return found
    for other in (traditional(ch), fold(ch)):
        if other in table:
            return table[other]
    return ()


def reading(hanzi: str, *, dueum: bool = True) -> str | None:
    """The Sino-Korean reading of a string (欧阳修 → 구양수); None if a character has none.

    The initial-sound law is applied to the first syllable (李白 → 이백), as Korean writes it.
    """
    out = []
    for ch in hanzi:
        found = readings(ch)
        if not found:
            return None
        out.append(found[0])
    text = "".join(out)
    return apply_dueum(text) if dueum else text


def missing(hanzi: str) -> list[str]:
    """Characters of a string that have no known reading."""
    return [ch for ch in hanzi if not readings(ch)]
