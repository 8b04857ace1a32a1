"""Sample sentences stored compactly: each one deflated on its own with the glossary's preset dictionary.

The three sentences kept per entry (what the term sheet and `show` print) were two fifths of a glossary:
a sentence of ~80 Korean syllables is ~240 bytes of UTF-8, and deflate alone saves little on so short a
text. With a preset dictionary made of the glossary's own first sentences (the words, particles and endings
its documents use), one sentence deflates to about half. Each sentence stays readable alone (a row is read
by its key, never a whole document's), and a sentence is written once and read often, so the work is on
writing: the compressor is primed with the dictionary once and copied for each sentence.

The dictionary is made once per glossary, from its first DICTIONARY_FROM bytes of sentences, and never
changes (every stored sentence depends on it); sentences stored before it are packed when it is made.
A stored context is a BLOB (packed) or TEXT (no dictionary yet, or an older glossary's).

Design: docs/glossary-and-review.md
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

WBITS = 14  # deflate window: 16 KB, the dictionary's size; a smaller state is copied faster per sentence
LEVEL = 5  # 6 packs 1 % smaller and takes a third longer (measured on a 200 MB archive's sentences)
MEM_LEVEL = 8
DICTIONARY_FROM = 1 << WBITS  # bytes of sentences a glossary gathers before its dictionary is made


def make_dictionary(contexts: Iterable[str]) -> bytes | None:
    """The preset dictionary from sentences (in the order they were stored), or None while they are fewer
    than DICTIONARY_FROM bytes."""
    text = "\n".join(c for c in contexts if c).encode("utf-8")
    if len(text) < DICTIONARY_FROM:
        return None
    return text[:DICTIONARY_FROM]


class Packer:
    """Packs and unpacks the sentences of one glossary (its dictionary, or None: stored as text)."""

    def __init__(self, dictionary: bytes | None) -> None:
        self.dictionary = dictionary
        self._primed = (zlib.compressobj(LEVEL, zlib.DEFLATED, -WBITS, MEM_LEVEL, zlib.Z_DEFAULT_STRATEGY,
                                         dictionary) if dictionary else None)

    def pack(self, context: str | None) -> bytes | str | None:
        if not context or self._primed is None:
            return context
        c = self._primed.copy()
        return c.compress(context.encode("utf-8")) + c.flush()

    def unpack(self, stored: bytes | str | None) -> str | None:
        if stored is None or isinstance(stored, str):
            return stored
        d = zlib.decompressobj(-WBITS, zdict=self.dictionary)
        return (d.decompress(stored) + d.flush()).decode("utf-8")
