"""Benchmark: Hanzi candidates for Korean spellings (translit.reverse), per name after start-up. Prints figures;
not a test. Target: <= 20 ms per name.

Names: the Korean spellings of data/gold/reverse.tsv (persons, places, organisations, variants), each asked
cold (the per-spelling caches emptied before every round), so a round costs what new names cost. Baseline
beside each round, for the same wall time (bench/paired.py): the forward direction, `suggest` on the same
names' Hanzi without its cache. Start-up (the dictionary index: jieba's and CC-CEDICT's words by pinyin) is
timed on its own.
Usage: .venv/bin/python bench/bench_reverse.py [--rounds 5]

Figures: docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from paired import baseline_beside, timed

from glossary.translit import pinyin, reverse
from glossary.translit.lexicon import default_lexicon
from glossary.translit.suggest import _suggest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from eval_reverse import read_gold  # noqa: E402


def _big_glossary(n: int) -> list[reverse.KnownName]:
    """Person names of jieba's dictionary with their official Korean spelling: a large glossary."""
    _, posseg = pinyin._jieba()
    lex = default_lexicon()
    out = []
    for word, tag in posseg.dt.word_tag_tab.items():
        if tag == "nr" and 2 <= len(word) <= 3:
            sug = _suggest(word, lex, True)
            if sug.korean:
                out.append(reverse.KnownName(word, (sug.korean,), sug.pinyin))
                if len(out) >= n:
                    break
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    rows = read_gold(ROOT / "data/gold/reverse.tsv")
    korean = [r["korean"] for r in rows]
    hanzi = [r["hanzi"] for r in rows]
    pinyin._jieba()  # jieba's own start-up is the forward direction's too
    startup, _ = timed(reverse.dictionary)
    print(f"start-up (dictionary index): {startup:.2f} s")
    lex = default_lexicon()
    per_name: dict[str, list[float]] = {k: [] for k in korean}
    ratios = []
    for _ in range(args.rounds):
        reverse.span_readings.cache_clear()
        t_round = 0.0
        for k in korean:
            t, _ = timed(lambda k=k: reverse.candidates(k, limit=5))
            per_name[k].append(t)
            t_round += t
        base = baseline_beside(t_round, lambda: [_suggest(h, lex, None) for h in hanzi], min_runs=1)
        ratios.append(t_round / base)
    best = sorted(min(ts) * 1000 for ts in per_name.values())
    print(f"{len(korean)} names, {args.rounds} rounds; per name (best of the rounds): median "
          f"{statistics.median(best):.2f} ms, 90th percentile {best[int(len(best) * 0.9)]:.2f} ms, "
          f"max {best[-1]:.2f} ms   (target <= 20 ms)")
    cold = sorted(ts[0] * 1000 for ts in per_name.values())
    print(f"first round (every cache cold): median {statistics.median(cold):.2f} ms, 90th percentile "
          f"{cold[int(len(cold) * 0.9)]:.2f} ms, max {cold[-1]:.2f} ms")
    worst = sorted(((min(ts) * 1000, k) for k, ts in per_name.items()), reverse=True)[:3]
    print("slowest: " + ", ".join(f"{k} {ms:.1f} ms" for ms, k in worst))
    big = _big_glossary(50_000)
    t_index, names = timed(lambda: reverse.NameIndex(big))
    reverse.span_readings.cache_clear()
    with_glossary = sorted(timed(lambda k=k: reverse.candidates(k, limit=5, known=names))[0] * 1000 for k in korean)
    print(f"with a glossary of {len(big)} names (index built in {t_index:.2f} s): per name median "
          f"{statistics.median(with_glossary):.2f} ms, max {with_glossary[-1]:.2f} ms")
    print("ratio to the forward suggest on the same names, per round: "
          + ", ".join(f"{r:.0f}x" for r in ratios) + f"  (median {statistics.median(ratios):.0f}x)")


if __name__ == "__main__":
    main()
