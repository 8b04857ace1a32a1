"""Regenerate data/tables/korean_common_nouns.tsv from the Hannanum system dictionary shipped in konlpy.

Why: a Korean word glossed with Hanja (시정(施政), 구상권(求償權)) is an ordinary Korean word, not a
Chinese name, and jieba cannot tell (it tags 施政 as a person; 求償權 is no Chinese word at all). The
Korean dictionary can: the table lists the words JHannanum's dictionary tags as common nouns (nc*) and
never as proper nouns (nq*), of two or more syllables that all are Sino-Korean readings (only such a
word can be a plain reading of Hanzi). JHannanum (KAIST) is GPL-3.0, as konlpy and this project are.

Usage: python scripts/build_korean_nouns.py [--dic PATH] [--out ...]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import konlpy

from glossary.base.hangul import apply_dueum, is_syllable
from glossary.translit import sino


def build(dic: Path) -> list[str]:
    readings = {r for ch in sino._table() for base in sino.readings(ch) for r in (base, apply_dueum(base))}
    words = set()
    with open(dic, encoding="utf-8") as fh:
        for line in fh:
            word, *tags = line.rstrip("\n").split("\t")
            if len(word) < 2 or not all(is_syllable(c) and c in readings for c in word):
                continue
            if any(t.startswith("nc") for t in tags) and not any(t.startswith("nq") for t in tags):
                words.add(word)
    return sorted(words)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dic", type=Path, default=Path(konlpy.__file__).parent / "java/data/kE/dic_system.txt")
    here = Path(__file__).resolve().parent.parent
    ap.add_argument("--out", type=Path, default=here / "data/tables/korean_common_nouns.tsv")
    args = ap.parse_args()
    words = build(args.dic)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("# Korean common nouns made of Sino-Korean syllables: words that JHannanum's system dictionary\n"
                 "# (as shipped in konlpy) tags nc* and never nq*. Derived by scripts/build_korean_nouns.py.\n"
                 "# JHannanum: Copyright KAIST SWRC, GPL-3.0 (as this project).\n"
                 "word\n")
        fh.writelines(f"{w}\n" for w in words)
    print(f"wrote {len(words)} words to {args.out}")


if __name__ == "__main__":
    main()
