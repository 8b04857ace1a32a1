"""A phonetic key and a distance for Korean spellings of Mandarin names.

Korean writers vary: tense or plain consonants (씽/싱), split vowels (지엔/젠, 시아오/샤오), ㅗ/ㅓ/ㅜ in
ou/ong (도인/더우인, 동/둥), 요우/유, 휘/후이, 쉔/쉬안, 셩/성. The key (rules in phonetic_key.tsv) folds
those, so variants of one name land on the same or a near key and different names stay apart.

Design: docs/transliteration.md
"""

from __future__ import annotations

import functools

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from glossary.base import caches
from glossary.base.hangul import is_syllable, split
from glossary.base.resources import read_table


@functools.cache
def _rules() -> tuple[dict[str, str], dict[str, str], dict[str, str], tuple[tuple[str, str], ...]]:
    onset, vowel, coda, rewrite = {}, {}, {}, []
    for r in read_table("phonetic_key.tsv"):
        target = {"onset": onset, "vowel": vowel, "coda": coda}.get(r["kind"])
        if target is not None:
            target[r["from"]] = r["to"]
        else:
            rewrite.append((r["from"], r["to"]))
    return onset, vowel, coda, tuple(rewrite)


@caches.lru("phonetic.syllable_key")
def syllable_key(ch: str) -> str:
    """The key of one Hangul syllable (no rewrites across syllables)."""
    if not is_syllable(ch):
        return ch.lower() if ch.isalnum() else ""
    onset_map, vowel_map, coda_map, _ = _rules()
    o, v, c = split(ch)
    return onset_map.get(o, "") + vowel_map.get(v, "") + coda_map.get(c, c)


@caches.lru("phonetic.key")
def key(text: str) -> str:
    """The phonetic key of a Korean spelling (spaces and punctuation ignored)."""
    raw = "".join(syllable_key(ch) for ch in text)
    for pattern, repl in _rules()[3]:
        raw = raw.replace(pattern, repl)
    return raw


_VOWEL_LETTERS = str.maketrans("", "", "aeiouy")


def consonants(key_text: str) -> str:
    """A key's consonant letters, in order: what the rewrite rules never change (they fold glides and
    vowels only), so two spellings with one key have one consonant skeleton."""
    return key_text.translate(_VOWEL_LETTERS)


@caches.lru("phonetic.syllable_consonants")
def syllable_consonants(ch: str) -> str:
    """One syllable's part of the consonant skeleton: the skeleton of a spelling is these, joined (with no
    rewrite to apply), which makes it a cheap first test of whether a word can have a known key."""
    return consonants(syllable_key(ch))


def distance(a: str, b: str) -> float:
    """Normalised edit distance (0 = same key, 1 = nothing in common) between two Korean spellings."""
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return 1.0
    return Levenshtein.normalized_distance(ka, kb)


def similarity(a: str, b: str) -> float:
    return 1.0 - distance(a, b)


def best_similarity(korean: str, target_keys: tuple[str, ...]) -> float:
    """Highest similarity (1 − normalised edit distance) between a spelling's key and any target key. The
    loop over the targets runs in rapidfuzz's C code (the aligner asks this some fifty times a new pair)."""
    if not target_keys:
        return 0.0
    best = process.extractOne(key(korean), target_keys, scorer=Levenshtein.normalized_similarity,
                              processor=None)
    return best[1] if best is not None else 0.0
