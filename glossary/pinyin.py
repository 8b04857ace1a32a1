"""Hanzi → pinyin, phrase-aware (pypinyin), with surname readings for person names.

pypinyin reads 曾 as céng and 单 as dān; as surnames they are Zēng and Shàn. Whether a string is a
person name is decided from the surname table and jieba's part-of-speech tag (nr = person name).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping

from pypinyin import Style, lazy_pinyin, pinyin

from .resources import read_table

logging.getLogger("jieba").setLevel(logging.WARNING)
_PERSON_FLAGS = ("nr", "nrfg")  # not nrt: jieba tags transliterated foreign names (盖茨) nrt


@functools.cache
def surname_table() -> dict[str, tuple[str, ...]]:
    """Surname (one or two characters) → its pinyin syllables as a surname."""
    return {r["surname"]: tuple(r["pinyin"].split()) for r in read_table("surnames.tsv")}


def leading_surname(hanzi: str, extra: Mapping[str, tuple[str, ...]] | None = None) -> str | None:
    """The surname a string starts with (compound surnames first), or None."""
    table = {**surname_table(), **(extra or {})}
    for size in (2, 1):
        if len(hanzi) > size and hanzi[:size] in table:
            return hanzi[:size]
    return None


@functools.cache
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba, jieba.posseg


@functools.lru_cache(maxsize=65536)
def jieba_tags(hanzi: str) -> tuple[tuple[str, str], ...]:
    """jieba's segmentation of a Hanzi string with part-of-speech flags (nr, ns, nt, n, …)."""
    _, posseg = _jieba()
    return tuple((w.word, w.flag) for w in posseg.cut(hanzi))


def looks_like_person(hanzi: str, extra_surnames: Mapping[str, tuple[str, ...]] | None = None) -> bool:
    """A 2–4 character string starting with a surname that jieba tags as a person name, or does not
    know as an ordinary word (曾国藩, 单田芳 yes; 曾经, 单位, 区长 no)."""
    if not 2 <= len(hanzi) <= 4 or leading_surname(hanzi, extra_surnames) is None:
        return False
    jieba, _ = _jieba()
    tags = jieba_tags(hanzi)
    if len(tags) == 1:
        return tags[0][1] in _PERSON_FLAGS  # 乐视 is one token tagged n: a brand, read lè
    # split by jieba (区志/航) but not a dictionary word: a surname plus a one- or two-character given name
    return len(hanzi) <= 3 and not jieba.dt.FREQ.get(hanzi)


def syllables(hanzi: str) -> list[str | None]:
    """Pinyin (toneless, ü kept) per character; None for a character with no reading."""
    readings = [char_readings(ch) for ch in hanzi]
    if all(len(r) == 1 for r in readings):  # no polyphone: no phrase context needed (fast path)
        return [r[0] for r in readings]
    unknown = "\x00"
    items = lazy_pinyin(hanzi, style=Style.NORMAL, v_to_u=True, errors=lambda s: [unknown] * len(s))
    return [None if item == unknown else item for item in items]


def person_syllables(hanzi: str, extra_surnames: Mapping[str, tuple[str, ...]] | None = None) -> list[str | None]:
    """Pinyin of a person name: the surname takes its surname reading, the given name is read as usual."""
    surname = leading_surname(hanzi, extra_surnames)
    if surname is None:
        return syllables(hanzi)
    table = {**surname_table(), **(extra_surnames or {})}
    return [*table[surname], *syllables(hanzi[len(surname):])]


def surname_changes_reading(hanzi: str) -> bool:
    """True when the leading surname is read differently from the character's everyday reading (曾 zēng)."""
    surname = leading_surname(hanzi)
    if surname is None:
        return False
    return any(char_readings(ch)[:1] != (py,) for ch, py in zip(surname, surname_table()[surname]))


@functools.lru_cache(maxsize=65536)
def char_readings(ch: str) -> tuple[str, ...]:
    """Every Mandarin reading of one character (heteronyms), most common first."""
    found = pinyin(ch, style=Style.NORMAL, heteronym=True, v_to_u=True, errors=lambda s: [[]])
    return tuple(dict.fromkeys(r for r in found[0] if r)) if found and found[0] else ()
