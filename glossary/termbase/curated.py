"""Reviewers' decisions put to work in extraction: approved entries become jieba words with their type,
chosen Korean forms known renderings. In a form worker processes receive with each job (Curated), and
fingerprinted, so that the extraction cache never mixes results made under other decisions.

Design: docs/glossary-and-review.md
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from glossary.termbase.store import Store
from glossary.translit.lexicon import Lexicon

JIEBA_FLAGS = {"PERSON": "nr", "PLACE": "ns", "ORG": "nt", "MEDIA": "nt", "PRODUCT": "nz", "WORK": "nz",
               "OTHER": "nz"}


@dataclass(frozen=True)
class Curated:
    """What reviewers decided that extraction can use, in a form worker processes receive: approved
    entries as jieba words with their type flag, and chosen Korean forms as known renderings."""

    words: tuple[tuple[str, str], ...] = ()  # (key, jieba flag)
    names: tuple[tuple[str, str], ...] = ()  # (key, chosen Korean form)

    @property
    def fingerprint(self) -> str:
        """Part of the extraction cache key: a cached result made before other decisions is not reused."""
        if not self.words and not self.names:
            return ""
        return hashlib.sha256(repr((self.words, self.names)).encode("utf-8")).hexdigest()[:16]


def curated_spec(store: Store) -> Curated:
    """The approved entries of a glossary (see Curated)."""
    words, names = [], []
    for row in store.entries("approved"):
        words.append((row["key"], JIEBA_FLAGS.get(row["type"] or "", "nz")))
        if row["chosen_korean"]:
            names.append((row["key"], row["chosen_korean"]))
    return Curated(tuple(words), tuple(names))


# per process: (fingerprint, base lexicon, its version) → lexicon. The base itself is the key (hashed by
# identity, kept alive here), not its id(), which a later lexicon could reuse
_APPLIED: dict[tuple[str, Lexicon, int], Lexicon] = {}


def apply_curated(spec: Curated, lexicon: Lexicon | None = None) -> Lexicon:
    """Put the decisions to work in this process: approved entries go into jieba's user dictionary with
    their type (so 步步高 is no longer taken for a person), and a chosen Korean form becomes a known
    rendering (so a translation like 중국가맹점운영협회 aligns whole). Done once per process and spec."""
    from glossary.translit.lexicon import copy_lexicon, default_lexicon

    base = lexicon or default_lexicon()
    found = _APPLIED.get((spec.fingerprint, base, base.version))
    if found is not None:
        return found
    lex = copy_lexicon(base)
    for key, korean in spec.names:
        lex.add_name(key, korean, "customary", "glossary")
    lex.add_words(list(spec.words))
    _APPLIED[(spec.fingerprint, base, base.version)] = lex
    return lex
