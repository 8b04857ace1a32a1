"""Benchmark: `suggest` throughput (names/s) after start-up. Prints figures; not a test.

Two name sets: realistic names (a surname from the surname table plus one or two of the 3,500 most
frequent characters of jieba's dictionary, and 2–4 character brand-like names from those characters),
and random strings over all 12,000+ characters with a reading (a worst case: nothing repeats).
Baseline in the same run: pypinyin's lazy_pinyin alone on the same names.
Usage: .venv/bin/python bench/bench_suggest.py [--names N]

Figures: docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter

from pypinyin import lazy_pinyin

from glossary.translit import pinyin
from glossary.translit.sino import _table
from glossary.translit.suggest import suggest


def common_chars(n: int) -> list[str]:
    jieba, _ = pinyin._jieba()
    freq: Counter = Counter()
    for word, count in jieba.dt.FREQ.items():
        if count:
            for ch in word:
                if "\u4e00" <= ch <= "\u9fff":
                    freq[ch] += count
    return [c for c, _ in freq.most_common(n)]


def run(label: str, names: list[str]) -> None:
    t0 = time.perf_counter()
    for n in names:
        lazy_pinyin(n)
    base = time.perf_counter() - t0
    t0 = time.perf_counter()
    for n in names:
        suggest(n)
    ours = time.perf_counter() - t0
    print(f"{label:32s} suggest {len(names) / ours:9.0f} names/s   pypinyin alone {len(names) / base:9.0f} names/s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--names", type=int, default=50000)
    args = ap.parse_args()
    suggest("单田芳")  # start-up: tables, jieba, OpenCC
    rng = random.Random(7)
    common = common_chars(3500)
    surnames = list(pinyin.surname_table())
    people = [rng.choice(surnames) + "".join(rng.choices(common, k=rng.choice((1, 2)))) for _ in range(args.names // 2)]
    brands = ["".join(rng.choices(common, k=rng.choice((2, 3, 4)))) for _ in range(args.names - len(people))]
    realistic = people + brands
    rng.shuffle(realistic)
    every = [c for c in _table() if "\u4e00" <= c <= "\u9fff"]
    random_names = ["".join(rng.choice(every) for _ in range(rng.choice((2, 3, 4)))) for _ in range(args.names)]
    print("target: >= 20,000 names/s after start-up")
    run(f"realistic names ({len(realistic)})", realistic)
    run(f"random characters ({len(random_names)})", random_names)


if __name__ == "__main__":
    main()
