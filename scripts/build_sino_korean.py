"""Regenerate data/tables/sino_korean.tsv from Unicode's Unihan database.

Why: every simplified, traditional or Japanese form of a character needs its Sino-Korean reading
(人民日报 인민일보, 荘周 장주). Unihan's kHangul field covers mostly traditional characters, so the
reading of a character without one is taken from its traditional/semantic variants (Unihan_Variants)
and from OpenCC's s2t/jp2t conversions.

Input: Debian's `unicode-data` package (/usr/share/unicode/Unihan_*.txt.bz2) or --unihan DIR.
Usage: python scripts/build_sino_korean.py [--unihan /usr/share/unicode] [--out data/tables/sino_korean.tsv]
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

import opencc
from unihan_tables import open_unihan, write_table

_CP = re.compile(r"U\+([0-9A-F]+)")


def _rows(directory: Path, name: str, fields: set[str]):
    with open_unihan(directory, name) as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            cp, field, value = line.rstrip("\n").split("\t", 2)
            if field in fields:
                yield chr(int(cp[2:], 16)), field, value


def _dueum_forms(syllable: str) -> set[str]:
    """The initial-sound-law forms of a syllable (류 → 유, 녀 → 여, 락 → 낙)."""
    code = ord(syllable) - 0xAC00
    if not 0 <= code < 11172:
        return set()
    lead, rest = divmod(code, 588)
    vowel = rest // 28
    out = set()
    iotized = vowel in (2, 3, 6, 7, 12, 17, 20)  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ
    if lead == 5:  # ㄹ
        out.add(chr(0xAC00 + (11 if iotized else 2) * 588 + rest))
    if lead == 2 and iotized:  # ㄴ before i/y
        out.add(chr(0xAC00 + 11 * 588 + rest))
    return out


def rank_readings(value: str) -> list[str]:
    """Order kHangul readings: drop initial-sound-law duplicates, then education > KS X 1001 > name-only."""
    items = []
    for token in value.split():
        reading, _, source = token.partition(":")
        items.append((reading, source))
    readings = {r for r, _ in items}
    derived = {d for r in readings for d in _dueum_forms(r)}
    kept = [(r, s) for r, s in items if r not in derived] or items
    kept.sort(key=lambda rs: (-("E" in rs[1]), -("0" in rs[1]), ("N" in rs[1])))
    seen: list[str] = []
    for r, _ in kept:
        if r not in seen:
            seen.append(r)
    return seen


_YALE_ONSETS = {"": "ㅇ", "K": "ㄱ", "KK": "ㄲ", "N": "ㄴ", "T": "ㄷ", "TT": "ㄸ", "L": "ㄹ", "M": "ㅁ", "P": "ㅂ",
                "PP": "ㅃ", "S": "ㅅ", "SS": "ㅆ", "C": "ㅈ", "CC": "ㅉ", "CH": "ㅊ", "KH": "ㅋ", "TH": "ㅌ",
                "PH": "ㅍ", "H": "ㅎ"}
_YALE_VOWELS = {"A": "ㅏ", "AY": "ㅐ", "YA": "ㅑ", "YAY": "ㅒ", "E": "ㅓ", "EY": "ㅔ", "YE": "ㅕ", "YEY": "ㅖ",
                "O": "ㅗ", "WA": "ㅘ", "WAY": "ㅙ", "OY": "ㅚ", "YO": "ㅛ", "WU": "ㅜ", "WE": "ㅝ", "WEY": "ㅞ",
                "WI": "ㅟ", "YU": "ㅠ", "U": "ㅡ", "UY": "ㅢ", "I": "ㅣ"}
_YALE_CODAS = {"": "", "K": "ㄱ", "KK": "ㄲ", "N": "ㄴ", "T": "ㄷ", "L": "ㄹ", "M": "ㅁ", "P": "ㅂ", "S": "ㅅ",
               "NG": "ㅇ", "C": "ㅈ", "CH": "ㅊ", "TH": "ㅌ", "PH": "ㅍ", "H": "ㅎ"}
_ONSET_ORDER = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWEL_ORDER = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_CODA_ORDER = ["", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ", "ㅁ", "ㅂ",
               "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"]


def yale_to_hangul(word: str) -> str | None:
    """One Yale-romanised syllable of Unihan's kKorean field ('SANG') as Hangul ('상')."""
    for onset in sorted(_YALE_ONSETS, key=len, reverse=True):
        if not word.startswith(onset):
            continue
        rest = word[len(onset):]
        for vowel in sorted(_YALE_VOWELS, key=len, reverse=True):
            if rest.startswith(vowel) and rest[len(vowel):] in _YALE_CODAS:
                o = _ONSET_ORDER.index(_YALE_ONSETS[onset])
                v = _VOWEL_ORDER.index(_YALE_VOWELS[vowel])
                c = _CODA_ORDER.index(_YALE_CODAS[rest[len(vowel):]])
                return chr(0xAC00 + o * 588 + v * 28 + c)
    return None


def build(unihan: Path) -> dict[str, list[str]]:
    readings: dict[str, list[str]] = {}
    for ch, _, value in _rows(unihan, "Unihan_Readings.txt", {"kHangul"}):
        readings[ch] = rank_readings(value)
    for ch, _, value in _rows(unihan, "Unihan_Readings.txt", {"kKorean"}):
        if ch not in readings:  # some common characters (尚) have only the Yale romanisation
            found = [h for h in (yale_to_hangul(w) for w in value.split()) if h]
            if found:
                readings[ch] = list(dict.fromkeys(found))
    variants: dict[str, list[str]] = defaultdict(list)
    wanted = {"kTraditionalVariant", "kSemanticVariant", "kZVariant", "kSpecializedSemanticVariant",
              "kSimplifiedVariant"}
    order = ["kTraditionalVariant", "kZVariant", "kSemanticVariant", "kSpecializedSemanticVariant",
             "kSimplifiedVariant"]
    by_field: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for ch, field, value in _rows(unihan, "Unihan_Variants.txt", wanted):
        by_field[ch][field] = [chr(int(m, 16)) for m in _CP.findall(value)]
    for ch, fields in by_field.items():
        for f in order:
            variants[ch].extend(v for v in fields.get(f, []) if v != ch)
    s2t, jp2t = opencc.OpenCC("s2t"), opencc.OpenCC("jp2t")
    derived: dict[str, list[str]] = {}
    for ch in set(variants) | set(readings):
        trad = s2t.convert(ch)
        if ch in readings:
            if trad != ch and trad in readings:  # 机 is read as 機 기 in Chinese names, not as its own 궤
                own = [r for r in readings[ch] if r not in readings[trad]]
                derived[ch] = readings[trad] + own
            continue
        candidates = [s2t.convert(ch), jp2t.convert(ch), *variants.get(ch, [])]
        for cand in candidates:
            if cand != ch and cand in readings:
                derived[ch] = readings[cand]
                break
    readings.update(derived)
    return readings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--unihan", type=Path, default=Path("/usr/share/unicode"))
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "data/tables/sino_korean.tsv")
    args = ap.parse_args()
    table = build(args.unihan)
    write_table(args.out, [
        "Sino-Korean readings of Han characters, derived from Unicode's Unihan database",
        "(kHangul, kKorean, with variants folded) by scripts/build_sino_korean.py.",
        "Readings best-first, space-separated. Unicode data: Copyright © 1991-2022 Unicode, Inc.;",
        "Unicode License v3 (see data/tables/LICENSE-UNICODE).",
    ], table)


if __name__ == "__main__":
    main()
