"""Pinyin syllable → Hangul, by the National Institute of Korean Language's table.

The rules are the rows of three tables in data/tables (initials, finals, the palatal rule of the
중국어 표기 세칙); this module only parses a pinyin syllable and composes the Hangul they prescribe.
All valid syllables are expanded once into a dict, so a lookup costs one hash probe.

Design: docs/transliteration.md
"""

from __future__ import annotations

import functools
import unicodedata

from glossary.base.hangul import is_syllable, join, split
from glossary.base.resources import read_table

# y/w spellings of zero-initial syllables → the final they stand for
_ZERO_INITIAL: dict[str, str] = {}


@functools.cache
def _initials() -> dict[str, tuple[str, str]]:
    return {r["initial"]: (r["onset"], r["class"]) for r in read_table("pinyin_initials.tsv")}


@functools.cache
def _final_starts() -> dict[str, str]:
    return {r["initial"]: r["final_starts"] for r in read_table("pinyin_initials.tsv")}


@functools.cache
def _finals() -> dict[str, dict[str, str]]:
    finals = {}
    for r in read_table("pinyin_finals.tsv"):
        alone = r["alone"]
        after = r["after_initial"] or alone
        finals[r["final"]] = {"alone": alone, "after": after, "sibilant": r["after_sibilant"] or after,
                              "spelled": r["spelled_alone"]}
    return finals


@functools.cache
def _palatal() -> dict[tuple[str, str], str]:
    out = {}
    for r in read_table("hangul_palatal.tsv"):
        for onset in r["onsets"]:
            out[(onset, r["vowel"])] = r["becomes"]
    return out


def _strip_tone(syllable: str) -> str:
    """Lower-case, drop tone marks and digits, keep ü/ê (written also as v, u:, e^)."""
    s = syllable.strip().lower().replace("u:", "ü").replace("v", "ü").replace("e^", "ê")
    out = []
    for ch in unicodedata.normalize("NFD", s):
        if ch in "\u0308":  # diaeresis belongs to ü
            if out and out[-1] == "u":
                out[-1] = "ü"
            continue
        if ch == "\u0302":  # circumflex belongs to ê
            if out and out[-1] == "e":
                out[-1] = "ê"
            continue
        if unicodedata.category(ch) == "Mn" or ch.isdigit():
            continue
        out.append(ch)
    return "".join(out)


def parse(syllable: str) -> tuple[str, str] | None:
    """(initial, final) of a pinyin syllable in the table's terms, or None if it is not pinyin."""
    s = _strip_tone(syllable)
    finals = _finals()
    if not _ZERO_INITIAL:
        for final, forms in finals.items():
            _ZERO_INITIAL.setdefault(forms["spelled"], final)
    if s in _ZERO_INITIAL:
        return "", _ZERO_INITIAL[s]
    for initial in sorted(_initials(), key=len, reverse=True):
        if s.startswith(initial) and len(s) > len(initial):
            final = s[len(initial):]
            if _initials()[initial][1] == "palatal" and final.startswith("u"):
                final = "ü" + final[1:]  # ju, que, xuan, qun: u after j q x is ü
            elif final in ("iou", "uei", "uen"):
                final = {"iou": "iu", "uei": "ui", "uen": "un"}[final]
            allowed = _final_starts()[initial]
            if final not in finals or final[0] not in allowed:
                return None
            if _initials()[initial][1] == "sibilant" and final.startswith("i") and final != "i":
                return None
            return initial, final
    return None


def _compose(onset: str, written: str) -> str:
    """Put an onset on the first syllable of a final written with silent ㅇ, then apply the palatal rule."""
    first = written[0]
    _, vowel, coda = split(first)
    vowel = _palatal().get((onset, vowel), vowel)
    return join(onset, vowel, coda) + written[1:]


@functools.cache
def to_hangul(syllable: str) -> str | None:
    """Official Hangul for one pinyin syllable ('jian' → '젠', 'zhi' → '즈'); None if not pinyin."""
    parsed = parse(syllable)
    if parsed is None:
        return None
    initial, final = parsed
    forms = _finals()[final]
    if not initial:
        return forms["alone"]
    onset, klass = _initials()[initial]
    written = forms["sibilant"] if klass == "sibilant" else forms["after"]
    if not is_syllable(written[0]):
        return None
    return _compose(onset, written)


def syllables_to_hangul(syllables: list[str]) -> str | None:
    """Join the Hangul of several pinyin syllables; None if any of them is not pinyin."""
    parts = [to_hangul(s) for s in syllables]
    if any(p is None for p in parts):
        return None
    return "".join(parts)  # type: ignore[arg-type]
