"""Regenerate data/tables/hangul_pinyin.tsv, the inverse of the official pinyin → Hangul table.

Why: a name written only in Korean (핀둬둬, 레이쥔) finds its Hanzi through the pinyin syllables its Hangul
can stand for (핀 ← pin, 둬 ← duo, 선 ← shen). The inverse is derived, never hand-written, so that it
cannot drift from the forward rules: every initial of pinyin_initials.tsv is put before every final of
pinyin_finals.tsv, the syllable is spelled as pinyin spells it (ju, xuan, yi, wu), and kept when the
forward rules parse it back to the same initial and final and it is a syllable Mandarin has (a reading in
pypinyin's character table). Its Hangul is the forward table's answer (translit.pinyin_hangul.to_hangul).
One Hangul spelling can stand for several syllables (지 ji zhi, 쓰 si); a syllable's Hangul can be two
syllables long (구이 gui, 샤오 xiao, 위안 yuan).

Usage: python scripts/build_hangul_pinyin.py [--out data/tables/hangul_pinyin.tsv]
Vectors: data/tables/hangul_pinyin_vectors.tsv (tests/test_suggest.py).
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from glossary.base.resources import read_table
from glossary.translit.pinyin_hangul import parse, to_hangul

HEADER = """# Hangul → the pinyin syllables it officially stands for: the inverse of pinyin_initials.tsv and
# pinyin_finals.tsv (외래어 표기법 표 7), derived by scripts/build_hangul_pinyin.py; do not edit by hand.
# A Hangul spelling of one or two syllables; its pinyin syllables, toneless, space-separated.
hangul\tpinyin
"""


def spelled(initial: str, final: str, alone: str) -> str:
    """The pinyin spelling of initial + final: the y/w spelling without initial, ü written u after j q x."""
    if not initial:
        return alone
    if initial in ("j", "q", "x") and final.startswith("ü"):
        return initial + "u" + final[1:]
    return initial + final


def real_syllables() -> set[str]:
    """Every toneless syllable that is a reading of some character in pypinyin's table."""
    from pypinyin.pinyin_dict import pinyin_dict

    from glossary.translit.pinyin import _toneless

    return {_toneless(r) for readings in pinyin_dict.values() for r in readings.split(",") if r}


def inverse() -> dict[str, list[str]]:
    """Hangul spelling → pinyin syllables (alphabetical), from the forward tables."""
    real = real_syllables()
    out: dict[str, list[str]] = defaultdict(list)
    initials = ["", *(r["initial"] for r in read_table("pinyin_initials.tsv"))]
    for r in read_table("pinyin_finals.tsv"):
        if r["final"] in ("m", "n", "ng"):  # interjections (呣 嗯), never in a name
            continue
        for initial in initials:
            syllable = spelled(initial, r["final"], r["spelled_alone"])
            if syllable not in real or parse(syllable) != (initial, r["final"]):
                continue
            hangul = to_hangul(syllable)
            if hangul and syllable not in out[hangul]:
                out[hangul].append(syllable)
    return {h: sorted(p) for h, p in sorted(out.items())}


def render() -> str:
    return HEADER + "".join(f"{h}\t{' '.join(p)}\n" for h, p in inverse().items())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent.parent / "data/tables/hangul_pinyin.tsv"
    ap.add_argument("--out", type=Path, default=default)
    args = ap.parse_args()
    args.out.write_text(render(), encoding="utf-8")
    print(f"{args.out}: {len(inverse())} Hangul spellings")


if __name__ == "__main__":
    main()
