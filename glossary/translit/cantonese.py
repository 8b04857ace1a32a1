"""Cantonese readings of Hanzi, rendered in Hangul as Korean media write Hong Kong and Macau names.

리카싱 (李嘉誠), 렁춘잉 (梁振英), 창얌쿤 (曾蔭權): neither Mandarin nor Sino-Korean explains them; they follow
the Cantonese sound in Hong Kong's English romanisation. Readings come from Unihan's kCantonese
(cantonese_readings.tsv, derived by scripts/build_cantonese_readings.py); jyutping → Hangul variants from
jyutping_hangul.tsv. Alignment only: there is no official rule for Cantonese in 외래어 표기법.

Design: docs/transliteration.md
"""

from __future__ import annotations

import functools
import re

from glossary.base import caches
from glossary.base.hangul import join, split
from glossary.base.resources import read_table
from glossary.translit import phonetic

MIN_SIMILARITY = 0.8  # a Cantonese reading is a last resort: it must render the syllables closely
# …and counts less than a Mandarin sound it could stand for: 자오천잉 (赵振营) stays a misspelt Mandarin name
CANTONESE_WEIGHT = 0.6
MAX_SYLLABLES = 2  # the longest Korean piece matched against one character's reading
_GLIDE = {"j": {"ㅏ": "ㅑ", "ㅓ": "ㅕ", "ㅗ": "ㅛ", "ㅜ": "ㅠ", "ㅔ": "ㅖ"},
          "w": {"ㅏ": "ㅘ", "ㅓ": "ㅝ", "ㅗ": "ㅝ", "ㅣ": "ㅟ", "ㅔ": "ㅞ"}}


@functools.cache
def _table() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    initials, finals = {}, {}
    for r in read_table("jyutping_hangul.tsv"):
        (initials if r["kind"] == "initial" else finals)[r["part"]] = tuple(r["hangul"].split("|"))
    return initials, finals


@functools.cache
def _readings() -> dict[str, tuple[str, ...]]:
    return {r["char"]: tuple(r["readings"].split()) for r in read_table("cantonese_readings.tsv")}


def prepare() -> None:
    """Load the readings now, before a document's text is read (see japanese.prepare for why)."""
    _readings()
    _table()


_SPLIT = re.compile(r"^(gw|kw|ng|[bpmfdtnlgkhwzcsj])?(.+)$")


@caches.lru("cantonese.to_hangul")
def to_hangul(jyutping: str) -> tuple[str, ...]:
    """Hangul variants of one jyutping syllable (lei → 리, 레이; gaa → 가, 카)."""
    initials, finals = _table()
    m = _SPLIT.match(jyutping)
    if not m:
        return ()
    initial, final = m.group(1) or "", m.group(2)
    if final not in finals and initial == "ng" and not final:
        final = "ng"
    if final not in finals:
        return ()
    onsets = initials.get(initial, ("",)) if initial else ("",)
    out = []
    for onset in onsets:
        glide = onset[-1] if onset and onset[-1] in "jw" else ""
        consonant = onset[:-1] if glide else onset
        for form in finals[final]:
            first = split(form[0])
            vowel = _GLIDE.get(glide, {}).get(first[1], first[1]) if glide else first[1]
            out.append(join(consonant or "ㅇ", vowel, first[2]) + form[1:])
    return tuple(dict.fromkeys(out))


@caches.lru("cantonese.keys")
def _keys(ch: str) -> tuple[str, ...]:
    keys = []
    for reading in _readings().get(ch, ()):
        keys.extend(phonetic.key(h) for h in to_hangul(reading))
    return tuple(dict.fromkeys(keys))


def keys(ch: str) -> tuple[str, ...]:
    """The phonetic keys of the character's Cantonese readings in Hangul (what `similarity` compares against)."""
    return _keys(ch)


@caches.lru("cantonese.similarity")
def similarity(ch: str, korean: str) -> float:
    return phonetic.best_similarity(korean, _keys(ch))


def has_readings(ch: str) -> bool:
    """Whether the character has Cantonese readings (else `matches` finds nothing for it)."""
    return ch in _readings()


def matches(hanzi: str, i: int, korean: str, j: int) -> list[tuple[tuple[int, int], float]]:
    """((1, korean length), similarity) for each Korean piece at j that renders hanzi[i] by its Cantonese
    reading as Hong Kong romanises it."""
    ch = hanzi[i]
    if ch not in _readings():
        return []
    out = []
    for length in range(1, MAX_SYLLABLES + 1):
        if j + length > len(korean):
            break
        sim = similarity(ch, korean[j:j + length])
        if sim >= MIN_SIMILARITY:
            out.append(((1, length), sim * CANTONESE_WEIGHT))
    return out
