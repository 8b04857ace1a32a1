"""Japanese readings of kanji, rendered in Hangul, for aligning Korean renderings of Japanese names.

町田徹 is written 마치다 토오루 and 蔭山 카게야마: neither Mandarin nor Sino-Korean explains them.
Readings come from Unihan (japanese_readings.tsv); romaji → Hangul from japanese_kana_hangul.tsv.
"""

from __future__ import annotations

import functools

from glossary.base.hangul import join, split
from glossary.base.resources import read_table
from glossary.translit import phonetic

MIN_SIMILARITY = 0.75


@functools.cache
def _kana() -> dict[str, str]:
    return {r["romaji"]: r["hangul"] for r in read_table("japanese_kana_hangul.tsv")}


@functools.cache
def _readings() -> dict[str, tuple[str, ...]]:
    return {r["char"]: tuple(r["readings"].split()) for r in read_table("japanese_readings.tsv")}


def _add_coda(text: list[str], coda: str) -> None:
    if text:
        o, v, c = split(text[-1])
        if not c:
            text[-1] = join(o, v, coda)
            return
    text.append({"ㄴ": "은", "ㅅ": ""}.get(coda, ""))


@functools.lru_cache(maxsize=65536)
def romaji_to_hangul(romaji: str) -> str:
    """Hepburn romaji → Hangul ('kageyama' → '카게야마', 'tooru' → '토오루', 'hattori' → '핫토리')."""
    kana = _kana()
    out: list[str] = []
    i, s = 0, romaji.lower()
    while i < len(s):
        if s[i] == "n" and (i + 1 == len(s) or s[i + 1] not in "aiueoy"):
            _add_coda(out, "ㄴ")
            i += 1
            continue
        if i + 1 < len(s) and s[i] == s[i + 1] and s[i] not in "aiueon":
            _add_coda(out, "ㅅ")  # double consonant (sokuon)
            i += 1
            continue
        for size in (3, 2, 1):
            piece = s[i : i + size]
            if piece in kana:
                out.append(kana[piece])
                i += size
                break
        else:
            i += 1
    return "".join(out)


_VOICED = (("k", "g"), ("s", "z"), ("sh", "j"), ("t", "d"), ("ch", "j"), ("ts", "z"), ("h", "b"), ("f", "b"),
           ("h", "p"))


def _variants(romaji: str) -> set[str]:
    """A reading, its long vowels shortened (myou → myo, tooru kept too) and its voiced form (ta → da:
    rendaku in compounds such as 町田 machida)."""
    out = {romaji, romaji.replace("ou", "o").replace("uu", "u").replace("oo", "o")}
    for plain, voiced in _VOICED:
        if romaji.startswith(plain):
            out |= {voiced + v[len(plain):] for v in list(out)}
    return out


@functools.lru_cache(maxsize=65536)
def _keys(ch: str) -> tuple[str, ...]:
    keys = []
    for reading in _readings().get(ch, ()):
        keys.extend(phonetic.key(romaji_to_hangul(v)) for v in sorted(_variants(reading)))
    return tuple(dict.fromkeys(keys))


@functools.lru_cache(maxsize=262144)
def similarity(ch: str, korean: str) -> float:
    """How closely a Korean piece renders one of the character's Japanese readings (0–1)."""
    return phonetic.best_similarity(korean, _keys(ch))


def matches(hanzi: str, i: int, korean: str, j: int) -> list[tuple[tuple[int, int], float]]:
    """((1, korean length), similarity) for each Korean piece at j that renders hanzi[i] by a Japanese reading."""
    ch = hanzi[i]
    if ch not in _readings():
        return []
    out = []
    for length in (1, 2, 3, 4):
        if j + length > len(korean):
            break
        sim = similarity(ch, korean[j : j + length])
        if sim >= MIN_SIMILARITY:
            out.append(((1, length), sim))
    return out
