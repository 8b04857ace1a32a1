"""Benchmark: `suggest` throughput (names/s) after start-up. Prints figures; not a test.

Baseline in the same run: pypinyin alone on the same names (the floor any suggestion pays).
Usage: .venv/bin/python bench/bench_suggest.py [--names N]
"""

from __future__ import annotations

import argparse
import random
import time

from pypinyin import lazy_pinyin

from glossary.sino import _table
from glossary.suggest import suggest


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--names", type=int, default=50000)
    args = ap.parse_args()
    chars = [c for c in _table() if "\u4e00" <= c <= "\u9fff"]
    rng = random.Random(7)
    names = ["".join(rng.choice(chars) for _ in range(rng.choice((2, 3, 4)))) for _ in range(args.names)]
    suggest("彭建真")  # start-up: tables, jieba, OpenCC
    t0 = time.perf_counter()
    for n in names:
        lazy_pinyin(n)
    base = time.perf_counter() - t0
    t0 = time.perf_counter()
    for n in names:
        suggest(n)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    for n in names:
        suggest(n)
    warm = time.perf_counter() - t0
    print(f"names: {len(names)} random 2-4 character strings")
    print(f"pypinyin alone:        {len(names) / base:10.0f} names/s")
    print(f"suggest (first pass):  {len(names) / cold:10.0f} names/s  ({cold / base:.1f}x pypinyin's time)")
    print(f"suggest (repeat pass): {len(names) / warm:10.0f} names/s  (target >= 20,000)")


if __name__ == "__main__":
    main()
