"""Regenerate data/tables/korean_frequent_words.tsv from wordfreq's Korean word list.

Why: the check takes a word one syllable off a known name for a writer's slip of it (레이준 for 레이쥔)
only if the word is no word of its own. JHannanum's dictionary (read from konlpy) knows the Sino-Korean
and native vocabulary (선진, 장기, 한전), but not the loanwords and abbreviations of today's news (리스
'lease', 리더 'leader', 마인): wordfreq's list, made from subtitles, news, Wikipedia and the web, has
them. Only Hangul words of two to six syllables are kept, with their Zipf frequency.

wordfreq (Robyn Speer) is Apache-2.0; its word lists are CC BY-SA 4.0, and so is the derived table
(compatible with this project's GPL-3.0). wordfreq is needed only to run this script:
    pip install wordfreq && python scripts/build_korean_frequent_words.py
"""

from __future__ import annotations

import argparse
import math
import re
from pathlib import Path

WORD = re.compile("[가-힣]{2,6}")


def build() -> list[tuple[str, float]]:
    from wordfreq import get_frequency_dict  # the dictionary itself: its Korean tokenizer needs MeCab

    freq = get_frequency_dict("ko", "best")
    return sorted(((w, round(math.log10(f) + 9, 2)) for w, f in freq.items() if WORD.fullmatch(w)),
                  key=lambda r: (-r[1], r[0]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent.parent
    ap.add_argument("--out", type=Path, default=here / "data/tables/korean_frequent_words.tsv")
    args = ap.parse_args()
    rows = build()
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("# Korean words of two to six Hangul syllables in wordfreq's Korean list, with their Zipf frequency\n"
                 "# (log10 of uses per billion words). Derived by scripts/build_korean_frequent_words.py.\n"
                 "# wordfreq word lists: Robyn Speer et al., CC BY-SA 4.0; this table is CC BY-SA 4.0 too.\n"
                 "word\tzipf\n")
        fh.writelines(f"{w}\t{z}\n" for w, z in rows)
    print(f"wrote {len(rows)} words to {args.out}")


if __name__ == "__main__":
    main()
